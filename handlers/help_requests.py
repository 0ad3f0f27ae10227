"""Help requests: stored with an owner; urgent ones reach the duty person privately."""

from __future__ import annotations

from bot import texts
from bot.context import MessageContext
from bot.formatting import public_name
from bot.urgency import FORWARD_AT_ONCE, URGENCY
from handlers.households import resolve
from handlers.ownership import placer


def on_help(ctx: MessageContext) -> None:
    category = ctx.parsed.help or "other"
    urgency = URGENCY[category]
    # Asking for help for a door (a neighbour's, an old man's) makes nobody its member.
    hh = resolve(ctx, ctx.parsed.address, join=False)
    # The group sees the door, or the name only when it holds no phone or ID number.
    label = hh.door if hh else public_name(ctx.msg.sender_name)
    duty = ctx.settings.directory.duty(ctx.platform)
    forward = category in FORWARD_AT_ONCE
    owner = duty[0] if forward and duty else None
    number = ctx.store.add_help_request(
        hh, ctx.inbox_id, category, urgency, owner, placer(ctx), ctx.now
    )
    if not forward:
        ctx.reply(texts.HELP_ACK.format(door=label, number=number))
        return
    ack = texts.HELP_ACK_URGENT.format(door=label, number=number)
    if not duty:
        ack += texts.HELP_NO_DUTY
    ctx.reply(ack)
    private = texts.HELP_PRIVATE.format(
        urgency=texts.URGENCY_WORD[urgency],
        number=number,
        category=texts.HELP_CATEGORY[category],
        door=(hh.door if hh else ctx.msg.sender_name)
        + (f" ☎{hh.phone}" if hh and hh.phone else ""),
        text=ctx.msg.text,
        chat=ctx.msg.chat_title,
        sender=ctx.msg.sender_name,
    )
    for user in duty:
        ctx.tell(ctx.platform, user, private, priority=urgency)
