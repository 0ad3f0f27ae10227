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
