"""What a question is about (bot/parse/topics.py), for the questions the bot answers itself."""

from __future__ import annotations

import pytest

from bot.parse.topics import question_topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("今天核酸几点", "test"),
        ("几点截单？", "cutoff"),
        ("菜什么时候送", "delivery"),
        ("明天还有鸡蛋卖吗", None),
    ],
)
def test_question_topics(text: str, topic: str | None) -> None:
    assert question_topic(text) == topic
