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
import json
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any, Final, TypeAlias, TypeVar

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application, ApplicationBuilder, ExtBot
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from bot.messages import ChatKind, IncomingMessage, Platform, Role
from bot.transports.base import Core, SendFailed
from bot.transports.redact import TokenGuard

log = logging.getLogger(__name__)

PLATFORM: Final[Platform] = "telegram"
MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
# Messages and their edits: text (or a photo's caption) is what the core reads; stickers,
# joins etc. arrive as messages too and just advance the cursor.
ALLOWED_UPDATES: Final = ("message", "edited_message")
# Telegram's account that speaks for a group admin posting anonymously, as the group.
ANONYMOUS_ADMIN_ID: Final = 1087968824

_TOKEN_RE: Final = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{30,64}$")
_COMMAND_RE: Final = re.compile(r"^[a-z0-9_]{1,32}$")

_App: TypeAlias = "Application[ExtBot[None], Any, Any, Any, Any, Any]"
_T = TypeVar("_T")
# The "/" menu per role: residents' in every chat, staff's in their own private chats.
Menus: TypeAlias = Mapping[Role, Sequence[tuple[str, str]]]


class TokenRejected(Exception):
    """Telegram does not know this bot token: nothing will work until config changes."""


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
        commands: Sequence[tuple[str, str]] | Menus = (),
        proxy: str | None = None,
        retry_initial: float = 1.0,
        retry_max: float = 30.0,
        stop_grace: float = 10.0,
        on_fatal: Callable[[str], None] = lambda _reason: None,
        on_recovered: Callable[[], None] = lambda: None,
    ) -> None:
        """
        token: from BotFather (validate with `validate_token` first).
        base_url: Bot API root such as "https://api.telegram.org/bot" (the token is appended,
            or replaces "{token}"); None means Telegram's own.
        poll_timeout: seconds a getUpdates long poll may wait for an update.
        commands: (ASCII command, description) pairs registered with setMyCommands, e.g.
            ("bind", "绑定楼栋"), so Telegram's "/" menu shows them; or such pairs per role:
            residents' for everyone, a staff member's in their private chat, cadres' for
            group admins.
        proxy: HTTP or SOCKS proxy URL for every Bot API call (None: httpx reads the
            HTTP(S)_PROXY / NO_PROXY environment).
        retry_initial, retry_max: backoff in seconds after a failed fetch, doubling up to max.
        stop_grace: seconds stop() lets a message the core is handling finish.
        on_fatal: called with one line when Telegram rejects the token; the transport has
            stopped receiving by then.
        on_recovered: called when getUpdates answers again after failing, so that sends
            backing off can stop waiting.
        """
        if not token:
            raise ValueError("telegram token is empty")
        menus: Menus = commands if isinstance(commands, Mapping) else {"resident": tuple(commands)}
        for name, description in (pair for menu in menus.values() for pair in menu):
            if not _COMMAND_RE.fullmatch(name):
                raise ValueError(
                    f"telegram command {name!r}: must be 1-32 of a-z, 0-9 and _ (Bot API rule)"
                )
            if not 1 <= len(description) <= 256:
                raise ValueError(f"telegram command {name!r}: description must be 1-256 chars")
        self._token = token
        self._base_url = base_url
        self._poll_timeout = poll_timeout
        self._menus = menus
        self._on_fatal = on_fatal
        self._on_recovered = on_recovered
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
        self._guard = TokenGuard(token)

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
        self._guard.watch(_client_loggers())
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
        self._guard.release()

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
        try:
            await self._poll(core)
        except TokenRejected as exc:
            reason = f"telegram rejected the bot token ({exc}); check [transports.telegram] token"
            log.error("telegram: %s", reason)
            self._on_fatal(reason)

    async def _poll(self, core: Core) -> None:
        app = self._app
        assert app is not None
        await self._retrying("connect", lambda: self._connect(app, core))
        offset = await self._retrying("load cursor", lambda: self._load_offset(core))
        attempt = 0
        while not self._stop_requested:
            stage = "getUpdates"
            try:
                raw_updates = await self._get_updates(app.bot, offset)
                if attempt and stage == "getUpdates":
                    self._on_recovered()
                for raw in raw_updates:
                    update_id = raw.get("update_id") if isinstance(raw, dict) else None
                    if not isinstance(update_id, int) or update_id < offset:
                        continue  # already stored (never handed over twice), or no position
                    if self._stop_requested:
                        return
                    stage = f"handling update {update_id}"
                    await self._deliver_raw(core, app.bot, raw, update_id)
                    offset = update_id + 1
                attempt = 0
            except asyncio.CancelledError:
                raise
            except TokenRejected:
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

    async def _get_updates(self, bot: ExtBot[None], offset: int) -> list[Any]:
        """The raw updates: each is read on its own, so one the client cannot parse is
        skipped alone instead of failing every fetch after it."""
        kwargs = {
            "offset": offset,
            "timeout": self._poll_timeout,
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        try:
            with warnings.catch_warnings():
                # PTB would rather we called get_updates, which parses the batch whole.
                warnings.simplefilter("ignore", PTBUserWarning)
                result = await bot.do_api_request(
                    "getUpdates", api_kwargs=kwargs, read_timeout=self._poll_timeout + 10
                )
        except (InvalidToken, EndPointNotFound) as exc:
            raise TokenRejected(self._describe(exc)) from exc
        return result if isinstance(result, list) else []

    async def _connect(self, app: _App, core: Core) -> None:
        try:
            await app.initialize()  # getMe: also proves the token
        except InvalidToken as exc:
            raise TokenRejected(self._describe(exc)) from exc
        bot = app.bot
        self._username = bot.username
        # A webhook left on this token (another deployment, a tutorial) makes every getUpdates
        # fail with 409. No drop_pending_updates: queued messages are orders.
        await bot.delete_webhook()
        staff = await core.staff(PLATFORM)
        await self._set_menus(bot, staff)
        unreachable = await self._unreachable(bot, staff)
        if unreachable:
            log.warning(
                "telegram: cannot write to staff %s yet: each must open a private chat with "
                "@%s and press Start",
                ", ".join(unreachable),
                self._username,
            )
        log.info("telegram: connected as @%s", self._username)

    async def _set_menus(self, bot: ExtBot[None], staff: Mapping[str, Role | None]) -> None:
        def menu(role: Role) -> list[BotCommand]:
            return [BotCommand(name, text) for name, text in self._menus.get(role, ())]

        scopes: list[tuple[BotCommandScope, list[BotCommand]]] = [
            (BotCommandScopeDefault(), menu("resident"))
        ]
        if "cadre" in self._menus:
            scopes.append((BotCommandScopeAllChatAdministrators(), menu("cadre")))
        scopes += [
            (BotCommandScopeChat(_chat_id(user)), menu(role))
            for user, role in staff.items()
            if role is not None and role in self._menus
        ]
        for scope, commands in scopes:
            if not commands:
                continue
            try:
                await bot.set_my_commands(commands, scope=scope)
            except BadRequest as exc:
                # A staff member who never wrote to the bot: their menu waits for a restart.
                log.info("telegram: menu for %s not set: %s", scope.type, self._describe(exc))

    async def _unreachable(
        self, bot: ExtBot[None], staff: Mapping[str, Role | None]
    ) -> tuple[str, ...]:
        """Staff whose private chat refuses the bot: it shows the typing sign to the rest."""
        out = []
        for user in staff:
            if not user.lstrip("-").isdigit():
                continue
            try:
                await bot.send_chat_action(_chat_id(user), "typing")
            except (Forbidden, BadRequest):
                out.append(user)
            except TelegramError as exc:
                log.info("telegram: could not check %s: %s", user, self._describe(exc))
        return tuple(out)

    async def _load_offset(self, core: Core) -> int:
        cursor = await core.load_cursor(PLATFORM)
        return (cursor or 0) + 1

    async def _retrying(self, what: str, call: Callable[[], Awaitable[_T]]) -> _T:
        attempt = 0
        while True:
            try:
                return await call()
            except (asyncio.CancelledError, TokenRejected):
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

    async def _deliver_raw(
        self, core: Core, bot: ExtBot[None], raw: dict[str, Any], update_id: int
    ) -> None:
        try:
            update = Update.de_json(raw, bot)
        except Exception as exc:
            # The exception's kind only: its message may quote what a resident wrote.
            log.error(
                "telegram: update %d could not be read (%s); kept in the database, skipped",
                update_id,
                type(exc).__name__,
            )
            text = json.dumps(raw, ensure_ascii=False)
            self._in_core = True
            try:
                await core.keep_unreadable(PLATFORM, update_id, text, repr(exc)[:500])
            finally:
                self._in_core = False
            return
        await self._deliver(core, update)

    async def _deliver(self, core: Core, update: Update) -> None:
        self._in_core = True
        try:
            moved = _migration(update)
            incoming = None if moved else self._to_incoming(update)
            if moved is not None:
                await core.move_chat(PLATFORM, moved[0], moved[1], update.update_id)
            elif incoming is None:
                await core.save_cursor(PLATFORM, update.update_id)
            else:
                await core.receive(incoming)
        finally:
            self._in_core = False

    def _to_incoming(self, update: Update) -> IncomingMessage | None:
        message = update.message or update.edited_message
        # A photo or a file sent with words: the words are the message.
        text = None if message is None else (message.text or message.caption)
        if message is None or text is None:
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
        edited = update.edited_message is not None and update.message is None
        message_id = str(message.message_id)
        posted = message.date
        if edited:
            posted = message.edit_date or message.date
            # Each edit is a message of its own, so a redelivered edit is handled once.
            message_id = f"{message.message_id}~{int(posted.timestamp())}"
        return IncomingMessage(
            platform=PLATFORM,
            chat_id=str(chat.id),
            chat_title=chat.title or sender_name,
            chat_kind=kind,
            message_id=message_id,
            sender_id=sender_id,
            sender_name=sender_name,
            text=self._strip_own_mention(text),
            received_at=posted,
            cursor=update.update_id,
            addressed=self._addressed(message, text),
            edit_of=str(message.message_id) if edited else None,
            anonymous=_anonymous(message),
        )

    def _addressed(self, message: Message, text: str) -> bool:
        """An @mention of this bot, or a reply to one of its messages."""
        if self._username is None:
            return False
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot:
            return reply.from_user.username == self._username
        return f"@{self._username}".lower() in text.lower()

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

    async def send_text(self, chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        # A reply in a group already names the door it is about; no @ needed.
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
            # A group became a supergroup; what was queued for it goes to the new id.
            return SendFailed(reason, moved_to=str(exc.new_chat_id))
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


def _migration(update: Update) -> tuple[str, str] | None:
    """(old id, new id) from the service message a group's upgrade leaves in either chat."""
    message = update.message
    if message is None:
        return None
    if message.migrate_to_chat_id is not None:
        return str(message.chat.id), str(message.migrate_to_chat_id)
    if message.migrate_from_chat_id is not None:
        return str(message.migrate_from_chat_id), str(message.chat.id)
    return None


def _anonymous(message: Message) -> bool:
    user = message.from_user
    sender_chat = message.sender_chat
    return (user is not None and user.id == ANONYMOUS_ADMIN_ID) or (
        sender_chat is not None and sender_chat.id == message.chat.id
    )


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
