"""End-to-end throughput: messages through the whole in-process path into a SQLite file.

    .venv/bin/python benchmarks/e2e_bench.py [--messages 10000] [--rss-orders 100000]

Prints, from one run on one disk:
- messages/s through receive -> inbox -> parse -> handler -> outbox -> sender, and the
  p50/p99 time from receipt to the reply being committed in the outbox;
- two baselines from the same run: the parser alone over the same messages (the only
  real work a message needs; everything else is overhead), and a raw aiosqlite loop
  inserting one row and committing per message in a file in the same folder; and the
  ratio of the end-to-end rate to each;
- peak RSS of a separate process after storing N orders through the same path.
Figures only; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.app import build_app, drain_manual  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import Config, load_config_text  # noqa: E402
from bot.core import CONTEXT_SIZE  # noqa: E402
from bot.messages import ContextMessage, IncomingMessage, Platform  # noqa: E402
from bot.parse import Parser  # noqa: E402

GROUPS = 20
TZ = ZoneInfo("Asia/Shanghai")
GOODS = [
    "大米两袋",
    "鸡蛋一盒",
    "米面油",
    "土豆三斤 白菜两斤",
    "纯奶一箱，面包三个",
    "五花肉2斤",
    "挂面两把",
    "卫生纸一提",
    "鸡但一盒 两代大迷",
    "酱油一瓶 醋一瓶",
    "蔬菜包两份",
]
OTHERS = [
    "谢谢志愿者",
    "几点截单？",
    "我家的东西什么时候到",
    "老人发烧要去医院",
    "收到了，谢谢",
    "我家水卡没水了",
    "今天核酸几点",
]


class NullTransport:
    """Counts what would be sent; a platform's network is not what this measures."""

    platform: Platform = "console"
    max_text_length = 4000

    def __init__(self) -> None:
        self.sent = 0

    async def start(self, core: object) -> None: ...

    async def stop(self) -> None: ...

    async def send_text(self, chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        self.sent += 1

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        self.sent += 1


def bench_config(db: Path) -> Config:
    groups = "".join(
        f'[[groups]]\nplatform = "console"\nchat = "{b}号楼群"\nbuilding = "{b}"\n'
        for b in range(1, GROUPS + 1)
    )
    buildings = "".join(f'[[compound.buildings]]\nname = "{b}"\n' for b in range(1, GROUPS + 1))
    text = (
        '[compound]\nname = "基准小区"\n' + buildings + f'[database]\npath = "{db.as_posix()}"\n'
        '[roles.console]\ncadres = ["张书记"]\nduty = ["张书记"]\n' + groups
    )
    return load_config_text(text, "bench.toml")


def messages(n: int, seed: int = 7, only_orders: bool = False) -> Iterator[IncomingMessage]:
    """Generated as consumed, so that the input does not count in the bot's memory."""
    rng = random.Random(seed)
    at = datetime(2026, 4, 10, 7, 0, tzinfo=TZ)
    for i in range(n):
        b = rng.randint(1, GROUPS)
        unit, floor, room = rng.randint(1, 3), rng.randint(1, 30), rng.randint(1, 4)
        door = f"{b}-{unit}-{floor}{room:02d}"
        if only_orders or rng.random() < 0.8:
            text = GOODS[i % len(GOODS)] if only_orders else rng.choice(GOODS)
        else:
            text = rng.choice(OTHERS)
        yield IncomingMessage(
            platform="console",
            chat_id=f"{b}号楼群",
            chat_title=f"{b}号楼群",
            chat_kind="group",
            message_id=f"m{i}",
            sender_id=f"u{door}",
            sender_name=f"{door} 住户",
            text=text,
            received_at=at,
        )


async def run_bot(
    db: Path, msgs: Iterable[IncomingMessage], arriving_together: int
) -> tuple[float, list[float], int]:
    """Seconds for all messages, per-message receipt-to-queued latencies, messages sent.

    Messages arrive at GROUPS per virtual second, `arriving_together` at a time (as a
    platform delivers a burst from many groups); the sender runs after each arrival.
    """
    clock = ManualClock(datetime(2026, 4, 10, 7, 0, tzinfo=TZ))
    transport = NullTransport()
    app = await build_app(bench_config(db), {"console": transport}, clock)
    app.core.parser.warm_up()  # as `louzhang run` does before it takes messages
    latencies: list[float] = []

    async def receive(msg: IncomingMessage) -> None:
        t0 = time.perf_counter()
        await app.core.receive(msg)
        latencies.append(time.perf_counter() - t0)

    start = time.perf_counter()
    stream = iter(msgs)
    while chunk := list(itertools.islice(stream, arriving_together)):
        await asyncio.gather(*(receive(m) for m in chunk))
        clock.advance(arriving_together / GROUPS)
        await app.sender.flush()
    await drain_manual(app, clock)
    elapsed = time.perf_counter() - start
    await app.close()
    return elapsed, latencies, transport.sent


async def raw_loop(db: Path, n: int) -> float:
    """The floor for one durable write per message on this disk, same pragmas as the bot."""
    conn = await aiosqlite.connect(str(db), isolation_level=None)
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, chat TEXT, body TEXT)")
    start = time.perf_counter()
    for i in range(n):
        await conn.execute("BEGIN IMMEDIATE")
        await conn.execute("INSERT INTO t (chat, body) VALUES (?, ?)", (f"c{i % 20}", "大米两袋"))
        await conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    await conn.close()
    return elapsed


def parse_only(msgs: Iterable[IncomingMessage]) -> float:
    """Seconds for the parser alone, called as the core calls it: the group's binding as
    the chat hint and the chat's last messages as context."""
    config = bench_config(Path(":memory:"))
    parser = Parser(config.build_catalog())
    parser.warm_up()
    recent: dict[str, deque[ContextMessage]] = {}
    start = time.perf_counter()
    for msg in msgs:
        context = recent.setdefault(msg.chat_id, deque(maxlen=CONTEXT_SIZE))
        parser.parse(msg.text, sender=msg.sender_name, chat=msg.chat_title, context=tuple(context))
        context.append(ContextMessage(sender=msg.sender_name, text=msg.text))
    return time.perf_counter() - start


def rss_child(orders: int) -> None:
    """Runs in its own process so that its peak RSS is only this."""
    with tempfile.TemporaryDirectory(dir=REPO) as tmp:
        asyncio.run(run_bot(Path(tmp) / "rss.db", messages(orders, 11, only_orders=True), GROUPS))
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows = (
            __import__("sqlite3")
            .connect(Path(tmp) / "rss.db")
            .execute("SELECT COUNT(*) FROM orders")
            .fetchone()[0]
        )
    print(f"{peak_kb / 1024:.1f} {rows}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--rss-orders", type=int, default=100_000)
    ap.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return 0

    n = args.messages
    with tempfile.TemporaryDirectory(dir=REPO) as tmp:
        # Made before the clock starts: generating test input is not the bot's work.
        msgs = list(messages(n))
        elapsed, lat, sent = asyncio.run(run_bot(Path(tmp) / "bot.db", msgs, GROUPS))
        one_elapsed, one_lat, _ = asyncio.run(run_bot(Path(tmp) / "one.db", msgs, 1))
        raw = asyncio.run(raw_loop(Path(tmp) / "raw.db", args.messages))
    parse_rate = n / min(parse_only(msgs) for _ in range(3))
    rate, raw_rate = n / elapsed, args.messages / raw
    q = statistics.quantiles(lat, n=100)
    q1 = statistics.quantiles(one_lat, n=100)
    print(f"messages={n} groups={GROUPS} outgoing_messages={sent}")
    print(f"bot, {GROUPS} arriving together: {elapsed:.2f} s, {rate:,.0f} messages/s end to end")
    print(f"  receipt_to_queued p50={q[49] * 1000:.2f} ms p99={q[98] * 1000:.2f} ms")
    print(
        f"bot, one at a time: {one_elapsed:.2f} s, {n / one_elapsed:,.0f} messages/s;"
        f" p50={q1[49] * 1000:.2f} ms p99={q1[98] * 1000:.2f} ms"
    )
    print(f"parse only (fastest of 3): {parse_rate:,.0f} messages/s")
    print(f"raw aiosqlite insert+commit per message: {raw:.2f} s, {raw_rate:,.0f} rows/s")
    print(f"ratio burst/parse-only = {rate / parse_rate:.2f} (target >= 0.33)")
    print(f"ratio burst/raw = {rate / raw_rate:.2f} (target >= 1)")
    if args.rss_orders:
        out = subprocess.run(
            [sys.executable, __file__, "--rss-child", str(args.rss_orders)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        print(f"peak RSS after storing {int(out[1]):,} orders: {float(out[0]):.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
