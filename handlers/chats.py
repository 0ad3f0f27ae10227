"""What a platform says about its chats rather than in them: a group that moved to a new id,
an update its client could not read."""

from __future__ import annotations

import logging

from bot.context import Context
from bot.messages import Platform

log = logging.getLogger(__name__)


def move(ctx: Context, platform: Platform, old: str, new: str, cursor: int | None = None) -> None:
    """A group upgraded to a supergroup: its binding, its waiting orders and the replies
    not yet sent follow it to the new id."""
    if cursor is not None:
        ctx.store.save_cursor(platform, cursor)
    if old == new or not ctx.store.move_chat(platform, old, new, ctx.now):
        return
    ctx.audit("chat_moved", old, new)
    log.info("%s chat %s moved to %s; its binding and queued replies follow", platform, old, new)


def keep_unreadable(ctx: Context, platform: Platform, update_id: int, raw: str, error: str) -> None:
    """Kept whole for a person; the cursor passes it so the updates after it are read."""
    ctx.store.keep_unreadable(platform, update_id, raw, error, ctx.now)
    ctx.store.save_cursor(platform, update_id)
