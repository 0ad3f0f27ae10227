"""Orders (`asks_about_goods`, `ordering_clause` in bot/parse/intent.py and the meal rule in
bot/parse/parser.py): when naming goods asks for them, and when it only talks about them."""

from __future__ import annotations

import pytest

from tests.parse_helpers import CHAT, SENDER, goods, kind, parse


# A question does not undo an order said after it.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("米还有吗？来两袋", [("大米", 2, "袋")]),
        ("还有鸡蛋吗？有的话给我留两盒", [("鸡蛋", 2, "盒")]),
        ("方便面还有没有，有就给我来一箱", [("方便面", 1, "箱")]),
        ("有没有人能帮忙买一箱奶", [("牛奶", 1, "箱")]),
    ],
)
def test_order_said_after_a_question_still_orders(
    text: str, want: list[tuple[str, float, str | None]]
) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == want


@pytest.mark.parametrize(
    "text",
    ["菜包还送吗？给我来两份菜包", "还有吗？给我来一箱方便面", "两袋米，谢谢"],
)
def test_ordering_clause_beside_a_status_question_still_orders(text: str) -> None:
    assert kind(text) == ("order", None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "大家好，我是新搬来的，家里就我和孩子，冰箱基本空了，听说楼长在组织团购，"
            "能不能帮我订两盒鸡蛋，谢谢",
            [("鸡蛋", 2, "盒")],
        ),
        (
            "各位邻居好，打扰了，我家老人腿脚不便下不了楼，想请大家帮忙买一袋面粉，感激不尽",
            [("面粉", 1, "袋")],
        ),
        (
            "楼长好，这几天孩子生病，一直没顾上看群，刚看到有团购，麻烦给我家也报一份保供菜",
            [("蔬菜包", 1, "份")],
        ),
    ],
)
def test_request_inside_a_long_message_is_an_order(
    text: str, want: list[tuple[str, float, str | None]]
) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == want


@pytest.mark.parametrize("text", ["搞点鸡蛋", "整两袋米"])
def test_dialect_ordering_verbs_order(text: str) -> None:
    assert kind(text) == ("order", None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("隔离户要两份午饭", [("午饭", 2, "份")]),
        ("晚上给我们送三份便当", [("便当", 3, "份")]),
        ("1501隔离，需要两份外卖", [("外卖", 2, "份")]),
    ],
)
def test_meals_for_a_household_are_orders(text: str, want: list[object]) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == want


# Questions naming goods or sizes never become orders.
@pytest.mark.parametrize(
    "text",
    [
        "一箱方便面有几包",
        "油一桶几升的",
        "这次的保供菜一份有几斤",
        "每家限购两袋米吗",
        "明天有两袋米吗",
        "有人要米吗？我家有两袋",
    ],
)
def test_questions_about_goods_are_not_orders(text: str) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent != "order"
    assert msg.items == ()


@pytest.mark.parametrize(
    "text",
    [
        "给我家送的鸡蛋碎了两个",
        "今天的菜包里有两斤土豆",
        "我家还剩半袋米，够吃几天",
        "楼长辛苦了，给您留了两个馒头",
    ],
)
def test_describing_goods_one_has_is_not_an_order(text: str) -> None:
    assert kind(text)[0] != "order"


# Cooking talk and jokes name goods but ask for nothing.
@pytest.mark.parametrize(
    "text",
    ["给大家分享一个红烧肉的菜谱", "我老公炒的白菜咸得跟盐罐子似的", "这口子做饭真难吃哈哈"],
)
def test_cooking_talk_naming_goods_is_other(text: str) -> None:
    assert kind(text) == ("other", None)
