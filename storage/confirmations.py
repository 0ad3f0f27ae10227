"""Changes that wait for the sender's 确认: which order, and since when."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Literal

from storage.timefmt import from_db, to_db

Action = Literal["cancel_order"]


def ask(
    conn: sqlite3.Connection,
    platform: str,
    chat_id: str,
    sender_id: str,
    action: Action,
    order_id: int,
    now: datetime,
) -> None:
    conn.execute(
        "INSERT INTO confirmations (platform, chat_id, sender_id, action, order_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id, sender_id) DO UPDATE SET"
        " action = excluded.action, order_id = excluded.order_id,"
        " created_at = excluded.created_at",
        (platform, chat_id, sender_id, action, order_id, to_db(now)),
    )


def take(
    conn: sqlite3.Connection, platform: str, chat_id: str, sender_id: str
) -> tuple[Action, int, datetime] | None:
    """The waiting change (action, order, asked at), removed; None when there is none."""
    row = conn.execute(
        "DELETE FROM confirmations WHERE platform = ? AND chat_id = ? AND sender_id = ?"
        " RETURNING action, order_id, created_at",
        (platform, chat_id, sender_id),
    ).fetchone()
    if row is None:
        return None
    return row[0], int(row[1]), from_db(row[2])


def waiting(conn: sqlite3.Connection, platform: str, chat_id: str, sender_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM confirmations WHERE platform = ? AND chat_id = ? AND sender_id = ?",
        (platform, chat_id, sender_id),
    ).fetchone()
    return row is not None
