"""Questions: answered from notices and the timetable, or queued for a cadre."""

from __future__ import annotations

from bot import rules, texts
from bot.messages import Reply
from bot.topics import question_topic
from bot.turn import Turn
from storage import notices, requests


def on_question(turn: Turn) -> list[Reply]:
    answer = _answer(turn)
    if answer is not None:
        return [turn.reply(answer)]
    requests.queue_question(turn.conn, turn.inbox_id, turn.now)
    where = {"chat": turn.msg.chat_title, "sender": turn.msg.sender_name, "text": turn.msg.text}
    cadres = turn.settings.config.roles.of(turn.msg.platform).cadres
    # Mergeable: a cadre gets the questions of a busy morning in a few messages, not dozens.
    return [turn.reply(texts.QUESTION_QUEUED)] + [
        Reply(
            platform=turn.msg.platform,
            chat_id=user,
            text=texts.QUESTION_PRIVATE.format(**where),
            private=True,
            merge_text=texts.QUESTION_PRIVATE_FRAGMENT.format(**where),
            merge_header=texts.QUESTION_PRIVATE_HEADER,
        )
        for user in cadres
    ]


def _answer(turn: Turn) -> str | None:
    cfg = turn.settings.config.compound
    topic = question_topic(turn.msg.text)
    if topic == "test":
        building = turn.parsed.address.building if turn.parsed.address else None
        building = building or (turn.group.building if turn.group else None)
        if building is None:
            return None
        day = turn.now.astimezone(cfg.tz).date().isoformat()
        found = notices.for_day(turn.conn, turn.settings.compound_id, "test", day, building)
        if not found:
            return None
        slots = "；".join(
            texts.ANSWER_TEST_SLOT.format(starts=n.starts, ends=n.ends, place=n.place or "").strip()
            for n in found
        )
        return texts.ANSWER_TEST.format(building=building, slots=slots)
    if topic == "cutoff":
        cutoff = rules.next_cutoff(turn.now, cfg.cutoffs, cfg.tz)
        return texts.ANSWER_CUTOFF.format(cutoff=rules.when_label(cutoff, turn.now, cfg.tz))
    if topic == "delivery":
        upcoming = rules.next_delivery_round(
            turn.now, cfg.cutoffs, cfg.tz, cfg.delivery_after_minutes
        )
        return texts.ANSWER_DELIVERY.format(round=rules.when_label(upcoming, turn.now, cfg.tz))
    return None
