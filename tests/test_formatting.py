"""How doors, quantities and goods are written (bot/formatting.py)."""

from __future__ import annotations

import pytest

from bot.catalog import default_catalog
from bot.formatting import door_label, format_items
from bot.messages import ParsedItem


def test_items_are_written_with_the_catalog_unit_when_none_was_said() -> None:
    items = [
        ParsedItem(item="大米", qty=2, unit=None),
        ParsedItem(item="猪肉", qty=0.5, unit="斤"),
        ParsedItem(item="可乐", qty=1.5, unit=None, in_catalog=False),
    ]
    assert format_items(items, default_catalog()) == "大米2袋、猪肉半斤、可乐1.5"


@pytest.mark.parametrize(
    ("parts", "label"),
    [(("3", "2", "501"), "3-2-501"), (("5", None, "1202"), "5-1202"), (("A", "", "101"), "A-101")],
)
def test_a_door_is_written_building_unit_room_with_missing_parts_left_out(
    parts: tuple[str, str | None, str], label: str
) -> None:
    assert door_label(*parts) == label
