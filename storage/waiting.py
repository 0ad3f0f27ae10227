"""Messages from groups not yet bound, and the bindings their titles suggest."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.timefmt import to_db


def keep(
    conn: sqlite3.Connection, inbox_id: int, platform: str, chat_id: str, now: datetime
) -> None:
    conn.execute(
        "INSERT INTO waiting_messages (inbox_id, platform, chat_id, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (inbox_id, platform, chat_id, to_db(now)),
    )


def take(conn: sqlite3.Connection, platform: str, chat_id: str) -> list[int]:
    """The waiting messages' inbox ids, oldest first, removed."""
    rows = conn.execute(
        "DELETE FROM waiting_messages WHERE platform = ? AND chat_id = ? RETURNING inbox_id",
        (platform, chat_id),
    ).fetchall()
    return sorted(int(r[0]) for r in rows)


def suggest(
    conn: sqlite3.Connection,
    platform: str,
    chat_id: str,
    title: str,
    building: str,
    unit: str,
    now: datetime,
) -> int | None:
    """A new suggestion's id; None when this chat had one already (cadres asked once)."""
    row = conn.execute(
        "INSERT INTO binding_suggestions (platform, chat_id, title, building, unit, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
        (platform, chat_id, title, building, unit, to_db(now)),
    ).fetchone()
    return int(row[0]) if row else None


def suggestion(
    conn: sqlite3.Connection, suggestion_id: int
) -> tuple[str, str, str, str, str] | None:
    """(platform, chat_id, title, building, unit) of a suggestion."""
    row = conn.execute(
        "SELECT platform, chat_id, title, building, unit FROM binding_suggestions WHERE id = ?",
        (suggestion_id,),
    ).fetchone()
    return (row[0], row[1], row[2], row[3], row[4]) if row else None
