"""People in chat (handlers/members.py): invite codes, joining, delegation that lapses by
itself, revocation, the list, and the audit of every change."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from storage import audit, orders
from tests.harness import Bot

G3 = "@3号楼业主群"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


async def _code(bot: Bot, line: str = "@私聊 张书记: 邀请 志愿者 3号楼") -> str:
    (said,) = await bot.say(line)
    m = re.search(r"邀请码 ([0-9A-Z]{6})：", said)
    assert m is not None, said
    return m.group(1)


async def _people_audit(bot: Bot) -> list[tuple[str, str, str, str]]:
    entries = await bot.app.db.read(lambda c: audit.entries(c, EPOCH))
    return [e for e in entries if e[0] != "config"]


async def _bought(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say("@10幢2单元群 10-2-301赵: 大米一袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")


async def test_an_invited_volunteer_joins_and_may_act_on_their_buildings_only(bot: Bot) -> None:
    await _bought(bot)
    code = await _code(bot)
    said = await bot.say(f"@私聊 新志愿者: /join {code.lower()}")
    assert said == [
        "欢迎！您现在是志愿者（3号楼）。发送 /help 查看可用命令。",
        f"新志愿者 已用邀请码 {code} 加入：志愿者（3号楼）。",
    ]
    assert bot.sent_to("张书记")[-1] == said[1]
    assert await bot.say("@私聊 新志愿者: 认领 1") == ["已认领 #1 3-2-501：大米2袋"]
    assert await bot.say("@私聊 新志愿者: 认领 2") == ["您不负责10号楼，不能操作。"]
    assert ("新志愿者", "join", "console:新志愿者", f"{code} 志愿者（3号楼）") in (
        await _people_audit(bot)
    )


async def test_a_code_works_once(bot: Bot) -> None:
    code = await _code(bot)
    await bot.say(f"@私聊 甲: /join {code}")
    assert await bot.say(f"@私聊 乙: /join {code}") == [
        f"邀请码 {code} 已经用过了，请向干部要新的。"
    ]
    assert (await bot.say("@私聊 乙: 认领 1")) == []


async def test_a_code_expires_after_a_day(bot: Bot) -> None:
    code = await _code(bot)
    bot.clock.set(bot.clock.now() + timedelta(hours=24, minutes=1))
    said = await bot.say(f"@私聊 甲: /join {code}")
    assert said == [f"邀请码 {code} 已于今天08:00过期，请向干部要新的。"]


async def test_someone_with_a_role_keeps_it_and_the_code_stays_unused(bot: Bot) -> None:
    code = await _code(bot)
    assert await bot.say(f"@私聊 小王: /join {code}") == [
        f"您已是志愿者（3号楼、5号楼），邀请码 {code} 没有使用；如需变更请联系干部。"
    ]
    assert (await bot.say(f"@私聊 甲: /join {code}"))[0].startswith("欢迎！")


@pytest.mark.parametrize(
    ("code", "answer"),
    [
        ("12", "邀请码“12”格式不对，应为6位字母数字，请核对。"),
        ("ABC-DEF", "邀请码“ABC-DEF”格式不对，应为6位字母数字，请核对。"),
        ("ZZZZZZ", "没有邀请码“ZZZZZZ”，请核对或向干部要新的。"),
    ],
)
async def test_a_malformed_or_unknown_code_is_named(bot: Bot, code: str, answer: str) -> None:
    assert await bot.say(f"@私聊 甲: /join {code}") == [answer]


async def test_a_code_posted_in_a_group_is_not_taken_there(bot: Bot) -> None:
    code = await _code(bot)
    assert await bot.say(f"{G3} 甲: /join {code}") == ["这个命令请在和我的私聊里用。"]
    assert (await bot.say(f"@私聊 甲: /join {code}"))[0].startswith("欢迎！")


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("邀请 楼长", "邀请楼长要写楼栋，如：邀请 楼长 3号楼"),
        ("邀请 志愿者 99号楼", "本小区没有99号楼。"),
    ],
)
async def test_invites_need_buildings_the_compound_has(bot: Bot, line: str, answer: str) -> None:
    assert await bot.say(f"@私聊 张书记: {line}") == [answer]


async def test_only_cadres_invite(bot: Bot) -> None:
    assert await bot.say("@私聊 王楼长: /invite 志愿者 3号楼") == ["这个命令只有干部可以用。"]
    assert await bot.say("@私聊 3-2-501王姐: /invite 志愿者") == ["这个命令只有干部可以用。"]


async def test_a_delegated_cadre_acts_until_the_loan_lapses_by_itself(bot: Bot) -> None:
    await bot.say(f"{G3} 老陈: 大家好")
    assert await bot.say("@私聊 张书记: 授权 老陈 干部 8小时") == [
        "已授权 老陈 干部，至今天16:00。",
        "您已获授权：干部，至今天16:00，到时自动失效。",
    ]
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    (closed,) = await bot.say("@私聊 老陈: 截单")
    assert closed.startswith("已截单：批次#1")
    bot.at("16:01")
    await bot.say(f"{G3} 3-2-502周: 大米一袋")
    assert await bot.say("@私聊 老陈: /close") == ["这个命令只有干部可以用。"]
    order = await bot.app.db.read(lambda c: orders.get(c, 2))
    assert order is not None and order.batch_status == "open"
    (listed,) = await bot.say("@私聊 张书记: 成员")
    assert "老陈" not in listed


async def test_a_delegated_cadre_may_not_hand_out_cadre_rights(bot: Bot) -> None:
    await bot.say(f"{G3} 老陈: 大家好")
    await bot.say(f"{G3} 老周: 大家好")
    await bot.say("@私聊 张书记: 授权 老陈 干部 1天")
    assert await bot.say("@私聊 老陈: 邀请 干部") == ["这个命令只有干部可以用。"]
    assert await bot.say("@私聊 老陈: 授权 老周 干部 1天") == ["这个命令只有干部可以用。"]
    assert (await bot.say("@私聊 老陈: 邀请 志愿者 3号楼"))[0].startswith("邀请码 ")


@pytest.mark.parametrize("duration", ["0天", "100天", "八小时", "1年"])
async def test_a_bad_duration_is_named_and_nothing_is_lent(bot: Bot, duration: str) -> None:
    await bot.say(f"{G3} 老陈: 大家好")
    assert await bot.say(f"@私聊 张书记: 授权 老陈 干部 {duration}") == [
        f"时长“{duration}”不对，请写如 8小时、1天，最长7天。"
    ]
    assert await bot.say("@私聊 老陈: /close") == ["这个命令只有干部可以用。"]


async def test_delegation_names_a_person_the_bot_knows_once(bot: Bot) -> None:
    assert await bot.say("@私聊 张书记: 授权 没人 干部 1天") == [
        "找不到“没人”：请写对方在群里的名字或 ID。"
    ]
    assert await bot.say("@私聊 张书记: 授权 小王 志愿者 1天") == [
        "小王 已是志愿者（3号楼、5号楼），无需授权。"
    ]
    # A building leader of 3号楼 lent 5号楼 for a day, and 5号楼 only.
    assert sorted(await bot.say("@私聊 张书记: 授权 王楼长 楼长 5号楼 1天")) == [
        "已授权 王楼长 楼长（5号楼），至明天08:00。",
        "您已获授权：楼长（5号楼），至明天08:00，到时自动失效。",
    ]
    await bot.say("@10幢2单元群 10-2-301赵: 大米一袋")
    assert await bot.say("@私聊 王楼长: 通知 5号楼 下午停水") != ["您不负责5号楼，不能操作。"]
    assert await bot.say("@私聊 王楼长: 通知 10号楼 下午停水") == ["您不负责10号楼，不能操作。"]


async def test_revoking_a_volunteer_ends_their_rights_and_returns_their_orders(bot: Bot) -> None:
    await _bought(bot)
    code = await _code(bot)
    await bot.say(f"@私聊 新志愿者: /join {code}")
    await bot.say("@私聊 新志愿者: 认领 1")
    assert await bot.say("@私聊 张书记: 撤销 新志愿者") == [
        "已撤销 新志愿者 的志愿者（3号楼）。\n其认领的 #1 已退回待认领。",
        "您的志愿者（3号楼）权限已撤销。谢谢您的付出！",
    ]
    assert await bot.say("@私聊 新志愿者: /claim 2") == ["这个命令只有志愿者可以用。"]
    assert await bot.say("@私聊 小王: 认领 1") == ["已认领 #1 3-2-501：大米2袋"]
    assert ("张书记", "revoke", "console:新志愿者", "志愿者（3号楼）") in (await _people_audit(bot))


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("小李", "小李 是配置文件指定的志愿者，请在配置里删去后重启。"),
        ("3-2-501王姐", "3-2-501王姐 不是工作人员，无需撤销。"),
        ("没人", "找不到“没人”：请写对方在群里的名字或 ID。"),
    ],
)
async def test_revoking_someone_config_names_or_who_has_no_role_changes_nothing(
    bot: Bot, name: str, answer: str
) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert await bot.say(f"@私聊 张书记: 撤销 {name}") == [answer]


async def test_the_member_list_shows_roles_buildings_loans_and_open_codes(bot: Bot) -> None:
    await bot.say(f"{G3} 老陈: 大家好")
    await bot.say("@私聊 张书记: 授权 老陈 干部 1天")
    await _code(bot)
    assert await bot.say("@私聊 王楼长: 成员") == [
        "工作人员：\n"
        "干部（2）：张书记、老陈（代干部至明天08:00）\n"
        "楼长（1）：王楼长（3号楼）\n"
        "志愿者（2）：小李、小王（3号楼、5号楼）\n"
        "未使用的邀请码：1个"
    ]
    assert await bot.say("@私聊 小李: /members") == ["这个命令只有楼长可以用。"]
