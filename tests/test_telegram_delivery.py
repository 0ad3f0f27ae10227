"""Delivery on Telegram, end to end: the real python-telegram-bot client, core, storage and
sender against the fake Bot API on loopback, with the server refusing as Telegram does
(403 for a user who never pressed Start, 429 flood waits, a group upgraded to a
supergroup, an update the client cannot read, a rejected token)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot import texts
from bot.__main__ import main
from bot.app import build_router, command_menus
from bot.config import Config, load_config_text
from handlers.summary import summary_lines
from storage import chats, orders
from tests.fake_telegram_api import FakeTelegramAPI
from tests.test_telegram_scenarios import running_bot

GROUP = -1001000000003
OLD_GROUP = -4000000003
CADRE = 42
DUTY = 43
SECOND_DUTY = 44
RESIDENT = 501


def _toml(
    api: FakeTelegramAPI,
    db: Path,
    *,
    duty: tuple[int, ...] = (DUTY, SECOND_DUTY),
    group: int = GROUP,
    hotline: str = "社区办 021-5555 0000",
    token: str | None = None,
) -> str:
    return f"""
[compound]
name = "测试小区"
hotline = "{hotline}"
[[compound.buildings]]
name = "3"
units = ["1", "2"]
[database]
path = "{db.as_posix()}"
[[groups]]
platform = "telegram"
chat = "{group}"
building = "3"
[roles.telegram]
cadres = ["{CADRE}"]
duty = [{", ".join(f'"{d}"' for d in duty)}]
[pacing]
group_per_minute = 600
[transports.console]
enabled = false
[transports.telegram]
enabled = true
token = "{token or api.token}"
base_url = "{api.base_url}"
poll_timeout = 1
"""


def _config(api: FakeTelegramAPI, db: Path, **kw: object) -> Config:
    return load_config_text(_toml(api, db, **kw), "telegram-test.toml")  # type: ignore[arg-type]


def _help(api: FakeTelegramAPI, chat: int = GROUP) -> int:
    return api.push_text(
        chat, "supergroup", "3号楼业主群", RESIDENT, "3-2-1202 老周", "老人发烧39度要去医院透析"
    )


def _log(api: FakeTelegramAPI) -> list[tuple[int | str, int]]:
    return [(e.chat_id, e.status) for e in api.send_log]


# -- an urgent request always reaches a person ---------------------------------------------


async def test_duty_person_who_never_pressed_start_is_skipped_for_the_next(
    api: FakeTelegramAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    api.forbid(DUTY)
    async with running_bot(_config(api, tmp_path / "bot.db")):
        _help(api)
        got = await api.wait_for_sent(lambda m: m.chat_id == SECOND_DUTY, timeout=10)
        await api.wait_until(lambda: any(m.chat_id == GROUP for m in api.sent), timeout=10)
        await asyncio.sleep(0.3)
    group = [m.text for m in api.sent if m.chat_id == GROUP]
    assert "紧急求助#1" in got.text and "39度" in got.text
    # The refused person was tried once, never again; the group heard what happened.
    assert _log(api).count((DUTY, 403)) == 1
    assert (SECOND_DUTY, 200) in _log(api)
    assert "已转给值班人员" in "".join(group)
    assert not any("发烧" in t or "透析" in t for t in group)
    # The refusal is logged once, its kind not said twice.
    assert "Forbidden: bot can't initiate conversation with a user" in caplog.text
    assert "Forbidden: Forbidden" not in caplog.text


async def test_group_is_told_forwarded_only_once_someone_has_it(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    # Both duty people refuse; the cadre is next and gets it.
    api.forbid(DUTY)
    api.forbid(SECOND_DUTY)
    async with running_bot(_config(api, tmp_path / "bot.db")):
        _help(api)
        await api.wait_for_sent(lambda m: m.chat_id == CADRE, timeout=10)
        await api.wait_until(
            lambda: any("已转给值班人员" in m.text for m in api.sent if m.chat_id == GROUP),
            timeout=10,
        )
    order = [(e.chat_id, e.status, e.text[:12]) for e in api.send_log]
    reached = next(i for i, (chat, status, _t) in enumerate(order) if chat == CADRE)
    forwarded = next(
        i
        for i, (chat, _s, _t) in enumerate(order)
        if chat == GROUP and "已转给" in api.send_log[i].text
    )
    # Nothing in the group said 已转给 before the cadre's copy was accepted.
    assert forwarded > reached
    assert all("已转给" not in e.text for e in api.send_log[:reached] if e.chat_id == GROUP)


async def test_nobody_reachable_tells_the_resident_the_hotline_and_lists_it_for_cadres(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    for person in (DUTY, SECOND_DUTY, CADRE):
        api.forbid(person)
    async with running_bot(_config(api, tmp_path / "bot.db")) as app:
        _help(api)
        hotline = await api.wait_for_sent(
            lambda m: m.chat_id == GROUP and "021-5555 0000" in m.text, timeout=10
        )
        await asyncio.sleep(0.3)
        dead = await app.db.conn.execute_fetchall(
            "SELECT chat_id FROM outbox WHERE dead_at IS NOT NULL ORDER BY id"
        )
        unreached = await app.db.conn.execute_fetchall(
            "SELECT id FROM help_requests WHERE hotline_at IS NOT NULL"
        )
        summary = await app.core.act("summary", "test", summary_lines)
    # One line for it, after the acknowledgement (the two may share a message).
    said = texts.HELP_HOTLINE.format(number=1, hotline="社区办 021-5555 0000")
    assert hotline.text.splitlines()[-1] == said
    group = [m.text for m in api.sent if m.chat_id == GROUP]
    assert not any("已转给值班人员" in t for t in group)
    # Each person was tried once; the rows are dead, not retried.
    for person in (DUTY, SECOND_DUTY, CADRE):
        assert _log(api).count((person, 403)) == 1
    assert {int(r[0]) for r in dead} >= {DUTY, SECOND_DUTY, CADRE}
    assert [r[0] for r in unreached] == [1]
    # What cadres read in the summary when they can be reached again.
    assert "联系不上值班人员的求助：#1" in summary
    assert any(line.startswith("发不出去的消息：3条") for line in summary)


async def test_startup_reports_staff_the_bot_cannot_write_to_yet(
    api: FakeTelegramAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    api.forbid(CADRE)
    api.forbid(SECOND_DUTY)
    async with running_bot(_config(api, tmp_path / "bot.db")):
        await api.wait_for_calls("getUpdates", 1, timeout=10)
    lines = [r.getMessage() for r in caplog.records if "cannot write to staff" in r.getMessage()]
    assert len(lines) == 1 and "press Start" in lines[0]
    assert str(CADRE) in lines[0] and str(SECOND_DUTY) in lines[0]  # a cadre, a duty person
    assert str(DUTY) not in lines[0]


# -- flood waits --------------------------------------------------------------------------


async def test_flood_wait_holds_the_whole_chat_and_nothing_is_sent_inside_it(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    api.flood(GROUP, 2)
    loop = asyncio.get_running_loop()
    async with running_bot(_config(api, tmp_path / "bot.db")):
        api.push_text(GROUP, "supergroup", "3号楼业主群", 501, "3-2-501", "3-2-501 大米两袋")
        await api.wait_until(lambda: any(e.status == 429 for e in api.send_log), timeout=10)
        refused_at = loop.time()
        # Newer replies for the same chat arrive during the wait.
        for room in ("502", "503", "504"):
            api.push_text(
                GROUP, "supergroup", "3号楼业主群", int(room), room, f"3-2-{room} 鸡蛋一盒"
            )
        await api.wait_until(
            lambda: "3-2-504" in "".join(m.text for m in api.sent if m.chat_id == GROUP), timeout=10
        )
    first_ok = next(e for e in api.send_log if e.chat_id == GROUP and e.status == 200)
    assert api.sent_inside_wait == []
    assert first_ok.at - refused_at >= 2.0
    group = [m.text for m in api.sent if m.chat_id == GROUP]
    assert "3-2-501" in "".join(group)


# -- a group upgraded to a supergroup -------------------------------------------------------


async def test_group_migration_moves_binding_and_queued_replies_to_the_new_id(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    config = _config(api, tmp_path / "bot.db", group=OLD_GROUP)
    api.flood(OLD_GROUP, 1)  # the acknowledgement waits, queued, while the group moves
    async with running_bot(config) as app:
        api.push_text(OLD_GROUP, "group", "3号楼业主群", 501, "3-2-501", "3-2-501 大米两袋")
        await api.wait_until(lambda: any(e.status == 429 for e in api.send_log), timeout=10)
        api.push_migration(OLD_GROUP, GROUP, "3号楼业主群")
        moved_ack = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
        api.push_text(GROUP, "supergroup", "3号楼业主群", 502, "3-2-502", "3-2-502 鸡蛋一盒")
        second = await api.wait_for_sent(
            lambda m: m.chat_id == GROUP and "3-2-502" in m.text, timeout=10
        )
        count = await app.db.read(orders.count)
    assert moved_ack.text.startswith("已记录 3-2-501")
    assert second.text.startswith("已记录 3-2-502")
    assert count == 2
    assert not any(m.chat_id == OLD_GROUP for m in api.sent)
    # A restart with config still naming the old id keeps the binding on the new one.
    async with running_bot(config) as app:
        api.push_text(GROUP, "supergroup", "3号楼业主群", 503, "3-2-503", "3-2-503 牛奶一箱")
        third = await api.wait_for_sent(lambda m: "3-2-503" in m.text, timeout=10)
        moved = await app.db.read(lambda conn: chats.moved_to(conn, "telegram", str(OLD_GROUP)))
    assert third.chat_id == GROUP
    assert moved == str(GROUP)


async def test_a_send_refused_as_migrated_moves_the_chat_before_the_service_message(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db", group=OLD_GROUP)) as app:
        # The upgrade happened; the bot has not seen the service message.
        api.push_migration(OLD_GROUP, GROUP, "3号楼业主群")
        api._updates.clear()
        api.push_text(OLD_GROUP, "group", "3号楼业主群", 501, "3-2-501", "3-2-501 大米两袋")
        ack = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
        bound = await app.db.conn.execute_fetchall(
            "SELECT chat_id FROM groups WHERE platform = 'telegram'"
        )
    assert ack.text.startswith("已记录 3-2-501")
    assert (OLD_GROUP, 400) in _log(api)
    assert [r[0] for r in bound] == [str(GROUP)]


# -- what Telegram sends that is not plain text ----------------------------------------------


async def test_photo_caption_is_read_as_the_order(api: FakeTelegramAPI, tmp_path: Path) -> None:
    photo = [{"file_id": "AgAFake", "file_unique_id": "AQADFake", "width": 90, "height": 90}]
    async with running_bot(_config(api, tmp_path / "bot.db")) as app:
        api.push_message(
            GROUP,
            "supergroup",
            "3号楼业主群",
            501,
            "3-2-501",
            {"photo": photo, "caption": "3-2-501 要这种大米两袋"},
        )
        ack = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
        assert await app.db.read(orders.count) == 1
    assert ack.text.startswith("已记录 3-2-501：大米2袋")


async def test_edited_order_updates_it_while_its_batch_is_open_and_not_after(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")) as app:
        api.push_text(GROUP, "supergroup", "3号楼业主群", 501, "3-2-501", "3-2-501 大米两袋")
        await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
        message_id = 1  # the first message in that chat
        api.push_edited(
            GROUP, "supergroup", "3号楼业主群", 501, "3-2-501", message_id, "3-2-501 大米三袋"
        )
        edited = await api.wait_for_sent(lambda m: "更新" in m.text, timeout=10)
        order = await app.db.read(lambda conn: orders.get(conn, 1))
        # The cadre closes the batch; a later edit changes nothing and says nothing.
        api.push_text(CADRE, "private", None, CADRE, "张书记", "/close")
        await api.wait_for_sent(lambda m: m.chat_id == CADRE, timeout=10)
        before = len(api.sent)
        api.push_edited(
            GROUP, "supergroup", "3号楼业主群", 501, "3-2-501", message_id, "3-2-501 大米九袋"
        )
        await api.wait_until(lambda: not api.pending_update_ids, timeout=10)
        await asyncio.sleep(0.5)
        after = await app.db.read(lambda conn: orders.get(conn, 1))
        count = await app.db.read(orders.count)
    assert edited.text == "已按修改后的消息更新 #1（3-2-501）：大米3袋。"
    assert order is not None and [(i.item, i.qty) for i in order.items] == [("大米", 3)]
    assert after is not None and [(i.item, i.qty) for i in after.items] == [("大米", 3)]
    assert count == 1  # an edit is never a second order
    assert len(api.sent) == before


async def test_unreadable_update_is_kept_and_skipped_and_the_next_is_handled(
    api: FakeTelegramAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = api.push_update(
        {
            "message": {
                "message_id": 9,
                "date": "yesterday",
                "chat": {"id": GROUP, "type": "supergroup", "title": "3号楼业主群"},
                "text": "3-2-501 大米两袋 13912345678",
            }
        }
    )
    async with running_bot(_config(api, tmp_path / "bot.db")) as app:
        api.push_text(GROUP, "supergroup", "3号楼业主群", 502, "3-2-502", "3-2-502 鸡蛋一盒")
        ack = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
        kept = await app.db.read(lambda conn: chats.unreadable(conn, "telegram"))
    assert ack.text.startswith("已记录 3-2-502")
    assert [k[0] for k in kept] == [broken]
    assert json.loads(kept[0][1])["message"]["text"] == "3-2-501 大米两袋 13912345678"
    lines = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(lines) == 1
    assert "13912345678" not in caplog.text


async def test_anonymous_admins_command_is_answered_with_one_line(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")):
        api.push_message(
            GROUP,
            "supergroup",
            "3号楼业主群",
            1087968824,
            "Group",
            {
                "text": "/bind 3",
                "sender_chat": {"id": GROUP, "type": "supergroup", "title": "3号楼业主群"},
            },
        )
        said = await api.wait_for_sent(lambda m: m.chat_id == GROUP, timeout=10)
    assert said.text == texts.ANONYMOUS_ADMIN


async def test_start_in_a_private_chat_answers_with_what_the_bot_does(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")):
        api.push_text(RESIDENT, "private", None, RESIDENT, "老周", "/start")
        said = await api.wait_for_sent(lambda m: m.chat_id == RESIDENT, timeout=10)
        api.push_text(CADRE, "private", None, CADRE, "张书记", "/help")
        staff = await api.wait_for_sent(lambda m: m.chat_id == CADRE, timeout=10)
    assert said.text == texts.GUIDE_RESIDENT
    assert "/bind" in staff.text or "绑定" in staff.text


async def test_command_menus_are_scoped_residents_never_see_staff_commands(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    async with running_bot(_config(api, tmp_path / "bot.db")):
        await api.wait_for_calls("getUpdates", 1, timeout=10)
    residents = {name for name, _ in api.scoped_commands["default"]}
    cadre = {name for name, _ in api.scoped_commands[f"chat:{CADRE}"]}
    admins = {name for name, _ in api.scoped_commands["all_chat_administrators"]}
    menus = command_menus(build_router())
    assert ("help" in residents and "status" in residents) or "help" in residents
    assert not residents & {"bind", "cancel", "summary", "close"}
    assert {"bind", "summary"} <= cadre
    assert cadre == {name for name, _ in menus["cadre"]} == admins


def test_rejected_token_exits_2_with_one_line(
    api_thread: tuple[FakeTelegramAPI, asyncio.AbstractEventLoop],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    api, _loop = api_thread
    path = tmp_path / "config.toml"
    wrong = "987654321:AAWrongTokenForTestsOnly_abcdefghijkl"
    path.write_text(_toml(api, tmp_path / "bot.db", token=wrong), encoding="utf-8")
    code = main(["run", "--config", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("louzhang: telegram rejected the bot token")
    assert wrong not in err


async def test_a_long_urgent_forward_reaches_duty_in_pieces_that_each_read_alone(
    api: FakeTelegramAPI, tmp_path: Path
) -> None:
    story = "老人发烧39度要去医院透析。" + "家里老人一直咳嗽喘不上气，前几天就开始不舒服了。" * 170
    story += "最后一句。"
    async with running_bot(_config(api, tmp_path / "bot.db", duty=(DUTY,))):
        api.push_text(GROUP, "supergroup", "3号楼业主群", RESIDENT, "3-2-1202 老周", story)
        await api.wait_until(
            lambda: (
                sum(m.chat_id == DUTY for m in api.sent) >= 2
                and any("已转给" in m.text for m in api.sent if m.chat_id == GROUP)
            ),
            timeout=15,
        )
        await asyncio.sleep(0.5)
    pieces = [m.text for m in api.sent if m.chat_id == DUTY]
    count = len(pieces)
    assert count >= 2
    for n, piece in enumerate(pieces, start=1):
        assert piece.startswith(f"【紧急求助#1】({n}/{count})")
        assert len(piece) <= 4000
    assert "最后一句。" in pieces[-1]
    # The header travels with the start of the story, not as a piece of its own.
    assert "就医 3-2-1202" in pieces[0] and len(pieces[0]) > 2000
    said = "".join(p.split(")", 1)[1] for p in pieces)
    assert said.count("前几天就开始不舒服了") == 170
    # Each piece sent once, and paced: none went back to back.
    duty_sends = [e for e in api.send_log if e.chat_id == DUTY]
    assert len(duty_sends) == count
