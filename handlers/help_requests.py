"""Help requests: stored with an owner; urgent ones reach the duty person privately."""

from __future__ import annotations

from bot import rules, texts
from bot.messages import Reply
from bot.turn import Turn
from handlers.households import door, resolve
from storage import requests


def on_help(turn: Turn) -> list[Reply]:
    category = turn.parsed.help or "other"
    urgency = rules.URGENCY[category]
    hh = resolve(turn, turn.parsed.address)
    label = door(hh) if hh else turn.msg.sender_name
    duty = turn.settings.duty(turn.msg.platform)
    forward = category in rules.FORWARD_AT_ONCE
    owner = duty[0] if forward and duty else None
    number = requests.insert_help(
        turn.conn, hh.id if hh else None, turn.inbox_id, category, urgency, owner, turn.now
    )
    if not forward:
        return [turn.reply(texts.HELP_ACK.format(door=label, number=number))]
    ack = texts.HELP_ACK_URGENT.format(door=label, number=number)
    if not duty:
        ack += texts.HELP_NO_DUTY
    private = texts.HELP_PRIVATE.format(
        urgency=texts.URGENCY_WORD[urgency],
        number=number,
        category=texts.HELP_CATEGORY[category],
        door=label + (f" ☎{hh.phone}" if hh and hh.phone else ""),
        text=turn.msg.text,
        chat=turn.msg.chat_title,
        sender=turn.msg.sender_name,
    )
    out = [turn.reply(ack)]
    out += [
        Reply(platform=turn.msg.platform, chat_id=user, text=private, private=True) for user in duty
    ]
    return out
