"""Volunteers (handlers/volunteers.py): claim bought orders, one holder each, give back,
the route, delivered, and the resident's confirmation."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import load_config_text
from bot.privacy import holds_personal
from bot.transports.console import parse_line
from storage import orders
from tests.harness import EXAMPLE, Bot, start_bot, stop_bot

G3 = "@3号楼业主群"


async def _bought(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G3} 3-2-1201李: 鸡蛋一盒")
    await bot.say("@10幢2单元群 10-2-301赵: 大米一袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")


async def _order(bot: Bot, number: int) -> tuple[str, str | None]:
    found = await bot.app.db.read(lambda c: orders.get(c, number))
    assert found is not None
    return found.status, found.volunteer


async def test_the_whole_path_claim_route_deliver_confirm(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 1号到哪了")
    await _bought(bot)
    said = await bot.say("@私聊 小李: 认领 1 2")
    assert said == ["已认领 #1 3-2-501：大米2袋\n已认领 #2 3-2-1201：鸡蛋1盒"]
    assert await _order(bot, 1) == ("claimed", "小李")
    assert await bot.say("@私聊 小李: 路线") == [
        "您认领的2单（每栋从高层往下）：\n"
        "3号楼2单元 12层 1单：鸡蛋1盒\n  #2 1201：鸡蛋1盒\n"
        "3号楼2单元 5层 1单：大米2袋\n  #1 501：大米2袋"
    ]
    assert (await bot.say(f"{G3} 3-2-501王姐: 1号到哪了"))[0].startswith(
        "#1 3-2-501 大米2袋：志愿者已认领，正在配送"
    )
    await bot.say("@私聊 小李: 送达 1 2")
    # One merged line for the group: numbers only, no names or phones.
    assert bot.sent_to("3号楼业主群")[-1] == '#1 #2 已送达，收到请回复"收到"'
    assert await bot.say(f"{G3} 3-2-501王姐: 收到了") == ["#1 已确认收到，谢谢！"]
    assert await _order(bot, 1) == ("confirmed", "小李")


async def test_two_volunteers_claiming_at_once_one_wins_and_the_other_is_told(bot: Bot) -> None:
    await _bought(bot)
    msgs = []
    for line in ("@私聊 小李: 认领 1", "@私聊 小王: 认领 1"):
        parsed = parse_line(line)
        assert parsed is not None
        msgs.append(bot.console.message(parsed, bot.clock.now()))
    await asyncio.gather(*(bot.app.core.receive(m) for m in msgs))
    await bot.say("@私聊 小李: 路线")
    assert (await _order(bot, 1)) == ("claimed", "小李")
    assert bot.sent_to("小王") == ["#1 已由小李认领。"]


async def test_give_back_then_someone_else_claims(bot: Bot) -> None:
    await _bought(bot)
    await bot.say("@私聊 小李: 认领 2")
    assert await bot.say("@私聊 小王: 放弃 2") == ["#2 不在您的认领里。"]
    assert await bot.say("@私聊 小李: 放弃 2") == ["已放弃 #2，可由别人认领。"]
    assert await bot.say("@私聊 小王: 认领 2") == ["已认领 #2 3-2-1201：鸡蛋1盒"]


async def test_claims_of_orders_not_ready_missing_or_elsewhere_are_refused(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert await bot.say("@私聊 小李: 认领 1") == ["#1 已登记，采购后才能认领。"]
    assert await bot.say("@私聊 小李: 认领 99") == ["没有找到单号#99，请核对。"]
    await bot.say("@10幢2单元群 10-2-301赵: 大米一袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")
    # 小王 serves buildings 3 and 5 only.
    assert await bot.say("@私聊 小王: 认领 2") == ["您不负责10号楼，不能操作。"]
    assert await bot.say("@私聊 3-2-501王姐: /claim 1") == ["这个命令只有志愿者可以用。"]
    assert await _order(bot, 1) == ("purchased", None)


async def _bought_floors(bot: Bot) -> None:
    """Five bought orders in 3号楼 on three floors of two units, one in 10号楼."""
    for line in (
        "3-2-501王姐: 大米两袋",
        "3-2-1201李: 鸡蛋一盒",
        "3-1-302孙: 大米一袋 鸡蛋一盒",
        "3-2-502周: 大米一袋",
        "3-2-1202吴: 面条两包",
    ):
        await bot.say(f"{G3} {line}")
    await bot.say("@10幢2单元群 10-2-301赵: 大米一袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")


@pytest.mark.parametrize(
    "line",
    ["认领 1 4", "/claim 1 4", "认领1、4", "1 4我来", "1号 4号我送", "1,4 我去送"],
)
async def test_claims_are_understood_in_the_ways_volunteers_write_them(bot: Bot, line: str) -> None:
    await _bought_floors(bot)
    said = await bot.say(f"@私聊 小李: {line}")
    assert said == ["已认领 #1 3-2-501：大米2袋\n已认领 #4 3-2-502：大米1袋"]
    assert [await _order(bot, n) for n in (1, 4)] == [("claimed", "小李")] * 2


async def test_a_resident_writing_i_will_come_claims_nothing(bot: Bot) -> None:
    await _bought_floors(bot)
    await bot.say(f"{G3} 3-2-501王姐: 1我来")
    assert await _order(bot, 1) == ("purchased", None)


async def test_claiming_a_building_takes_every_unclaimed_order_there_in_route_order(
    bot: Bot,
) -> None:
    await _bought_floors(bot)
    await bot.say("@私聊 小王: 认领 2")
    said = await bot.say("@私聊 小李: 认领 3号楼")
    # Unit 1 first, then unit 2 from the top floor down; #2 was 小王's already.
    assert said == [
        "已认领 #3 3-1-302：大米1袋、鸡蛋1盒\n"
        "已认领 #5 3-2-1202：挂面2包\n"
        "已认领 #1 3-2-501：大米2袋\n"
        "已认领 #4 3-2-502：大米1袋"
    ]
    assert await _order(bot, 6) == ("purchased", None)
    assert await bot.say("@私聊 小李: 认领 3号楼") == ["3号楼没有待认领的订单。"]
    assert await bot.say("@私聊 小李: 认领 99号楼") == ["本小区没有99号楼。"]


async def test_the_claiming_volunteer_alone_gets_the_phone_and_notes(bot: Bot) -> None:
    await _bought_floors(bot)
    await bot.app.db.write(
        lambda c: c.execute(
            "UPDATE households SET phone = '13912345678', flags = '独居老人' WHERE room = '501'"
        )
    )
    said = await bot.say("@私聊 小李: 认领 1")
    assert said == ["已认领 #1 3-2-501：大米2袋 ☎13912345678（独居老人）"]
    assert bot.sent_to("小李") == said


async def test_the_route_goes_floor_by_floor_with_each_floors_totals(bot: Bot) -> None:
    await _bought_floors(bot)
    await bot.say("@私聊 小李: 认领 3号楼")
    said = await bot.say("@私聊 小李: 路线")
    assert said == [
        "您认领的5单（每栋从高层往下）：\n"
        "3号楼1单元 3层 1单：大米1袋、鸡蛋1盒\n"
        "  #3 302：大米1袋、鸡蛋1盒\n"
        "3号楼2单元 12层 2单：鸡蛋1盒、挂面2包\n"
        "  #2 1201：鸡蛋1盒\n"
        "  #5 1202：挂面2包\n"
        "3号楼2单元 5层 2单：大米3袋\n"
        "  #1 501：大米2袋\n"
        "  #4 502：大米1袋"
    ]


async def test_a_compound_that_carries_upstairs_gets_routes_from_the_ground_up(
    tmp_path: Path,
) -> None:
    text = EXAMPLE.read_text("utf-8").replace('route_floors = "down"', 'route_floors = "up"')
    bot = await start_bot(
        load_config_text(
            text.replace('path = "louzhang.db"', f'path = "{(tmp_path / "b.db").as_posix()}"'),
            "up.toml",
        )
    )
    await _bought_floors(bot)
    await bot.say("@私聊 小李: 认领 1 2")
    (said,) = await bot.say("@私聊 小李: 路线")
    assert said.splitlines()[0] == "您认领的2单（每栋从低层往上）："
    assert [ln for ln in said.splitlines() if ln.startswith("  #")] == [
        "  #1 501：大米2袋",
        "  #2 1201：鸡蛋1盒",
    ]
    await stop_bot(bot)


async def test_the_route_as_a_sheet_is_the_delivery_sheet_of_the_volunteers_orders(
    bot: Bot,
) -> None:
    await _bought_floors(bot)
    await bot.say("@私聊 小李: 认领 1 6")
    assert await bot.say("@私聊 小李: 路线 表格") == ["[我的配送单.xlsx] 您的配送单：2单。"]
    book = load_workbook(io.BytesIO(bot.console.documents[-1]))
    cells = [
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    assert any("501" in c for c in cells) and any("301" in c for c in cells)
    assert not any("1201" in c for c in cells)
    assert await bot.say("@私聊 小李: 路线 3号楼") == [
        "您认领的1单（每栋从高层往下）：\n3号楼2单元 5层 1单：大米2袋\n  #1 501：大米2袋"
    ]


async def test_open_work_lists_what_nobody_holds_in_the_senders_buildings(bot: Bot) -> None:
    await _bought_floors(bot)
    await bot.say(f"{G3} 3-2-1201李: 家里老人要去透析")
    await bot.say("@私聊 小李: 认领 1 3")
    # 小王 serves 3号楼 and 5号楼: 10号楼's order is not his to see.
    assert await bot.say("@私聊 小王: 待认领") == [
        "待认领（3号楼、5号楼）：3单、1个求助\n"
        "求助#1 3-2-1201：就医\n"
        "#2 3-2-1201：鸡蛋1盒\n"
        "#5 3-2-1202：挂面2包\n"
        "#4 3-2-502：大米1袋"
    ]
    assert await bot.say("@私聊 小王: 待认领 10号楼") == ["您不负责10号楼，不能操作。"]
    assert await bot.say("@私聊 小李: 待认领 10号楼") == [
        "待认领（10号楼）：1单、0个求助\n#6 10-2-301：大米1袋"
    ]


async def test_a_help_request_is_claimed_told_briefly_and_closed_by_its_holder(bot: Bot) -> None:
    await bot.app.db.write(lambda c: c.execute("SELECT 1"))
    await bot.say(f"{G3} 3-2-501王姐: 我妈胰岛素没了，血糖很高")
    said = await bot.say("@私聊 小王: 认领 求助1")
    # The volunteer sees the request's own words; the group hears only that someone has it.
    assert said[0].startswith("已认领求助#1 3-2-501（买药）：我妈胰岛素没了")
    assert said[1:] == ["求助#1已有人接手，请保持电话畅通。"]
    assert await bot.say("@私聊 小李: 认领 求助1") == ["求助#1 已由小王接手。"]
    assert await bot.say("@私聊 小李: 办结 求助1") == ["求助#1 不在您的认领里。"]
    assert await bot.say("@私聊 小王: 办结 求助1 已送到") == ["已办结求助#1。", "求助#1已办结。"]
    group = bot.sent_to("3号楼业主群")
    assert not any("胰岛素" in t or "血糖" in t for t in group)


async def test_a_help_request_given_back_can_be_taken_by_someone_else(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 我家水卡没水了")
    await bot.say("@私聊 小王: 认领 求助1")
    assert await bot.say("@私聊 小李: 放弃 求助1") == ["求助#1 不在您的认领里。"]
    assert await bot.say("@私聊 小王: 放弃 求助1") == ["已放弃求助#1，可由别人接手。"]
    assert (await bot.say("@私聊 小李: 认领 求助1"))[0].startswith("已认领求助#1")


async def test_delivering_a_building_marks_all_the_senders_orders_there(bot: Bot) -> None:
    await _bought_floors(bot)
    await bot.say("@私聊 小李: 认领 1 2 6")
    await bot.say("@私聊 小王: 认领 3")
    said = await bot.say("@私聊 小李: 送达 3号楼")
    assert said == ["#1 已标记送达。\n#2 已标记送达。", '#1 #2 已送达，收到请回复"收到"']
    assert await _order(bot, 3) == ("claimed", "小王")
    assert await _order(bot, 6) == ("claimed", "小李")
    assert await bot.say("@私聊 小李: 送达 3号楼") == ["您在3号楼没有待送达的订单。"]


@pytest.mark.parametrize(
    ("setup", "line", "answer"),
    [
        ((), "送达 99", "没有找到单号#99，请核对。"),
        ((), "送达 1", "#1 不在您的认领里。"),
        (("@私聊 小王: 认领 1",), "送达 1", "#1 不在您的认领里。"),
        (("@私聊 小王: 认领 1",), "放弃 1", "#1 不在您的认领里。"),
        ((), "放弃 1", "#1 不在您的认领里。"),
        ((), "放弃 求助9", "求助#9 不在您的认领里。"),
        (
            ("@3号楼业主群 3-2-501王姐: 取消 1", "@3号楼业主群 3-2-501王姐: 确认"),
            "认领 1",
            "#1 已取消，采购后才能认领。",
        ),
    ],
)
async def test_bad_claims_and_deliveries_change_nothing_and_say_why(
    bot: Bot, setup: tuple[str, ...], line: str, answer: str
) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    for step in setup:
        await bot.say(step)
    before = await _order(bot, 1)
    assert await bot.say(f"@私聊 小李: {line}") == [answer]
    assert await _order(bot, 1) == before


async def test_claiming_an_order_still_open_names_its_state(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert await bot.say("@私聊 小李: 认领 1") == ["#1 已登记，采购后才能认领。"]


async def test_status_tells_purchased_claimed_and_delivered_with_the_time(bot: Bot) -> None:
    ask = f"{G3} 3-2-501王姐: 1号到哪了"
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert (await bot.say(ask))[0].startswith("#1 3-2-501 大米2袋：已登记，等待截单")
    await bot.say("@私聊 张书记: 截单")
    assert (await bot.say(ask))[0].startswith("#1 3-2-501 大米2袋：已截单，正在采购")
    await bot.say("@私聊 张书记: 已采购")
    assert (await bot.say(ask))[0].startswith("#1 3-2-501 大米2袋：已采购，等待配送")
    await bot.say("@私聊 小李: 认领 1")
    (claimed,) = await bot.say(ask)
    assert claimed.startswith("#1 3-2-501 大米2袋：志愿者已认领，正在配送")
    assert "小李" not in claimed
    bot.at("14:05")
    await bot.say("@私聊 小李: 送达 1")
    assert await bot.say(ask) == ['#1 3-2-501 大米2袋：已于今天14:05送达，收到请回复"收到"。']
    await bot.say(f"{G3} 3-2-501王姐: 收到了")
    assert await bot.say(ask) == ["#1 3-2-501 大米2袋：已确认收到（今天14:05送达）。"]


async def test_delivered_orders_nobody_confirmed_are_listed_in_the_summary(bot: Bot) -> None:
    await _bought_floors(bot)
    await bot.say("@私聊 小李: 认领 1 2 3")
    await bot.say("@私聊 小李: 送达 1 2 3")
    await bot.say(f"{G3} 3-2-1201李: 收到")
    (summary,) = await bot.say("@私聊 张书记: 汇总")
    assert "已送达未确认：2单（#1 #3）" in summary.splitlines()


async def test_a_compound_without_purchasing_can_claim_as_soon_as_the_batch_closes(
    tmp_path: Path,
) -> None:
    text = EXAMPLE.read_text("utf-8").replace("purchasing = true", "purchasing = false")
    bot = await start_bot(
        load_config_text(
            text.replace('path = "louzhang.db"', f'path = "{(tmp_path / "b.db").as_posix()}"'),
            "nobuy.toml",
        )
    )
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    (closed,) = await bot.say("@私聊 张书记: 截单")
    assert closed.endswith("订单已可认领配送。")
    assert await bot.say("@私聊 小李: 认领 1") == ["已认领 #1 3-2-501：大米2袋"]
    await stop_bot(bot)


async def test_no_group_message_and_no_log_line_holds_a_phone_number(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋 电话13912345678")
    await bot.app.db.write(lambda c: c.execute("UPDATE households SET phone = '13912345678'"))
    await bot.say(f"{G3} 3-2-501王姐: 老人要去透析")
    for line in (
        "@私聊 张书记: 截单",
        "@私聊 张书记: 已采购",
        "@私聊 小李: 待认领",
        "@私聊 小李: 认领 1",
        "@私聊 小李: 认领 求助1",
        "@私聊 小李: 路线",
        "@私聊 小李: 送达 1",
        f"{G3} 3-2-501王姐: 1号到哪了",
        f"{G3} 3-2-501王姐: 收到了",
    ):
        await bot.say(line)
    assert any("13912345678" in t for t in bot.sent_to("小李"))
    groups = [t for chat, t in bot.console.sent if chat.endswith("群")]
    assert groups and not any(holds_personal(t) for t in groups)
    leaked = [r.getMessage() for r in caplog.records if holds_personal(r.getMessage())]
    assert leaked == [], leaked[0][:600]


async def test_a_bare_收到_confirms_only_a_recent_delivery_of_the_senders_household(
    bot: Bot,
) -> None:
    await _bought(bot)
    # Nothing delivered yet: 收到 acknowledges a notice, and the bot stays quiet.
    assert await bot.say(f"{G3} 3-2-501王姐: 收到") == []
    await bot.say("@私聊 小李: 认领 1 2")
    await bot.say("@私聊 小李: 送达 1 2")
    # A neighbour's 收到 confirms nothing of 王姐's.
    assert await bot.say(f"{G3} 3-2-502周: 收到") == []
    assert await _order(bot, 1) == ("delivered", "小李")
    bot.clock.set(bot.clock.now() + timedelta(hours=7))
    # Hours later, 收到 is about something else.
    assert await bot.say(f"{G3} 3-2-1201李: 收到") == []
    assert await _order(bot, 2) == ("delivered", "小李")
    assert await bot.say(f"{G3} 3-2-1201李: 收到 #2") == ["#2 已确认收到，谢谢！"]
