"""The dev corpus, scored with score.py's own comparison; fails below the issue's floors."""

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
SCORE = SHARED / "score.py"

pytestmark = pytest.mark.skipif(not DEV.exists() or not SCORE.exists(), reason="no dev corpus")


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", SCORE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures() -> dict[str, float]:
    score = _score_module()
    raw = DEV.read_text(encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(io.StringIO(raw), out, err, default_catalog()) == 0
    assert err.getvalue() == ""
    preds: dict[str, dict[str, Any]] = {}
    for line in out.getvalue().splitlines():
        p = json.loads(line)
        preds[p["id"]] = p
    cases = [json.loads(line) for line in raw.splitlines() if line.strip()]
    n = len(cases)
    exact = intent = phantom = missed = orders = 0
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
    return {
        "intent": intent / n,
        "exact": exact / n,
        "phantom_orders": phantom / (n - orders),
        "missed_orders": missed / orders,
    }


def test_dev_corpus_meets_the_floors() -> None:
    f = _figures()
    assert f["intent"] >= 0.97, f
    assert f["exact"] >= 0.92, f
    assert f["phantom_orders"] <= 0.01, f
    assert f["missed_orders"] <= 0.02, f
