"""Help requests: category, urgency, owner and state."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
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


_SELECT = (
    "SELECT r.id, r.household_id, r.inbox_id, r.category, r.urgency, r.status, r.owner,"
    " r.placed_platform, r.placed_by, r.forwarded_at, h.building, h.unit, h.room, h.phone,"
    " h.flags AS notes"
    " FROM help_requests r LEFT JOIN households h ON h.id = r.household_id"
)


def get(conn: sqlite3.Connection, request_id: int) -> HelpRequest | None:
    row = conn.execute(_SELECT + " WHERE r.id = ?", (request_id,)).fetchone()
    return HelpRequest.of(row) if row else None


def open_in(conn: sqlite3.Connection, buildings: Iterable[str]) -> list[HelpRequest]:
    """Requests of these buildings' households that nobody has taken, oldest first."""
    rows = conn.execute(
        _SELECT + " WHERE r.status = 'open'"
        " AND h.building IN (SELECT value FROM json_each(?)) ORDER BY r.id",
        (json.dumps(list(buildings)),),
    ).fetchall()
    return [HelpRequest.of(r) for r in rows]


def release(conn: sqlite3.Connection, request_id: int, holder: str, now: datetime) -> bool:
    """Compare-and-set: the holder gives a taken request back to be taken again."""
    cur = conn.execute(
        "UPDATE help_requests SET status = 'open', owner = NULL, updated_at = ?"
        " WHERE id = ? AND status = 'claimed' AND owner = ?",
        (to_db(now), request_id, holder),
    )
    return cur.rowcount == 1


def release_all(conn: sqlite3.Connection, holder: str, now: datetime) -> list[int]:
    rows = conn.execute(
        "UPDATE help_requests SET status = 'open', owner = NULL, updated_at = ?"
        " WHERE owner = ? AND status = 'claimed' RETURNING id",
        (to_db(now), holder),
    ).fetchall()
    return sorted(r[0] for r in rows)


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


def forwarded(conn: sqlite3.Connection, request_id: int, now: datetime) -> bool:
    """Compare-and-set: True for the first forward that reached someone."""
    cur = conn.execute(
        "UPDATE help_requests SET forwarded_at = ? WHERE id = ? AND forwarded_at IS NULL",
        (to_db(now), request_id),
    )
    return cur.rowcount == 1


def hotline(conn: sqlite3.Connection, request_id: int, now: datetime) -> bool:
    """Compare-and-set: True the first time the resident is told to call the hotline."""
    cur = conn.execute(
        "UPDATE help_requests SET hotline_at = ? WHERE id = ? AND hotline_at IS NULL"
        " AND forwarded_at IS NULL",
        (to_db(now), request_id),
    )
    return cur.rowcount == 1


def unreached(conn: sqlite3.Connection) -> list[int]:
    rows = conn.execute(
        "SELECT id FROM help_requests WHERE hotline_at IS NOT NULL AND forwarded_at IS NULL"
        " AND status = 'open' ORDER BY id"
    ).fetchall()
    return [int(r[0]) for r in rows]
