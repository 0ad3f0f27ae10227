"""Reading rosters and group-buying exports (bot/imports.py, bot/tables.py): headers by
their variants, doors from columns or typed addresses, and every row taken or reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.imports import ImportFailed, flags_of, phone_of, read_orders, read_roster, room_of
from bot.tables import TableError, read_table

REALDATA = Path(__file__).resolve().parents[1].parent / "shared/realdata/kuaituantuan_export.xlsx"
BUILDINGS: dict[str, tuple[str, ...]] = {"3": ("1", "2"), "5": (), "10": ("1", "2")}


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name == "花名册":
            ws.merge_cells("A1:H1")
    wb.save(path)
    return path


ROSTER = [
    ["XX小区3号楼摸排表（敲门行动）"],
    [],
    ["楼栋", "单元", "门牌号", "户主姓名", "联系电话", "常住人口", "特殊人群（独居、孕妇等）"],
    ["3号楼", "2单元", "501室", "王秀英", "139 1234 5678", 1, "独居老人，行动不便"],
    ["3", "2", "502", "周建国", "13812345678", "3人", ""],
    [],
    ["3", "2", "502", "周小明", "", 1, "居家隔离"],
    ["3", "1", "9o2", "李", "1391234", 2, ""],
    ["5栋", "", "1201", "赵", "+86 137-0000-1111", 2, "没有智能手机"],
    ["99", "1", "101", "钱", "", 1, ""],
    ["合计", "", "", "", "", 9, ""],
]


def test_a_roster_is_read_by_header_variants_below_a_title_with_bad_rows_named(
    tmp_path: Path,
) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"说明": [["填表说明"]], "花名册": ROSTER})
    plan = read_roster(read_table(path), BUILDINGS)
    assert plan.sheet == "花名册"
    doors = {e.door.label: e for e in plan.roster}
    assert sorted(doors) == ["3-2-501", "3-2-502", "5-1201"]
    assert doors["3-2-501"].flags == ("独居老人", "行动不便")
    assert doors["3-2-501"].phone == "13912345678"
    # Two rows for one door are one household: phones, counts and flags merged.
    merged = doors["3-2-502"]
    assert (merged.name, merged.phone, merged.headcount, merged.flags) == (
        "周建国、周小明",
        "13812345678",
        3,
        ("居家隔离",),
    )
    assert doors["5-1201"].flags == ("无智能手机",) and doors["5-1201"].phone == "13700001111"
    bad = [(b.row, b.column, b.reason) for b in plan.bad]
    assert bad == [
        (8, "E (联系电话)", "not a phone number"),
        (10, "C (门牌号)", "names no door of the compound"),
    ]
    assert (11, "totals row") in plan.skipped
    assert any(row == 7 and "merged" in why for row, why in plan.skipped)


def test_a_roster_with_one_address_column_reads_doors_with_the_parsers_rules(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "住址,姓名,手机\n3号楼2单元501,王,13912345678\n10-1-302,赵,\n门卫室,孙,\n", "utf-8"
    )
    plan = read_roster(read_table(path), BUILDINGS)
    assert [e.door.label for e in plan.roster] == ["3-2-501", "10-1-302"]
    assert [(b.row, b.value) for b in plan.bad] == [(4, "门卫室")]


def test_a_gbk_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("楼号,房号,电话\n5,1201,13912345678\n".encode("gbk"))
    assert [e.door.label for e in read_roster(read_table(path), BUILDINGS).roster] == ["5-1201"]


def test_a_sheet_without_the_columns_names_what_is_missing_and_what_it_found(
    tmp_path: Path,
) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"Sheet": [["姓名", "电话"], ["王", "139"]]})
    with pytest.raises(
        ImportFailed, match=r"missing columns 楼号\+房号 or 地址; headers found: 姓名、电话"
    ):
        read_roster(read_table(path), BUILDINGS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "encrypted workbook or an old .xls"),
        (b"PK\x03\x04garbage", "not a readable .xlsx workbook"),
        (b"\x89PNG\r\n", "expected an .xlsx or .csv file"),
    ],
)
def test_a_file_that_is_no_table_gets_one_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / ("x.png" if content.startswith(b"\x89") else "x.xlsx")
    path.write_bytes(content)
    with pytest.raises(TableError, match=re.escape(message)):
        read_table(path)


def test_a_csv_in_neither_utf8_nor_gbk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xff\xfe\x00\xd8" * 10)
    with pytest.raises(TableError, match="neither UTF-8 nor GBK"):
        read_table(path)


KTT = [
    [
        "下单人",
        "团员备注",
        "跟团号",
        "商品",
        "规格",
        "数量",
        "订单金额",
        "退款金额",
        "收货人",
        "联系电话",
        "详细地址",
        "房号（如606）",
        "楼号（如10）",
    ],
    [
        "甲",
        "",
        "1",
        "鸡蛋",
        "30枚",
        2,
        50,
        0,
        "甲",
        "13900000001",
        "某路500弄3号楼2单元501室",
        "501",
        "3",
    ],
    [
        "甲",
        "",
        "1",
        "大米",
        "5kg",
        1,
        40,
        0,
        "甲",
        "13900000001",
        "某路500弄3号楼2单元501室",
        "501",
        "3",
    ],
    ["乙", "", "2", "鸡蛋", "30枚", 1, 25, 0, "乙", "13900000002", "10#1-302", "", ""],
    ["丙", "", "3", "鸡蛋", "30枚", 1, 25, 0, "丙", "13900000003", "某路500弄5号1201", "1202", "5"],
    ["丁", "", "4", "鸡蛋", "30枚", 1, 25, 25, "丁", "13900000004", "5号1201", "", ""],
    ["戊", "", "5", "鸡蛋", "30枚", 1, 25, 0, "戊", "13900000005", "商务楼", "", ""],
    ["己", "", "6", "鸡蛋", "30枚", 1, 25, 0, "己", "13900000006", "5号9o2室", "9o2", "5号"],
]


def test_a_kuaituantuan_export_is_found_beside_other_sheets_and_read_row_by_row(
    tmp_path: Path,
) -> None:
    path = _xlsx(
        tmp_path / "k.xlsx",
        {"商品汇总表": [["商品", "销售数量"]], "顾客购买表": KTT, "说明": [["x"]]},
    )
    plan = read_orders(read_table(path), BUILDINGS)
    assert (plan.source, plan.sheet, plan.rows_read) == ("快团团", "顾客购买表", 7)
    orders = {o.ref: o for o in plan.orders}
    assert sorted(orders) == ["1", "2", "6"]
    # One order number over two rows is one order with both goods.
    assert [(i.name, i.qty) for i in orders["1"].items] == [("鸡蛋（30枚）", 2), ("大米（5kg）", 1)]
    assert orders["1"].door.label == "3-2-501" and orders["2"].door.label == "10-1-302"
    assert orders["6"].door.label == "5-902"
    assert plan.skipped == [(6, "refunded in full")]
    reasons = {b.row: b.reason for b in plan.bad}
    assert reasons == {
        5: "the address says 5-1201, the door columns say 5-1202",
        7: "names no door of the compound",
    }


def test_a_jielong_export_skips_its_totals_row_and_unpaid_orders(tmp_path: Path) -> None:
    path = tmp_path / "j.csv"
    path.write_text(
        "序号,收货人,联系电话,收货地址,商品,订购数量,支付状态\n"
        "1,王,13912345678,3号楼2单元501,蔬菜包,2,已支付\n"
        "2,李,13912345679,5-1201,蔬菜包,1,未支付\n"
        "3,赵,13912345670,10-2-301,蔬菜包,1,已支付\n"
        "合计,,,,,4,\n",
        "utf-8",
    )
    plan = read_orders(read_table(path), BUILDINGS)
    assert plan.source == "群接龙"
    assert [(o.ref, o.door.label, o.items[0].qty) for o in plan.orders] == [
        ("1", "3-2-501", 2),
        ("3", "10-2-301", 1),
    ]
    assert plan.skipped == [(3, "支付状态 未支付"), (5, "totals row")]


def test_an_export_of_neither_kind_says_what_each_needs(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "x.xlsx", {"Sheet1": [["名字", "金额"], ["a", 1]]})
    with pytest.raises(ImportFailed, match=r"not a 快团团 export .* headers found: 名字、金额"):
        read_orders(read_table(path), BUILDINGS)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("501", ("", "501")),
        ("501室", ("", "501")),
        ("9o2", ("", "902")),
        ("805是", ("", "805")),
        ("2-501", ("2", "501")),
        ("门卫", None),
        ("12", None),
    ],
)
def test_room_cells_as_people_type_them(cell: str, expected: tuple[str, str] | None) -> None:
    assert room_of(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("139 1234 5678", "13912345678"),
        ("+86-139-1234-5678", "13912345678"),
        ("021-12345678", "02112345678"),
        ("", None),
        ("1391234", False),
        ("无", False),
    ],
)
def test_phones_in_their_written_forms(cell: str, expected: str | bool | None) -> None:
    assert phone_of(cell) == expected


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("独居老人", ("独居老人",)),
        ("老人，没有手机", ("老人", "无智能手机")),
        ("血透患者", ("透析",)),
        ("孕妇", ("孕妇",)),
        ("密接居家", ("居家隔离",)),
        ("", ()),
    ],
)
def test_special_households_are_read_into_the_fixed_set(text: str, flags: tuple[str, ...]) -> None:
    assert flags_of(text) == flags


@pytest.mark.skipif(not REALDATA.exists(), reason="shared real data not present")
def test_the_real_kuaituantuan_export_reads_every_door_it_names() -> None:
    buildings: dict[str, tuple[str, ...]] = {str(i): () for i in range(1, 101)}
    plan = read_orders(read_table(REALDATA), buildings)
    assert (plan.source, plan.rows_read) == ("快团团", 220)
    assert len(plan.orders) == 211
    # Where the leader's 楼号/房号 columns agree with the typed address, the door read is
    # theirs: a check of the reading that does not come from the reader.
    rows = read_table(REALDATA)[0].rows
    checked = 0
    for order in plan.orders:
        row = rows[order.rows[0] - 1]
        room, building = re.sub(r"\D", "", row[21]), re.sub(r"\D", "", row[22])
        typed = re.search(rf"(?<!\d){building}\s*[号#\-幢栋楼]", row[19]) if building else None
        if room and typed and room in row[19]:
            checked += 1
            assert (order.door.building, order.door.room) == (building, room), row[19]
    assert checked >= 180
    # The rows left out name no numbered building (the 商务楼 on 龙吴路) or contradict
    # their own door columns; none is guessed.
    assert len(plan.bad) == 9
    assert all(
        "商务楼" in b.value or "5899" in b.value or "door columns say" in b.reason for b in plan.bad
    )
