"""How doors, quantities and goods are written in what the bot says."""

from __future__ import annotations

from collections.abc import Iterable

from bot import texts
from bot.catalog import Catalog
from bot.messages import ParsedItem
from bot.privacy import holds_personal


def door_label(building: str, unit: str | None, room: str) -> str:
    """3-2-501, 5-1202: the one way a door is written everywhere."""
    return "-".join(p for p in (building, unit, room) if p)


def building_order(building: str) -> tuple[bool, int, str]:
    """Sort key: numbered buildings in number order, then lettered ones."""
    return (not building.isdigit(), int(building) if building.isdigit() else 0, building)


def floor_of(room: str) -> int:
    """1502 -> 15, 301 -> 3: the floor a room number says (0 when it says none)."""
    digits = "".join(ch for ch in room if ch.isdigit())
    return int(digits[:-2]) if len(digits) > 2 else 0


def public_name(name: str) -> str:
    """A display name as a group may see it: never one that holds a phone or ID number."""
    return texts.SOMEONE if holds_personal(name) or not name.strip() else name


def format_qty(qty: float) -> str:
    if qty == 0.5:
        return texts.HALF
    return str(int(qty)) if float(qty).is_integer() else f"{qty:g}"


def format_items(
    items: Iterable[ParsedItem], catalog: Catalog, *, hide_sensitive: bool = False
) -> str:
    """大米2袋、鸡蛋1盒: the unit said, else the catalog's default, else none.

    With `hide_sensitive` (anything a group sees), medicines and tests are only counted:
    大米2袋、药品1项.
    """
    parts = []
    hidden = 0
    for it in items:
        if hide_sensitive and catalog.is_sensitive(it.item):
            hidden += 1
            continue
        unit = it.unit
        if unit is None:
            known = catalog.get(it.item)
            unit = known.unit if known else None
        # 沙地红薯1000g×2份: a name ending in its own figures needs the count set apart.
        between = "×" if it.item[-1:].isascii() and not it.item[-1:].isspace() else ""
        parts.append(f"{it.item}{between}{format_qty(it.qty)}{unit or ''}")
    if hidden:
        parts.append(texts.SENSITIVE_GOODS.format(count=hidden))
    return "、".join(parts)
