"""Who did what, and what was refused: cancellations by staff, bindings, batch closes."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.timefmt import to_db


def record(
    conn: sqlite3.Connection,
    now: datetime,
    actor: str,
    action: str,
    subject: str = "",
    detail: str = "",
) -> None:
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (to_db(now), actor, action, subject, detail),
    )


def exists(conn: sqlite3.Connection, action: str, subject: str, detail: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM audit_log WHERE action = ? AND subject = ? AND detail = ? LIMIT 1",
        (action, subject, detail),
    ).fetchone()
    return row is not None


def entries(conn: sqlite3.Connection, since: datetime) -> list[tuple[str, str, str, str]]:
    """(actor, action, subject, detail) recorded at or after `since`, oldest first."""
    rows = conn.execute(
        "SELECT actor, action, subject, detail FROM audit_log WHERE at >= ? ORDER BY id",
        (to_db(since),),
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]
