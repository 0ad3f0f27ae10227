"""The sender: merges replies waiting for the same chat, paces per chat, retries, marks sent.

Pacing keeps a minimum interval between sends into one chat (a group at 20 a minute gets
one message every 3 s) and across the whole platform. What waits meanwhile merges, so a
burst before a cut-off becomes a few messages that each acknowledge many households.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from bot import texts
from bot.clock import Clock
from bot.config import Pacing
from bot.transports.base import SendFailed, Transport
from storage import outbox
from storage.db import Database
from storage.rows import OutboxRow

log = logging.getLogger(__name__)

# Seconds between looks at the outbox when nothing is due.
POLL = 5.0

MAX_BACKOFF = 300.0


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line breaks (or separators) when possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = max(rest.rfind("\n", 0, limit), rest.rfind(texts.MERGE_SEPARATOR, 0, limit) + 1)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest:
        pieces.append(rest)
    return pieces


@dataclass(frozen=True)
class Message:
    """One message to send, made of one or more outbox rows."""

    chat_id: str
    text: str
    row_ids: tuple[int, ...]
    document: bytes | None = None
    filename: str | None = None


def compose(rows: list[OutboxRow], limit: int) -> Message:
    """The next message for a chat from its due rows, oldest first, within `limit`.

    Everything waiting goes out together: acknowledgements under their shared header
    (已记录：501 大米2袋 #12；302 鸡蛋1盒 #13), other replies as lines of their own, in the
    order they were queued. A file goes alone.
    """
    first = rows[0]
    if first.document is not None:
        return Message(first.chat_id, first.text, (first.id,), first.document, first.filename)
    texts_only = []
    for r in rows:
        if r.document is not None:
            break
        texts_only.append(r)
    if len(texts_only) == 1:
        return Message(first.chat_id, first.text, (first.id,))
    # Keyed by header for acknowledgements, by row id for a reply that stands alone.
    sections: dict[str | int, tuple[str, list[str]]] = {}
    taken: list[int] = []
    size = 0
    for row in texts_only:
        if row.merge_text is not None:
            key: str | int = row.merge_header or ""
            header, fragment = row.merge_header or "", row.merge_text
        else:
            key, header, fragment = row.id, "", row.text
        known = sections.get(key)
        cost = len(fragment) + 1 + (0 if known is not None else len(header) + 1)
        if taken and size + cost > limit:
            break
        size += cost
        taken.append(row.id)
        if known is None:
            sections[key] = (header, [fragment])
        elif fragment not in known[1]:
            known[1].append(fragment)
    body = "\n".join(h + texts.MERGE_SEPARATOR.join(frags) for h, frags in sections.values())
    return Message(first.chat_id, body, tuple(taken))


@dataclass
class _Gate:
    """When the next send into a chat (or the platform) is allowed."""

    interval: float
    next_at: datetime | None = None

    def used(self, now: datetime) -> None:
        self.next_at = now + timedelta(seconds=self.interval)


class Sender:
    def __init__(
        self, db: Database, transports: Mapping[str, Transport], pacing: Pacing, clock: Clock
    ) -> None:
        self.db = db
        self.transports = transports
        self.pacing = pacing
        self.clock = clock
        self._chats: dict[tuple[str, str], _Gate] = {}
        self._platforms = {p: _Gate(1 / pacing.overall_per_second) for p in transports}
        self._wake = asyncio.Event()
        # One round at a time: two overlapping rounds would both see a row as unsent.
        self._round = asyncio.Lock()
        # Rows sent whose "sent" mark could not be stored (a full disk): never sent again
        # by this process, and marked as soon as the database takes writes.
        self._unmarked: set[int] = set()

    def wake(self) -> None:
        self._wake.set()

    def _gate(self, platform: str, chat_id: str, private: bool) -> _Gate:
        key = (platform, chat_id)
        gate = self._chats.get(key)
        if gate is None:
            interval = (
                1 / self.pacing.private_per_second if private else 60 / self.pacing.group_per_minute
            )
            gate = self._chats[key] = _Gate(interval)
        return gate

    async def flush(self) -> datetime | None:
        """Send whatever is due now; returns when something next becomes due, or None."""
        async with self._round:
            return await self._flush()

    async def _flush(self) -> datetime | None:
        now = self.clock.now()
        if self._unmarked:
            await self._mark_sent(tuple(self._unmarked), now)
        wake_at: list[datetime] = []
        for platform, transport in self.transports.items():
            limit = min(self.pacing.max_text_length, transport.max_text_length)
            platform_gate = self._platforms[platform]
            queues = await self.db.read(partial(outbox.queues, platform=platform))
            for queue in queues:
                gate = self._gate(platform, queue.chat_id, queue.private)
                ready_at = max(filter(None, (queue.first_due, gate.next_at, platform_gate.next_at)))
                if ready_at > now:
                    wake_at.append(ready_at)
                    continue
                # A merged message holds at most `limit` characters, and no fragment is
                # shorter than a few: there is no need to read more rows than this.
                due = await self.db.read(
                    partial(
                        outbox.due,
                        platform=platform,
                        chat_id=queue.chat_id,
                        now=now,
                        limit=limit // 20,
                    )
                )
                due = [r for r in due if r.id not in self._unmarked]
                if not due:
                    continue
                message = compose(due, limit)
                retry_at = await self._send(transport, message, due, now, limit)
                gate.used(now)
                platform_gate.used(now)
                if retry_at is not None:
                    wake_at.append(retry_at)
                if len(message.row_ids) < queue.count:
                    wake_at.append(gate.next_at or now)
        return min(wake_at) if wake_at else None

    async def _send(
        self,
        transport: Transport,
        message: Message,
        due: list[OutboxRow],
        now: datetime,
        limit: int,
    ) -> datetime | None:
        """Send one message; on failure keep its rows and return when to try again."""
        try:
            if message.document is not None:
                await transport.send_document(
                    message.chat_id, message.filename or "file", message.document, message.text
                )
            else:
                for piece in split_text(message.text, limit):
                    await transport.send_text(message.chat_id, piece)
        except SendFailed as e:
            attempts = max(r.attempts for r in due if r.id in message.row_ids) + 1
            delay = e.retry_after if e.retry_after is not None else min(2.0**attempts, MAX_BACKOFF)
            log.warning("send to %s failed (%s), retry in %.0f s", message.chat_id, e, delay)
            retry_at = now + timedelta(seconds=delay)
            error = str(e)
            await self.db.write(
                lambda conn: outbox.mark_failed(conn, message.row_ids, error, retry_at)
            )
            return retry_at
        await self._mark_sent(message.row_ids, now)
        return None

    async def _mark_sent(self, row_ids: tuple[int, ...], now: datetime) -> None:
        try:
            await self.db.write(lambda conn: outbox.mark_sent(conn, row_ids, now))
        except sqlite3.OperationalError as e:
            if not self._unmarked:
                log.error("cannot record sent replies (%s); they will not be sent again", e)
            self._unmarked.update(row_ids)
            return
        self._unmarked.difference_update(row_ids)

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set, sleeping until the next due moment or a wake-up."""
        while not stop.is_set():
            self._wake.clear()
            try:
                next_at = await self.flush()
            except Exception:
                log.exception("sender round failed")
                next_at = self.clock.now() + timedelta(seconds=5)
            # Rows queued by another process (`louzhang notice`) go out within POLL.
            timeout = POLL
            if next_at is not None:
                timeout = min(POLL, max(0.05, (next_at - self.clock.now()).total_seconds()))
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            _, pending = await asyncio.wait(
                waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            for w in pending:
                w.cancel()
