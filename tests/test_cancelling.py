"""Cancelling (handlers/cancelling.py): with a number at once; without one, only after the
same sender's 确认 within ten minutes."""

from __future__ import annotations

from datetime import timedelta

from storage import orders
from tests.harness import Bot

G = "@3号楼业主群"
ASK = '要取消 #1 大米2袋 吗？回复"确认"'


async def _status(bot: Bot, number: int = 1) -> str:
    order = await bot.app.db.read(lambda c: orders.get(c, number))
    assert order is not None
    return order.status


async def test_a_cancel_without_a_number_asks_and_acts_on_the_senders_confirmation(
    bot: Bot,
) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    assert await bot.say(f"{G} 3-2-501王姐: 取消") == [ASK]
    assert await _status(bot) == "open"
    assert await bot.say(f"{G} 3-2-501王姐: 确认") == ["已取消 #1（3-2-501）。"]
    assert await _status(bot) == "cancelled"


async def test_a_refusal_keeps_the_order(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G} 3-2-501王姐: 我那单取消吧")
    assert await bot.say(f"{G} 3-2-501王姐: 不取消了") == ["好的，#1 保留。"]
    assert await bot.say(f"{G} 3-2-501王姐: 确认") == []  # nothing waits any more
    assert await _status(bot) == "open"


async def test_a_confirmation_after_ten_minutes_does_nothing_and_says_so(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G} 3-2-501王姐: 取消")
    bot.clock.advance(timedelta(minutes=11).total_seconds())
    assert await bot.say(f"{G} 3-2-501王姐: 确认") == [
        "超过10分钟了，#1 没有取消；要取消请发：取消1号"
    ]
    assert await _status(bot) == "open"


async def test_someone_elses_confirmation_does_nothing(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G} 3-2-501王姐: 取消")
    assert await bot.say(f"{G} 3-2-502李: 确认") == []
    assert await bot.say(f"{G} 3-2-501王哥: 确认") == []  # same household, other sender
    assert await _status(bot) == "open"


async def test_a_cancel_with_a_number_acts_at_once(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    assert await bot.say(f"{G} 3-2-501王姐: 取消1号") == ["已取消 #1（3-2-501）。"]


async def test_an_ordinary_yes_with_nothing_waiting_gets_no_reply(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    assert await bot.say(f"{G} 3-2-501王姐: 好的") == []
    assert await _status(bot) == "open"


async def _goods(bot: Bot, number: int = 1) -> list[tuple[str, float]]:
    order = await bot.app.db.read(lambda c: orders.get(c, number))
    assert order is not None
    return [(i.item, i.qty) for i in order.items]


async def test_dropping_one_item_asks_then_keeps_the_rest_of_the_order(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋 鸡蛋一盒 酱油一瓶")
    assert await bot.say(f"{G} 3-2-501王姐: 取消，酱油不要了") == [
        '要从 #1 去掉 酱油1瓶 吗？回复"确认"'
    ]
    assert await bot.say(f"{G} 3-2-501王姐: 确认") == ["已修改 #1（3-2-501）：大米2袋、鸡蛋1盒。"]
    assert await _goods(bot) == [("大米", 2.0), ("鸡蛋", 1.0)]
    assert await _status(bot) == "open"


async def test_goods_dropped_with_a_number_are_dropped_at_once(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋 鸡蛋一盒")
    assert await bot.say(f"{G} 3-2-501王姐: 1号单的大米不要了，其他照旧") == [
        "已修改 #1（3-2-501）：鸡蛋1盒。"
    ]


async def test_a_count_set_and_goods_added_change_the_open_order(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋 鸡蛋一盒")
    assert await bot.say(f"{G} 3-2-501王姐: 鸡蛋改成两盒") == [
        "已修改 #1（3-2-501）：大米2袋、鸡蛋2盒。"
    ]
    assert await bot.say(f"{G} 3-2-501王姐: 再加一袋米") == [
        "已修改 #1（3-2-501）：大米3袋、鸡蛋2盒。"
    ]
    assert await _goods(bot) == [("大米", 3.0), ("鸡蛋", 2.0)]
    assert len(await bot.app.db.read(lambda c: c.execute("SELECT id FROM orders").fetchall())) == 1


async def test_dropping_every_item_is_a_cancel_and_is_asked_first(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G} 3-2-501王姐: 大米不要了")
    assert await _status(bot) == "open"
    assert await bot.say(f"{G} 3-2-501王姐: 确认") == ["已取消 #1（3-2-501）。"]


async def test_a_change_after_the_cutoff_is_a_new_order_not_a_change(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    bot.at("12:05")
    replies = await bot.say(f"{G} 3-2-501王姐: 再加一袋米")
    assert replies == ["已记录 3-2-501：大米1袋，单号#2，今天18:00截单。"]
    assert await _goods(bot) == [("大米", 2.0)]


async def test_someone_else_cannot_change_an_order_by_naming_its_goods(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋 鸡蛋一盒")
    await bot.say(f"{G} 路人甲: 3-2-501 鸡蛋不要了")
    await bot.say(f"{G} 路人甲: 确认")
    assert await _goods(bot) == [("大米", 2.0), ("鸡蛋", 1.0)]
