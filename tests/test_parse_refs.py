"""Order and help-request numbers (`find_ref` in bot/parse/intent.py): which number in a
message is the reference, in any wording or in Chinese numerals, and the building, unit and
count numbers that are not."""

from __future__ import annotations

import pytest

from tests.parse_helpers import parse


@pytest.mark.parametrize(
    ("text", "ref"),
    [("取消求助1号", "1"), ("锁修好了，取消求助12号", "12"), ("求助3号不用了", "3")],
)
def test_help_request_number_after_qiuzhu_is_the_ref(text: str, ref: str) -> None:
    parsed = parse(text, sender="3-1-301 钱", chat="3号楼")
    assert (parsed.intent, parsed.ref) == ("cancel", ref)


@pytest.mark.parametrize(
    ("text", "intent", "ref"),
    [
        ("12号单子不要了", "cancel", "12"),
        ("退掉12号", "cancel", "12"),
        ("取消第12单", "cancel", "12"),
        ("取消订单12", "cancel", "12"),
        ("单号#31 还没送到", "status", "31"),
        ("编号9的单到哪了", "status", "9"),
        ("求助单4号有进展吗", "status", "4"),
    ],
)
def test_order_number_in_any_wording_is_the_ref(text: str, intent: str, ref: str) -> None:
    msg = parse(text, sender="4-2-701 刘", chat="4号楼业主群")
    assert (msg.intent, msg.ref) == (intent, ref)


# Cancelling verbs (作废, 退, 撤) with the order number in Chinese numerals; a count of goods
# is never the ref.
@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("十五号订单作废吧", "15"),
        ("那两盒鸡蛋退了，不要了", None),
        ("单号三十二取消", "32"),
        ("第七单撤了", "7"),
    ],
)
def test_cancel_verbs_take_chinese_numeral_refs(text: str, ref: str | None) -> None:
    msg = parse(text, sender="3-1-402 周", chat="3号楼群")
    assert msg.intent == "cancel"
    assert msg.ref == ref


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("订单第12号取消", "12"),
        ("志愿者你好，我的订单第48号一直没动静", "48"),
        ("第8号订单还没送", "8"),
        ("我的单子是7号，到哪了", "7"),
    ],
)
def test_order_numbers_with_di_or_shi_are_refs(text: str, ref: str) -> None:
    assert parse(text, sender="6-2-801 刘", chat="6号楼业主群").ref == ref


@pytest.mark.parametrize("text", ["住在8号楼第3单元", "订单第3号楼的还没送"])
def test_unit_and_building_numbers_are_not_refs(text: str) -> None:
    assert parse(text, sender="6-2-801 刘", chat="6号楼业主群").ref is None
