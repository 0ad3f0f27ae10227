"""The compound's clock (bot/schedule.py): cut-offs, delivery rounds, when a posting counts."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import schedule

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
    assert schedule.next_cutoff(now, CUTS, SH) == cut


def test_next_cutoff_works_from_utc_times() -> None:
    now = datetime(2026, 4, 10, 3, 59, tzinfo=ZoneInfo("UTC"))  # 11:59 in Shanghai
    assert schedule.next_cutoff(now, CUTS, SH) == datetime(2026, 4, 10, 12, 0, tzinfo=SH)


def test_delivery_round_of_a_past_cutoff_can_still_be_ahead() -> None:
    now = datetime(2026, 4, 10, 13, 0, tzinfo=SH)
    assert schedule.next_delivery_round(now, CUTS, SH, 120) == datetime(
        2026, 4, 10, 14, 0, tzinfo=SH
    )


def test_when_label_says_today_tomorrow_or_the_date() -> None:
    now = datetime(2026, 4, 10, 8, 0, tzinfo=SH)
    assert schedule.when_label(datetime(2026, 4, 10, 12, 0, tzinfo=SH), now, SH) == "今天12:00"
    assert schedule.when_label(datetime(2026, 4, 11, 12, 0, tzinfo=SH), now, SH) == "明天12:00"
    assert schedule.when_label(datetime(2026, 4, 13, 9, 5, tzinfo=SH), now, SH) == "4月13日09:05"


GRACE = timedelta(minutes=30)
HANDLED = datetime(2026, 4, 10, 12, 5, tzinfo=SH)


@pytest.mark.parametrize(
    ("posted", "counts"),
    [
        # A backlog within the grace: the posting time decides.
        (datetime(2026, 4, 10, 11, 55, tzinfo=SH), datetime(2026, 4, 10, 11, 55, tzinfo=SH)),
        # Exactly at the edge of the grace it is still trusted.
        (datetime(2026, 4, 10, 11, 35, tzinfo=SH), datetime(2026, 4, 10, 11, 35, tzinfo=SH)),
        # Older than the grace: the handling time counts.
        (datetime(2026, 4, 10, 11, 34, tzinfo=SH), HANDLED),
        # A platform clock ahead of ours never moves a message later than now.
        (datetime(2026, 4, 10, 12, 9, tzinfo=SH), HANDLED),
    ],
)
def test_a_message_counts_at_its_posting_time_within_the_grace(
    posted: datetime, counts: datetime
) -> None:
    assert schedule.counts_at(posted, HANDLED, GRACE) == counts


def test_a_posting_just_before_a_cutoff_handled_after_it_keeps_that_cutoff() -> None:
    counted = schedule.counts_at(datetime(2026, 4, 10, 11, 55, tzinfo=SH), HANDLED, GRACE)
    assert schedule.next_cutoff(counted, CUTS, SH) == datetime(2026, 4, 10, 12, 0, tzinfo=SH)


def test_cutoffs_after_runs_on_across_days() -> None:
    it = schedule.cutoffs_after(datetime(2026, 4, 10, 17, 0, tzinfo=SH), CUTS, SH)
    assert [next(it).strftime("%d %H:%M") for _ in range(3)] == ["10 18:00", "11 12:00", "11 18:00"]
