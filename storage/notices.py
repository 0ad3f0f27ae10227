"""Notices: test timetables per building, delivery rounds, free text."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.rows import Notice
from storage.timefmt import to_db


def insert(
    conn: sqlite3.Connection,
    compound_id: int,
    kind: str,
    text: str,
    now: datetime,
    *,
    building: str | None = None,
    day: str | None = None,
    starts: str | None = None,
    ends: str | None = None,
    place: str | None = None,
    every_minutes: int | None = None,
) -> int:
    cur = conn.execute(
        "INSERT INTO notices (compound_id, kind, building, day, starts, ends, place, text,"
        " created_at, every_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (compound_id, kind, building, day, starts, ends, place, text, to_db(now), every_minutes),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def get(conn: sqlite3.Connection, notice_id: int, kind: str) -> Notice | None:
    row = conn.execute(
        "SELECT id, kind, building, day, starts, ends, place, text FROM notices"
        " WHERE id = ? AND kind = ?",
        (notice_id, kind),
    ).fetchone()
    return Notice.of(row) if row else None


def update_slot(
    conn: sqlite3.Connection, notice_id: int, starts: str, ends: str, place: str | None
) -> bool:
    cur = conn.execute(
        "UPDATE notices SET starts = ?, ends = ?, place = COALESCE(?, place)"
        " WHERE id = ? AND kind = 'test'",
        (starts, ends, place, notice_id),
    )
    return cur.rowcount == 1


def delete(conn: sqlite3.Connection, notice_id: int) -> bool:
    return conn.execute("DELETE FROM notices WHERE id = ?", (notice_id,)).rowcount == 1


def of_day(conn: sqlite3.Connection, compound_id: int, kind: str, day: str) -> list[Notice]:
    """Every notice of `kind` on `day`, by start time then building."""
    rows = conn.execute(
        "SELECT id, kind, building, day, starts, ends, place, text FROM notices"
        " WHERE compound_id = ? AND kind = ? AND day = ? ORDER BY starts, building, id",
        (compound_id, kind, day),
    ).fetchall()
    return [Notice.of(r) for r in rows]


def for_day(
    conn: sqlite3.Connection, compound_id: int, kind: str, day: str, building: str | None
) -> list[Notice]:
    """Notices of `kind` on `day` for `building` (or the whole compound), latest first."""
    rows = conn.execute(
        "SELECT id, kind, building, day, starts, ends, place, text FROM notices"
        " WHERE compound_id = ? AND kind = ? AND day = ? AND (building IS NULL OR building = ?)"
        " ORDER BY id DESC",
        (compound_id, kind, day, building),
    ).fetchall()
    return [
        Notice(
            id=r[0],
            kind=r[1],
            building=r[2],
            day=r[3],
            starts=r[4],
            ends=r[5],
            place=r[6],
            text=r[7],
        )
        for r in rows
    ]


def of_kind(conn: sqlite3.Connection, compound_id: int, kind: str) -> list[Notice]:
    rows = conn.execute(
        "SELECT id, kind, building, day, starts, ends, place, text, created_at, every_minutes"
        " FROM notices WHERE compound_id = ? AND kind = ? ORDER BY id",
        (compound_id, kind),
    ).fetchall()
    return [Notice.of(r) for r in rows]
