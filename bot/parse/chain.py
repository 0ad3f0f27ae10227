"""接龙 lists: a header line, then one household per line; only new lines are orders."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.messages import ContextMessage
from bot.parse.normalise import fold

_CHAIN_MARK = "接龙"
# Lines that describe the group buy (price, cut-off, delivery) rather than order from it.
_HEADER_WORDS = re.compile(r"(?<!单)元|团购|截止|截单|到货|登记|按斤|每份|称|价|/|开团|规则|格式")
# An entry starts with a door that has a room (after an optional list number "3." / "3、").
_DOOR_START = re.compile(
    r"^\s*(?:\d{1,3}\s*[.、)]\s*)?"
    r"(?:[A-Z\d]{1,3}\s*(?:[-#栋幢座]|号楼)\s*(?:\d{1,2}\s*(?:-|单元)\s*)?\d{3,4}"
    r"|\d{1,2}\s*单元\s*\d{3,4}|\d{3,4}(?!\d))"
)
_SPACES = re.compile(r"\s+")


def is_chain(folded: str) -> bool:
    if _CHAIN_MARK not in folded:
        return False  # the header line holds it
    lines = [ln for ln in folded.split("\n") if ln.strip()]
    return len(lines) >= 2 and _CHAIN_MARK in lines[0]


def entry_key(folded_line: str) -> str:
    return _SPACES.sub("", folded_line)


def candidate_lines(folded: str) -> list[str]:
    """Lines after the header that may be entries (header-like description lines dropped)."""
    lines = [ln.strip() for ln in folded.split("\n") if ln.strip()]
    out: list[str] = []
    for line in lines[1:]:
        if _CHAIN_MARK in line and not _DOOR_START.match(line):
            continue
        if _HEADER_WORDS.search(line) and not _DOOR_START.match(line):
            continue
        out.append(line)
    return out


def header_text(folded: str) -> str:
    """The list's title and description lines: what the group buy is for (团购鸡蛋 每盒30枚)."""
    lines = [ln.strip() for ln in folded.split("\n") if ln.strip()]
    kept = set(candidate_lines(folded))
    return "\n".join(ln for i, ln in enumerate(lines) if i == 0 or ln not in kept)


def previous_keys(context: Sequence[ContextMessage]) -> set[str] | None:
    """Entry keys of the latest earlier version of a list in the chat, None when there is none."""
    for msg in reversed(context):
        folded = fold(msg.text)
        if is_chain(folded):
            return {entry_key(ln) for ln in folded.split("\n") if ln.strip()}
    return None


def new_lines(folded: str, context: Sequence[ContextMessage]) -> list[str]:
    seen = previous_keys(context)
    lines = candidate_lines(folded)
    if seen is None:
        return lines
    return [ln for ln in lines if entry_key(ln) not in seen]
