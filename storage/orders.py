"""Batches (cut-off rounds), orders and their items."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from bot.lifecycle import BatchState, OrderState
from bot.messages import ParsedItem
from storage.rows import Batch, Order, OrderItemRow, Placer
from storage.timefmt import to_db


def batch_at(
    conn: sqlite3.Connection, compound_id: int, cutoff_at: datetime, now: datetime
) -> Batch:
    """The batch closing at `cutoff_at`, created open when it does not exist yet."""
    row = conn.execute(
        "INSERT INTO batches (compound_id, cutoff_at, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (compound_id, cutoff_at) DO NOTHING RETURNING id, cutoff_at, status",
        (compound_id, to_db(cutoff_at), to_db(now)),
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT id, cutoff_at, status FROM batches WHERE compound_id = ? AND cutoff_at = ?",
            (compound_id, to_db(cutoff_at)),
        ).fetchone()
    return Batch.of(row)


def get_batch(conn: sqlite3.Connection, batch_id: int) -> Batch | None:
    row = conn.execute(
        "SELECT id, cutoff_at, status FROM batches WHERE id = ?", (batch_id,)
    ).fetchone()
    return Batch.of(row) if row else None


def move_batch(
    conn: sqlite3.Connection, batch_id: int, current: BatchState, target: BatchState, now: datetime
) -> bool:
    """Compare-and-set: True when this call moved the batch from `current`."""
    closed_at = to_db(now) if target == "closed" else None
    cur = conn.execute(
        "UPDATE batches SET status = ?, closed_at = COALESCE(?, closed_at)"
        " WHERE id = ? AND status = ?",
        (target, closed_at, batch_id, current),
    )
    return cur.rowcount == 1


def insert(
    conn: sqlite3.Connection,
    batch_id: int,
    household_id: int,
    inbox_id: int | None,
    items: tuple[ParsedItem, ...],
    placer: Placer,
    now: datetime,
    external: tuple[str, str] | None = None,
) -> int:
    """A new order; `external` is (source, the export's order number) for imports."""
    stamp = to_db(now)
    needs_review = any(not it.in_catalog for it in items)
    source, ref = external or (None, None)
    cur = conn.execute(
        "INSERT INTO orders (batch_id, household_id, inbox_id, needs_review, placed_platform,"
        " placed_by, created_at, updated_at, external_source, external_ref)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (batch_id, household_id, inbox_id, int(needs_review), *placer, stamp, stamp, source, ref),
    )
    order_id = cur.lastrowid
    assert order_id is not None
    conn.executemany(
        "INSERT INTO order_items (order_id, item, qty, unit, in_catalog) VALUES (?, ?, ?, ?, ?)",
        [(order_id, it.item, it.qty, it.unit, int(it.in_catalog)) for it in items],
    )
    return order_id


_ORDER_SELECT = (
    "SELECT o.id, o.batch_id, o.household_id, o.inbox_id, o.status, o.placed_platform,"
    " o.placed_by, o.volunteer, o.delivered_at, h.phone, h.flags AS notes,"
    " b.cutoff_at, b.status AS batch_status, h.building, h.unit, h.room FROM orders o"
    " JOIN batches b ON b.id = o.batch_id JOIN households h ON h.id = o.household_id"
)


def _with_items(conn: sqlite3.Connection, row: sqlite3.Row) -> Order:
    items = conn.execute(
        "SELECT item, qty, unit, in_catalog FROM order_items WHERE order_id = ? ORDER BY id",
        (row["id"],),
    ).fetchall()
    return Order.of(row, items=tuple(OrderItemRow.of(i) for i in items))


def get(conn: sqlite3.Connection, order_id: int) -> Order | None:
    row = conn.execute(_ORDER_SELECT + " WHERE o.id = ?", (order_id,)).fetchone()
    return _with_items(conn, row) if row else None


def of_message(conn: sqlite3.Connection, inbox_id: int) -> list[Order]:
    rows = conn.execute(_ORDER_SELECT + " WHERE o.inbox_id = ? ORDER BY o.id", (inbox_id,))
    return [_with_items(conn, row) for row in rows.fetchall()]


def latest_of_household(
    conn: sqlite3.Connection, household_id: int, *, exclude: frozenset[OrderState] = frozenset()
) -> Order | None:
    """The household's newest order whose state is not in `exclude`."""
    rows = conn.execute(
        _ORDER_SELECT + " WHERE o.household_id = ? ORDER BY o.id DESC", (household_id,)
    )
    for row in rows:
        if row["status"] not in exclude:
            return _with_items(conn, row)
    return None


def set_volunteer(
    conn: sqlite3.Connection,
    order_id: int,
    current: OrderState,
    target: OrderState,
    volunteer: str | None,
    holder: str | None,
    now: datetime,
) -> bool:
    """Compare-and-set on state and on who holds it: claim (holder None), release and
    deliver (holder = the volunteer who claimed)."""
    delivered_at = to_db(now) if target == "delivered" else None
    cur = conn.execute(
        "UPDATE orders SET status = ?, volunteer = ?, updated_at = ?,"
        " delivered_at = coalesce(?, delivered_at)"
        " WHERE id = ? AND status = ? AND volunteer IS ?",
        (target, volunteer, to_db(now), delivered_at, order_id, current, holder),
    )
    return cur.rowcount == 1


def held_by(conn: sqlite3.Connection, volunteer: str) -> list[Order]:
    """The orders a volunteer has claimed and not yet delivered."""
    rows = conn.execute(
        _ORDER_SELECT + " WHERE o.volunteer = ? AND o.status = 'claimed' ORDER BY o.id",
        (volunteer,),
    ).fetchall()
    return [_with_items(conn, r) for r in rows]


def imported(conn: sqlite3.Connection, source: str, ref: str) -> int | None:
    """The order an export's order number became, if it was imported before."""
    row = conn.execute(
        "SELECT id FROM orders WHERE external_source = ? AND external_ref = ?", (source, ref)
    ).fetchone()
    return int(row[0]) if row else None


def claimed_in(conn: sqlite3.Connection, compound_id: int, building: str) -> list[Order]:
    rows = conn.execute(
        _ORDER_SELECT + " WHERE b.compound_id = ? AND o.status = 'claimed' AND h.building = ?"
        " ORDER BY o.id",
        (compound_id, building),
    ).fetchall()
    return [_with_items(conn, r) for r in rows]


def unclaimed(conn: sqlite3.Connection, compound_id: int, buildings: Iterable[str]) -> list[Order]:
    """Bought orders of these buildings that nobody has claimed."""
    rows = conn.execute(
        _ORDER_SELECT + " WHERE b.compound_id = ? AND o.status = 'purchased'"
        " AND o.volunteer IS NULL"
        " AND h.building IN (SELECT value FROM json_each(?)) ORDER BY o.id",
        (compound_id, json.dumps(list(buildings))),
    ).fetchall()
    return [_with_items(conn, r) for r in rows]


def delivered_unconfirmed(conn: sqlite3.Connection, compound_id: int) -> list[Order]:
    """Delivered orders no resident has confirmed yet, oldest delivery first."""
    rows = conn.execute(
        _ORDER_SELECT + " WHERE b.compound_id = ? AND o.status = 'delivered'"
        " ORDER BY o.delivered_at, o.id",
        (compound_id,),
    ).fetchall()
    return [_with_items(conn, r) for r in rows]


def release_all(conn: sqlite3.Connection, volunteer: str, now: datetime) -> list[int]:
    """Every order the volunteer holds goes back to be claimed (their role was revoked)."""
    rows = conn.execute(
        "UPDATE orders SET status = 'purchased', volunteer = NULL, updated_at = ?"
        " WHERE volunteer = ? AND status = 'claimed' RETURNING id",
        (to_db(now), volunteer),
    ).fetchall()
    return sorted(r[0] for r in rows)


def replace_items(
    conn: sqlite3.Connection, order_id: int, items: tuple[ParsedItem, ...], now: datetime
) -> bool:
    """Compare-and-set on an open order: its goods become `items`."""
    cur = conn.execute(
        "UPDATE orders SET updated_at = ?, needs_review = ? WHERE id = ? AND status = 'open'",
        (to_db(now), int(any(not it.in_catalog for it in items)), order_id),
    )
    if cur.rowcount != 1:
        return False
    conn.execute("DELETE FROM order_items WHERE order_id = ?", (order_id,))
    conn.executemany(
        "INSERT INTO order_items (order_id, item, qty, unit, in_catalog) VALUES (?, ?, ?, ?, ?)",
        [(order_id, it.item, it.qty, it.unit, int(it.in_catalog)) for it in items],
    )
    return True


def placed_since(
    conn: sqlite3.Connection, placer: Placer, household_id: int, since: datetime
) -> list[Order]:
    """Orders this sender placed for this household since `since`, newest first."""
    rows = conn.execute(
        _ORDER_SELECT + " WHERE o.placed_platform = ? AND o.placed_by = ? AND o.household_id = ?"
        " AND o.created_at >= ? ORDER BY o.id DESC",
        (*placer, household_id, to_db(since)),
    ).fetchall()
    return [_with_items(conn, r) for r in rows]


def move(
    conn: sqlite3.Connection, order_id: int, current: OrderState, target: OrderState, now: datetime
) -> bool:
    """Compare-and-set: True when this call moved the order from `current`."""
    cur = conn.execute(
        "UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
        (target, to_db(now), order_id, current),
    )
    return cur.rowcount == 1


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0])
