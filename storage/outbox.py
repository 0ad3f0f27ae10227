"""Replies waiting to be sent, and what was sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.messages import Reply
from storage.rows import OutboxRow
from storage.timefmt import from_db, to_db


async def enqueue(conn: aiosqlite.Connection, reply: Reply, now: datetime) -> int:
    stamp = to_db(now)
    cur = await conn.execute(
        "INSERT INTO outbox (platform, chat_id, private, text, merge_text, merge_header,"
        " document, filename, created_at, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            reply.platform,
            reply.chat_id,
            int(reply.private),
            reply.text,
            reply.merge_text,
            reply.merge_header,
            reply.document,
            reply.filename,
            stamp,
            stamp,
        ),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


async def pending(conn: aiosqlite.Connection, platform: str) -> list[OutboxRow]:
    """Unsent replies of one platform, oldest first."""
    rows = await conn.execute_fetchall(
        "SELECT id, platform, chat_id, private, text, merge_text, merge_header, document,"
        " filename, not_before, attempts FROM outbox"
        " WHERE sent_at IS NULL AND platform = ? ORDER BY id",
        (platform,),
    )
    return [
        OutboxRow(
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
        for r in rows
    ]


async def mark_sent(conn: aiosqlite.Connection, ids: Sequence[int], now: datetime) -> None:
    await conn.executemany(
        "UPDATE outbox SET sent_at = ? WHERE id = ?", [(to_db(now), i) for i in ids]
    )


async def mark_failed(
    conn: aiosqlite.Connection, ids: Sequence[int], error: str, retry_at: datetime
) -> None:
    await conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ? WHERE id = ?",
        [(error[:500], to_db(retry_at), i) for i in ids],
    )


async def sent_texts(conn: aiosqlite.Connection, chat_id: str | None = None) -> list[str]:
    rows = await conn.execute_fetchall(
        "SELECT text FROM outbox WHERE sent_at IS NOT NULL AND (? IS NULL OR chat_id = ?)"
        " ORDER BY id",
        (chat_id, chat_id),
    )
    return [str(r[0]) for r in rows]
