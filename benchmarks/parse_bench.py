"""Parser throughput against jieba.lcut on the same texts, and the parser's import time.

    .venv/bin/python benchmarks/parse_bench.py [--corpus PATH] [--messages N]

Prints figures only; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev.jsonl"
IMPORT_SNIPPET = (
    "import time; t=time.perf_counter(); from bot.parse import Parser; "
    "from bot.catalog import default_catalog; Parser(default_catalog()); "
    "print(time.perf_counter()-t)"
)


def load_cases(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def import_seconds(repeats: int) -> float:
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_SNIPPET],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--messages", type=int, default=50_000)
    ap.add_argument("--import-repeats", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=5, help="alternating timed rounds each")
    args = ap.parse_args()

    sys.path.insert(0, str(REPO))
    from bot.catalog import default_catalog
    from bot.messages import ContextMessage
    from bot.parse import Parser

    cases = load_cases(args.corpus)
    rounds = -(-args.messages // len(cases))
    work = []
    for case in cases * rounds:
        ctx = tuple(
            ContextMessage(sender=str(c.get("sender", "")), text=str(c["text"]))
            for c in case.get("context", [])
        )
        work.append(
            (str(case["text"]), str(case.get("sender", "")), str(case.get("chat", "")), ctx)
        )
    texts = [w[0] for w in work]

    parser = Parser(default_catalog())
    # Lazily imported helpers (pypinyin, cn2an) load outside the timing, as jieba's
    # dictionary load is kept outside its timing below.
    parser.warm_up()

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()

    def time_parser() -> float:
        t0 = time.perf_counter()
        for text, sender, chat, ctx in work:
            parser.parse(text, sender=sender, chat=chat, context=ctx)
        return time.perf_counter() - t0

    def time_jieba() -> float:
        t0 = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        return time.perf_counter() - t0

    # Alternating rounds on a shared machine: other load lands on both sides, and the
    # fastest round of each (timeit's rule) is the one least disturbed by it. Medians are
    # printed too.
    parser_runs, jieba_runs = [], []
    for _ in range(args.rounds):
        parser_runs.append(time_parser())
        jieba_runs.append(time_jieba())
    parser_s, jieba_s = min(parser_runs), min(jieba_runs)
    parser_med, jieba_med = statistics.median(parser_runs), statistics.median(jieba_runs)

    n = len(work)
    print(f"messages={n} rounds={args.rounds} (fastest of each; medians below)")
    print(f"parser: {parser_s:.3f} s, {n / parser_s:,.0f} messages/s")
    print(f"jieba.lcut: {jieba_s:.3f} s, {n / jieba_s:,.0f} messages/s")
    print(f"ratio parser_time/jieba_time={parser_s / jieba_s:.3f} (<1 means the parser is faster)")
    print(
        f"medians: parser {parser_med:.3f} s, jieba {jieba_med:.3f} s,"
        f" ratio {parser_med / jieba_med:.3f}"
    )
    print(
        f"import bot.parse + Parser(default_catalog()): median "
        f"{import_seconds(args.import_repeats):.3f} s over {args.import_repeats} fresh processes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
