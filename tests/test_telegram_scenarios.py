"""The whole bot on Telegram: the real python-telegram-bot client, the real core and
storage, against the fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot import texts
from bot.app import App, build_app, telegram_transport
from bot.config import Config, load_config_text
from storage import orders
from storage.db import open_database
from tests.fake_telegram_api import FakeTelegramAPI

GROUP = -1001000000003
UNBOUND = -1001000000099
CADRE = 42
RESIDENT = 501


def _config(api: FakeTelegramAPI, db: Path) -> Config:
    return load_config_text(
        f"""
[compound]
name = "测试小区"
[[compound.buildings]]
name = "3"
units = ["1", "2"]
[[compound.buildings]]
name = "7"
units = ["1"]
[[compound.buildings]]
name = "8"
[database]
path = "{db.as_posix()}"
[[groups]]
platform = "telegram"
chat = "{GROUP}"
building = "3"
[roles.telegram]
cadres = ["{CADRE}"]
duty = ["{CADRE}"]
[pacing]
group_per_minute = 600
[transports.console]
enabled = false
[transports.telegram]
enabled = true
token = "{api.token}"
base_url = "{api.base_url}"
poll_timeout = 1
""",
        "telegram-test.toml",
    )


@asynccontextmanager
async def running_bot(config: Config) -> AsyncIterator[App]:
    """The bot as `louzhang run` starts it, with Telegram as its only transport."""
    transport = telegram_transport(config)
    app = await build_app(config, {"telegram": transport})
    stop = asyncio.Event()
    sender = asyncio.create_task(app.sender.run(stop))
    await transport.start(app.core)
    try:
        yield app
    finally:
        await transport.stop()
        stop.set()
        await sender
        await app.close()


def _order(api: FakeTelegramAPI, room: str, text: str = "大米两袋") -> int:
    return api.push_text(GROUP, "supergroup", "3号楼业主群", int(room), f"3-2-{room} 住户", text)


async def test_order_in_bound_group_is_acknowledged_in_that_group(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")):
        _order(api, "501", "大米两袋，鸡蛋一盒")
        sent = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
    assert (
        sent.text == "已记录 3-2-501：大米2袋、鸡蛋1盒，单号#1，" + sent.text.split("单号#1，")[1]
    )
    assert "截单" in sent.text


async def test_medical_help_reaches_duty_privately_and_nothing_medical_in_group(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")):
        api.push_text(
            GROUP,
            "supergroup",
            "3号楼业主群",
            RESIDENT,
            "3-2-1202 老周",
            "老人发烧39度要去医院透析，电话13912345678",
        )
        private = await api.wait_for_sent(lambda m: m.chat_id == CADRE, timeout=10)
        group = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
    assert "39度" in private.text and "13912345678" in private.text
    assert "求助已收到" in group.text
    assert not any(w in group.text for w in ("发烧", "透析", "139", "医院"))


async def test_429_with_retry_after_delays_the_reply_but_delivers_it(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    api.fail_next_sends(1, retry_after=1)
    loop = asyncio.get_running_loop()
    async with running_bot(_config(api, tmp_path / "bot.db")):
        start = loop.time()
        _order(api, "501")
        sent = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
        waited = loop.time() - start
    assert sent.text.startswith("已记录 3-2-501")
    assert api.calls["sendMessage"] == 2
    assert waited >= 1.0


async def test_restart_mid_stream_loses_and_doubles_no_order(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    config = _config(api, tmp_path / "bot.db")
    rooms = [f"{floor}0{n}" for floor in range(1, 9) for n in range(1, 4)]
    for room in rooms[:16]:
        _order(api, room)
    async with running_bot(config) as app:
        # Stop while the first updates are handled and the rest still wait on the server.
        await _until(lambda: app.db.read(orders.count), lambda n: n >= 3)
    stored_before = await _count(config)
    assert 3 <= stored_before < len(rooms)
    for room in rooms[16:]:
        _order(api, room)
    async with running_bot(config) as app:
        await _until(lambda: app.db.read(orders.count), lambda n: n >= len(rooms))
        await api.wait_until(lambda: not api.pending_update_ids, timeout=10)
        rows = await app.db.conn.execute_fetchall(
            "SELECT h.room, COUNT(*) FROM orders o JOIN households h ON h.id = o.household_id"
            " GROUP BY h.room"
        )
        acked = await api.wait_for_sent(lambda m: f"3-2-{rooms[-1]}" in m.text, timeout=10)
    assert sorted(r[0] for r in rows) == sorted(rooms)
    assert all(r[1] == 1 for r in rows)
    assert acked.chat_id == GROUP


async def _until(
    read: Callable[[], Awaitable[int]], done: Callable[[int], bool], timeout: float = 10
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done(await read()):
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def _count(config: Config) -> int:
    db = await open_database(config.database.path)
    try:
        return await db.read(orders.count)
    finally:
        await db.close()


async def test_an_unbound_groups_order_waits_and_is_placed_when_bound(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")) as app:
        api.push_text(UNBOUND, "supergroup", "7号楼群", RESIDENT, "7-1-101", "大米一袋")
        sent = await api.wait_for_sent(lambda m: m.chat_id == UNBOUND, timeout=10)
        assert await app.db.read(orders.count) == 0
        assert sent.text.count("\n") == 0 and "绑定楼栋" in sent.text
        api.push_text(UNBOUND, "supergroup", "7号楼群", CADRE, "张书记", "/bind 7-1")
        placed = await api.wait_for_sent(
            lambda m: m.chat_id == UNBOUND and "7-1-101" in m.text, timeout=10
        )
        assert await app.db.read(orders.count) == 1
    assert "大米1袋" in placed.text


async def test_cadre_binds_a_group_with_a_command_then_orders_count(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")) as app:
        api.push_text(UNBOUND, "supergroup", "7号楼群", CADRE, "张书记", "/bind 7-1")
        bound = await api.wait_for_sent(lambda m: m.chat_id == UNBOUND, timeout=10)
        api.push_text(UNBOUND, "supergroup", "7号楼群", RESIDENT, "101 李", "大米一袋")
        acked = await api.wait_for_sent(
            lambda m: m.chat_id == UNBOUND and m.text.startswith("已记录"), timeout=10
        )
        assert await app.db.read(orders.count) == 1
    assert bound.text == "本群已绑定 7号楼1单元。"
    assert acked.text.startswith("已记录 7-1-101：大米1袋")


async def test_chinese_bind_command_works_as_plain_text(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")):
        api.push_text(UNBOUND, "supergroup", "8号楼群", CADRE, "张书记", "/绑定楼栋 8")
        bound = await api.wait_for_sent(lambda m: m.chat_id == UNBOUND, timeout=10)
    assert bound.text == "本群已绑定 8号楼。"
    assert ("bind", texts.COMMAND_BIND) in api.scoped_commands[f"chat:{CADRE}"]
