"""Placing orders (handlers/orders.py) against the real store: which batch an order joins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bot.config import Config
from handlers.orders import on_order
from tests.harness import SHANGHAI, StoreRig, open_rig


def at(hhmm: str, day: int = 10) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(2026, 4, day, h, m, tzinfo=SHANGHAI)


@pytest.fixture
async def rig(config: Config) -> AsyncIterator[StoreRig]:
    rig = await open_rig(config)
    yield rig
    await rig.db.close()


async def _batch_of_order(rig: StoreRig, number: int) -> datetime:
    def look(ctx):  # type: ignore[no-untyped-def]
        order = ctx.store.order(number)
        assert order is not None
        batch = ctx.store.batch(order.batch_id)
        assert batch is not None
        return batch.cutoff_at.astimezone(SHANGHAI)

    return await rig.run(look, at("13:00"))


async def test_a_message_posted_before_a_cutoff_and_handled_after_joins_that_cutoff(
    rig: StoreRig,
) -> None:
    ctx = await rig.handle(on_order, "3-2-501 大米两袋", posted=at("11:55"), at=at("12:05"))
    assert rig.said(ctx) == ["已记录 3-2-501：大米2袋，单号#1，今天12:00截单。"]
    assert await _batch_of_order(rig, 1) == at("12:00")


async def test_a_message_posted_after_the_cutoff_joins_the_next_one(rig: StoreRig) -> None:
    ctx = await rig.handle(on_order, "3-2-501 大米两袋", posted=at("12:01"), at=at("12:05"))
    assert rig.said(ctx) == ["已记录 3-2-501：大米2袋，单号#1，今天18:00截单。"]


async def test_a_backlog_older_than_the_grace_counts_at_handling_time(rig: StoreRig) -> None:
    grace = rig.settings.backlog_grace
    handled = at("12:05")
    ctx = await rig.handle(
        on_order, "3-2-501 大米两袋", posted=handled - grace - timedelta(minutes=1), at=handled
    )
    assert await _batch_of_order(rig, 1) == at("18:00")
    assert "今天18:00截单" in rig.said(ctx)[0]


async def test_a_batch_closed_early_takes_no_more_orders(rig: StoreRig) -> None:
    await rig.handle(on_order, "3-2-501 大米两袋", at=at("10:00"))

    def close_noon(ctx):  # type: ignore[no-untyped-def]
        order = ctx.store.order(1)
        batch = ctx.store.batch(order.batch_id)
        return ctx.store.move_batch(batch, "open", "closed", ctx.now)

    assert await rig.run(close_noon, at("10:30"))
    ctx = await rig.handle(on_order, "3-2-502 鸡蛋一盒", at=at("10:40"))
    assert rig.said(ctx) == ["已记录 3-2-502：鸡蛋1盒，单号#2，今天18:00截单。"]
    assert await _batch_of_order(rig, 2) == at("18:00")
