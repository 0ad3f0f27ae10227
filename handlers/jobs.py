"""What scheduled jobs do when they fall due: cut-offs, test and delivery reminders, the
daily message, the nightly review, escalation. `bot.scheduler` decides when; each of these
runs through the core's writer with the occurrence it is for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from bot import schedule, texts
from bot.context import Context
from bot.formatting import building_order
from bot.messages import PLATFORMS, Platform
from bot.permissions import permission_of
from bot.purchase_list import purchase_list
from bot.spreadsheets import delivery_xlsx, purchase_xlsx
from handlers import delivery
from handlers.summary import summary_lines
from storage.rows import Notice


def _label(ctx: Context, moment: datetime) -> str:
    return schedule.when_label(moment, ctx.now, ctx.settings.config.compound.tz)


def _local_day(ctx: Context) -> date:
    return ctx.now.astimezone(ctx.settings.config.compound.tz).date()


def _building_staff(ctx: Context, building: str) -> list[tuple[Platform, str]]:
    """(platform, id) of the volunteers and building leaders who serve this building by
    name (not those who serve the whole compound: they would get every list)."""
    out: list[tuple[Platform, str]] = []
    for platform in PLATFORMS:
        for member in ctx.store.staff(platform):
            perm = permission_of(member, ctx.now)
            serves = perm.buildings is not None and building in perm.buildings
            if perm.role in ("volunteer", "building_leader") and serves:
                out.append((platform, member.user_id))
    return out


def cutoff(ctx: Context, occurrence: datetime) -> None:
    """The batch of this cut-off closes: each building's groups hear their count and the
    next cut-off; cadres get the purchase list; each building's staff its delivery sheet."""
    batch = ctx.store.batch_at_cutoff(occurrence)
    if batch is None or not ctx.store.move_batch(batch, "open", "closed", ctx.now):
        return
    cfg = ctx.settings.config.compound
    if not cfg.purchasing:
        ctx.store.move_batch(batch, "closed", "purchased", ctx.now)
        ctx.store.move_batch_orders(batch.id, "open", "purchased", ctx.now)
    counts = ctx.store.batch_buildings(batch.id)
    following = schedule.next_cutoff(occurrence + timedelta(seconds=1), cfg.cutoffs, cfg.tz)
    arrive = schedule.delivery_round(occurrence, cfg.delivery_after_minutes)
    for building in sorted(counts, key=building_order):
        ctx.post_to_building(
            building,
            texts.CUTOFF_POST.format(
                building=building,
                count=counts[building],
                arrive=_label(ctx, arrive),
                next=_label(ctx, following),
            ),
        )
    items = ctx.store.batch_items(batch.id)
    total = sum(counts.values())
    name = f"采购单-批次{batch.id}"
    caption = texts.CUTOFF_CADRES.format(
        batch=batch.id, cutoff=_label(ctx, occurrence), count=total, buildings=len(counts)
    )
    data = purchase_xlsx(purchase_list(items, ctx.settings.catalog), items, name)
    for platform in PLATFORMS:
        for cadre in ctx.settings.directory.cadres(platform, ctx.now):
            ctx.send_file(platform, cadre, f"{name}.xlsx", data, caption)
    orders = ctx.store.batch_orders(batch.id)
    for building in counts:
        staff = _building_staff(ctx, building)
        if not staff:
            continue
        own = [o for o in orders if o.building == building]
        own_items = [it for it in items if it.building == building]
        sheet = delivery_xlsx(own, own_items, ctx.settings.catalog, public=False)
        text = texts.CUTOFF_STAFF.format(batch=batch.id, building=building, count=len(own))
        filename = f"配送单-批次{batch.id}-{building}号楼.xlsx"
        for where, user in staff:
            ctx.send_file(where, user, filename, sheet, text)
    ctx.audit("cutoff", str(batch.id), str(total))


def test_reminder(ctx: Context, occurrence: datetime, notice_id: int, minutes: int) -> None:
    slot = ctx.store.test_slot(notice_id)
    if slot is None or slot.building is None:
        return
    ctx.post_to_building(
        slot.building,
        texts.TEST_REMINDER.format(
            starts=slot.starts,
            ends=slot.ends,
            building=slot.building,
            place=slot.place or "",
            minutes=minutes,
        ).replace("  ", " "),
    )


def round_reminder(ctx: Context, occurrence: datetime, notice: Notice, minutes: int) -> None:
    """Volunteers holding orders in the round's building, told before it leaves."""
    if notice.building is None:
        return
    leaves = occurrence + timedelta(minutes=minutes)
    by_holder: dict[str, int] = {}
    for order in ctx.store.claimed_in(notice.building):
        assert order.volunteer is not None
        by_holder[order.volunteer] = by_holder.get(order.volunteer, 0) + 1
    for platform in PLATFORMS:
        for member in ctx.store.staff(platform):
            count = by_holder.get(member.user_id)
            if count:
                ctx.tell(
                    platform,
                    member.user_id,
                    texts.ROUND_REMINDER.format(
                        at=leaves.astimezone(ctx.settings.config.compound.tz).strftime("%H:%M"),
                        place=notice.place or "",
                        building=notice.building,
                        count=count,
                    ),
                )


def daily(ctx: Context, occurrence: datetime, notice: Notice) -> None:
    buildings: Iterable[str] = (
        [notice.building] if notice.building else list(ctx.settings.buildings)
    )
    for building in buildings:
        ctx.post_to_building(building, texts.DAILY_POST.format(text=notice.text))


def nightly_review(ctx: Context, occurrence: datetime) -> None:
    cfg = ctx.settings.config.compound
    tz = cfg.tz
    day = _local_day(ctx)
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    todays = ctx.store.batches_between(start, start + timedelta(days=1))
    lines = [
        texts.REVIEW_TITLE.format(day=f"{day.month}月{day.day}日"),
        *summary_lines(ctx, todays),
    ]
    quiet = ctx.store.quiet_flagged(start)
    if quiet:
        doors = "、".join(h.door for h in quiet[:30])
        lines.append(texts.REVIEW_QUIET.format(count=len(quiet), doors=doors))
    tomorrow = day + timedelta(days=1)
    slots = ctx.store.test_slots_of_day(tomorrow.isoformat())
    if slots:
        lines.append(
            texts.REVIEW_TESTS.format(
                slots="；".join(
                    f"{s.starts}-{s.ends} {s.building}号楼 {s.place}".strip() for s in slots
                )
            )
        )
    else:
        lines.append(texts.REVIEW_NO_TESTS)
    cuts = "、".join(c.strftime("%H:%M") for c in cfg.cutoffs)
    lines.append(texts.REVIEW_CUTOFFS.format(cutoffs=cuts))
    missed = ctx.store.missed_runs(start)
    if missed:
        lines.append(
            texts.REVIEW_MISSED.format(
                count=len(missed),
                items="、".join(
                    f"{job_label(job_id)} {when.astimezone(tz).strftime('%H:%M')}"
                    for job_id, when in missed[:10]
                ),
            )
        )
    text = "\n".join(lines)
    limit = ctx.settings.config.pacing.max_text_length
    for platform in PLATFORMS:
        for cadre in ctx.settings.directory.cadres(platform, ctx.now):
            if len(text) <= limit:
                ctx.tell(platform, cadre, text)
            else:
                head = "\n".join(lines[:4]) + "\n" + texts.REVIEW_AS_FILE
                ctx.send_file(platform, cadre, f"回头看-{day.isoformat()}.txt", text.encode(), head)


def escalate_help(ctx: Context, occurrence: datetime, request_id: int, stage: int) -> None:
    """Nobody took it: first duty again, then every cadre."""
    req = ctx.store.help_request(request_id)
    if req is None or req.status != "open" or not ctx.store.escalate_help(request_id, stage):
        return
    asked = ctx.store.inbox_message(req.inbox_id) if req.inbox_id else None
    waited = int((ctx.now - _created(ctx, occurrence, req.category, stage)).total_seconds() // 60)
    text = texts.ESCALATE_HELP.format(
        number=request_id,
        category=texts.HELP_CATEGORY[req.category],
        door=req.door or (asked.sender_name if asked else ""),
        minutes=waited,
    )
    for platform in PLATFORMS:
        people = (
            ctx.settings.directory.duty(platform, ctx.now)
            if stage == 1
            else ctx.settings.directory.cadres(platform, ctx.now)
        )
        for user in people:
            ctx.tell(platform, user, text, priority=1)
    ctx.audit("escalate_help", str(request_id), str(stage))


def _created(ctx: Context, occurrence: datetime, category: str, stage: int) -> datetime:
    cfg = ctx.settings.config.schedule
    minutes = cfg.escalate_medical_minutes if category == "medical" else cfg.escalate_minutes
    return occurrence - timedelta(minutes=minutes * stage)


def unreached_help(ctx: Context, occurrence: datetime, request_id: int) -> None:
    """Minutes on, the urgent forward reached nobody (all refused, or still retrying)."""
    req = ctx.store.help_request(request_id)
    if req is None or req.status != "open" or req.forwarded_at is not None:
        return
    delivery.tell_hotline(ctx, request_id)


def escalate_question(ctx: Context, occurrence: datetime, question_id: int, stage: int) -> None:
    question = ctx.store.question(question_id)
    if question is None or question.status != "open":
        return
    if not ctx.store.escalate_question(question_id, stage):
        return
    asked = ctx.store.inbox_message(question.inbox_id)
    waited = stage * ctx.settings.config.schedule.escalate_minutes
    text = texts.ESCALATE_QUESTION.format(
        number=question_id, text=(asked.text if asked else "")[:100], minutes=waited
    )
    for platform in PLATFORMS:
        people = (
            ctx.settings.directory.duty(platform, ctx.now)
            if stage == 1
            else ctx.settings.directory.cadres(platform, ctx.now)
        )
        for user in people:
            ctx.tell(platform, user, text)
    ctx.audit("escalate_question", str(question_id), str(stage))


def job_label(job_id: str) -> str:
    """How a cadre reads a job's id: cutoff:1200 -> 截单 12:00."""
    kind = job_id.split(":", 1)[0]
    return texts.JOB_KIND.get(kind, kind)
