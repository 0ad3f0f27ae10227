"""Helpers shared by the parser tests (a plain module, so conftest stays as it is)."""

from __future__ import annotations

from functools import cache

from bot.catalog import default_catalog
from bot.messages import ContextMessage, ParsedMessage
from bot.parse import Parser

# The household the intent and goods tables speak for: a resident of building 3 posting
# in that building's own chat. Tests about doors name their own sender and chat.
SENDER = "3-2-501 王姐"
CHAT = "3号楼业主群"


@cache
def parser() -> Parser:
    return Parser(default_catalog())


def parse(
    text: str, sender: str = "", chat: str = "", context: tuple[str, ...] = ()
) -> ParsedMessage:
    ctx = tuple(ContextMessage(sender="", text=t) for t in context)
    return parser().parse(text, sender=sender, chat=chat, context=ctx)


def kind(text: str, sender: str = SENDER, chat: str = CHAT) -> tuple[str, str | None]:
    """Intent and help category of `text`, posted by `sender` in `chat`."""
    msg = parse(text, sender=sender, chat=chat)
    return msg.intent, msg.help


def door(msg: ParsedMessage) -> tuple[str | None, str | None, str | None] | None:
    if msg.address is None:
        return None
    return (msg.address.building, msg.address.unit, msg.address.room)


def goods(msg: ParsedMessage) -> list[tuple[str, float, str | None]]:
    return [(i.item, i.qty, i.unit) for i in msg.items]
