"""Crash benchmark: the bot as a subprocess, SIGKILLed at random points, live and replay.

    .venv/bin/python benchmarks/crash_bench.py [--messages 10000] [--kills 3] [--seed 5]

Prints, per mode: lines, kills, runs, lines fed again after a kill, lines stored (and how
many more than once), orders expected and stored, acknowledged order numbers seen on
stdout and how many of them are missing, unsent replies at the end, integrity_check,
and the seconds it took. Figures only; tests/test_crash.py asserts the CI-sized run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import crash_rig  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    lines = crash_rig.scenario(args.messages, seed=args.seed)
    senders = crash_rig.order_senders(lines)
    for mode, run in (("live", crash_rig.run_live), ("replay", crash_rig.run_replay)):
        with tempfile.TemporaryDirectory() as tmp:
            config = crash_rig.write_config(Path(tmp))
            start = time.perf_counter()
            outcome = run(config, lines, args.kills, args.seed)
            elapsed = time.perf_counter() - start
            result = crash_rig.check(config, lines, outcome)
        keys = [(ln.chat, ln.sender, ln.text) for ln in lines]
        stored_once = sum(1 for k in keys if result.stored_lines[k] == 1)
        stored_twice = sum(1 for k in keys if result.stored_lines[k] > 1)
        doubled = sum(1 for s in senders if result.orders_per_sender[s] > 1)
        print(
            f"{mode}: lines={len(lines)} kills={outcome.kills} runs={outcome.runs}"
            f" refed={outcome.refed} stored_once={stored_once} stored_twice={stored_twice}"
            f" not_stored={len(keys) - stored_once - stored_twice}"
        )
        print(
            f"  orders expected={len(senders)} stored={result.orders} doubled={doubled}"
            f" acknowledged={len(result.acknowledged)}"
            f" acknowledged_missing={len(result.missing_acknowledged)}"
            f" unsent_at_end={result.unsent} integrity={result.integrity} seconds={elapsed:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
