"""Questions: answered from notices and the timetable, or queued for a cadre."""

from __future__ import annotations

from bot import schedule, texts
from bot.context import MessageContext
from bot.formatting import public_name
from bot.grammar import Arg, Args
from bot.privacy import redact
from bot.router import Command, Router

# How much of the question the answer quotes in the group.
QUOTE = 20


def on_question(ctx: MessageContext) -> None:
    answer = answer_for(ctx)
    if answer is not None:
        ctx.reply(answer)
        return
    number = ctx.store.queue_question(ctx.inbox_id, ctx.now)
    where = {
        "chat": ctx.msg.chat_title,
        "sender": ctx.msg.sender_name,
        "text": ctx.msg.text,
        "number": number,
    }
    # In a group, a question to the room is for the room: cadres see it privately, and the
    # bot says it forwarded only when it was asked itself.
    if ctx.chat_kind == "private" or ctx.msg.addressed:
        ctx.reply(texts.QUESTION_QUEUED)
    # Mergeable: a cadre gets the questions of a busy morning in a few messages, not dozens.
    for user in ctx.settings.directory.cadres(ctx.platform, ctx.now):
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


def answer(ctx: MessageContext, args: Args) -> None:
    """回复 N 内容: the answer goes where the question was asked (the group, quoting the
    asker's door and a few words of the question; or privately), and it is marked answered."""
    number = args.numbers[0]
    question = ctx.store.question(number)
    asked = ctx.store.inbox_message(question.inbox_id) if question else None
    if question is None or asked is None:
        ctx.reply(texts.ANSWER_NOT_FOUND.format(number=number))
        return
    if question.status != "open" or not ctx.store.answer_question(number):
        ctx.reply(texts.ANSWER_ALREADY.format(number=number))
        return
    hh = ctx.store.household_of(asked.platform, asked.sender_id)
    who = hh.door if hh else public_name(asked.sender_name)
    said = texts.ANSWER_TO_RESIDENT.format(
        who=who, question=redact(asked.text)[:QUOTE], answer=args.text
    )
    ctx.answer_where_asked(asked, said)
    ctx.audit("answer_question", str(number))
    ctx.reply(texts.ANSWER_SENT.format(number=number))


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("answer", "回复"),
            handler=answer,
            role="cadre",
            description=texts.COMMAND_ANSWER,
            usage=texts.ANSWER_USAGE,
            grammar=(Arg("number"), Arg("text")),
            chats=frozenset({"private", "staff"}),
        )
    )
