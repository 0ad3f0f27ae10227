"""A fake Telegram Bot API on 127.0.0.1 for driving the real python-telegram-bot client.

    async with FakeTelegramAPI() as api:
        transport = TelegramTransport(api.token, base_url=api.base_url, poll_timeout=1)
        api.push_text(chat_id=-100, chat_type="group", chat_title="3号楼", user_id=7,
                      user_name="王阿姨", text="3-501 白菜2斤")
        sent = await api.wait_for_sent(lambda m: m.chat_id == -100)

Requests arrive as PTB sends them: form-urlencoded (multipart when a file is attached),
non-string values JSON-encoded, getMe with an empty body. Answers carry every field PTB 22
requires of the objects it parses. Updates stay queued until a getUpdates offset passes them,
as on Telegram, so a client that does not confirm gets them again.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web
from multidict import MultiDictProxy

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl"
BOT_ID = 123456789
BOT_USERNAME = "LouzhangTestBot"

JSON = dict[str, Any]

_T = TypeVar("_T")


@dataclass(frozen=True)
class SentMessage:
    chat_id: int | str
    text: str
    message_id: int


@dataclass(frozen=True)
class LoggedSend:
    """One send request as the server saw it: when (loop time), where, and its answer."""

    at: float
    method: str
    chat_id: int | str
    status: int
    text: str


@dataclass(frozen=True)
class SentDocument:
    chat_id: int | str
    filename: str
    data: bytes
    caption: str | None
    message_id: int


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass
class _Failure:
    remaining: int
    status: int
    description: str
    parameters: JSON | None


@dataclass
class _Chat:
    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    next_message_id: int = 1

    def as_json(self) -> JSON:
        data: JSON = {"id": self.id, "type": self.type}
        if self.title is not None:
            data["title"] = self.title
        if self.first_name is not None:
            data["first_name"] = self.first_name
        return data


@dataclass
class FakeTelegramAPI:
    token: str = DEFAULT_TOKEN
    first_update_id: int = 1000

    # Everything the bot sent, in order.
    sent: list[SentMessage] = field(default_factory=list)
    documents: list[SentDocument] = field(default_factory=list)
    # Requests per Bot API method name, e.g. calls["getUpdates"].
    calls: Counter[str] = field(default_factory=Counter)
    # The parsed fields of every request, per method, in order.
    requests: dict[str, list[JSON]] = field(default_factory=dict)
    commands: list[tuple[str, str]] = field(default_factory=list)
    # setMyCommands per scope: "default", "all_chat_administrators", "chat:42", ...
    scoped_commands: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Every sendMessage/sendDocument with its answer, in order.
    send_log: list[LoggedSend] = field(default_factory=list)
    # Sends that arrived while their chat was inside a flood wait it had been told of.
    sent_inside_wait: list[LoggedSend] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(self.first_update_id)
        self._chats: dict[int, _Chat] = {}
        self._failures: dict[str, list[_Failure]] = {}
        self._forbidden: dict[int, str] = {}
        self._migrated: dict[int, int] = {}
        # chat id -> (seconds to ask for at the next send, loop time the told wait ends)
        self._floods: dict[int, float] = {}
        self._waits: dict[int, float] = {}
        self._changed = asyncio.Condition()
        self._closing = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder.base_url / TelegramTransport(base_url=...): token appended."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def close(self) -> None:
        # Wake long polls so the server's shutdown does not wait for them.
        self._closing = True
        await self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- what tests push ---------------------------------------------------------------------

    def push_text(
        self,
        chat_id: int,
        chat_type: str,
        chat_title: str | None,
        user_id: int,
        user_name: str,
        text: str,
    ) -> int:
        """Queue a text message from a user; returns its update_id."""
        return self.push_message(chat_id, chat_type, chat_title, user_id, user_name, {"text": text})

    def push_sticker(
        self, chat_id: int, chat_type: str, chat_title: str | None, user_id: int, user_name: str
    ) -> int:
        sticker = {
            "file_id": "CAACAgIAAxkBAAEFake",
            "file_unique_id": "AgADFake",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
            "emoji": "👍",
        }
        return self.push_message(
            chat_id, chat_type, chat_title, user_id, user_name, {"sticker": sticker}
        )

    def push_new_chat_members(
        self,
        chat_id: int,
        chat_type: str,
        chat_title: str | None,
        user_id: int,
        user_name: str,
        new_members: list[tuple[int, str]] | None = None,
    ) -> int:
        """A join: by default the sender added themself (joined by link)."""
        members = new_members or [(user_id, user_name)]
        return self.push_message(
            chat_id,
            chat_type,
            chat_title,
            user_id,
            user_name,
            {"new_chat_members": [_user(uid, name) for uid, name in members]},
        )

    def push_message(
        self,
        chat_id: int,
        chat_type: str,
        chat_title: str | None,
        user_id: int,
        user_name: str,
        content: Mapping[str, Any],
    ) -> int:
        """Queue a message with any content fields (text, sticker, photo+caption, ...)."""
        chat = self._chat(chat_id, chat_type, chat_title, user_name)
        message: JSON = {
            "message_id": self._next_message_id(chat),
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": _user(user_id, user_name),
            **content,
        }
        return self.push_update({"message": message})

    def push_edited(
        self,
        chat_id: int,
        chat_type: str,
        chat_title: str | None,
        user_id: int,
        user_name: str,
        message_id: int,
        text: str,
    ) -> int:
        """An edit of message `message_id`: Telegram sends it again, whole, as edited_message."""
        chat = self._chat(chat_id, chat_type, chat_title, user_name)
        now = int(time.time())
        message: JSON = {
            "message_id": message_id,
            "date": now - 60,
            "edit_date": now,
            "chat": chat.as_json(),
            "from": _user(user_id, user_name),
            "text": text,
        }
        return self.push_update({"edited_message": message})

    def push_migration(self, old_id: int, new_id: int, title: str, user_id: int = 1) -> int:
        """A group upgraded to a supergroup: the old id answers sends with
        migrate_to_chat_id from now on, and the service message arrives in the old group."""
        self._migrated[old_id] = new_id
        old = self._chat(old_id, "group", title, "user")
        self._chat(new_id, "supergroup", title, "user")
        message: JSON = {
            "message_id": self._next_message_id(old),
            "date": int(time.time()),
            "chat": old.as_json(),
            "from": _user(user_id, "群主"),
            "migrate_to_chat_id": new_id,
        }
        return self.push_update({"message": message})

    def push_update(self, payload: Mapping[str, Any]) -> int:
        """Queue a raw update (the update_id is added); returns the update_id."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._notify_soon()
        return update_id

    @property
    def pending_update_ids(self) -> list[int]:
        """Updates not yet confirmed by an offset above them."""
        return [u["update_id"] for u in self._updates]

    # -- failures ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        count: int = 1,
        *,
        status: int = 502,
        description: str = "Bad Gateway",
        parameters: JSON | None = None,
    ) -> None:
        """Answer the next `count` calls of `method` with an error."""
        self._failures.setdefault(method, []).append(
            _Failure(count, status, description, parameters)
        )

    def fail_next_sends(self, count: int = 1, *, retry_after: int = 5) -> None:
        """Answer the next `count` sendMessage calls with 429 and parameters.retry_after."""
        self.fail_next(
            "sendMessage",
            count,
            status=429,
            description=f"Too Many Requests: retry after {retry_after}",
            parameters={"retry_after": retry_after},
        )

    def forbid(
        self,
        chat_id: int,
        description: str = "Forbidden: bot can't initiate conversation with a user",
    ) -> None:
        """Every send to `chat_id` answers 403, as for a user who never pressed Start."""
        self._forbidden[chat_id] = description

    def flood(self, chat_id: int, retry_after: int) -> None:
        """The next send into `chat_id` answers 429 with `retry_after`; until that wait has
        passed every send into it answers 429 again and is noted in `sent_inside_wait`."""
        self._floods[chat_id] = retry_after

    # -- waiting -----------------------------------------------------------------------------

    async def wait_for_sent(
        self, predicate: Callable[[SentMessage], bool] = lambda _: True, timeout: float = 5.0
    ) -> SentMessage:
        """The first sent message matching `predicate`, waiting for it up to `timeout`."""
        return await self._wait_for_first(self.sent, predicate, timeout)

    async def wait_for_document(
        self, predicate: Callable[[SentDocument], bool] = lambda _: True, timeout: float = 5.0
    ) -> SentDocument:
        return await self._wait_for_first(self.documents, predicate, timeout)

    async def _wait_for_first(
        self, seen: list[_T], predicate: Callable[[_T], bool], timeout: float
    ) -> _T:
        found: list[_T] = []

        def match() -> bool:
            found[:] = [x for x in seen if predicate(x)][:1]
            return bool(found)

        await self.wait_until(match, timeout)
        return found[0]

    async def wait_for_calls(self, method: str, count: int, timeout: float = 5.0) -> None:
        """Until `method` has been requested at least `count` times in all."""
        await self.wait_until(lambda: self.calls[method] >= count, timeout)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Re-checks `condition` whenever a request arrives or an update is pushed."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(condition)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _notify_soon(self) -> None:
        # push_* are plain functions for test convenience; wake waiters from the loop.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._notify())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- the Bot API -------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        fields, files = _read_fields(await request.post())
        self.calls[method] += 1
        self.requests.setdefault(method, []).append(fields)
        await self._notify()  # waiters on calls[...] need not wait out a long poll
        try:
            failure = self._take_failure(method)
            if failure is not None:
                return _error(failure.status, failure.description, failure.parameters)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                return _error(404, "Not Found")
            if method in ("sendMessage", "sendDocument"):
                refused = self._refuse_send(method, fields)
                if refused is not None:
                    return refused
            try:
                result = await handler(fields, files)
            except _ApiError as exc:
                return _error(exc.status, exc.description)
            return web.json_response({"ok": True, "result": result})
        finally:
            await self._notify()

    def _take_failure(self, method: str) -> _Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.pop(0)
        return failure

    async def _api_getMe(self, fields: JSON, files: JSON) -> JSON:
        return {
            **_user(BOT_ID, "楼长", is_bot=True, username=BOT_USERNAME),
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
        }

    async def _api_deleteWebhook(self, fields: JSON, files: JSON) -> bool:
        return True

    async def _api_setMyCommands(self, fields: JSON, files: JSON) -> bool:
        commands = [(c["command"], c["description"]) for c in json.loads(fields["commands"])]
        scope = json.loads(fields["scope"]) if "scope" in fields else {"type": "default"}
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        self.scoped_commands[key] = commands
        if key == "default":
            self.commands = commands
        return True

    async def _api_sendChatAction(self, fields: JSON, files: JSON) -> bool:
        chat_id = _id(fields["chat_id"])
        if isinstance(chat_id, int) and chat_id in self._forbidden:
            raise _ApiError(403, self._forbidden[chat_id])
        return True

    async def _api_getChat(self, fields: JSON, files: JSON) -> JSON:
        chat = self._chats.get(int(fields["chat_id"]))
        if chat is None:
            raise _ApiError(400, "Bad Request: chat not found")
        return {
            **chat.as_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            # PTB 22.8 requires all five flags.
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _api_getUpdates(self, fields: JSON, files: JSON) -> list[JSON]:
        offset = int(fields.get("offset") or 0)
        timeout = float(fields.get("timeout") or 0)
        limit = int(fields.get("limit") or 100)
        if offset > 0:
            # An offset confirms every earlier update; Telegram forgets them.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = asyncio.get_running_loop().time() + timeout
        async with self._changed:
            while not self._updates and not self._closing:
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    break
                try:
                    async with asyncio.timeout(left):
                        await self._changed.wait()
                except TimeoutError:
                    break
                if offset > 0:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
        return self._updates[:limit]

    def _refuse_send(self, method: str, fields: JSON) -> web.Response | None:
        """Per-chat refusals; every send is logged with its answer."""
        chat_id = _id(fields["chat_id"])
        now = asyncio.get_running_loop().time()
        text = fields.get("text") or fields.get("caption") or ""
        answer: web.Response | None = None
        if isinstance(chat_id, int) and chat_id in self._forbidden:
            answer = _error(403, self._forbidden[chat_id])
        elif isinstance(chat_id, int) and chat_id in self._migrated:
            answer = _error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        elif isinstance(chat_id, int) and chat_id in self._waits and now < self._waits[chat_id]:
            left = self._waits[chat_id] - now
            answer = _error(
                429, "Too Many Requests: retry after 1", {"retry_after": max(1, round(left))}
            )
            entry = LoggedSend(now, method, chat_id, 429, text)
            self.sent_inside_wait.append(entry)
        elif isinstance(chat_id, int) and chat_id in self._floods:
            seconds = self._floods.pop(chat_id)
            self._waits[chat_id] = now + seconds
            answer = _error(
                429, f"Too Many Requests: retry after {seconds:g}", {"retry_after": seconds}
            )
        self.send_log.append(
            LoggedSend(now, method, chat_id, 200 if answer is None else answer.status, text)
        )
        return answer

    async def _api_sendMessage(self, fields: JSON, files: JSON) -> JSON:
        chat = self._chat_for_send(fields["chat_id"])
        message = self._bot_message(chat, {"text": fields["text"]})
        self.sent.append(SentMessage(_id(fields["chat_id"]), fields["text"], message["message_id"]))
        return message

    async def _api_sendDocument(self, fields: JSON, files: JSON) -> JSON:
        filename, data = files["document"]
        chat = self._chat_for_send(fields["chat_id"])
        document = {
            "file_id": f"BQACAgFake{len(self.documents)}",
            "file_unique_id": f"AgADFake{len(self.documents)}",
            "file_name": filename,
            "file_size": len(data),
        }
        content: JSON = {"document": document}
        if "caption" in fields:
            content["caption"] = fields["caption"]
        message = self._bot_message(chat, content)
        self.documents.append(
            SentDocument(
                _id(fields["chat_id"]), filename, data, fields.get("caption"), message["message_id"]
            )
        )
        return message

    # -- helpers -----------------------------------------------------------------------------

    def _chat(self, chat_id: int, chat_type: str, title: str | None, user_name: str) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = _Chat(chat_id, chat_type)
            self._chats[chat_id] = chat
        chat.type = chat_type
        if chat_type == "private":
            chat.first_name = user_name
        else:
            chat.title = title
        return chat

    def _chat_for_send(self, raw_id: str) -> _Chat:
        chat_id = _id(raw_id)
        if isinstance(chat_id, int) and chat_id in self._chats:
            return self._chats[chat_id]
        if isinstance(chat_id, int):
            kind = "private" if chat_id > 0 else "supergroup"
            return self._chat(chat_id, kind, "group", "user")
        return _Chat(-1, "channel", title=chat_id)

    def _next_message_id(self, chat: _Chat) -> int:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def _bot_message(self, chat: _Chat, content: JSON) -> JSON:
        return {
            "message_id": self._next_message_id(chat),
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": _user(BOT_ID, "楼长", is_bot=True, username=BOT_USERNAME),
            **content,
        }


def _user(user_id: int, name: str, *, is_bot: bool = False, username: str | None = None) -> JSON:
    first, _, last = name.partition(" ")
    data: JSON = {"id": user_id, "is_bot": is_bot, "first_name": first}
    if last:
        data["last_name"] = last
    if username:
        data["username"] = username
    return data


def _id(raw: str) -> int | str:
    try:
        return int(raw)
    except ValueError:
        return raw


def _read_fields(form: MultiDictProxy[Any]) -> tuple[JSON, JSON]:
    """String fields as sent (PTB JSON-encodes only non-strings), files as (name, bytes)."""
    fields: JSON = {}
    files: JSON = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = (value.filename, value.file.read())
        else:
            fields[key] = value
    return fields, files


def _error(status: int, description: str, parameters: JSON | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)
