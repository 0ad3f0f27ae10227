"""Help categories (`help_category` in bot/parse/intent.py): which kind of help a request is.

One table per category rule, each beside the look-alikes that must not take that category.
"""

from __future__ import annotations

import pytest

from tests.parse_helpers import kind


# Medical: an emergency, an injury or a patient, even as a question and without 医院/发烧.
@pytest.mark.parametrize(
    "text",
    [
        "我爸突然晕过去了，叫不醒",
        "老婆要生了，羊水破了，怎么出去",
        "老人胸闷气短，嘴唇发紫",
        "癌症病人需要去医院放疗，能开通行证吗",
        "孩子被狗咬了，要打狂犬疫苗",
        "宝宝一直吐，怎么办",
        "老人头晕得厉害，站都站不稳",
        "过敏了，脸都肿了",
        "今天做饭的时候把手切了，流了好多血",
        "手上划了个大口子，血止不住",
    ],
)
def test_emergencies_injuries_and_patients_are_medical(text: str) -> None:
    assert kind(text) == ("help", "medical")


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


# Medicine: a drug asked for, with a count or from neighbours, is never an order.
@pytest.mark.parametrize(
    "text",
    [
        "布洛芬一盒",
        "能帮我带三盒连花清瘟吗",
        "氨氯地平片两盒",
        "需要两支胰岛素",
        "谁家有布洛芬？孩子发烧了",
        "有没有多余的退烧药，可以转钱",
    ],
)
def test_drugs_asked_for_are_medicine(text: str) -> None:
    assert kind(text) == ("help", "medicine")


def test_offering_medicine_is_not_help() -> None:
    assert kind("我家有多余的布洛芬，可以匀给邻居")[0] != "help"


# Food: nothing left to eat, said as a fact or in dialect, without an ordering verb and count.
@pytest.mark.parametrize(
    "text",
    [
        "莫得吃的了，娃儿饿得很",
        "家里一粒米都没有了",
        "屋里没粮了，谁能帮帮忙",
        "粮食都吃光了",
        "米吃完了，面也没了",
        "家里已经断顿两天了",
        "吃的快没了",
    ],
)
def test_nothing_left_to_eat_is_food(text: str) -> None:
    assert kind(text) == ("help", "food")


# Food: broken cookware, not knowing how to cook, or days without a hot meal.
@pytest.mark.parametrize(
    "text",
    [
        "家里锅碎了，没法煮饭",
        "独居一个人，不会开火做饭，天天泡面",
        "这两天都没吃上一顿热饭",
        "电饭锅坏了，家里没法做饭",
        "煤气灶打不着，两天没吃饭了，谁能送点吃的",
        "电磁炉烧了做不了饭",
    ],
)
def test_unable_to_cook_is_food(text: str) -> None:
    assert kind(text) == ("help", "food")


@pytest.mark.parametrize("text", ["米吃完了，帮我买两袋米", "家里没粮了，来一袋面粉"])
def test_shortage_with_counted_goods_is_an_order(text: str) -> None:
    assert kind(text) == ("order", None)


# Utility: water, power or gas out, and asking when supply comes back, is help, not status.
@pytest.mark.parametrize(
    "text",
    [
        "断水两天了，厕所都冲不了",
        "我们这层楼停电了，什么时候能来电？",
        "没电了，冰箱里的东西都要坏了",
        "停电三个小时了，啥时候来电啊",
        "单元里一直没水，什么时候能恢复供水",
        "燃气卡没钱了，什么时候能恢复",
    ],
)
def test_outage_and_when_supply_returns_is_utility(text: str) -> None:
    assert kind(text) == ("help", "utility")


@pytest.mark.parametrize(
    "text", ["家里停气了，没法做饭", "燃气灶打不着火，燃气卡也没钱了，做不了饭"]
)
def test_no_gas_to_cook_with_is_utility_not_food(text: str) -> None:
    assert kind(text) == ("help", "utility")


# Elderly: an old person alone, without family near, or not answering, even without asking.
@pytest.mark.parametrize(
    "text",
    [
        "楼上的张爷爷八十多了，敲门没人应，有人能去看看吗",
        "我爸78岁一个人住，微信不回电话不接，麻烦志愿者去看一眼",
        "隔壁的空巢老人好几天没动静了",
        "我外婆独自在家，我们都进不去，能不能有人去看望一下",
        "我父亲八十五了一个人在家，麻烦多关照",
        "楼下的王爷爷八十多了，儿子在外地回不来",
        "我外婆九十了，家里就剩她一个",
        "隔壁老太太有点失智，家人都被转运走了",
        "我们老两口都八十多了，孩子不在身边，谁能来帮帮我们",
    ],
)
def test_old_person_alone_or_unreachable_is_elderly(text: str) -> None:
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


# Other: repairs, locks and pets, said as a plain fact or with an asking word.
@pytest.mark.parametrize(
    "text",
    [
        "水管爆了，家里到处是水",
        "钥匙丢了进不了家门",
        "厨房下水道堵死了，有没有师傅能来通",
        "家里的门坏了关不上",
        "猫粮吃完了，猫饿了两天了，谁能帮忙送点",
    ],
)
def test_repairs_locks_and_pets_are_help_other(text: str) -> None:
    assert kind(text) == ("help", "other")


@pytest.mark.parametrize(
    "text", ["我想问下谁有多的口罩", "快递放在小区门口了，能不能帮协调一下拿回来"]
)
def test_things_to_spare_and_errands_are_help_other(text: str) -> None:
    assert kind(text) == ("help", "other")


# "How do I …" about a concrete household problem is help; about a rule it is a question
# (test_parse_intent_questions.py).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("厨房水管爆了怎么办", ("help", "other")),
        ("请问马桶堵了怎么处理", ("help", "other")),
        ("请问快递丢了怎么处理", ("help", "other")),
        ("请问老人发烧了怎么处理", ("help", "medical")),
    ],
)
def test_how_to_with_concrete_trouble_is_help(text: str, expected: tuple[str, str | None]) -> None:
    assert kind(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "听说武汉那边的医院已经开始收治普通病人了",
        "小区门口的药店今天开门了，布洛芬32一盒",
        "布洛芬以前几块钱一盒，现在炒到几十，良心呢？",
        "儿童美林还剩大半瓶，孩子已经退烧了，谁家宝宝需要说一声",
    ],
)
def test_medicine_talked_about_by_someone_who_needs_nothing_is_not_help(text: str) -> None:
    assert kind(text)[0] == "other"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("听说社区有药，老人需要降压药", "medicine"),
        ("老人发烧了，听说可以找社区帮忙", "medical"),
        ("药店没开门，孩子烧到39度怎么办", "medicine"),
    ],
)
def test_a_need_said_beside_hearsay_or_prices_is_still_help(text: str, category: str) -> None:
    assert kind(text) == ("help", category)
