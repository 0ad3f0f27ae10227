"""Volunteers (handlers/volunteers.py): claim bought orders, one holder each, give back,
the route, delivered, and the resident's confirmation."""

from __future__ import annotations

import asyncio

from bot.transports.console import parse_line
from storage import orders
from tests.harness import Bot

G3 = "@3号楼业主群"


async def _bought(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G3} 3-2-1201李: 鸡蛋一盒")
    await bot.say("@10幢2单元群 10-2-301赵: 大米一袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")


async def _order(bot: Bot, number: int) -> tuple[str, str | None]:
    found = await bot.app.db.read(lambda c: orders.get(c, number))
    assert found is not None
    return found.status, found.volunteer


async def test_the_whole_path_claim_route_deliver_confirm(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 1号到哪了")
    await _bought(bot)
    said = await bot.say("@私聊 小李: 认领 1 2")
    assert said == ["已认领 #1 3-2-501：大米2袋\n已认领 #2 3-2-1201：鸡蛋1盒"]
    assert await _order(bot, 1) == ("claimed", "小李")
    assert await bot.say("@私聊 小李: 路线") == [
        "您认领的2单，按楼栋、单元、从高到低：\n#2 3-2-1201：鸡蛋1盒\n#1 3-2-501：大米2袋"
    ]
    assert (await bot.say(f"{G3} 3-2-501王姐: 1号到哪了"))[0].startswith(
        "#1 3-2-501 大米2袋：志愿者已认领，正在配送"
    )
    await bot.say("@私聊 小李: 送达 1 2")
    # One merged line for the group: numbers only, no names or phones.
    assert bot.sent_to("3号楼业主群")[-1] == '已送达（收到请回复"收到"）：#1；#2'
    assert await bot.say(f"{G3} 3-2-501王姐: 收到了") == ["#1 已确认收到，谢谢！"]
    assert await _order(bot, 1) == ("confirmed", "小李")


async def test_two_volunteers_claiming_at_once_one_wins_and_the_other_is_told(bot: Bot) -> None:
    await _bought(bot)
    msgs = []
    for line in ("@私聊 小李: 认领 1", "@私聊 小王: 认领 1"):
        parsed = parse_line(line)
        assert parsed is not None
        msgs.append(bot.console.message(parsed, bot.clock.now()))
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    await bot.say("@私聊 小李: 路线")
    assert (await _order(bot, 1)) == ("claimed", "小李")
    assert bot.sent_to("小王") == ["#1 已由小李认领。"]


async def test_give_back_then_someone_else_claims(bot: Bot) -> None:
    await _bought(bot)
    await bot.say("@私聊 小李: 认领 2")
    assert await bot.say("@私聊 小王: 放弃 2") == ["#2 不在您的认领里。"]
    assert await bot.say("@私聊 小李: 放弃 2") == ["已放弃 #2，可由别人认领。"]
    assert await bot.say("@私聊 小王: 认领 2") == ["已认领 #2 3-2-1201：鸡蛋1盒"]


async def test_claims_of_orders_not_ready_missing_or_elsewhere_are_refused(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert await bot.say("@私聊 小李: 认领 1") == ["#1 已登记，采购后才能认领。"]
    assert await bot.say("@私聊 小李: 认领 99") == ["没有找到单号#99，请核对。"]
    await bot.say("@10幢2单元群 10-2-301赵: 大米一袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")
    # 小王 serves buildings 3 and 5 only.
    assert await bot.say("@私聊 小王: 认领 2") == ["您不负责10号楼，不能操作。"]
    assert await bot.say("@私聊 3-2-501王姐: /claim 1") == ["这个命令只有志愿者可以用。"]
    assert await _order(bot, 1) == ("purchased", None)
