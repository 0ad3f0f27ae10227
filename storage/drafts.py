"""Orders written without an address, kept until the same sender gives one."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from bot.messages import ParsedItem
from storage.timefmt import to_db


def save(
    conn: sqlite3.Connection,
    platform: str,
    chat_id: str,
    sender_id: str,
    inbox_id: int,
    items: tuple[ParsedItem, ...],
    now: datetime,
) -> None:
    payload = json.dumps([it.model_dump() for it in items], ensure_ascii=False)
    conn.execute(
        "INSERT INTO drafts (platform, chat_id, sender_id, inbox_id, items, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id, sender_id) DO UPDATE SET"
        " inbox_id = excluded.inbox_id, items = excluded.items, created_at = excluded.created_at",
        (platform, chat_id, sender_id, inbox_id, payload, to_db(now)),
    )


def take(
    conn: sqlite3.Connection, platform: str, chat_id: str, sender_id: str
) -> tuple[int, tuple[ParsedItem, ...]] | None:
    """The waiting draft's inbox id and items, removed; None when there is none."""
    rows = list(
        conn.execute(
            "DELETE FROM drafts WHERE platform = ? AND chat_id = ? AND sender_id = ?"
            " RETURNING inbox_id, items",
            (platform, chat_id, sender_id),
        ).fetchall()
    )
    if not rows:
        return None
    items = tuple(ParsedItem.model_validate(d) for d in json.loads(rows[0][1]))
    return int(rows[0][0]), items
