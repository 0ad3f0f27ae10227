"""Batches as cadres handle them: which to close or mark bought, and what is in one."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.lifecycle import BatchState, OrderState
from storage.rows import Batch, BatchItem, BatchOrder
from storage.timefmt import to_db


def oldest(conn: sqlite3.Connection, compound_id: int, status: BatchState) -> Batch | None:
    """The batch in `status` with the earliest cut-off (the current one, for `open`)."""
    row = conn.execute(
        "SELECT id, cutoff_at, status FROM batches WHERE compound_id = ? AND status = ?"
        " ORDER BY cutoff_at LIMIT 1",
        (compound_id, status),
    ).fetchone()
    return Batch.of(row) if row else None


def latest(conn: sqlite3.Connection, compound_id: int, status: BatchState) -> Batch | None:
    row = conn.execute(
        "SELECT id, cutoff_at, status FROM batches WHERE compound_id = ? AND status = ?"
        " ORDER BY cutoff_at DESC LIMIT 1",
        (compound_id, status),
    ).fetchone()
    return Batch.of(row) if row else None


def order_count(conn: sqlite3.Connection, batch_id: int) -> int:
    """Orders in the batch that were not cancelled."""
    row = conn.execute(
        "SELECT COUNT(*) FROM orders WHERE batch_id = ? AND status != 'cancelled'", (batch_id,)
    ).fetchone()
    return int(row[0])


def move_orders(
    conn: sqlite3.Connection,
    batch_id: int,
    current: OrderState,
    target: OrderState,
    now: datetime,
) -> int:
    """Compare-and-set on every order of the batch in `current`; how many moved."""
    cur = conn.execute(
        "UPDATE orders SET status = ?, updated_at = ? WHERE batch_id = ? AND status = ?",
        (target, to_db(now), batch_id, current),
    )
    return cur.rowcount


def doors_of(conn: sqlite3.Connection, batch_id: int) -> list[BatchOrder]:
    """Each order of the batch that was not cancelled, with its door, state, volunteer and
    the household's phone (for the staff copy of a delivery sheet)."""
    rows = conn.execute(
        "SELECT o.id AS order_id, h.building, h.unit, h.room, o.status, o.volunteer, h.phone,"
        " h.flags AS notes"
        " FROM orders o JOIN households h ON h.id = o.household_id"
        " WHERE o.batch_id = ? AND o.status != 'cancelled' ORDER BY o.id",
        (batch_id,),
    ).fetchall()
    return [BatchOrder.of(r) for r in rows]


def items_of(conn: sqlite3.Connection, batch_id: int) -> list[BatchItem]:
    """Every item of every order in the batch that was not cancelled, by building and door."""
    rows = conn.execute(
        "SELECT o.id AS order_id, h.building, h.unit, h.room, oi.item, oi.qty,"
        " oi.unit AS goods_unit, oi.in_catalog FROM orders o"
        " JOIN households h ON h.id = o.household_id JOIN order_items oi ON oi.order_id = o.id"
        " WHERE o.batch_id = ? AND o.status != 'cancelled'"
        " ORDER BY CAST(h.building AS INTEGER), h.building, h.unit, h.room, o.id, oi.id",
        (batch_id,),
    ).fetchall()
    return [BatchItem.of(r) for r in rows]


def between(
    conn: sqlite3.Connection, compound_id: int, start: datetime, end: datetime
) -> list[Batch]:
    """Batches whose cut-off falls in [start, end), in order."""
    rows = conn.execute(
        "SELECT id, cutoff_at, status FROM batches WHERE compound_id = ? AND cutoff_at >= ?"
        " AND cutoff_at < ? ORDER BY cutoff_at",
        (compound_id, to_db(start), to_db(end)),
    ).fetchall()
    return [Batch.of(r) for r in rows]
