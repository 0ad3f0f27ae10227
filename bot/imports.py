"""Rosters (摸排) and group-buying exports (快团团, 群接龙), read the way their authors
typed them: headers found by name among common variants, doors read from columns or from
a typed address with the parser's door rules, every row either taken or reported with its
sheet, row, column and value. Pure: the file is read by `bot.tables`, the rows are stored
by `handlers.importing`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.parse.address import best_door, door_text, find_doors
from bot.parse.normalise import fold
from bot.privacy import redact
from bot.tables import Sheet

Kind = Literal["households", "orders"]
OrderFormat = Literal["快团团", "群接龙"]

# Header variants, compared without spaces or a bracketed hint (房号（如606）).
ROSTER_HEADERS: dict[str, tuple[str, ...]] = {
    "building": ("楼号", "楼栋", "栋", "楼", "栋号", "楼栋号", "幢", "幢号", "楼幢"),
    "unit": ("单元", "单元号"),
    "room": ("房号", "门牌号", "室", "房间号", "户号", "房间", "室号"),
    "name": ("姓名", "户主", "户主姓名", "联系人", "住户姓名"),
    "phone": ("电话", "手机", "联系电话", "手机号", "手机号码", "联系方式", "电话号码"),
    "headcount": ("人数", "常住人口", "户内人数", "家庭人数", "居住人数", "常住人数"),
    "flags": ("备注", "特殊人群", "特殊情况", "人员类别", "特殊人员", "重点人群"),
    "address": ("地址", "住址", "家庭住址", "详细地址", "门牌地址", "居住地址"),
}
KTT_HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("跟团号",),
    "product": ("商品",),
    "spec": ("规格",),
    "qty": ("数量",),
    "buyer": ("下单人",),
    "receiver": ("收货人",),
    "phone": ("联系电话",),
    "address": ("详细地址",),
    "room": ("房号", "门牌号"),
    "building": ("楼号", "楼栋", "栋号"),
    "paid": ("订单金额",),
    "refunded": ("退款金额",),
}
JIELONG_HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("接龙号", "序号", "订单号", "编号"),
    "product": ("商品", "商品名称", "规格"),
    "qty": ("订购数量", "数量"),
    "receiver": ("收货人",),
    "phone": ("联系电话", "手机号"),
    "address": ("收货地址", "地址"),
    "status": ("支付状态",),
}

# The fixed set of special households, and the words rosters write them with.
FLAG_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("独居老人", re.compile(r"独居|空巢|孤老")),
    ("老人", re.compile(r"老人|老年|高龄|[89]\d岁")),
    ("无智能手机", re.compile(r"(?:无|没有?|不会用)(?:智能)?手机|老年机")),
    ("居家隔离", re.compile(r"隔离|密接")),
    ("透析", re.compile(r"透析|血透")),
    ("孕妇", re.compile(r"孕")),
    ("行动不便", re.compile(r"行动不便|残疾|瘫痪|卧床|轮椅")),
)
_BUILDING_WORDS = re.compile(r"^第|(?:号楼|号|栋|幢|楼|座|#)$")
_ROOM_WORDS = re.compile(r"(?:室|号|房|是)$")
_UNIT_ROOM = re.compile(r"^(\d{1,2})\s*[-－—]\s*(\d{3,4})$")
_ROOM = re.compile(r"^\d{3,4}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:0\d{2,3})?[2-9]\d{6,7}$")
_TOTALS = re.compile(r"^(?:合计|总计|汇总|小计|总数)")
_NOT_PAID = re.compile(r"未支付|未付|已退款|退款|已取消|取消")


@dataclass(frozen=True)
class BadRow:
    sheet: str
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        value = redact(self.value)
        return f"{self.sheet} row {self.row}, column {self.column}: {value!r} ({self.reason})"


@dataclass(frozen=True)
class Door:
    building: str
    unit: str
    room: str

    @property
    def label(self) -> str:
        return (
            f"{self.building}-{self.unit}-{self.room}"
            if self.unit
            else f"{self.building}-{self.room}"
        )


@dataclass(frozen=True)
class RosterEntry:
    row: int
    door: Door
    name: str
    phone: str | None
    headcount: int | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ImportedItem:
    name: str
    qty: float


@dataclass(frozen=True)
class ImportedOrder:
    rows: tuple[int, ...]
    ref: str
    door: Door
    phone: str | None
    buyer: str
    items: tuple[ImportedItem, ...]


@dataclass
class Plan:
    kind: Kind
    source: str
    sheet: str
    rows_read: int = 0
    roster: list[RosterEntry] = field(default_factory=list)
    orders: list[ImportedOrder] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    # The header row as the file has it, for naming columns in reports.
    header: tuple[str, ...] = ()
    # (row, why) of rows passed over on purpose: totals, blank lines, refunds, repeats.
    skipped: list[tuple[int, str]] = field(default_factory=list)


class ImportFailed(Exception):
    """The file cannot be imported at all (wrong sheet, missing columns): one line."""


# --- headers ----------------------------------------------------------------------------------


def _header_key(cell: str) -> str:
    text = re.sub(r"[（(][^）)]*[）)]", "", cell)
    return re.sub(r"[\s:：*]", "", text)


def _match_header(row: Sequence[str], names: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, cell in enumerate(row):
        key = _header_key(cell)
        for name, variants in names.items():
            if name not in found and key in variants:
                found[name] = col
                break
    return found


def find_header(
    sheet: Sheet, names: dict[str, tuple[str, ...]], required: Sequence[Sequence[str]]
) -> tuple[int, dict[str, int]] | None:
    """(row index, field -> column) of the best header in the first rows: the one that
    names the most fields and has one of the `required` combinations."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(sheet.rows[:20]):
        found = _match_header(row, names)
        if not any(all(f in found for f in combo) for combo in required):
            continue
        if best is None or len(found) > len(best[1]):
            best = (index, found)
    return best


def _headers_seen(sheet: Sheet) -> str:
    for row in sheet.rows[:20]:
        cells = [c for c in row if c]
        if len(cells) >= 2:
            return "、".join(cells[:20])
    return "(none)"


def _pick_sheet(
    sheets: Sequence[Sheet],
    wanted: str | None,
    names: dict[str, tuple[str, ...]],
    required: Sequence[Sequence[str]],
    what: str,
) -> tuple[Sheet, int, dict[str, int]]:
    if wanted is not None:
        chosen = [s for s in sheets if s.name == wanted]
        if not chosen:
            listed = "、".join(s.name for s in sheets)
            raise ImportFailed(f"--sheet {wanted!r}: no such sheet (sheets: {listed})")
        candidates = chosen
    else:
        candidates = list(sheets)
    for sheet in candidates:
        header = find_header(sheet, names, required)
        if header is not None:
            return sheet, header[0], header[1]
    need = " or ".join("+".join(names[f][0] for f in combo) for combo in required)
    first = candidates[0]
    raise ImportFailed(
        f"sheet {first.name!r}: not {what}: missing columns {need};"
        f" headers found: {_headers_seen(first)}"
    )


# --- cells --------------------------------------------------------------------------------------


def _digits_fixed(text: str) -> str:
    """9o2 / 50O: a letter o among digits is a zero typed on a phone keyboard."""
    return re.sub(r"(?<=\d)[oO〇]|[oO〇](?=\d)", "0", text)


def building_of(cell: str, buildings: dict[str, tuple[str, ...]]) -> str | None:
    text = _BUILDING_WORDS.sub("", _digits_fixed(fold(cell)).replace(" ", ""))
    text = _BUILDING_WORDS.sub("", text)
    if text.isdigit():
        text = str(int(text))
    text = text.upper()
    return text if text in buildings else None


def room_of(cell: str) -> tuple[str, str] | None:
    """(unit or "", room) from a room cell: 501, 501室, 9o2, 2-501."""
    text = _ROOM_WORDS.sub("", _digits_fixed(fold(cell)).replace(" ", ""))
    m = _UNIT_ROOM.match(text)
    if m is not None:
        return m.group(1), m.group(2)
    return ("", text) if _ROOM.match(text) else None


def door_in_text(text: str, buildings: dict[str, tuple[str, ...]]) -> Door | None:
    """The door a typed address names, by the parser's rules; None unless it names a
    building the compound has and a room."""
    mentions = find_doors(door_text(fold(_digits_fixed(text))), "text")
    # A lane or street number (500弄, 5899号) is not a building: try the doors in turn.
    for mention in [best_door(mentions), *mentions]:
        if mention is None:
            continue
        building, unit, room = mention.parts
        if building is None or room is None or building not in buildings:
            continue
        if unit and unit not in buildings[building]:
            continue
        return Door(building, unit or "", room)
    return None


def phone_of(cell: str) -> str | Literal[False] | None:
    """The phone as digits; None when blank; False when it is no phone number."""
    text = re.sub(r"[\s\-－—.()（）]", "", fold(cell))
    text = re.sub(r"^(?:\+?86|0086)(?=1\d{10}$)", "", text)
    if not text:
        return None
    if _MOBILE.match(text) or _LANDLINE.match(text):
        return text
    return False


def flags_of(text: str) -> tuple[str, ...]:
    found = [name for name, words in FLAG_WORDS if words.search(text)]
    if "独居老人" in found and "老人" in found:
        found.remove("老人")
    return tuple(found)


def _cell(row: Sequence[str], col: int | None) -> str:
    return row[col] if col is not None and col < len(row) else ""


# --- rosters -----------------------------------------------------------------------------------


def read_roster(
    sheets: Sequence[Sheet], buildings: dict[str, tuple[str, ...]], sheet: str | None = None
) -> Plan:
    chosen, header, cols = _pick_sheet(
        sheets,
        sheet,
        ROSTER_HEADERS,
        (("building", "room"), ("address",)),
        "a household roster",
    )
    plan = Plan("households", "roster", chosen.name, header=chosen.rows[header])
    by_door: dict[Door, RosterEntry] = {}
    for number, row in _data_rows(plan, chosen, header):
        entry = _roster_row(plan, chosen.name, number, row, cols, buildings)
        if entry is None:
            continue
        before = by_door.get(entry.door)
        if before is not None:
            # One row per person in many rosters: the household is the door.
            plan.skipped.append((number, f"same door as row {before.row}, merged into it"))
            by_door[entry.door] = _merged(before, entry)
            continue
        by_door[entry.door] = entry
    plan.roster = list(by_door.values())
    return plan


def _data_rows(plan: Plan, sheet: Sheet, header: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(row number, cells) of the rows below the header that hold data: blank lines pass
    unseen, totals rows are noted as skipped, the rest counted as read."""
    for index in range(header + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if not any(row):
            continue
        if _TOTALS.match(next(c for c in row if c)):
            plan.skipped.append((index + 1, "totals row"))
            continue
        plan.rows_read += 1
        yield index + 1, row


def _merged(first: RosterEntry, more: RosterEntry) -> RosterEntry:
    names = "、".join(n for n in dict.fromkeys((first.name, more.name)) if n)
    counts = [c for c in (first.headcount, more.headcount) if c is not None]
    return RosterEntry(
        row=first.row,
        door=first.door,
        name=names[:40],
        phone=first.phone or more.phone,
        headcount=max(counts) if counts else None,
        flags=tuple(f for f, _ in FLAG_WORDS if f in first.flags + more.flags),
    )


def _roster_row(
    plan: Plan,
    sheet: str,
    number: int,
    row: Sequence[str],
    cols: dict[str, int],
    buildings: dict[str, tuple[str, ...]],
) -> RosterEntry | None:
    door = _door(plan, sheet, number, row, cols, buildings, "address")
    if door is None:
        return None
    phone = phone_of(_cell(row, cols.get("phone")))
    if phone is False:
        plan.bad.append(
            BadRow(
                sheet,
                number,
                _column(plan, cols, "phone"),
                _cell(row, cols.get("phone")),
                "not a phone number",
            )
        )
        return None
    count_text = _cell(row, cols.get("headcount"))
    headcount: int | None = None
    if count_text:
        digits = re.sub(r"人$", "", count_text)
        if not digits.isdigit() or not 0 < int(digits) <= 30:
            plan.bad.append(
                BadRow(
                    sheet, number, _column(plan, cols, "headcount"), count_text, "not a headcount"
                )
            )
            return None
        headcount = int(digits)
    flags = flags_of(_cell(row, cols.get("flags")))
    return RosterEntry(
        row=number,
        door=door,
        name=_cell(row, cols.get("name"))[:40],
        phone=phone,
        headcount=headcount,
        flags=flags,
    )


_COLUMN_NAMES = {
    "building": "楼号",
    "unit": "单元",
    "room": "房号",
    "phone": "电话",
    "headcount": "人数",
    "address": "地址",
    "qty": "数量",
    "product": "商品",
    "ref": "跟团号",
}


def _column(plan: Plan, cols: dict[str, int], name: str) -> str:
    col = cols.get(name)
    if col is None:
        return f"? ({_COLUMN_NAMES.get(name, name)})"
    title = plan.header[col] if col < len(plan.header) and plan.header[col] else name
    return f"{_letter(col)} ({title})"


def _letter(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _door(
    plan: Plan,
    sheet: str,
    number: int,
    row: Sequence[str],
    cols: dict[str, int],
    buildings: dict[str, tuple[str, ...]],
    address_field: str,
) -> Door | None:
    """The door from the building/unit/room columns and from the typed address; when both
    read and disagree, or neither reads, the row is bad: a door is never guessed."""
    from_cells = _door_from_cells(row, cols, buildings)
    address = _cell(row, cols.get(address_field))
    from_text = door_in_text(address, buildings) if address else None
    if from_cells is not None and from_text is not None:
        agreed = _agreed(from_cells, from_text)
        if agreed is not None:
            return agreed
        plan.bad.append(
            BadRow(
                sheet,
                number,
                _column(plan, cols, address_field),
                address,
                f"the address says {from_text.label}, the door columns say {from_cells.label}",
            )
        )
        return None
    door = from_text or from_cells
    if door is not None:
        return door
    if address:
        plan.bad.append(
            BadRow(
                sheet,
                number,
                _column(plan, cols, address_field),
                address,
                "names no door of the compound",
            )
        )
    else:
        shown = " / ".join(
            _cell(row, cols.get(f)) for f in ("building", "unit", "room") if f in cols
        )
        plan.bad.append(
            BadRow(
                sheet, number, _column(plan, cols, "room"), shown, "names no door of the compound"
            )
        )
    return None


def _agreed(a: Door, b: Door) -> Door | None:
    """The same door read twice, one of them maybe without its unit; else None."""
    if (a.building, a.room) != (b.building, b.room):
        return None
    if a.unit and b.unit and a.unit != b.unit:
        return None
    return Door(a.building, a.unit or b.unit, a.room)


def _door_from_cells(
    row: Sequence[str], cols: dict[str, int], buildings: dict[str, tuple[str, ...]]
) -> Door | None:
    if "building" not in cols or "room" not in cols:
        return None
    building = building_of(_cell(row, cols["building"]), buildings)
    room = room_of(_cell(row, cols["room"]))
    if building is None or room is None:
        return None
    unit_cell = re.sub(r"单元$", "", _cell(row, cols.get("unit")))
    unit = room[0] or (str(int(unit_cell)) if unit_cell.isdigit() else "")
    if unit and unit not in buildings[building]:
        return None
    if not unit and buildings[building] and "unit" in cols:
        return None
    return Door(building, unit, room[1])


# --- group-buying exports --------------------------------------------------------------------


def read_orders(
    sheets: Sequence[Sheet], buildings: dict[str, tuple[str, ...]], sheet: str | None = None
) -> Plan:
    """A 快团团 or 群接龙 export, told apart by its headers."""
    for fmt, names, required in (
        ("快团团", KTT_HEADERS, (("ref", "product", "qty", "address"),)),
        ("群接龙", JIELONG_HEADERS, (("address", "qty"),)),
    ):
        try:
            chosen, header, cols = _pick_sheet(sheets, sheet, names, required, fmt)
        except ImportFailed:
            continue
        return _orders(fmt, chosen, header, cols, buildings)  # type: ignore[arg-type]
    first = sheets[0] if sheet is None else next((s for s in sheets if s.name == sheet), None)
    if first is None:
        listed = "、".join(s.name for s in sheets)
        raise ImportFailed(f"--sheet {sheet!r}: no such sheet (sheets: {listed})")
    raise ImportFailed(
        f"sheet {first.name!r}: not a 快团团 export (needs 跟团号, 商品, 数量, 详细地址) nor a"
        f" 群接龙 export (needs 收货地址, 订购数量); headers found: {_headers_seen(first)}"
    )


def _orders(
    fmt: OrderFormat,
    sheet: Sheet,
    header: int,
    cols: dict[str, int],
    buildings: dict[str, tuple[str, ...]],
) -> Plan:
    plan = Plan("orders", fmt, sheet.name, header=sheet.rows[header])
    grouped: dict[str, ImportedOrder] = {}
    for number, row in _data_rows(plan, sheet, header):
        why = _not_an_order(fmt, row, cols)
        if why is not None:
            plan.skipped.append((number, why))
            continue
        qty_text = _cell(row, cols.get("qty"))
        try:
            qty = float(qty_text)
        except ValueError:
            qty = 0
        if not 0 < qty <= 1000:
            plan.bad.append(
                BadRow(sheet.name, number, _column(plan, cols, "qty"), qty_text, "not a quantity")
            )
            continue
        product = _product(fmt, sheet, row, cols)
        if not product:
            plan.bad.append(
                BadRow(sheet.name, number, _column(plan, cols, "product"), "", "no goods named")
            )
            continue
        door = _door(plan, sheet.name, number, row, cols, buildings, "address")
        if door is None:
            continue
        phone = phone_of(_cell(row, cols.get("phone")))
        ref = _cell(row, cols.get("ref")) or _content_key(row)
        item = ImportedItem(product, qty)
        before = grouped.get(ref)
        if before is not None and before.door == door:
            grouped[ref] = ImportedOrder(
                rows=(*before.rows, number),
                ref=ref,
                door=door,
                phone=before.phone,
                buyer=before.buyer,
                items=(*before.items, item),
            )
            continue
        if before is not None:
            plan.bad.append(
                BadRow(
                    sheet.name,
                    number,
                    _column(plan, cols, "ref"),
                    ref,
                    f"order number used before for {before.door.label}",
                )
            )
            continue
        grouped[ref] = ImportedOrder(
            rows=(number,),
            ref=ref,
            door=door,
            phone=phone or None,
            buyer=(_cell(row, cols.get("receiver")) or _cell(row, cols.get("buyer")))[:40],
            items=(item,),
        )
    plan.orders = list(grouped.values())
    return plan


def _not_an_order(fmt: OrderFormat, row: Sequence[str], cols: dict[str, int]) -> str | None:
    if fmt == "群接龙":
        status = _cell(row, cols.get("status"))
        return f"支付状态 {status}" if status and _NOT_PAID.search(status) else None
    paid, refunded = _cell(row, cols.get("paid")), _cell(row, cols.get("refunded"))
    try:
        if refunded and float(refunded) > 0 and float(refunded) >= float(paid or 0):
            return "refunded in full"
    except ValueError:
        return None
    return None


def _product(fmt: OrderFormat, sheet: Sheet, row: Sequence[str], cols: dict[str, int]) -> str:
    product = _cell(row, cols.get("product"))
    spec = _cell(row, cols.get("spec"))
    if product and spec and spec not in product:
        return f"{product}（{spec}）"[:80]
    if not product and fmt == "群接龙":
        # A 群接龙 export of one product names it in the sheet's title only.
        return sheet.name[:80]
    return product[:80]


def _content_key(row: Sequence[str]) -> str:
    """A 群接龙 row without an order number: the row's own content is its key."""
    return "row-" + hashlib.sha256("\x1f".join(row).encode()).hexdigest()[:16]
