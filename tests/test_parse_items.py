"""Goods and counts (bot/parse/items.py): catalog aliases, which count reaches which goods,
each-over-lists, homophones, and words that only look like goods or counts."""

from __future__ import annotations

import pytest

from tests.parse_helpers import CHAT, SENDER, goods, kind, parse


def order_goods(text: str) -> list[tuple[str, float, str | None]]:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order", text
    return goods(msg)


@pytest.mark.parametrize(
    "text",
    ["两袋大米", "大米两袋", "大米2袋", "2袋米", "大米 两袋", "帮我买两袋米"],
)
def test_count_before_or_after_the_goods(text: str) -> None:
    assert order_goods(text) == [("大米", 2, "袋")]


@pytest.mark.parametrize("text", ["大米x2", "大米X2", "大米*2", "大米×2"])
def test_times_sign_counts_without_a_unit(text: str) -> None:
    assert order_goods(text) == [("大米", 2, None)]


def test_counts_stay_with_their_goods_when_counts_lead() -> None:
    assert order_goods("两袋大米一盒鸡蛋") == [("大米", 2, "袋"), ("鸡蛋", 1, "盒")]


def test_counts_stay_with_their_goods_when_goods_lead() -> None:
    assert order_goods("大米两袋鸡蛋一盒") == [("大米", 2, "袋"), ("鸡蛋", 1, "盒")]


def test_longest_alias_wins() -> None:
    assert order_goods("东北大米一袋 土鸡蛋一盒 五花肉一斤") == [
        ("大米", 1, "袋"),
        ("鸡蛋", 1, "盒"),
        ("猪肉", 1, "斤"),
    ]


def test_combo_expands_with_no_unit() -> None:
    assert order_goods("米面油") == [("大米", 1, None), ("面粉", 1, None), ("食用油", 1, None)]


def test_combo_with_each_count() -> None:
    assert order_goods("米面油各2") == [("大米", 2, None), ("面粉", 2, None), ("食用油", 2, None)]


def test_no_count_means_one_and_no_unit() -> None:
    assert order_goods("要点鸡蛋") == [("鸡蛋", 1, None)]


def test_bare_number_after_goods_has_no_unit() -> None:
    assert order_goods("鸡蛋3") == [("鸡蛋", 3, None)]


def test_goods_outside_the_catalog_keep_the_residents_word() -> None:
    msg = parse("酸奶两排，火腿肠一包", sender=SENDER, chat=CHAT)
    assert goods(msg) == [("酸奶", 2, "排"), ("火腿肠", 1, "包")]
    assert not any(i.in_catalog for i in msg.items)


def test_one_character_alias_inside_another_word_is_not_that_item() -> None:
    assert order_goods("纯奶一箱 酸奶一箱") == [("牛奶", 1, "箱"), ("酸奶", 1, "箱")]


def test_two_names_of_one_thing_side_by_side_are_one_item() -> None:
    assert order_goods("84消毒液两瓶") == [("消毒液", 2, "瓶")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("大米两代", [("大米", 2, "袋")]),
        ("两代米", [("大米", 2, "袋")]),
        ("桶装水两通", [("桶装水", 2, "桶")]),
        ("鸡但两和", [("鸡蛋", 2, "盒")]),
        ("大迷一袋", [("大米", 1, "袋")]),
        ("面分一代", [("面粉", 1, "袋")]),
        ("卫生指两提", [("卫生纸", 2, "提")]),
        ("方变面一箱", [("方便面", 1, "箱")]),
        ("将有一瓶", [("酱油", 1, "瓶")]),
    ],
)
def test_voice_input_homophones_match_by_sound(text: str, want: list[object]) -> None:
    assert order_goods(text) == want


def test_homophones_need_a_count_next_to_them() -> None:
    # 都有 sounds like 豆油, but nobody is ordering here.
    assert parse("蔬菜包里面都有什么菜？", sender=SENDER, chat=CHAT).intent == "question"


def test_misheard_units_do_not_apply_away_from_goods() -> None:
    msg = parse("孩子发烧39度，一直不退，需要去医院", sender=SENDER, chat=CHAT)
    assert msg.items == ()


def test_items_keep_the_residents_order() -> None:
    assert [g[0] for g in order_goods("蔬菜包两份，水果一份，纯奶一箱，面包三个")] == [
        "蔬菜包",
        "水果",
        "牛奶",
        "面包",
    ]


def test_common_words_holding_alias_characters_are_not_goods() -> None:
    assert parse("大家加油，坚持就是胜利", sender=SENDER, chat=CHAT).items == ()
    assert parse("楼下的奶奶一个人住", sender=SENDER, chat=CHAT).intent != "order"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("米 2，油 1", [("大米", 2, None), ("食用油", 1, None)]),
        ("大米 1\n鸡蛋 2", [("大米", 1, None), ("鸡蛋", 2, None)]),
        ("挂面 3 馒头 10", [("挂面", 3, None), ("馒头", 10, None)]),
    ],
)
def test_bare_numbers_after_each_of_several_goods_count_them(text: str, want: list[object]) -> None:
    assert order_goods(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("鸡蛋，要大一点的那种，两盒", [("鸡蛋", 2, "盒")]),
        ("纸尿裤要XL码的三包", [("尿不湿", 3, "包")]),
        ("牛奶要纯牛奶两箱", [("牛奶", 2, "箱")]),
    ],
)
def test_count_reaches_goods_across_a_short_description(text: str, want: list[object]) -> None:
    assert order_goods(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("孩子想喝牛奶，帮订一箱纯奶", [("牛奶", 1, "箱")]),
        ("想吃馒头了，来五个馍", [("馒头", 5, "个")]),
    ],
)
def test_goods_wished_for_then_counted_are_one_item(text: str, want: list[object]) -> None:
    assert order_goods(text) == want


# A count in a later clause counts the goods named before it.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("五花肉，给我留两斤", [("猪肉", 2, "斤")]),
        ("猪肉要新鲜的，来三斤", [("猪肉", 3, "斤")]),
        ("米和鸡蛋，来两袋", [("大米", 2, "袋"), ("鸡蛋", 1, None)]),
        ("菜包我也要一份可以吗", [("蔬菜包", 1, "份")]),
        ("我要两袋米可以吗", [("大米", 2, "袋")]),
        ("想买点葡萄，一斤就行", [("葡萄", 1, "斤")]),
        ("想要点香蕉，来三根", [("香蕉", 3, "根")]),
        ("想买点土豆，两斤就行", [("土豆", 2, "斤")]),
        ("想要些橙子，给我来5斤", [("橙子", 5, "斤")]),
    ],
)
def test_count_in_a_later_clause_counts_the_goods_before_it(
    text: str, want: list[tuple[str, float, str | None]]
) -> None:
    assert order_goods(text) == want


@pytest.mark.parametrize("text", ["想买点苹果，两个人吃", "我想问问两斤多少钱"])
def test_later_count_of_people_or_in_a_price_question_is_not_goods(text: str) -> None:
    assert parse(text, sender=SENDER, chat=CHAT).intent != "order"


# 各 spreads one count over a list, goods outside the catalog included.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("酱油、醋、盐各一", [("酱油", 1, None), ("醋", 1, None), ("盐", 1, None)]),
        ("猪肉和白菜各两斤", [("猪肉", 2, "斤"), ("白菜", 2, "斤")]),
        ("生抽 陈醋各两瓶", [("酱油", 2, "瓶"), ("醋", 2, "瓶")]),
        ("黄瓜、茄子、白菜各一斤", [("黄瓜", 1, "斤"), ("茄子", 1, "斤"), ("白菜", 1, "斤")]),
        ("想买点豆腐和青椒各两块", [("豆腐", 2, "块"), ("青椒", 2, "块")]),
        ("土豆、番茄各三斤", [("土豆", 3, "斤"), ("番茄", 3, "斤")]),
    ],
)
def test_each_spreads_one_count_over_a_list(text: str, want: list[object]) -> None:
    assert order_goods(text) == want


def test_each_of_people_is_not_goods() -> None:
    assert kind("两家各出一个人去搬")[0] != "order"
