"""Households: one per door of the compound."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.rows import Household
from storage.timefmt import to_db

_COLUMNS = "id, building, unit, room, phone"


def at_door(
    conn: sqlite3.Connection,
    compound_id: int,
    building: str,
    unit: str,
    room: str,
    now: datetime,
) -> Household:
    """The household at this door, created on first sight."""
    key = (compound_id, building, unit, room)
    # New doors are the common case when this is asked (known ones are cached): one
    # statement for them, a second only when the door was stored before.
    row = conn.execute(
        "INSERT INTO households (compound_id, building, unit, room, created_at)"
        f" VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING {_COLUMNS}",
        (*key, to_db(now)),
    ).fetchone()
    if row is not None:
        return Household.of(row)
    found = find(conn, *key)
    assert found is not None
    return found


def find(
    conn: sqlite3.Connection, compound_id: int, building: str, unit: str, room: str
) -> Household | None:
    """The household at this door if one was stored; creates nothing."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM households"
        " WHERE compound_id = ? AND building = ? AND unit = ? AND room = ?",
        (compound_id, building, unit, room),
    ).fetchone()
    return Household.of(row) if row else None


def update_roster(
    conn: sqlite3.Connection,
    household_id: int,
    name: str,
    phone: str | None,
    headcount: int | None,
    flags: str,
) -> None:
    """What a roster says of a household; a blank phone, name or count keeps the stored one."""
    conn.execute(
        "UPDATE households SET contact_name = CASE WHEN ? = '' THEN contact_name ELSE ? END,"
        " phone = coalesce(?, phone), headcount = coalesce(?, headcount), flags = ?"
        " WHERE id = ?",
        (name, name, phone, headcount, flags, household_id),
    )


def fill_phone(conn: sqlite3.Connection, household_id: int, phone: str) -> None:
    """An order's contact phone, kept only where the household has none yet."""
    conn.execute(
        "UPDATE households SET phone = ? WHERE id = ? AND phone IS NULL", (phone, household_id)
    )
