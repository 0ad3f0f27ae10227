"""Cadres' batch commands (handlers/batches.py) and the purchase list they send
(bot/purchase_list.py, bot/spreadsheets.py), read back cell by cell."""

from __future__ import annotations

import asyncio
import csv
import io

import openpyxl

from bot.transports.console import parse_line
from storage import orders
from tests.harness import Bot

G3, G5 = "@3号楼业主群", "@5号楼群"
CADRE = "@私聊 张书记"


async def _batch_of(bot: Bot, number: int) -> tuple[int, str]:
    order = await bot.app.db.read(lambda c: orders.get(c, number))
    assert order is not None
    return order.batch_id, order.status


async def test_closing_now_sends_later_orders_to_the_next_batch(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert await bot.say(f"{CADRE}: 截单") == [
        "已截单：批次#1（原定今天12:00），共1单。之后的订单进入下一批。"
    ]
    replies = await bot.say(f"{G3} 3-2-502: 鸡蛋一盒")
    assert replies == ["已记录 3-2-502：鸡蛋1盒，单号#2，今天18:00截单。"]
    assert (await _batch_of(bot, 1))[0] != (await _batch_of(bot, 2))[0]
    assert await bot.say(f"{CADRE}: 截单") == [
        "已截单：批次#2（原定今天18:00），共1单。之后的订单进入下一批。"
    ]


async def test_residents_cannot_close_and_a_cadres_question_is_not_a_close(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert await bot.say(f"{G3} 3-2-501王姐: 截单") == []
    await bot.say(f"{G3} 张书记: 截单了吗？")
    assert await bot.say(f"{G3} 3-2-502: 鸡蛋一盒") == [
        "已记录 3-2-502：鸡蛋1盒，单号#2，今天12:00截单。"
    ]


async def test_a_batch_closing_in_a_burst_loses_no_order_and_puts_none_in_both(bot: Bot) -> None:
    lines = [f"{G3} 3-1-{100 + n}: 大米一袋" for n in range(1, 21)]
    lines.insert(10, f"{CADRE}: 截单")
    msgs = []
    for line in lines:
        parsed = parse_line(line)
        assert parsed is not None
        msgs.append(bot.console.message(parsed, bot.clock.now()))
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    batches = [(await _batch_of(bot, n))[0] for n in range(1, 21)]
    assert batches == [1] * 10 + [2] * 10


async def test_marking_bought_moves_open_orders_and_leaves_cancelled_ones(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G3} 3-2-502: 鸡蛋一盒")
    await bot.say(f"{G3} 3-2-502: 取消2号")
    await bot.say(f"{CADRE}: 截单")
    assert await bot.say(f"{CADRE}: 已采购") == ["已标记采购：批次#1（今天12:00），1单。"]
    assert [(await _batch_of(bot, n))[1] for n in (1, 2)] == ["purchased", "cancelled"]
    assert await bot.say(f"{CADRE}: 已采购 1") == ["批次#1还没有截单，先发：截单"]
    assert await bot.say(f"{CADRE}: 已采购 99") == ["没有找到批次#99。"]


async def _files(bot: Bot) -> dict[str, bytes]:
    rows = await bot.app.db.read(
        lambda c: c.execute(
            "SELECT filename, document FROM outbox WHERE document IS NOT NULL ORDER BY id"
        ).fetchall()
    )
    return {r[0]: r[1] for r in rows}


async def test_the_purchase_list_adds_up_its_orders_by_item_and_building(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋 鸡蛋一盒")
    await bot.say(f"{G3} 3-1-101: 大米一袋")
    await bot.say(f"{G5} 5-1502刘: 大米三袋 酸奶两排")
    await bot.say(f"{G3} 3-1-102: 鸡蛋五盒")
    await bot.say(f"{G3} 3-1-102: 取消4号")
    await bot.say(f"{CADRE}: 截单")
    said = await bot.say(f"{CADRE}: 采购单")
    assert said == ["[采购单-批次1.xlsx] 采购单：批次#1（今天12:00），3单，3种物资。"] * 1 + [
        "[采购单-批次1.csv] 采购单：批次#1（今天12:00），3单，3种物资。"
    ]
    files = await _files(bot)
    wb = openpyxl.load_workbook(io.BytesIO(files["采购单-批次1.xlsx"]))
    sheet = wb["采购单"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["物资", "单位", "合计", "3号楼", "5号楼", "单数", "待确认"]
    assert rows[1] == ["大米", "袋", 6, 3, 3, 3, None]
    assert rows[2] == ["鸡蛋", "盒", 1, 1, None, 1, None]  # the cancelled 5 boxes are absent
    assert rows[3] == ["酸奶", "排", 2, None, 2, 1, "不在保供清单"]
    assert rows[4] == ["合计（单数）", None, None, 2, 1, 3, None]
    assert sheet.freeze_panes == "A2"
    detail = [[c.value for c in row] for row in wb["订单明细"].iter_rows()]
    assert detail[0] == ["单号", "门牌", "物资", "数量", "单位"]
    assert sorted(r[0] for r in detail[1:]) == [1, 1, 2, 3, 3]
    text = files["采购单-批次1.csv"]
    assert text.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert table[1] == ["大米", "袋", "6", "3", "3", "3", ""]


async def test_an_empty_batch_gives_a_clear_line_and_a_file_with_headers(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G3} 3-2-501王姐: 取消1号")
    await bot.say(f"{CADRE}: 截单")
    said = await bot.say(f"{CADRE}: 采购单")
    assert "批次#1（今天12:00）没有订单，采购单只有表头。" in said[0]
    wb = openpyxl.load_workbook(io.BytesIO((await _files(bot))["采购单-批次1.xlsx"]))
    header = [c.value for c in next(wb["采购单"].iter_rows())]
    assert header == ["物资", "单位", "合计", "单数", "待确认"]


async def test_only_cadres_get_a_purchase_list(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say(f"{CADRE}: 截单")
    assert await bot.say("@私聊 王楼长: /purchase_list") == ["这个命令只有干部可以用。"]
    assert await bot.say("@私聊 3-2-501王姐: 采购单") == []
    assert await _files(bot) == {}


async def test_the_summary_counts_batches_help_and_questions_in_one_message(bot: Bot) -> None:
    assert await bot.say(f"{CADRE}: 汇总") == [
        "【汇总】08:00\n还没有批次。\n未办结求助：无\n待回复问题：无"
    ]
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G5} 5-1502刘: 鸡蛋一盒")
    await bot.say(f"{G3} 3-2-502: 鸡蛋一盒")
    await bot.say(f"{G3} 3-2-502: 取消3号")
    await bot.say(f"{G3} 3-1-101: 老人要去透析")
    await bot.say(f"{G3} 3-2-601孙: 明天还有鸡蛋卖吗")
    await bot.say(f"{CADRE}: 截单")
    await bot.say(f"{G5} 5-1503: 大米两袋")
    bot.at("08:31")  # the requests were made in the first minute after 08:00
    assert await bot.say(f"{CADRE}: 汇总") == [
        "【汇总】08:31\n"
        "本批批次#2（今天18:00，未截单）：已登记1\n  按楼：5号楼1\n"
        "上批批次#1（今天12:00，已截单）：已取消1、已登记2\n  按楼：3号楼1、5号楼1\n"
        "未办结求助1件：#1就医30分钟\n"
        "待回复问题1个，最早：#1（30分钟）"
    ]
    assert await bot.say("@私聊 王楼长: 汇总") == []


async def test_delivery_sheets_list_each_building_by_unit_floor_and_room(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-1201李: 大米一袋")
    await bot.say(f"{G3} 3-1-502王: 布洛芬一盒 鸡蛋一盒")
    await bot.say(f"{G3} 3-1-301赵: 鸡蛋两盒")
    await bot.say(f"{G5} 5-1502刘: 大米三袋")
    await bot.app.db.write(
        lambda c: c.execute("UPDATE households SET phone = '13912345678' WHERE room = '502'")
    )
    await bot.say(f"{CADRE}: 截单")
    said = await bot.say(f"{CADRE}: 配送单")
    assert said == ["[配送单-批次1.xlsx] 配送单：批次#1（今天12:00），4单，2栋楼。"]
    await bot.say(f"{CADRE}: 配送单 群内版")
    files = await _files(bot)
    staff = openpyxl.load_workbook(io.BytesIO(files["配送单-批次1.xlsx"]))
    assert staff.sheetnames == ["3号楼", "5号楼"]
    rows = [[c.value for c in r] for r in staff["3号楼"].iter_rows()]
    assert rows[0] == ["单元", "房号", "物资", "单号", "状态", "认领志愿者", "电话", "备注", "签收"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("1", "301"), ("1", "502"), ("2", "1201")]
    assert rows[2][2] == "布洛芬1盒、鸡蛋1盒" and rows[2][6] == "13912345678"
    public = openpyxl.load_workbook(io.BytesIO(files["配送单-批次1-群内版.xlsx"]))
    prow = [[c.value for c in r] for r in public["3号楼"].iter_rows()]
    assert "电话" not in prow[0]
    assert prow[2][2] == "鸡蛋1盒、药品1项"
    assert all("13912345678" not in str(v) for r in prow for v in r)


async def test_a_file_asked_for_in_a_building_group_goes_privately(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say(f"{CADRE}: 截单")
    await bot.say(f"{G3} 张书记: 配送单")
    assert bot.sent_to("3号楼业主群")[-1] == "文件已私聊发给您。"
    assert all("配送单-批次1.xlsx" not in t for t in bot.sent_to("3号楼业主群"))
    assert any("配送单-批次1.xlsx" in t for t in bot.sent_to("张书记"))
