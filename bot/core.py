"""The core: store a message once, parse it, hand it to its handler, queue the replies.

Each message's effects happen in one transaction (a savepoint inside a shared commit), so
an acknowledgement is only ever queued for an order that is committed, and a redelivered
message changes nothing. Messages that arrive while a commit is under way are handled
together in the next one: a burst before a cut-off costs one disk commit per batch.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot import texts
from bot.clock import Clock
from bot.messages import ContextMessage, IncomingMessage, ParsedMessage, Platform
from bot.router import Router
from bot.turn import Known, Settings, Turn
from storage import cursors, inbox, outbox, places
from storage.db import Database
from storage.rows import Group

log = logging.getLogger(__name__)

# Earlier messages the parser sees; 接龙 lists need only the previous version.
CONTEXT_SIZE = 8
# Longer than any real order; a paste this long gets a short answer, not a parse.
MAX_TEXT = 5000
# Messages handled in one commit at most; each still has its own savepoint.
MAX_BATCH = 64


class Parser(Protocol):
    def parse(
        self,
        text: str,
        *,
        sender: str = "",
        chat: str = "",
        context: Sequence[ContextMessage] = (),
    ) -> ParsedMessage: ...

    def warm_up(self) -> None: ...


def binding_title(group: Group) -> str:
    """The bound building written the way chat titles say it, for the parser's title rule."""
    building = f"{group.building}座" if group.building.isalpha() else f"{group.building}号楼"
    return building + (f"{group.unit}单元" if group.unit else "")


@dataclass
class _Job:
    msg: IncomingMessage
    done: asyncio.Future[None]
    group: Group | None = None
    parsed: ParsedMessage | None = None
    queued: int = 0
    group_after: Group | None = None


class Core:
    def __init__(
        self,
        db: Database,
        parser: Parser,
        settings: Settings,
        clock: Clock,
        router: Router,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        self.parser = parser
        self.settings = settings
        self.clock = clock
        self.router = router
        self._on_queued = on_queued
        self._groups: dict[tuple[str, str], Group | None] = {}
        self._recent: dict[tuple[str, str], deque[ContextMessage]] = {}
        self._waiting: deque[_Job] = deque()
        self._writer: asyncio.Task[None] | None = None
        self.known = Known()

    async def load_cursor(self, platform: Platform) -> int | None:
        return await self.db.read(lambda conn: cursors.load(conn, platform))

    async def save_cursor(self, platform: Platform, value: int) -> None:
        await self.db.write(lambda conn: cursors.save(conn, platform, value))

    async def receive(self, message: IncomingMessage) -> None:
        """Handle one message exactly once; returns when its effects are committed.

        Never raises for what a user wrote; raises only when the database itself fails,
        so that a transport does not confirm a message that was not stored.
        """
        job = _Job(message, asyncio.get_running_loop().create_future())
        self._waiting.append(job)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting())
        await job.done

    async def _write_waiting(self) -> None:
        while self._waiting:
            batch = self._next_batch()
            try:
                await self._handle(batch)
            except Exception as e:
                self.known.clear()
                for job in batch:
                    if not job.done.done():
                        job.done.set_exception(e)
                continue
            for job in batch:
                if job.group_after is not job.group:
                    self._groups[(job.msg.platform, job.msg.chat_id)] = job.group_after
                job.done.set_result(None)
            if any(job.queued for job in batch):
                self._on_queued()

    def _next_batch(self) -> list[_Job]:
        """Waiting messages up to the first command: a command (binding a group) changes
        how the messages after it are read, so they wait for the next commit."""
        batch: list[_Job] = []
        while self._waiting and len(batch) < MAX_BATCH:
            job = self._waiting.popleft()
            batch.append(job)
            role = self.settings.role_of(job.msg.platform, job.msg.sender_id)
            if self.router.find_command(job.msg.text, role) is not None:
                break
        return batch

    async def _handle(self, batch: list[_Job]) -> None:
        now = self.clock.now()
        for job in batch:
            await self._prepare(job)

        def work(conn: sqlite3.Connection) -> None:
            for job in batch:
                conn.execute("SAVEPOINT message")
                try:
                    self._apply(conn, job, now)
                except Exception:
                    # A bug must not lose the message: keep it in the inbox for a person.
                    log.exception("handling %s/%s failed", job.msg.chat_id, job.msg.message_id)
                    conn.execute("ROLLBACK TO message")
                    self.known.clear()
                    job.queued, job.group_after = 0, job.group
                    inbox.insert(conn, job.msg)
                conn.execute("RELEASE message")

        await self.db.write(work)

    async def _prepare(self, job: _Job) -> None:
        """Everything pure, before the transaction: binding, context, parse."""
        msg = job.msg
        job.group = job.group_after = await self._group(msg)
        context = await self._context((msg.platform, msg.chat_id))
        text = msg.text.strip()
        if text:
            chat_hint = binding_title(job.group) if job.group else msg.chat_title
            job.parsed = self.parser.parse(
                text[:MAX_TEXT], sender=msg.sender_name, chat=chat_hint, context=tuple(context)
            )
        context.append(ContextMessage(sender=msg.sender_name, text=msg.text))

    def _apply(self, conn: sqlite3.Connection, job: _Job, now: datetime) -> None:
        """One message's effects, on the database thread inside its savepoint."""
        msg, parsed = job.msg, job.parsed
        if msg.cursor is not None:
            cursors.save(conn, msg.platform, msg.cursor)
        inbox_id = inbox.insert(conn, msg, parsed.intent if parsed else None)
        if inbox_id is None:
            log.info("duplicate message %s/%s ignored", msg.chat_id, msg.message_id)
            return
        if parsed is None:
            return
        turn = Turn(
            msg=msg,
            inbox_id=inbox_id,
            parsed=parsed,
            group=job.group,
            role=self.settings.role_of(msg.platform, msg.sender_id),
            conn=conn,
            now=now,
            settings=self.settings,
            known=self.known,
        )
        if len(msg.text.strip()) > MAX_TEXT and parsed.intent == "order":
            replies = [turn.reply(texts.TOO_LONG)]
        else:
            replies = self.router.route(turn)
        for reply in replies:
            outbox.enqueue(conn, reply, now)
        job.queued, job.group_after = len(replies), turn.group

    async def _group(self, msg: IncomingMessage) -> Group | None:
        if msg.chat_kind == "private":
            return None
        key = (msg.platform, msg.chat_id)
        if key not in self._groups:
            self._groups[key] = await self.db.read(
                lambda conn: places.group(conn, msg.platform, msg.chat_id)
            )
        return self._groups[key]

    async def _context(self, key: tuple[str, str]) -> deque[ContextMessage]:
        ctx = self._recent.get(key)
        if ctx is None:
            earlier = await self.db.read(
                lambda conn: inbox.recent(conn, key[0], key[1], CONTEXT_SIZE)
            )
            ctx = self._recent[key] = deque(earlier, maxlen=CONTEXT_SIZE)
        return ctx
