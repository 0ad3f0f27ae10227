"""`louzhang parse`: corpus-format JSONL in, one prediction line per case out (score.py format)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from bot.catalog import Catalog
from bot.messages import ContextMessage, ParsedMessage
from bot.parse.parser import Parser

_REQUIRED = ("id", "text")


def prediction(case_id: Any, parsed: ParsedMessage) -> dict[str, Any]:
    address = None
    if parsed.address is not None and not parsed.address.is_empty():
        address = parsed.address.model_dump()
    return {
        "id": case_id,
        "intent": parsed.intent,
        "address": address,
        "items": [{"item": i.item, "qty": i.qty, "unit": i.unit} for i in parsed.items],
        "help": parsed.help,
        "ref": parsed.ref,
        "rule": parsed.rule,
    }


def _case(line: str) -> tuple[dict[str, Any] | None, str | None]:
    try:
        case = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    if not isinstance(case, dict):
        return None, "not a JSON object"
    missing = [f for f in _REQUIRED if f not in case]
    if missing:
        return None, "missing field " + ", ".join(missing)
    for field in ("text", "chat", "sender"):
        if field in case and not isinstance(case[field], str):
            return None, f"field {field} is not a string"
    ctx = case.get("context", [])
    if not isinstance(ctx, list) or not all(
        isinstance(c, dict) and isinstance(c.get("text"), str) for c in ctx
    ):
        return None, "field context is not a list of {sender, text}"
    return case, None


def run(stdin: TextIO, stdout: TextIO, stderr: TextIO, catalog: Catalog) -> int:
    """Parse every case; bad lines are reported on stderr and skipped.

    Returns 0 when at least one case was parsed (or the input was empty), 2 when every
    non-blank line was bad, so a pipeline notices input that is not a corpus at all.
    """
    parser = Parser(catalog)
    good = bad = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        case, problem = _case(line)
        if case is None:
            bad += 1
            print(f"line {number}: {problem}; skipped", file=stderr)
            continue
        context = tuple(
            ContextMessage(sender=str(c.get("sender", "")), text=c["text"])
            for c in case.get("context", [])
        )
        parsed = parser.parse(
            case["text"],
            sender=case.get("sender", ""),
            chat=case.get("chat", ""),
            context=context,
        )
        stdout.write(json.dumps(prediction(case["id"], parsed), ensure_ascii=False) + "\n")
        good += 1
    return 2 if bad and not good else 0
