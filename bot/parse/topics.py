"""What a resident's question is about, for the questions the bot can answer itself."""

from __future__ import annotations

import re

from bot.messages import Topic

_TOPICS: tuple[tuple[Topic, re.Pattern[str]], ...] = (
    ("test", re.compile(r"核酸|检测|采样|抗原|筛查|做核|测核|排队")),
    ("cutoff", re.compile(r"截单|截止|几点前|还能(?:订|下单|报|接龙)|什么时候(?:下单|报)")),
    ("delivery", re.compile(r"配送|送货|送到|到货|发货|什么时候送|几点送|送菜|送物资")),
)


def question_topic(text: str) -> Topic | None:
    for topic, pattern in _TOPICS:
        if pattern.search(text):
            return topic
    return None
