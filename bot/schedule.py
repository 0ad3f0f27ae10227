"""The compound's clock: cut-offs, delivery rounds, which moment a posting counts at."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import texts


def cutoffs_after(moment: datetime, cutoffs: Sequence[time], tz: ZoneInfo) -> Iterator[datetime]:
    """Every cut-off strictly after `moment`, in order, without end."""
    local = moment.astimezone(tz)
    day = local.date()
    ordered = sorted(cutoffs)
    if not ordered:
        raise ValueError("no cut-off times configured")
    while True:
        for cut in ordered:
            at = datetime.combine(day, cut, tzinfo=tz)
            if at > local:
                yield at
        day += timedelta(days=1)


def next_cutoff(now: datetime, cutoffs: Sequence[time], tz: ZoneInfo) -> datetime:
    """The first cut-off strictly after `now`, in the compound's time zone."""
    return next(cutoffs_after(now, cutoffs, tz))


def counts_at(posted: datetime, handled: datetime, grace: timedelta) -> datetime:
    """The moment a message counts at for cut-offs: when it was posted on the platform.

    A backlog (the bot was down, Telegram delivered late) does not push an order posted at
    11:55 into the 18:00 batch. Past `grace` the posting time is no longer trusted and the
    handling time counts; a time ahead of the bot's clock counts as now.
    """
    if posted > handled or handled - posted > grace:
        return handled
    return posted


def delivery_round(cutoff_at: datetime, after_minutes: int) -> datetime:
    return cutoff_at + timedelta(minutes=after_minutes)


def next_delivery_round(
    now: datetime, cutoffs: Sequence[time], tz: ZoneInfo, after_minutes: int
) -> datetime:
    """The first delivery round still ahead: a past cut-off's round may not have left yet."""
    local = now.astimezone(tz)
    rounds = (
        datetime.combine(local.date() + timedelta(days=day), cut, tzinfo=tz)
        + timedelta(minutes=after_minutes)
        for day in (-1, 0, 1, 2)
        for cut in cutoffs
    )
    return min(r for r in rounds if r > local)


def when_label(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """今天12:00 / 明天12:00 / 11月25日12:00, as residents say it."""
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return texts.TODAY + clock
    if local.date() == today + timedelta(days=1):
        return texts.TOMORROW + clock
    return texts.DAY_MONTH.format(month=local.month, day=local.day) + clock
