"""Status (`is_status` and `asks_after_goods` in bot/parse/intent.py): asking after goods
already ordered, in any wording, and the waiting talk that is not about them."""

from __future__ import annotations

import pytest

from tests.parse_helpers import CHAT, SENDER, goods, kind, parse


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
        "我家的米好久到嘛",
        "我们家报的菜包咋还没来",
    ],
)
def test_dialect_status_words_read_as_status(text: str) -> None:
    assert kind(text) == ("status", None)


@pytest.mark.parametrize(
    "text",
    [
        "我家的米还在路上吗",
        "昨天的求助有进展吗",
        "鸡蛋送出来没有",
        "10号楼的鸡蛋明天能送到吗",
        "菜包今天能送过来不",
    ],
)
def test_asking_whether_goods_are_on_the_way_is_status(text: str) -> None:
    assert kind(text) == ("status", None)


@pytest.mark.parametrize(
    "text",
    [
        "我昨天报了两袋米，啥时候能送",
        "前天买了一箱奶，现在还没动静",
        "报了两份菜包，今天发吗",
        "鸡蛋买了吗",
    ],
)
def test_said_it_was_ordered_then_asks_when_is_status(text: str) -> None:
    assert kind(text) == ("status", None)


@pytest.mark.parametrize("text", ["我订的桶装水什么时候送来", "停水了，我订的矿泉水什么时候送到"])
def test_ordered_water_asked_when_is_status_beside_an_outage(text: str) -> None:
    assert kind(text) == ("status", None)


# Whether one's own goods have gone out, without when/where/arrived words.
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


# Others' goods arrived, one's own did not: a status complaint, not a receipt.
@pytest.mark.parametrize(
    "text",
    [
        "我们家的鸡蛋还没到，隔壁的都收到了",
        "邻居家的菜都到了，我家的怎么还没有",
        "别人都拿到了，为什么我的米还没送来",
    ],
)
def test_others_arrived_own_missing_is_status(text: str) -> None:
    assert kind(text) == ("status", None)


@pytest.mark.parametrize(
    "text",
    ["9栋的保供菜到楼下了没", "牛奶送到小区门口了吗", "我们楼的大米到大门口了吗"],
)
def test_asking_whether_goods_reached_a_place_is_status(text: str) -> None:
    assert kind(text) == ("status", None)


def test_people_arriving_at_a_place_is_a_question_not_status() -> None:
    assert kind("做核酸的人到楼下了吗")[0] == "question"


@pytest.mark.parametrize("text", ["抗原结果还没发", "我家的狗呢", "工资还没发下来"])
def test_waiting_words_without_goods_are_not_status(text: str) -> None:
    assert kind(text)[0] != "status"


def test_long_wait_said_plainly_is_not_asking_when() -> None:
    assert kind("好久没吃到这么新鲜的菜了，谢谢")[0] != "status"


def test_asking_politely_after_ones_own_order_is_status_not_an_offer() -> None:
    msg = parse("请问我的12号单到哪了", SENDER, CHAT)
    assert (msg.intent, msg.ref) == ("status", "12")


def test_goods_left_out_while_others_got_theirs_is_never_a_receipt() -> None:
    assert kind("我们家的菜是不是漏送了，别人都拿到了")[0] != "received"
