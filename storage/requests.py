"""Help requests and the questions waiting for a cadre."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.rows import HelpRequest
from storage.timefmt import to_db


def insert_help(
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


def get_help(conn: sqlite3.Connection, request_id: int) -> HelpRequest | None:
    rows = list(
        conn.execute(
            "SELECT id, household_id, category, urgency, status, owner FROM help_requests"
            " WHERE id = ?",
            (request_id,),
        ).fetchall()
    )
    if not rows:
        return None
    r = rows[0]
    return HelpRequest(
        id=r[0], household_id=r[1], category=r[2], urgency=r[3], status=r[4], owner=r[5]
    )


def set_help_status(conn: sqlite3.Connection, request_id: int, status: str, now: datetime) -> None:
    conn.execute(
        "UPDATE help_requests SET status = ?, updated_at = ? WHERE id = ?",
        (status, to_db(now), request_id),
    )


def queue_question(conn: sqlite3.Connection, inbox_id: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO questions (inbox_id, created_at) VALUES (?, ?)", (inbox_id, to_db(now))
    )
    assert cur.lastrowid is not None
    return cur.lastrowid
