"""Cadres at a terminal: `louzhang export` writes a batch's purchase list or delivery sheet
to a file; `louzhang notice` queues a notice to a range of buildings, which the running bot
sends (within a few seconds) like any other reply."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal

from bot import texts
from bot.app import build_app, create_compound
from bot.cli_errors import CliError
from bot.config import Config
from bot.context import Context
from bot.grammar import Arg, parse_args
from bot.messages import PLATFORMS
from bot.purchase_list import purchase_list
from bot.spreadsheets import delivery_xlsx, purchase_csv, purchase_xlsx
from storage.db import open_database
from storage.rows import Batch
from storage.store import Store


async def export(
    config: Config,
    kind: Literal["purchase", "delivery"],
    batch_ref: str,
    fmt: Literal["xlsx", "csv"],
    public: bool,
    out: Path,
) -> str:
    if kind == "delivery" and fmt == "csv":
        raise CliError("--format csv: delivery sheets are .xlsx only (one sheet per building)")
    db = await open_database(config.database.path)
    try:
        compound_id = await create_compound(db, config)
        store = Store(compound_id)
        catalog = config.build_catalog()

        def read(conn: sqlite3.Connection) -> tuple[Batch, bytes, int]:
            store.attach(conn)
            try:
                batch = _batch(store, batch_ref)
                items = store.batch_items(batch.id)
                if kind == "purchase":
                    lines = purchase_list(items, catalog)
                    if fmt == "csv":
                        data = purchase_csv(lines)
                    else:
                        data = purchase_xlsx(lines, items, f"采购单-批次{batch.id}")
                    return batch, data, len({it.order_id for it in items})
                orders = store.batch_orders(batch.id)
                return batch, delivery_xlsx(orders, items, catalog, public=public), len(orders)
            finally:
                store.attach(None)

        batch, data, count = await db.read(read)
    finally:
        await db.close()
    out.write_bytes(data)
    return f"{out}: batch {batch.id} ({batch.status}), {count} orders"


def _batch(store: Store, ref: str) -> Batch:
    if ref == "latest":
        batch = store.latest_batch("closed") or store.latest_batch("purchased")
        if batch is None:
            raise CliError("--batch latest: no closed or purchased batch yet")
        return batch
    if not ref.isdigit():
        raise CliError(f"--batch {ref!r}: expected a batch number or 'latest'")
    found = store.batch(int(ref))
    if found is None:
        raise CliError(f"--batch {ref}: no such batch")
    return found


async def notice(config: Config, to: str, text: str) -> str:
    """Queue the notice through the core's writer, as the `notice` command would."""
    args = parse_args((Arg("buildings"),), to)
    if args is None or args.buildings is None:
        raise CliError(f"--to {to!r}: expected buildings such as 3-27, 1,3,5 or 全部")
    found, missing = args.buildings.resolve(config.compound.units_by_building())
    if missing:
        raise CliError(f"--to {to!r}: the compound has no {', '.join(missing)}")
    app = await build_app(config, {})
    try:

        def queue(ctx: Context) -> int:
            sent = 0
            for building in dict.fromkeys(b for b, _ in found):
                ctx.store.add_notice(text, building, ctx.now)
                for platform in PLATFORMS:
                    for group in ctx.store.groups_of_building(platform, building):
                        ctx.post(platform, group.chat_id, texts.NOTICE_POST.format(text=text))
                        sent += 1
            ctx.audit("notice", to, text[:200])
            return sent

        sent = await app.core.act("notice", "cli", queue)
    finally:
        await app.close()
    return f"queued for {sent} group chats; the running bot sends them"
