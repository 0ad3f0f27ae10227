"""The whole bot under random input: random Unicode and broken text, commands with random
arguments, random senders, roles and chats, redeliveries. After every step the invariants
hold, and a valid order afterwards is still acknowledged correctly."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import drain_manual
from bot.lifecycle import ORDER_MOVES
from bot.messages import IncomingMessage
from bot.privacy import holds_personal
from tests.harness import Bot, example_config, start_bot, stop_bot

GROUPS = ["3号楼业主群", "5号楼群", "10幢2单元群", "新群"]
PRIVATE = "私聊"
SENDERS = [
    "3-2-501王姐",
    "3-1-101",
    "路人",
    "小明妈妈13912345678",
    "5-1502刘",
    "张书记",
    "王楼长",
    "小李",
]

numbers = st.one_of(
    st.integers(-3, 12), st.integers(0, 10**25), st.sampled_from([0, 2**31 - 1, 2**31, 2**63])
)
templates = st.sampled_from(
    [
        "大米{n}袋",
        "鸡蛋{n}盒，大米两袋",
        "取消{n}号",
        "取消",
        "/cancel {n}",
        "取消 {n}",
        "/bind {n}",
        "/绑定楼栋 {n}-{n}",
        "{n}号到哪了",
        "{n}号收到了",
        "取消求助{n}号",
        "老人发烧 电话139-1234-5678",
        "布洛芬{n}盒 抗原{n}盒",
        "#接龙\\n1. 3-2-{n} 大米{n}袋\\n2. 3-2-502 鸡蛋一盒",
        "3-{n}-501 土豆{n}斤",
        "取消今天下午{n}点的核酸",
        "几点截单？",
    ]
)
templated = st.builds(
    lambda t, n: t.replace("\\n", "\n").replace("{n}", str(n)), templates, numbers
)
noise = st.text(max_size=80)
surrogates = st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3)
texts = st.one_of(
    templated,
    noise,
    st.builds(lambda a, b: a + b, templated, noise),
    st.builds(lambda a, b: a + b + "大米一袋", surrogates, noise),
)
steps = st.lists(
    st.tuples(st.sampled_from([*GROUPS, PRIVATE]), st.sampled_from(SENDERS), texts, st.booleans()),
    min_size=1,
    max_size=12,
)


async def _orders(bot: Bot) -> dict[int, str]:
    rows = await bot.app.db.read(lambda c: c.execute("SELECT id, status FROM orders").fetchall())
    return {r[0]: r[1] for r in rows}


async def _check_invariants(bot: Bot, before: dict[int, str]) -> dict[int, str]:
    after = await _orders(bot)
    for number, state in after.items():
        old = before.get(number)
        assert old is None or old == state or state in ORDER_MOVES[old], (number, old, state)  # type: ignore[index]
    quantities = await bot.app.db.read(
        lambda c: [r[0] for r in c.execute("SELECT qty FROM order_items")]
    )
    assert all(q > 0 for q in quantities)
    group_texts = [t for chat, t in bot.console.sent if chat in GROUPS]
    assert [t for t in group_texts if holds_personal(t)] == []
    return after


async def _run(script: list[tuple[str, str, str, bool]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bot = await start_bot(example_config(Path(tmp) / "f.db"))
        ids = itertools.count()
        try:
            orders: dict[int, str] = {}
            for chat, sender, text, redeliver in script:
                private = chat == PRIVATE
                msg = IncomingMessage(
                    platform="console",
                    chat_id=sender if private else chat,
                    chat_title=sender if private else chat,
                    chat_kind="private" if private else "group",
                    message_id=f"f{next(ids)}",
                    sender_id=sender,
                    sender_name=sender,
                    text=text,
                    received_at=bot.clock.now(),
                )
                await bot.app.core.receive(msg)
                if redeliver:
                    stored = await bot.app.db.read(
                        lambda c: c.execute("SELECT COUNT(*) FROM inbox").fetchone()[0]
                    )
                    await bot.app.core.receive(msg)
                    again = await bot.app.db.read(
                        lambda c: c.execute("SELECT COUNT(*) FROM inbox").fetchone()[0]
                    )
                    assert again == stored
                await bot.app.sender.flush()
                bot.clock.advance(5)
                orders = await _check_invariants(bot, orders)
            await drain_manual(bot.app, bot.clock)  # what is still paced goes out first
            bot.clock.advance(60)
            expected = max(orders, default=0) + 1
            replies = await bot.say("@3号楼业主群 3-2-888新邻居: 鸡蛋一盒")
            assert replies == [f"已记录 3-2-888：鸡蛋1盒，单号#{expected}，今天12:00截单。"]
        finally:
            await stop_bot(bot)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps)
def test_random_traffic_keeps_every_invariant(script: list[tuple[str, str, str, bool]]) -> None:
    asyncio.run(_run(script))
