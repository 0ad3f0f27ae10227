"""Changes that wait for the sender's 确认: which order, and since when."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from storage.timefmt import from_db, to_db

Action = Literal["cancel_order", "remove_items"]


def ask(
    conn: sqlite3.Connection,
    platform: str,
    chat_id: str,
    sender_id: str,
    action: Action,
    order_id: int,
    now: datetime,
    names: tuple[str, ...] = (),
) -> None:
    conn.execute(
        "INSERT INTO confirmations (platform, chat_id, sender_id, action, order_id, detail,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id, sender_id)"
        " DO UPDATE SET action = excluded.action, order_id = excluded.order_id,"
        " detail = excluded.detail, created_at = excluded.created_at",
        (platform, chat_id, sender_id, action, order_id, json.dumps(names), to_db(now)),
    )


@dataclass(frozen=True)
class Waiting:
    action: Action
    order_id: int
    asked_at: datetime
    names: tuple[str, ...]


def take(conn: sqlite3.Connection, platform: str, chat_id: str, sender_id: str) -> Waiting | None:
    """The waiting change, removed; None when there is none."""
    row = conn.execute(
        "DELETE FROM confirmations WHERE platform = ? AND chat_id = ? AND sender_id = ?"
        " RETURNING action, order_id, created_at, detail",
        (platform, chat_id, sender_id),
    ).fetchone()
    if row is None:
        return None
    return Waiting(row[0], int(row[1]), from_db(row[2]), tuple(json.loads(row[3])))


def waiting(conn: sqlite3.Connection, platform: str, chat_id: str, sender_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM confirmations WHERE platform = ? AND chat_id = ? AND sender_id = ?",
        (platform, chat_id, sender_id),
    ).fetchone()
    return row is not None
