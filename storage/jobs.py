"""Scheduled occurrences that ran (or were missed), and the clock's marks."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Literal

from storage.rows import Batch, Notice, Waiting
from storage.timefmt import from_db, to_db

RunStatus = Literal["done", "missed"]


def _moment(moment: datetime) -> str:
    # Occurrences keep their microseconds: a job's next one is computed from the last.
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached storage")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def record(
    conn: sqlite3.Connection, job_id: str, occurrence: datetime, status: RunStatus, now: datetime
) -> bool:
    """False when this occurrence was recorded before: it must not run again."""
    cur = conn.execute(
        "INSERT INTO job_runs (job_id, occurrence, status, ran_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (job_id, _moment(occurrence), status, to_db(now)),
    )
    return cur.rowcount == 1


def last_runs(conn: sqlite3.Connection) -> dict[str, datetime]:
    """Each job's latest recorded occurrence."""
    rows = conn.execute("SELECT job_id, max(occurrence) FROM job_runs GROUP BY job_id")
    return {r[0]: from_db(r[1]) for r in rows}


def missed_since(conn: sqlite3.Connection, since: datetime) -> list[tuple[str, datetime]]:
    rows = conn.execute(
        "SELECT job_id, occurrence FROM job_runs WHERE status = 'missed' AND ran_at >= ?"
        " ORDER BY occurrence",
        (to_db(since),),
    )
    return [(r[0], from_db(r[1])) for r in rows]


def mark(conn: sqlite3.Connection, name: str, now: datetime) -> datetime:
    """The moment first recorded under `name` (recorded now if it was not)."""
    conn.execute(
        "INSERT INTO clock_marks (name, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (name, to_db(now)),
    )
    row = conn.execute("SELECT at FROM clock_marks WHERE name = ?", (name,)).fetchone()
    return from_db(row[0])


def notices_ahead(conn: sqlite3.Connection, compound_id: int, day: str) -> list[Notice]:
    """Test slots and delivery rounds from `day` on, and every daily message."""
    rows = conn.execute(
        "SELECT id, kind, building, day, starts, ends, place, text, created_at, every_minutes"
        " FROM notices WHERE compound_id = ? AND ((kind IN ('test', 'delivery') AND day >= ?)"
        " OR kind = 'daily') ORDER BY id",
        (compound_id, day),
    ).fetchall()
    return [Notice.of(r) for r in rows]


def waiting_help(conn: sqlite3.Connection) -> list[Waiting]:
    rows = conn.execute(
        "SELECT id, category, created_at, escalated, forwarded_at, hotline_at FROM help_requests"
        " WHERE status = 'open' ORDER BY id"
    ).fetchall()
    return [Waiting.of(r) for r in rows]


def waiting_questions(conn: sqlite3.Connection) -> list[Waiting]:
    rows = conn.execute(
        "SELECT id, created_at, escalated FROM questions WHERE status = 'open' ORDER BY id"
    ).fetchall()
    return [Waiting.of(r) for r in rows]


def escalate_help(conn: sqlite3.Connection, request_id: int, stage: int) -> bool:
    """Compare-and-set: the request, still open, goes up to `stage`."""
    cur = conn.execute(
        "UPDATE help_requests SET escalated = ? WHERE id = ? AND status = 'open' AND escalated < ?",
        (stage, request_id, stage),
    )
    return cur.rowcount == 1


def escalate_question(conn: sqlite3.Connection, question_id: int, stage: int) -> bool:
    cur = conn.execute(
        "UPDATE questions SET escalated = ? WHERE id = ? AND status = 'open' AND escalated < ?",
        (stage, question_id, stage),
    )
    return cur.rowcount == 1


def batch_at(conn: sqlite3.Connection, compound_id: int, cutoff_at: datetime) -> Batch | None:
    row = conn.execute(
        "SELECT id, cutoff_at, status FROM batches WHERE compound_id = ? AND cutoff_at = ?",
        (compound_id, to_db(cutoff_at)),
    ).fetchone()
    return Batch.of(row) if row else None


def escalated_help(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """(number, times re-sent) of help requests still open that were escalated."""
    rows = conn.execute(
        "SELECT id, escalated FROM help_requests WHERE escalated > 0"
        " AND status IN ('open', 'claimed') ORDER BY id"
    ).fetchall()
    return [(int(r[0]), int(r[1])) for r in rows]
