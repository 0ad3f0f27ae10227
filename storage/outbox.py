"""Replies waiting to be sent, and what was sent."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.messages import Reply
from storage.rows import OutboxRow
from storage.timefmt import from_db, to_db, to_db_ms


def enqueue(conn: sqlite3.Connection, reply: Reply, now: datetime) -> int:
    stamp = to_db(now)
    cur = conn.execute(
        "INSERT INTO outbox (platform, chat_id, private, text, merge_text, merge_header,"
        " document, filename, priority, created_at, not_before, ref, mention)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            reply.ref,
            reply.mention,
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
        " WHERE sent_at IS NULL AND dead_at IS NULL AND platform = ? GROUP BY chat_id"
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
        " filename, not_before, attempts, ref, mention FROM outbox WHERE sent_at IS NULL"
        " AND dead_at IS NULL AND platform = ? AND chat_id = ? AND not_before <= ?"
        " ORDER BY priority DESC, id LIMIT ?",
        (platform, chat_id, to_db_ms(now), limit),
    ).fetchall()
    return [_row(r) for r in rows]


def pending(conn: sqlite3.Connection, platform: str) -> list[OutboxRow]:
    """Every unsent reply of one platform, oldest first."""
    rows = conn.execute(
        "SELECT id, platform, chat_id, private, text, merge_text, merge_header, document,"
        " filename, not_before, attempts, ref, mention FROM outbox"
        " WHERE sent_at IS NULL AND dead_at IS NULL AND platform = ? ORDER BY id",
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
        ref=r[11],
        mention=r[12],
    )


def mark_sent(conn: sqlite3.Connection, ids: Sequence[int], now: datetime) -> None:
    conn.executemany("UPDATE outbox SET sent_at = ? WHERE id = ?", [(to_db(now), i) for i in ids])


def mark_failed(
    conn: sqlite3.Connection,
    ids: Sequence[int],
    error: str,
    retry_at: datetime,
    *,
    backoff: bool,
) -> None:
    """Tried and failed; not before `retry_at` (to the millisecond). `backoff`: a transient
    failure whose wait ends early once the platform answers again (not a flood wait)."""
    conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ?,"
        " backoff = ? WHERE id = ?",
        [(error[:500], to_db_ms(retry_at), int(backoff), i) for i in ids],
    )


def mark_dead(conn: sqlite3.Connection, ids: Sequence[int], error: str, now: datetime) -> None:
    """Never to be sent: the platform refused for good (blocked, no such chat)."""
    conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, dead_at = ? WHERE id = ?",
        [(error[:500], to_db(now), i) for i in ids],
    )


def release_backoff(conn: sqlite3.Connection, platform: str, now: datetime) -> int:
    """The platform answers again: rows waiting out a transient failure may go now."""
    cur = conn.execute(
        "UPDATE outbox SET not_before = ?, backoff = 0 WHERE platform = ? AND backoff = 1"
        " AND sent_at IS NULL AND dead_at IS NULL",
        (to_db_ms(now), platform),
    )
    return cur.rowcount


def rewrite_unsent(conn: sqlite3.Connection, ref: str, text: str) -> bool:
    """The text of a row still waiting, changed before anyone saw it."""
    cur = conn.execute(
        "UPDATE outbox SET text = ?, merge_text = NULL, merge_header = NULL"
        " WHERE ref = ? AND sent_at IS NULL AND dead_at IS NULL",
        (text, ref),
    )
    return cur.rowcount > 0


def with_ref(conn: sqlite3.Connection, ref: str) -> list[tuple[str, str, str]]:
    """(platform, chat id, state: sent/dead/waiting) of every row about `ref`."""
    rows = conn.execute(
        "SELECT platform, chat_id, CASE WHEN sent_at IS NOT NULL THEN 'sent'"
        " WHEN dead_at IS NOT NULL THEN 'dead' ELSE 'waiting' END FROM outbox WHERE ref = ?"
        " ORDER BY id",
        (ref,),
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def dead_since(conn: sqlite3.Connection, since: datetime) -> list[tuple[str, str, str]]:
    """(platform, chat id, error) of rows found undeliverable since `since`."""
    rows = conn.execute(
        "SELECT platform, chat_id, last_error FROM outbox WHERE dead_at >= ? ORDER BY id",
        (to_db(since),),
    ).fetchall()
    return [(r[0], r[1], r[2] or "") for r in rows]
