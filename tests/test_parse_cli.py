"""`louzhang parse` (bot/parse/corpus_cli.py): corpus JSONL in, one prediction line per case
out in score.py's format, and bad lines reported."""

from __future__ import annotations

import io
import json

from bot.catalog import default_catalog
from bot.parse.corpus_cli import run

GOOD = {"id": "x1", "chat": "3号楼群", "sender": "2-501", "text": "大米两袋", "context": []}


def _run(text: str) -> tuple[int, list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(io.StringIO(text), out, err, default_catalog())
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_prediction_line_has_the_scorers_fields_and_the_rule_that_fired() -> None:
    code, preds, err = _run(json.dumps(GOOD, ensure_ascii=False) + "\n")
    assert code == 0 and err == ""
    assert preds == [
        {
            "id": "x1",
            "intent": "order",
            "address": {"building": "3", "unit": "2", "room": "501"},
            "items": [{"item": "大米", "qty": 2.0, "unit": "袋"}],
            "help": None,
            "ref": None,
            "rule": "catalog_goods",
        }
    ]


def test_bad_lines_are_reported_by_number_and_skipped() -> None:
    lines = ["{not json", json.dumps({"id": "x2"}), json.dumps(GOOD, ensure_ascii=False)]
    code, preds, err = _run("\n".join(lines) + "\n")
    assert code == 0
    assert [p["id"] for p in preds] == ["x1"]
    assert "line 1" in err and "not JSON" in err
    assert "line 2" in err and "text" in err


def test_every_line_bad_returns_two() -> None:
    code, preds, _ = _run("[]\n{\n")
    assert code == 2 and preds == []


def test_unknown_address_is_null() -> None:
    case = {"id": "x3", "chat": "锦绣苑团购群", "sender": "小区居民", "text": "今天团购几点截单？"}
    _, preds, _ = _run(json.dumps(case, ensure_ascii=False))
    assert preds[0]["address"] is None
