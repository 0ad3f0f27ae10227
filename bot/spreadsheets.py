"""Files cadres open in Excel or WPS: the purchase list as .xlsx (openpyxl) and .csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot import texts
from bot.catalog import Catalog
from bot.formatting import building_order, floor_of, format_items
from bot.messages import ParsedItem
from bot.purchase_list import Line, buildings_of
from storage.rows import BatchItem, BatchOrder


def _header(buildings: Sequence[str]) -> list[str]:
    return [
        texts.SHEET_ITEM,
        texts.SHEET_UNIT,
        texts.SHEET_TOTAL,
        *(texts.WHERE_BUILDING.format(building=b) for b in buildings),
        texts.SHEET_ORDERS,
        texts.SHEET_REVIEW,
    ]


def _row(line: Line, buildings: Sequence[str]) -> list[object]:
    return [
        line.item,
        line.unit,
        line.total,
        *(line.by_building.get(b, "") for b in buildings),
        len(line.orders),
        "" if line.in_catalog else texts.SHEET_NOT_IN_CATALOG,
    ]


def purchase_csv(lines: Sequence[Line]) -> bytes:
    """UTF-8 with a BOM, so that Excel and WPS read the Chinese right."""
    buildings = buildings_of(lines)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header(buildings))
    for line in lines:
        writer.writerow([_plain(v) for v in _row(line, buildings)])
    return out.getvalue().encode("utf-8-sig")


def _plain(value: object) -> object:
    """2.0 is written 2 in a CSV cell; Excel shows numbers in .xlsx its own way."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def purchase_xlsx(lines: Sequence[Line], items: Sequence[BatchItem], title: str) -> bytes:
    buildings = buildings_of(lines)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = texts.SHEET_PURCHASE
    header = _header(buildings)
    ws.append(header)
    for line in lines:
        ws.append(_row(line, buildings))
    orders_by_building: dict[str, set[int]] = {}
    for it in items:
        orders_by_building.setdefault(it.building, set()).add(it.order_id)
    ws.append(
        [
            texts.SHEET_TOTAL_ROW,
            "",
            "",
            *(len(orders_by_building.get(b, ())) for b in buildings),
            len({it.order_id for it in items}),
            "",
        ]
    )
    _finish(ws, header)
    detail = wb.create_sheet(texts.SHEET_DETAIL)
    detail_header = [
        texts.SHEET_ORDER_NO,
        texts.SHEET_DOOR,
        texts.SHEET_ITEM,
        texts.SHEET_QTY,
        texts.SHEET_UNIT,
    ]
    detail.append(detail_header)
    for it in items:
        detail.append([it.order_id, it.door, it.item, it.qty, it.goods_unit or ""])
    _finish(detail, detail_header)
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _finish(sheet: Any, header: Sequence[str]) -> None:
    """Bold frozen header row, columns as wide as their longest cell."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for col, name in enumerate(header, start=1):
        letter = get_column_letter(col)
        cells = [_width(str(c.value)) for c in sheet[letter] if c.value is not None]
        sheet.column_dimensions[letter].width = min(max([_width(name), *cells]) + 2, 40)


def _width(text: str) -> int:
    # CJK characters take two columns in Excel.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _door_order(order: BatchOrder) -> tuple[str, int, str]:
    """Unit, then floor, then room: the order a volunteer climbs the stairs in."""
    return (order.unit, floor_of(order.room), order.room)


def delivery_xlsx(
    orders: Sequence[BatchOrder], items: Sequence[BatchItem], catalog: Catalog, *, public: bool
) -> bytes:
    """One sheet per building; the staff copy carries phones, the group copy none."""
    goods: dict[int, list[ParsedItem]] = {}
    for it in items:
        goods.setdefault(it.order_id, []).append(
            ParsedItem(item=it.item, qty=it.qty, unit=it.goods_unit, in_catalog=it.in_catalog)
        )
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    header = [
        texts.SHEET_UNIT_NO,
        texts.SHEET_ROOM,
        texts.SHEET_GOODS,
        texts.SHEET_ORDER_NO,
        texts.SHEET_STATE,
        texts.SHEET_VOLUNTEER,
        *([] if public else [texts.SHEET_PHONE, texts.SHEET_NOTES]),
        texts.SHEET_TICK,
    ]
    by_building: dict[str, list[BatchOrder]] = {}
    for order in orders:
        by_building.setdefault(order.building, []).append(order)
    for building in sorted(by_building, key=building_order):
        sheet = wb.create_sheet(texts.WHERE_BUILDING.format(building=building))
        sheet.append(header)
        for order in sorted(by_building[building], key=_door_order):
            shown = format_items(goods.get(order.order_id, ()), catalog, hide_sensitive=public)
            sheet.append(
                [
                    order.unit,
                    order.room,
                    shown,
                    order.order_id,
                    texts.ORDER_STATE_SHORT[order.status],
                    order.volunteer or "",
                    *([] if public else [order.phone or "", order.notes]),
                    "",
                ]
            )
        _finish(sheet, header)
    if not by_building:
        wb.create_sheet(texts.SHEET_PURCHASE).append(header)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
