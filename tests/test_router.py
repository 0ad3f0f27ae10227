"""Finding and routing commands (bot/router.py): whole-grammar matches, plain forms only
from staff, rights and chats checked before anything happens, and audit of what did."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app import build_router
from bot.permissions import RESIDENT, Permission
from storage import audit, orders
from tests.harness import Bot

G = "@3号楼业主群"
CADRE = Permission("cadre")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


async def _audit(bot: Bot) -> list[tuple[str, str, str, str]]:
    """What people did: seeding config's roles at start is left out."""
    entries = await bot.app.db.read(lambda c: audit.entries(c, EPOCH))
    return [e for e in entries if e[0] != "config"]


@pytest.mark.parametrize(
    "text",
    [
        "取消今天下午3点的核酸，改到明天上午",
        "取消3号楼的配送，改到明天",
        "取消 3 号楼明天的核酸",
        "绑定楼栋的事明天再说",
    ],
)
def test_a_cadres_notice_starting_with_a_command_word_is_not_a_command(text: str) -> None:
    assert build_router().find(text, CADRE) is None


@pytest.mark.parametrize(
    ("text", "name", "numbers"),
    [("取消 3", "cancel", (3,)), ("取消3号", "cancel", (3,)), ("取消 #12", "cancel", (12,))],
)
def test_a_cadres_plain_command_whose_arguments_match_is_found(
    text: str, name: str, numbers: tuple[int, ...]
) -> None:
    found = build_router().find(text, CADRE)
    assert found is not None and found.command.names[0] == name
    assert found.args is not None and found.args.numbers == numbers


def test_plain_forms_are_never_taken_from_residents() -> None:
    router = build_router()
    assert router.find("取消 3", RESIDENT) is None
    assert router.find("绑定楼栋 3", RESIDENT) is None


def test_a_slash_command_is_found_with_bad_arguments_so_its_usage_can_be_given() -> None:
    found = build_router().find("/cancel 三号", CADRE)
    assert found is not None and found.args is None


def test_a_volunteer_does_not_get_a_cadres_plain_form() -> None:
    assert build_router().find("取消 3", Permission("volunteer")) is None


async def test_a_cadres_cancel_notice_in_a_group_cancels_nothing(bot: Bot) -> None:
    for room in ("501", "502", "503"):
        await bot.say(f"{G} 3-2-{room}: 大米两袋")
    said = await bot.say(f"{G} 张书记: 取消今天下午3点的核酸，改到明天上午")
    assert not any("已取消" in s for s in said)
    open_orders = await bot.app.db.read(lambda c: [orders.get(c, n) for n in (1, 2, 3)])
    assert [o.status for o in open_orders if o] == ["open", "open", "open"]


async def test_a_refused_cancel_is_audited_as_refused_not_as_done(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501: 大米两袋")
    said = await bot.say(f"{G} 3-2-502: /cancel 1")
    assert said == ["这个命令只有干部可以用。"]
    assert (await bot.app.db.read(lambda c: orders.get(c, 1))).status == "open"  # type: ignore[union-attr]
    assert await _audit(bot) == [("3-2-502", "refused", "cancel", "/cancel 1")]


async def test_a_cancel_of_an_order_that_does_not_exist_is_not_audited(bot: Bot) -> None:
    said = await bot.say(f"{G} 张书记: /cancel 99")
    assert said == ["没有找到单号#99，请核对。"]
    assert [a for a in await _audit(bot) if a[1] != "binding_conflict"] == []


async def test_a_cadres_cancel_that_happens_is_audited(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501: 大米两袋")
    said = await bot.say(f"{G} 张书记: 取消 1")
    assert said == ["已取消 #1（3-2-501）。"]
    assert ("张书记", "cancel_order", "1", "") in await _audit(bot)


async def test_a_group_only_command_in_a_private_chat_says_where_it_works(bot: Bot) -> None:
    said = await bot.say("@私聊 张书记: /bind 3")
    assert said == ["这个命令请在楼栋群里用。"]


async def test_an_unknown_slash_command_from_staff_is_named_and_from_residents_ignored(
    bot: Bot,
) -> None:
    assert await bot.say(f"{G} 张书记: /frobnicate") == ["不认识的命令：/frobnicate"]
    assert await bot.say(f"{G} 3-2-501: /frobnicate") == []
