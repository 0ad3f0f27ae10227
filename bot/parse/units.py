"""Unit words (量词) residents use after a count, in their written form."""

from __future__ import annotations

import re

from bot.parse.phonetic import SoundIndex

# Longest first so 公斤 is not read as 斤.
UNITS: tuple[str, ...] = (
    "公斤",
    "千克",
    "袋",
    "盒",
    "斤",
    "箱",
    "瓶",
    "桶",
    "提",
    "包",
    "把",
    "个",
    "份",
    "棵",
    "块",
    "排",
    "支",
    "卷",
    "听",
    "罐",
    "板",
    "串",
    "条",
    "只",
    "根",
    "颗",
    "枚",
    "件",
    "双",
    "盆",
    "碗",
    "杯",
    "盘",
    "筐",
    "捆",
    "扎",
    "升",
    "套",
    "片",
    "壶",
    "兜",
    "网",
    "克",
)
UNIT_CHARS = frozenset("".join(UNITS))
UNITS_ALT = "|".join(re.escape(u) for u in UNITS)

# Units a voice keyboard plausibly mishears (两代 -> 两袋, 两通 -> 两桶, 两和 -> 两盒).
# Units whose sound many everyday words share (个 ge, 片 pian, 件 jian) are left out:
# a wrong unit is worse than none.
_HEARD_UNITS = ("袋", "盒", "斤", "箱", "瓶", "桶", "提", "包", "把", "份", "块", "排", "罐", "棵")

HEARD_UNITS = SoundIndex((u, u) for u in _HEARD_UNITS)
