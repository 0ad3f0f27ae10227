"""The day's plan: delivery rounds (配送), the daily group message (每日), and what the clock
will do today (日程). Rounds and daily messages are stored; the scheduler reads them at its
next planning, so reminders follow without anything else to call."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import scheduler, texts
from bot.context import MessageContext
from bot.grammar import Arg, Args
from bot.rounds import parse_daily, parse_round
from bot.router import ChatKind, Command, Router
from handlers.timetable import _today, day_label

STAFF_CHATS: frozenset[ChatKind] = frozenset({"private", "staff"})


def _round_scope(ctx: MessageContext, args: Args) -> Sequence[str] | None:
    entry = parse_round(args.text, _today(ctx))
    if isinstance(entry, str):
        return None
    return [b for b, _u in entry.buildings.resolve(ctx.settings.buildings)[0]] or None


def add_round(ctx: MessageContext, args: Args) -> None:
    """配送 14:00 3-5号楼 东门中转站: posted to those groups now; the volunteers holding
    orders there are reminded before it leaves."""
    today = _today(ctx)
    entry = parse_round(args.text, today)
    if isinstance(entry, str):
        ctx.reply(entry)
        return
    buildings = ctx.named_buildings(entry.buildings)
    if buildings is None:
        return
    starts = entry.starts.strftime("%H:%M")
    ends = entry.ends.strftime("%H:%M") if entry.ends else None
    when = f"{day_label(entry.day, today)} {starts}" + (f"-{ends}" if ends else "")
    numbers, groups = [], 0
    for building in buildings:
        text = (
            texts.ROUND_POST_EVERY.format(
                when=when, every=entry.every, place=entry.place, building=building
            )
            if entry.every
            else texts.ROUND_POST.format(when=when, place=entry.place, building=building)
        )
        numbers.append(
            ctx.store.add_round(
                building,
                entry.day.isoformat(),
                starts,
                ends,
                entry.every,
                entry.place,
                text,
                ctx.now,
            )
        )
        groups += ctx.post_to_building(building, text)
    ctx.audit("round", ",".join(buildings), args.text[:200])
    ctx.reply(
        texts.ROUND_DONE.format(
            numbers=" #".join(map(str, numbers)), when=when, place=entry.place, groups=groups
        )
    )


def daily(ctx: MessageContext, args: Args) -> None:
    """每日 8:00 全部 内容 sets one; 每日 停 3 stops it."""
    text = args.text.strip()
    if text.startswith("停"):
        number = text.removeprefix("停").strip().lstrip("#")
        found = next(
            (n for n in ctx.store.dailies() if number.isdigit() and n.id == int(number)), None
        )
        if found is None:
            ctx.reply(texts.DAILY_NOT_FOUND.format(number=number[:12]))
            return
        ctx.store.remove_notice(found.id)
        ctx.audit("daily_stop", str(found.id))
        ctx.reply(texts.DAILY_STOPPED.format(number=found.id))
        return
    entry = parse_daily(text)
    if isinstance(entry, str):
        ctx.reply(entry)
        return
    named = None if entry.buildings.everything else ctx.named_buildings(entry.buildings)
    if not entry.buildings.everything and named is None:
        return
    at = entry.at.strftime("%H:%M")
    targets: list[str | None] = list(named) if named is not None else [None]
    numbers = [ctx.store.set_daily(building, at, entry.text, ctx.now) for building in targets]
    where = (
        texts.OPEN_WORK_ALL
        if named is None
        else "、".join(texts.WHERE_BUILDING.format(building=b) for b in named)
    )
    ctx.audit("daily", ",".join(map(str, numbers)), entry.text[:200])
    ctx.reply(texts.DAILY_DONE.format(at=at, buildings=where, text=entry.text, number=numbers[0]))


def day_plan(ctx: MessageContext, args: Args) -> None:
    """日程: what the clock will do for the rest of today, in order."""
    tz = ctx.settings.config.compound.tz
    coming = scheduler.coming_today(ctx)
    if not coming:
        ctx.reply(texts.PLAN_NONE)
        return
    lines = [texts.PLAN_TITLE.format(day=f"{_today(ctx).month}月{_today(ctx).day}日")]
    lines += [
        texts.PLAN_LINE.format(at=_hhmm(moment, tz), what=what) for moment, what in coming[:40]
    ]
    ctx.reply("\n".join(lines))


def _hhmm(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


# A plain 配送 / 每日 is the command when a time follows (配送 14:00 …, 每日 8:00 …), so that
# a mistake in it gets an answer; 配送时间改到下午 is a notice.
_ROUND_START = re.compile(r"^\s*(?:今天|明天)?\s*(?:每\s*\d+\s*分钟\s*)?\d{1,2}\s*[:：点]")
_DAILY_START = re.compile(r"^\s*(?:停|\d{1,2}\s*[:：点])")


def _is_round(text: str) -> bool:
    return _ROUND_START.match(text) is not None


def _is_daily(text: str) -> bool:
    return _DAILY_START.match(text) is not None


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("round", "配送"),
            handler=add_round,
            role="building_leader",
            description=texts.COMMAND_ROUND,
            usage=texts.ROUND_USAGE,
            grammar=(Arg("text"),),
            chats=STAFF_CHATS,
            scope=_round_scope,
            plain_if=_is_round,
        )
    )
    router.add_command(
        Command(
            names=("daily", "每日"),
            handler=daily,
            role="cadre",
            description=texts.COMMAND_DAILY,
            usage=texts.DAILY_USAGE,
            grammar=(Arg("text"),),
            chats=STAFF_CHATS,
            plain_if=_is_daily,
        )
    )
    router.add_command(
        Command(
            names=("plan", "日程"),
            handler=day_plan,
            role="building_leader",
            description=texts.COMMAND_PLAN,
            usage="日程",
            chats=STAFF_CHATS,
        )
    )
