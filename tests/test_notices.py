"""Notices to building ranges (handlers/notices.py): every bound group in the range, a
receipt naming what could not be reached, building leaders only for their buildings."""

from __future__ import annotations

import pytest

from tests.harness import Bot

CADRE = "@私聊 张书记"


@pytest.mark.parametrize(
    ("command", "groups"),
    [
        ("通知 3-10号楼 下午3点东门取菜", ["3号楼业主群", "5号楼群", "10幢2单元群"]),
        ("通知 全部 下午3点东门取菜", ["3号楼业主群", "5号楼群", "10幢2单元群"]),
        ("通知 3、5栋 下午3点东门取菜", ["3号楼业主群", "5号楼群"]),
        ("/notice 10号楼2单元 下午3点东门取菜", ["10幢2单元群"]),
        ("通知 10号楼1单元 下午3点东门取菜", []),
    ],
)
async def test_a_notice_reaches_every_bound_group_in_its_range(
    bot: Bot, command: str, groups: list[str]
) -> None:
    said = await bot.say(f"{CADRE}: {command}")
    for chat in ("3号楼业主群", "5号楼群", "10幢2单元群"):
        expected = ["【通知】下午3点东门取菜"] if chat in groups else []
        assert bot.sent_to(chat) == expected
    receipt = bot.sent_to("张书记")[-1]
    assert receipt.startswith(f"已发到{len(groups)}个群。" if groups else "范围内没有可发的群。")
    assert len(said) == len(groups) + 1


async def test_the_receipt_names_buildings_missing_or_without_a_group(bot: Bot) -> None:
    await bot.say(f"{CADRE}: 通知 3、99号楼 明早6点核酸")
    assert bot.sent_to("张书记")[-1] == "已发到1个群。本小区没有：99号楼。"
    await bot.say(f"{CADRE}: 通知 10号楼1单元 明早6点核酸")
    assert bot.sent_to("张书记")[-1] == "范围内没有可发的群。10号楼1单元还没有绑定的群，没有发到。"


async def test_a_building_leader_posts_only_to_their_buildings(bot: Bot) -> None:
    assert await bot.say("@私聊 王楼长: 通知 5号楼 停水") == ["您不负责5号楼，不能操作。"]
    assert bot.sent_to("5号楼群") == []
    await bot.say("@私聊 王楼长: 通知 3号楼 停水")
    assert bot.sent_to("3号楼业主群") == ["【通知】停水"]


async def test_residents_cannot_post_notices_and_a_cadres_group_notice_stays_text(
    bot: Bot,
) -> None:
    assert await bot.say("@私聊 3-2-501王姐: 通知 全部 开会") == []
    assert await bot.say("@3号楼业主群 张书记: 通知：今天下午3点停水") == []
    assert bot.sent_to("5号楼群") == []
