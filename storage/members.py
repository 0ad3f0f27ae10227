"""Platform users and the household each one belongs to."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.messages import Role, StaffRole
from storage.rows import Household, Member
from storage.timefmt import to_db


def remember(
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


def household_of(conn: sqlite3.Connection, platform: str, user_id: str) -> Household | None:
    row = conn.execute(
        "SELECT h.id, h.building, h.unit, h.room, h.phone FROM members m"
        " JOIN households h ON h.id = m.household_id"
        " WHERE m.platform = ? AND m.user_id = ?",
        (platform, user_id),
    ).fetchone()
    return Household.of(row) if row else None


_MEMBER = (
    "SELECT platform, user_id, display_name, role, buildings, role_source, lent_role,"
    " lent_buildings, lent_until FROM members"
)


def _member(row: sqlite3.Row) -> Member:
    return Member.of(
        row,
        buildings=split_buildings(row["buildings"]),
        lent_buildings=split_buildings(row["lent_buildings"]),
    )


def split_buildings(text: str) -> tuple[str, ...]:
    return tuple(b for b in text.split(",") if b)


def join_buildings(buildings: tuple[str, ...]) -> str:
    return ",".join(buildings)


def get(conn: sqlite3.Connection, platform: str, user_id: str) -> Member | None:
    row = conn.execute(
        _MEMBER + " WHERE platform = ? AND user_id = ?", (platform, user_id)
    ).fetchone()
    return _member(row) if row else None


def staff(conn: sqlite3.Connection, platform: str | None = None) -> list[Member]:
    """Everyone with a role of their own or a lent one (lapsed loans included)."""
    rows = conn.execute(
        _MEMBER + " WHERE (role != 'resident' OR lent_role IS NOT NULL)"
        " AND (? IS NULL OR platform = ?) ORDER BY platform, display_name, user_id",
        (platform, platform),
    ).fetchall()
    return [_member(r) for r in rows]


def named(conn: sqlite3.Connection, platform: str, name: str) -> list[Member]:
    """Members known on this platform by this display name or id."""
    rows = conn.execute(
        _MEMBER + " WHERE platform = ? AND (display_name = ? OR user_id = ?) ORDER BY user_id",
        (platform, name, name),
    ).fetchall()
    return [_member(r) for r in rows]


def set_role(
    conn: sqlite3.Connection,
    platform: str,
    user_id: str,
    display_name: str | None,
    role: Role,
    buildings: tuple[str, ...],
    source: str,
) -> None:
    """The member's own role; a name of None keeps the name already stored."""
    conn.execute(
        "INSERT INTO members (platform, user_id, display_name, role, buildings, role_source)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, user_id) DO UPDATE SET"
        " display_name = coalesce(?, display_name), role = excluded.role,"
        " buildings = excluded.buildings, role_source = excluded.role_source",
        (
            platform,
            user_id,
            display_name or user_id,
            role,
            join_buildings(buildings),
            source,
            display_name,
        ),
    )


def lend(
    conn: sqlite3.Connection,
    platform: str,
    user_id: str,
    display_name: str,
    role: StaffRole | None,
    buildings: tuple[str, ...],
    until: datetime | None,
) -> None:
    """Lend a role until a moment (None clears a loan)."""
    conn.execute(
        "INSERT INTO members (platform, user_id, display_name, lent_role, lent_buildings,"
        " lent_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, user_id) DO UPDATE SET"
        " lent_role = excluded.lent_role, lent_buildings = excluded.lent_buildings,"
        " lent_until = excluded.lent_until",
        (
            platform,
            user_id,
            display_name,
            role,
            join_buildings(buildings),
            to_db(until) if until else None,
        ),
    )


def sender_named(conn: sqlite3.Connection, platform: str, name: str) -> list[tuple[str, str]]:
    """(user id, name) of whoever posted under this name: people never stored as members."""
    rows = conn.execute(
        "SELECT DISTINCT sender_id, sender_name FROM inbox"
        " WHERE platform = ? AND (sender_name = ? OR sender_id = ?) ORDER BY sender_id",
        (platform, name, name),
    ).fetchall()
    return [(r[0], r[1]) for r in rows]
