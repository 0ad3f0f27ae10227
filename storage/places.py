"""Compounds, buildings, households and the group chats bound to buildings."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.rows import Group, Household
from storage.timefmt import to_db


def ensure_compound(
    conn: sqlite3.Connection, name: str, buildings: list[tuple[str, tuple[str, ...]]]
) -> int:
    conn.execute("INSERT INTO compounds (name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
    rows = list(conn.execute("SELECT id FROM compounds WHERE name = ?", (name,)).fetchall())
    compound_id = int(rows[0][0])
    for building, units in buildings:
        conn.execute(
            "INSERT INTO buildings (compound_id, name, units) VALUES (?, ?, ?)"
            " ON CONFLICT (compound_id, name) DO UPDATE SET units = excluded.units",
            (compound_id, building, ",".join(units)),
        )
    return compound_id


def household(
    conn: sqlite3.Connection,
    compound_id: int,
    building: str,
    unit: str | None,
    room: str,
    now: datetime,
) -> Household:
    """The household at this door, created on first sight."""
    key = (compound_id, building, unit or "", room)
    conn.execute(
        "INSERT INTO households (compound_id, building, unit, room, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (*key, to_db(now)),
    )
    row = conn.execute(
        "SELECT id, building, unit, room, phone FROM households"
        " WHERE compound_id = ? AND building = ? AND unit = ? AND room = ?",
        key,
    ).fetchone()
    return Household.model_validate(dict(row))


def bind_group(
    conn: sqlite3.Connection,
    compound_id: int,
    platform: str,
    chat_id: str,
    title: str,
    building: str,
    unit: str | None,
) -> None:
    conn.execute(
        "INSERT INTO groups (compound_id, platform, chat_id, title, building, unit)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id) DO UPDATE SET"
        " title = excluded.title, building = excluded.building, unit = excluded.unit",
        (compound_id, platform, chat_id, title, building, unit or ""),
    )


def group(conn: sqlite3.Connection, platform: str, chat_id: str) -> Group | None:
    row = conn.execute(
        "SELECT platform, chat_id, title, building, unit FROM groups"
        " WHERE platform = ? AND chat_id = ?",
        (platform, chat_id),
    ).fetchone()
    return Group.model_validate(dict(row)) if row else None


def remember_member(
    conn: sqlite3.Connection,
    platform: str,
    user_id: str,
    display_name: str,
    household_id: int,
) -> None:
    conn.execute(
        "INSERT INTO members (platform, user_id, display_name, household_id)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (platform, user_id) DO UPDATE SET"
        " display_name = excluded.display_name, household_id = excluded.household_id",
        (platform, user_id, display_name, household_id),
    )


def member_household(conn: sqlite3.Connection, platform: str, user_id: str) -> Household | None:
    row = conn.execute(
        "SELECT h.id, h.building, h.unit, h.room, h.phone FROM members m"
        " JOIN households h ON h.id = m.household_id"
        " WHERE m.platform = ? AND m.user_id = ?",
        (platform, user_id),
    ).fetchone()
    return Household.model_validate(dict(row)) if row else None
