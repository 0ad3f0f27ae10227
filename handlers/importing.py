"""Writes what `bot.imports` read: roster households and group-buying orders, as one
action through the core's writer, so that an import is all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from bot import schedule
from bot.context import Context, Rollback
from bot.imports import ImportFailed, Plan
from bot.messages import ParsedItem
from storage.rows import Batch, Household

# Group-buying products are counted in the export's own portions.
IMPORT_UNIT = "份"


@dataclass(frozen=True)
class Written:
    households_created: int = 0
    households_updated: int = 0
    orders_created: int = 0
    orders_known: int = 0
    batch: Batch | None = None


class DryRun(Rollback):
    """Ends a dry run: the writer rolls everything back; the report is still whole."""

    def __init__(self, written: Written) -> None:
        super().__init__(written)
        self.written = written


def _household(ctx: Context, building: str, unit: str, room: str) -> tuple[Household, bool]:
    found = ctx.store.find_household(building, unit, room)
    if found is not None:
        return found, False
    return ctx.store.household_at(building, unit, room, ctx.now), True


def write_roster(ctx: Context, plan: Plan, filename: str, *, dry_run: bool) -> Written:
    created = updated = 0
    for entry in plan.roster:
        hh, new = _household(ctx, entry.door.building, entry.door.unit, entry.door.room)
        ctx.store.update_roster(
            hh, entry.name, entry.phone, entry.headcount, "、".join(entry.flags)
        )
        created += new
        updated += not new
    written = Written(households_created=created, households_updated=updated)
    ctx.audit("import_households", filename, f"{created} created, {updated} updated")
    if dry_run:
        raise DryRun(written)
    return written


def write_orders(
    ctx: Context, plan: Plan, filename: str, batch_id: int | None, *, dry_run: bool
) -> Written:
    batch = _batch(ctx, batch_id)
    created_hh = orders = known = 0
    for order in plan.orders:
        if ctx.store.imported_order(plan.source, order.ref) is not None:
            known += 1
            continue
        hh, new = _household(ctx, order.door.building, order.door.unit, order.door.room)
        created_hh += new
        if order.phone:
            ctx.store.fill_phone(hh, order.phone)
        items = tuple(
            ParsedItem(item=it.name, qty=it.qty, unit=IMPORT_UNIT, in_catalog=True)
            for it in order.items
        )
        ctx.store.place_imported_order(
            batch, hh, items, ("import", plan.source), (plan.source, order.ref), ctx.now
        )
        orders += 1
    written = Written(
        households_created=created_hh, orders_created=orders, orders_known=known, batch=batch
    )
    ctx.audit("import_orders", filename, f"{orders} created, {known} known, batch {batch.id}")
    if dry_run:
        raise DryRun(written)
    return written


def _batch(ctx: Context, batch_id: int | None) -> Batch:
    if batch_id is None:
        cfg = ctx.settings.config.compound
        return ctx.store.open_batch(schedule.cutoffs_after(ctx.now, cfg.cutoffs, cfg.tz), ctx.now)
    batch = ctx.store.batch(batch_id)
    if batch is None:
        raise ImportFailed(f"--batch {batch_id}: no such batch")
    if batch.status == "purchased":
        raise ImportFailed(f"--batch {batch_id}: that batch was purchased already")
    return batch
