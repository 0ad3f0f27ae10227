"""The core under concurrent arrival: shared commits, isolated failures, commands first."""

from __future__ import annotations

import asyncio

import pytest

from bot.context import MessageContext
from bot.messages import IncomingMessage
from bot.router import Found
from bot.transports.console import parse_line
from storage import inbox, orders
from tests.harness import Bot


def _msg(bot: Bot, line: str) -> IncomingMessage:
    parsed = parse_line(line)
    assert parsed is not None
    return bot.console.message(parsed, bot.clock.now())


async def test_messages_arriving_together_are_all_stored_and_acknowledged(bot: Bot) -> None:
    msgs = [_msg(bot, f"@3号楼业主群 3-1-{100 + n}住户: 大米一袋") for n in range(1, 41)]
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    await bot.say("@3号楼业主群 3-1-101住户: 谢谢")
    assert await bot.app.db.read(orders.count) == 40
    acked = "".join(bot.sent_to("3号楼业主群"))
    assert all(f"3-1-{100 + n} " in acked or f"3-1-{100 + n}：" in acked for n in range(1, 41))


async def test_a_failing_message_does_not_take_its_batch_down(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bot.app.core.router.route

    def route(ctx: MessageContext, found: Found | None) -> None:
        if "爆炸" in ctx.msg.text:
            raise RuntimeError("handler bug")
        real(ctx, found)

    monkeypatch.setattr(bot.app.core.router, "route", route)
    msgs = [
        _msg(bot, "@3号楼业主群 3-1-101住户: 大米一袋"),
        _msg(bot, "@3号楼业主群 3-1-102住户: 鸡蛋爆炸一盒"),
        _msg(bot, "@3号楼业主群 3-1-103住户: 鸡蛋一盒"),
    ]
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    assert await bot.app.db.read(orders.count) == 2
    # The failed message is kept for a person to see, with no half-made order.
    assert await bot.app.db.read(inbox.count) == 3


async def test_a_binding_in_a_burst_applies_to_the_messages_after_it(bot: Bot) -> None:
    msgs = [
        _msg(bot, "@10号楼群 张书记: /绑定楼栋 10"),
        _msg(bot, "@10号楼群 1-101李: 大米一袋"),
    ]
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    assert await bot.app.db.read(orders.count) == 1


async def test_storage_failure_reaches_the_transport_so_it_does_not_confirm(bot: Bot) -> None:
    msg = _msg(bot, "@3号楼业主群 3-1-101住户: 大米一袋")
    await bot.app.db.close()
    with pytest.raises(ValueError, match=r"closed|no active connection"):
        await bot.app.core.receive(msg)
