"""The PCR-test timetable: cadres and building leaders set, list and cancel entries; each is
posted to its building's groups, and residents' questions are answered from it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from bot import texts
from bot.context import MessageContext
from bot.grammar import Arg, Args
from bot.router import Command, Router
from bot.timetable import Slot, parse_slot, parse_times
from storage.rows import Notice

_DATE_ONLY = re.compile(r"今天|明天|后天|\d{1,2}\s*月\s*\d{1,2}\s*[日号]")


def _today(ctx: MessageContext) -> date:
    return ctx.now.astimezone(ctx.settings.config.compound.tz).date()


def day_label(day: date, today: date) -> str:
    if day == today:
        return texts.TODAY
    if day == today + timedelta(days=1):
        return texts.TOMORROW
    return texts.DAY_MONTH.format(month=day.month, day=day.day)


def scope(ctx: MessageContext, args: Args) -> Sequence[str] | None:
    """Every building any line of the entry names, for a building leader's check."""
    found: list[str] = []
    for line in args.text.splitlines():
        slot = parse_slot(line, _today(ctx))
        if not isinstance(slot, str):
            found += [b for b, _unit in slot.buildings.resolve(ctx.settings.buildings)[0]]
    return found or None


def _post_to_building(ctx: MessageContext, building: str, text: str) -> int:
    groups = ctx.store.groups_of_building(ctx.platform, building)
    for group in groups:
        ctx.post(ctx.platform, group.chat_id, text)
    return len(groups)


def set_or_list(ctx: MessageContext, args: Args) -> None:
    """核酸 [日期] 开始-结束 楼栋 地点 sets an entry per building; 核酸 alone lists today's.
    Several entries may follow on lines of their own, under an optional first line that is
    only the date (明天 / 12月3日)."""
    today = _today(ctx)
    if not args.text:
        _list(ctx, today)
        return
    lines = [ln.strip() for ln in args.text.splitlines() if ln.strip()]
    day_word = lines[0] if len(lines) > 1 and _DATE_ONLY.fullmatch(lines[0]) else ""
    entries = lines[1:] if day_word else lines
    slots: list[Slot] = []
    for line in entries:
        slot = parse_slot(f"{day_word} {line}".strip(), today)
        if isinstance(slot, str):
            ctx.reply(texts.TEST_BAD_LINE.format(line=line, why=slot) if len(entries) > 1 else slot)
            return
        slots.append(slot)
    for slot in slots:
        _set(ctx, slot, today)


def _set(ctx: MessageContext, slot: Slot, today: date) -> None:
    found, missing = slot.buildings.resolve(ctx.settings.buildings)
    if missing or not found:
        names = "、".join(texts.WHERE_BUILDING.format(building=m) for m in missing)
        ctx.reply(texts.NOTICE_MISSING.format(names=names or texts.NONE))
        return
    when = day_label(slot.day, today)
    starts, ends = slot.starts.strftime("%H:%M"), slot.ends.strftime("%H:%M")
    numbers, reached = [], 0
    for building in dict.fromkeys(b for b, _unit in found):
        number = ctx.store.add_test_slot(
            building, slot.day.isoformat(), starts, ends, slot.place, ctx.now
        )
        numbers.append(str(number))
        post = texts.TEST_POST.format(
            when=when, starts=starts, ends=ends, building=building, place=slot.place
        )
        reached += _post_to_building(ctx, building, post.strip())
    ctx.audit("test_slot", ",".join(numbers), f"{when} {starts}-{ends} {slot.place}")
    ctx.reply(texts.TEST_SET.format(numbers="、#".join(numbers), count=reached))


def _list(ctx: MessageContext, today: date) -> None:
    slots = ctx.store.test_slots_of_day(today.isoformat())
    when = day_label(today, today)
    if not slots:
        ctx.reply(texts.TEST_LIST_NONE.format(when=when))
        return
    entries = "；".join(_item(n) for n in slots)
    ctx.reply(texts.TEST_LIST.format(when=when, entries=entries))


def _item(n: Notice) -> str:
    return texts.TEST_LIST_ITEM.format(
        number=n.id, starts=n.starts, ends=n.ends, building=n.building, place=n.place or ""
    ).strip()


def cancel_scope(ctx: MessageContext, args: Args) -> Sequence[str] | None:
    slot = ctx.store.test_slot(args.numbers[0]) if args.numbers else None
    return [slot.building] if slot is not None and slot.building else None


def cancel(ctx: MessageContext, args: Args) -> None:
    """取消核酸 N: the entry goes, and its building's groups are told."""
    number = args.numbers[0]
    slot = ctx.store.test_slot(number)
    if slot is None or slot.building is None or slot.day is None:
        ctx.reply(texts.TEST_NOT_FOUND.format(number=number))
        return
    ctx.store.remove_notice(number)
    when = day_label(date.fromisoformat(slot.day), _today(ctx))
    post = texts.TEST_CANCELLED_POST.format(
        when=when,
        starts=slot.starts,
        ends=slot.ends,
        building=slot.building,
        place=slot.place or "",
    )
    _post_to_building(ctx, slot.building, post.strip())
    ctx.audit("test_slot_cancelled", str(number))
    ctx.reply(texts.TEST_CANCEL_DONE.format(number=number))


def change(ctx: MessageContext, args: Args) -> None:
    """改核酸 N 7:00-7:30 [地点]: new times (and place) for an entry; its groups are told."""
    number = args.numbers[0]
    slot = ctx.store.test_slot(number)
    if slot is None or slot.building is None or slot.day is None:
        ctx.reply(texts.TEST_NOT_FOUND.format(number=number))
        return
    times = parse_times(args.text)
    if isinstance(times, str):
        ctx.reply(times)
        return
    starts, ends = times[0].strftime("%H:%M"), times[1].strftime("%H:%M")
    place = times[2] or slot.place or ""
    ctx.store.change_test_slot(number, starts, ends, times[2] or None)
    when = day_label(date.fromisoformat(slot.day), _today(ctx))
    post = texts.TEST_CHANGED_POST.format(
        when=when, starts=starts, ends=ends, building=slot.building, place=place
    )
    reached = _post_to_building(ctx, slot.building, post.strip())
    ctx.audit("test_slot_changed", str(number), args.text[:200])
    ctx.reply(texts.TEST_CHANGE_DONE.format(number=number, count=reached))


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("test_change", "改核酸", "修改核酸"),
            handler=change,
            role="building_leader",
            description=texts.COMMAND_TEST_CHANGE,
            usage=texts.TEST_CHANGE_FORM,
            grammar=(Arg("number"), Arg("text")),
            chats=frozenset({"private", "staff"}),
            scope=cancel_scope,
        )
    )
    router.add_command(
        Command(
            names=("test", "核酸"),
            handler=set_or_list,
            role="building_leader",
            description=texts.COMMAND_TEST,
            usage=texts.TEST_FORM,
            grammar=(Arg("text", optional=True),),
            chats=frozenset({"private", "staff"}),
            scope=scope,
        )
    )
    router.add_command(
        Command(
            names=("test_cancel", "取消核酸"),
            handler=cancel,
            role="building_leader",
            description=texts.COMMAND_TEST_CANCEL,
            usage="取消核酸 3",
            grammar=(Arg("number"),),
            chats=frozenset({"private", "staff"}),
            scope=cancel_scope,
        )
    )
