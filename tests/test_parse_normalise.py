"""Text folding and numbers (bot/parse/normalise.py, bot/parse/numbers.py): full-width
digits, emoji, asides and sizes, and counts and door numbers in digits or Chinese."""

from __future__ import annotations

import pytest

from bot.parse.normalise import drop_asides, fold
from bot.parse.numbers import as_digits, parse_number
from tests.parse_helpers import door, goods, parse


def test_full_width_digits_become_ascii() -> None:
    assert fold("６-１-４０２") == "6-1-402"


def test_letters_are_upper_cased() -> None:
    assert fold("b座") == "B座"


def test_emoji_become_spaces_so_neighbours_stay_apart() -> None:
    assert fold("纯奶🥛一盒") == "纯奶 一盒"


def test_emoji_do_not_change_the_parse() -> None:
    plain = parse("鸡蛋两盒，纯奶一箱", sender="5栋302")
    decorated = parse("鸡蛋🥚两盒，纯奶🥛一箱🙏🙏", sender="5栋302")
    assert goods(plain) == goods(decorated)


def test_bracketed_asides_and_sizes_are_dropped() -> None:
    assert "XL" not in drop_asides("尿不湿两包(XL码)")
    assert "码" not in drop_asides("纸尿裤L码两包")


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("2", 2.0),
        ("两", 2.0),
        ("二十", 20.0),
        ("十五", 15.0),
        ("一百二十", 120.0),
        ("五零一", 501.0),
        ("1.5", 1.5),
        ("十几", 10.0),
    ],
)
def test_counts_in_digits_and_chinese(token: str, value: float) -> None:
    assert parse_number(token) == value


def test_large_chinese_numbers_fall_back_to_cn2an() -> None:
    assert parse_number("一万二千") == 12000.0


def test_door_number_said_digit_by_digit() -> None:
    assert as_digits("八零二") == "802"


def test_half_after_a_unit_adds_a_half() -> None:
    assert goods(parse("猪肉一斤半", sender="3-1-101")) == [("猪肉", 1.5, "斤")]


def test_half_before_a_unit_is_a_half() -> None:
    assert goods(parse("肉半斤", sender="3-1-101")) == [("猪肉", 0.5, "斤")]


def test_chinese_door_numbers_become_digits() -> None:
    assert door(parse("三号楼二单元五零一，鸡蛋一盒")) == ("3", "2", "501")
