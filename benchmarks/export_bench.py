"""Export benchmark: purchase list, delivery workbook and summary for one batch of 5,000
orders, in a database holding 1,000,000 orders over 200 batches and in one holding only
that batch (and the open batch after it, which the summary also reads).

    .venv/bin/python benchmarks/export_bench.py [--batches 200] [--orders-per-batch 5000]

The databases are filled directly through storage (not through the parser). Prints, per
database: the plain SQL GROUP BY over the batch (the baseline), the purchase list as xlsx
and csv, the delivery workbook, and the summary; then the ratio of the large database to
the one-batch one for each. Figures only; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.catalog import default_catalog  # noqa: E402
from bot.purchase_list import purchase_list  # noqa: E402
from bot.spreadsheets import delivery_xlsx, purchase_csv, purchase_xlsx  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.store import Store  # noqa: E402

T0 = datetime(2026, 1, 1, 4, 0, tzinfo=UTC)
GOODS = [(c.name, c.unit) for c in default_catalog().items]


def fill(conn: sqlite3.Connection, batches: int, per_batch: int, measured: int) -> int:
    """Households, batches, orders and items; returns the id of the batch to measure."""
    rng = random.Random(3)
    conn.execute("INSERT INTO compounds (id, name) VALUES (1, '基准小区')")
    doors = [
        (b, u, f"{f}{r:02d}")
        for b in range(1, 21)
        for u in (1, 2)
        for f in range(1, 26)
        for r in (1, 2, 3, 4)
    ]
    conn.executemany(
        "INSERT INTO households (compound_id, building, unit, room, created_at)"
        " VALUES (1, ?, ?, ?, 'x')",
        [(str(b), str(u), room) for b, u, room in doors],
    )
    n_households = len(doors)
    measured_id = 0
    order_id = 0
    for k in range(batches):
        cut = T0 + timedelta(hours=12 * k)
        status = "open" if k == batches - 1 else "purchased"
        if k == measured:
            status = "closed"
        cur = conn.execute(
            "INSERT INTO batches (compound_id, cutoff_at, status, created_at)"
            " VALUES (1, ?, ?, 'x')",
            (cut.isoformat(), status),
        )
        batch_id = int(cur.lastrowid or 0)
        if k == measured:
            measured_id = batch_id
        orders, items = [], []
        for _ in range(per_batch):
            order_id += 1
            state = (
                "cancelled"
                if rng.random() < 0.05
                else ("open" if status != "purchased" else "delivered")
            )
            orders.append((order_id, batch_id, rng.randint(1, n_households), state))
            for name, unit in rng.sample(GOODS, rng.randint(1, 3)):
                items.append((order_id, name, rng.randint(1, 4), unit))
        conn.executemany(
            "INSERT INTO orders (id, batch_id, household_id, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 'x', 'x')",
            orders,
        )
        conn.executemany(
            "INSERT INTO order_items (order_id, item, qty, unit) VALUES (?, ?, ?, ?)", items
        )
    return measured_id


def timed(fn: Callable[[], Any], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


async def measure(path: Path, batches: int, per_batch: int, measured: int) -> dict[str, float]:
    db = await open_database(path)
    batch_id = await db.write(lambda c: fill(c, batches, per_batch, measured))
    catalog = default_catalog()
    store = Store(1)

    def run(conn: sqlite3.Connection) -> dict[str, float]:
        store.attach(conn)
        try:
            figures = {
                "sql_group_by": timed(
                    lambda: conn.execute(
                        "SELECT oi.item, oi.unit, h.building, SUM(oi.qty) FROM orders o"
                        " JOIN households h ON h.id = o.household_id"
                        " JOIN order_items oi ON oi.order_id = o.id"
                        " WHERE o.batch_id = ? AND o.status != 'cancelled'"
                        " GROUP BY oi.item, oi.unit, h.building",
                        (batch_id,),
                    ).fetchall()
                )
            }

            def purchase(fmt: str) -> None:
                items = store.batch_items(batch_id)
                lines = purchase_list(items, catalog)
                if fmt == "xlsx":
                    purchase_xlsx(lines, items, "bench")
                else:
                    purchase_csv(lines)

            figures["purchase_xlsx"] = timed(lambda: purchase("xlsx"))
            figures["purchase_csv"] = timed(lambda: purchase("csv"))
            figures["delivery_xlsx"] = timed(
                lambda: delivery_xlsx(
                    store.batch_orders(batch_id), store.batch_items(batch_id), catalog, public=False
                )
            )

            def summary() -> None:
                for b in (store.oldest_batch("open"), store.latest_batch("closed")):
                    if b is not None:
                        store.batch_states(b.id)
                        store.batch_buildings(b.id)
                store.open_help()
                store.waiting_questions(8)

            figures["summary"] = timed(summary)
            return figures
        finally:
            store.attach(None)

    figures = await db.read(run)
    await db.close()
    return figures


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", type=int, default=200)
    ap.add_argument("--orders-per-batch", type=int, default=5000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=REPO) as tmp:
        t = time.perf_counter()
        big = asyncio.run(
            measure(Path(tmp) / "big.db", args.batches, args.orders_per_batch, args.batches // 2)
        )
        fill_s = time.perf_counter() - t
        # The small database holds the measured batch and the open one after it: the
        # summary reads both, so the comparison is of history, not of what is current.
        one = asyncio.run(measure(Path(tmp) / "one.db", 2, args.orders_per_batch, 0))
    print(
        f"large db: {args.batches} batches x {args.orders_per_batch} orders"
        f" = {args.batches * args.orders_per_batch:,} orders"
        f" (built and measured in {fill_s:.0f} s);"
        f" small db: the measured batch and the open one, {2 * args.orders_per_batch:,} orders"
    )
    for name in big:
        ratio = big[name] / one[name] if one[name] else float("nan")
        print(
            f"{name}: large {big[name] * 1000:.1f} ms,"
            f" small {one[name] * 1000:.1f} ms, ratio {ratio:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
