"""Intent from cue phrases (bot/parse/intent.py): one example of each intent, help category
and ref, and who posts notices. Rule-by-rule tables are in test_parse_intent_*.py and
test_parse_help_categories.py."""

from __future__ import annotations

import pytest

from tests.parse_helpers import CHAT, SENDER, goods, kind, parse


def test_buying_catalog_goods_is_an_order() -> None:
    assert kind("帮我买两袋米") == ("order", None)


def test_buying_medicine_is_help_medicine() -> None:
    assert kind("帮我买点降压药") == ("help", "medicine")


def test_question_naming_goods_is_a_question() -> None:
    assert kind("明天还有鸡蛋卖吗") == ("question", None)
    assert kind("楼长，土豆一斤多少钱？") == ("question", None)


def test_status_naming_a_building_is_status() -> None:
    assert kind("3号楼的菜什么时候到", sender="快乐每一天") == ("status", None)


def test_cadre_notice_is_other_never_an_order() -> None:
    assert kind("明天的米面油团购开团了，需要的在群里接龙", sender="团长 阿芳") == ("other", None)
    assert kind("今天的鸡蛋已经发完了，没报上的明天12点前再报", sender="志愿者小吴") == (
        "other",
        None,
    )


def test_notice_wording_is_other_whoever_posts_it() -> None:
    assert kind("各位业主：今天下午3点小区停水检修，请提前储水", sender="某某") == ("other", None)


def test_a_cadre_relaying_one_household_is_not_a_notice() -> None:
    chat = "4号楼业主群"
    msg = parse("空巢老人刘奶奶住5-1-302，没人照顾", sender="网格员小张", chat=chat)
    assert (msg.intent, msg.help) == ("help", "elderly")
    msg = parse("9-2-401隔离户要两份晚饭", sender="志愿者 小高", chat=chat)
    assert msg.intent == "order"
    assert goods(msg) == [("晚饭", 2, "份")]
    msg = parse("各位居民请注意，今天下午停水", sender="物业 小刘", chat=chat)
    assert (msg.intent, msg.help) == ("other", None)


def test_group_greeting_with_a_question_is_a_question_not_a_notice() -> None:
    assert kind("各位邻居晚上好，我想问下明天还做核酸吗") == ("question", None)
    assert kind("各位邻居，今天的菜包到了，请下楼领取") == ("other", None)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("家里有个透析病人，明天必须去医院，求助！", "medical"),
        ("我妈长期吃的优甲乐快没了，能不能帮忙代买一盒", "medicine"),
        ("天然气打不着火了，帮忙联系下燃气公司", "utility"),
        ("我家水卡快没水了，谁能帮忙充一下", "utility"),
        ("家里已经断粮两天了，求帮助", "food"),
        ("隔壁303的独居老人电话一直没人接，有没有人能过去看看", "elderly"),
        ("家里下水道堵了，能不能找个物业师傅来通一下", "other"),
        ("我被封在公司回不去，儿子一个人在家，能不能请邻居帮忙照看两天", "other"),
    ],
)
def test_help_categories(text: str, category: str) -> None:
    assert kind(text) == ("help", category)


def test_a_question_about_an_outage_is_not_a_help_request() -> None:
    assert kind("今天停水吗") == ("question", None)


@pytest.mark.parametrize(
    "text", ["大米不要了", "取消第21单，谢谢", "我不要菜包了", "降压药不用买了"]
)
def test_cancel(text: str) -> None:
    assert kind(text)[0] == "cancel"


@pytest.mark.parametrize(
    "text", ["口罩和消毒液收到，数量没问题", "两桶水都送到家门口了", "菜包已取"]
)
def test_received(text: str) -> None:
    assert kind(text)[0] == "received"


def test_acknowledging_a_notice_is_not_received() -> None:
    assert kind("收到，谢谢通知") == ("other", None)


@pytest.mark.parametrize(
    "text", ["我家的蔬菜包到哪了？", "上午报的代买药，大概什么时候能送到？", "牛奶还没送到吗"]
)
def test_status(text: str) -> None:
    assert kind(text)[0] == "status"


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("取消12号", "12"),
        ("第8单的米面油今天能送吗", "8"),
        ("撤单，单号7", "7"),
        ("12号单不要了", "12"),
    ],
)
def test_order_numbers_become_ref(text: str, ref: str) -> None:
    assert parse(text, sender=SENDER, chat=CHAT).ref == ref


def test_building_number_is_not_a_ref() -> None:
    assert parse("3号楼的菜什么时候到").ref is None


def test_complaint_naming_goods_is_not_an_order() -> None:
    assert kind("菜价也太贵了吧，一份菜包卖五十") == ("other", None)


def test_thanks_are_other() -> None:
    assert kind("谢谢楼长，辛苦了！") == ("other", None)


@pytest.mark.parametrize(
    "text",
    [
        "谢谢社区的医生上门给我家老人量血压，人很耐心",
        "感谢物业连夜修好了水管，不然要命",
        "多谢志愿者昨天帮我家把米扛上楼",
    ],
)
def test_thanks_for_something_done_ask_for_nothing(text: str) -> None:
    assert kind(text)[0] == "other"


@pytest.mark.parametrize("text", ["谢谢楼长，我家急需退烧药", "谢谢，能再帮我带两袋米吗"])
def test_thanks_followed_by_a_need_are_still_a_request(text: str) -> None:
    assert kind(text)[0] != "other"


@pytest.mark.parametrize(
    "text",
    [
        "抗原两条杠，已经上报社区了，在家隔离中",
        "新十条出来了，以后坐车都不看码了",
        "我们这栋楼的管理真是一团乱麻，通知一会一个样",
        "教大家一个小窍门，青菜用厨房纸包起来放冰箱能放一周",
    ],
)
def test_words_that_only_hold_an_ordering_verb_order_nothing(text: str) -> None:
    assert kind(text)[0] != "order"


@pytest.mark.parametrize(
    "text",
    [
        "我家五口人，一天要吃两斤米",
        "以前一个月吃一桶油，现在两个礼拜就见底了",
        "上次团的那箱纯奶到现在还没喝完",
        "那家的肉一股味，以后我是不会再团他家了",
        "以前想实现财务自由，现在只想实现鸡蛋自由",
        "这也能叫蔬菜包？一颗白菜两根葱？",
    ],
)
def test_how_a_household_eats_and_what_it_thinks_of_goods_order_nothing(text: str) -> None:
    assert kind(text)[0] != "order"


@pytest.mark.parametrize(
    "text",
    [
        "给我来两箱方便面",
        "帮我团一箱橙子",
        "再加一袋米",
        "报两袋面粉",
        "要三盒鸡蛋",
        "米快吃完了，要两袋大米",
    ],
)
def test_ordering_verbs_still_order(text: str) -> None:
    assert kind(text)[0] == "order"


def test_goods_outside_the_catalog_need_a_clear_ask() -> None:
    assert kind("家里两只猫没粮了")[0] != "order"
    assert kind("晚饭帮我们家订三份快餐，送到门口就行") == ("order", None)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我家多了两袋米，谁要？放门口自取", "offer"),
        ("有需要帮忙跑腿的找我", "offer"),
        ("我们在这里讨论有什么用呢", "rhetorical"),
        ("用一包烟换两个土豆", "barter"),
        ("辛苦了，感谢各位志愿者", "thanks"),
        ("送菜的态度太差了", "complaint"),
        ("希望大家早日解封，互相照应", "appeal"),
        ("你家是不是水管漏了", "to_neighbour"),
        ("大米两袋", "catalog_goods"),
    ],
)
def test_the_parser_says_which_rule_decided(text: str, rule: str) -> None:
    msg = parse(text)
    assert msg.rule == rule
    assert (msg.intent == "other") is (rule != "catalog_goods")


@pytest.mark.parametrize("text", ["有需要的可以问我", "需要的问我就行"])
def test_offers_to_be_asked_stay_offers(text: str) -> None:
    assert parse(text).rule == "offer"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("一箱可乐88？平时超市才四十几，这差价谁赚了", "rhetorical"),
        ("天天喊保供，保的是谁的供？", "rhetorical"),
        ("说好的十四天，这都第几个十四天了？", "rhetorical"),
        ("我活了七十多年，什么时候见过买根葱还要接龙的？", "rhetorical"),
        ("我每次都清理了的，你拍到了吗就乱说", "rhetorical"),
    ],
)
def test_questions_asked_of_nobody_and_arguments_get_no_answer(text: str, rule: str) -> None:
    msg = parse(text, SENDER, CHAT)
    assert (msg.intent, msg.rule) == ("other", rule)


@pytest.mark.parametrize("text", ["几点截单😂", "这是第几批的菜？", "3-2-501 大米两袋😂"])
def test_real_questions_and_orders_beside_those_words_still_count(text: str) -> None:
    assert kind(text)[0] in ("question", "order")
