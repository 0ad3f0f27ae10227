"""Cadre commands. Cadres' plain messages read as notices, so their actions are commands."""

from __future__ import annotations

import re

from bot import texts
from bot.messages import Reply
from bot.router import Command, Router
from bot.turn import Turn
from handlers import tracking
from storage import audit

_NUMBER = re.compile(r"#?\s*(\d+)")


def cancel(turn: Turn, args: str) -> list[Reply]:
    """取消 12 / /cancel 12: a cadre may cancel any household's open order."""
    m = _NUMBER.search(args)
    if m is None:
        # A notice that merely starts with 取消 is not a command gone wrong.
        slash = turn.msg.text.lstrip().startswith(("/", "／"))
        return [turn.reply(texts.CANCEL_USAGE)] if slash else []
    turn.parsed = turn.parsed.model_copy(update={"intent": "cancel", "ref": m.group(1)})
    replies = tracking.on_cancel(turn)
    audit.record(turn.conn, turn.now, turn.msg.sender_id, "cancel_order", m.group(1))
    return replies


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("cancel", "取消"), handler=cancel, role="cadre", description=texts.COMMAND_CANCEL
        )
    )
