"""Command arguments (bot/grammar.py): typed, and the whole argument string must match."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.grammar import MAX_NUMBER, Arg, BuildingSpec, parse_args

NUMBER = (Arg("number"),)
NUMBERS = (Arg("numbers"),)
TARGET = (Arg("target"),)
BUILDINGS = (Arg("buildings"),)


@pytest.mark.parametrize(
    ("text", "number"),
    [("3", 3), ("#12", 12), ("＃12", 12), ("12号", 12), ("12号单", 12), (" 7 ", 7)],
)
def test_an_order_number_in_the_ways_staff_write_it(text: str, number: int) -> None:
    args = parse_args(NUMBER, text)
    assert args is not None and args.numbers == (number,)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "今天下午3点的核酸，改到明天上午",
        "3号楼的配送",
        "3 号楼明天的核酸",
        "三号",
        "0",
        str(MAX_NUMBER + 1),
        "12345678901234567890",
        "3 4",
    ],
)
def test_anything_but_one_order_number_does_not_match(text: str) -> None:
    assert parse_args(NUMBER, text) is None


def test_several_numbers_keep_their_order_and_drop_repeats() -> None:
    args = parse_args(NUMBERS, "3、5，3 7号")
    assert args is not None and args.numbers == (3, 5, 7)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("3", ("3", "")),
        ("3-2", ("3", "2")),
        ("3号楼", ("3", "")),
        ("3号楼2单元", ("3", "2")),
        ("10栋-3单元", ("10", "3")),
        ("a座", ("A", "")),
    ],
)
def test_a_binding_target_is_a_building_and_maybe_a_unit(
    text: str, target: tuple[str, str]
) -> None:
    args = parse_args(TARGET, text)
    assert args is not None and args.target == target


@pytest.mark.parametrize("text", ["3号楼 10点发菜", "三号楼", "3-2-501"])
def test_a_binding_target_followed_by_more_words_is_not_a_target(text: str) -> None:
    assert parse_args(TARGET, text) is None


BUILT = {"1": (), "3": ("1", "2"), "5": (), "27": (), "A": ()}


@pytest.mark.parametrize(
    ("text", "found", "missing"),
    [
        ("全部", [("1", ""), ("3", ""), ("5", ""), ("27", ""), ("A", "")], []),
        ("3-27号楼", [("3", ""), ("5", ""), ("27", "")], []),
        ("1,3,5号楼", [("1", ""), ("3", ""), ("5", "")], []),
        ("3号楼2单元", [("3", "2")], []),
        ("3、9号楼", [("3", "")], ["9"]),
        ("40-50", [], ["40-50"]),
    ],
)
def test_building_ranges_resolve_to_the_buildings_the_compound_has(
    text: str, found: list[tuple[str, str]], missing: list[str]
) -> None:
    args = parse_args(BUILDINGS, text)
    assert args is not None and isinstance(args.buildings, BuildingSpec)
    assert args.buildings.resolve(BUILT) == (found, missing)


def test_a_backwards_building_range_does_not_match() -> None:
    assert parse_args(BUILDINGS, "9-3号楼") is None


@pytest.mark.parametrize(
    ("text", "duration"),
    [("2小时", timedelta(hours=2)), ("30分钟", timedelta(minutes=30)), ("1天", timedelta(days=1))],
)
def test_a_duration_in_days_hours_or_minutes(text: str, duration: timedelta) -> None:
    args = parse_args((Arg("duration"),), text)
    assert args is not None and args.duration == duration


def test_zero_duration_does_not_match() -> None:
    assert parse_args((Arg("duration"),), "0小时") is None


def test_free_text_after_typed_arguments_takes_the_rest() -> None:
    args = parse_args((Arg("buildings"), Arg("text")), "3-5号楼 明天6:00东门排队")
    assert args is not None and args.text == "明天6:00东门排队"
    assert args.buildings == BuildingSpec(spans=((3, 5),))


def test_an_optional_argument_may_be_left_out() -> None:
    args = parse_args((Arg("number", optional=True),), "")
    assert args is not None and args.numbers == ()
