"""The sender: merges replies waiting for the same chat, paces per chat, retries, marks sent.

Pacing keeps a minimum interval between sends into one chat (a group at 20 a minute gets
one message every 3 s) and across the whole platform. What waits meanwhile merges, so a
burst before a cut-off becomes a few messages that each acknowledge many households.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from bot import texts
from bot.clock import Clock
from bot.config import Pacing
from bot.messages import Reply
from bot.transports.base import SendFailed, Transport
from storage import outbox
from storage.db import Database
from storage.rows import OutboxRow

log = logging.getLogger(__name__)

# Seconds between looks at the outbox when nothing is due.
POLL = 5.0

# A chat's own transient failures back off to this; a failing platform is probed more
# often, one send at a time, and its first success releases every chat at once.
MAX_BACKOFF = 300.0
MAX_PLATFORM_BACKOFF = 10.0
JITTER = 0.2


@dataclass(frozen=True)
class Outcome:
    """What became of rows that are about something (`ref`): sent, or dead for good."""

    ref: str
    platform: str
    chat_id: str
    sent: bool
    error: str = ""


Outcomes = Callable[[list[Outcome]], Awaitable[None]]
# (platform, old chat id, new chat id): a chat that changed its id, to move what it had.
Moves = Callable[[str, str, str], Awaitable[None]]


async def _no_moves(platform: str, old: str, new: str) -> None:
    return None


async def _no_outcomes(outcomes: list[Outcome]) -> None:
    return None


# Where a long text may be cut, best first: between lines, between merged
# acknowledgements, after a sentence, after a clause.
_CUTS = ("\n", texts.MERGE_SEPARATOR, "。！？；!?;", "，,、 ")


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut where the text pauses: at the best kind of
    break that still leaves the piece at least half full (a short header line followed by
    one long paragraph is not sent as a piece of its own), else hard at the limit."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = limit
        for marks in _CUTS:
            at = max(rest.rfind(m, 0, limit) + (0 if m == "\n" else len(m)) for m in marks)
            if at >= limit // 2:
                cut = at
                break
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest:
        pieces.append(rest)
    return pieces


_TAG = re.compile(r"^【[^】\n]{1,20}】")


def split_reply(reply: Reply, limit: int) -> list[Reply]:
    """A reply too long for one message as its pieces, each a reply of its own (an outbox
    row, paced and retried alone), each headed so that it reads alone: 【紧急求助#1】(1/2)."""
    if reply.document is not None or len(reply.text) <= limit:
        return [reply]
    m = _TAG.match(reply.text)
    tag = m.group(0) if m else ""
    pieces = split_text(reply.text[len(tag) :], limit - len(tag) - 12)
    count = len(pieces)
    return [
        reply.model_copy(
            update={
                "text": f"{tag}({n}/{count}){'' if tag else ' '}{piece}",
                "merge_text": None,
                "merge_header": None,
            }
        )
        for n, piece in enumerate(pieces, start=1)
    ]


@dataclass(frozen=True)
class Message:
    """One message to send, made of one or more outbox rows."""

    chat_id: str
    text: str
    row_ids: tuple[int, ...]
    document: bytes | None = None
    filename: str | None = None
    # Whom the message answers, each once, in order (WeChat @-mentions them).
    mentions: tuple[str, ...] = ()


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
        return Message(first.chat_id, first.text, (first.id,), mentions=_mentions([first]))
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
    used = [r for r in texts_only if r.id in taken]
    return Message(first.chat_id, body, tuple(taken), mentions=_mentions(used))


def _mentions(rows: list[OutboxRow]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.mention for r in rows if r.mention and not r.private))


@dataclass
class _Gate:
    """When the next send into a chat (or the platform) is allowed."""

    interval: float
    next_at: datetime | None = None
    # Transient failures in a row, for backoff.
    failures: int = 0
    # Until when a flood wait or backoff holds it (pacing aside).
    held_until: datetime | None = None

    def used(self, now: datetime) -> None:
        self.next_at = max(now + timedelta(seconds=self.interval), self.next_at or now)

    def hold(self, until: datetime) -> None:
        """A flood wait or backoff: nothing goes before `until`."""
        self.next_at = max(until, self.next_at or until)
        self.held_until = self.next_at

    def held(self, now: datetime) -> bool:
        return self.held_until is not None and self.held_until > now

    def backoff(self, now: datetime, cap: float) -> datetime:
        self.failures += 1
        # The exponent is capped: a days-long outage must not overflow the float.
        delay = min(2.0 ** min(self.failures, 30), cap) * (1 + random.uniform(-JITTER, JITTER))
        until = now + timedelta(seconds=delay)
        self.hold(until)
        return until


class Sender:
    def __init__(
        self,
        db: Database,
        transports: Mapping[str, Transport],
        pacing: Pacing,
        clock: Clock,
        outcomes: Outcomes = _no_outcomes,
        moves: Moves = _no_moves,
        platform_pacing: Mapping[str, Pacing] | None = None,
    ) -> None:
        """`platform_pacing`: a platform paced otherwise than `pacing` says (WeChat: one
        send a second across the whole account)."""
        self.db = db
        self._paced = dict(platform_pacing or {})
        self.outcomes = outcomes
        self.moves = moves
        self.transports = transports
        self.pacing = pacing
        self.clock = clock
        self._chats: dict[tuple[str, str], _Gate] = {}
        self._platforms = {p: _Gate(1 / self._pacing(p).overall_per_second) for p in transports}
        self._wake = asyncio.Event()
        # One round at a time: two overlapping rounds would both see a row as unsent.
        self._round = asyncio.Lock()
        # Rows sent whose "sent" mark could not be stored (a full disk): never sent again
        # by this process, and marked as soon as the database takes writes.
        self._unmarked: set[int] = set()
        self._look_again = False
        self._recovered: set[str] = set()

    def wake(self) -> None:
        self._wake.set()

    def _pacing(self, platform: str) -> Pacing:
        return self._paced.get(platform, self.pacing)

    def _gate(self, platform: str, chat_id: str, private: bool) -> _Gate:
        key = (platform, chat_id)
        gate = self._chats.get(key)
        if gate is None:
            pacing = self._pacing(platform)
            interval = 1 / pacing.private_per_second if private else 60 / pacing.group_per_minute
            gate = self._chats[key] = _Gate(interval)
        return gate

    async def flush(self) -> datetime | None:
        """Send whatever is due now; returns when something next becomes due, or None."""
        async with self._round:
            return await self._flush()

    async def _flush(self) -> datetime | None:
        now = self.clock.now()
        self._look_again = False
        recovered, self._recovered = self._recovered, set()
        for platform in recovered:
            await self._release(platform, now)
        if self._unmarked:
            await self._mark_sent(tuple(self._unmarked), now)
        wake_at: list[datetime] = []
        for platform, transport in self.transports.items():
            limit = min(self._pacing(platform).max_text_length, transport.max_text_length)
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
                gate.used(now)
                platform_gate.used(now)
                retry_at = await self._send(platform, transport, message, due, now, limit)
                # Paced from when the send ended too: a slow send (WeChat loads the room
                # first) must not let the next one reach the platform sooner than the pace.
                done = self.clock.now()
                gate.used(done)
                platform_gate.used(done)
                if retry_at is not None:
                    wake_at.append(retry_at)
                if platform_gate.held(now):
                    # The platform is failing or in a flood wait: no other chat tries now.
                    break
                if len(message.row_ids) < queue.count:
                    wake_at.append(gate.next_at or now)
        if self._look_again:
            wake_at.append(now)
        return min(wake_at) if wake_at else None

    async def _send(
        self,
        platform: str,
        transport: Transport,
        message: Message,
        due: list[OutboxRow],
        now: datetime,
        limit: int,
    ) -> datetime | None:
        """Send one message; on failure keep its rows (or mark them dead) and return when to
        try again."""
        try:
            if message.document is not None:
                await transport.send_document(
                    message.chat_id, message.filename or "file", message.document, message.text
                )
            else:
                # Rows are split when queued; only a row from before that is split here.
                for n, piece in enumerate(split_text(message.text, limit)):
                    await transport.send_text(
                        message.chat_id, piece, message.mentions if n == 0 else ()
                    )
        except SendFailed as e:
            return await self._failed(platform, message, due, now, e)
        await self._mark_sent(message.row_ids, now)
        await self._succeeded(platform, message.chat_id, now)
        await self._report(due, message, sent=True)
        return None

    async def _failed(
        self, platform: str, message: Message, due: list[OutboxRow], now: datetime, e: SendFailed
    ) -> datetime | None:
        error = str(e)
        ids = message.row_ids
        chat = self._gate(platform, message.chat_id, any(r.private for r in due))
        if e.moved_to is not None:
            # Its rows (and its binding) follow the chat to its new id and go at once.
            log.warning("chat %s moved to %s; its replies follow", message.chat_id, e.moved_to)
            await self.moves(platform, message.chat_id, e.moved_to)
            return now
        if e.permanent:
            log.warning("send to %s failed for good, not retried: %s", message.chat_id, e)
            await self.db.write(lambda conn: outbox.mark_dead(conn, ids, error, now))
            await self._report(due, message, sent=False, error=error)
            return None
        platform_gate = self._platforms[platform]
        if e.retry_after is not None:
            # A flood wait holds the whole chat (or platform), to the millisecond.
            retry_at = now + timedelta(seconds=e.retry_after)
            (platform_gate if e.platform_wide else chat).hold(retry_at)
            backoff = False
        elif e.platform_wide:
            retry_at = platform_gate.backoff(now, MAX_PLATFORM_BACKOFF)
            backoff = True
        else:
            retry_at = chat.backoff(now, MAX_BACKOFF)
            backoff = True
        delay = (retry_at - now).total_seconds()
        log.warning("send to %s failed (%s), retry in %.1f s", message.chat_id, e, delay)
        await self.db.write(
            lambda conn: outbox.mark_failed(conn, ids, error, retry_at, backoff=backoff)
        )
        return retry_at

    async def _succeeded(self, platform: str, chat_id: str, now: datetime) -> None:
        chat = self._chats.get((platform, chat_id))
        if chat is not None:
            chat.failures = 0
        await self._release(platform, now)

    async def _release(self, platform: str, now: datetime) -> None:
        """The platform answers again: what waited out its failures goes at normal pace."""
        platform_gate = self._platforms[platform]
        if not platform_gate.failures:
            return
        platform_gate.failures = 0
        platform_gate.held_until = None
        platform_gate.next_at = min(platform_gate.next_at or now, now)
        released = await self.db.write(lambda conn: outbox.release_backoff(conn, platform, now))
        for (p, _c), gate in self._chats.items():
            if p == platform and gate.failures:
                gate.failures = 0
                gate.held_until = None
                gate.next_at = min(gate.next_at or now, now + timedelta(seconds=gate.interval))
        log.warning("%s answers again; %d waiting replies released", platform, released)

    def recovered(self, platform: str) -> None:
        """The platform answered something else (a getUpdates after failures): replies
        backing off for it go now instead of waiting out their backoff."""
        if platform in self._platforms:
            self._recovered.add(platform)
            self.wake()

    async def _report(
        self, due: list[OutboxRow], message: Message, *, sent: bool, error: str = ""
    ) -> None:
        about = [r for r in due if r.id in message.row_ids and r.ref is not None]
        if not about:
            return
        outcomes = [Outcome(r.ref or "", r.platform, r.chat_id, sent, error) for r in about]
        try:
            await self.outcomes(outcomes)
        except Exception:
            log.exception("handling what became of %d replies failed", len(outcomes))
        # Handling them may have queued more (the next person, a line to the group).
        self._look_again = True

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
