"""Questions the bot could not answer, waiting for a cadre."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.timefmt import to_db


def queue(conn: sqlite3.Connection, inbox_id: int, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO questions (inbox_id, created_at) VALUES (?, ?)", (inbox_id, to_db(now))
    )
    assert cur.lastrowid is not None
    return cur.lastrowid
