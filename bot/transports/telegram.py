"""Telegram transport: python-telegram-bot 22 used as an HTTP client, with our own poll loop.

Why not PTB's Updater: it keeps the getUpdates offset in memory and confirms a batch before
the handlers ran, so a crash between fetch and handling loses updates. Here the offset comes
from the core (`load_cursor`) and every update_id is stored by the core in the same
transaction as its effects (`IncomingMessage.cursor`) or with `save_cursor` when it carries
nothing to handle. Telegram discards an update only once a later getUpdates passes an offset
above it, so an update whose effects were not stored is fetched again after a restart.

Why no AIORateLimiter: the project's outbox paces and retries sends; a second mechanism
would hide 429s from it and double the waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, Final, TypeAlias, TypeVar

from telegram import BotCommand, Message, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, ExtBot
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.messages import ChatKind, IncomingMessage, Platform
from bot.transports.base import Core, SendFailed

log = logging.getLogger(__name__)

PLATFORM: Final[Platform] = "telegram"
MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
# Only messages: text is what the core reads; stickers, joins etc. arrive as messages too and
# just advance the cursor. Edits are not re-parsed (an edited order is a new message).
ALLOWED_UPDATES: Final = ("message",)

_TOKEN_RE: Final = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{30,64}$")
_COMMAND_RE: Final = re.compile(r"^[a-z0-9_]{1,32}$")

_App: TypeAlias = "Application[ExtBot[None], Any, Any, Any, Any, Any]"
_T = TypeVar("_T")


def validate_token(token: str) -> bool:
    """True if `token` has the shape BotFather hands out: `<bot id>:<secret>`.

    Only the shape: config rejects a pasted-wrong token before any connection is tried.
    Whether Telegram accepts it shows at getMe.
    """
    return bool(_TOKEN_RE.fullmatch(token))


def _chat_id(chat_id: str) -> int | str:
    # Numeric ids go as ints (negative for groups); "@channelname" stays a string.
    return int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id


class TelegramTransport:
    """A Transport (see `bot.transports.base`) for one Telegram bot account."""

    platform: Platform = PLATFORM
    max_text_length: int = MAX_TEXT_LENGTH

    def __init__(
        self,
        token: str,
        *,
        base_url: str | None = None,
        poll_timeout: int = 30,
        commands: Sequence[tuple[str, str]] = (),
        proxy: str | None = None,
        retry_initial: float = 1.0,
        retry_max: float = 30.0,
        stop_grace: float = 10.0,
    ) -> None:
        """
        token: from BotFather (validate with `validate_token` first).
        base_url: Bot API root such as "https://api.telegram.org/bot" (the token is appended,
            or replaces "{token}"); None means Telegram's own.
        poll_timeout: seconds a getUpdates long poll may wait for an update.
        commands: (ASCII command, description) pairs registered with setMyCommands, e.g.
            ("bind", "绑定楼栋"), so Telegram's "/" menu shows them.
        proxy: HTTP or SOCKS proxy URL for every Bot API call (None: httpx reads the
            HTTP(S)_PROXY / NO_PROXY environment).
        retry_initial, retry_max: backoff in seconds after a failed fetch, doubling up to max.
        stop_grace: seconds stop() lets a message the core is handling finish.
        """
        if not token:
            raise ValueError("telegram token is empty")
        for name, description in commands:
            if not _COMMAND_RE.fullmatch(name):
                raise ValueError(
                    f"telegram command {name!r}: must be 1-32 of a-z, 0-9 and _ (Bot API rule)"
                )
            if not 1 <= len(description) <= 256:
                raise ValueError(f"telegram command {name!r}: description must be 1-256 chars")
        self._token = token
        self._base_url = base_url
        self._poll_timeout = poll_timeout
        self._commands = tuple(commands)
        self._proxy = proxy
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self._stop_grace = stop_grace

        self._app: _App | None = None
        self._requests: tuple[HTTPXRequest, ...] = ()
        self._task: asyncio.Task[None] | None = None
        self._stop_requested = False
        self._in_core = False
        self._username: str | None = None
        self._log_filter = _RedactFilter(token)
        self._filtered: list[logging.Logger] = []

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def username(self) -> str | None:
        """The bot's @username once getMe has answered."""
        return self._username

    async def start(self, core: Core) -> None:
        if self._task is not None:
            return
        # httpx logs every request URL at INFO and PTB logs its API URL at DEBUG; both hold
        # the token.
        self._filtered = _client_loggers()
        for logger in self._filtered:
            logger.addFilter(self._log_filter)
        self._app = self._build_app()
        self._stop_requested = False
        self._task = asyncio.create_task(self._run(core), name="telegram-poll")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self._stop_requested = True
        # A message inside core.receive finishes (the loop then returns by itself); a long
        # poll or a backoff sleep is simply cancelled.
        if not self._in_core:
            task.cancel()
        done, _ = await asyncio.wait({task}, timeout=self._stop_grace)
        if not done:
            log.warning("telegram: core still busy after %.0fs; cancelling", self._stop_grace)
            task.cancel()
            await asyncio.wait({task})
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("telegram: poll loop ended with %s", self._describe(error))
        app, self._app = self._app, None
        if app is not None:
            with contextlib.suppress(Exception):
                await app.shutdown()
        # Application.shutdown skips the bot when getMe never succeeded; close both clients.
        for request in self._requests:
            with contextlib.suppress(Exception):
                await request.shutdown()
        self._requests = ()
        for logger in self._filtered:
            logger.removeFilter(self._log_filter)
        self._filtered = []

    def _build_app(self) -> _App:
        # Our own request objects: we can always close them, and the proxy is explicit.
        request = HTTPXRequest(connection_pool_size=8, proxy=self._proxy)
        updates_request = HTTPXRequest(connection_pool_size=1, proxy=self._proxy)
        self._requests = (request, updates_request)
        builder = (
            ApplicationBuilder()
            .token(self._token)
            .request(request)
            .get_updates_request(updates_request)
            .updater(None)
            .job_queue(None)
        )
        if self._base_url is not None:
            builder = builder.base_url(self._base_url)
        return builder.build()

    # -- receiving ---------------------------------------------------------------------------

    async def _run(self, core: Core) -> None:
        app = self._app
        assert app is not None
        bot = app.bot
        await self._retrying("connect", lambda: self._connect(app))
        offset = await self._retrying("load cursor", lambda: self._load_offset(core))
        attempt = 0
        while not self._stop_requested:
            stage = "getUpdates"
            try:
                updates = await bot.get_updates(
                    offset=offset,
                    timeout=self._poll_timeout,
                    allowed_updates=list(ALLOWED_UPDATES),
                )
                for update in updates:
                    if update.update_id < offset:
                        continue  # already stored; never hand it over twice
                    if self._stop_requested:
                        return
                    stage = f"handling update {update.update_id}"
                    await self._deliver(core, update)
                    offset = update.update_id + 1
                attempt = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if self._stop_requested:
                    return  # the core failed during a graceful stop; nothing to wait for
                # The offset did not move past an unstored update, so the next fetch
                # returns it again: nothing is skipped.
                attempt += 1
                # A failing core is a bug or a broken database: its traceback, once, helps.
                trace = stage != "getUpdates" and attempt == 1
                await self._backoff(stage, attempt, exc, trace=trace)

    async def _connect(self, app: _App) -> None:
        await app.initialize()  # getMe: also proves the token
        self._username = app.bot.username
        # A webhook left on this token (another deployment, a tutorial) makes every getUpdates
        # fail with 409. No drop_pending_updates: queued messages are orders.
        await app.bot.delete_webhook()
        if self._commands:
            await app.bot.set_my_commands(
                [BotCommand(name, description) for name, description in self._commands]
            )
        log.info("telegram: connected as @%s", self._username)

    async def _load_offset(self, core: Core) -> int:
        cursor = await core.load_cursor(PLATFORM)
        return (cursor or 0) + 1

    async def _retrying(self, what: str, call: Callable[[], Awaitable[_T]]) -> _T:
        attempt = 0
        while True:
            try:
                return await call()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                attempt += 1
                await self._backoff(what, attempt, exc)

    async def _backoff(
        self, what: str, attempt: int, exc: BaseException, *, trace: bool = False
    ) -> None:
        # The exponent is capped so a days-long outage cannot overflow the float.
        delay = min(self._retry_max, self._retry_initial * 2 ** min(attempt - 1, 20))
        log.warning(
            "telegram: %s failed (attempt %d): %s; retrying in %.1fs",
            what,
            attempt,
            self._describe(exc),
            delay,
            exc_info=exc if trace else None,
        )
        await asyncio.sleep(delay)

    async def _deliver(self, core: Core, update: Update) -> None:
        incoming = self._to_incoming(update)
        self._in_core = True
        try:
            if incoming is None:
                await core.save_cursor(PLATFORM, update.update_id)
            else:
                await core.receive(incoming)
        finally:
            self._in_core = False

    def _to_incoming(self, update: Update) -> IncomingMessage | None:
        message = update.message
        if message is None or message.text is None:
            return None
        chat = message.chat
        kind: ChatKind
        if chat.type in (chat.GROUP, chat.SUPERGROUP):
            kind = "group"
        elif chat.type == chat.PRIVATE:
            kind = "private"
        else:
            return None
        sender_id, sender_name = _sender(message)
        return IncomingMessage(
            platform=PLATFORM,
            chat_id=str(chat.id),
            chat_title=chat.title or sender_name,
            chat_kind=kind,
            message_id=str(message.message_id),
            sender_id=sender_id,
            sender_name=sender_name,
            text=self._strip_own_mention(message.text),
            received_at=message.date,
            cursor=update.update_id,
            addressed=self._addressed(message),
        )

    def _addressed(self, message: Message) -> bool:
        """An @mention of this bot, or a reply to one of its messages."""
        if self._username is None:
            return False
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot:
            return reply.from_user.username == self._username
        return f"@{self._username}".lower() in (message.text or "").lower()

    def _strip_own_mention(self, text: str) -> str:
        # In groups Telegram's menu sends "/bind@LouzhangBot 3号楼"; the core knows no bot names.
        if not text.startswith("/") or self._username is None:
            return text
        head, sep, rest = text.partition(" ")
        command, at, target = head.partition("@")
        if at and target.lower() == self._username.lower():
            return command + sep + rest
        return text

    # -- sending -----------------------------------------------------------------------------

    async def send_text(self, chat_id: str, text: str) -> None:
        bot = self._bot_for_send()
        try:
            await bot.send_message(chat_id=_chat_id(chat_id), text=text)
        except Exception as exc:
            raise self._send_failed("sendMessage", chat_id, exc) from exc

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        bot = self._bot_for_send()
        if len(caption) > MAX_CAPTION_LENGTH:
            # Telegram rejects longer captions outright; the file is what matters.
            log.warning("telegram: caption of %s cut to %d chars", filename, MAX_CAPTION_LENGTH)
            caption = caption[: MAX_CAPTION_LENGTH - 1] + "…"
        try:
            await bot.send_document(
                chat_id=_chat_id(chat_id),
                document=data,
                filename=filename,
                caption=caption or None,
            )
        except Exception as exc:
            raise self._send_failed("sendDocument", chat_id, exc) from exc

    def _bot_for_send(self) -> ExtBot[None]:
        if self._app is None:
            raise SendFailed("telegram transport is not started")
        return self._app.bot

    def _send_failed(self, method: str, chat_id: str, exc: Exception) -> SendFailed:
        reason = f"telegram {method} to {chat_id}: {self._describe(exc)}"
        if isinstance(exc, RetryAfter):
            return SendFailed(reason, retry_after=_retry_after_seconds(exc))
        if isinstance(exc, ChatMigrated):
            # A group became a supergroup; its id changed and every later send will fail.
            reason += f" (chat moved to {exc.new_chat_id})"
            return SendFailed(reason, permanent=True)
        if isinstance(exc, Forbidden) or (
            isinstance(exc, BadRequest) and _NO_CHAT.search(str(exc)) is not None
        ):
            # Never pressed Start, blocked the bot, left the group, or no such chat.
            return SendFailed(reason, permanent=True)
        if isinstance(exc, BadRequest):
            return SendFailed(reason)
        return SendFailed(reason, platform_wide=True)

    def _describe(self, exc: BaseException) -> str:
        # PTB puts the token into InvalidToken's message; logs never carry it. Its messages
        # often start with their own kind (Forbidden: …): that is not said twice.
        if isinstance(exc, TelegramError):
            name, message = type(exc).__name__, str(exc)
            text = message if message.startswith(name) else f"{name}: {message}"
        else:
            text = repr(exc)
        return text.replace(self._token, "<token>")


_NO_CHAT = re.compile(r"chat not found|user is deactivated|bot was blocked|PEER_ID_INVALID", re.I)


def _sender(message: Message) -> tuple[str, str]:
    user = message.from_user
    if user is not None:
        return str(user.id), user.full_name
    # Anonymous group admins and channel posts speak as a chat.
    chat = message.sender_chat or message.chat
    return str(chat.id), chat.title or chat.full_name or str(chat.id)


def _retry_after_seconds(exc: RetryAfter) -> float:
    # Until PTB 23, reading retry_after warns unless PTB_TIMEDELTA is set; accept both types.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _client_loggers() -> list[logging.Logger]:
    # A logger's filters see only records logged on that very logger, not its children's,
    # so every existing logger of the HTTP stack gets one. PTB's are module-level (created on
    # import, before this runs).
    roots = ("httpx", "httpcore", "telegram")
    names = {n for n in logging.Logger.manager.loggerDict if n.split(".")[0] in roots}
    return [logging.getLogger(n) for n in sorted({*names, *roots, "telegram.ext.ExtBot"})]


class _RedactFilter(logging.Filter):
    """Replaces the bot token in log records of third-party loggers."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, "<token>")
            record.args = None
        return True
