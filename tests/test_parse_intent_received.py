"""Received (`is_received` in bot/parse/intent.py): goods confirmed as delivered, with or
without 收到, and the arrivals and questions that confirm nothing."""

from __future__ import annotations

import pytest

from bot.parse.intent import is_bare_ack
from tests.parse_helpers import CHAT, SENDER, kind, parse


@pytest.mark.parametrize(
    "text", ["菜包收到喇，多谢", "鸡蛋攞到了", "米手到了，谢谢", "牛奶首到了", "水果收咗，多谢晒"]
)
def test_dialect_and_misheard_received_words_read_as_received(text: str) -> None:
    assert kind(text) == ("received", None)


@pytest.mark.parametrize(
    "text",
    [
        "东西已经拿进来了",
        "米已经取了，辛苦",
        "放门口的菜看到了，谢谢",
        "东西在门口了谢谢",
        "我家的油拿到了",
        "菜包到了，谢谢楼长",
        "东西拿到了，辛苦",
        "已经取回来了，谢谢",
        "收到收到，东西都挺好",
    ],
)
def test_delivery_confirmed_in_other_words_is_received(text: str) -> None:
    assert kind(text) == ("received", None)


@pytest.mark.parametrize(
    "text",
    ["两箱水扛上来了，谢谢小哥", "米和油都拎回来了", "牛奶拿回家了，辛苦"],
)
def test_goods_carried_home_are_received_never_an_order(text: str) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "received"
    assert msg.items == ()


@pytest.mark.parametrize("text", ["菜到了，谢谢志愿者", "鸡蛋收到了，别人还没收到呢"])
def test_own_arrival_stays_received_beside_others_waiting(text: str) -> None:
    assert kind(text) == ("received", None)


@pytest.mark.parametrize(
    "text", ["志愿者到了，大家下楼", "做核酸的人到了", "钥匙找到了，谢谢大家", "通知看到了，谢谢"]
)
def test_people_arriving_or_things_found_are_not_deliveries(text: str) -> None:
    assert kind(text)[0] != "received"


@pytest.mark.parametrize("text", ["收到了吗", "拿到了吗", "大家的菜收到没"])
def test_asking_whether_it_arrived_is_not_received(text: str) -> None:
    assert kind(text)[0] != "received"


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("收到 #12", "12"),
        ("收到#12", "12"),
        ("12号收到了", "12"),
        ("收到12号", "12"),
        ("#12收到，谢谢", "12"),
    ],
)
def test_received_with_an_order_number_confirms_that_order(text: str, ref: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.ref) == ("received", ref)


@pytest.mark.parametrize("text", ["收到，3号楼明天核酸", "收到 3号楼", "收到"])
def test_received_beside_a_building_number_or_alone_confirms_nothing(text: str) -> None:
    assert parse(text).intent == "other"


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("收到", True),
        ("好的收到", True),
        ("收到，谢谢志愿者", True),
        ("收到，辛苦了！", True),
        ("已收到", True),
        ("收到吗", False),
        ("收到了吗", False),
        ("收到 明天几点核酸", False),
        ("收到，大家注意安全别下楼了", False),
        ("收到通知", False),
    ],
)
def test_a_bare_acknowledgement_is_收到_and_nothing_else(text: str, bare: bool) -> None:
    assert is_bare_ack(text) is bare
