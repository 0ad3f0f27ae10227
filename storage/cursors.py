"""Platform stream positions (Telegram's update_id), saved with the effects they carried."""

from __future__ import annotations

import sqlite3


def load(conn: sqlite3.Connection, platform: str) -> int | None:
    rows = list(
        conn.execute(
            "SELECT value FROM transport_cursors WHERE platform = ?", (platform,)
        ).fetchall()
    )
    return int(rows[0][0]) if rows else None


def save(conn: sqlite3.Connection, platform: str, value: int) -> None:
    # MAX keeps the cursor from moving back if updates arrive out of order.
    conn.execute(
        "INSERT INTO transport_cursors (platform, value) VALUES (?, ?)"
        " ON CONFLICT (platform) DO UPDATE SET value = MAX(value, excluded.value)",
        (platform, value),
    )
