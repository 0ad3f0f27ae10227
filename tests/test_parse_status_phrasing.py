"""Status, rule-question and food-shortage phrasings found missing by a third blind set.

The wording here is our own; each family is a general rule with negatives beside it.
"""

from __future__ import annotations

import pytest

from tests.parse_helpers import goods, parse

SENDER = "6-2-301 刘"
CHAT = "6号楼业主群"


def kind(text: str) -> tuple[str, str | None]:
    msg = parse(text, sender=SENDER, chat=CHAT)
    return msg.intent, msg.help


# 1. Whether one's own goods have gone out, without when/where/arrived words.
@pytest.mark.parametrize(
    "text",
    [
        "我们单元的保供菜是不是还没发",
        "6号楼的菜明天还送不送",
        "物资还没派吗",
        "我报的鸡蛋呢？等了大半天",
        "我家的牛奶呢",
        "东西发了没啊，等一下午了",
    ],
)
def test_asking_after_own_goods_is_status(text: str) -> None:
    assert kind(text) == ("status", None)


def test_where_is_mine_is_not_a_phantom_order() -> None:
    msg = parse("我买的那两袋米呢？", sender=SENDER, chat=CHAT)
    assert msg.intent == "status"
    assert goods(msg) == []


@pytest.mark.parametrize(
    "text",
    ["菜包还送吗？给我来两份菜包", "还有吗？给我来一箱方便面", "两袋米，谢谢"],
)
def test_an_ordering_clause_still_orders(text: str) -> None:
    assert kind(text) == ("order", None)


@pytest.mark.parametrize("text", ["抗原结果还没发", "我家的狗呢", "工资还没发下来"])
def test_waiting_words_without_goods_are_not_status(text: str) -> None:
    assert kind(text)[0] != "status"


# 2. How a rule or procedure works is a question; a concrete household problem is help.
@pytest.mark.parametrize(
    "text",
    [
        "请问阳性户的生活垃圾要怎么处理",
        "想问一下快递现在怎么拿",
        "请问出入小区的通行证怎么办理",
        "请问垃圾要怎么扔",
    ],
)
def test_procedure_questions_are_questions(text: str) -> None:
    assert kind(text) == ("question", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("厨房水管爆了怎么办", ("help", "other")),
        ("请问马桶堵了怎么处理", ("help", "other")),
        ("请问快递丢了怎么处理", ("help", "other")),
        ("请问老人发烧了怎么处理", ("help", "medical")),
    ],
)
def test_concrete_trouble_stays_help(text: str, expected: tuple[str, str | None]) -> None:
    assert kind(text) == expected


# 3. Nothing left to eat, without an ordering verb and count, is help/food.
@pytest.mark.parametrize(
    "text",
    [
        "屋里没粮了，谁能帮帮忙",
        "粮食都吃光了",
        "米吃完了，面也没了",
        "家里已经断顿两天了",
        "吃的快没了",
    ],
)
def test_food_shortage_is_help_food(text: str) -> None:
    assert kind(text) == ("help", "food")


@pytest.mark.parametrize("text", ["米吃完了，帮我买两袋米", "家里没粮了，来一袋面粉"])
def test_shortage_with_counted_goods_orders(text: str) -> None:
    assert kind(text) == ("order", None)
