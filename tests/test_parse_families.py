"""Failure families found by an independent labeller, each covered with wording of our own."""

from __future__ import annotations

import pytest

from tests.parse_helpers import door, goods, parse

SENDER = "5-1-402 陈"
CHAT = "5号楼业主群"


def kind(text: str, sender: str = SENDER) -> tuple[str, str | None]:
    msg = parse(text, sender=sender, chat=CHAT)
    return msg.intent, msg.help


# 1. Dialect and voice-input vocabulary for status, cancel and received.
@pytest.mark.parametrize(
    "text",
    [
        "我屋头的米啥子时候送来哦",
        "鸡蛋咋个还没到嘛",
        "我报的菜包莫得动静",
        "我哋啲米几时到呀",
        "我嘅牛奶仲未到",
        "阿拉屋里厢个米啥辰光到",
        "我的菜哪能还没到",
        "我家鸡蛋整到了没",
    ],
)
def test_dialect_status(text: str) -> None:
    assert kind(text) == ("status", None)


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
def test_dialect_cancel(text: str) -> None:
    assert kind(text) == ("cancel", None)


@pytest.mark.parametrize("text", ["我去消毒一下", "唔使客气", "唔好意思，打扰大家"])
def test_look_alikes_of_cancel_words_are_not_cancel(text: str) -> None:
    assert kind(text)[0] != "cancel"


@pytest.mark.parametrize(
    "text", ["菜包收到喇，多谢", "鸡蛋攞到了", "米手到了，谢谢", "牛奶首到了", "水果收咗，多谢晒"]
)
def test_dialect_and_misheard_received(text: str) -> None:
    assert kind(text) == ("received", None)


# 2. A delivery confirmed without 收到.
@pytest.mark.parametrize(
    "text",
    [
        "东西已经拿进来了",
        "米已经取了，辛苦",
        "放门口的菜看到了，谢谢",
        "东西在门口了谢谢",
        "我家的油拿到了",
    ],
)
def test_delivery_confirmed_in_other_words(text: str) -> None:
    assert kind(text) == ("received", None)


@pytest.mark.parametrize(
    "text", ["志愿者到了，大家下楼", "做核酸的人到了", "钥匙找到了，谢谢大家", "通知看到了，谢谢"]
)
def test_people_arriving_or_things_found_are_not_deliveries(text: str) -> None:
    assert kind(text)[0] != "received"


@pytest.mark.parametrize("text", ["收到了吗", "拿到了吗", "大家的菜收到没"])
def test_asking_whether_it_arrived_is_not_received(text: str) -> None:
    assert kind(text)[0] != "received"


# 3. A question does not undo an order said after it; 谁 in a statement asks nothing.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("米还有吗？来两袋", [("大米", 2, "袋")]),
        ("还有鸡蛋吗？有的话给我留两盒", [("鸡蛋", 2, "盒")]),
        ("方便面还有没有，有就给我来一箱", [("方便面", 1, "箱")]),
        ("有没有人能帮忙买一箱奶", [("牛奶", 1, "箱")]),
    ],
)
def test_order_after_a_question(text: str, want: list[tuple[str, float, str | None]]) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == want


@pytest.mark.parametrize(
    "text", ["谁家的车挡住单元门了", "楼下谁家的狗跑丢了", "不知道谁把垃圾放楼道了"]
)
def test_who_in_a_statement_is_not_a_question(text: str) -> None:
    assert kind(text) == ("other", None)


# 4. Questions naming goods or sizes never become orders; said-ordered + when is status.
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
        "我昨天报了两袋米，啥时候能送",
        "前天买了一箱奶，现在还没动静",
        "报了两份菜包，今天发吗",
        "鸡蛋买了吗",
    ],
)
def test_said_it_was_ordered_then_asks_when(text: str) -> None:
    assert kind(text) == ("status", None)


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


# 5. A long message with one request inside it.
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
def test_request_inside_a_long_message(
    text: str, want: list[tuple[str, float, str | None]]
) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == want


def test_group_greeting_with_a_question_is_a_question_not_a_notice() -> None:
    assert kind("各位邻居晚上好，我想问下明天还做核酸吗") == ("question", None)
    assert kind("各位邻居，今天的菜包到了，请下楼领取") == ("other", None)


# 6. A count in a later clause counts the goods named before it.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("五花肉，给我留两斤", [("猪肉", 2, "斤")]),
        ("猪肉要新鲜的，来三斤", [("猪肉", 3, "斤")]),
        ("米和鸡蛋，来两袋", [("大米", 2, "袋"), ("鸡蛋", 1, None)]),
        ("菜包我也要一份可以吗", [("蔬菜包", 1, "份")]),
        ("我要两袋米可以吗", [("大米", 2, "袋")]),
    ],
)
def test_count_in_a_later_clause(text: str, want: list[tuple[str, float, str | None]]) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == want


# 7. Help categories from indirect wording.
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("家里锅碎了，没法煮饭", "food"),
        ("独居一个人，不会开火做饭，天天泡面", "food"),
        ("这两天都没吃上一顿热饭", "food"),
        ("楼上的张爷爷八十多了，敲门没人应，有人能去看看吗", "elderly"),
        ("我爸78岁一个人住，微信不回电话不接，麻烦志愿者去看一眼", "elderly"),
        ("我想问下谁有多的口罩", "other"),
        ("今天做饭的时候把手切了，流了好多血", "medical"),
    ],
)
def test_indirect_help_categories(text: str, category: str) -> None:
    assert kind(text) == ("help", category)


# Risk list: suggestions and everyday complaints.
@pytest.mark.parametrize(
    "text",
    [
        "菜包能不能多加点肉",
        "昨天吃多了吐了",
        "有点头晕",
        "花粉过敏打喷嚏",
        "今天有点拉肚子，不知道是不是吃坏了",
    ],
)
def test_suggestions_and_mild_complaints_ask_for_nothing(text: str) -> None:
    assert kind(text)[0] not in ("order", "help")


@pytest.mark.parametrize(
    "text", ["宝宝一直吐，怎么办", "老人头晕得厉害，站都站不稳", "过敏了，脸都肿了"]
)
def test_serious_symptoms_are_medical(text: str) -> None:
    assert kind(text) == ("help", "medical")


# 8. Display names in less common formats.
@pytest.mark.parametrize(
    ("sender", "chat", "want"),
    [
        ("王大爷（1单元202）", "9号楼业主群", ("9", "1", "202")),
        ("李阿姨(5栋1单元302室)", "阳光小区群", ("5", "1", "302")),
        ("【3-2-501】张", "阳光小区群", ("3", "2", "501")),
        ("6号楼2-1102 刘", "阳光小区群", ("6", "2", "1102")),
        ("刘 6幢2-1102", "阳光小区群", ("6", "2", "1102")),
        ("张姐 12号楼3-602室", "阳光小区群", ("12", "3", "602")),
    ],
)
def test_display_name_formats(sender: str, chat: str, want: tuple[str, str, str]) -> None:
    assert door(parse("来点面条", sender=sender, chat=chat)) == want


def test_bracketed_aside_without_a_door_is_still_dropped() -> None:
    assert door(parse("来点面条", sender="小王[隔离中]", chat="阳光小区群")) is None
    assert door(parse("帮张阿姨（3-1-402）送一箱奶", sender="", chat="")) == ("3", "1", "402")
