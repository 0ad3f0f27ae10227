"""What the summary counts: a batch by state and by building, open help requests, and
questions still waiting. Aggregates in SQL, so the cost is that of one batch."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.rows import Household
from storage.timefmt import from_db, to_db


def batch_states(conn: sqlite3.Connection, batch_id: int) -> dict[str, int]:
    rows = conn.execute(
        "SELECT status, COUNT(*) FROM orders WHERE batch_id = ? GROUP BY status", (batch_id,)
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def batch_buildings(conn: sqlite3.Connection, batch_id: int) -> dict[str, int]:
    rows = conn.execute(
        "SELECT h.building, COUNT(*) FROM orders o JOIN households h ON h.id = o.household_id"
        " WHERE o.batch_id = ? AND o.status != 'cancelled' GROUP BY h.building",
        (batch_id,),
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def open_help(conn: sqlite3.Connection) -> list[tuple[int, str, datetime]]:
    """(number, category, since) of help requests open or taken, oldest first."""
    rows = conn.execute(
        "SELECT id, category, created_at FROM help_requests"
        " WHERE status IN ('open', 'claimed') ORDER BY id"
    ).fetchall()
    return [(int(r[0]), r[1], from_db(r[2])) for r in rows]


def waiting_questions(
    conn: sqlite3.Connection, limit: int
) -> tuple[int, list[tuple[int, datetime]]]:
    """How many questions wait, and the oldest `limit` of them (number, since)."""
    total = int(conn.execute("SELECT COUNT(*) FROM questions WHERE status = 'open'").fetchone()[0])
    rows = conn.execute(
        "SELECT id, created_at FROM questions WHERE status = 'open' ORDER BY id LIMIT ?",
        (limit,),
    ).fetchall()
    return total, [(int(r[0]), from_db(r[1])) for r in rows]


def quiet_flagged(conn: sqlite3.Connection, compound_id: int, since: datetime) -> list[Household]:
    """Special households (elderly alone, isolation…) nobody heard from and nothing was
    delivered to since `since`: someone should knock."""
    stamp = to_db(since)
    rows = conn.execute(
        "SELECT h.id, h.building, h.unit, h.room, h.phone FROM households h"
        " WHERE h.compound_id = ? AND h.flags != ''"
        " AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.household_id = h.id"
        "   AND o.delivered_at >= ?)"
        " AND NOT EXISTS (SELECT 1 FROM members m JOIN inbox i"
        "   ON i.platform = m.platform AND i.sender_id = m.user_id"
        "   WHERE m.household_id = h.id AND i.received_at >= ?)"
        " ORDER BY h.building, h.unit, h.room",
        (compound_id, stamp, stamp),
    ).fetchall()
    return [Household.of(r) for r in rows]
