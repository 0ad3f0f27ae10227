"""汇总: the current and last batch by state and by building, help requests not done with
their age, and the questions waiting longest, in one message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import schedule, texts
from bot.context import Context, MessageContext
from bot.grammar import Args
from bot.router import Command, Router
from storage.rows import Batch

# Enough to act on at a glance; the full lists come with the nightly review.
SHOWN = 8


def _minutes(now: datetime, since: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60))


def _batch_lines(ctx: Context, label: str, batch: Batch) -> list[str]:
    states = ctx.store.batch_states(batch.id)
    counted = (
        "、".join(f"{texts.ORDER_STATE_SHORT[s]}{n}" for s, n in sorted(states.items()))
        or texts.NONE
    )
    cutoff = schedule.when_label(batch.cutoff_at, ctx.now, ctx.settings.config.compound.tz)
    lines = [
        texts.SUMMARY_BATCH.format(
            label=label,
            batch=batch.id,
            cutoff=cutoff,
            state=texts.BATCH_STATE[batch.status],
            states=counted,
        )
    ]
    by_building = ctx.store.batch_buildings(batch.id)
    if by_building:
        shown = "、".join(
            f"{texts.WHERE_BUILDING.format(building=b)}{n}"
            for b, n in sorted(by_building.items(), key=lambda kv: (len(kv[0]), kv[0]))
        )
        lines.append(texts.SUMMARY_BATCH_BUILDINGS.format(buildings=shown))
    return lines


def summary(ctx: MessageContext, args: Args) -> None:
    when = ctx.now.astimezone(ctx.settings.config.compound.tz).strftime("%H:%M")
    ctx.reply("\n".join([texts.SUMMARY_TITLE.format(when=when), *summary_lines(ctx)]))


def summary_lines(ctx: Context, day_batches: Sequence[Batch] | None = None) -> list[str]:
    """Batches by state and building (the current and the last, or the day's given),
    deliveries not confirmed, open and escalated help, waiting questions: the summary and
    the nightly review both are these."""
    lines: list[str] = []
    if day_batches is not None:
        for batch in day_batches:
            lines += _batch_lines(ctx, texts.SUMMARY_TODAY, batch)
        if not day_batches:
            lines.append(texts.SUMMARY_NO_BATCH_TODAY)
    else:
        current = ctx.store.oldest_batch("open")
        last = ctx.store.latest_batch("closed") or ctx.store.latest_batch("purchased")
        if current is None and last is None:
            lines.append(texts.SUMMARY_NO_BATCH)
        if current is not None:
            lines += _batch_lines(ctx, texts.SUMMARY_CURRENT, current)
        if last is not None:
            lines += _batch_lines(ctx, texts.SUMMARY_LAST, last)
    unconfirmed = ctx.store.delivered_unconfirmed()
    if unconfirmed:
        numbers = " ".join(f"#{o.id}" for o in unconfirmed[:SHOWN])
        more = texts.SUMMARY_MORE if len(unconfirmed) > SHOWN else ""
        lines.append(
            texts.SUMMARY_UNCONFIRMED.format(count=len(unconfirmed), numbers=numbers + more)
        )
    helps = ctx.store.open_help()
    if helps:
        items = "、".join(
            texts.SUMMARY_HELP_ITEM.format(
                number=n, category=texts.HELP_CATEGORY[c], minutes=_minutes(ctx.now, since)
            )
            for n, c, since in helps[:SHOWN]
        )
        lines.append(
            texts.SUMMARY_HELP.format(
                count=len(helps), items=items + (texts.SUMMARY_MORE if len(helps) > SHOWN else "")
            )
        )
    else:
        lines.append(texts.SUMMARY_HELP_NONE)
    total, oldest = ctx.store.waiting_questions(SHOWN)
    if total:
        items = "、".join(
            texts.SUMMARY_QUESTION_ITEM.format(number=n, minutes=_minutes(ctx.now, since))
            for n, since in oldest
        )
        lines.append(texts.SUMMARY_QUESTIONS.format(count=total, items=items))
    else:
        lines.append(texts.SUMMARY_QUESTIONS_NONE)
    unreached = ctx.store.unreached_help()
    if unreached:
        numbers = "、".join(f"#{n}" for n in unreached[:SHOWN])
        lines.append(texts.SUMMARY_UNREACHED.format(numbers=numbers))
    tz = ctx.settings.config.compound.tz
    day_start = datetime.combine(ctx.now.astimezone(tz).date(), datetime.min.time(), tzinfo=tz)
    dead = ctx.store.dead_replies(day_start)
    if dead:
        chats = "、".join(dict.fromkeys(chat for _p, chat, _e in dead[:SHOWN]))
        lines.append(texts.SUMMARY_DEAD.format(count=len(dead), chats=chats))
    escalated = ctx.store.escalated_help()
    if escalated:
        items = "、".join(
            texts.SUMMARY_ESCALATED_ITEM.format(number=n, times=t) for n, t in escalated[:SHOWN]
        )
        lines.append(texts.SUMMARY_ESCALATED.format(count=len(escalated), items=items))
    return lines


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("summary", "汇总"),
            handler=summary,
            role="cadre",
            description=texts.COMMAND_SUMMARY,
            usage="汇总",
            chats=frozenset({"private", "staff"}),
        )
    )
