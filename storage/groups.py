"""Group chats bound to a building (and unit) of the compound."""

from __future__ import annotations

import sqlite3
from typing import Literal

from storage.rows import Group

Source = Literal["config", "chat"]
_COLUMNS = "platform, chat_id, title, building, unit, source"


def bind(
    conn: sqlite3.Connection,
    compound_id: int,
    platform: str,
    chat_id: str,
    title: str,
    building: str,
    unit: str,
    source: Source,
) -> None:
    conn.execute(
        "INSERT INTO groups (compound_id, platform, chat_id, title, building, unit, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id) DO UPDATE SET"
        " title = excluded.title, building = excluded.building, unit = excluded.unit,"
        " source = excluded.source",
        (compound_id, platform, chat_id, title, building, unit, source),
    )


def seed(
    conn: sqlite3.Connection,
    compound_id: int,
    platform: str,
    chat_id: str,
    building: str,
    unit: str,
) -> Group | None:
    """Bind a chat as config says unless a cadre bound it in the chat; returns that
    binding when it differs from config's (it stays), else None. A binding config made
    before follows config's edits."""
    conn.execute(
        "INSERT INTO groups (compound_id, platform, chat_id, title, building, unit, source)"
        " VALUES (?, ?, ?, ?, ?, ?, 'config') ON CONFLICT (platform, chat_id) DO UPDATE SET"
        " building = excluded.building, unit = excluded.unit WHERE groups.source = 'config'",
        (compound_id, platform, chat_id, chat_id, building, unit),
    )
    stored = get(conn, platform, chat_id)
    if stored is not None and (stored.building, stored.unit) != (building, unit):
        return stored
    return None


def of_building(
    conn: sqlite3.Connection, compound_id: int, platform: str, building: str
) -> list[Group]:
    """The chats bound to a building (any of its units), in the order they were bound."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM groups WHERE compound_id = ? AND platform = ? AND building = ?"
        " ORDER BY id",
        (compound_id, platform, building),
    ).fetchall()
    return [Group.of(r) for r in rows]


def known_group_chats(conn: sqlite3.Connection, platform: str) -> set[str]:
    """Chats that are groups: bound ones, and those group messages came from."""
    rows = conn.execute(
        "SELECT chat_id FROM groups WHERE platform = ?"
        " UNION SELECT DISTINCT chat_id FROM inbox WHERE platform = ? AND chat_kind = 'group'",
        (platform, platform),
    )
    return {r[0] for r in rows}


def retitle(conn: sqlite3.Connection, platform: str, chat_id: str, title: str) -> None:
    conn.execute(
        "UPDATE groups SET title = ? WHERE platform = ? AND chat_id = ?", (title, platform, chat_id)
    )


def get(conn: sqlite3.Connection, platform: str, chat_id: str) -> Group | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM groups WHERE platform = ? AND chat_id = ?",
        (platform, chat_id),
    ).fetchone()
    return Group.of(row) if row else None
