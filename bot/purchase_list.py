"""A batch's purchase list: goods added up by item and unit, with per-building subtotals,
and the orders behind each line. Pure: rows in, a list out; the files are written by
bot/spreadsheets.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.catalog import Catalog
from bot.formatting import building_order
from storage.rows import BatchItem


@dataclass
class Line:
    item: str
    unit: str
    in_catalog: bool
    total: float = 0
    by_building: dict[str, float] = field(default_factory=dict)
    orders: list[int] = field(default_factory=list)


def purchase_list(items: Iterable[BatchItem], catalog: Catalog) -> list[Line]:
    """Catalog goods first, in catalog order; goods outside it after, to be reviewed."""
    lines: dict[tuple[str, str], Line] = {}
    for it in items:
        known = catalog.get(it.item)
        unit = it.goods_unit or (known.unit if known else None) or ""
        line = lines.get((it.item, unit))
        if line is None:
            line = lines[(it.item, unit)] = Line(it.item, unit, it.in_catalog)
        line.total += it.qty
        line.by_building[it.building] = line.by_building.get(it.building, 0) + it.qty
        if it.order_id not in line.orders:
            line.orders.append(it.order_id)
    rank = {c.name: i for i, c in enumerate(catalog.items)}
    return sorted(
        lines.values(),
        key=lambda ln: (not ln.in_catalog, rank.get(ln.item, len(rank)), ln.item, ln.unit),
    )


def buildings_of(lines: Iterable[Line]) -> list[str]:
    """Buildings in the list, numbers in number order, then the rest."""
    return sorted({b for ln in lines for b in ln.by_building}, key=building_order)
