"""Test timetable entries as cadres write them: 12月3日 6:00-6:30 1-3号楼 东门 (the date may
be left out for today, or be 今天/明天). Pure: text in, an entry or the reason it is not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot import texts
from bot.grammar import Arg, BuildingSpec, parse_args

_SLOT = re.compile(
    r"^\s*(?:(今天|明天|后天|(\d{1,2})\s*月\s*(\d{1,2})\s*[日号])\s*)?"
    r"(\d{1,2})[:：点](\d{2})?\s*[-－—~～到至]\s*(\d{1,2})[:：点](\d{2})?\s*(.*)$"
)
_BUILDINGS = (Arg("buildings"), Arg("text", optional=True))


_TIMES = re.compile(
    r"^\s*(\d{1,2})[:：点](\d{2})?\s*[-－—~～到至]\s*(\d{1,2})[:：点](\d{2})?\s*(.*)$"
)


@dataclass(frozen=True)
class Slot:
    day: date
    starts: time
    ends: time
    buildings: BuildingSpec
    place: str


def parse_times(text: str) -> tuple[time, time, str] | str:
    """改核酸's new times and, optionally, place; or why they are not."""
    m = _TIMES.match(text)
    if m is None:
        return texts.TEST_BAD_CHANGE
    h1, m1, h2, m2, place = m.groups()
    try:
        starts, ends = time(int(h1), int(m1 or 0)), time(int(h2), int(m2 or 0))
    except ValueError:
        return texts.TEST_BAD_TIME.format(time=f"{h1}:{m1 or '00'}-{h2}:{m2 or '00'}")
    if ends <= starts:
        return texts.TEST_END_BEFORE_START.format(
            starts=starts.strftime("%H:%M"), ends=ends.strftime("%H:%M")
        )
    return starts, ends, place.strip()


def parse_slot(text: str, today: date) -> Slot | str:
    """The entry, or a short line saying which part is wrong and the expected form."""
    m = _SLOT.match(text)
    if m is None:
        return texts.TEST_BAD_FORM
    word, month, day_of_month, h1, m1, h2, m2, rest = m.groups()
    day = today
    if word in ("明天", "后天"):
        day = today + timedelta(days=1 if word == "明天" else 2)
    elif month is not None:
        try:
            day = date(today.year, int(month), int(day_of_month))
        except ValueError:
            return texts.TEST_BAD_DATE.format(date=f"{month}月{day_of_month}日")
        if day < today - timedelta(days=180):
            day = day.replace(year=today.year + 1)  # 1月2日 written in late December
    try:
        starts = time(int(h1), int(m1 or 0))
        ends = time(int(h2), int(m2 or 0))
    except ValueError:
        return texts.TEST_BAD_TIME.format(time=f"{h1}:{m1 or '00'}-{h2}:{m2 or '00'}")
    if ends <= starts:
        return texts.TEST_END_BEFORE_START.format(
            starts=starts.strftime("%H:%M"), ends=ends.strftime("%H:%M")
        )
    args = parse_args(_BUILDINGS, rest)
    if args is None or args.buildings is None:
        return texts.TEST_NO_BUILDINGS
    return Slot(day, starts, ends, args.buildings, args.text)
