"""Changes to an order already placed: goods dropped (酱油不要了, 把鸡蛋去掉), a count set
(鸡蛋改成两盒) or goods added (再加一袋米). Read from the words around the goods named, so
that dropping one item is never taken for cancelling the whole order."""

from __future__ import annotations

import re
from typing import Literal

Change = Literal["remove", "set", "add"]

# A count set anew: the words go, and what remains reads as goods with counts.
SET_WORDS = re.compile(r"改成|改为|换成|改到|调成|调整为|变成")
_ADD = re.compile(r"再(?:加|要|来|订|买|添)|多(?:加|要)|追加|另外(?:加|要|再)|加(?:一|两|三|几|\d)")
# Whole orders, not goods in them (取消订单, 全部不要了, 都取消).
_WHOLE = re.compile(r"(?<!号)订单(?!里|中|的)|整单|这单|那单|我的单|全部|都不要|都取消|统统|所有")
# A cancel word right after the goods, or 把/将 … 去掉 around them.
_DROP_AFTER = re.compile(
    r"^\s*(?:也|就|先)?\s*(?:不要了|不要啦|不要咯|别要了|取消|去掉|删掉|拿掉|不用了|先不要|不需要了)"
)
_DROP_BEFORE = re.compile(r"(?:把|将|不要|别要|取消|去掉|删掉)\s*$")


def find(
    text: str, spans: tuple[tuple[int, int], ...], *, cancelling: bool, setting: bool
) -> Change | None:
    """The change `text` makes to the goods at `spans`, if it makes one; `setting` when
    the text said 改成 (the words are gone from `text` by now)."""
    if not spans:
        return None
    if setting:
        return "set"
    if cancelling:
        if _WHOLE.search(text):
            return None
        for start, end in spans:
            if _DROP_AFTER.search(text[end:]) or _DROP_BEFORE.search(text[:start]):
                return "remove"
        return None
    if _ADD.search(text):
        return "add"
    return None
