"""Unit words (bot/parse/units.py): the containers residents count goods in."""

from __future__ import annotations

import pytest

from tests.parse_helpers import CHAT, SENDER, goods, parse


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("来两壶花生油", [("食用油", 2, "壶")]),
        ("砂糖橘一兜", [("砂糖橘", 1, "兜")]),
        ("鸡蛋一板，纯奶一排", [("鸡蛋", 1, "板"), ("牛奶", 1, "排")]),
    ],
)
def test_container_units_residents_say(text: str, want: list[tuple[str, float, str]]) -> None:
    assert goods(parse(text, sender=SENDER, chat=CHAT)) == want
