"""The core's writer: the one place that changes the database.

Three kinds of work arrive: messages from the transports, jobs from the scheduler, and
actions from the command line (later a dashboard). They wait in one queue. Work that
arrives while a commit is under way shares the next commit, each piece in its own
savepoint: a burst before a cut-off costs one disk commit, and a bug in one piece rolls
back that piece alone. Whatever a piece says is queued in the outbox inside its savepoint,
so an acknowledgement is only ever queued for effects that are committed, and a
redelivered message changes nothing.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol, TypeVar

from bot import texts
from bot.clock import Clock
from bot.context import Context, MessageContext, Rollback
from bot.messages import ContextMessage, IncomingMessage, ParsedMessage, Platform, Role
from bot.permissions import CADRE, Permission, permission_of
from bot.router import Found, Router
from bot.sender import split_reply
from bot.settings import Settings
from handlers import chats
from storage import cursors, groups, members
from storage.db import Database, savepoint
from storage.rows import Group
from storage.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

# Earlier messages the parser sees; 接龙 lists need only the previous version.
CONTEXT_SIZE = 8
# Longer than any real order; a paste this long gets a short answer, not a parse.
MAX_TEXT = 5000
# Pieces of work in one commit at most; each still has its own savepoint.
MAX_BATCH = 64
# Backoff while the database is locked by another process or the disk is full (seconds).
RETRY_FIRST = 0.05
RETRY_MOST = 5.0


def transient(error: sqlite3.OperationalError) -> bool:
    """A lock held elsewhere or a full disk: the same write succeeds later."""
    text = str(error).lower()
    return "locked" in text or "busy" in text or "disk is full" in text or "disk i/o" in text


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


@dataclass(frozen=True)
class Task:
    """A job or an action: a function run on a Context inside its own savepoint."""

    kind: Literal["job", "action"]
    name: str
    actor: str
    run: Callable[[Context], Any]


@dataclass
class _Work:
    done: asyncio.Future[Any]
    # Kept out of repr: aiosqlite logs the call it runs at DEBUG, and a message's text may
    # hold a phone number.
    msg: IncomingMessage | None = field(default=None, repr=False)
    task: Task | None = None
    queued: int = 0
    result: Any = field(default=None, repr=False)
    error: BaseException | None = None


class Core:
    def __init__(
        self,
        db: Database,
        store: Store,
        parser: Parser,
        settings: Settings,
        clock: Clock,
        router: Router,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        self.store = store
        self.parser = parser
        self.settings = settings
        self.clock = clock
        self.router = router
        self._on_queued = on_queued
        self._waiting: deque[_Work] = deque()
        self._writer: asyncio.Task[None] | None = None

    # --- what transports, the scheduler and the command line call ---------------------------

    async def load_cursor(self, platform: Platform) -> int | None:
        return await self.db.read(lambda conn: cursors.load(conn, platform))

    async def save_cursor(self, platform: Platform, value: int) -> None:
        await self.db.write(lambda conn: cursors.save(conn, platform, value))

    async def group_chats(self, platform: Platform) -> set[str]:
        return await self.db.read(lambda conn: groups.known_group_chats(conn, platform))

    async def move_chat(self, platform: Platform, old: str, new: str, cursor: int | None) -> None:
        run = functools.partial(chats.move, platform=platform, old=old, new=new, cursor=cursor)
        await self.act("move_chat", platform, run)

    async def keep_unreadable(self, platform: Platform, cursor: int, raw: str, error: str) -> None:
        run = functools.partial(
            chats.keep_unreadable, platform=platform, update_id=cursor, raw=raw, error=error
        )
        await self.act("keep_unreadable", platform, run)

    async def staff(self, platform: Platform) -> dict[str, Role | None]:
        """Staff by role, and config's duty people (None when they hold no role)."""
        now = self.clock.now()
        people = await self.db.read(lambda conn: members.staff(conn, platform))
        roles: dict[str, Role | None] = {m.user_id: permission_of(m, now).role for m in people}
        for user in self.settings.config.roles.of(platform).duty:
            roles.setdefault(user, None)
        return roles

    async def receive(self, message: IncomingMessage) -> None:
        """Handle one message exactly once; returns when its effects are committed.

        Never raises for what a user wrote; raises only when the database itself fails,
        so that a transport does not confirm a message that was not stored.
        """
        await self._submit(_Work(self._future(), msg=message))

    async def run_job(self, name: str, run: Callable[[Context], Any]) -> None:
        """A scheduled job, through the writer like everything else."""
        await self._submit(_Work(self._future(), task=Task("job", name, name, run)))

    async def act(self, name: str, actor: str, run: Callable[[Context], T]) -> T:
        """An action (an import, a notice from the command line); returns what `run` returned
        once its effects are committed, or raises what it raised (its effects rolled back)."""
        result: T = await self._submit(_Work(self._future(), task=Task("action", name, actor, run)))
        return result

    # --- the writer -----------------------------------------------------------------------

    def _future(self) -> asyncio.Future[Any]:
        return asyncio.get_running_loop().create_future()

    async def _submit(self, work: _Work) -> Any:
        self._waiting.append(work)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting())
        return await work.done

    async def _write_waiting(self) -> None:
        while self._waiting:
            batch = self._next_batch()
            try:
                await self._commit_until_stored(batch)
            except Exception as e:
                self.store.forget()
                for work in batch:
                    if not work.done.done():
                        work.done.set_exception(e)
                continue
            for work in batch:
                if work.error is not None:
                    work.done.set_exception(work.error)
                else:
                    work.done.set_result(work.result)
            if any(work.queued for work in batch):
                self._on_queued()

    async def _commit_until_stored(self, batch: list[_Work]) -> None:
        """Commit the batch; while the database is busy (another process holds the lock) or
        the disk is full, hold the batch in memory and try again, so nothing read is lost.
        Intake waits meanwhile: transports confirm a message only once it is stored."""
        delay = RETRY_FIRST
        failing_since: float | None = None
        while True:
            try:
                await self.db.write(functools.partial(self._commit, batch=batch))
            except sqlite3.OperationalError as e:
                if not transient(e):
                    raise
                self.store.forget()
                for work in batch:
                    work.error, work.result, work.queued = None, None, 0
                if failing_since is None:
                    failing_since = time.monotonic()
                    log.error(
                        "database unavailable (%s): holding %d messages in memory, retrying",
                        e,
                        len(batch),
                    )
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MOST)
                continue
            if failing_since is not None:
                log.warning(
                    "database available again after %.0f s; stored what was held",
                    time.monotonic() - failing_since,
                )
            return

    def _next_batch(self) -> list[_Work]:
        # Pieces run in arrival order inside the commit, so a binding early in a burst is
        # seen by the messages after it.
        n = min(len(self._waiting), MAX_BATCH)
        return [self._waiting.popleft() for _ in range(n)]

    def _commit(self, conn: sqlite3.Connection, *, batch: list[_Work]) -> None:
        """Every piece of one commit, on the database thread."""
        now = self.clock.now()
        self.store.attach(conn)
        try:
            for work in batch:
                try:
                    with savepoint(conn, "work"):
                        work.queued = self._apply(work, now)
                except Exception as e:
                    if isinstance(e, sqlite3.OperationalError) and transient(e):
                        raise  # the whole batch waits and is tried again
                    self.store.forget()
                    work.queued = 0
                    self._failed(conn, work, e)
        finally:
            self.store.attach(None)

    def _failed(self, conn: sqlite3.Connection, work: _Work, error: Exception) -> None:
        if work.task is not None:
            if not isinstance(error, Rollback):
                log.warning("%s %s failed: %s", work.task.kind, work.task.name, error)
            work.error = error
            return
        assert work.msg is not None
        # A bug must not lose the message: keep it in the inbox for a person to see, in a
        # savepoint of its own so that even this failing cannot fail the rest of the batch.
        log.exception("handling %s/%s failed", work.msg.chat_id, work.msg.message_id)
        try:
            with savepoint(conn, "kept"):
                self.store.store_message(work.msg, None)
        except Exception:
            log.exception("could not keep %s/%s", work.msg.chat_id, work.msg.message_id)

    def _apply(self, work: _Work, now: datetime) -> int:
        """One piece's effects; returns how many replies it queued."""
        if work.task is not None:
            ctx = Context(store=self.store, settings=self.settings, now=now, actor=work.task.actor)
            work.result = work.task.run(ctx)
            self._rehandle(ctx, now)
        else:
            assert work.msg is not None
            # Who sent it is asked inside the transaction, so that a role granted or
            # revoked earlier in the same commit already counts.
            msg = work.msg
            sender = self.settings.directory.permission(msg.platform, msg.sender_id, now)
            found = self.router.find(msg.text, sender)
            ctx_or_none = self._message(msg, sender, found, now)
            if ctx_or_none is None:
                return 0
            ctx = ctx_or_none
        config = self.settings.config
        queued = [
            piece
            for reply in ctx.queued
            for piece in split_reply(reply, config.text_limit(reply.platform))
        ]
        for reply in queued:
            self.store.queue(reply, now)
        return len(queued)

    def _message(
        self, msg: IncomingMessage, sender: Permission, found: Found | None, now: datetime
    ) -> MessageContext | None:
        if msg.cursor is not None:
            self.store.save_cursor(msg.platform, msg.cursor)
        group = None if msg.chat_kind == "private" else self.store.group(msg.platform, msg.chat_id)
        if group is not None and msg.chat_title and group.title != msg.chat_title:
            # Renamed (a WeChat topic change): the binding holds by chat id.
            if group.title:
                log.info("group %s renamed; still bound to %s", msg.chat_id, binding_title(group))
            group = self.store.retitle_group(group, msg.chat_title)
        recent = self.store.recent_messages(msg.platform, msg.chat_id, CONTEXT_SIZE)
        text = msg.text.strip()
        parsed = self._parse(msg, group, recent) if text else None
        inbox_id = self.store.store_message(msg, parsed.intent if parsed else None)
        if inbox_id is None:
            log.info("duplicate message %s/%s ignored", msg.chat_id, msg.message_id)
            return None
        if parsed is None:
            if msg.media and msg.chat_kind == "private":
                # A picture or voice message sent to the bot: it can only read words.
                hint = self._context(
                    msg, inbox_id, ParsedMessage(intent="other"), None, sender, now
                )
                hint.reply(texts.MEDIA_PRIVATE)
                return hint
            return None
        ctx = self._context(msg, inbox_id, parsed, group, sender, now)
        if msg.edit_of is not None:
            self.router.route_edit(ctx)
        elif msg.anonymous and self._for_staff(found, msg.text):
            ctx.reply(texts.ANONYMOUS_ADMIN)
        elif len(text) > MAX_TEXT and parsed.intent == "order" and found is None:
            ctx.reply(texts.TOO_LONG)
        else:
            self.router.route(ctx, found)
        self._rehandle(ctx, now)
        return ctx

    def _for_staff(self, found: Found | None, text: str) -> bool:
        """A staff command, as it would be from a cadre: an anonymous admin may be one."""
        as_cadre = found if found is not None else self.router.find(text, CADRE)
        return as_cadre is not None and as_cadre.command.role != "resident"

    def _context(
        self,
        msg: IncomingMessage,
        inbox_id: int,
        parsed: ParsedMessage,
        group: Group | None,
        sender: Permission,
        now: datetime,
    ) -> MessageContext:
        return MessageContext(
            store=self.store,
            settings=self.settings,
            now=now,
            actor=msg.sender_id,
            msg=msg,
            inbox_id=inbox_id,
            parsed=parsed,
            group=group,
            sender=sender,
        )

    def _parse(
        self, msg: IncomingMessage, group: Group | None, recent: Sequence[ContextMessage]
    ) -> ParsedMessage:
        hint = binding_title(group) if group else msg.chat_title
        return self.parser.parse(
            msg.text.strip()[:MAX_TEXT], sender=msg.sender_name, chat=hint, context=tuple(recent)
        )

    def _rehandle(self, ctx: Context, now: datetime) -> None:
        """Handle stored messages again, as intents, now that their group is bound; what
        they say is queued with the work that bound it."""
        for inbox_id in ctx.rehandle:
            msg = self.store.inbox_message(inbox_id)
            if msg is None:
                continue
            group = self.store.group(msg.platform, msg.chat_id)
            sender = self.settings.directory.permission(msg.platform, msg.sender_id, now)
            parsed = self._parse(msg, group, ())
            again = self._context(msg, inbox_id, parsed, group, sender, now)
            self.router.route(again, None)
            ctx.queued.extend(again.queued)
        ctx.rehandle.clear()
