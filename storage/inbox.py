"""Received messages: stored once per (platform, chat, message id)."""

from __future__ import annotations

import aiosqlite

from bot.messages import ContextMessage, IncomingMessage, Intent
from storage.timefmt import to_db


async def insert(conn: aiosqlite.Connection, msg: IncomingMessage) -> int | None:
    """The new row's id, or None when this message was stored before (a redelivery)."""
    cur = await conn.execute(
        "INSERT INTO inbox (platform, chat_id, message_id, sender_id, sender_name, chat_title,"
        " chat_kind, text, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (platform, chat_id, message_id) DO NOTHING",
        (
            msg.platform,
            msg.chat_id,
            msg.message_id,
            msg.sender_id,
            msg.sender_name,
            msg.chat_title,
            msg.chat_kind,
            msg.text,
            to_db(msg.received_at),
        ),
    )
    return cur.lastrowid if cur.rowcount == 1 else None


async def set_intent(conn: aiosqlite.Connection, inbox_id: int, intent: Intent) -> None:
    await conn.execute("UPDATE inbox SET intent = ? WHERE id = ?", (intent, inbox_id))


async def recent(
    conn: aiosqlite.Connection, platform: str, chat_id: str, limit: int
) -> list[ContextMessage]:
    """The chat's last `limit` messages, oldest first."""
    rows = await conn.execute_fetchall(
        "SELECT sender_name, text FROM inbox WHERE platform = ? AND chat_id = ?"
        " ORDER BY id DESC LIMIT ?",
        (platform, chat_id, limit),
    )
    return [ContextMessage(sender=r[0], text=r[1]) for r in reversed(list(rows))]


async def count(conn: aiosqlite.Connection) -> int:
    rows = await conn.execute_fetchall("SELECT COUNT(*) FROM inbox")
    return int(next(iter(rows))[0])
