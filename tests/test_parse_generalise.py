"""General rules beyond the dev corpus: each failure kind with wording of our own."""

from __future__ import annotations

import pytest

from tests.parse_helpers import goods, parse

SENDER = "4-2-701 刘"
CHAT = "4号楼业主群"


def kind(text: str, sender: str = SENDER) -> tuple[str, str | None]:
    msg = parse(text, sender=sender, chat=CHAT)
    return msg.intent, msg.help


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # A1: an emergency or a patient is medical without 医院/发烧, even as a question.
        ("我爸突然晕过去了，叫不醒", ("help", "medical")),
        ("老婆要生了，羊水破了，怎么出去", ("help", "medical")),
        ("老人胸闷气短，嘴唇发紫", ("help", "medical")),
        ("癌症病人需要去医院放疗，能开通行证吗", ("help", "medical")),
        ("孩子被狗咬了，要打狂犬疫苗", ("help", "medical")),
        # A2: a shortage stated as a fact (or dialect) is help.
        ("莫得吃的了，娃儿饿得很", ("help", "food")),
        ("家里一粒米都没有了", ("help", "food")),
        ("断水两天了，厕所都冲不了", ("help", "utility")),
        ("我们这层楼停电了，什么时候能来电？", ("help", "utility")),
        ("没电了，冰箱里的东西都要坏了", ("help", "utility")),
        # A3: an old person alone, in other words.
        ("隔壁的空巢老人好几天没动静了", ("help", "elderly")),
        ("我外婆独自在家，我们都进不去，能不能有人去看望一下", ("help", "elderly")),
        ("我父亲八十五了一个人在家，麻烦多关照", ("help", "elderly")),
        # A4: repairs, locks, pets.
        ("水管爆了，家里到处是水", ("help", "other")),
        ("钥匙丢了进不了家门", ("help", "other")),
        ("厨房下水道堵死了，有没有师傅能来通", ("help", "other")),
        ("家里的门坏了关不上", ("help", "other")),
        ("猫粮吃完了，猫饿了两天了，谁能帮忙送点", ("help", "other")),
        # A5: a drug with a count is medicine, not an order.
        ("布洛芬一盒", ("help", "medicine")),
        ("能帮我带三盒连花清瘟吗", ("help", "medicine")),
        ("氨氯地平片两盒", ("help", "medicine")),
        ("需要两支胰岛素", ("help", "medicine")),
        # A8: arrival said without 收到.
        ("菜包到了，谢谢楼长", ("received", None)),
        ("东西拿到了，辛苦", ("received", None)),
        ("已经取回来了，谢谢", ("received", None)),
        ("收到收到，东西都挺好", ("received", None)),
        # A9: status wording.
        ("我家的米还在路上吗", ("status", None)),
        ("昨天的求助有进展吗", ("status", None)),
        ("鸡蛋送出来没有", ("status", None)),
        ("我们家报的菜包咋还没来", ("status", None)),
        # A10: questions about tests and rules; remarks aimed at neighbours.
        ("抗原结果出来了吗", ("question", None)),
        ("听说下周解封，是真的吗", ("question", None)),
        ("楼下的能不能小点声", ("other", None)),
        ("谁家小孩一直在哭", ("other", None)),
        ("楼上别再拖椅子了好吗", ("other", None)),
        ("我家有多的鸡蛋，谁需要", ("other", None)),
        ("谢谢王姐送的两个馒头", ("other", None)),
        ("今天停水吗", ("question", None)),
        # Dialect and polite ordering.
        ("搞点鸡蛋", ("order", None)),
        ("整两袋米", ("order", None)),
    ],
)
def test_general_intent_rules(text: str, want: tuple[str, str | None]) -> None:
    assert kind(text) == want


def test_a_cadre_relaying_one_household_is_not_a_notice() -> None:
    assert kind("空巢老人刘奶奶住5-1-302，没人照顾", sender="网格员小张") == ("help", "elderly")
    msg = parse("9-2-401隔离户要两份晚饭", sender="志愿者 小高", chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == [("晚饭", 2, "份")]
    assert kind("各位居民请注意，今天下午停水", sender="物业 小刘") == ("other", None)


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


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # B11: distributive 各.
        ("酱油、醋、盐各一", [("酱油", 1, None), ("醋", 1, None), ("盐", 1, None)]),
        ("猪肉和白菜各两斤", [("猪肉", 2, "斤"), ("白菜", 2, "斤")]),
        ("生抽 陈醋各两瓶", [("酱油", 2, "瓶"), ("醋", 2, "瓶")]),
        # B12: a bare number after the goods.
        ("米 2，油 1", [("大米", 2, None), ("食用油", 1, None)]),
        ("大米 1\n鸡蛋 2", [("大米", 1, None), ("鸡蛋", 2, None)]),
        ("挂面 3 馒头 10", [("挂面", 3, None), ("馒头", 10, None)]),
        # B13: a short description between goods and count.
        ("鸡蛋，要大一点的那种，两盒", [("鸡蛋", 2, "盒")]),
        ("纸尿裤要XL码的三包", [("尿不湿", 3, "包")]),
        ("牛奶要纯牛奶两箱", [("牛奶", 2, "箱")]),
        # B14: the same item as a wish, then counted.
        ("孩子想喝牛奶，帮订一箱纯奶", [("牛奶", 1, "箱")]),
        ("想吃馒头了，来五个馍", [("馒头", 5, "个")]),
    ],
)
def test_counts_reach_their_goods(text: str, want: list[object]) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == want


@pytest.mark.parametrize(
    ("text", "intent", "ref"),
    [
        ("12号单子不要了", "cancel", "12"),
        ("退掉12号", "cancel", "12"),
        ("取消第12单", "cancel", "12"),
        ("取消订单12", "cancel", "12"),
        ("单号#31 还没送到", "status", "31"),
        ("编号9的单到哪了", "status", "9"),
        ("求助单4号有进展吗", "status", "4"),
    ],
)
def test_refs_in_other_wordings(text: str, intent: str, ref: str) -> None:
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert (msg.intent, msg.ref) == (intent, ref)


def test_chain_entry_with_only_a_count_takes_the_header_goods() -> None:
    text = "土豆团购接龙 5斤一份\n1. 4-1-101 2份\n2. 4-2-701 1份"
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "order"
    assert goods(msg) == [("土豆", 2, "份")]
    assert len(msg.chain_entries) == 2
    assert [goods(e) for e in msg.chain_entries][1] == [("土豆", 1, "份")]


def test_chain_header_with_two_goods_does_not_guess() -> None:
    text = "大米和面粉接龙\n1. 4-1-101 2袋"
    msg = parse(text, sender=SENDER, chat=CHAT)
    assert msg.intent == "other"
