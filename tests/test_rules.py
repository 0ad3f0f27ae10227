"""Pure rules: cut-offs, delivery rounds, how times and goods are written, question topics."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot import rules
from bot.catalog import default_catalog
from bot.messages import ParsedItem
from bot.topics import question_topic

SH = ZoneInfo("Asia/Shanghai")
CUTS = (time(12, 0), time(18, 0))


@pytest.mark.parametrize(
    ("now", "cut"),
    [
        (datetime(2026, 4, 10, 8, 0, tzinfo=SH), datetime(2026, 4, 10, 12, 0, tzinfo=SH)),
        (datetime(2026, 4, 10, 12, 0, tzinfo=SH), datetime(2026, 4, 10, 18, 0, tzinfo=SH)),
        (datetime(2026, 4, 10, 18, 30, tzinfo=SH), datetime(2026, 4, 11, 12, 0, tzinfo=SH)),
    ],
)
def test_next_cutoff_is_strictly_after_now(now: datetime, cut: datetime) -> None:
    assert rules.next_cutoff(now, CUTS, SH) == cut


def test_next_cutoff_works_from_utc_times() -> None:
    now = datetime(2026, 4, 10, 3, 59, tzinfo=ZoneInfo("UTC"))  # 11:59 in Shanghai
    assert rules.next_cutoff(now, CUTS, SH) == datetime(2026, 4, 10, 12, 0, tzinfo=SH)


def test_delivery_round_of_a_past_cutoff_can_still_be_ahead() -> None:
    now = datetime(2026, 4, 10, 13, 0, tzinfo=SH)
    assert rules.next_delivery_round(now, CUTS, SH, 120) == datetime(2026, 4, 10, 14, 0, tzinfo=SH)


def test_when_label_says_today_tomorrow_or_the_date() -> None:
    now = datetime(2026, 4, 10, 8, 0, tzinfo=SH)
    assert rules.when_label(datetime(2026, 4, 10, 12, 0, tzinfo=SH), now, SH) == "今天12:00"
    assert rules.when_label(datetime(2026, 4, 11, 12, 0, tzinfo=SH), now, SH) == "明天12:00"
    assert rules.when_label(datetime(2026, 4, 13, 9, 5, tzinfo=SH), now, SH) == "4月13日09:05"


def test_items_are_written_with_the_catalog_unit_when_none_was_said() -> None:
    items = [
        ParsedItem(item="大米", qty=2, unit=None),
        ParsedItem(item="猪肉", qty=0.5, unit="斤"),
        ParsedItem(item="可乐", qty=1.5, unit=None, in_catalog=False),
    ]
    assert rules.format_items(items, default_catalog()) == "大米2袋、猪肉半斤、可乐1.5"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("今天核酸几点", "test"),
        ("几点截单？", "cutoff"),
        ("菜什么时候送", "delivery"),
        ("明天还有鸡蛋卖吗", None),
    ],
)
def test_question_topics(text: str, topic: str | None) -> None:
    assert question_topic(text) == topic
