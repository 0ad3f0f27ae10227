"""Door numbers: building / unit / room from message text, display name and chat title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.messages import Address
from bot.parse.normalise import drop_asides, fold
from bot.parse.numbers import as_digits

Role = Literal["text", "sender"]
Span = tuple[int, int]
Parts = tuple[str | None, str | None, str | None]

_CN = "零〇一二两三四五六七八九十"
_CN_DIGIT_STRING = "零〇一二三四五六七八九"
# Chinese numerals in door positions become digits before the door grammar runs:
# 三号楼 / 二单元 / (单元)五零一.
_CN_BEFORE_MARKER = re.compile(rf"(?<![{_CN}])[{_CN}]{{1,4}}(?=\s*(?:号楼|栋|幢|单元|座))")
_CN_ROOM = re.compile(
    rf"(?:(?<=单元)|(?<=号楼)|(?<=[栋幢座\s,:])|^)[{_CN_DIGIT_STRING}]{{3,4}}(?![{_CN}])", re.M
)

_B = r"\d{1,3}|[A-Z]"
# 5#楼 / 5#302 / 6#1-201: `#` after a building number is the building marker.
_HASH_BUILDING = re.compile(r"(\d{1,3})\s*#\s*(?:楼|(?=\d))")
# Service and emergency lines (120打不通, 拨110) are phone numbers, never rooms.
_SERVICE_NUMBERS = frozenset(("110", "119", "120", "122"))
_DIAL_WORDS = ("打", "拨", "电话", "热线", "报警", "急救", "叫")
_DASH3 = re.compile(rf"(?P<b>{_B})\s*-\s*(?P<u>\d{{1,2}})\s*-\s*(?P<r>\d{{3,4}})(?![\d.])")
_DASH2 = re.compile(rf"(?P<x>{_B})\s*(?P<sep>[-#])\s*(?P<r>\d{{3,4}})(?![\d.])")
_STRUCT = re.compile(
    rf"(?:(?P<b>{_B})\s*(?P<bm>号楼|栋|幢|座|号(?=\s*\d)|号(?=\s*,\s*\d{{3,4}}\s*[室房])|楼(?=\s*\d|单元|的))"
    r"[\s,-]*)?"
    # After a building, a unit may be given with a hyphen (6号楼2-1102, 5栋1-302室).
    r"(?:(?P<u>\d{1,2})\s*(?:单元[\s,-]*|-(?=\s*\d{3,4}(?![\d.]))\s*))?"
    r"(?:(?P<r>\d{3,4})(?![\d.])\s*(?:室|房|号(?![单楼]))?)?"
)
# After a lone number these say it is a count, price, time or street number, not a door.
_NOT_DOOR_AFTER = frozenset(
    "元块度点岁年月日天号单分秒米斤克弄路%两人次周位名GKLM"
    + "袋盒箱瓶桶提包把个份棵排支卷听罐板串条只根颗枚件双盆碗杯盘筐捆扎升套片"
)
# A lone room number in a sentence follows a pause or a word that points at a household.
_DOOR_BEFORE = frozenset("在帮给替壁门上下里是住户到往为和及跟:,，。、 \n")
_STREET_BEFORE = frozenset("路街道巷")
# After a lone room number these say it names a household (502的菜, 502家).
_OWNER_AFTER = frozenset("的家")
_YEARS = frozenset(("19", "20"))
_BAD_FLOOR_BEFORE = frozenset("在到上下回住")

_CHAT_BUILDING = re.compile(rf"(?<![\dA-Z])({_B})\s*(?:号楼|栋|幢|座|楼)")
_CHAT_UNIT = re.compile(r"(?<!\d)(\d{1,2})\s*单元")


@dataclass(frozen=True, slots=True)
class DoorMention:
    parts: Parts
    span: Span


def door_text(folded: str) -> str:
    """Folded text with asides dropped and door numerals as digits (spans refer to this)."""
    t = drop_asides(folded)

    def digits(m: re.Match[str]) -> str:
        return as_digits(m.group(0)) or m.group(0)

    t = _CN_BEFORE_MARKER.sub(digits, t)
    if "#" in t:
        t = _HASH_BUILDING.sub(r"\1号楼", t)
    return _CN_ROOM.sub(digits, t)


def _plausible_room(room: str) -> bool:
    return room[0] != "0" and 1 <= int(room[-2:]) <= 40


def _counts_follow(text: str, end: int) -> bool:
    """True when the character after a number makes it a count, price or time, not a room."""
    after = text[end] if end < len(text) else " "
    if after in "室房":
        return False
    if after == "号":
        return text[end + 1 : end + 2] in ("单", "楼")
    return after in _NOT_DOOR_AFTER


def _room_alone_ok(text: str, start: int, end: int, role: Role) -> bool:
    before = text[start - 1] if start else " "
    if _counts_follow(text, end):
        return False
    if role == "sender":
        return True
    if text[start:end] in _SERVICE_NUMBERS:
        near = text[max(0, start - 3) : end + 4]
        if any(w in near for w in _DIAL_WORDS):
            return False
    # 502的牛奶 / 502家: a room owning something or named as a household, whatever precedes.
    # A year (2022的新米) is not a room.
    if text[end : end + 1] in _OWNER_AFTER and not (
        end - start == 4 and text[start:end][:2] in _YEARS
    ):
        return True
    return before in _DOOR_BEFORE or not ("\u4e00" <= before <= "\u9fff")


def _interpret(text: str, pos: int, role: Role, context_building: str | None) -> DoorMention | None:
    m = _DASH3.match(text, pos)
    if m:
        return DoorMention((m["b"], m["u"], m["r"]), m.span())
    m = _DASH2.match(text, pos)
    if m and _plausible_room(m["r"]):
        x = m["x"]
        if m["sep"] == "#" or x.isalpha() or context_building is None:
            return DoorMention((x, None, m["r"]), m.span())
        # In a chat bound to a building, a two-part label is unit-room (2-301 in 3号楼群).
        return DoorMention((None, x, m["r"]), m.span())
    m = _STRUCT.match(text, pos)
    if not m or m.end() == pos:
        return None
    b, u, r = m["b"], m["u"], m["r"]
    if b is None and u is None and r is None:
        return None
    if r is not None and not _plausible_room(r):
        if b is None and u is None:
            return None
        r = None
    if b is not None and m["bm"] == "楼" and pos and text[pos - 1] in _BAD_FLOOR_BEFORE:
        return None
    if b is None and u is None and r is not None:
        end = m.start("r") + len(r)
        if not _room_alone_ok(text, pos, end, role):
            return None
    elif r is not None and _counts_follow(text, m.end("r")):
        r = None
    return DoorMention((b, u, r), m.span())


# Where a door mention may start: an ASCII digit or capital letter.
_DOOR_CHAR = re.compile(r"[0-9A-Z]")


def find_doors(text: str, role: Role, context_building: str | None = None) -> list[DoorMention]:
    """Every door mention in already door-folded text, left to right."""
    found: list[DoorMention] = []
    search = _DOOR_CHAR.search
    m = search(text)
    while m is not None:
        i = m.start()
        prev = text[i - 1] if i else " "
        if (prev.isascii() and prev.isalnum()) or prev in ".第":
            m = search(text, i + 1)
            continue
        mention = _interpret(text, i, role, context_building)
        # After 路/街 a number is a street number, unless a room follows it (龙吴路89号302室).
        if (
            mention is not None
            and prev in _STREET_BEFORE
            and (mention.parts[0] is None or mention.parts[2] is None)
        ):
            mention = None
        if mention is None:
            m = search(text, i + 1)
            continue
        found.append(mention)
        m = search(text, max(mention.span[1], i + 1))
    return found


def best_door(mentions: list[DoorMention]) -> DoorMention | None:
    """The household a message names: the first full door, else the first mention."""
    for m in mentions:
        if m.parts[2] is not None:
            return m
    return mentions[0] if mentions else None


@lru_cache(maxsize=2048)
def chat_parts(title: str) -> Parts:
    # Cached: a chat's title and a member's name repeat across thousands of messages.
    t = door_text(fold(title))
    b = _CHAT_BUILDING.search(t)
    u = _CHAT_UNIT.search(t)
    return (b.group(1) if b else None, u.group(1) if u else None, None)


@lru_cache(maxsize=8192)
def sender_parts(name: str, context_building: str | None) -> Parts:
    mention = best_door(find_doors(door_text(fold(name)), "sender", context_building))
    return mention.parts if mention else (None, None, None)


def merge(hi: Parts, lo: Parts, *, keep_below: bool = True) -> Parts:
    """Fill gaps in `hi` from `lo`.

    A level above what `hi` names is always taken (a room alone borrows building and unit).
    A level below it is taken only when `lo` agrees on every level `hi` names, so the
    sender's room never lands on another building; `keep_below=False` forbids it outright
    (the message names a different household).
    """
    out = list(hi)
    known = [i for i, v in enumerate(hi) if v is not None]
    deepest = max(known) if known else -1
    for level in range(3):
        if out[level] is not None or lo[level] is None:
            continue
        if level > deepest >= 0 and not keep_below:
            continue
        # An unknown level in `lo` does not disagree: 5号楼 in the text and 2单元302 as
        # the sender's name (no building there or in the chat title) combine.
        if all(lo[k] is None or lo[k] == hi[k] for k in known if k < level):
            out[level] = lo[level]
    return (out[0], out[1], out[2])


def to_address(parts: Parts) -> Address | None:
    if parts == (None, None, None):
        return None
    return Address(building=parts[0], unit=parts[1], room=parts[2])
