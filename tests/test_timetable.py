"""The PCR-test timetable: entries as cadres write them (bot/timetable.py) and what the
commands do with them (handlers/timetable.py)."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.grammar import BuildingSpec
from bot.timetable import Slot, parse_slot
from tests.harness import Bot

TODAY = date(2026, 4, 10)
CADRE = "@私聊 张书记"


@pytest.mark.parametrize(
    ("text", "day", "starts", "ends", "place"),
    [
        ("6:00-6:30 1-3号楼 东门", TODAY, time(6), time(6, 30), "东门"),
        ("明天 7:00-7:30 3号楼", date(2026, 4, 11), time(7), time(7, 30), ""),
        ("12月3日 6:00-6:30 1、3号楼 南门", date(2026, 12, 3), time(6), time(6, 30), "南门"),
        ("6点-7点 全部 小区广场", TODAY, time(6), time(7), "小区广场"),
    ],
)
def test_an_entry_is_read_as_cadres_write_it(
    text: str, day: date, starts: time, ends: time, place: str
) -> None:
    slot = parse_slot(text, TODAY)
    assert isinstance(slot, Slot)
    assert (slot.day, slot.starts, slot.ends, slot.place) == (day, starts, ends, place)


def test_a_january_date_written_in_december_is_next_year() -> None:
    slot = parse_slot("1月2日 6:00-6:30 3号楼", date(2026, 12, 28))
    assert isinstance(slot, Slot) and slot.day == date(2027, 1, 2)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("7:00-6:30 3号楼", "结束06:30早于开始07:00"),
        ("25:00-26:00 3号楼", "时间25:00-26:00不对"),
        ("2月30日 6:00-6:30 3号楼", "日期2月30日不对"),
        ("6:00-6:30", "请写上楼栋"),
        ("明早排队", "没看懂时间"),
    ],
)
def test_a_bad_entry_says_which_part_is_wrong_and_shows_the_form(text: str, says: str) -> None:
    answer = parse_slot(text, TODAY)
    assert isinstance(answer, str) and answer.startswith(says) and "6:00-6:30 1-3号楼" in answer


def test_the_buildings_are_a_range() -> None:
    slot = parse_slot("6:00-6:30 3-5号楼", TODAY)
    assert isinstance(slot, Slot) and slot.buildings == BuildingSpec(spans=((3, 5),))


async def test_an_entry_is_posted_listed_answered_and_cancelled(bot: Bot) -> None:
    await bot.say(f"{CADRE}: 核酸 6:00-6:30 3-5号楼 东门")
    assert bot.sent_to("3号楼业主群") == ["【核酸】今天 06:00-06:30 3号楼 东门"]
    assert bot.sent_to("5号楼群") == ["【核酸】今天 06:00-06:30 5号楼 东门"]
    assert bot.sent_to("张书记") == ["已登记核酸#1、#2，发到2个群。"]
    assert await bot.say(f"{CADRE}: 核酸") == [
        "今天核酸安排：#1 06:00-06:30 3号楼 东门；#2 06:00-06:30 5号楼 东门"
    ]
    assert await bot.say("@3号楼业主群 2-402孙: 今天核酸几点？") == [
        "3号楼今天核酸：06:00-06:30 东门。"
    ]
    assert sorted(await bot.say(f"{CADRE}: 取消核酸 1")) == sorted(
        ["【核酸取消】今天 06:00-06:30 3号楼 东门", "已取消核酸#1。"]
    )
    assert await bot.say(f"{CADRE}: 取消核酸 1") == ["没有找到核酸#1。"]


async def test_entries_for_buildings_the_compound_lacks_or_others_serve_are_refused(
    bot: Bot,
) -> None:
    assert await bot.say(f"{CADRE}: 核酸 6:00-6:30 99号楼 东门") == ["本小区没有：99号楼。"]
    assert await bot.say("@私聊 王楼长: 核酸 6:00-6:30 5号楼 东门") == ["您不负责5号楼，不能操作。"]
    assert bot.sent_to("5号楼群") == []
    assert await bot.say("@私聊 3-2-501王姐: 核酸 6:00-6:30 3号楼") == []


async def test_an_entry_changed_by_number_is_posted_and_answers_change(bot: Bot) -> None:
    await bot.say(f"{CADRE}: 核酸 6:00-6:30 3号楼 东门")
    await bot.say(f"{CADRE}: 改核酸 1 7:00-7:30")
    assert bot.sent_to("3号楼业主群")[-1] == "【核酸时间调整】今天 改为 07:00-07:30 3号楼 东门"
    assert await bot.say("@3号楼业主群 2-402孙: 今天核酸几点？") == [
        "3号楼今天核酸：07:00-07:30 东门。"
    ]
    assert (await bot.say(f"{CADRE}: 改核酸 1 8:00-7:30"))[0].startswith("结束07:30早于开始08:00")
    assert await bot.say(f"{CADRE}: 改核酸 9 8:00-8:30") == ["没有找到核酸#9。"]
    assert await bot.say("@私聊 赵楼长: /test_change 1 8:00-8:30") == ["这个命令只有楼长可以用。"]


async def test_several_entries_under_one_date_line_are_set_together(bot: Bot) -> None:
    await bot.say(f"{CADRE}: 核酸 明天\\n6:00-6:30 3号楼 东门\\n6:30-7:00 5号楼 西门")
    assert bot.sent_to("3号楼业主群") == ["【核酸】明天 06:00-06:30 3号楼 东门"]
    assert bot.sent_to("5号楼群") == ["【核酸】明天 06:30-07:00 5号楼 西门"]
    said = await bot.say(f"{CADRE}: 核酸 6:00-6:30 3号楼\\n7:00-6:00 5号楼")
    assert said[0].startswith("这一行有问题：7:00-6:00 5号楼。结束06:00早于开始07:00")
    assert bot.sent_to("3号楼业主群") == ["【核酸】明天 06:00-06:30 3号楼 东门"]  # nothing half-set
