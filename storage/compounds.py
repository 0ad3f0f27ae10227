"""The compound and its buildings."""

from __future__ import annotations

import sqlite3


def ensure_compound(
    conn: sqlite3.Connection, name: str, buildings: list[tuple[str, tuple[str, ...]]]
) -> int:
    conn.execute("INSERT INTO compounds (name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
    row = conn.execute("SELECT id FROM compounds WHERE name = ?", (name,)).fetchone()
    compound_id = int(row["id"])
    for building, units in buildings:
        conn.execute(
            "INSERT INTO buildings (compound_id, name, units) VALUES (?, ?, ?)"
            " ON CONFLICT (compound_id, name) DO UPDATE SET units = excluded.units",
            (compound_id, building, ",".join(units)),
        )
    return compound_id
