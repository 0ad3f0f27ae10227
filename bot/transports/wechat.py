"""WeChat transport: the wechaty client connected to a Wechaty puppet service over gRPC.

Rooms (群) and private chats become the core's messages; replies go out with `room.say`
(@-mentioning the resident a reply answers) and `contact.say`. WeChat gives no stream
position to resume from: a message event is handed to the core once, and the inbox's
unique message id makes an event delivered twice one message. Pacing is the outbox's,
per account (`[transports.wechat] send_interval_seconds`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import socket
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import texts
from bot.messages import ChatKind, IncomingMessage, Platform
from bot.transports.base import Core, SendFailed
from bot.transports.files import keep_file
from bot.transports.redact import TokenGuard
from bot.transports.wechaty_compat import (
    Contact,
    FileBox,
    Message,
    MessageType,
    PuppetOptions,
    Room,
    Wechaty,
    WechatyOptions,
    forget_pools,
    wechaty_loggers,
)

log = logging.getLogger(__name__)

PLATFORM: Final[Platform] = "wechat"
ROOM_SUFFIX: Final = "@chatroom"
# Milliseconds since the epoch once past 2038 in seconds: the puppet may send either.
_MS_FROM: Final = 2_145_888_000


def is_room(chat_id: str) -> bool:
    return chat_id.endswith(ROOM_SUFFIX)


def posted_at(timestamp: float) -> datetime:
    """The platform's timestamp as an aware moment (seconds or milliseconds)."""
    seconds = timestamp / 1000 if timestamp > _MS_FROM else timestamp
    return datetime.fromtimestamp(seconds, tz=UTC)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class WechatTransport:
    """A Transport (see `bot.transports.base`) for one WeChat account."""

    platform: Platform = PLATFORM
    max_text_length: int = 2000

    def __init__(
        self,
        endpoint: str,
        token: str,
        *,
        max_text_length: int = 2000,
        files: Path | None = None,
        retry_initial: float = 1.0,
        retry_max: float = 30.0,
    ) -> None:
        """
        endpoint: the puppet service's host:port; token: its token (never logged).
        files: where a file the puppet cannot send is kept, for the line that says so.
        retry_initial, retry_max: backoff in seconds while the service cannot be reached.
        """
        self._endpoint = endpoint
        self._token = token
        self.max_text_length = max_text_length
        self._files = files
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self._bot: Wechaty | None = None
        self._scheduler: AsyncIOScheduler | None = None
        self._core: Core | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._ready = asyncio.Event()
        self._guard = TokenGuard(token)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def ready(self) -> asyncio.Event:
        """Set while logged in and receiving."""
        return self._ready

    async def start(self, core: Core) -> None:
        if self._task is not None:
            return
        self._watch_loggers()
        self._core = core
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="wechat")

    async def stop(self) -> None:
        self._stopping = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self._close_bot()
        self._guard.release()

    def _watch_loggers(self) -> None:
        """wechaty's puppet service logs the token it was given; a logger wechaty made since
        the last look is tamed and filtered too."""
        self._guard.watch(wechaty_loggers())

    def _build(self) -> Wechaty:
        forget_pools()
        # Login starts wechaty's plugin manager with this scheduler; nothing in wechaty
        # shuts it down, so it is ours to stop (and needs no job store on disk).
        self._scheduler = AsyncIOScheduler()
        options = WechatyOptions(
            puppet="wechaty-puppet-service",
            # Always our own PuppetOptions: wechaty's default instance is shared and written to.
            puppet_options=PuppetOptions(end_point=self._endpoint, token=self._token),
            # The plugin manager refuses a busy port; never a fixed one.
            port=_free_port(),
            scheduler=self._scheduler,
        )
        bot = Wechaty(options)
        bot.on("message", self._on_message)
        bot.on("login", self._on_login)
        bot.on("room-topic", self._on_topic)
        # Exceptions raised in handlers surface here and nowhere else.
        bot.on("error", self._on_error)
        return bot

    async def _run(self) -> None:
        attempt = 0
        while not self._stopping:
            bot = self._build()
            self._bot = bot
            try:
                await bot.init_puppet()
                self._watch_loggers()
                await bot.init_puppet_event_bridge(bot.puppet)
                # Returns or raises when the service's event stream ends.
                await bot.puppet.start()
                attempt = 0
                if not self._stopping:
                    log.warning("wechat: the puppet service closed the event stream")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                attempt += 1
                delay = min(self._retry_max, self._retry_initial * 2 ** min(attempt - 1, 20))
                log.warning(
                    "wechat: puppet service %s unreachable (attempt %d): %s; retrying in %.1fs",
                    self._endpoint,
                    attempt,
                    self._describe(exc),
                    delay,
                )
                await self._close_bot()
                await asyncio.sleep(delay)
                continue
            await self._close_bot()
            await asyncio.sleep(self._retry_initial)

    async def _close_bot(self) -> None:
        bot, self._bot = self._bot, None
        scheduler, self._scheduler = self._scheduler, None
        self._ready.clear()
        if bot is not None:
            # Stop ends the service's event stream; a service that is gone cannot answer.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(bot.stop(), 5)
            channel = getattr(bot.puppet, "channel", None) if bot._puppet is not None else None
            if channel is not None:
                with contextlib.suppress(Exception):
                    channel.close()
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)

    async def _on_login(self, contact: Any) -> None:
        self._ready.set()
        log.info("wechat: logged in")

    async def _on_topic(self, room: Any, *_: Any) -> None:
        # wechaty caches a room's payload for good: the next topic() reads the new name.
        with contextlib.suppress(Exception):
            room.payload = None

    def _on_error(self, error: Any) -> None:
        # The kind only: an exception's message may quote what a resident wrote.
        log.error("wechat: a handler failed: %s", type(error).__name__)

    # -- receiving ---------------------------------------------------------------------------

    async def _on_message(self, msg: Message) -> None:
        core = self._core
        if core is None or msg.is_self():
            return
        try:
            incoming = await self._to_incoming(msg)
        except Exception as exc:
            log.error(
                "wechat: message %s could not be read: %s", msg.message_id, type(exc).__name__
            )
            return
        if incoming is None:
            return
        try:
            await core.receive(incoming)
        except Exception:
            # WeChat will not deliver it again: say so loudly, once.
            log.exception("wechat: message %s could not be stored", msg.message_id)

    async def _to_incoming(self, msg: Message) -> IncomingMessage | None:
        talker = msg.talker()
        await talker.ready()
        room = msg.room()
        kind: ChatKind
        alias = None
        if room is not None:
            await room.ready()
            kind = "group"
            chat_id = room.room_id
            title = await room.topic() or chat_id
            with contextlib.suppress(Exception):
                alias = await room.alias(talker)
        else:
            kind = "private"
            chat_id = talker.contact_id
            title = talker.name or chat_id
        text_message = msg.type() == MessageType.MESSAGE_TYPE_TEXT
        if not text_message and kind == "group":
            return None  # pictures, voice, red packets in a group: not ours to answer
        addressed = False
        if room is not None:
            with contextlib.suppress(Exception):
                addressed = await msg.mention_self()
        return IncomingMessage(
            platform=PLATFORM,
            chat_id=chat_id,
            chat_title=title,
            chat_kind=kind,
            message_id=msg.message_id,
            sender_id=talker.contact_id,
            sender_name=alias or talker.name or talker.contact_id,
            text=msg.text() if text_message else "",
            received_at=posted_at(msg.payload.timestamp),
            addressed=addressed,
            media=not text_message,
        )

    # -- sending -----------------------------------------------------------------------------

    def _bot_for_send(self, chat_id: str) -> Wechaty:
        if self._bot is None or not self._ready.is_set():
            raise SendFailed(f"wechat send to {chat_id}: not connected", platform_wide=True)
        return self._bot

    async def send_text(self, chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        bot = self._bot_for_send(chat_id)
        try:
            if is_room(chat_id):
                room: Room = bot.Room.load(chat_id)
                await room.ready()
                await room.say(text, mention_ids=list(mentions) or None)
            else:
                contact: Contact = bot.Contact.load(chat_id)
                await contact.ready()
                await contact.say(text)
        except Exception as exc:
            raise SendFailed(
                f"wechat send to {chat_id}: {self._describe(exc)}", platform_wide=True
            ) from exc

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        bot = self._bot_for_send(chat_id)
        box = FileBox.from_base64(base64.b64encode(data), name=filename)
        try:
            target = bot.Room.load(chat_id) if is_room(chat_id) else bot.Contact.load(chat_id)
            await target.ready()
            if caption:
                await target.say(caption)
            await target.say(box)
        except Exception as exc:
            # Some puppets send no files: the file is kept here and the chat told where.
            log.warning("wechat: file %s not sent to %s: %s", filename, chat_id, exc)
            where = keep_file(self._files, filename, data)
            text = texts.FILE_KEPT.format(caption=caption, filename=filename, where=where)
            await self.send_text(chat_id, text)

    def _describe(self, exc: BaseException) -> str:
        return repr(exc).replace(self._token, "<token>")
