"""Received messages: stored once per (platform, chat, message id)."""

from __future__ import annotations

import sqlite3

from bot.messages import ContextMessage, IncomingMessage, Intent
from storage.timefmt import from_db, to_db


def insert(
    conn: sqlite3.Connection, msg: IncomingMessage, intent: Intent | None = None
) -> int | None:
    """The new row's id, or None when this message was stored before (a redelivery)."""
    cur = conn.execute(
        "INSERT INTO inbox (platform, chat_id, message_id, sender_id, sender_name, chat_title,"
        " chat_kind, text, received_at, intent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
            intent,
        ),
    )
    return cur.lastrowid if cur.rowcount == 1 else None


def recent(
    conn: sqlite3.Connection, platform: str, chat_id: str, limit: int
) -> list[ContextMessage]:
    """The chat's last `limit` messages, oldest first."""
    rows = conn.execute(
        "SELECT sender_name, text FROM inbox WHERE platform = ? AND chat_id = ?"
        " ORDER BY id DESC LIMIT ?",
        (platform, chat_id, limit),
    ).fetchall()
    return [ContextMessage(sender=r[0], text=r[1]) for r in reversed(list(rows))]


def count(conn: sqlite3.Connection) -> int:
    rows = conn.execute("SELECT COUNT(*) FROM inbox").fetchall()
    return int(next(iter(rows))[0])


def find(conn: sqlite3.Connection, platform: str, chat_id: str, message_id: str) -> int | None:
    row = conn.execute(
        "SELECT id FROM inbox WHERE platform = ? AND chat_id = ? AND message_id = ?",
        (platform, chat_id, message_id),
    ).fetchone()
    return int(row[0]) if row else None


def get(conn: sqlite3.Connection, inbox_id: int) -> IncomingMessage | None:
    """A stored message as it arrived, to handle it again (a group bound after it came)."""
    row = conn.execute(
        "SELECT platform, chat_id, chat_title, chat_kind, message_id, sender_id, sender_name,"
        " text, received_at FROM inbox WHERE id = ?",
        (inbox_id,),
    ).fetchone()
    if row is None:
        return None
    return IncomingMessage(
        platform=row[0],
        chat_id=row[1],
        chat_title=row[2],
        chat_kind=row[3],
        message_id=row[4],
        sender_id=row[5],
        sender_name=row[6],
        text=row[7],
        received_at=from_db(row[8]),
    )
