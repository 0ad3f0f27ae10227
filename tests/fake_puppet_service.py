"""A fake Wechaty puppet service on 127.0.0.1, spoken to over real gRPC (grpclib + betterproto).

The real python-wechaty client (``Wechaty`` -> ``wechaty_puppet_service.PuppetService``) connects
to it as to a hosted puppet service that is already logged in to a WeChat account::

    async with FakePuppetService() as fake:
        fake.add_contact("wxid_wang", "王阿姨")
        fake.add_room("1234@chatroom", "3号楼团购", ["wxid_wang", fake.self_id])
        ...start a Wechaty client against fake.endpoint / fake.token (below)...
        fake.push_room_text("1234@chatroom", "wxid_wang", "3-501 白菜2斤")
        sent = await fake.wait_for_sent(lambda s: s.conversation_id == "1234@chatroom")

What it serves (wechaty-grpc 0.20 ``wechaty.Puppet``): Start, Stop, Logout, Ding, Version,
Event (server stream), DirtyPayload, ContactList, ContactPayload, ContactAlias,
ContactSelfName, TagContactList, RoomList, RoomPayload, RoomMemberList, RoomMemberPayload,
RoomTopic, RoomAnnounce, MessagePayload, MessageSendText, MessageSendFile,
MessageSendContact, MessageSendUrl, MessageSendMiniProgram, MessageRecall, MessageImage,
MessageFile, MessageUrl, MessageMiniProgram, MessageContact. Anything else answers
UNIMPLEMENTED (grpclib does that for unknown paths).

Wire facts the client depends on (read off wechaty_puppet_service 0.8.10):

* Every Event stream opens with a login event ``{"contactId": self_id}`` and a ready event,
  as a hosted service that is already logged in does; then the events pushed here follow.
  Event payloads are JSON with camelCase keys (``{"messageId": ...}``).
* Message types go out in the TypeScript puppet numbering (:class:`WireMessageType`, Text = 7);
  the client remaps them to wechaty-grpc's ``MessageType`` (Text = 6) in ``message_payload``.
  Sending the grpc numbering would make text arrive as an image.
* Timestamps go out in milliseconds (``timestamps_in_ms=False`` sends whole seconds);
  ``Message.date()`` accepts both, as real services send either.
* The client sends the token as the HTTP/2 ``:authority``; calls with another authority are
  refused with UNAUTHENTICATED (``check_token=False`` accepts any). Seen values are counted
  in ``authorities``.
* Events pushed while no Event stream is open are kept and delivered, in order, to the next
  stream that opens, so a test need not race the client's connect (nor an outage).
* A Stop call ends every open Event stream normally (as the real service stops its event
  stream), which is what lets ``Wechaty.stop()`` end a running ``puppet.start()``.

How a client starts and stops cleanly against it (Python 3.11, wechaty 0.10.7)::

    os.environ["CACHE_DIR"] = str(tmp_path)  # wechaty makes ./.wechaty at import time
    apply_wechaty_py311_shim()               # before the first `import wechaty`
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from bot.transports.wechaty_compat import PuppetOptions, Wechaty, WechatyOptions

    clear_wechaty_caches()      # Room/Contact pools and seen message ids are process-wide
    scheduler = AsyncIOScheduler()
    bot = Wechaty(WechatyOptions(
        puppet_options=PuppetOptions(end_point=fake.endpoint, token=fake.token),
        port=free_port(),       # login starts the plugin manager, which refuses a busy port
        scheduler=scheduler,    # else it makes its own, with a sqlite job store in CACHE_DIR
    ))
    bot.on("message", on_message)
    bot.on("error", errors.append)  # exceptions raised in handlers land here, nowhere else
    # Not bot.start(): it swallows errors, sleeps 60 s on connection errors, and calls
    # loop.stop() when the endpoint does not answer at all.
    await bot.init_puppet()
    await bot.init_puppet_event_bridge(bot.puppet)
    task = asyncio.create_task(bot.puppet.start())  # returns when the Event stream ends
    await fake.wait_until(lambda: bot.puppet.login_user_id == fake.self_id)
    ...
    await bot.stop()            # Stop RPC (ends the Event stream), then closes the channel
    await asyncio.wait_for(task, 5)
    if scheduler.running:       # started at login; nothing in wechaty ever shuts it down
        scheduler.shutdown(wait=False)
    clear_wechaty_caches()

When the service goes away (:meth:`FakePuppetService.stop_serving`) the client does not
reconnect by itself: ``puppet.start()`` returns (graceful end) or raises StreamTerminatedError
(``graceful=False``), and unary calls raise ConnectionRefusedError until :meth:`serve_again`,
after which the channel reconnects lazily. To resume events, close the old channel
(``bot.puppet.channel.close()``) and run ``bot.puppet.start()`` again; events pushed meanwhile
are then delivered.

This module imports neither wechaty nor wechaty_puppet_service, so it can be imported before the
shim is applied.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import contextvars
import inspect
import itertools
import json
import secrets
import socket
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeVar, cast

from grpclib.const import Cardinality, Handler, Status
from grpclib.exceptions import GRPCError
from grpclib.protocol import H2Protocol
from grpclib.server import Server, Stream
from wechaty_grpc.wechaty import puppet as pb

DEFAULT_TOKEN = "fake-puppet-token"
SERVICE_VERSION = "fake-puppet-service/0.1"
_POLL_SECONDS = 0.01

_T = TypeVar("_T")
JSON = dict[str, Any]

# The :authority of the request being handled; set where grpclib hands the headers over.
_authority: contextvars.ContextVar[str] = contextvars.ContextVar("fake_puppet_authority")


class WireMessageType(IntEnum):
    """Message types as the service sends them: the TypeScript wechaty-puppet numbering."""

    UNKNOWN = 0
    ATTACHMENT = 1
    AUDIO = 2  # voice
    CONTACT = 3  # contact card
    CHAT_HISTORY = 4
    EMOTICON = 5  # sticker
    IMAGE = 6
    TEXT = 7
    LOCATION = 8
    MINI_PROGRAM = 9
    GROUP_NOTE = 10  # the client maps this one to MESSAGE_TYPE_UNSPECIFIED
    TRANSFER = 11
    RED_ENVELOPE = 12  # red packet
    RECALLED = 13
    URL = 14
    VIDEO = 15


@dataclass(frozen=True)
class SentText:
    conversation_id: str
    text: str
    mention_ids: tuple[str, ...]
    at: float  # loop.time()


@dataclass(frozen=True)
class SentFile:
    conversation_id: str
    filename: str
    data: bytes  # b"" for a URL FileBox: the fake never fetches
    at: float


@dataclass
class _Contact:
    id: str
    name: str
    alias: str = ""


@dataclass
class _Room:
    id: str
    topic: str
    member_ids: list[str]
    aliases: dict[str, str]
    announce: str = ""


@dataclass
class _Message:
    id: str
    type: int
    text: str
    from_id: str
    room_id: str
    to_id: str
    timestamp: float  # seconds since the epoch
    mention_ids: tuple[str, ...] = ()
    filename: str = ""
    data: bytes = b""


def free_port() -> int:
    """A port nothing listens on now, e.g. for ``WechatyOptions(port=...)``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def apply_wechaty_py311_shim() -> None:
    """Make wechaty importable: the project's one compat module applies the shim."""
    import bot.transports.wechaty_compat  # noqa: F401


def clear_wechaty_caches() -> None:
    """Forget what wechaty keeps process-wide (see wechaty_compat.forget_process_state)."""
    from bot.transports.wechaty_compat import forget_process_state

    forget_process_state()


def _file_from_filebox_json(raw: str) -> tuple[str, bytes]:
    """(name, bytes) of a FileBox as wechaty_puppet's ``FileBox.to_json_str()`` writes it."""
    box = json.loads(raw)
    name = str(box.get("name") or "")
    if box.get("base64"):
        encoded = str(box["base64"])
        # A data URL sometimes arrives whole; only the part after the comma is base64.
        return name, base64.b64decode(encoded.split(",", 1)[-1])
    if box.get("buffer") is not None:
        # FileBoxEncoder turns bytes into str by decoding them as UTF-8.
        return name, str(box["buffer"]).encode()
    if box.get("qrCode"):
        return name, str(box["qrCode"]).encode()
    return name, b""


def _filebox_json(name: str, data: bytes) -> str:
    return json.dumps({"boxType": 1, "name": name, "base64": base64.b64encode(data).decode()})


class FakePuppetService:
    """The service. State (contacts, rooms, messages, what was sent) lives on the object and
    survives :meth:`stop_serving` / :meth:`serve_again`."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        self_id: str = "wxid_louzhang_bot",
        self_name: str = "楼长",
        *,
        check_token: bool = True,
        timestamps_in_ms: bool = True,
        echo_own_messages: bool = False,
    ) -> None:
        self.token = token
        self.self_id = self_id
        self.check_token = check_token
        self.timestamps_in_ms = timestamps_in_ms
        # Real services report the bot's own sends as message events too; off by default.
        self.echo_own_messages = echo_own_messages

        # Everything the bot sent, in order.
        self.sent: list[SentText] = []
        self.files: list[SentFile] = []
        # Calls per RPC name ("MessageSendText", "Event", ...), refused ones included.
        self.calls: Counter[str] = Counter()
        # The decoded request messages per RPC name, in order.
        self.requests: dict[str, list[Any]] = {}
        self.authorities: Counter[str] = Counter()
        self.recalled: list[str] = []
        # RPCs answered UNIMPLEMENTED, as by a puppet that cannot do them (files, say).
        self.unsupported: set[str] = set()
        # Event streams opened in all, and open now.
        self.event_streams_opened = 0

        self._contacts: dict[str, _Contact] = {self_id: _Contact(self_id, self_name)}
        self._rooms: dict[str, _Room] = {}
        self._messages: dict[str, _Message] = {}
        self._prefix = secrets.token_hex(4)
        self._ids = itertools.count(1)
        self._streams: set[asyncio.Queue[pb.EventResponse | None]] = set()
        self._backlog: deque[pb.EventResponse] = deque()
        self._server: Server | None = None
        self._transports: set[asyncio.Transport] = set()
        self._changed: asyncio.Condition | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight = 0
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        """For ``PuppetOptions(end_point=...)``."""
        return f"127.0.0.1:{self.port}"

    @property
    def serving(self) -> bool:
        return self._server is not None

    @property
    def open_event_streams(self) -> int:
        return len(self._streams)

    async def start(self) -> None:
        self._changed = asyncio.Condition()
        await self._listen(0)

    async def close(self) -> None:
        if self._server is not None:
            await self.stop_serving()
        for task in list(self._tasks):
            task.cancel()

    async def __aenter__(self) -> FakePuppetService:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def stop_serving(self, *, graceful: bool = True) -> None:
        """The service goes away: open Event streams end (normally, with an OK status, when
        `graceful`; as a lost connection otherwise), connections are closed and the port stops
        listening. Unary calls then fail with ConnectionRefusedError on the client."""
        if self._server is None:
            return
        if graceful:
            # Answer what is in flight and end the streams; a call or stream stuck past the
            # timeout is cut off with the connection below.
            self._end_streams()
            with contextlib.suppress(TimeoutError):
                await self.wait_until(lambda: not self._streams and not self._in_flight, 2.0)
        server, self._server = self._server, None
        server.close()
        for transport in list(self._transports):
            if graceful:
                transport.close()
            else:
                transport.abort()
        self._transports.clear()
        await server.wait_closed()
        await self._notify()

    async def serve_again(self) -> None:
        """Listen again on the same port, with all state kept."""
        if self._server is None:
            await self._listen(self.port)

    async def _listen(self, port: int) -> None:
        # IPPROTO_TCP spelt out: grpclib sets TCP_NODELAY only on sockets whose proto says TCP,
        # and without it every reply waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        # The port was just ours; connections the server closed may sit in TIME_WAIT on it.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        self.port = int(sock.getsockname()[1])
        server = Server([self])
        self._track_connections(server)
        await server.start(sock=sock)
        self._server = server

    def _track_connections(self, server: Server) -> None:
        # grpclib keeps neither the request's pseudo-headers (the :authority carries the token)
        # nor the connections (an asyncio server cannot close its clients before 3.13), so the
        # protocol factory is wrapped to see both.
        make_protocol = server._protocol_factory
        transports = self._transports

        def protocol_factory() -> H2Protocol:
            protocol = make_protocol()
            accept = protocol.handler.accept
            connection_made = protocol.connection_made

            def accept_with_authority(
                stream: Any, headers: list[tuple[str, str]], release_stream: Any
            ) -> None:
                reset = _authority.set(dict(headers).get(":authority", ""))
                try:
                    # The handler task is created in here and copies the context.
                    accept(stream, headers, release_stream)
                finally:
                    _authority.reset(reset)

            def connection_made_tracked(transport: asyncio.BaseTransport) -> None:
                transports.add(cast(asyncio.Transport, transport))
                connection_made(transport)

            protocol.handler.accept = accept_with_authority  # type: ignore[method-assign]
            protocol.connection_made = connection_made_tracked  # type: ignore[method-assign]
            return protocol

        server._protocol_factory = protocol_factory  # type: ignore[method-assign]

    # -- the world ---------------------------------------------------------------------------

    def add_contact(self, contact_id: str, name: str, *, alias: str = "") -> None:
        """A WeChat user; `alias` is the bot's remark name for them (not a room alias)."""
        self._contacts[contact_id] = _Contact(contact_id, name, alias)

    def add_room(
        self,
        room_id: str,
        topic: str,
        member_ids: Sequence[str],
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        """A group chat; `aliases` maps member id -> their nickname in this room. Members must
        be added contacts (or the bot itself)."""
        for member_id in member_ids:
            self._contact(member_id)
        self._rooms[room_id] = _Room(room_id, topic, list(member_ids), dict(aliases or {}))

    def set_topic(self, room_id: str, topic: str, *, changer_id: str | None = None) -> None:
        """Rename the room and emit a room-topic event. The changer defaults to the first member
        other than the bot. The client does not refresh its cached room payload on this event:
        only the event's arguments carry the new topic."""
        room = self._room(room_id)
        if changer_id is None:
            others = [m for m in room.member_ids if m != self.self_id]
            changer_id = others[0] if others else self.self_id
        self._rename(room, topic, changer_id)

    def set_alias(self, room_id: str, member_id: str, alias: str) -> None:
        self._room(room_id).aliases[member_id] = alias

    def add_member(self, room_id: str, member_id: str, alias: str = "") -> None:
        room = self._room(room_id)
        self._contact(member_id)
        if member_id not in room.member_ids:
            room.member_ids.append(member_id)
        if alias:
            room.aliases[member_id] = alias

    def remove_member(self, room_id: str, member_id: str) -> None:
        room = self._room(room_id)
        if member_id in room.member_ids:
            room.member_ids.remove(member_id)

    def room_topic(self, room_id: str) -> str:
        return self._room(room_id).topic

    def message(self, message_id: str) -> _Message:
        """A message as the service knows it (pushed or sent by the bot)."""
        return self._messages[message_id]

    # -- what tests push ---------------------------------------------------------------------

    def push_room_text(
        self,
        room_id: str,
        talker_id: str,
        text: str,
        *,
        message_id: str | None = None,
        timestamp: float | None = None,
        mention_ids: Sequence[str] = (),
    ) -> str:
        """A text said in a room; emits a message event and returns the message id.
        `timestamp` is seconds since the epoch (default now)."""
        self._room(room_id)
        self._contact(talker_id)
        return self._push(
            _Message(
                id=message_id or self._next_id(),
                type=WireMessageType.TEXT,
                text=text,
                from_id=talker_id,
                room_id=room_id,
                to_id="",
                timestamp=time.time() if timestamp is None else timestamp,
                mention_ids=tuple(mention_ids),
            )
        )

    def push_private_text(
        self,
        talker_id: str,
        text: str,
        *,
        message_id: str | None = None,
        timestamp: float | None = None,
    ) -> str:
        """A text sent to the bot one to one."""
        self._contact(talker_id)
        return self._push(
            _Message(
                id=message_id or self._next_id(),
                type=WireMessageType.TEXT,
                text=text,
                from_id=talker_id,
                room_id="",
                to_id=self.self_id,
                timestamp=time.time() if timestamp is None else timestamp,
            )
        )

    def push_room_message(
        self,
        room_id: str,
        talker_id: str,
        message_type: int,
        text: str = "",
        *,
        filename: str = "",
        data: bytes = b"",
        message_id: str | None = None,
        timestamp: float | None = None,
    ) -> str:
        """Any message type (:class:`WireMessageType`) in a room; `filename`/`data` are what
        MessageImage/MessageFile hand back for it."""
        self._room(room_id)
        self._contact(talker_id)
        return self._push(
            _Message(
                id=message_id or self._next_id(),
                type=int(message_type),
                text=text,
                from_id=talker_id,
                room_id=room_id,
                to_id="",
                timestamp=time.time() if timestamp is None else timestamp,
                filename=filename,
                data=data,
            )
        )

    def push_private_message(
        self,
        talker_id: str,
        message_type: int,
        text: str = "",
        *,
        filename: str = "",
        data: bytes = b"",
        message_id: str | None = None,
        timestamp: float | None = None,
    ) -> str:
        self._contact(talker_id)
        return self._push(
            _Message(
                id=message_id or self._next_id(),
                type=int(message_type),
                text=text,
                from_id=talker_id,
                room_id="",
                to_id=self.self_id,
                timestamp=time.time() if timestamp is None else timestamp,
                filename=filename,
                data=data,
            )
        )

    def redeliver(self, message_id: str) -> None:
        """Emit the message event for `message_id` again, as services do now and then."""
        if message_id not in self._messages:
            raise KeyError(f"no message {message_id!r}")
        self._emit(pb.EventType.EVENT_TYPE_MESSAGE, {"messageId": message_id})

    def push_event(self, event_type: pb.EventType, payload: JSON) -> None:
        """Emit a raw event (e.g. room-join ``{"roomId", "inviteeIdList", "inviterId",
        "timestamp"}``)."""
        self._emit(event_type, payload)

    # -- waiting -----------------------------------------------------------------------------

    async def wait_for_sent(
        self, predicate: Callable[[SentText], bool] = lambda _: True, timeout: float = 5.0
    ) -> SentText:
        """The first sent text (oldest first) matching `predicate`, waiting up to `timeout`."""
        return await self._wait_for_first(self.sent, predicate, timeout)

    async def wait_for_file(
        self, predicate: Callable[[SentFile], bool] = lambda _: True, timeout: float = 5.0
    ) -> SentFile:
        return await self._wait_for_first(self.files, predicate, timeout)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Re-checks `condition` after every call, push, event sent and state change, and every
        10 ms besides (the client acts on a reply after the fake has sent it, so conditions on
        client-side state need the poll); TimeoutError when still false after `timeout` s."""
        changed = self._condition()
        async with asyncio.timeout(timeout):
            while not condition():
                async with changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(changed.wait(), _POLL_SECONDS)

    async def _wait_for_first(
        self, seen: list[_T], predicate: Callable[[_T], bool], timeout: float
    ) -> _T:
        found: list[_T] = []

        def match() -> bool:
            found[:] = [x for x in seen if predicate(x)][:1]
            return bool(found)

        await self.wait_until(match, timeout)
        return found[0]

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def _notify(self) -> None:
        changed = self._condition()
        async with changed:
            changed.notify_all()

    def _notify_soon(self) -> None:
        # push_* are plain functions for test convenience; waiters are woken from the loop.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._notify())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- internals ---------------------------------------------------------------------------

    def _next_id(self) -> str:
        # Unique across instances too: wechaty drops any message id it has seen in the process.
        return f"fake-{self._prefix}-{next(self._ids)}"

    def _contact(self, contact_id: str) -> _Contact:
        try:
            return self._contacts[contact_id]
        except KeyError:
            raise KeyError(f"unknown contact {contact_id!r}: add_contact() it first") from None

    def _room(self, room_id: str) -> _Room:
        try:
            return self._rooms[room_id]
        except KeyError:
            raise KeyError(f"unknown room {room_id!r}: add_room() it first") from None

    def _push(self, message: _Message) -> str:
        self._messages[message.id] = message
        self._emit(pb.EventType.EVENT_TYPE_MESSAGE, {"messageId": message.id})
        return message.id

    def _wire_time(self, seconds: float) -> int:
        return int(seconds * 1000) if self.timestamps_in_ms else int(seconds)

    def _rename(self, room: _Room, topic: str, changer_id: str) -> None:
        old, room.topic = room.topic, topic
        self._emit(
            pb.EventType.EVENT_TYPE_ROOM_TOPIC,
            {
                "roomId": room.id,
                "newTopic": topic,
                "oldTopic": old,
                "changerId": changer_id,
                "timestamp": self._wire_time(time.time()),
            },
        )

    def _event(self, event_type: pb.EventType, payload: JSON) -> pb.EventResponse:
        return pb.EventResponse(type=event_type, payload=json.dumps(payload, ensure_ascii=False))

    def _emit(self, event_type: pb.EventType, payload: JSON) -> None:
        event = self._event(event_type, payload)
        if self._streams:
            for queue in self._streams:
                queue.put_nowait(event)
        else:
            self._backlog.append(event)
        self._notify_soon()

    def _end_streams(self) -> None:
        for queue in self._streams:
            queue.put_nowait(None)

    def _sent_message(self, conversation_id: str, text: str, type_: int) -> str:
        in_room = conversation_id in self._rooms
        message = _Message(
            id=self._next_id(),
            type=type_,
            text=text,
            from_id=self.self_id,
            room_id=conversation_id if in_room else "",
            to_id="" if in_room else conversation_id,
            timestamp=time.time(),
        )
        self._messages[message.id] = message
        if self.echo_own_messages:
            self._emit(pb.EventType.EVENT_TYPE_MESSAGE, {"messageId": message.id})
        return message.id

    def _check_conversation(self, conversation_id: str) -> None:
        if conversation_id not in self._rooms and conversation_id not in self._contacts:
            raise GRPCError(Status.NOT_FOUND, f"no conversation {conversation_id}")

    # -- the gRPC service --------------------------------------------------------------------

    def __mapping__(self) -> dict[str, Handler]:
        # Every RPC served has <Name>Request / <Name>Response messages in wechaty-grpc.
        unary: dict[str, Callable[[Any], Any]] = {
            "Start": self._rpc_start,
            "Stop": self._rpc_stop,
            "Logout": self._rpc_logout,
            "Ding": self._rpc_ding,
            "Version": self._rpc_version,
            "DirtyPayload": self._rpc_dirty,
            "ContactList": self._rpc_contacts,
            "ContactPayload": self._rpc_contact_payload,
            "ContactAlias": self._rpc_alias,
            "ContactSelfName": self._rpc_self_name,
            "TagContactList": self._rpc_tags,
            "RoomList": self._rpc_rooms,
            "RoomPayload": self._rpc_room_payload,
            "RoomMemberList": self._rpc_room_members,
            "RoomMemberPayload": self._rpc_room_member_payload,
            "RoomTopic": self._rpc_room_topic,
            "RoomAnnounce": self._rpc_announce,
            "MessagePayload": self._rpc_message_payload,
            "MessageSendText": self._rpc_send_text,
            "MessageSendFile": self._rpc_send_file,
            "MessageSendContact": self._rpc_send_contact,
            "MessageSendUrl": self._rpc_send_url,
            "MessageSendMiniProgram": self._rpc_send_mini_program,
            "MessageRecall": self._rpc_recall,
            "MessageImage": self._rpc_image,
            "MessageFile": self._rpc_file,
            "MessageUrl": self._rpc_url,
            "MessageMiniProgram": self._rpc_mini_program,
            "MessageContact": self._rpc_message_contact,
        }
        mapping = {
            f"/wechaty.Puppet/{name}": Handler(
                self._unary(name, fn),
                Cardinality.UNARY_UNARY,
                getattr(pb, f"{name}Request"),
                getattr(pb, f"{name}Response"),
            )
            for name, fn in unary.items()
        }
        mapping["/wechaty.Puppet/Event"] = Handler(
            self._rpc_event, Cardinality.UNARY_STREAM, pb.EventRequest, pb.EventResponse
        )
        return mapping

    def _admit(self, name: str, request: Any) -> None:
        self.calls[name] += 1
        self.requests.setdefault(name, []).append(request)
        authority = _authority.get("")
        self.authorities[authority] += 1
        if self.check_token and authority != self.token:
            raise GRPCError(Status.UNAUTHENTICATED, "token does not match")
        if name in self.unsupported:
            raise GRPCError(Status.UNIMPLEMENTED, f"{name} is not supported by this puppet")

    def _unary(
        self, name: str, fn: Callable[[Any], Any]
    ) -> Callable[[Stream[Any, Any]], Awaitable[None]]:
        async def handle(stream: Stream[Any, Any]) -> None:
            self._in_flight += 1
            try:
                request = await stream.recv_message()
                self._admit(name, request)
                reply = fn(request)
                if inspect.isawaitable(reply):
                    reply = await reply
                await stream.send_message(reply)
            finally:
                self._in_flight -= 1
                await self._notify()

        return handle

    async def _rpc_event(self, stream: Stream[Any, Any]) -> None:
        request = await stream.recv_message()
        self._admit("Event", request)
        queue: asyncio.Queue[pb.EventResponse | None] = asyncio.Queue()
        # Login and the backlog go in before the queue is visible to _emit, so order holds.
        queue.put_nowait(self._event(pb.EventType.EVENT_TYPE_LOGIN, {"contactId": self.self_id}))
        queue.put_nowait(self._event(pb.EventType.EVENT_TYPE_READY, {"data": "ready"}))
        while self._backlog:
            queue.put_nowait(self._backlog.popleft())
        self._streams.add(queue)
        self.event_streams_opened += 1
        await self._notify()
        event: pb.EventResponse | None = None
        try:
            while (event := await queue.get()) is not None:
                await stream.send_message(event)
                event = None
                await self._notify()
        finally:
            self._streams.discard(queue)
            # Events this stream never sent are kept for the next one, unless others got them.
            if not self._streams:
                unsent = [e for e in [event, *_drain(queue)] if e is not None]
                self._backlog.extendleft(reversed(unsent))
            self._notify_soon()

    def _rpc_start(self, _: pb.StartRequest) -> pb.StartResponse:
        return pb.StartResponse()

    async def _rpc_stop(self, _: pb.StopRequest) -> pb.StopResponse:
        # The streams' trailers go out before this reply: Wechaty.stop() closes the channel as
        # soon as the reply arrives, and a stream still open then ends in StreamTerminatedError.
        self._end_streams()
        with contextlib.suppress(TimeoutError):
            await self.wait_until(lambda: not self._streams, timeout=1.0)
        return pb.StopResponse()

    def _rpc_logout(self, _: pb.LogoutRequest) -> pb.LogoutResponse:
        self._emit(pb.EventType.EVENT_TYPE_LOGOUT, {"contactId": self.self_id, "data": "logout"})
        return pb.LogoutResponse()

    def _rpc_ding(self, request: pb.DingRequest) -> pb.DingResponse:
        self._emit(pb.EventType.EVENT_TYPE_DONG, {"data": request.data})
        return pb.DingResponse()

    def _rpc_version(self, _: pb.VersionRequest) -> pb.VersionResponse:
        return pb.VersionResponse(version=SERVICE_VERSION)

    def _rpc_dirty(self, _: pb.DirtyPayloadRequest) -> pb.DirtyPayloadResponse:
        # Nothing is cached on this side.
        return pb.DirtyPayloadResponse()

    def _rpc_contacts(self, _: pb.ContactListRequest) -> pb.ContactListResponse:
        return pb.ContactListResponse(ids=list(self._contacts))

    def _rpc_contact_payload(self, request: pb.ContactPayloadRequest) -> pb.ContactPayloadResponse:
        contact = self._contacts.get(request.id)
        if contact is None:
            raise GRPCError(Status.NOT_FOUND, f"no contact {request.id}")
        return pb.ContactPayloadResponse(
            id=contact.id,
            name=contact.name,
            alias=contact.alias,
            type=pb.ContactType.CONTACT_TYPE_PERSONAL,
            friend=contact.id != self.self_id,
            weixin=contact.id,
        )

    def _rpc_alias(self, request: pb.ContactAliasRequest) -> pb.ContactAliasResponse:
        contact = self._contacts.get(request.id)
        if contact is None:
            raise GRPCError(Status.NOT_FOUND, f"no contact {request.id}")
        if request.alias is not None:
            contact.alias = request.alias
        return pb.ContactAliasResponse(alias=contact.alias)

    def _rpc_self_name(self, request: pb.ContactSelfNameRequest) -> pb.ContactSelfNameResponse:
        self._contacts[self.self_id].name = request.name
        return pb.ContactSelfNameResponse()

    def _rpc_tags(self, _: pb.TagContactListRequest) -> pb.TagContactListResponse:
        return pb.TagContactListResponse(ids=[])

    def _rpc_rooms(self, _: pb.RoomListRequest) -> pb.RoomListResponse:
        return pb.RoomListResponse(ids=list(self._rooms))

    def _known_room(self, room_id: str) -> _Room:
        room = self._rooms.get(room_id)
        if room is None:
            raise GRPCError(Status.NOT_FOUND, f"no room {room_id}")
        return room

    def _rpc_room_payload(self, request: pb.RoomPayloadRequest) -> pb.RoomPayloadResponse:
        room = self._known_room(request.id)
        return pb.RoomPayloadResponse(
            id=room.id, topic=room.topic, member_ids=list(room.member_ids), admin_ids=[]
        )

    def _rpc_room_members(self, request: pb.RoomMemberListRequest) -> pb.RoomMemberListResponse:
        return pb.RoomMemberListResponse(member_ids=list(self._known_room(request.id).member_ids))

    def _rpc_room_member_payload(
        self, request: pb.RoomMemberPayloadRequest
    ) -> pb.RoomMemberPayloadResponse:
        room = self._known_room(request.id)
        contact = self._contacts.get(request.member_id)
        if contact is None or request.member_id not in room.member_ids:
            raise GRPCError(Status.NOT_FOUND, f"{request.member_id} is not in {request.id}")
        return pb.RoomMemberPayloadResponse(
            id=contact.id, name=contact.name, room_alias=room.aliases.get(contact.id, "")
        )

    def _rpc_room_topic(self, request: pb.RoomTopicRequest) -> pb.RoomTopicResponse:
        room = self._known_room(request.id)
        if request.topic is not None:
            self._rename(room, request.topic, self.self_id)
        return pb.RoomTopicResponse(topic=room.topic)

    def _rpc_announce(self, request: pb.RoomAnnounceRequest) -> pb.RoomAnnounceResponse:
        room = self._known_room(request.id)
        if request.text is not None:
            room.announce = request.text
        return pb.RoomAnnounceResponse(text=room.announce)

    def _rpc_message_payload(self, request: pb.MessagePayloadRequest) -> pb.MessagePayloadResponse:
        message = self._messages.get(request.id)
        if message is None:
            raise GRPCError(Status.NOT_FOUND, f"no message {request.id}")
        return pb.MessagePayloadResponse(
            id=message.id,
            filename=message.filename,
            text=message.text,
            timestamp=self._wire_time(message.timestamp),
            type=message.type,
            from_id=message.from_id,
            room_id=message.room_id,
            to_id=message.to_id,
            mention_ids=list(message.mention_ids),
        )

    def _rpc_send_text(self, request: pb.MessageSendTextRequest) -> pb.MessageSendTextResponse:
        self._check_conversation(request.conversation_id)
        # The field really is spelt "mentonal_ids" in wechaty-grpc 0.20.
        mentions = tuple(request.mentonal_ids)
        self.sent.append(
            SentText(
                request.conversation_id, request.text, mentions, asyncio.get_running_loop().time()
            )
        )
        message_id = self._sent_message(request.conversation_id, request.text, WireMessageType.TEXT)
        self._messages[message_id].mention_ids = mentions
        return pb.MessageSendTextResponse(id=message_id)

    def _rpc_send_file(self, request: pb.MessageSendFileRequest) -> pb.MessageSendFileResponse:
        self._check_conversation(request.conversation_id)
        name, data = _file_from_filebox_json(request.filebox)
        self.files.append(
            SentFile(request.conversation_id, name, data, asyncio.get_running_loop().time())
        )
        message_id = self._sent_message(request.conversation_id, "", WireMessageType.ATTACHMENT)
        self._messages[message_id].filename = name
        self._messages[message_id].data = data
        return pb.MessageSendFileResponse(id=message_id)

    def _rpc_send_contact(
        self, request: pb.MessageSendContactRequest
    ) -> pb.MessageSendContactResponse:
        self._check_conversation(request.conversation_id)
        message_id = self._sent_message(
            request.conversation_id, request.contact_id, WireMessageType.CONTACT
        )
        return pb.MessageSendContactResponse(id=message_id)

    def _rpc_send_url(self, request: pb.MessageSendUrlRequest) -> pb.MessageSendUrlResponse:
        self._check_conversation(request.conversation_id)
        message_id = self._sent_message(
            request.conversation_id, request.url_link, WireMessageType.URL
        )
        return pb.MessageSendUrlResponse(id=message_id)

    def _rpc_send_mini_program(
        self, request: pb.MessageSendMiniProgramRequest
    ) -> pb.MessageSendMiniProgramResponse:
        self._check_conversation(request.conversation_id)
        message_id = self._sent_message(
            request.conversation_id, request.mini_program, WireMessageType.MINI_PROGRAM
        )
        return pb.MessageSendMiniProgramResponse(id=message_id)

    def _rpc_recall(self, request: pb.MessageRecallRequest) -> pb.MessageRecallResponse:
        message = self._messages.get(request.id)
        ok = message is not None and message.from_id == self.self_id
        if ok:
            self.recalled.append(request.id)
        return pb.MessageRecallResponse(success=ok)

    def _stored(self, message_id: str) -> _Message:
        message = self._messages.get(message_id)
        if message is None:
            raise GRPCError(Status.NOT_FOUND, f"no message {message_id}")
        return message

    def _rpc_image(self, request: pb.MessageImageRequest) -> pb.MessageImageResponse:
        message = self._stored(request.id)
        return pb.MessageImageResponse(
            filebox=_filebox_json(message.filename or f"{message.id}.jpg", message.data)
        )

    def _rpc_file(self, request: pb.MessageFileRequest) -> pb.MessageFileResponse:
        message = self._stored(request.id)
        return pb.MessageFileResponse(
            filebox=_filebox_json(message.filename or f"{message.id}.dat", message.data)
        )

    def _rpc_url(self, request: pb.MessageUrlRequest) -> pb.MessageUrlResponse:
        message = self._stored(request.id)
        # A pushed URL message carries its link JSON (url, title, ...) as text, or a bare URL.
        text = message.text.strip()
        link = text if text.startswith("{") else json.dumps({"url": text, "title": text})
        return pb.MessageUrlResponse(url_link=link)

    def _rpc_mini_program(
        self, request: pb.MessageMiniProgramRequest
    ) -> pb.MessageMiniProgramResponse:
        message = self._stored(request.id)
        text = message.text.strip()
        return pb.MessageMiniProgramResponse(
            mini_program=text if text.startswith("{") else json.dumps({"title": text})
        )

    def _rpc_message_contact(self, request: pb.MessageContactRequest) -> pb.MessageContactResponse:
        # A pushed contact card carries the card's contact id as its text.
        return pb.MessageContactResponse(id=self._stored(request.id).text)


def _drain(queue: asyncio.Queue[_T]) -> list[_T]:
    items: list[_T] = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items
