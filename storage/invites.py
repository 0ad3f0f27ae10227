"""One-time invite codes: a role and buildings, used once before they expire."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.messages import StaffRole
from storage.members import join_buildings, split_buildings
from storage.rows import Invite
from storage.timefmt import to_db


def add(
    conn: sqlite3.Connection,
    code: str,
    role: StaffRole,
    buildings: tuple[str, ...],
    platform: str,
    created_by: str,
    now: datetime,
    expires_at: datetime,
) -> bool:
    """False when the code is taken already (the caller draws another)."""
    cur = conn.execute(
        "INSERT INTO invites (code, role, buildings, created_platform, created_by, created_at,"
        " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
        (
            code,
            role,
            join_buildings(buildings),
            platform,
            created_by,
            to_db(now),
            to_db(expires_at),
        ),
    )
    return cur.rowcount == 1


def get(conn: sqlite3.Connection, code: str) -> Invite | None:
    row = conn.execute(
        "SELECT code, role, buildings, created_platform, created_by, expires_at, used_by"
        " FROM invites WHERE code = ?",
        (code,),
    ).fetchone()
    return Invite.of(row, buildings=split_buildings(row["buildings"])) if row else None


def use(conn: sqlite3.Connection, code: str, platform: str, user_id: str, now: datetime) -> bool:
    """Compare-and-set: the code is used now, once, and only before it expires."""
    cur = conn.execute(
        "UPDATE invites SET used_platform = ?, used_by = ?, used_at = ?"
        " WHERE code = ? AND used_by IS NULL AND expires_at > ?",
        (platform, user_id, to_db(now), code, to_db(now)),
    )
    return cur.rowcount == 1


def unused(conn: sqlite3.Connection, now: datetime) -> int:
    row = conn.execute(
        "SELECT count(*) FROM invites WHERE used_by IS NULL AND expires_at > ?", (to_db(now),)
    ).fetchone()
    return int(row[0])
