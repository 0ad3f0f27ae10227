"""Platform users and the household each one belongs to."""

from __future__ import annotations

import sqlite3

from storage.rows import Household


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
