"""Batches (cut-off rounds), orders and their items."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.messages import ParsedItem
from storage.rows import Batch, Order, OrderItemRow
from storage.timefmt import from_db, to_db


def batch_for_cutoff(
    conn: sqlite3.Connection, compound_id: int, cutoff_at: datetime, now: datetime
) -> Batch:
    """The batch closing at `cutoff_at`, created on the first order that needs it."""
    conn.execute(
        "INSERT INTO batches (compound_id, cutoff_at, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (compound_id, cutoff_at) DO NOTHING",
        (compound_id, to_db(cutoff_at), to_db(now)),
    )
    rows = list(
        conn.execute(
            "SELECT id, cutoff_at, status FROM batches WHERE compound_id = ? AND cutoff_at = ?",
            (compound_id, to_db(cutoff_at)),
        ).fetchall()
    )
    r = rows[0]
    return Batch(id=r[0], cutoff_at=from_db(r[1]), status=r[2])


def insert(
    conn: sqlite3.Connection,
    batch_id: int,
    household_id: int,
    inbox_id: int | None,
    items: tuple[ParsedItem, ...],
    now: datetime,
) -> int:
    stamp = to_db(now)
    needs_review = any(not it.in_catalog for it in items)
    cur = conn.execute(
        "INSERT INTO orders (batch_id, household_id, inbox_id, needs_review, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        (batch_id, household_id, inbox_id, int(needs_review), stamp, stamp),
    )
    order_id = cur.lastrowid
    assert order_id is not None
    conn.executemany(
        "INSERT INTO order_items (order_id, item, qty, unit, in_catalog) VALUES (?, ?, ?, ?, ?)",
        [(order_id, it.item, it.qty, it.unit, int(it.in_catalog)) for it in items],
    )
    return order_id


_ORDER_SELECT = (
    "SELECT o.id, o.batch_id, o.household_id, o.status, b.cutoff_at, b.status,"
    " h.building, h.unit, h.room FROM orders o"
    " JOIN batches b ON b.id = o.batch_id JOIN households h ON h.id = o.household_id"
)


def _with_items(conn: sqlite3.Connection, row: sqlite3.Row) -> Order:
    items = conn.execute(
        "SELECT item, qty, unit, in_catalog FROM order_items WHERE order_id = ? ORDER BY id",
        (row[0],),
    ).fetchall()
    return Order(
        id=row[0],
        batch_id=row[1],
        household_id=row[2],
        status=row[3],
        cutoff_at=from_db(row[4]),
        batch_status=row[5],
        building=row[6],
        unit=row[7],
        room=row[8],
        items=tuple(
            OrderItemRow(item=i[0], qty=i[1], unit=i[2], in_catalog=bool(i[3])) for i in items
        ),
    )


def get(conn: sqlite3.Connection, order_id: int) -> Order | None:
    rows = list(conn.execute(_ORDER_SELECT + " WHERE o.id = ?", (order_id,)).fetchall())
    return _with_items(conn, rows[0]) if rows else None


def latest_of_household(
    conn: sqlite3.Connection, household_id: int, *, exclude_status: tuple[str, ...] = ()
) -> Order | None:
    marks = ",".join("?" for _ in exclude_status) or "''"
    rows = list(
        conn.execute(
            _ORDER_SELECT + f" WHERE o.household_id = ? AND o.status NOT IN ({marks})"
            " ORDER BY o.id DESC LIMIT 1",
            (household_id, *exclude_status),
        ).fetchall()
    )
    return _with_items(conn, rows[0]) if rows else None


def set_status(conn: sqlite3.Connection, order_id: int, status: str, now: datetime) -> None:
    conn.execute(
        "UPDATE orders SET status = ?, updated_at = ? WHERE id = ?",
        (status, to_db(now), order_id),
    )


def count(conn: sqlite3.Connection) -> int:
    rows = conn.execute("SELECT COUNT(*) FROM orders").fetchall()
    return int(next(iter(rows))[0])
