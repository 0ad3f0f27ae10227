"""Questions (`is_question` in bot/parse/intent.py): what asks the group something, and the
remarks, offers and thanks that only look like questions and are other."""

from __future__ import annotations

import pytest

from tests.parse_helpers import kind


# Asking whether there is an outage is a question too (test_parse_intent.py).
@pytest.mark.parametrize("text", ["抗原结果出来了吗", "听说下周解封，是真的吗"])
def test_questions_about_tests_and_rules_are_questions(text: str) -> None:
    assert kind(text) == ("question", None)


# How a rule or procedure works is a question; a concrete household problem is help
# (test_parse_help_categories.py).
@pytest.mark.parametrize(
    "text",
    [
        "请问阳性户的生活垃圾要怎么处理",
        "想问一下快递现在怎么拿",
        "请问出入小区的通行证怎么办理",
        "请问垃圾要怎么扔",
    ],
)
def test_procedure_questions_are_questions(text: str) -> None:
    assert kind(text) == ("question", None)


@pytest.mark.parametrize(
    "text",
    ["谁家的车挡住单元门了", "楼下谁家的狗跑丢了", "不知道谁把垃圾放楼道了", "谁家小孩一直在哭"],
)
def test_who_in_a_statement_is_not_a_question(text: str) -> None:
    assert kind(text) == ("other", None)


@pytest.mark.parametrize(
    "text", ["楼下的能不能小点声", "楼上别再拖椅子了好吗", "谢谢王姐送的两个馒头"]
)
def test_remarks_and_thanks_aimed_at_neighbours_are_other(text: str) -> None:
    assert kind(text) == ("other", None)


@pytest.mark.parametrize(
    "text",
    [
        "家里蒸了馒头，谁家需要可以来拿",
        "有需要的邻居说一声，我家青菜多",
        "多了两盒口罩，谁家需要来拿",
        "我家有多的鸡蛋，谁需要",
    ],
)
def test_neighbour_offers_are_other(text: str) -> None:
    assert kind(text) == ("other", None)


@pytest.mark.parametrize("text", ["有需要的话怎么报名", "请问有需要的人去哪登记"])
def test_asking_how_to_sign_up_for_an_offer_is_a_question(text: str) -> None:
    assert kind(text)[0] == "question"
