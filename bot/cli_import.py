"""`louzhang import households|orders FILE`: rosters and group-buying exports, with a
report of what was read, written and left out."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from bot.app import build_app
from bot.cli_errors import CliError
from bot.config import Config
from bot.context import Context
from bot.imports import ImportFailed, Plan, read_orders, read_roster
from bot.tables import TableError, read_table
from handlers.importing import DryRun, Written, write_orders, write_roster

SHOWN_ROWS = 30


async def run_import(
    config: Config,
    kind: Literal["households", "orders"],
    path: Path,
    *,
    sheet: str | None,
    batch: int | None,
    dry_run: bool,
    skip_bad: bool,
) -> tuple[str, int]:
    """(the report, the exit code): 0 when imported (or a clean dry run), 2 when bad rows
    stopped it; a file that cannot be imported at all raises CliError."""
    buildings = config.compound.units_by_building()
    try:
        sheets = read_table(path)
        plan = (
            read_roster(sheets, buildings, sheet)
            if kind == "households"
            else read_orders(sheets, buildings, sheet)
        )
    except (TableError, ImportFailed) as e:
        raise CliError(f"{path}: {e}" if not str(e).startswith(str(path)) else str(e)) from None
    head = [f"{path.name}, sheet {plan.sheet!r} ({plan.source}): {plan.rows_read} rows read"]
    if plan.bad and not skip_bad and not dry_run:
        lines = [*head, *_bad_lines(plan), "nothing imported: fix these rows, or pass --skip-bad"]
        return "\n".join(lines), 2
    app = await build_app(config, {})
    try:

        def write(ctx: Context) -> Written:
            if kind == "households":
                return write_roster(ctx, plan, path.name, dry_run=dry_run)
            return write_orders(ctx, plan, path.name, batch, dry_run=dry_run)

        try:
            written = await app.core.act(f"import_{kind}", "cli", write)
        except DryRun as done:
            written = done.written
        except ImportFailed as e:
            raise CliError(str(e)) from None
    finally:
        await app.close()
    lines = [*head, *_written_lines(config, kind, written), *_skipped_lines(plan)]
    if plan.bad:
        lines += _bad_lines(plan, skip_bad=skip_bad and not dry_run)
    if dry_run:
        lines.append("dry run: nothing was written")
        return "\n".join(lines), 2 if plan.bad and not skip_bad else 0
    return "\n".join(lines), 0


def _written_lines(config: Config, kind: str, written: Written) -> list[str]:
    if kind == "households":
        return [
            f"  households: {written.households_created} created,"
            f" {written.households_updated} updated"
        ]
    batch = written.batch
    assert batch is not None
    tz = config.compound.tz
    when = batch.cutoff_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return [
        f"  orders: {written.orders_created} created in batch #{batch.id} (cut-off {when}),"
        f" {written.orders_known} imported before",
        f"  households: {written.households_created} created",
    ]


def _skipped_lines(plan: Plan) -> list[str]:
    if not plan.skipped:
        return []
    shown = "; ".join(f"row {row} ({why})" for row, why in plan.skipped[:SHOWN_ROWS])
    more = f"; and {len(plan.skipped) - SHOWN_ROWS} more" if len(plan.skipped) > SHOWN_ROWS else ""
    return [f"  skipped: {len(plan.skipped)}: {shown}{more}"]


def _bad_lines(plan: Plan, *, skip_bad: bool = False) -> list[str]:
    left = " (left out)" if skip_bad else ""
    lines = [f"  bad rows: {len(plan.bad)}{left}"]
    lines += [f"    {bad}" for bad in plan.bad[:SHOWN_ROWS]]
    if len(plan.bad) > SHOWN_ROWS:
        lines.append(f"    and {len(plan.bad) - SHOWN_ROWS} more")
    return lines
