"""TelegramTransport with the real python-telegram-bot client against a fake Bot API on loopback."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator, Callable

import pytest

from bot.messages import IncomingMessage, Platform, Role
from bot.transports.base import SendFailed
from bot.transports.telegram import TelegramTransport, validate_token
from tests.fake_telegram_api import BOT_ID, BOT_USERNAME, FakeTelegramAPI

GROUP = -1001234567890
COMMANDS = [("bind", "绑定楼栋"), ("summary", "汇总"), ("help", "帮助")]


class FakeCore:
    """The core as the transport sees it: records messages, keeps the cursor in memory."""

    def __init__(self) -> None:
        self.received: list[IncomingMessage] = []
        self.cursor: int | None = None
        self.saved: list[int] = []
        # update_ids whose receive should raise once, as a failed transaction would.
        self.fail_once: set[int] = set()
        self.moves: list[tuple[str, str, int | None]] = []
        self.unreadable: list[tuple[int, str]] = []
        self.staff_roles: dict[str, Role | None] = {}

    async def receive(self, message: IncomingMessage) -> None:
        assert message.cursor is not None
        if message.cursor in self.fail_once:
            self.fail_once.discard(message.cursor)
            raise RuntimeError("database is locked")
        self.received.append(message)
        self.cursor = message.cursor

    async def load_cursor(self, platform: Platform) -> int | None:
        assert platform == "telegram"
        return self.cursor

    async def save_cursor(self, platform: Platform, value: int) -> None:
        assert platform == "telegram"
        self.saved.append(value)
        self.cursor = value

    async def group_chats(self, platform: Platform) -> set[str]:
        return set()

    async def move_chat(self, platform: Platform, old: str, new: str, cursor: int | None) -> None:
        self.moves.append((old, new, cursor))
        if cursor is not None:
            self.cursor = cursor

    async def keep_unreadable(self, platform: Platform, cursor: int, raw: str, error: str) -> None:
        self.unreadable.append((cursor, raw))
        self.cursor = cursor

    async def staff(self, platform: Platform) -> dict[str, Role | None]:
        return dict(self.staff_roles)

    @property
    def texts(self) -> list[str]:
        return [m.text for m in self.received]


@pytest.fixture
def core() -> FakeCore:
    return FakeCore()


@pytest.fixture
async def make_transport(
    api: FakeTelegramAPI,
) -> AsyncIterator[Callable[..., TelegramTransport]]:
    made: list[TelegramTransport] = []

    def make(token: str = api.token, **overrides: object) -> TelegramTransport:
        options: dict[str, object] = {
            "base_url": api.base_url,
            "poll_timeout": 1,
            "commands": COMMANDS,
            "retry_initial": 0.01,
            "retry_max": 0.05,
        }
        options.update(overrides)
        transport = TelegramTransport(token, **options)  # type: ignore[arg-type]
        made.append(transport)
        return transport

    yield make
    for transport in made:
        await transport.stop()


@pytest.fixture
async def running(
    make_transport: Callable[..., TelegramTransport], core: FakeCore
) -> TelegramTransport:
    transport = make_transport()
    await transport.start(core)
    return transport


async def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Polls: conditions here read logs and fakes that have no event to wait on."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# -- receiving -----------------------------------------------------------------------------


async def test_group_text_reaches_core_with_chat_and_sender(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    update_id = api.push_text(
        GROUP, "supergroup", "阳光小区3号楼", 42, "王 阿姨", "3-2-501 白菜2斤"
    )

    await eventually(lambda: len(core.received) == 1)

    message = core.received[0]
    assert message.platform == "telegram"
    assert message.chat_id == str(GROUP)
    assert message.chat_title == "阳光小区3号楼"
    assert message.chat_kind == "group"
    assert message.sender_id == "42"
    assert message.sender_name == "王 阿姨"
    assert message.text == "3-2-501 白菜2斤"
    assert message.message_id == "1"
    assert message.cursor == update_id
    assert message.received_at.tzinfo is not None


async def test_basic_group_text_is_group_kind(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    api.push_text(-555, "group", "5号楼", 43, "李四", "5-1202 鸡蛋一盒")

    await eventually(lambda: len(core.received) == 1)

    assert core.received[0].chat_kind == "group"
    assert core.received[0].chat_id == "-555"


async def test_private_text_is_private_kind_titled_by_sender(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    api.push_text(42, "private", None, 42, "王 阿姨", "我家老人需要降压药")

    await eventually(lambda: len(core.received) == 1)

    message = core.received[0]
    assert message.chat_kind == "private"
    assert message.chat_id == "42"
    assert message.chat_title == "王 阿姨"


async def test_sticker_and_join_advance_cursor_without_reaching_core(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    sticker = api.push_sticker(GROUP, "supergroup", "3号楼", 42, "王 阿姨")
    join = api.push_new_chat_members(GROUP, "supergroup", "3号楼", 44, "赵六")
    text = api.push_text(GROUP, "supergroup", "3号楼", 44, "赵六", "3-1-101 报到")

    await eventually(lambda: core.cursor == text)

    assert core.saved == [sticker, join]
    assert core.texts == ["3-1-101 报到"]


async def test_command_addressed_to_this_bot_loses_the_mention(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", f"/bind@{BOT_USERNAME} 3号楼")
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "/bind@OtherBot 3号楼")

    await eventually(lambda: len(core.received) == 2)

    assert core.texts == ["/bind 3号楼", "/bind@OtherBot 3号楼"]
    assert running.username == BOT_USERNAME


async def test_polls_for_messages_and_their_edits_and_never_drops_pending(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    await api.wait_for_calls("getUpdates", 1)

    first = api.requests["getUpdates"][0]
    assert first["allowed_updates"] == '["message", "edited_message"]'
    assert first["offset"] == "1"
    # A leftover webhook is removed, but pending updates are never dropped.
    assert api.calls["deleteWebhook"] == 1
    assert "drop_pending_updates" not in api.requests["deleteWebhook"][0]


async def test_set_my_commands_registers_the_commands(
    api: FakeTelegramAPI, running: TelegramTransport
) -> None:
    await api.wait_for_calls("setMyCommands", 1)

    assert api.commands == COMMANDS


# -- exactly once --------------------------------------------------------------------------


async def test_restart_resumes_after_stored_cursor(
    api: FakeTelegramAPI, core: FakeCore, make_transport: Callable[..., TelegramTransport]
) -> None:
    first = make_transport()
    await first.start(core)
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "二")
    await eventually(lambda: len(core.received) == 2)
    await first.stop()

    # While the bot is down: Telegram keeps these until an offset confirms them.
    api.push_text(GROUP, "supergroup", "3号楼", 43, "李四", "三")
    last = api.push_sticker(GROUP, "supergroup", "3号楼", 43, "李四")
    api.push_text(-555, "group", "5号楼", 44, "赵六", "四")
    stored = core.cursor
    assert stored is not None

    polls_before = api.calls["getUpdates"]

    second = make_transport()
    await second.start(core)
    await eventually(lambda: len(core.received) == 4)
    # The next poll's offset confirms the last update to the server.
    await eventually(lambda: api.pending_update_ids == [])

    assert core.texts == ["一", "二", "三", "四"]
    assert last in core.saved
    assert api.requests["getUpdates"][polls_before]["offset"] == str(stored + 1)


async def test_update_fetched_but_not_stored_comes_back_after_restart(
    api: FakeTelegramAPI, core: FakeCore, make_transport: Callable[..., TelegramTransport]
) -> None:
    # PTB's Updater would lose this one: it confirms a batch before handling it.
    first = make_transport(retry_initial=30.0)
    await first.start(core)
    lost = api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")
    core.fail_once.add(lost)
    await eventually(lambda: lost not in core.fail_once)  # fetched, receive failed
    await first.stop()  # while it waits to retry
    assert core.received == []

    await make_transport().start(core)
    await eventually(lambda: len(core.received) == 1)

    assert core.received[0].cursor == lost
    assert core.texts == ["一"]


async def test_same_transport_instance_can_restart(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")
    await eventually(lambda: len(core.received) == 1)
    await running.stop()
    await running.stop()  # idempotent
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "二")

    await running.start(core)
    await eventually(lambda: len(core.received) == 2)

    assert core.texts == ["一", "二"]


async def test_core_failure_is_retried_not_skipped(
    api: FakeTelegramAPI,
    core: FakeCore,
    running: TelegramTransport,
    caplog: pytest.LogCaptureFixture,
) -> None:
    failing = api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "二")
    core.fail_once.add(failing)

    with caplog.at_level(logging.WARNING, logger="bot.transports.telegram"):
        await eventually(lambda: len(core.received) == 2)

    assert core.texts == ["一", "二"]
    assert f"handling update {failing} failed (attempt 1)" in caplog.text
    assert "database is locked" in caplog.text


async def test_stop_lets_the_message_in_core_finish(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    entered = asyncio.Event()
    release = asyncio.Event()
    original = core.receive

    async def slow_receive(message: IncomingMessage) -> None:
        entered.set()
        await release.wait()
        await original(message)

    core.receive = slow_receive  # type: ignore[method-assign]
    update_id = api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")
    await asyncio.wait_for(entered.wait(), 5)

    stopping = asyncio.create_task(running.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()
    release.set()
    await asyncio.wait_for(stopping, 5)

    assert core.cursor == update_id
    assert core.texts == ["一"]


# -- sending -------------------------------------------------------------------------------


async def test_send_text_delivers_to_the_chat(
    api: FakeTelegramAPI, running: TelegramTransport
) -> None:
    await running.send_text(str(GROUP), "已登记：3-2-501 白菜2斤")

    sent = await api.wait_for_sent(lambda m: m.chat_id == GROUP)
    assert sent.text == "已登记：3-2-501 白菜2斤"


async def test_429_raises_send_failed_with_retry_after(
    api: FakeTelegramAPI, running: TelegramTransport
) -> None:
    api.fail_next_sends(1, retry_after=7)

    with pytest.raises(SendFailed) as failed:
        await running.send_text(str(GROUP), "汇总")

    assert failed.value.retry_after == 7.0
    assert api.sent == []
    await running.send_text(str(GROUP), "汇总")
    assert [m.text for m in api.sent] == ["汇总"]


async def test_other_api_errors_raise_send_failed_without_retry_after(
    api: FakeTelegramAPI, running: TelegramTransport
) -> None:
    api.fail_next("sendMessage", status=403, description="Forbidden: bot was kicked")

    with pytest.raises(SendFailed, match="bot was kicked") as failed:
        await running.send_text(str(GROUP), "汇总")

    assert failed.value.retry_after is None


async def test_send_document_arrives_with_filename_and_bytes(
    api: FakeTelegramAPI, running: TelegramTransport
) -> None:
    data = "楼栋,品名,数量\n3,白菜,2斤\n".encode()

    await running.send_document(str(GROUP), "采购清单.csv", data, "12:00 批次采购清单")

    document = await api.wait_for_document()
    assert document.chat_id == GROUP
    assert document.filename == "采购清单.csv"
    assert document.data == data
    assert document.caption == "12:00 批次采购清单"


async def test_send_to_unreachable_server_raises_send_failed(
    make_transport: Callable[..., TelegramTransport], core: FakeCore
) -> None:
    transport = make_transport(base_url=f"http://127.0.0.1:{free_port()}/bot")
    await transport.start(core)

    with pytest.raises(SendFailed, match="NetworkError"):
        await transport.send_text(str(GROUP), "汇总")


async def test_send_before_start_raises_send_failed(
    make_transport: Callable[..., TelegramTransport],
) -> None:
    with pytest.raises(SendFailed, match="not started"):
        await make_transport().send_text(str(GROUP), "汇总")


# -- failures of the connection -------------------------------------------------------------


async def test_unreachable_server_is_retried_with_one_log_line_per_attempt(
    make_transport: Callable[..., TelegramTransport],
    core: FakeCore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = make_transport(base_url=f"http://127.0.0.1:{free_port()}/bot")
    caplog.set_level(logging.DEBUG)

    await transport.start(core)
    await eventually(lambda: _attempts(caplog) >= 4, timeout=5)
    await transport.stop()

    assert not transport.running
    attempts = [r for r in caplog.records if r.name == "bot.transports.telegram"]
    for number, record in enumerate(attempts, 1):
        assert f"connect failed (attempt {number})" in record.getMessage()
        assert record.levelno == logging.WARNING
        assert "\n" not in record.getMessage() and record.exc_info is None


async def test_get_updates_errors_are_retried_then_polling_resumes(
    api: FakeTelegramAPI,
    core: FakeCore,
    make_transport: Callable[..., TelegramTransport],
    caplog: pytest.LogCaptureFixture,
) -> None:
    api.fail_next("getUpdates", 2, status=502, description="Bad Gateway")
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")

    recovered: list[bool] = []
    with caplog.at_level(logging.WARNING, logger="bot.transports.telegram"):
        await make_transport(on_recovered=lambda: recovered.append(True)).start(core)
        await eventually(lambda: len(core.received) == 1)
        await api.wait_for_calls("getUpdates", 4)

    assert core.texts == ["一"]
    assert _attempts(caplog) == 2
    # Telegram answering again is passed on once, so that sends backing off can go.
    assert recovered == [True]


async def test_rejected_token_stops_the_transport_with_one_line_and_no_token_in_logs(
    api: FakeTelegramAPI,
    core: FakeCore,
    make_transport: Callable[..., TelegramTransport],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    # A token of the right shape that the server refuses: PTB's InvalidToken quotes it.
    wrong = "987654321:AAWrongTokenForTestsOnly_abcdefghijkl"
    told: list[str] = []
    refused = make_transport(token=wrong, on_fatal=told.append)
    await refused.start(core)
    accepted = make_transport()
    await accepted.start(core)
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")
    await eventually(lambda: len(core.received) == 1 and bool(told))
    await eventually(lambda: not refused.running)

    assert len(told) == 1 and "rejected the bot token" in told[0]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "rejected the bot token" in errors[0].getMessage()
    assert _attempts(caplog) == 0  # not retried: it would never work
    assert "HTTP Request" in caplog.text  # httpx did log its requests ...
    assert wrong not in caplog.text  # ... without the token
    assert api.token not in caplog.text


# -- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "valid"),
    [
        ("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", True),
        ("7012345678:AAF-kE_9x2ZqfL0pQm3nB7vC1dR4sT6uY8w", True),
        ("", False),
        ("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", False),
        ("123456789:short", False),
        ("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw ", False),
        ("bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", False),
    ],
)
def test_validate_token_checks_the_botfather_shape(token: str, valid: bool) -> None:
    assert validate_token(token) is valid


@pytest.mark.parametrize("name", ["绑定", "Bind", "bind-building", "", "x" * 33])
def test_command_names_must_follow_the_bot_api_rule(name: str) -> None:
    with pytest.raises(ValueError, match="command"):
        TelegramTransport("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", commands=[(name, "说明")])


def _attempts(caplog: pytest.LogCaptureFixture) -> int:
    return sum(
        r.name == "bot.transports.telegram" and "attempt" in r.getMessage() for r in caplog.records
    )


async def test_a_mention_of_the_bot_or_a_reply_to_it_marks_the_message_addressed(
    api: FakeTelegramAPI, core: FakeCore, running: TelegramTransport
) -> None:
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王", f"@{BOT_USERNAME} 明天还有鸡蛋吗")
    bot_message = {"message_id": 9, "date": 0, "chat": {"id": GROUP, "type": "supergroup"}}
    bot_message["from"] = {"id": BOT_ID, "is_bot": True, "first_name": "楼长"}
    bot_message["from"]["username"] = BOT_USERNAME  # type: ignore[index]
    api.push_message(
        GROUP, "supergroup", "3号楼", 43, "李", {"text": "几点送", "reply_to_message": bot_message}
    )
    api.push_text(GROUP, "supergroup", "3号楼", 44, "赵", "明天还有鸡蛋吗")
    await eventually(lambda: len(core.received) == 3)
    assert [m.addressed for m in core.received] == [True, True, False]


async def test_an_unreadable_update_is_logged_by_kind_never_by_what_it_says(
    api: FakeTelegramAPI,
    core: FakeCore,
    make_transport: Callable[..., TelegramTransport],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from telegram import Update

    real = Update.de_json

    def picky(data: dict[str, object], bot: object = None) -> Update:
        message = data.get("message")
        if isinstance(message, dict) and "透析" in str(message.get("text")):
            raise ValueError(f"cannot read {message['text']!r}")
        return real(data, bot)  # type: ignore[arg-type]

    monkeypatch.setattr(Update, "de_json", picky)
    broken = api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "老人要去透析 13912345678")
    api.push_text(GROUP, "supergroup", "3号楼", 42, "王 阿姨", "一")
    await make_transport().start(core)
    await eventually(lambda: len(core.received) == 1)

    assert [u for u, _raw in core.unreadable] == [broken]
    lines = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert lines == [
        f"telegram: update {broken} could not be read (ValueError); kept in the database, skipped"
    ]
    assert "透析" not in caplog.text and "13912345678" not in caplog.text
