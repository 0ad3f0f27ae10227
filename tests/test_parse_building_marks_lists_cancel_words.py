"""Building marks (5#), service numbers, parts that combine, cancel words, 各 over lists, units."""

from __future__ import annotations

import pytest

from tests.parse_helpers import door, goods, parse


def kind(text: str, sender: str = "3-1-402 周", chat: str = "3号楼群") -> tuple[str, str | None]:
    msg = parse(text, sender=sender, chat=chat)
    return msg.intent, msg.help


# 1. `N#` marks a building in titles, display names and text.
@pytest.mark.parametrize(
    ("text", "sender", "chat", "want"),
    [
        ("鸡蛋一盒", "3-601 钱", "9#楼业主群", ("9", "3", "601")),
        ("面条两把", "12#2-1103 孙", "幸福里住户群", ("12", "2", "1103")),
        ("8#1-702 要一箱牛奶", "", "幸福里住户群", ("8", "1", "702")),
        ("7#501 两袋米", "", "幸福里住户群", ("7", None, "501")),
    ],
)
def test_hash_marks_building(text: str, sender: str, chat: str, want: tuple[str, ...]) -> None:
    assert door(parse(text, sender=sender, chat=chat)) == want


def test_hash_without_number_is_not_a_building() -> None:
    msg = parse("#接龙# 今天的菜", sender="2-2-301 吴", chat="2号楼群")
    assert door(msg) == ("2", "2", "301")


# 2. Service lines next to a dialling word are phone numbers, not rooms.
@pytest.mark.parametrize(
    "text",
    [
        "我爸喘不上气，拨了120一直占线",
        "刚才打110报警了，楼道里有人吵架",
        "119电话打了，烟还挺大",
    ],
)
def test_service_number_is_not_a_room(text: str) -> None:
    assert door(parse(text, sender="4-3-909 冯", chat="4号楼群")) == ("4", "3", "909")


def test_plain_room_120_still_a_room() -> None:
    assert door(parse("帮120的王阿姨订一袋米", sender="4-3-909 冯", chat="4号楼群")) == (
        "4",
        "3",
        "120",
    )


# 3. A building in the text combines with the sender's unit and room.
@pytest.mark.parametrize(
    ("text", "sender", "want"),
    [
        ("9号楼的菜包啥时候到", "3单元501 老吴", ("9", "3", "501")),
        ("我是11栋的，米什么时候送", "1单元1202 小朱", ("11", "1", "1202")),
        ("7号楼这边还停水吗", "1单元1502 何", ("7", "1", "1502")),
    ],
)
def test_text_building_joins_sender_door(text: str, sender: str, want: tuple[str, ...]) -> None:
    assert door(parse(text, sender=sender, chat="锦绣花园团购群")) == want


def test_other_building_in_chat_keeps_room_off() -> None:
    # The chat says building 3: a message naming building 9 is another household.
    msg = parse("9号楼的菜包啥时候到", sender="3单元501 老吴", chat="3号楼群")
    assert door(msg) == ("9", None, None)


# 4. Cancelling verbs and references in Chinese numerals.
@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("十五号订单作废吧", "15"),
        ("那两盒鸡蛋退了，不要了", None),
        ("单号三十二取消", "32"),
        ("第七单撤了", "7"),
    ],
)
def test_cancel_words_and_cn_refs(text: str, ref: str | None) -> None:
    msg = parse(text, sender="3-1-402 周", chat="3号楼群")
    assert msg.intent == "cancel"
    assert msg.ref == ref


def test_fever_going_down_is_not_cancel() -> None:
    assert kind("孩子烧退了，谢谢大家关心")[0] != "cancel"


# 5. 各 spreads one count over a list, goods outside the catalog included.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("黄瓜、茄子、白菜各一斤", [("黄瓜", 1, "斤"), ("茄子", 1, "斤"), ("白菜", 1, "斤")]),
        ("想买点豆腐和青椒各两块", [("豆腐", 2, "块"), ("青椒", 2, "块")]),
        ("土豆、番茄各三斤", [("土豆", 3, "斤"), ("番茄", 3, "斤")]),
    ],
)
def test_each_over_list(text: str, want: list[tuple[str, float, str]]) -> None:
    msg = parse(text, sender="3-1-402 周", chat="3号楼群")
    assert msg.intent == "order"
    assert goods(msg) == want


def test_each_of_people_is_not_goods() -> None:
    assert kind("两家各出一个人去搬")[0] != "order"


# 6. Units residents say that were missing.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("来两壶花生油", [("食用油", 2, "壶")]),
        ("砂糖橘一兜", [("砂糖橘", 1, "兜")]),
        ("鸡蛋一板，纯奶一排", [("鸡蛋", 1, "板"), ("牛奶", 1, "排")]),
    ],
)
def test_extra_units(text: str, want: list[tuple[str, float, str]]) -> None:
    assert goods(parse(text, sender="3-1-402 周", chat="3号楼群")) == want


# 7. Asking when ordered goods arrive, in dialect and with 送到.
@pytest.mark.parametrize(
    "text",
    ["我家的米好久到嘛", "10号楼的鸡蛋明天能送到吗", "菜包今天能送过来不"],
)
def test_status_arrival(text: str) -> None:
    assert kind(text)[0] == "status"


def test_long_wait_said_plainly_is_not_when() -> None:
    assert kind("好久没吃到这么新鲜的菜了，谢谢")[0] != "status"


# 8. Goods carried home are received, never an order.
@pytest.mark.parametrize(
    "text",
    ["两箱水扛上来了，谢谢小哥", "米和油都拎回来了", "牛奶拿回家了，辛苦"],
)
def test_carried_home_is_received(text: str) -> None:
    msg = parse(text, sender="3-1-402 周", chat="3号楼群")
    assert msg.intent == "received"
    assert msg.items == ()


# 9. Cooking talk and jokes name goods but ask for nothing.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("给大家分享一个红烧肉的菜谱", ("other", None)),
        ("我老公炒的白菜咸得跟盐罐子似的", ("other", None)),
        ("这口子做饭真难吃哈哈", ("other", None)),
    ],
)
def test_cooking_talk_is_other(text: str, want: tuple[str, None]) -> None:
    assert kind(text) == want


def test_real_wound_still_medical() -> None:
    assert kind("手上划了个大口子，血止不住") == ("help", "medical")


# 10. Asking neighbours for medicine, and errands.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("谁家有布洛芬？孩子发烧了", ("help", "medicine")),
        ("有没有多余的退烧药，可以转钱", ("help", "medicine")),
        ("快递放在小区门口了，能不能帮协调一下拿回来", ("help", "other")),
    ],
)
def test_help_from_neighbours(text: str, want: tuple[str, str]) -> None:
    assert kind(text) == want


def test_offering_medicine_is_not_help() -> None:
    assert kind("我家有多余的布洛芬，可以匀给邻居")[0] != "help"
