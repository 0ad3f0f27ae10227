"""Help requests: category, urgency, owner and state."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.lifecycle import HelpState
from storage.rows import HelpRequest, Placer
from storage.timefmt import to_db


def insert(
    conn: sqlite3.Connection,
    household_id: int | None,
    inbox_id: int,
    category: str,
    urgency: int,
    owner: str | None,
    placer: Placer,
    now: datetime,
) -> int:
    stamp = to_db(now)
    cur = conn.execute(
        "INSERT INTO help_requests (household_id, inbox_id, category, urgency, owner,"
        " placed_platform, placed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (household_id, inbox_id, category, urgency, owner, *placer, stamp, stamp),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def get(conn: sqlite3.Connection, request_id: int) -> HelpRequest | None:
    row = conn.execute(
        "SELECT r.id, r.household_id, r.inbox_id, r.category, r.urgency, r.status, r.owner,"
        " r.placed_platform, r.placed_by, h.building FROM help_requests r"
        " LEFT JOIN households h ON h.id = r.household_id WHERE r.id = ?",
        (request_id,),
    ).fetchone()
    return HelpRequest.of(row) if row else None


def move(
    conn: sqlite3.Connection,
    request_id: int,
    current: HelpState,
    target: HelpState,
    now: datetime,
    owner: str | None = None,
) -> bool:
    """Compare-and-set: True when this call moved the request from `current`; `owner`,
    when given, becomes who handles it."""
    cur = conn.execute(
        "UPDATE help_requests SET status = ?, updated_at = ?, owner = COALESCE(?, owner)"
        " WHERE id = ? AND status = ?",
        (target, to_db(now), owner, request_id, current),
    )
    return cur.rowcount == 1
