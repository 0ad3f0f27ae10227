"""Text folding: one canonical form for matching; the stored text is never changed."""

from __future__ import annotations

import re
import unicodedata

# Emoji, pictographs, dingbats and their joiners carry no order information, but removing
# them outright would glue neighbouring tokens together ("纯奶🥛一盒"), so they become spaces.
_DECORATION_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co", "Cn", "Cf", "Mn", "Me"})
_PARENS = re.compile(r"\([^()\n]{0,30}\)|\[[^\[\]\n]{0,30}\]|【[^【】\n]{0,30}】|<[^<>\n]{0,30}>")
# Sizes said next to goods (L码, 52码) name no goods and no count.
_SIZES = re.compile(r"(?<![A-Z])(?:X{0,3}[SML]|\d{2,3})码")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
# Dashes residents type between building, unit and room, folded to one ASCII hyphen.
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−－_~"})
# Most texts have none of them; the per-character translate is skipped then.
_ANY_DASH = re.compile("[" + re.escape("‐‑‒–—―−－_~") + "]")


# Only characters outside ASCII, CJK and CJK punctuation can be decorations; finding them
# with one regex keeps the per-character category lookup off the common path.
_MAYBE_DECORATION = re.compile(r"[^\x00-\x7f\u4e00-\u9fff\u3000-\u303f]")


def _decoration_to_space(m: re.Match[str]) -> str:
    ch = m.group(0)
    return " " if unicodedata.category(ch) in _DECORATION_CATEGORIES else ch


def fold(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), upper-case letters, decorations to spaces."""
    t = unicodedata.normalize("NFKC", text)
    if not t.isascii():
        t = _MAYBE_DECORATION.sub(_decoration_to_space, t)
    if _ANY_DASH.search(t):
        t = t.translate(_DASHES)
    t = t.upper()
    t = t.replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", t)


# A bracketed door (王大爷(1单元202), [3-1-402]) is kept, only its brackets go.
# A bare number inside counts only when no weight, price or volume follows (500g, 128元).
_DOOR_INSIDE = re.compile(r"\d\s*-\s*\d|单元|号楼|[栋幢座室]|\d{3,4}(?!\d|\s*[克GgML元块毫升斤%])")


def _aside_to_space(m: re.Match[str]) -> str:
    inner = m.group(0)[1:-1]
    return f" {inner} " if _DOOR_INSIDE.search(inner) else " "


def drop_asides(text: str) -> str:
    """Remove short bracketed asides such as (XL码) or (隔离): they name no goods or door."""
    if "(" in text or "[" in text or "【" in text or "<" in text:
        text = _PARENS.sub(_aside_to_space, text)
    if "码" in text:
        text = _SIZES.sub(" ", text)
    return text
