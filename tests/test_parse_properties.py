"""Any input parses without an exception, and the same input always gives the same output."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.messages import ContextMessage
from tests.parse_helpers import parser

# Text weighted towards what the parser actually looks at: CJK, digits, door marks, emoji.
_ALPHABET = st.one_of(
    st.characters(),
    st.sampled_from(list("0123456789-#栋幢座号楼单元室房米面油蛋菜肉奶两半斤袋盒接龙\n 、，x*")),
)
_TEXT = st.text(alphabet=_ALPHABET, max_size=5000)
_SHORT = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=250, deadline=None)
@given(text=_TEXT, sender=_SHORT, chat=_SHORT)
def test_any_text_parses(text: str, sender: str, chat: str) -> None:
    parser().parse(text, sender=sender, chat=chat)


@settings(max_examples=200, deadline=None)
@given(
    text=_TEXT,
    sender=_SHORT,
    chat=_SHORT,
    context=st.lists(_TEXT.map(lambda t: "接龙\n" + t), max_size=3),
)
def test_same_input_same_output(text: str, sender: str, chat: str, context: list[str]) -> None:
    ctx = tuple(ContextMessage(sender="", text=t) for t in context)
    first = parser().parse(text, sender=sender, chat=chat, context=ctx)
    second = parser().parse(text, sender=sender, chat=chat, context=ctx)
    assert first == second


@settings(max_examples=200, deadline=None)
@given(text=_TEXT)
def test_chain_shaped_text_parses(text: str) -> None:
    ctx = (ContextMessage(sender="", text="#接龙\n" + text[:50]),)
    parser().parse("#接龙\n" + text, sender="3-2-501", chat="3号楼群", context=ctx)


@pytest.mark.parametrize(
    "unit", ["两袋", "米两", "两", "十", "鸡但两和", "1-", "5栋", "(", "接龙\n301 鸡蛋1盒\n"]
)
def test_long_repetitive_text_parses_quickly(unit: str) -> None:
    # Guards against quadratic scans: each of these once took seconds to minutes.
    text = (unit * 5000)[:5000]
    started = time.perf_counter()
    parser().parse(text, sender=text[:40], chat=text[:40])
    assert time.perf_counter() - started < 2.0
