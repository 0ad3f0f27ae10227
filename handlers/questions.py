"""Questions: answered from notices and the timetable, or queued for a cadre."""

from __future__ import annotations

from bot import schedule, texts
from bot.context import MessageContext


def on_question(ctx: MessageContext) -> None:
    answer = answer_for(ctx)
    if answer is not None:
        ctx.reply(answer)
        return
    ctx.store.queue_question(ctx.inbox_id, ctx.now)
    where = {"chat": ctx.msg.chat_title, "sender": ctx.msg.sender_name, "text": ctx.msg.text}
    # In a group, a question to the room is for the room: cadres see it privately, and the
    # bot says it forwarded only when it was asked itself.
    if ctx.chat_kind == "private" or ctx.msg.addressed:
        ctx.reply(texts.QUESTION_QUEUED)
    # Mergeable: a cadre gets the questions of a busy morning in a few messages, not dozens.
    for user in ctx.settings.directory.cadres(ctx.platform):
        ctx.tell(
            ctx.platform,
            user,
            texts.QUESTION_PRIVATE.format(**where),
            merge_text=texts.QUESTION_PRIVATE_FRAGMENT.format(**where),
            header=texts.QUESTION_PRIVATE_HEADER,
        )


def answer_for(ctx: MessageContext) -> str | None:
    """The answer to what the message asks about, when the bot knows it."""
    cfg = ctx.settings.config.compound
    topic = ctx.parsed.topic
    if topic == "test":
        building = ctx.parsed.address.building if ctx.parsed.address else None
        building = building or (ctx.group.building if ctx.group else None)
        if building is None:
            return None
        day = ctx.now.astimezone(cfg.tz).date().isoformat()
        found = ctx.store.notices_for_day("test", day, building)
        if not found:
            return None
        slots = "；".join(
            texts.ANSWER_TEST_SLOT.format(starts=n.starts, ends=n.ends, place=n.place or "").strip()
            for n in found
        )
        return texts.ANSWER_TEST.format(building=building, slots=slots)
    if topic == "cutoff":
        cutoff = schedule.next_cutoff(ctx.now, cfg.cutoffs, cfg.tz)
        return texts.ANSWER_CUTOFF.format(cutoff=schedule.when_label(cutoff, ctx.now, cfg.tz))
    if topic == "delivery":
        upcoming = schedule.next_delivery_round(
            ctx.now, cfg.cutoffs, cfg.tz, cfg.delivery_after_minutes
        )
        return texts.ANSWER_DELIVERY.format(round=schedule.when_label(upcoming, ctx.now, cfg.tz))
    return None
