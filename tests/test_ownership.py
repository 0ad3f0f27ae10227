"""Who may act on an order or a help request (handlers/ownership.py): decided by who sent
the message, never by a door written in it. A matrix over every resident action and the
staff commands that exist, for each kind of sender."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.context import Context, MessageContext
from bot.lifecycle import OrderState
from bot.messages import IncomingMessage, ParsedMessage
from bot.permissions import RESIDENT, Permission
from handlers.ownership import may_act_on_order
from storage import help_requests, orders
from tests.harness import Bot, start_bot, stop_bot

G = "@3号楼业主群"
PLACER = "3-2-501王姐"
HOUSEHOLD = "3-2-501王哥"  # the same door in their own display name: a member
NEIGHBOUR = "3-2-502李"  # a member of another household
STRANGER = "路人甲"  # no door anywhere but in what they type
CADRE = "张书记"
LEADER_HERE = "王楼长"  # building leader of 3号楼
LEADER_ELSEWHERE = "赵楼长"  # building leader of 5号楼
VOLUNTEER = "小李"

# Residents' own wordings (取消1号, 1号到哪了, 1号收到了): who may act on 3-2-501's order and
# help request that way. Cadres and building leaders of 3号楼 act through commands (and
# `may_act` below); staff of other buildings and volunteers must get nothing either way.
ALLOWED = {PLACER, HOUSEHOLD}
EVERYONE = [PLACER, HOUSEHOLD, NEIGHBOUR, STRANGER, LEADER_ELSEWHERE, VOLUNTEER]
COMMAND_USERS = [*EVERYONE, CADRE, LEADER_HERE]


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Bot]:
    text = (Path(__file__).parents[1] / "config.example.toml").read_text("utf-8")
    text = text.replace(
        'building_leaders = [{ id = "王楼长", buildings = ["3"] }]',
        'building_leaders = [{ id = "王楼长", buildings = ["3"] },'
        ' { id = "赵楼长", buildings = ["5"] }]',
    ).replace('path = "louzhang.db"', f'path = "{(tmp_path / "b.db").as_posix()}"')
    from bot.config import load_config_text

    config = load_config_text(text, "roles.toml")
    harness = await start_bot(config)
    # 3-2-501's order #1 and help request #1, placed by 王姐 in the group.
    assert "#1" in (await harness.say(f"{G} {PLACER}: 大米两袋"))[0]
    assert "#1" in (await harness.say(f"{G} {PLACER}: 我家水卡没水了"))[-1]
    yield harness
    await stop_bot(harness)


async def _order_status(bot: Bot, number: int = 1) -> OrderState:
    order = await bot.app.db.read(lambda c: orders.get(c, number))
    assert order is not None
    return order.status


async def _help_status(bot: Bot) -> str:
    req = await bot.app.db.read(lambda c: help_requests.get(c, 1))
    assert req is not None
    return req.status


CANCEL_WORDINGS = ["取消1号", "3-2-501 取消1号"]


@pytest.mark.parametrize(("sender", "text"), list(itertools.product(EVERYONE, CANCEL_WORDINGS)))
async def test_only_the_placer_household_and_its_staff_can_cancel_an_order(
    bot: Bot, sender: str, text: str
) -> None:
    said = await bot.say(f"{G} {sender}: {text}")
    cancelled = await _order_status(bot) == "cancelled"
    assert cancelled is (sender in ALLOWED), said
    if not cancelled:
        assert not any("已取消" in s for s in said)


@pytest.mark.parametrize(
    ("sender", "text"), list(itertools.product(EVERYONE, ["1号单到哪了", "3-2-501 1号到哪了"]))
)
async def test_only_those_who_may_act_see_an_orders_details(
    bot: Bot, sender: str, text: str
) -> None:
    said = await bot.say(f"@私聊 {sender}: {text}")
    shown = any("大米" in s or "3-2-501" in s for s in said)
    assert shown is (sender in ALLOWED), said


@pytest.mark.parametrize(
    ("sender", "text"), list(itertools.product(EVERYONE, ["取消求助1号", "3-2-501 取消求助1号"]))
)
async def test_only_those_who_may_act_can_cancel_a_help_request(
    bot: Bot, sender: str, text: str
) -> None:
    await bot.say(f"{G} {sender}: {text}")
    assert (await _help_status(bot) == "cancelled") is (sender in ALLOWED)


@pytest.mark.parametrize("sender", EVERYONE)
async def test_only_those_who_may_act_can_confirm_receipt(bot: Bot, sender: str) -> None:
    for current, target in itertools.pairwise(["open", "purchased", "claimed", "delivered"]):
        await bot.app.core.act(
            "move", "test", lambda ctx, c=current, t=target: ctx.store.move_order(1, c, t, ctx.now)
        )
    await bot.say(f"{G} {sender}: 1号收到了")
    assert (await _order_status(bot) == "confirmed") is (sender in ALLOWED)


@pytest.mark.parametrize("sender", COMMAND_USERS)
async def test_only_cadres_can_use_the_cancel_command(bot: Bot, sender: str) -> None:
    await bot.say(f"{G} {sender}: /cancel 1")
    assert (await _order_status(bot) == "cancelled") is (sender == CADRE)


@pytest.mark.parametrize("sender", COMMAND_USERS)
async def test_only_cadres_can_bind_a_group(bot: Bot, sender: str) -> None:
    said = await bot.say(f"{G} {sender}: /bind 5")
    assert (said == ["本群已绑定 5号楼。"]) is (sender == CADRE)


async def test_a_door_named_in_a_cancel_does_not_make_the_sender_a_member(bot: Bot) -> None:
    await bot.say(f"{G} {STRANGER}: 3-2-501 取消1号")
    await bot.say(f"{G} {PLACER}: 鸡蛋一盒")  # order #2
    await bot.say(f"{G} {STRANGER}: 取消")
    assert await _order_status(bot, 2) == "open"


async def test_a_stranger_in_a_private_chat_cannot_cancel_another_buildings_order(
    bot: Bot,
) -> None:
    await bot.say("@5号楼群 5-1502刘: 牛奶一箱")  # order #2, building 5
    said = await bot.say(f"@私聊 {STRANGER}: 5栋1502 取消2号")
    assert await _order_status(bot, 2) == "open"
    assert said == ["#2 不是您家的订单，只能由下单的住户或干部处理。"]


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        (Permission("cadre"), True),
        (Permission("building_leader", frozenset({"3"})), True),
        (Permission("building_leader", frozenset({"5"})), False),
        (Permission("volunteer"), False),
        (Permission("volunteer", frozenset({"3"})), False),
        (RESIDENT, False),
    ],
)
async def test_staff_may_act_on_orders_of_the_buildings_they_serve(
    bot: Bot, permission: Permission, allowed: bool
) -> None:
    def check(ctx: Context) -> bool:
        order = ctx.store.order(1)
        assert order is not None
        mctx = MessageContext(
            store=ctx.store,
            settings=ctx.settings,
            now=ctx.now,
            actor="x",
            msg=IncomingMessage(
                platform="console",
                chat_id="私聊",
                chat_title="x",
                chat_kind="private",
                message_id="x",
                sender_id="某人",
                sender_name="某人",
                text="",
                received_at=ctx.now,
            ),
            inbox_id=1,
            parsed=ParsedMessage(intent="other"),
            group=None,
            sender=permission,
        )
        return may_act_on_order(mctx, order)

    assert await bot.app.core.act("check", "test", check) is allowed


async def test_asking_help_for_a_door_makes_nobody_its_member(bot: Bot) -> None:
    await bot.say(f"{G} {STRANGER}: 3-2-501 家里老人摔倒了")
    await bot.say(f"{G} {PLACER}: 鸡蛋一盒")  # order #2 of 3-2-501
    await bot.say(f"{G} {STRANGER}: 取消")
    assert await _order_status(bot, 2) == "open"
