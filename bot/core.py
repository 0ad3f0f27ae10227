"""The core: store a message once, parse it, hand it to its handler, queue the replies.

All of it happens in one transaction, so an acknowledgement is only ever queued for an
order that is committed, and a redelivered message changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
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


class Parser(Protocol):
    def parse(
        self,
        text: str,
        *,
        sender: str = "",
        chat: str = "",
        context: Sequence[ContextMessage] = (),
    ) -> ParsedMessage: ...


def binding_title(group: Group) -> str:
    """The bound building written the way chat titles say it, for the parser's title rule."""
    building = f"{group.building}座" if group.building.isalpha() else f"{group.building}号楼"
    return building + (f"{group.unit}单元" if group.unit else "")


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
        self._lock = asyncio.Lock()
        self.known = Known()

    async def load_cursor(self, platform: Platform) -> int | None:
        return await self.db.read(lambda conn: cursors.load(conn, platform))

    async def save_cursor(self, platform: Platform, value: int) -> None:
        await self.db.write(lambda conn: cursors.save(conn, platform, value))

    def forget_group(self, platform: str, chat_id: str) -> None:
        self._groups.pop((platform, chat_id), None)

    async def receive(self, message: IncomingMessage) -> None:
        """Handle one message exactly once. Never raises for what a user wrote."""
        async with self._lock:
            try:
                queued = await self._receive(message)
            except Exception:
                # A bug must not lose the message: keep it in the inbox for a person to see.
                log.exception("handling %s/%s failed", message.chat_id, message.message_id)
                self.known.clear()
                await self.db.write(lambda conn: inbox.insert(conn, message))
                queued = 0
        if queued:
            self._on_queued()

    async def _receive(self, msg: IncomingMessage) -> int:
        now = self.clock.now()
        key = (msg.platform, msg.chat_id)
        group = await self._group(msg)
        context = await self._context(key)
        text = msg.text.strip()
        parsed = None
        if text:
            # Pure, so it runs before the transaction and outside the database thread.
            chat_hint = binding_title(group) if group else msg.chat_title
            parsed = self.parser.parse(
                text[:MAX_TEXT], sender=msg.sender_name, chat=chat_hint, context=tuple(context)
            )

        def handle(conn: sqlite3.Connection) -> tuple[int, Group | None]:
            """Everything this message changes, in one transaction on the database thread."""
            if msg.cursor is not None:
                cursors.save(conn, msg.platform, msg.cursor)
            inbox_id = inbox.insert(conn, msg, parsed.intent if parsed else None)
            if inbox_id is None:
                log.info("duplicate message %s/%s ignored", msg.chat_id, msg.message_id)
                return 0, group
            if parsed is None:
                return 0, group
            turn = Turn(
                msg=msg,
                inbox_id=inbox_id,
                parsed=parsed,
                group=group,
                role=self.settings.role_of(msg.platform, msg.sender_id),
                conn=conn,
                now=now,
                settings=self.settings,
                known=self.known,
            )
            if len(text) > MAX_TEXT and parsed.intent == "order":
                replies = [turn.reply(texts.TOO_LONG)]
            else:
                replies = self.router.route(turn)
            for reply in replies:
                outbox.enqueue(conn, reply, now)
            return len(replies), turn.group

        queued, group_after = await self.db.write(handle)
        if group_after is not group:
            self._groups[key] = group_after
        context.append(ContextMessage(sender=msg.sender_name, text=msg.text))
        return queued

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
