"""Replies waiting to be sent, and what was sent."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.messages import Reply
from storage.rows import OutboxRow
from storage.timefmt import from_db, to_db


def enqueue(conn: sqlite3.Connection, reply: Reply, now: datetime) -> int:
    stamp = to_db(now)
    cur = conn.execute(
        "INSERT INTO outbox (platform, chat_id, private, text, merge_text, merge_header,"
        " document, filename, priority, created_at, not_before)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            reply.platform,
            reply.chat_id,
            int(reply.private),
            reply.text,
            reply.merge_text,
            reply.merge_header,
            reply.document,
            reply.filename,
            reply.priority,
            stamp,
            stamp,
        ),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


@dataclass(frozen=True)
class ChatQueue:
    """How much waits for one chat and when the first of it may go."""

    chat_id: str
    private: bool
    first_due: datetime
    count: int


def queues(conn: sqlite3.Connection, platform: str) -> list[ChatQueue]:
    rows = conn.execute(
        "SELECT chat_id, MAX(private), MIN(not_before), COUNT(*) FROM outbox"
        " WHERE sent_at IS NULL AND platform = ? GROUP BY chat_id"
        " ORDER BY MAX(priority) DESC, MIN(id)",
        (platform,),
    ).fetchall()
    return [ChatQueue(r[0], bool(r[1]), from_db(r[2]), r[3]) for r in rows]


def due(
    conn: sqlite3.Connection, platform: str, chat_id: str, now: datetime, limit: int
) -> list[OutboxRow]:
    """Unsent replies to one chat that may go now: the most urgent first, then oldest."""
    rows = conn.execute(
        "SELECT id, platform, chat_id, private, text, merge_text, merge_header, document,"
        " filename, not_before, attempts FROM outbox WHERE sent_at IS NULL AND platform = ?"
        " AND chat_id = ? AND not_before <= ? ORDER BY priority DESC, id LIMIT ?",
        (platform, chat_id, to_db(now), limit),
    ).fetchall()
    return [_row(r) for r in rows]


def pending(conn: sqlite3.Connection, platform: str) -> list[OutboxRow]:
    """Every unsent reply of one platform, oldest first."""
    rows = conn.execute(
        "SELECT id, platform, chat_id, private, text, merge_text, merge_header, document,"
        " filename, not_before, attempts FROM outbox"
        " WHERE sent_at IS NULL AND platform = ? ORDER BY id",
        (platform,),
    ).fetchall()
    return [_row(r) for r in rows]


def _row(r: sqlite3.Row) -> OutboxRow:
    return OutboxRow(
        id=r[0],
        platform=r[1],
        chat_id=r[2],
        private=bool(r[3]),
        text=r[4],
        merge_text=r[5],
        merge_header=r[6],
        document=r[7],
        filename=r[8],
        not_before=from_db(r[9]),
        attempts=r[10],
    )


def mark_sent(conn: sqlite3.Connection, ids: Sequence[int], now: datetime) -> None:
    conn.executemany("UPDATE outbox SET sent_at = ? WHERE id = ?", [(to_db(now), i) for i in ids])


def mark_failed(
    conn: sqlite3.Connection, ids: Sequence[int], error: str, retry_at: datetime
) -> None:
    conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ? WHERE id = ?",
        [(error[:500], to_db(retry_at), i) for i in ids],
    )
