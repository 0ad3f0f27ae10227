"""Cancel (`is_cancel` in bot/parse/intent.py): cancel words in dialect and voice input, and
the everyday words that only look like them."""

from __future__ import annotations

import pytest

from tests.parse_helpers import kind


@pytest.mark.parametrize(
    "text",
    [
        "牛奶我唔要喇",
        "我那两袋米不整了",
        "菜包别弄了",
        "鸡蛋覅了",
        "我报的菜莫要了",
        "把我的订单取销",
    ],
)
def test_dialect_cancel_words_read_as_cancel(text: str) -> None:
    assert kind(text) == ("cancel", None)


@pytest.mark.parametrize(
    "text",
    [
        "我去消毒一下",
        "唔使客气",
        "唔好意思，打扰大家",
        "孩子烧退了，谢谢大家关心",
        # A fever named anywhere before: what 退了 is about.
        "昨天烧到38度5，今天已经退了，就是嗓子疼",
        "体温39，吃了药下午就退了",
    ],
)
def test_look_alikes_of_cancel_words_are_not_cancel(text: str) -> None:
    assert kind(text)[0] != "cancel"


@pytest.mark.parametrize("text", ["32号订单退了吧", "那份菜退了，不要了"])
def test_goods_that_are_returned_are_still_a_cancel(text: str) -> None:
    assert kind(text)[0] == "cancel"
