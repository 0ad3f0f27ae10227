"""Rooms named alone, own goods not come, outages, the elderly left alone, trailing counts."""

from __future__ import annotations

import pytest

from tests.parse_helpers import door, goods, parse

SENDER = "6-2-801 刘"
CHAT = "6号楼业主群"


def kind(text: str, sender: str = SENDER) -> tuple[str, str | None]:
    msg = parse(text, sender=sender, chat=CHAT)
    return msg.intent, msg.help


# 1. A room named alone takes building and unit from the sender, for every intent.
@pytest.mark.parametrize(
    ("text", "intent", "room"),
    [
        ("麻烦问下703的鸡蛋送了吗", "status", "703"),
        ("帮905问一下明天还做核酸吗", "question", "905"),
        ("1102的菜包不要了", "cancel", "1102"),
        ("请转告604家，牛奶收到了", "received", "604"),
        ("替302订两袋米", "order", "302"),
    ],
)
def test_room_alone_takes_sender_building_and_unit(text: str, intent: str, room: str) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == intent
    assert door(msg) == ("6", "2", room)


@pytest.mark.parametrize(
    "text",
    ["3楼的阿姨要两袋米吗", "大米35元一袋吗", "明天12点能送吗", "买了2022的新米", "要100个口罩"],
)
def test_counts_prices_times_and_years_are_not_rooms(text: str) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.address is not None
    assert msg.address.room in ("801", None)


# 2. Others' goods arrived, one's own did not: a status complaint, not a receipt.
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


@pytest.mark.parametrize("text", ["菜到了，谢谢志愿者", "鸡蛋收到了，别人还没收到呢"])
def test_own_arrival_stays_received(text: str) -> None:
    assert kind(text) == ("received", None)


# 3. Asking whether goods have reached a place is status.
@pytest.mark.parametrize(
    "text",
    ["9栋的保供菜到楼下了没", "牛奶送到小区门口了吗", "我们楼的大米到大门口了吗"],
)
def test_goods_arrived_at_place_asked_is_status(text: str) -> None:
    assert kind(text) == ("status", None)


def test_people_arriving_at_a_place_is_not_status() -> None:
    assert kind("做核酸的人到楼下了吗")[0] == "question"


# 4. An outage and when supply comes back: help/utility, not status.
@pytest.mark.parametrize(
    "text",
    [
        "停电三个小时了，啥时候来电啊",
        "单元里一直没水，什么时候能恢复供水",
        "燃气卡没钱了，什么时候能恢复",
    ],
)
def test_outage_restore_is_utility(text: str) -> None:
    assert kind(text) == ("help", "utility")


@pytest.mark.parametrize("text", ["我订的桶装水什么时候送来", "停水了，我订的矿泉水什么时候送到"])
def test_ordered_water_when_is_still_status(text: str) -> None:
    assert kind(text) == ("status", None)


# 5. An old person alone or without family: help/elderly even without asking words.
@pytest.mark.parametrize(
    "text",
    [
        "楼下的王爷爷八十多了，儿子在外地回不来",
        "我外婆九十了，家里就剩她一个",
        "隔壁老太太有点失智，家人都被转运走了",
        "我们老两口都八十多了，孩子不在身边，谁能来帮帮我们",
    ],
)
def test_old_person_alone_is_elderly(text: str) -> None:
    assert kind(text) == ("help", "elderly")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我爷爷八十岁了，身体挺好的", ("other", None)),
        ("奶奶家水管爆了，谁能来帮帮忙", ("help", "other")),
    ],
)
def test_old_person_without_care_need_is_not_elderly(
    text: str, expected: tuple[str, str | None]
) -> None:
    assert kind(text) == expected


# 6. Broken cooking equipment and nothing to eat is food; the supply out is utility.
@pytest.mark.parametrize(
    "text",
    ["电饭锅坏了，家里没法做饭", "煤气灶打不着，两天没吃饭了，谁能送点吃的", "电磁炉烧了做不了饭"],
)
def test_broken_cookware_is_food(text: str) -> None:
    assert kind(text) == ("help", "food")


@pytest.mark.parametrize(
    "text", ["家里停气了，没法做饭", "燃气灶打不着火，燃气卡也没钱了，做不了饭"]
)
def test_supply_out_stays_utility(text: str) -> None:
    assert kind(text) == ("help", "utility")


# 7. 想买/想要 + goods, then a count clause: the count attaches to the goods.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("想买点葡萄，一斤就行", [("葡萄", 1, "斤")]),
        ("想要点香蕉，来三根", [("香蕉", 3, "根")]),
        ("想买点土豆，两斤就行", [("土豆", 2, "斤")]),
        ("想要些橙子，给我来5斤", [("橙子", 5, "斤")]),
    ],
)
def test_wanted_goods_take_trailing_count(
    text: str, expected: list[tuple[str, float, str | None]]
) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == expected


@pytest.mark.parametrize("text", ["想买点苹果，两个人吃", "我想问问两斤多少钱"])
def test_trailing_count_of_people_or_price_question_is_not_goods(text: str) -> None:
    assert parse(text, sender=SENDER, chat=CHAT).intent != "order"


# 8. Ref forms with 第 and 是.
@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("订单第12号取消", "12"),
        ("志愿者你好，我的订单第48号一直没动静", "48"),
        ("第8号订单还没送", "8"),
        ("我的单子是7号，到哪了", "7"),
    ],
)
def test_ref_forms(text: str, ref: str) -> None:
    assert parse(text, sender=SENDER, chat=CHAT).ref == ref


@pytest.mark.parametrize("text", ["住在8号楼第3单元", "订单第3号楼的还没送"])
def test_units_and_buildings_are_not_refs(text: str) -> None:
    assert parse(text, sender=SENDER, chat=CHAT).ref is None


# 9. Neighbourly offers are other, not questions.
@pytest.mark.parametrize(
    "text",
    [
        "家里蒸了馒头，谁家需要可以来拿",
        "有需要的邻居说一声，我家青菜多",
        "多了两盒口罩，谁家需要来拿",
    ],
)
def test_neighbour_offers_are_other(text: str) -> None:
    assert kind(text) == ("other", None)


@pytest.mark.parametrize("text", ["有需要的话怎么报名", "请问有需要的人去哪登记"])
def test_real_questions_stay_questions(text: str) -> None:
    assert kind(text)[0] == "question"
