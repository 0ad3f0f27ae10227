"""Chats that change their id (a group upgraded to a supergroup), and updates that could
not be read."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.timefmt import to_db


def move(conn: sqlite3.Connection, platform: str, old: str, new: str, now: datetime) -> bool:
    """Everything tied to `old` now belongs to `new`; False when it was moved before."""
    cur = conn.execute(
        "INSERT INTO chat_moves (platform, old_chat, new_chat, moved_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (platform, old_chat) DO NOTHING",
        (platform, old, new, to_db(now)),
    )
    if cur.rowcount != 1:
        return False
    bound_new = conn.execute(
        "SELECT 1 FROM groups WHERE platform = ? AND chat_id = ?", (platform, new)
    ).fetchone()
    if bound_new is None:
        conn.execute(
            "UPDATE groups SET chat_id = ? WHERE platform = ? AND chat_id = ?", (new, platform, old)
        )
    else:
        conn.execute("DELETE FROM groups WHERE platform = ? AND chat_id = ?", (platform, old))
    conn.execute(
        "UPDATE outbox SET chat_id = ?, not_before = ? WHERE platform = ? AND chat_id = ?"
        " AND sent_at IS NULL AND dead_at IS NULL",
        (new, to_db(now), platform, old),
    )
    conn.execute(
        "UPDATE waiting_messages SET chat_id = ? WHERE platform = ? AND chat_id = ?",
        (new, platform, old),
    )
    # Keyed by (platform, chat_id, sender): one that meets a row already there for the new
    # chat gives way to it (that one is newer).
    moving = (new, platform, old)
    conn.execute(
        "UPDATE OR IGNORE drafts SET chat_id = ? WHERE platform = ? AND chat_id = ?", moving
    )
    conn.execute(
        "UPDATE OR IGNORE confirmations SET chat_id = ? WHERE platform = ? AND chat_id = ?", moving
    )
    conn.execute(
        "UPDATE OR IGNORE binding_suggestions SET chat_id = ? WHERE platform = ? AND chat_id = ?",
        moving,
    )
    conn.execute("DELETE FROM drafts WHERE platform = ? AND chat_id = ?", (platform, old))
    conn.execute("DELETE FROM confirmations WHERE platform = ? AND chat_id = ?", (platform, old))
    conn.execute(
        "DELETE FROM binding_suggestions WHERE platform = ? AND chat_id = ?", (platform, old)
    )
    return True


def moved_to(conn: sqlite3.Connection, platform: str, chat_id: str) -> str | None:
    """Where a chat went, following moves to the last one."""
    seen = {chat_id}
    current = chat_id
    while True:
        row = conn.execute(
            "SELECT new_chat FROM chat_moves WHERE platform = ? AND old_chat = ?",
            (platform, current),
        ).fetchone()
        if row is None or row[0] in seen:
            return current if current != chat_id else None
        current = row[0]
        seen.add(current)


def keep_unreadable(
    conn: sqlite3.Connection, platform: str, update_id: int, raw: str, error: str, now: datetime
) -> None:
    conn.execute(
        "INSERT INTO unreadable_updates (platform, update_id, raw, error, received_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, update_id) DO NOTHING",
        (platform, update_id, raw, error, to_db(now)),
    )


def unreadable(conn: sqlite3.Connection, platform: str) -> list[tuple[int, str, str]]:
    """(update id, raw JSON, error), oldest first."""
    rows = conn.execute(
        "SELECT update_id, raw, error FROM unreadable_updates WHERE platform = ?"
        " ORDER BY update_id",
        (platform,),
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]
