"""Kill the bot with SIGKILL at random points, start it again, and check what it stored.

Used by tests/test_crash.py (CI size) and benchmarks/crash_bench.py (larger, printing
counts). The bot runs as `python -m bot run`, a separate process, exactly as users run it.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "config.example.toml"
GOODS = ["大米两袋", "鸡蛋一盒", "米面油各一", "纯奶一箱", "挂面两把", "卫生纸一提", "土豆三斤"]
_ACK = re.compile(r"(\d+(?:-\d+)+)[：\s][^#\n]*?#(\d+)")


@dataclass(frozen=True)
class Line:
    chat: str
    sender: str
    text: str
    kind: str  # order, cancel, help, question

    def render(self) -> str:
        return f"@{self.chat} {self.sender}: {self.text}"


def scenario(n: int, seed: int) -> list[Line]:
    """Orders from distinct doors, cancels of some of them, help requests, questions."""
    rng = random.Random(seed)
    lines: list[Line] = []
    ordered: list[str] = []
    for i in range(n):
        # Doors repeat after 5,940 lines (30 floors x 99 rooms x 2 units); senders never.
        door = f"3-{1 + i % 2}-{1 + (i // 2) % 30}{1 + (i // 60) % 99:02d}"
        sender = f"{door}住户{i}"
        roll = rng.random()
        if roll < 0.08 and ordered:
            lines.append(Line("3号楼业主群", rng.choice(ordered), f"取消 第{i}条", "cancel"))
        elif roll < 0.13:
            lines.append(Line("3号楼业主群", sender, f"老人发烧要去医院（{i}）", "help"))
        elif roll < 0.18:
            lines.append(Line("3号楼业主群", sender, f"几点截单？（{i}）", "question"))
        else:
            lines.append(Line("3号楼业主群", sender, f"{rng.choice(GOODS)}（{i}）", "order"))
            ordered.append(sender)
    return lines


def write_config(folder: Path) -> Path:
    db = folder / "crash.db"
    text = EXAMPLE.read_text("utf-8").replace('path = "louzhang.db"', f'path = "{db.as_posix()}"')
    # The console has no platform limits; pace it fast so draining is not what is timed.
    text = text.replace("group_per_minute = 20", "group_per_minute = 6000")
    path = folder / "crash.toml"
    path.write_text(text, "utf-8")
    return path


@dataclass
class Outcome:
    lines: int
    kills: int = 0
    runs: int = 0
    refed: int = 0
    stdout: list[str] = field(default_factory=list)


def _start(config: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(config), *extra],
        stdin=subprocess.PIPE if not extra else subprocess.DEVNULL,
        stdout=out.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=config.parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _stored_keys(db: Path) -> set[tuple[str, str, str]]:
    if not db.exists():
        return set()
    with sqlite3.connect(db) as conn:
        return {
            (r[0], r[1], r[2]) for r in conn.execute("SELECT chat_id, sender_id, text FROM inbox")
        }


def _stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM inbox").fetchone()[0])
    except sqlite3.OperationalError:  # not migrated yet, or busy for a moment
        return 0


def run_live(config: Path, lines: list[Line], kills: int, seed: int) -> Outcome:
    """Feed lines to the live console; kill it `kills` times at random lines; after each
    kill start it again and feed every line it had not stored (a resident whose message
    got no answer says it again). The last run reads to the end and exits."""
    rng = random.Random(seed)
    db = config.parent / "crash.db"
    outcome = Outcome(len(lines))
    remaining = list(lines)
    for run in range(kills + 1):
        out = config.parent / f"live{run}.out"
        proc = _start(config, out)
        assert proc.stdin is not None
        last = run == kills
        stop_at = len(remaining) if last else rng.randrange(1, max(2, len(remaining)))
        try:
            for line in remaining[:stop_at]:
                proc.stdin.write((line.render() + "\n").encode("utf-8"))
                proc.stdin.flush()
        except BrokenPipeError:
            pass
        if last:
            proc.stdin.close()
            proc.wait(timeout=600)
        else:
            time.sleep(rng.uniform(0, 0.3))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            outcome.kills += 1
        outcome.runs += 1
        outcome.stdout.append(out.read_text("utf-8", "replace"))
        stored = _stored_keys(db)
        before = len(remaining)
        remaining = [ln for ln in remaining if (ln.chat, ln.sender, ln.text) not in stored]
        if not last:
            outcome.refed += len(remaining) - (before - stop_at)
    return outcome


def run_replay(config: Path, lines: list[Line], kills: int, seed: int) -> Outcome:
    """Run one replay file, killed `kills` times at random moments, each time run again
    whole; the last run goes to the end."""
    rng = random.Random(seed)
    replay = config.parent / "crash_replay.txt"
    replay.write_text("".join(ln.render() + "\n" for ln in lines), "utf-8")
    outcome = Outcome(len(lines))
    db = config.parent / "crash.db"
    for run in range(kills + 1):
        out = config.parent / f"replay{run}.out"
        proc = _start(config, out, "--replay", str(replay))
        if run == kills:
            proc.wait(timeout=900)
        else:
            # Killed once it has stored a random number of the lines not yet stored, so
            # the kill lands inside the run however fast the machine is.
            done = _stored_count(db)
            target = rng.randrange(done + 1, max(done + 2, len(lines)))
            while proc.poll() is None and _stored_count(db) < target:
                time.sleep(0.002)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            outcome.kills += 1
        outcome.runs += 1
        outcome.stdout.append(out.read_text("utf-8", "replace"))
    return outcome


@dataclass
class Check:
    stored_lines: Counter[tuple[str, str, str]]
    orders_per_sender: Counter[str]
    acknowledged: set[int]
    missing_acknowledged: list[int]
    unsent: int
    integrity: str
    orders: int


def check(config: Path, lines: list[Line], outcome: Outcome) -> Check:
    db = config.parent / "crash.db"
    with sqlite3.connect(db) as conn:
        stored = Counter(
            (r[0], r[1], r[2]) for r in conn.execute("SELECT chat_id, sender_id, text FROM inbox")
        )
        order_rows = conn.execute(
            "SELECT o.id, i.sender_id FROM orders o JOIN inbox i ON i.id = o.inbox_id"
        ).fetchall()
        unsent = conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    acked = {int(m.group(2)) for text in outcome.stdout for m in _ACK.finditer(text)}
    ids = {r[0] for r in order_rows}
    return Check(
        stored_lines=stored,
        orders_per_sender=Counter(r[1] for r in order_rows),
        acknowledged=acked,
        missing_acknowledged=sorted(acked - ids),
        unsent=unsent,
        integrity=integrity,
        orders=len(order_rows),
    )


def order_senders(lines: list[Line]) -> list[str]:
    return [ln.sender for ln in lines if ln.kind == "order"]
