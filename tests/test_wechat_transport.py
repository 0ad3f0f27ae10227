"""The whole bot on WeChat: the real wechaty client, core, storage and sender, over real gRPC
to the fake puppet service on loopback."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

pytest.importorskip("wechaty_puppet_service")

from bot import texts
from bot.app import App, build_app
from bot.config import Config, load_config_text
from bot.transports.wechat import WechatTransport
from storage import orders
from tests.fake_puppet_service import (
    FakePuppetService,
    WireMessageType,
    clear_wechaty_caches,
)

ROOM3 = "3003@chatroom"
ROOM5 = "5005@chatroom"
UNBOUND = "9009@chatroom"
CADRE = "wxid_zhang"
WANG = "wxid_wang"
INTERVAL = 0.2


def _config(fake: FakePuppetService, db: Path, rooms: int = 0) -> Config:
    extra_rooms = "".join(
        f'[[groups]]\nplatform = "wechat"\nchat = "{1000 + n}@chatroom"\nbuilding = "{10 + n}"\n'
        for n in range(rooms)
    )
    buildings = "".join(f'[[compound.buildings]]\nname = "{10 + n}"\n' for n in range(rooms))
    return load_config_text(
        f"""
[compound]
name = "测试小区"
group_title_pattern = '^阳光花园(\\d+)号楼'
[[compound.buildings]]
name = "3"
[[compound.buildings]]
name = "5"
[[compound.buildings]]
name = "7"
{buildings}
[database]
path = "{db.as_posix()}"
[[groups]]
platform = "wechat"
chat = "{ROOM3}"
building = "3"
[[groups]]
platform = "wechat"
chat = "{ROOM5}"
building = "5"
{extra_rooms}
[roles.wechat]
cadres = ["{CADRE}"]
duty = ["{CADRE}"]
[transports.console]
enabled = false
[transports.wechat]
enabled = true
endpoint = "{fake.endpoint}"
token = "{fake.token}"
send_interval_seconds = {INTERVAL}
room_per_minute = 60
""",
        "wechat-test.toml",
    )


@pytest.fixture
async def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakePuppetService]:
    # Importing wechaty makes ./.wechaty; its caches are process-wide.
    monkeypatch.setenv("CACHE_DIR", str(tmp_path / "wechaty"))
    clear_wechaty_caches()
    async with FakePuppetService() as service:
        service.add_contact(CADRE, "张书记")
        service.add_contact(WANG, "王阿姨")
        service.add_room(ROOM3, "3号楼业主群", [WANG, CADRE, service.self_id], {WANG: "3-501王"})
        service.add_room(ROOM5, "5号楼群", [CADRE, service.self_id])
        service.add_room(UNBOUND, "阳光花园7号楼", [WANG, CADRE, service.self_id])
        yield service
    clear_wechaty_caches()


@asynccontextmanager
async def running_bot(
    config: Config, fake: FakePuppetService, files: Path | None = None
) -> AsyncIterator[App]:
    wx = config.transports.wechat
    assert wx.endpoint is not None and wx.token is not None
    transport = WechatTransport(
        wx.endpoint, wx.token, files=files, retry_initial=0.05, retry_max=0.2
    )
    app = await build_app(config, {"wechat": transport})
    stop = asyncio.Event()
    sender = asyncio.create_task(app.sender.run(stop))
    await transport.start(app.core)
    try:
        async with asyncio.timeout(10):
            await transport.ready.wait()
        yield app
    finally:
        await transport.stop()
        stop.set()
        await sender
        await app.close()


async def test_a_room_order_is_acknowledged_in_the_room_naming_the_resident(
    fake: FakePuppetService, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with running_bot(_config(fake, tmp_path / "b.db"), fake) as app:
        fake.push_room_text(ROOM3, WANG, "3-501 大米两袋 鸡蛋一盒")
        sent = await fake.wait_for_sent(lambda s: s.conversation_id == ROOM3, timeout=10)
        count = await app.db.read(orders.count)
    assert sent.text.startswith("@3-501王") or sent.text.startswith("@王阿姨")
    assert "已记录 3-501：大米2袋、鸡蛋1盒，单号#1" in sent.text
    assert sent.mention_ids == (WANG,)
    assert count == 1
    # wechaty's own loggers go through the bot's handlers, without the service's token.
    assert any(r.name == "PuppetService" for r in caplog.records)
    assert fake.token not in caplog.text


async def test_a_private_help_request_reaches_duty_privately_and_nothing_medical_in_a_room(
    fake: FakePuppetService, tmp_path: Path
) -> None:
    async with running_bot(_config(fake, tmp_path / "b.db"), fake):
        fake.push_room_text(ROOM3, WANG, "3-502 老人发烧39度要去医院透析")
        duty = await fake.wait_for_sent(lambda s: s.conversation_id == CADRE, timeout=10)
        group = await fake.wait_for_sent(lambda s: s.conversation_id == ROOM3, timeout=10)
        fake.push_private_text(WANG, "我家老人要买降压药，3-501")
        second = await fake.wait_for_sent(
            lambda s: s.conversation_id == CADRE and "#2" in s.text, timeout=10
        )
        await asyncio.sleep(0.5)
    assert "39度" in duty.text and "透析" in duty.text
    assert "求助" in group.text
    room_texts = [s.text for s in fake.sent if s.conversation_id == ROOM3]
    assert not any(w in t for t in room_texts for w in ("发烧", "透析", "39度", "降压药"))
    assert "降压药" in second.text


async def test_a_burst_is_answered_in_merged_messages_at_the_account_wide_pace(
    fake: FakePuppetService, tmp_path: Path
) -> None:
    rooms = [f"{1000 + n}@chatroom" for n in range(10)]
    # Each order from its own resident, as in a real burst before a cut-off.
    people = [f"wxid_r{i}" for i in range(250)]
    for person in people:
        fake.add_contact(person, f"住户{person[6:]}")
    fake.add_room(ROOM3, "3号楼业主群", [*people[:50], CADRE, fake.self_id])
    for n, room in enumerate(rooms):
        members = people[50 + 20 * n : 70 + 20 * n]
        fake.add_room(room, f"{10 + n}号楼群", [*members, fake.self_id])
    async with running_bot(_config(fake, tmp_path / "b.db", rooms=10), fake) as app:
        # Real doors: floor then a room of at most a few on it (3-1201, 3-1202).
        for i in range(50):
            fake.push_room_text(ROOM3, people[i], f"3-{i // 2 + 1}{i % 2 + 1:02d} 大米两袋")
        for n, i in itertools.product(range(10), range(20)):
            person = people[50 + 20 * n + i]
            door = f"{10 + n}-{i // 2 + 1}{i % 2 + 1:02d}"
            fake.push_room_text(rooms[n], person, f"{door} 鸡蛋一盒")
        total = 50 + 10 * 20

        def acknowledged() -> set[int]:
            return {int(n) for s in fake.sent for n in re.findall(r"#(\d+)", s.text)}

        await fake.wait_until(lambda: len(acknowledged()) >= total, timeout=60)
        count = await app.db.read(orders.count)
    assert count == total
    assert acknowledged() >= set(range(1, total + 1))
    times = sorted(s.at for s in fake.sent)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= INTERVAL * 0.95  # never faster than the account may send
    assert len(fake.sent) <= 40  # merged: 250 acknowledgements in a few dozen messages


async def test_a_message_event_delivered_twice_makes_one_order(
    fake: FakePuppetService, tmp_path: Path
) -> None:
    async with running_bot(_config(fake, tmp_path / "b.db"), fake) as app:
        message_id = fake.push_room_text(ROOM3, WANG, "3-501 大米两袋")
        await fake.wait_for_sent(lambda s: s.conversation_id == ROOM3, timeout=10)
        fake.redeliver(message_id)
        await asyncio.sleep(1.0)
        count = await app.db.read(orders.count)
    assert count == 1
    assert len([s for s in fake.sent if s.conversation_id == ROOM3]) == 1


async def test_after_the_service_goes_away_and_comes_back_the_bot_reconnects(
    fake: FakePuppetService, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.transports.wechat")
    async with running_bot(_config(fake, tmp_path / "b.db"), fake) as app:
        fake.push_room_text(ROOM3, WANG, "3-501 大米两袋")
        await fake.wait_for_sent(lambda s: "#1" in s.text, timeout=10)
        await fake.stop_serving(graceful=False)
        await asyncio.sleep(0.8)
        await fake.serve_again()
        fake.push_room_text(ROOM3, WANG, "3-502 鸡蛋一盒")
        again = await fake.wait_for_sent(lambda s: "#2" in s.text, timeout=15)
        count = await app.db.read(orders.count)
    assert "3-502" in again.text and count == 2
    lines = [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]
    assert lines, "each failed attempt says so"
    assert all("attempt" in line and fake.token not in line for line in lines)


async def test_a_cadre_binds_a_room_in_the_room_and_asks_for_the_summary_privately(
    fake: FakePuppetService, tmp_path: Path
) -> None:
    async with running_bot(_config(fake, tmp_path / "b.db"), fake) as app:
        fake.push_room_text(UNBOUND, WANG, "7-101 大米一袋")
        offer = await fake.wait_for_sent(lambda s: s.conversation_id == CADRE, timeout=10)
        fake.push_room_text(UNBOUND, CADRE, "/bind 7")
        placed = await fake.wait_for_sent(
            lambda s: s.conversation_id == UNBOUND and "7-101" in s.text, timeout=10
        )
        fake.push_private_text(CADRE, "汇总")
        summary = await fake.wait_for_sent(
            lambda s: s.conversation_id == CADRE and "汇总" in s.text, timeout=10
        )
        count = await app.db.read(orders.count)
    # The room's name matched the compound's pattern: the binding was offered first.
    assert "阳光花园7号楼" in offer.text and "7号楼" in offer.text
    assert "大米1袋" in placed.text and count == 1
    assert summary.text.startswith("【汇总】")


async def test_a_renamed_room_keeps_its_binding(fake: FakePuppetService, tmp_path: Path) -> None:
    async with running_bot(_config(fake, tmp_path / "b.db"), fake) as app:
        fake.set_topic(ROOM3, "3号楼业主群（封控）")
        await asyncio.sleep(0.3)
        fake.push_room_text(ROOM3, WANG, "3-501 大米两袋")
        sent = await fake.wait_for_sent(lambda s: s.conversation_id == ROOM3, timeout=10)
        titles = await app.db.conn.execute_fetchall(
            "SELECT title, building FROM groups WHERE chat_id = ?", (ROOM3,)
        )
    assert "已记录 3-501" in sent.text
    assert [tuple(r) for r in titles] == [("3号楼业主群（封控）", "3")]


async def test_pictures_get_a_hint_privately_and_nothing_in_a_room(
    fake: FakePuppetService, tmp_path: Path
) -> None:
    async with running_bot(_config(fake, tmp_path / "b.db"), fake):
        fake.push_room_message(ROOM3, WANG, WireMessageType.IMAGE)
        fake.push_private_message(WANG, WireMessageType.AUDIO)
        hint = await fake.wait_for_sent(lambda s: s.conversation_id == WANG, timeout=10)
        await asyncio.sleep(0.5)
    assert hint.text == texts.MEDIA_PRIVATE
    assert not [s for s in fake.sent if s.conversation_id == ROOM3]


async def test_a_purchase_list_reaches_the_cadre_as_a_file(
    fake: FakePuppetService, tmp_path: Path
) -> None:
    async with running_bot(_config(fake, tmp_path / "b.db"), fake):
        fake.push_room_text(ROOM3, WANG, "3-501 大米两袋")
        await fake.wait_for_sent(lambda s: s.conversation_id == ROOM3, timeout=10)
        fake.push_private_text(CADRE, "截单")
        fake.push_private_text(CADRE, "采购单")
        sent = await fake.wait_for_file(lambda f: f.conversation_id == CADRE, timeout=10)
    assert sent.filename.endswith(".xlsx") and sent.data[:2] == b"PK"


async def test_a_file_the_puppet_cannot_send_is_kept_and_the_cadre_told_where(
    fake: FakePuppetService, tmp_path: Path
) -> None:
    fake.unsupported.add("MessageSendFile")
    config = _config(fake, tmp_path / "b.db")
    async with running_bot(config, fake, files=tmp_path / "files"):
        fake.push_room_text(ROOM3, WANG, "3-501 大米两袋")
        await fake.wait_for_sent(lambda s: s.conversation_id == ROOM3, timeout=10)
        fake.push_private_text(CADRE, "截单")
        fake.push_private_text(CADRE, "采购单")
        told = await fake.wait_for_sent(
            lambda s: s.conversation_id == CADRE and "未能在微信发出" in s.text, timeout=10
        )
    kept = sorted((tmp_path / "files").iterdir())
    assert fake.files == []
    assert len(kept) == 1 and kept[0].suffix == ".xlsx" and str(kept[0]) in told.text
    assert kept[0].read_bytes()[:2] == b"PK"


async def test_a_service_that_never_answers_is_retried_with_one_line_each_and_stop_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.fake_puppet_service import free_port

    monkeypatch.setenv("CACHE_DIR", str(tmp_path / "wechaty"))
    clear_wechaty_caches()
    caplog.set_level(logging.WARNING, logger="bot.transports.wechat")
    transport = WechatTransport(
        f"127.0.0.1:{free_port()}", "secret-token", retry_initial=0.05, retry_max=0.1
    )

    class NoCore:
        async def receive(self, message: object) -> None:
            raise AssertionError("nothing can arrive")

    await transport.start(NoCore())  # type: ignore[arg-type]
    await asyncio.sleep(1.0)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await transport.stop()
    assert loop.time() - began < 6
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.transports.wechat"]
    assert len(lines) >= 3
    assert all("unreachable (attempt" in line for line in lines)
    assert not any("secret-token" in line for line in lines)
    assert not transport.ready.is_set()
    clear_wechaty_caches()
