"""The labelled corpora, scored with score.py's own comparison; fails below the floors:
the written dev set, the real messages quoted from lockdown group chats, and the chatter
set written for this project."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bot.catalog import default_catalog
from bot.parse.corpus_cli import run

SHARED = Path(__file__).resolve().parents[1].parent / "shared/corpus"
DEV = SHARED / "dev.jsonl"
REAL = SHARED / "real_dev.jsonl"
WRITTEN = Path(__file__).resolve().parent / "corpus/written_chatter.jsonl"
WRITTEN_2 = Path(__file__).resolve().parent / "corpus/written_chatter_2.jsonl"
WRITTEN_3 = Path(__file__).resolve().parent / "corpus/written_chatter_3.jsonl"
WRITTEN_4 = Path(__file__).resolve().parent / "corpus/written_chatter_4.jsonl"
WRITTEN_5 = Path(__file__).resolve().parent / "corpus/written_chatter_5.jsonl"
SCORE = SHARED / "score.py"

pytestmark = pytest.mark.skipif(not DEV.exists() or not SCORE.exists(), reason="no dev corpus")


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", SCORE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures(corpus: Path) -> dict[str, float]:
    score = _score_module()
    raw = corpus.read_text(encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(io.StringIO(raw), out, err, default_catalog()) == 0
    assert err.getvalue() == ""
    preds: dict[str, dict[str, Any]] = {}
    for line in out.getvalue().splitlines():
        p = json.loads(line)
        preds[p["id"]] = p
    cases = [json.loads(line) for line in raw.splitlines() if line.strip()]
    n = len(cases)
    exact = intent = phantom = missed = orders = chatter = acted = cancelled = 0
    for case in cases:
        want, got = case["expect"], preds[case["id"]]
        good = {f: score.field_ok(f, want.get(f), got.get(f)) for f in score.FIELDS}
        exact += all(good.values())
        intent += good["intent"]
        if want["intent"] == "order":
            orders += 1
            missed += got["intent"] != "order"
        else:
            phantom += got["intent"] == "order"
        if want["intent"] == "other":
            chatter += 1
            acted += got["intent"] != "other"
            cancelled += got["intent"] == "cancel"
    return {
        "intent": intent / n,
        "exact": exact / n,
        "phantom_orders": phantom / (n - orders),
        "missed_orders": missed / orders,
        "false_action": acted / chatter,
        "false_cancel": cancelled / chatter,
    }


def test_dev_corpus_meets_the_floors() -> None:
    f = _figures(DEV)
    assert f["intent"] >= 0.98, f
    assert f["exact"] >= 0.95, f
    assert f["phantom_orders"] <= 0.01, f
    assert f["missed_orders"] <= 0.01, f
    assert f["false_action"] <= 0.05 and f["false_cancel"] == 0, f


@pytest.mark.parametrize(
    "corpus",
    [REAL, WRITTEN, WRITTEN_2, WRITTEN_3, WRITTEN_4, WRITTEN_5],
    ids=["real_dev", "written_1", "written_2", "written_3", "written_4", "written_5"],
)
def test_chatter_in_real_and_written_sets_is_left_alone(corpus: Path) -> None:
    if not corpus.exists():
        pytest.skip(f"{corpus.name} not present")
    f = _figures(corpus)
    assert f["false_action"] <= 0.05, f
    assert f["false_cancel"] == 0, f
    assert f["phantom_orders"] <= 0.02, f
    assert f["intent"] >= 0.85, f
