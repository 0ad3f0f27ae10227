"""Resident flows end to end through the console transport, on a hand-moved clock."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta

from bot.app import drain_manual
from bot.config import Config
from bot.context import Context
from bot.lifecycle import OrderState
from bot.messages import IncomingMessage
from bot.transports.console import ConsoleTransport
from storage import inbox, notices, orders
from tests.harness import SHANGHAI, Bot, start_bot, stop_bot

G = "@3号楼业主群"


async def _order_count(bot: Bot) -> int:
    return await bot.app.db.read(orders.count)


async def test_order_is_acknowledged_with_room_items_number_and_cutoff(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-2-501王姐: 大米两袋，鸡蛋一盒")
    assert replies == ["已记录 3-2-501：大米2袋、鸡蛋1盒，单号#1，今天12:00截单。"]
    order = await bot.app.db.read(lambda c: orders.get(c, 1))
    assert order is not None and order.status == "open"
    assert [(i.item, i.qty, i.unit) for i in order.items] == [("大米", 2, "袋"), ("鸡蛋", 1, "盒")]


async def test_order_after_the_noon_cutoff_joins_the_evening_batch(bot: Bot) -> None:
    bot.at("12:30")
    replies = await bot.say(f"{G} 3-2-501王姐: 土豆三斤")
    assert replies == ["已记录 3-2-501：土豆3斤，单号#1，今天18:00截单。"]


async def test_order_after_the_last_cutoff_is_for_tomorrow(bot: Bot) -> None:
    bot.at("19:00")
    replies = await bot.say(f"{G} 3-2-501王姐: 土豆三斤")
    assert "明天12:00截单" in replies[0]


async def test_building_comes_from_the_group_binding_not_the_sender(bot: Bot) -> None:
    replies = await bot.say(f"{G} 2-402 孙: 白菜两斤")
    assert replies[0].startswith("已记录 3-2-402：")


async def test_goods_without_address_ask_once_and_the_address_completes_the_draft(
    bot: Bot,
) -> None:
    asked = await bot.say(f"{G} 阿强: 要两桶油")
    assert asked == ["请补充门牌号，例如：3-2-501 食用油2桶"]
    assert await _order_count(bot) == 0
    done = await bot.say(f"{G} 阿强: 3-1-101")
    assert done == ["已记录 3-1-101：食用油2桶，单号#1，今天12:00截单。"]


async def test_sender_known_household_is_used_when_a_later_order_has_no_address(
    bot: Bot,
) -> None:
    await bot.say(f"{G} 阿强: 3-1-101 大米一袋")
    replies = await bot.say(f"{G} 阿强: 鸡蛋一盒")
    assert replies[0].startswith("已记录 3-1-101：鸡蛋1盒")
    # "再要…" adds to that household's open order rather than making a second one.
    assert await bot.say(f"{G} 阿强: 再要一盒鸡蛋") == ["已修改 #2（3-1-101）：鸡蛋2盒。"]


async def test_goods_outside_the_catalog_are_accepted_and_flagged(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-2-701赵: 酸奶两排")
    assert replies == [
        "已记录 3-2-701：酸奶2排，单号#1，今天12:00截单。（酸奶不在保供清单，待干部确认）"
    ]
    rows = await bot.app.db.conn.execute_fetchall("SELECT needs_review FROM orders")
    assert [r[0] for r in rows] == [1]


async def test_chain_list_orders_only_its_new_entries(bot: Bot) -> None:
    await bot.say(f"{G} 1-602小陈: #接龙\\n大米接龙\\n1. 1-602 大米2袋")
    assert await _order_count(bot) == 1
    replies = await bot.say(
        f"{G} 2-301吴: #接龙\\n大米接龙\\n1. 1-602 大米2袋\\n2. 2-301 大米1袋\\n3. 2-302 大米3袋"
    )
    assert await _order_count(bot) == 3
    assert replies == ["已记录（今天12:00截单）：3-2-301 大米1袋 #2；3-2-302 大米3袋 #3"]


async def test_chain_list_reposted_unchanged_makes_no_order(bot: Bot) -> None:
    chain = f"{G} 1-602小陈: #接龙\\n大米接龙\\n1. 1-602 大米2袋\\n2. 2-301 大米1袋"
    await bot.say(chain)
    replies = await bot.say(chain.replace("1-602小陈", "3-1-102钱"))
    assert replies == []
    assert await _order_count(bot) == 2


async def test_medical_help_reaches_duty_privately_and_group_sees_no_health_details(
    bot: Bot,
) -> None:
    replies = await bot.say(f"{G} 3-2-1202 老周: 老人发烧39度，要去医院，电话13912345678")
    group = bot.sent_to("3号楼业主群")
    private = bot.sent_to("张书记")
    assert group == ["3-2-1202的求助已收到（#1），已转给值班人员，请保持电话畅通。"]
    assert len(private) == 1 and "发烧39度" in private[0] and "13912345678" in private[0]
    assert "紧急" in private[0]
    assert not any("发烧" in r or "139" in r for r in group)
    assert len(replies) == 2
    row = list(
        await bot.app.db.conn.execute_fetchall("SELECT category, urgency, owner FROM help_requests")
    )
    assert tuple(row[0]) == ("medical", 3, "张书记")


async def test_food_help_is_stored_and_acknowledged_without_forwarding(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-1-301 独居老人: 家里什么吃的都没有了，也不会做饭，能帮帮忙吗")
    assert bot.sent_to("张书记") == []
    assert replies == ["3-1-301的求助已登记（#1），志愿者会尽快联系。"]


async def test_status_by_number_gives_state_and_delivery_round(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    replies = await bot.say(f"{G} 3-2-501王姐: 1号单到哪了")
    assert replies == ["#1 3-2-501 大米2袋：已登记，等待截单。预计今天14:00送达。"]


async def test_status_without_number_uses_the_senders_latest_order(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    await bot.say(f"{G} 3-2-501王姐: 鸡蛋一盒")
    replies = await bot.say(f"{G} 3-2-501王姐: 我家的东西什么时候到")
    assert replies[0].startswith("#2 3-2-501 鸡蛋1盒：")


async def test_cancel_own_open_order(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    replies = await bot.say(f"{G} 3-2-501王姐: 取消1号")
    assert replies == ["已取消 #1（3-2-501）。"]
    order = await bot.app.db.read(lambda c: orders.get(c, 1))
    assert order is not None and order.status == "cancelled"


async def test_cancel_of_another_households_order_is_refused(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    replies = await bot.say(f"{G} 3-1-602小陈: 取消1号")
    assert replies == ["#1 不是您家的订单，只能由下单的住户或干部处理。"]
    order = await bot.app.db.read(lambda c: orders.get(c, 1))
    assert order is not None and order.status == "open"


async def test_cadre_may_cancel_any_order(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    replies = await bot.say(f"{G} 张书记: 取消1号")
    assert replies == ["已取消 #1（3-2-501）。"]


async def test_cancel_after_cutoff_is_refused(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    bot.at("12:05")
    replies = await bot.say(f"{G} 3-2-501王姐: 取消1号")
    assert replies == ["#1 已截单，不能取消，如有变化请联系楼长。"]


async def test_cancel_of_unknown_number_says_so(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-2-501王姐: 取消99号")
    assert replies == ["没有找到单号#99，请核对。"]


async def test_cancel_without_number_or_orders_says_so(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-2-501王姐: 我不要了，取消吧")
    assert replies == ["没有找到您家的订单，请带上单号，例如：取消12号"]


async def test_received_before_delivery_is_refused_and_after_delivery_confirms(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    refused = await bot.say(f"{G} 3-2-501王姐: 1号收到了")
    assert refused == ["#1 还没有配送记录，收到后再确认；如已收到请联系楼长。"]
    await _advance(bot, 1, "open", "purchased", "claimed", "delivered")
    confirmed = await bot.say(f"{G} 3-2-501王姐: 1号收到了，谢谢")
    assert confirmed == ["#1 已确认收到，谢谢！"]
    again = await bot.say(f"{G} 3-2-501王姐: 1号收到了")
    assert again == ["#1 已确认收到，无需再操作。"]


async def test_question_about_cutoff_is_answered(bot: Bot) -> None:
    bot.at("12:30")
    assert await bot.say(f"{G} 3-1-302李: 几点截单？") == ["下一次截单：今天18:00。"]


async def test_question_about_test_time_is_answered_from_todays_notice(bot: Bot) -> None:
    day = bot.clock.now().astimezone(SHANGHAI).date().isoformat()
    await bot.app.db.write(
        lambda conn: notices.insert(
            conn,
            bot.app.core.settings.compound_id,
            "test",
            "3号楼核酸",
            bot.clock.now(),
            building="3",
            day=day,
            starts="06:00",
            ends="06:30",
            place="东门",
        )
    )
    replies = await bot.say(f"{G} 2-402孙: 今天核酸几点？在哪")
    assert replies == ["3号楼今天核酸：06:00-06:30 东门。"]


async def test_a_question_to_the_group_reaches_cadres_privately_and_quietly(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-2-501王姐: 明天还有鸡蛋卖吗")
    assert bot.sent_to("3号楼业主群") == []
    assert any("明天还有鸡蛋卖吗" in r for r in bot.sent_to("张书记"))
    assert len(replies) == 1
    rows = await bot.app.db.conn.execute_fetchall("SELECT status FROM questions")
    assert [r[0] for r in rows] == ["open"]


async def test_a_question_asked_of_the_bot_is_answered_that_it_was_forwarded(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: @楼长 明天还有鸡蛋卖吗")
    assert bot.sent_to("3号楼业主群") == ["这个问题已转给干部，稍后回复。"]
    await bot.say("@私聊 3-2-502李: 明天还有鸡蛋卖吗")
    assert bot.sent_to("3-2-502李") == ["这个问题已转给干部，稍后回复。"]


async def test_thanks_and_chat_get_no_reply(bot: Bot) -> None:
    assert await bot.say(f"{G} 3-2-501王姐: 谢谢志愿者，辛苦了！") == []
    assert await bot.say(f"{G} 3-2-501王姐: 今天天气真好") == []


async def test_redelivered_message_makes_no_second_order_and_no_second_reply(bot: Bot) -> None:
    msg = IncomingMessage(
        platform="console",
        chat_id="3号楼业主群",
        chat_title="3号楼业主群",
        chat_kind="group",
        message_id="wx-123",
        sender_id="王姐",
        sender_name="3-2-501王姐",
        text="大米两袋",
        received_at=bot.clock.now(),
    )
    await bot.app.core.receive(msg)
    await bot.app.core.receive(msg)
    await bot.say(f"{G} 3-2-501王姐: 谢谢")
    assert await _order_count(bot) == 1
    assert len(bot.sent_to("3号楼业主群")) == 1


async def _advance(bot: Bot, order_id: int, *states: OrderState) -> None:
    """Move an order along its lifecycle as staff will, through the core's writer."""
    for current, target in itertools.pairwise(states):
        moved = await bot.app.core.act(
            "test_move",
            "test",
            lambda ctx, c=current, t=target: ctx.store.move_order(order_id, c, t, ctx.now),
        )
        assert moved


KEPT = "已收到。本群还没有绑定楼栋，干部绑定后会登记并回复（干部发送：/绑定楼栋 3 或 3-2）"


async def test_an_order_in_an_unbound_group_is_kept_and_cadres_asked_once(bot: Bot) -> None:
    replies = await bot.say("@10号楼群 10-1-101: 大米一袋")
    assert KEPT in replies
    assert await _order_count(bot) == 0
    suggestion = bot.sent_to("张书记")
    assert suggestion == ["「10号楼群」还没有绑定楼栋，群名看是10号楼。确认请回复：确认绑定 1"]
    await bot.say("@10号楼群 10-1-102: 鸡蛋一盒")
    assert len(bot.sent_to("张书记")) == 1  # asked once


async def test_binding_in_the_group_places_what_waited_exactly_once(bot: Bot) -> None:
    await bot.say("@10号楼群 10-1-101: 大米一袋")
    await bot.say("@10号楼群 10-1-102: 鸡蛋一盒")
    replies = await bot.say("@10号楼群 张书记: /绑定楼栋 10-1")
    assert replies[0].startswith("本群已绑定 10号楼1单元。")
    assert "10-1-101 大米1袋 #1" in replies[0] and "10-1-102 鸡蛋1盒 #2" in replies[0]
    assert await _order_count(bot) == 2
    await bot.say("@10号楼群 张书记: /绑定楼栋 10-1")  # binding again places nothing more
    assert await _order_count(bot) == 2
    replies = await bot.say("@10号楼群 10-1-103: 大米一袋")
    assert replies == ["已记录 10-1-103：大米1袋，单号#3，今天12:00截单。"]


async def test_a_cadre_confirms_the_suggested_binding_privately(bot: Bot) -> None:
    await bot.say("@10号楼群 10-1-101: 大米一袋")
    said = await bot.say("@私聊 张书记: 确认绑定 1")
    assert "已绑定「10号楼群」为10号楼。" in said
    assert any("10-1-101" in s and "#1" in s for s in bot.sent_to("10号楼群"))
    assert await _order_count(bot) == 1
    assert await bot.say("@私聊 3-2-501王姐: 确认绑定 1") == []  # a resident's words are chat


async def test_resident_cannot_use_the_bind_command(bot: Bot) -> None:
    replies = await bot.say("@10号楼群 10-1-101: /绑定楼栋 10")
    assert replies == ["这个命令只有干部可以用。"]


async def test_empty_message_is_stored_and_gets_no_reply(bot: Bot) -> None:
    assert await bot.say(f"{G} 3-2-501王姐: ") == []
    assert await bot.app.db.read(inbox.count) == 1


async def test_very_long_paste_gets_a_short_answer_and_no_crash(bot: Bot) -> None:
    paste = "大米两袋，" * 1200
    replies = await bot.say(f"{G} 3-2-501王姐: {paste}")
    assert replies == ["消息太长了，请分几条发，每条写清门牌号和要买的东西。"]
    assert await _order_count(bot) == 0


async def test_burst_of_300_orders_in_a_minute_stays_within_the_group_limit(bot: Bot) -> None:
    start = bot.clock.now()
    for n in range(300):
        bot.clock.set(start + timedelta(seconds=n * 0.2))
        floor, room = divmod(n, 4)
        await bot.post(f"{G} 住户{n}: {floor + 1}{room + 1:02d} 大米一袋")
        await bot.app.sender.flush()
    await drain_manual(bot.app, bot.clock)
    assert await _order_count(bot) == 300
    messages = bot.sent_to("3号楼业主群")
    acked = {int(n) for text in messages for n in re.findall(r"#(\d+)", text)}
    assert acked == set(range(1, 301))
    rows = list(
        await bot.app.db.conn.execute_fetchall(
            "SELECT created_at, sent_at FROM outbox WHERE chat_id = '3号楼业主群'"
        )
    )
    # Rows sent together share sent_at: one distinct value is one message.
    send_times = sorted({datetime.fromisoformat(r[1]) for r in rows})
    assert len(send_times) == len(messages)
    window = timedelta(seconds=60)
    assert max(sum(1 for u in send_times if t <= u < t + window) for t in send_times) <= 20
    assert len(messages) <= 21  # 20 in the burst's minute, the last few just after it
    waits = [datetime.fromisoformat(r[1]) - datetime.fromisoformat(r[0]) for r in rows]
    assert max(waits) <= window


async def test_queued_reply_is_sent_after_a_restart(bot: Bot, config: Config) -> None:
    """Committed and queued before anything is sent: a crash between the two loses nothing."""
    from bot.app import build_app

    await bot.post(f"{G} 3-2-501王姐: 大米两袋")
    await bot.app.close()
    console = ConsoleTransport(out=bot.console.out, record=True)
    app = await build_app(config, {"console": console}, bot.clock)
    bot.app = app  # the fixture closes whichever app is current
    await drain_manual(app, bot.clock)
    assert [text for _, text in console.sent] == [
        "已记录 3-2-501：大米2袋，单号#1，今天12:00截单。"
    ]


async def test_status_from_someone_without_a_door_number_asks_for_one(bot: Bot) -> None:
    replies = await bot.say(f"{G} 小明妈妈: 我家的菜什么时候到")
    assert replies == ["请先在昵称或消息里写上门牌号，例如：3-2-501"]


async def test_help_request_can_be_cancelled_by_its_household_only(bot: Bot) -> None:
    await bot.say(f"{G} 3-1-301 钱: 家里门锁坏了出不去，需要开锁师傅")
    refused = await bot.say(f"{G} 3-1-302 李: 取消求助1号")
    assert refused == ["求助#1 不是您家提的，只能由求助的住户或干部处理。"]
    done = await bot.say(f"{G} 3-1-301 钱: 锁修好了，取消求助1号")
    assert done == ["已取消求助#1。"]


async def test_a_second_console_session_on_the_same_database_is_answered(
    config: Config,
) -> None:
    """Console ids restart each run; the inbox must not take them for redeliveries."""
    first = await start_bot(config)
    assert await first.say(f"{G} 3-2-501王姐: 大米两袋") != []
    await stop_bot(first)
    second = await start_bot(config)
    replies = await second.say(f"{G} 3-2-502: 鸡蛋一盒")
    await stop_bot(second)
    assert replies == ["已记录 3-2-502：鸡蛋1盒，单号#2，今天12:00截单。"]


async def test_replies_queued_before_a_restart_print_under_their_group(config: Config) -> None:
    first = await start_bot(config)
    await first.post(f"{G} 3-2-501王姐: 大米两袋")  # queued, never sent: the bot stops here
    await stop_bot(first)
    second = await start_bot(config)
    await second.console.learn_groups(second.app.core)
    await drain_manual(second.app, second.clock)
    await stop_bot(second)
    assert second.console.sent == [
        ("3号楼业主群", "已记录 3-2-501：大米2袋，单号#1，今天12:00截单。")
    ]


async def test_goods_with_a_zero_count_are_left_out_and_the_rest_is_recorded(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-2-501王姐: 鸡蛋0盒，大米两袋")
    assert replies == [
        "已记录 3-2-501：大米2袋，单号#1，今天12:00截单。（鸡蛋0盒数量不对，没有记录；每样1到99）"
    ]
    assert await bot.say(f"{G} 3-2-502: 大米零袋") == ["大米0袋数量不对，没有记录；每样1到99。"]
    assert await bot.say(f"{G} 3-2-503: 大米1000袋") == [
        "大米1000袋数量不对，没有记录；每样1到99。"
    ]
    assert await _order_count(bot) == 1


async def test_medicines_are_counted_not_named_in_the_group_and_listed_privately(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-2-501王姐: 布洛芬1盒 抗原试剂2盒 大米一袋")
    assert bot.sent_to("3号楼业主群") == [
        "已记录 3-2-501：大米1袋、药品2项，单号#1，今天12:00截单。"
    ]
    assert bot.sent_to("3-2-501王姐") == [
        "您的订单#1（3-2-501）：布洛芬1盒、抗原试剂2盒、大米1袋。"
    ]
    assert len(replies) == 2
    status = await bot.say(f"{G} 3-2-501王姐: 1号到哪了")
    assert status == ["#1 3-2-501 大米1袋、药品2项：已登记，等待截单。预计今天14:00送达。"]
    private = await bot.say("@私聊 3-2-501王姐: 1号到哪了")
    assert "布洛芬1盒" in private[0]


async def test_a_unit_the_building_lacks_is_read_as_none_and_asked_about(bot: Bot) -> None:
    replies = await bot.say(f"{G} 3-7-501: 大米一袋")
    assert replies[0].startswith("3号楼没有7单元，先按3-501登记，请核对门牌号。")
    assert "3-501 大米1袋 #1" in replies[0]
    # A building with no units: 5-1502 in 5号楼's group is room 1502 of building 5.
    assert await bot.say("@5号楼群 5-1502刘: 大米一袋") == [
        "已记录 5-1502：大米1袋，单号#2，今天12:00截单。"
    ]


async def test_an_urgent_forward_goes_before_routine_rows_to_the_same_person(bot: Bot) -> None:
    def flood(ctx: Context) -> None:
        for n in range(1500):
            ctx.tell("console", "张书记", f"问题{n}", merge_text=f"问题{n}", header="待回答：")

    await bot.app.core.act("flood", "test", flood)
    await bot.post(f"{G} 3-1-101: 老人要去透析")
    await bot.app.sender.flush()
    first = next(text for chat, text in bot.console.sent if chat == "张书记")
    assert first.startswith("【紧急求助#1】")


async def test_the_same_order_posted_twice_within_ten_minutes_is_one_order(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 大米两袋，鸡蛋一盒")
    bot.at("08:01")
    again = await bot.say(f"{G} 3-2-501王姐: 鸡蛋一盒 大米两袋")
    assert again == ["已记录过 #1（3-2-501：鸡蛋1盒、大米2袋），不重复登记。"]
    assert await _order_count(bot) == 1
    bot.at("08:02")
    assert "单号#2" in (await bot.say(f"{G} 3-2-501王姐: 大米两袋"))[0]  # other goods: new
    bot.at("08:20")
    assert "单号#3" in (await bot.say(f"{G} 3-2-501王姐: 大米两袋"))[0]  # later: a new order


async def test_a_message_that_asks_and_orders_gets_both_in_one_reply(bot: Bot) -> None:
    assert await bot.say(f"{G} 3-2-501王姐: 什么时候送？要两袋米") == [
        "已记录 3-2-501：大米2袋，单号#1，今天12:00截单。下一轮配送：今天14:00。"
    ]
    assert await bot.say(f"{G} 3-2-502: 几点截单？要两袋米") == [
        "已记录 3-2-502：大米2袋，单号#2，今天12:00截单。"
    ]
    bot.at("12:05")  # after the cut-off the order joins the next batch, and says so
    assert await bot.say(f"{G} 3-2-503: 现在还能报吗？要一袋面粉") == [
        "已记录 3-2-503：面粉1袋，单号#3，今天18:00截单。"
    ]


async def test_a_cadre_answers_a_queued_question_where_it_was_asked(bot: Bot) -> None:
    await bot.say(f"{G} 3-2-501王姐: 明天还有鸡蛋卖吗")
    assert bot.sent_to("张书记")[-1].startswith("【待回复问题#1】")
    assert await bot.say("@私聊 张书记: 回复 1 明天上午9点有，每户限两盒") == [
        "回复3-2-501王姐（问：明天还有鸡蛋卖吗）：明天上午9点有，每户限两盒",
        "已回复问题#1。",
    ]
    assert bot.sent_to("3号楼业主群")[-1].endswith("每户限两盒")
    assert await bot.say("@私聊 张书记: 回复 1 再说一次") == ["问题#1已经回复过了。"]
    assert await bot.say("@私聊 张书记: 回复 9 什么") == ["没有找到问题#9。"]
    rows = await bot.app.db.conn.execute_fetchall("SELECT status FROM questions")
    assert [r[0] for r in rows] == ["answered"]


async def test_a_question_asked_privately_is_answered_privately(bot: Bot) -> None:
    await bot.say("@私聊 3-2-502李: 隔离要多久，电话13912345678")
    await bot.say("@私聊 张书记: /answer 1 一般7天")
    assert bot.sent_to("3-2-502李")[-1] == "回复3-2-502李（问：隔离要多久，电话****）：一般7天"
    assert all("一般7天" not in t for t in bot.sent_to("3号楼业主群"))


async def test_staff_take_and_close_a_help_request_and_the_resident_hears_briefly(
    bot: Bot,
) -> None:
    await bot.say(f"{G} 3-1-101: 老人要去透析")
    assert await bot.say("@私聊 王楼长: 接手 求助1") == [
        "已接手求助#1。",
        "求助#1已有人接手，请保持电话畅通。",
    ]
    assert await bot.say("@私聊 王楼长: 接手 求助1") == ["求助#1志愿者已接手，不能接手。"]
    await bot.say("@私聊 张书记: 办结 求助1 已送医院透析")
    assert bot.sent_to("3号楼业主群")[-1] == "求助#1已办结。"
    assert all("透析" not in t for t in bot.sent_to("3号楼业主群")[1:])
    await bot.say("@5号楼群 5-1502刘: 我家水卡没水了")
    assert await bot.say("@私聊 王楼长: 接手 求助2") == ["您不负责5号楼，不能操作。"]
    assert await bot.say("@私聊 3-1-101: /take_help 求助2") == ["这个命令只有楼长可以用。"]


async def test_asking_when_goods_come_without_an_order_gets_the_next_round(bot: Bot) -> None:
    assert await bot.say(f"{G} 3-2-402冯: 菜什么时候送？") == ["下一轮配送：今天14:00。"]
    await bot.say(f"{G} 3-2-501王姐: 大米两袋")
    assert (await bot.say(f"{G} 3-2-501王姐: 菜什么时候送？"))[0].startswith("#1 3-2-501 大米2袋")
