"""Helpers shared by the parser tests (a plain module, so conftest stays as it is)."""

from __future__ import annotations

from functools import cache

from bot.catalog import default_catalog
from bot.messages import ContextMessage, ParsedMessage
from bot.parse import Parser


@cache
def parser() -> Parser:
    return Parser(default_catalog())


def parse(
    text: str, sender: str = "", chat: str = "", context: tuple[str, ...] = ()
) -> ParsedMessage:
    ctx = tuple(ContextMessage(sender="", text=t) for t in context)
    return parser().parse(text, sender=sender, chat=chat, context=ctx)


def door(msg: ParsedMessage) -> tuple[str | None, str | None, str | None] | None:
    if msg.address is None:
        return None
    return (msg.address.building, msg.address.unit, msg.address.room)


def goods(msg: ParsedMessage) -> list[tuple[str, float, str | None]]:
    return [(i.item, i.qty, i.unit) for i in msg.items]
