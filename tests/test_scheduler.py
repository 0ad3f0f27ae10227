"""Scheduled jobs (bot/scheduler.py, handlers/jobs.py) on the injected clock: when they
fall due, that each occurrence posts once across restarts and duplicate triggers, and what
they post. One test runs the live AsyncIOScheduler for about a second."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import drain_manual
from bot.clock import SystemClock
from bot.config import ConfigError, load_config_text
from bot.context import Context
from bot.scheduler import Clockwork, Job, fires_between, next_fire
from bot.transports.base import SendFailed
from storage import orders
from tests.harness import EXAMPLE, SHANGHAI, Bot, example_config, start_bot, stop_bot

G3 = "@3号楼业主群"
DAY = datetime(2026, 4, 10, 8, 0, tzinfo=SHANGHAI)


def _at(hhmm: str, day: datetime = DAY) -> datetime:
    h, m = map(int, hhmm.split(":")[:2])
    s = int(hhmm.split(":")[2]) if hhmm.count(":") == 2 else 0
    return day.replace(hour=h, minute=m, second=s)


async def _until(bot: Bot, moment: datetime) -> list[tuple[str, str]]:
    """Run every job due by `moment` and send what they queued; what was sent."""
    before = len(bot.console.sent)
    await Clockwork(bot.app.core, bot.clock).run_due(moment)
    if bot.clock.now() < moment:
        bot.clock.set(moment)
    await drain_manual(bot.app, bot.clock)
    return bot.console.sent[before:]


def _texts(sent: list[tuple[str, str]], chat: str | None = None) -> list[str]:
    """What was sent (to one chat), a line each: messages due together go merged."""
    return [ln for c, t in sent if chat is None or c == chat for ln in t.splitlines()]


# --- when -----------------------------------------------------------------------------------


def test_a_cron_trigger_fires_strictly_after_and_up_to_the_moments_given() -> None:
    noon = CronTrigger(hour=12, minute=0, timezone=SHANGHAI)
    assert next_fire(noon, _at("11:59:59"), _at("12:00")) == _at("12:00")
    assert next_fire(noon, _at("12:00"), _at("12:30")) is None
    days = fires_between(noon, _at("08:00"), _at("08:00") + timedelta(days=2))
    assert days == [_at("12:00"), _at("12:00") + timedelta(days=1)]


def test_a_date_trigger_fires_once_and_an_interval_until_its_end() -> None:
    once = DateTrigger(_at("06:00"))
    assert fires_between(once, _at("05:00"), _at("23:00")) == [_at("06:00")]
    assert fires_between(once, _at("06:00"), _at("23:00")) == []
    every = IntervalTrigger(minutes=30, start_date=_at("09:00"), end_date=_at("10:00"))
    assert fires_between(every, _at("08:00"), _at("23:00")) == [
        _at("09:00"),
        _at("09:30"),
        _at("10:00"),
    ]


# --- cut-offs ---------------------------------------------------------------------------------


async def test_the_noon_cutoff_closes_once_across_restarts_either_side_of_noon(
    tmp_path: Path,
) -> None:
    config = example_config(tmp_path / "b.db")
    bot = await start_bot(config, DAY)
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    assert await _until(bot, _at("11:59:59")) == []
    await stop_bot(bot)
    bot = await start_bot(config, _at("12:00:01"))
    sent = await _until(bot, _at("12:00:01"))
    assert _texts(sent, "3号楼业主群") == [
        "3号楼本轮截单：共1单，预计今天14:00送达。下次截单今天18:00。"
    ]
    assert any(t.startswith("[采购单-批次1.xlsx] 截单：批次#1") for t in _texts(sent, "张书记"))
    order = await bot.app.db.read(lambda c: orders.get(c, 1))
    assert order is not None and order.batch_status == "closed"
    await stop_bot(bot)
    bot = await start_bot(config, _at("12:00:02"))
    assert await _until(bot, _at("12:05")) == []
    await stop_bot(bot)


async def test_a_duplicate_trigger_posts_nothing_twice(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    clockwork = Clockwork(bot.app.core, bot.clock)
    planned, _ = await clockwork.plan()
    (noon,) = [j for j in planned if j.id == "cutoff:1200"]
    bot.at("12:00")
    for _ in range(2):
        await bot.app.core.run_job(
            noon.id, functools.partial(clockwork._once, job=noon, occurrence=_at("12:00"))
        )
    await drain_manual(bot.app, bot.clock)
    assert len([t for t in bot.sent_to("3号楼业主群") if "本轮截单" in t]) == 1


async def test_each_buildings_staff_get_their_buildings_delivery_sheet(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say("@10幢2单元群 10-2-301赵: 鸡蛋一盒")
    sent = await _until(bot, _at("12:00"))
    # 王楼长 serves 3号楼 and 小王 3号楼 and 5号楼; 小李 serves everywhere and gets none.
    assert _texts(sent, "王楼长") == ["[配送单-批次1-3号楼.xlsx] 批次#1 3号楼配送单：1单。"]
    assert _texts(sent, "小王") == ["[配送单-批次1-3号楼.xlsx] 批次#1 3号楼配送单：1单。"]
    assert _texts(sent, "小李") == []
    assert _texts(sent, "10幢2单元群") == [
        "10号楼本轮截单：共1单，预计今天14:00送达。下次截单今天18:00。"
    ]


async def test_a_batch_closed_early_by_hand_is_not_closed_again(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say("@私聊 张书记: 截单")
    assert _texts(await _until(bot, _at("12:00"))) == []


async def test_a_cutoff_missed_beyond_the_grace_is_listed_in_the_nightly_review(
    tmp_path: Path,
) -> None:
    config = example_config(tmp_path / "b.db")
    bot = await start_bot(config, DAY)
    await _until(bot, DAY)  # the bot's clock starts here
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await stop_bot(bot)
    # Down from 08:00 to 13:00: the 12:00 cut-off is an hour late, past the 30-minute grace.
    bot = await start_bot(config, _at("13:00"))
    sent = await _until(bot, _at("13:00"))
    assert not any("本轮截单" in t for t in _texts(sent))
    review = _texts(await _until(bot, _at("21:00")), "张书记")
    assert any("停机期间错过的定时任务1个：截单 12:00" in t for t in review)
    await stop_bot(bot)


# --- test-time reminders -------------------------------------------------------------------


async def test_test_reminders_come_thirty_and_five_minutes_before(bot: Bot) -> None:
    await bot.say("@私聊 张书记: 核酸 9:00-9:30 3号楼 东门")
    assert _texts(await _until(bot, _at("08:29")), "3号楼业主群") == []
    assert _texts(await _until(bot, _at("08:30")), "3号楼业主群") == [
        "【核酸提醒】09:00-09:30 3号楼 东门排队，30分钟后开始，请带好手机。"
    ]
    assert _texts(await _until(bot, _at("08:55")), "3号楼业主群") == [
        "【核酸提醒】09:00-09:30 3号楼 东门排队，5分钟后开始，请带好手机。"
    ]


async def test_a_reminder_for_a_slot_after_midnight_comes_the_evening_before(bot: Bot) -> None:
    bot.at("22:00")
    await bot.say("@私聊 张书记: 核酸 明天 0:20-0:50 3号楼 东门")
    sent = await _until(bot, _at("23:59"))
    assert _texts(sent, "3号楼业主群") == [
        "【核酸提醒】00:20-00:50 3号楼 东门排队，30分钟后开始，请带好手机。"
    ]


async def test_a_cancelled_slot_sends_no_reminder_and_a_changed_one_moves(bot: Bot) -> None:
    await bot.say("@私聊 张书记: 核酸 9:00-9:30 3号楼 东门")
    await bot.say("@私聊 张书记: 核酸 9:00-9:30 3号楼 西门")
    await bot.say("@私聊 张书记: 取消核酸 1")
    await bot.say("@私聊 张书记: 改核酸 2 10:00-10:30")
    sent = _texts(await _until(bot, _at("12:00")), "3号楼业主群")
    reminders = [t for t in sent if t.startswith("【核酸提醒】")]
    assert reminders == [
        "【核酸提醒】10:00-10:30 3号楼 西门排队，30分钟后开始，请带好手机。",
        "【核酸提醒】10:00-10:30 3号楼 西门排队，5分钟后开始，请带好手机。",
    ]


# --- escalation ------------------------------------------------------------------------------


async def test_a_medical_request_nobody_takes_goes_to_duty_at_5_minutes_then_cadres(
    bot: Bot,
) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 老人要去透析")
    assert _texts(await _until(bot, _at("08:04")), "张书记") == []
    (first,) = _texts(await _until(bot, _at("08:05")), "张书记")
    assert first.startswith("【催办】求助#1 就医 3-2-501，已5分钟无人接手。")
    (second,) = _texts(await _until(bot, _at("08:10")), "张书记")
    assert second.startswith("【催办】求助#1 就医 3-2-501，已10分钟无人接手。")
    assert _texts(await _until(bot, _at("09:00")), "张书记") == []
    (summary,) = await bot.say("@私聊 张书记: 汇总")
    assert "已催办求助1件：#1（2次）" in summary


async def test_other_requests_wait_30_minutes_and_stop_once_someone_takes_them(
    bot: Bot,
) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 我家水卡没水了")
    assert _texts(await _until(bot, _at("08:29")), "张书记") == []
    assert len(_texts(await _until(bot, _at("08:30")), "张书记")) == 1
    await bot.say("@私聊 小李: 认领 求助1")
    assert _texts(await _until(bot, _at("10:00")), "张书记") == []


async def _until_sending(bot: Bot, moment: datetime) -> list[tuple[str, str]]:
    """As `_until`, but what keeps failing is retried only up to `moment`, as live."""
    before = len(bot.console.sent)
    clockwork = Clockwork(bot.app.core, bot.clock)
    while True:
        await clockwork.run_due(bot.clock.now())
        next_at = await bot.app.sender.flush()
        if next_at is None or next_at > moment:
            break
        bot.clock.set(max(next_at, bot.clock.now() + timedelta(milliseconds=1)))
    bot.clock.set(max(bot.clock.now(), moment))
    await clockwork.run_due(moment)
    await bot.app.sender.flush()
    return bot.console.sent[before:]


async def test_an_urgent_request_nobody_can_be_reached_for_in_3_minutes_gets_the_hotline(
    bot: Bot,
) -> None:
    # Duty's private chat fails for minutes (transiently: the sender keeps trying).
    original = bot.console.send_text
    reachable = False

    async def failing_for_duty(chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        if chat_id == "张书记" and not reachable:
            raise SendFailed("502")
        await original(chat_id, text)

    bot.console.send_text = failing_for_duty  # type: ignore[method-assign]
    await bot.post(f"{G3} 3-2-501王姐: 老人要去透析")
    first = _texts(await _until_sending(bot, _at("08:02:59")), "3号楼业主群")
    assert first == ["3-2-501的求助已登记（#1），正在联系值班人员，请保持电话畅通。"]
    hotline = _texts(await _until_sending(bot, _at("08:03:30")), "3号楼业主群")
    assert hotline == ["求助#1暂时联系不上值班人员，请直接拨打社区办 021-5555 0000。"]
    assert _texts(await _until_sending(bot, _at("08:04")), "3号楼业主群") == []  # said once
    await bot.post("@私聊 张书记: 汇总")  # composed now, read once the chat works again
    reachable = True
    # Its own backoff (at most 5 minutes and a fifth) runs out, and it goes.
    later = await _until_sending(bot, _at("08:12"))
    assert any(t.startswith("【紧急求助#1】") for t in _texts(later, "张书记"))
    assert "联系不上值班人员的求助：#1" in _texts(later, "张书记")
    assert _texts(later, "3号楼业主群") == ["求助#1已转给值班人员。"]


async def test_a_question_nobody_answers_is_sent_again(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-601孙: 明天还有鸡蛋卖吗")
    again = _texts(await _until(bot, _at("08:30")), "张书记")
    assert again == ["【催办】问题#1已30分钟未回复：明天还有鸡蛋卖吗", "回复请发：回复 1 内容"]
    await bot.say("@私聊 张书记: 回复 1 明天上午有")
    assert _texts(await _until(bot, _at("10:00")), "张书记") == []


# --- rounds, daily messages, the plan -----------------------------------------------------------


async def test_a_round_is_posted_and_its_volunteers_reminded_15_minutes_before(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")
    await bot.say("@私聊 小王: 认领 1")
    said = await bot.say("@私聊 张书记: 配送 14:00 3号楼 东门中转站")
    assert "【配送】今天 14:00 东门中转站，3号楼的订单在此交接。" in said
    assert _texts(await _until(bot, _at("13:44")), "小王") == []
    assert _texts(await _until(bot, _at("13:45")), "小王") == [
        "14:00 配送出发（东门中转站）：您在3号楼有1单待送。"
    ]


async def test_a_shuttle_every_30_minutes_reminds_before_each_run(bot: Bot) -> None:
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say("@私聊 张书记: 截单")
    await bot.say("@私聊 张书记: 已采购")
    await bot.say("@私聊 小王: 认领 1")
    await bot.say("@私聊 张书记: 配送 每30分钟 9:00-10:00 3号楼 东门")
    reminders = _texts(await _until(bot, _at("11:00")), "小王")
    assert [r.split(" ", 1)[0] for r in reminders] == ["09:00", "09:30", "10:00"]


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("配送 25:00 3号楼 东门", "时间“25:00”不对，请写如 14:00。"),
        ("配送 14:00 东门", "请写配送到哪些楼，如：配送 14:00 3-5号楼 东门中转站"),
        ("配送 每30分钟 17:00-9:00 3号楼 东门", "结束09:00早于开始17:00"),
        ("配送 14:00 99号楼 东门", "本小区没有99号楼。"),
        ("配送 每1分钟 9:00-10:00 3号楼 东门", "间隔“每1分钟”不对"),
    ],
)
async def test_a_bad_round_is_refused_naming_the_value(bot: Bot, line: str, answer: str) -> None:
    (said,) = await bot.say(f"@私聊 张书记: {line}")
    assert said.startswith(answer)
    assert (
        await bot.app.db.read(lambda c: c.execute("SELECT count(*) FROM notices").fetchone()[0])
        == 0
    )


async def test_a_daily_message_posts_every_day_until_stopped(bot: Bot) -> None:
    said = await bot.say("@私聊 张书记: 每日 8:30 3号楼 请在家等候核酸通知")
    assert said == ["已设每日 08:30 发到3号楼：请在家等候核酸通知（编号#1，停发：每日 停 1）"]
    assert _texts(await _until(bot, _at("08:30")), "3号楼业主群") == [
        "【每日提醒】请在家等候核酸通知"
    ]
    tomorrow = DAY + timedelta(days=1)
    assert _texts(await _until(bot, _at("08:30", tomorrow)), "3号楼业主群") == [
        "【每日提醒】请在家等候核酸通知"
    ]
    assert await bot.say("@私聊 张书记: 每日 停 1") == ["已停发每日提醒#1。"]
    later = _texts(await _until(bot, _at("08:30", tomorrow + timedelta(days=1))))
    assert not any(t.startswith("【每日提醒】") for t in later)


async def test_a_cadres_notice_starting_with_a_plan_word_stays_a_notice(bot: Bot) -> None:
    assert await bot.say(f"{G3} 张书记: 配送时间改到下午，请大家留意") == []
    assert await bot.say(f"{G3} 张书记: 每日核酸照常进行") == []


async def test_the_days_plan_lists_what_is_still_to_come(bot: Bot) -> None:
    await bot.say("@私聊 张书记: 核酸 9:00-9:30 3号楼 东门")
    await bot.say(f"{G3} 3-2-501王姐: 老人要去透析")
    (plan,) = await bot.say("@私聊 张书记: 日程")
    assert plan.splitlines() == [
        "今天的日程（4月10日）：",
        "08:05 催办 求助#1",
        "08:10 催办 求助#1",
        "08:30 核酸提醒 3号楼",
        "08:55 核酸提醒 3号楼",
        "12:00 截单 12:00",
        "18:00 截单 18:00",
        "21:00 回头看",
    ]


# --- the nightly review -----------------------------------------------------------------------


async def test_the_nightly_review_covers_the_day_and_tomorrow(bot: Bot) -> None:
    await bot.app.db.write(lambda c: c.execute("SELECT 1"))
    await bot.say(f"{G3} 3-2-501王姐: 大米两袋")
    await bot.say("@私聊 张书记: 核酸 明天 7:00-7:30 3号楼 东门")
    await bot.app.db.write(
        lambda c: c.execute(
            "INSERT INTO households (compound_id, building, unit, room, flags, created_at)"
            " VALUES (1, '3', '1', '101', '独居老人', '2026-04-10T00:00:00+00:00')"
        )
    )
    sent = await _until(bot, _at("21:00"))
    (review,) = [t for c, t in sent if c == "张书记" and t.startswith("【回头看】")]
    lines = review.splitlines()
    assert lines[0] == "【回头看】4月10日"
    assert "今天没有消息也没有送达的重点户1户：3-1-101" in lines
    assert "明天核酸：07:00-07:30 3号楼 东门" in lines
    assert "明天截单：12:00、18:00" in lines


# --- replays and the live scheduler -----------------------------------------------------------


async def test_a_replay_over_two_days_runs_each_days_jobs_once(tmp_path: Path) -> None:
    from bot.app import replay
    from bot.transports.console import ConsoleTransport

    path = tmp_path / "days.txt"
    path.write_text(
        "DATE 2026-04-10\n"
        "08:00 @3号楼业主群 3-2-501王姐: 大米两袋\n"
        "DATE 2026-04-11\n"
        "08:00 @3号楼业主群 3-2-502周: 鸡蛋一盒\n",
        "utf-8",
    )
    config = example_config(tmp_path / "b.db")
    console = ConsoleTransport(out=open("/dev/null", "w"), record=True)  # noqa: SIM115
    await replay(config, path, console)
    cutoffs = [t for c, t in console.sent if "本轮截单" in t]
    assert cutoffs == [
        "3号楼本轮截单：共1单，预计今天14:00送达。下次截单今天18:00。",
        "3号楼本轮截单：共1单，预计今天14:00送达。下次截单今天18:00。",
    ]
    reviews = [t for c, t in console.sent if t.startswith("【回头看】")]
    assert [r.splitlines()[0] for r in reviews] == ["【回头看】4月10日", "【回头看】4月11日"]
    # Replayed again, the same file posts nothing more.
    again = ConsoleTransport(out=open("/dev/null", "w"), record=True)  # noqa: SIM115
    await replay(config, path, again)
    assert [t for c, t in again.sent if "本轮截单" in t or t.startswith("【回头看】")] == []


async def test_a_bad_date_line_in_a_replay_names_the_line(tmp_path: Path) -> None:
    from bot.transports.console import ReplayError, read_replay

    path = tmp_path / "days.txt"
    path.write_text("DATE 2026-13-01\n", "utf-8")
    with pytest.raises(ReplayError, match=r"days.txt:1"):
        read_replay(path)


async def test_the_live_scheduler_wakes_jobs_on_their_triggers(tmp_path: Path) -> None:
    config = example_config(tmp_path / "b.db")
    bot = await start_bot(config, datetime.now(SHANGHAI))
    ran: list[datetime] = []

    def tick(ctx: Context, occurrence: datetime) -> None:
        ran.append(occurrence)

    def planner(ctx: Context) -> list[Job]:
        start = ctx.store.clock_mark("first_start", ctx.now)
        every = IntervalTrigger(seconds=0.3, start_date=start)
        return [Job("tick", every, start, tick, "tick")]

    clockwork = Clockwork(bot.app.core, SystemClock(), planner)
    await clockwork.start()
    try:
        await asyncio.sleep(1.2)
    finally:
        clockwork.stop()
        await stop_bot(bot)
    # Woken by APScheduler every 0.3 s for 1.2 s: a few runs, each occurrence once.
    assert len(ran) >= 2
    assert ran == sorted(set(ran))


@pytest.mark.parametrize(
    ("line", "bad", "field"),
    [
        (
            'nightly_review = "21:00"',
            'nightly_review = "25:00"',
            r"schedule\.nightly_review.*25:00",
        ),
        ("test_reminders = [30, 5]", "test_reminders = [0]", r"schedule\.test_reminders"),
    ],
)
def test_a_schedule_with_an_impossible_time_is_a_config_error(
    line: str, bad: str, field: str
) -> None:
    text = EXAMPLE.read_text("utf-8").replace(line, bad)
    with pytest.raises(ConfigError, match=field):
        load_config_text(text, "bad.toml")


async def test_a_review_too_long_for_one_message_goes_as_a_file(tmp_path: Path) -> None:
    config = example_config(tmp_path / "b.db", "")
    text = config.model_copy(
        update={"pacing": config.pacing.model_copy(update={"max_text_length": 200})}
    )
    bot = await start_bot(text, DAY)
    await bot.app.db.write(
        lambda c: c.executemany(
            "INSERT INTO households (compound_id, building, unit, room, flags, created_at)"
            " VALUES (1, '3', '1', ?, '独居老人', '2026-04-10T00:00:00+00:00')",
            [(str(100 * f + 1),) for f in range(1, 30)],
        )
    )
    sent = await _until(bot, _at("21:00"))
    (review,) = [t for c, t in sent if c == "张书记" and "回头看" in t]
    assert review.startswith("[回头看-2026-04-10.txt] 【回头看】4月10日")
    assert review.endswith("内容较长，全文见附件。")
    await stop_bot(bot)


async def test_a_job_that_fails_is_recorded_missed_and_the_others_still_run(bot: Bot) -> None:
    ran: list[str] = []

    def broken(ctx: Context, occurrence: datetime) -> None:
        raise RuntimeError("a bug in one job")

    def fine(ctx: Context, occurrence: datetime) -> None:
        ran.append(occurrence.strftime("%H:%M"))

    def planner(ctx: Context) -> list[Job]:
        start = ctx.store.clock_mark("first_start", ctx.now)
        return [
            Job("broken", DateTrigger(_at("09:00")), start, broken, "broken"),
            Job("fine", CronTrigger(minute=30, timezone=SHANGHAI), start, fine, "fine"),
        ]

    clockwork = Clockwork(bot.app.core, bot.clock, planner)
    # Four occurrences came due: the broken one counts as run (recorded missed).
    assert await clockwork.run_due(_at("10:45")) == 4
    assert ran == ["08:30", "09:30", "10:30"]
    rows = await bot.app.db.read(
        lambda c: c.execute("SELECT job_id, status FROM job_runs ORDER BY occurrence").fetchall()
    )
    assert [tuple(r) for r in rows] == [
        ("fine", "done"),
        ("broken", "missed"),
        ("fine", "done"),
        ("fine", "done"),
    ]
