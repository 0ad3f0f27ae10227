"""What happens when the sender finds out what became of a reply: an urgent forward that
reached a person makes the group's acknowledgement say so; one that can never be
delivered moves on to the next people, and when nobody is left the resident is told to
call the hotline; any other undeliverable reply is told to duty once."""

from __future__ import annotations

from bot import texts
from bot.context import Context
from bot.formatting import public_name
from bot.messages import Platform, platform_of
from bot.sender import Outcome
from handlers import help_requests


def record(ctx: Context, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        kind, _, number = outcome.ref.partition(":")
        platform = platform_of(outcome.platform)
        if platform is None:
            continue
        if kind == "help-forward" and number.isdigit():
            _forward(ctx, int(number), platform, outcome)
        elif not outcome.sent:
            _dead(ctx, platform, outcome)


def _forward(ctx: Context, number: int, platform: Platform, outcome: Outcome) -> None:
    if outcome.sent:
        if not ctx.store.help_forwarded(number, ctx.now):
            return  # someone had it already
        req = ctx.store.help_request(number)
        asked = ctx.store.inbox_message(req.inbox_id) if req and req.inbox_id else None
        if asked is None:
            return
        # As the first acknowledgement named them: a door, or a name with no phone in it.
        door = req.door if req and req.door else public_name(asked.sender_name)
        said = texts.HELP_ACK_URGENT.format(door=door, number=number)
        # Still waiting to go: it goes saying what happened. Already seen: one line more.
        if not ctx.store.rewrite_unsent(f"help-ack:{number}", said):
            ctx.answer_where_asked(asked, texts.HELP_FORWARDED.format(number=number))
        return
    ctx.audit("forward_dead", str(number), f"{outcome.chat_id}: {outcome.error[:200]}")
    tried = ctx.store.replies_about(f"help-forward:{number}")
    if any(state != "dead" for _p, _c, state in tried):
        return  # someone else got it, or may still
    seen = {chat for _p, chat, _s in tried}
    chain = [
        *ctx.settings.directory.duty(platform, ctx.now),
        *ctx.settings.directory.cadres(platform, ctx.now),
    ]
    left = [p for p in dict.fromkeys(chain) if p not in seen]
    if left:
        help_requests.forward(ctx, number, platform, left)
        return
    tell_hotline(ctx, number)


def tell_hotline(ctx: Context, number: int) -> None:
    """Nobody can be reached: the resident is told whom to call, once."""
    req = ctx.store.help_request(number)
    if req is None or not ctx.store.help_hotline(number, ctx.now):
        return
    asked = ctx.store.inbox_message(req.inbox_id) if req.inbox_id else None
    hotline = ctx.settings.config.compound.hotline or texts.HOTLINE_DEFAULT
    if asked is not None:
        ctx.answer_where_asked(asked, texts.HELP_HOTLINE.format(number=number, hotline=hotline))
    ctx.audit("help_hotline", str(number))


def _dead(ctx: Context, platform: Platform, outcome: Outcome) -> None:
    day = ctx.now.astimezone(ctx.settings.config.compound.tz).date().isoformat()
    if ctx.store.audited("dead_chat", outcome.chat_id, day):
        return
    ctx.audit("dead_chat", outcome.chat_id, day)
    text = texts.DELIVERY_DEAD.format(chat=outcome.chat_id, error=outcome.error[:120])
    for user in ctx.settings.directory.duty(platform, ctx.now):
        if user != outcome.chat_id:
            ctx.tell(platform, user, text)
