"""Who did what: cancellations by cadres, bindings, batch closes."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.timefmt import to_db


async def record(
    conn: aiosqlite.Connection,
    now: datetime,
    actor: str,
    action: str,
    subject: str = "",
    detail: str = "",
) -> None:
    await conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (to_db(now), actor, action, subject, detail),
    )
