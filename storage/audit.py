"""Who did what: cancellations by cadres, bindings, batch closes."""

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
