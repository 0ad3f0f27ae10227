"""Questions the bot could not answer, waiting for a cadre."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.rows import WaitingQuestion
from storage.timefmt import to_db


def queue(conn: sqlite3.Connection, inbox_id: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO questions (inbox_id, created_at) VALUES (?, ?)", (inbox_id, to_db(now))
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def get(conn: sqlite3.Connection, question_id: int) -> WaitingQuestion | None:
    row = conn.execute(
        "SELECT q.id, q.status, i.id AS inbox_id FROM questions q"
        " JOIN inbox i ON i.id = q.inbox_id WHERE q.id = ?",
        (question_id,),
    ).fetchone()
    return WaitingQuestion.of(row) if row else None


def answer(conn: sqlite3.Connection, question_id: int) -> bool:
    """Compare-and-set: True when this call marked the open question answered."""
    cur = conn.execute(
        "UPDATE questions SET status = 'answered' WHERE id = ? AND status = 'open'",
        (question_id,),
    )
    return cur.rowcount == 1
