"""WeChat pacing: 100 rooms, 30 orders arriving in each within the minute before a cut-off,
through the real core and outbox and the WeChat account-wide pace, on the injected clock.

    .venv/bin/python benchmarks/wechat_pace_bench.py [--rooms 100] [--orders 30] [--interval 1]

Prints messages sent, sends per second of virtual time, the longest wait from an order to
the message acknowledging it, the median, and how many residents waited more than 2
minutes; beside it, the same burst with merging off (one message per reply) as the
baseline from the same run. The wall is one send per `--interval` seconds for the whole
account: only merging keeps residents within minutes. Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.app import build_app, drain_manual  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import Config, load_config_text  # noqa: E402
from bot.messages import IncomingMessage, Platform  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 4, 10, 11, 59, tzinfo=TZ)
GOODS = ["大米两袋", "鸡蛋一盒", "挂面两把", "土豆三斤", "牛奶一箱", "食用油一桶"]
_NUMBER = re.compile(r"#(\d+)")


class PacedRecorder:
    """Stands in for the wechaty client: records when each message would go out."""

    platform: Platform = "wechat"
    max_text_length = 2000

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sent: list[tuple[datetime, str, str]] = []

    async def start(self, core: object) -> None: ...

    async def stop(self) -> None: ...

    async def send_text(self, chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        self.sent.append((self.clock.now(), chat_id, text))

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        self.sent.append((self.clock.now(), chat_id, caption))


def config(db: Path, rooms: int, interval: float) -> Config:
    buildings = "".join(f'[[compound.buildings]]\nname = "{b}"\n' for b in range(1, rooms + 1))
    groups = "".join(
        f'[[groups]]\nplatform = "wechat"\nchat = "{b}@chatroom"\nbuilding = "{b}"\n'
        for b in range(1, rooms + 1)
    )
    return load_config_text(
        '[compound]\nname = "基准小区"\n'
        + buildings
        + f'[database]\npath = "{db.as_posix()}"\n'
        + "[transports.wechat]\nenabled = false\n"
        + f"send_interval_seconds = {interval}\n"
        + groups,
        "wechat-bench.toml",
    )


async def run(folder: Path, rooms: int, orders: int, interval: float, merge: bool) -> None:
    clock = ManualClock(START)
    wechat = PacedRecorder(clock)
    app = await build_app(
        config(folder / f"b{merge}.db", rooms, interval), {"wechat": wechat}, clock
    )
    if not merge:
        # The baseline: every reply its own message, as a bot without merging sends.
        from bot import sender as sender_module

        sender_module.compose = _one_each(sender_module.compose)  # type: ignore[assignment]
    placed_at: dict[int, datetime] = {}
    number = 0
    total = rooms * orders
    try:
        for i in range(total):
            room = i % rooms + 1
            at = START + timedelta(seconds=60 * i / total)
            clock.set(max(clock.now(), at))
            door = f"{room}-{100 + i // rooms + 1}"
            await app.core.receive(
                IncomingMessage(
                    platform="wechat",
                    chat_id=f"{room}@chatroom",
                    chat_title=f"{room}号楼群",
                    chat_kind="group",
                    message_id=f"m{i}",
                    sender_id=f"wx{room}_{i}",
                    sender_name=f"{door} 住户",
                    text=f"{door} {GOODS[i % len(GOODS)]}",
                    received_at=at,
                )
            )
            number += 1
            placed_at[number] = at
            next_at = await app.sender.flush()
            while next_at is not None and next_at <= at:
                next_at = await app.sender.flush()
        await drain_manual(app, clock)
    finally:
        await app.close()
    acked: dict[int, datetime] = {}
    for at, _chat, text in wechat.sent:
        for n in map(int, _NUMBER.findall(text)):
            acked.setdefault(n, at)
    waits = [(acked[n] - placed_at[n]).total_seconds() for n in placed_at if n in acked]
    span = (wechat.sent[-1][0] - wechat.sent[0][0]).total_seconds() if wechat.sent else 0
    gaps = [
        (b[0] - a[0]).total_seconds() for a, b in zip(wechat.sent, wechat.sent[1:], strict=False)
    ]
    label = "merged" if merge else "one message per reply (baseline)"
    print(f"{label}:")
    print(f"  orders {total}, acknowledged {len(acked)}, messages sent {len(wechat.sent)}")
    print(f"  sending took {span:.0f} s of virtual time; shortest gap {min(gaps):.3f} s")
    print(
        f"  wait order->acknowledgement: longest {max(waits):.0f} s, "
        f"median {statistics.median(waits):.0f} s, over 2 min: {sum(w > 120 for w in waits)}"
    )


def _one_each(compose):  # type: ignore[no-untyped-def]
    def single(rows, limit):  # type: ignore[no-untyped-def]
        return compose(rows[:1], limit)

    return single


async def main(rooms: int, orders: int, interval: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        await run(Path(tmp), rooms, orders, interval, merge=True)
        await run(Path(tmp), rooms, orders, interval, merge=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--orders", type=int, default=30)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()
    asyncio.run(main(args.rooms, args.orders, args.interval))
