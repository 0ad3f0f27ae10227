"""Help requests: category, urgency, owner and state."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.lifecycle import HelpState
from storage.rows import HelpRequest
from storage.timefmt import to_db


def insert(
    conn: sqlite3.Connection,
    household_id: int | None,
    inbox_id: int,
    category: str,
    urgency: int,
    owner: str | None,
    now: datetime,
) -> int:
    stamp = to_db(now)
    cur = conn.execute(
        "INSERT INTO help_requests (household_id, inbox_id, category, urgency, owner,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (household_id, inbox_id, category, urgency, owner, stamp, stamp),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def get(conn: sqlite3.Connection, request_id: int) -> HelpRequest | None:
    row = conn.execute(
        "SELECT id, household_id, category, urgency, status, owner FROM help_requests WHERE id = ?",
        (request_id,),
    ).fetchone()
    return HelpRequest.of(row) if row else None


def move(
    conn: sqlite3.Connection,
    request_id: int,
    current: HelpState,
    target: HelpState,
    now: datetime,
) -> bool:
    """Compare-and-set: True when this call moved the request from `current`."""
    cur = conn.execute(
        "UPDATE help_requests SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
        (target, to_db(now), request_id, current),
    )
    return cur.rowcount == 1
