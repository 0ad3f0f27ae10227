"""The arguments commands take, and how they are written.

A command declares a sequence of argument kinds; the whole argument string must match
them, or it is not that command. That is what keeps a cadre's notice that happens to start
with 取消 ("取消今天下午3点的核酸") from being read as "cancel order 3".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Literal

from bot.messages import StaffRole

ArgKind = Literal[
    "number", "numbers", "help_number", "target", "buildings", "duration", "role", "word", "text"
]

# Order and request numbers are row ids; anything longer is not a number we gave out.
MAX_NUMBER = 2**31 - 1

_SPACE = re.compile(r"[\s,，、;；]*")
_NUMBER = re.compile(r"[#＃]?\s*(\d{1,12})\s*号?(?:单)?")
_HELP_NUMBER = re.compile(r"求助\s*[#＃]?\s*(\d{1,12})\s*号?")
_BUILDING_WORD = r"(?:号楼|号|栋|幢|楼|座)?"
# A unit after a dash (3-2, 3号楼-2单元) or spelled out (3号楼2单元); a bare number after a
# space is not a unit ("3号楼 10点发菜").
_UNIT = r"(?:\s*[-－—/]\s*(\d{1,2})(?:单元)?(?!\d)|\s*(\d{1,2})单元)"
_TARGET = re.compile(rf"([0-9]{{1,4}}|[A-Za-z]){_BUILDING_WORD}{_UNIT}?")
_ALL = re.compile(r"全部|所有楼栋|所有楼|全小区|全体")
_SPAN = re.compile(rf"(\d{{1,4}})\s*[-－—~～到至]\s*(\d{{1,4}}){_BUILDING_WORD}")
_DURATION = re.compile(r"(\d{1,3})\s*(天|日|小时|个小时|h|H|分钟|min)")
# How staff name a role when they invite or delegate.
ROLE_WORDS: dict[str, StaffRole] = {
    "志愿者": "volunteer",
    "楼长": "building_leader",
    "干部": "cadre",
}
_ROLE = re.compile("|".join(sorted(ROLE_WORDS, key=len, reverse=True)))
# A person's name or platform id, written as one token.
_WORD = re.compile(r"\S+")
_DURATION_UNITS = {"天": 86400, "日": 86400, "小时": 3600, "个小时": 3600, "h": 3600, "H": 3600}


@dataclass(frozen=True)
class BuildingSpec:
    """Buildings as staff write them: 全部, 3-27号楼, 1,3,5号楼, 3号楼2单元."""

    everything: bool = False
    # (building, unit or "") named one by one.
    named: tuple[tuple[str, str], ...] = ()
    # Inclusive numeric spans: only the buildings the compound has inside them count.
    spans: tuple[tuple[int, int], ...] = ()

    def resolve(
        self, buildings: dict[str, tuple[str, ...]]
    ) -> tuple[list[tuple[str, str]], list[str]]:
        """(building, unit) pairs the compound has, and the named ones it does not have."""
        if self.everything:
            return [(b, "") for b in buildings], []
        found: list[tuple[str, str]] = []
        missing: list[str] = []
        for low, high in self.spans:
            inside = [b for b in buildings if b.isdigit() and low <= int(b) <= high]
            if not inside:
                missing.append(f"{low}-{high}")
            found += [(b, "") for b in inside]
        for building, unit in self.named:
            if building not in buildings or (unit and unit not in buildings[building]):
                missing.append(f"{building}-{unit}" if unit else building)
            else:
                found.append((building, unit))
        return list(dict.fromkeys(found)), missing


@dataclass(frozen=True)
class Args:
    numbers: tuple[int, ...] = ()
    help_number: int | None = None
    # A building and maybe a unit, for binding a group.
    target: tuple[str, str] | None = None
    buildings: BuildingSpec | None = None
    duration: timedelta | None = None
    role: StaffRole | None = None
    word: str = ""
    text: str = ""


@dataclass(frozen=True)
class Arg:
    kind: ArgKind
    optional: bool = False


def parse_args(grammar: Sequence[Arg], text: str) -> Args | None:
    """The arguments if `text` matches the whole grammar, else None."""
    args = Args()
    rest = text.strip()
    for arg in grammar:
        taken = _take(arg.kind, rest, args)
        if taken is None:
            if not arg.optional:
                return None
            continue
        args, rest = taken
        rest = rest[_SPACE.match(rest).end() :]  # type: ignore[union-attr]
    return args if not rest else None


def _take(kind: ArgKind, text: str, args: Args) -> tuple[Args, str] | None:
    if kind == "text":
        return (replace(args, text=text), "") if text else None
    if kind == "number":
        m = _NUMBER.match(text)
        if m is None or not _bounded(m.group(1)):
            return None
        return replace(args, numbers=(int(m.group(1)),)), text[m.end() :]
    if kind == "numbers":
        return _numbers(text, args)
    if kind == "help_number":
        m = _HELP_NUMBER.match(text)
        if m is None or not _bounded(m.group(1)):
            return None
        return replace(args, help_number=int(m.group(1))), text[m.end() :]
    if kind == "target":
        m = _TARGET.match(text)
        if m is None:
            return None
        return replace(args, target=_target(m)), text[m.end() :]
    if kind == "buildings":
        return _buildings(text, args)
    if kind == "role":
        m = _ROLE.match(text)
        return (replace(args, role=ROLE_WORDS[m.group(0)]), text[m.end() :]) if m else None
    if kind == "word":
        m = _WORD.match(text)
        return (replace(args, word=m.group(0)), text[m.end() :]) if m else None
    m = _DURATION.match(text)
    if m is None or int(m.group(1)) == 0:
        return None
    seconds = _DURATION_UNITS.get(m.group(2), 60) * int(m.group(1))
    return replace(args, duration=timedelta(seconds=seconds)), text[m.end() :]


def _target(m: re.Match[str]) -> tuple[str, str]:
    return m.group(1).upper(), m.group(2) or m.group(3) or ""


def _bounded(digits: str) -> bool:
    return 0 < int(digits) <= MAX_NUMBER


def _numbers(text: str, args: Args) -> tuple[Args, str] | None:
    found: list[int] = []
    rest = text
    while (m := _NUMBER.match(rest)) is not None and _bounded(m.group(1)):
        found.append(int(m.group(1)))
        rest = rest[m.end() :]
        rest = rest[_SPACE.match(rest).end() :]  # type: ignore[union-attr]
    if not found:
        return None
    return replace(args, numbers=tuple(dict.fromkeys(found))), rest


def _buildings(text: str, args: Args) -> tuple[Args, str] | None:
    m = _ALL.match(text)
    if m is not None:
        return replace(args, buildings=BuildingSpec(everything=True)), text[m.end() :]
    named: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    rest = text
    while True:
        span = _SPAN.match(rest)
        if span is not None:
            low, high = int(span.group(1)), int(span.group(2))
            if low > high:
                return None
            spans.append((low, high))
            rest = rest[span.end() :]
        elif (one := _TARGET.match(rest)) is not None:
            named.append(_target(one))
            rest = rest[one.end() :]
        else:
            break
        sep = re.match(r"\s*[,，、和及]\s*", rest)
        if sep is None:
            break
        rest = rest[sep.end() :]
    if not named and not spans:
        return None
    # "1,3,5号楼": the building word written once after the last names them all.
    return replace(args, buildings=BuildingSpec(named=tuple(named), spans=tuple(spans))), rest
