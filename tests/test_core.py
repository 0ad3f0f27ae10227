"""The core under concurrent arrival: shared commits, isolated failures, commands first."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.context import Context, MessageContext
from bot.messages import IncomingMessage
from bot.router import Found
from bot.transports.console import parse_line
from storage import audit, inbox, orders, outbox
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


def _count_commits(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    commits: list[int] = []
    real = bot.app.db.write

    async def write(work):  # type: ignore[no-untyped-def]
        commits.append(1)
        return await real(work)

    monkeypatch.setattr(bot.app.db, "write", write)
    return commits


async def test_two_actors_moving_the_same_order_in_one_commit_only_one_wins(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.say("@3号楼业主群 3-2-501: 大米两袋")
    commits = _count_commits(bot, monkeypatch)

    def cancel(ctx: Context) -> bool:
        return ctx.store.move_order(1, "open", "cancelled", ctx.now)

    results = await asyncio.gather(
        bot.app.core.act("cancel", "甲", cancel), bot.app.core.act("cancel", "乙", cancel)
    )
    assert sorted(results) == [False, True]
    assert len(commits) == 1


async def test_a_resident_and_a_cadre_cancelling_together_get_one_cancellation(
    bot: Bot,
) -> None:
    await bot.say("@3号楼业主群 3-2-501: 大米两袋")
    before = len(bot.console.sent)
    await asyncio.gather(
        bot.app.core.receive(_msg(bot, "@3号楼业主群 3-2-501: 取消1号")),
        bot.app.core.receive(_msg(bot, "@3号楼业主群 张书记: 取消 1")),
    )
    await bot.say("@3号楼业主群 3-2-501: 谢谢")
    said = "".join(text for _, text in bot.console.sent[before:])
    assert said.count("已取消 #1") == 1


async def test_a_job_and_a_message_in_one_commit_each_have_their_own_savepoint(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    commits = _count_commits(bot, monkeypatch)

    def failing_job(ctx: Context) -> None:
        ctx.post("console", "3号楼业主群", "这条不该发出")
        ctx.audit("job_ran")
        raise RuntimeError("job bug")

    def good_job(ctx: Context) -> None:
        ctx.post("console", "5号楼群", "明天6:00核酸")

    results = await asyncio.gather(
        bot.app.core.receive(_msg(bot, "@3号楼业主群 3-2-501: 大米两袋")),
        bot.app.core.run_job("failing", failing_job),
        bot.app.core.run_job("good", good_job),
        return_exceptions=True,
    )
    assert len(commits) == 1
    assert isinstance(results[1], RuntimeError) and results[0] is None and results[2] is None
    assert await bot.app.db.read(orders.count) == 1
    await bot.say("@3号楼业主群 3-2-501: 谢谢")
    assert "这条不该发出" not in bot.sent_to("3号楼业主群")
    assert bot.sent_to("5号楼群") == ["明天6:00核酸"]
    assert not await bot.app.db.read(lambda c: audit.exists(c, "job_ran", "", ""))


async def test_a_lone_surrogate_in_one_message_does_not_fail_the_others(bot: Bot) -> None:
    msgs = [
        _msg(bot, "@3号楼业主群 3-1-101住户: 大米一袋"),
        _msg(bot, "@3号楼业主群 3-1-102住户: 鸡蛋\ud83d一盒"),
        _msg(bot, "@3号楼业主群 3-1-103住户: 牛奶一箱"),
    ]
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    assert await bot.app.db.read(orders.count) == 3
    assert await bot.app.db.read(inbox.count) == 3


async def test_a_failing_handler_keeps_its_message_once_without_failing_the_batch(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bot.app.core.router.route

    def route(ctx: MessageContext, found: Found | None) -> None:
        real(ctx, found)  # the order is placed and then the handler fails
        if "爆炸" in ctx.msg.text:
            raise RuntimeError("handler bug after writing")

    monkeypatch.setattr(bot.app.core.router, "route", route)
    msgs = [
        _msg(bot, "@3号楼业主群 3-1-101住户: 大米一袋"),
        _msg(bot, "@3号楼业主群 3-1-102住户: 鸡蛋爆炸一盒"),
    ]
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    assert await bot.app.db.read(orders.count) == 1
    assert await bot.app.db.read(inbox.count) == 2


async def test_a_database_locked_by_another_process_is_waited_for_not_a_crash(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.app.db.conn.execute("PRAGMA busy_timeout=50")
    other = sqlite3.connect(bot.app.db.path, timeout=0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    arrival = asyncio.create_task(bot.app.core.receive(_msg(bot, "@3号楼业主群 3-2-501: 大米两袋")))
    await asyncio.sleep(0.5)
    assert not arrival.done()  # held in memory, not failed
    other.execute("ROLLBACK")
    other.close()
    await asyncio.wait_for(arrival, 10)
    assert await bot.app.db.read(orders.count) == 1
    assert [r.levelname for r in caplog.records if "database unavailable" in r.message] == ["ERROR"]


async def test_a_full_disk_holds_messages_until_space_returns(bot: Bot) -> None:
    pages = await bot.app.db.read(lambda c: c.execute("PRAGMA page_count").fetchone()[0])
    await bot.app.db.conn.execute(f"PRAGMA max_page_count={pages}")
    long_text = "大米两袋 " + "鸡蛋一盒 " * 400
    arrivals = [
        asyncio.create_task(
            bot.app.core.receive(_msg(bot, f"@3号楼业主群 3-2-{500 + n}: {long_text}"))
        )
        for n in range(1, 30)
    ]
    await asyncio.sleep(0.5)
    assert not all(a.done() for a in arrivals)
    await bot.app.db.conn.execute("PRAGMA max_page_count=1073741823")  # space returns
    await asyncio.wait_for(asyncio.gather(*arrivals), 10)
    assert await bot.app.db.read(inbox.count) == 29


async def test_a_sent_reply_whose_mark_fails_is_not_sent_again(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.post("@3号楼业主群 3-2-501: 大米两袋")
    real = outbox.mark_sent

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(outbox, "mark_sent", full)
    await bot.app.sender.flush()
    bot.clock.advance(10)
    await bot.app.sender.flush()
    assert len(bot.sent_to("3号楼业主群")) == 1
    monkeypatch.setattr(outbox, "mark_sent", real)
    bot.clock.advance(10)
    await bot.app.sender.flush()  # the mark is stored now
    assert (
        await bot.app.db.read(
            lambda c: outbox.due(c, "console", "3号楼业主群", bot.clock.now(), 10)
        )
        == []
    )
    assert len(bot.sent_to("3号楼业主群")) == 1
