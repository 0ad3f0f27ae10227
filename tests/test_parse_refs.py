"""A help request's number is a reference like an order's: 取消求助1号."""

from __future__ import annotations

import pytest

from bot.catalog import default_catalog
from bot.parse import Parser

PARSER = Parser(default_catalog())


@pytest.mark.parametrize(
    ("text", "ref"),
    [("取消求助1号", "1"), ("锁修好了，取消求助12号", "12"), ("求助3号不用了", "3")],
)
def test_help_request_number_after_qiuzhu_is_the_ref(text: str, ref: str) -> None:
    parsed = PARSER.parse(text, sender="3-1-301 钱", chat="3号楼")
    assert (parsed.intent, parsed.ref) == ("cancel", ref)
