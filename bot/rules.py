"""Pure domain rules: cut-offs, delivery rounds, urgency, how goods and doors are written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.catalog import Catalog
from bot.messages import HelpCategory, ParsedItem

URGENCY: dict[HelpCategory, int] = {
    "medical": 3,
    "medicine": 2,
    "utility": 2,
    "food": 1,
    "elderly": 1,
    "other": 0,
}
# These reach the duty person privately at once; the rest wait for a volunteer to claim.
FORWARD_AT_ONCE: frozenset[HelpCategory] = frozenset({"medical", "medicine", "utility"})


def next_cutoff(now: datetime, cutoffs: Sequence[time], tz: ZoneInfo) -> datetime:
    """The first cut-off strictly after `now`, in the compound's time zone."""
    local = now.astimezone(tz)
    for day in range(2):
        date = local.date() + timedelta(days=day)
        for cut in sorted(cutoffs):
            moment = datetime.combine(date, cut, tzinfo=tz)
            if moment > local:
                return moment
    raise ValueError("no cut-off times configured")


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


def format_qty(qty: float) -> str:
    if qty == 0.5:
        return texts.HALF
    return str(int(qty)) if float(qty).is_integer() else f"{qty:g}"


def format_items(items: Iterable[ParsedItem], catalog: Catalog) -> str:
    """大米2袋、鸡蛋1盒: the unit said, else the catalog's default, else none."""
    parts = []
    for it in items:
        unit = it.unit
        if unit is None:
            known = catalog.get(it.item)
            unit = known.unit if known else None
        parts.append(f"{it.item}{format_qty(it.qty)}{unit or ''}")
    return "、".join(parts)


def door_label(building: str, unit: str, room: str) -> str:
    return "-".join(p for p in (building, unit, room) if p)
