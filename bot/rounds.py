"""Delivery rounds and daily messages as cadres write them. Pure: text in, an entry or
the short line saying what is wrong.

  配送 14:00 3-5号楼 东门中转站
  配送 明天 9:30 3号楼 送到门口
  配送 每30分钟 9:00-17:00 3-27号楼 东门中转站     (the tricycle shuttle)
  每日 8:00 全部 今天请大家在家等候核酸通知
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot import texts
from bot.grammar import Arg, BuildingSpec, parse_args

_ROUND = re.compile(
    r"^\s*(今天|明天)?\s*(?:每\s*(\d{1,3})\s*分钟\s*)?"
    r"(\d{1,2})[:：点](\d{2})?(?:\s*[-－—~～到至]\s*(\d{1,2})[:：点](\d{2})?)?\s*(.*)$",
    re.S,
)
_REST = (Arg("buildings"), Arg("text", optional=True))
MIN_EVERY, MAX_EVERY = 5, 240


@dataclass(frozen=True)
class Round:
    day: date
    starts: time
    # A shuttle: every this many minutes until `ends`.
    ends: time | None
    every: int | None
    buildings: BuildingSpec
    place: str


@dataclass(frozen=True)
class Daily:
    at: time
    buildings: BuildingSpec
    text: str


def _time(hours: str, minutes: str | None) -> time | str:
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError:
        return texts.ROUND_BAD_TIME.format(value=f"{hours}:{minutes or '00'}")


def parse_round(text: str, today: date) -> Round | str:
    m = _ROUND.match(text)
    if m is None:
        return texts.USAGE.format(usage=texts.ROUND_USAGE)
    word, every, h1, m1, h2, m2, rest = m.groups()
    day = today + timedelta(days=1) if word == "明天" else today
    starts = _time(h1, m1)
    if isinstance(starts, str):
        return starts
    ends: time | None = None
    if h2 is not None:
        found = _time(h2, m2)
        if isinstance(found, str):
            return found
        if found <= starts:
            return texts.TEST_END_BEFORE_START.format(
                starts=starts.strftime("%H:%M"), ends=found.strftime("%H:%M")
            )
        ends = found
    minutes: int | None = None
    if every is not None:
        minutes = int(every)
        if not MIN_EVERY <= minutes <= MAX_EVERY:
            return texts.ROUND_BAD_EVERY.format(value=f"每{every}分钟")
        if ends is None:
            return texts.USAGE.format(usage=texts.ROUND_USAGE)
    args = parse_args(_REST, rest)
    if args is None or args.buildings is None:
        return texts.ROUND_NO_BUILDINGS
    return Round(day, starts, ends, minutes, args.buildings, args.text.strip())


_DAILY = re.compile(r"^\s*(\d{1,2})[:：点](\d{2})?\s*(.*)$", re.S)


def parse_daily(text: str) -> Daily | str:
    m = _DAILY.match(text)
    if m is None:
        return texts.USAGE.format(usage=texts.DAILY_USAGE)
    at = _time(m.group(1), m.group(2))
    if isinstance(at, str):
        return at
    args = parse_args(_REST, m.group(3))
    if args is None or args.buildings is None or not args.text.strip():
        return texts.USAGE.format(usage=texts.DAILY_USAGE)
    return Daily(at, args.buildings, args.text.strip())
