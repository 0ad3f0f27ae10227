"""Platform stream positions (Telegram's update_id), saved with the effects they carried."""

from __future__ import annotations

import aiosqlite


async def load(conn: aiosqlite.Connection, platform: str) -> int | None:
    rows = list(
        await conn.execute_fetchall(
            "SELECT value FROM transport_cursors WHERE platform = ?", (platform,)
        )
    )
    return int(rows[0][0]) if rows else None


async def save(conn: aiosqlite.Connection, platform: str, value: int) -> None:
    # MAX keeps the cursor from moving back if updates arrive out of order.
    await conn.execute(
        "INSERT INTO transport_cursors (platform, value) VALUES (?, ?)"
        " ON CONFLICT (platform) DO UPDATE SET value = MAX(value, excluded.value)",
        (platform, value),
    )
