"""Help requests: stored with an owner; urgent ones reach the duty person privately."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.context import Context, MessageContext
from bot.formatting import public_name
from bot.grammar import Arg, Args
from bot.messages import Platform
from bot.router import Command, Router
from bot.urgency import FORWARD_AT_ONCE, URGENCY
from handlers.households import resolve
from handlers.ownership import placer
from storage.rows import HelpRequest


def on_help(ctx: MessageContext) -> None:
    category = ctx.parsed.help or "other"
    urgency = URGENCY[category]
    # Asking for help for a door (a neighbour's, an old man's) makes nobody its member.
    hh = resolve(ctx, ctx.parsed.address, join=False)
    # The group sees the door, or the name only when it holds no phone or ID number.
    label = hh.door if hh else public_name(ctx.msg.sender_name)
    duty = ctx.settings.directory.duty(ctx.platform, ctx.now)
    at_once = category in FORWARD_AT_ONCE
    owner = duty[0] if at_once and duty else None
    number = ctx.store.add_help_request(
        hh, ctx.inbox_id, category, urgency, owner, placer(ctx), ctx.now
    )
    if not at_once:
        ctx.reply(texts.HELP_ACK.format(door=label, number=number))
        return
    # Said as it stands until someone has the forward; then it reads 已转给值班人员.
    ack = texts.HELP_ACK_CONTACTING.format(door=label, number=number)
    if not duty:
        ack += texts.HELP_NO_DUTY
    ctx.reply(ack, ref=f"help-ack:{number}")
    forward(ctx, number, ctx.platform, duty)


def forward_text(ctx: Context, number: int) -> str | None:
    """The private forward of an urgent request: door, phone, the resident's words."""
    req = ctx.store.help_request(number)
    if req is None:
        return None
    asked = ctx.store.inbox_message(req.inbox_id) if req.inbox_id else None
    door = req.door or (asked.sender_name if asked else "")
    return texts.HELP_PRIVATE.format(
        urgency=texts.URGENCY_WORD[req.urgency],
        number=number,
        category=texts.HELP_CATEGORY[req.category],
        door=door + (f" ☎{req.phone}" if req.phone else ""),
        text=asked.text if asked else "",
        chat=asked.chat_title if asked else "",
        sender=asked.sender_name if asked else "",
    )


def forward(ctx: Context, number: int, platform: Platform, people: Sequence[str]) -> None:
    """The forward, privately, to each of `people`."""
    req = ctx.store.help_request(number)
    text = forward_text(ctx, number)
    if req is None or text is None:
        return
    for user in people:
        ctx.tell(platform, user, text, priority=req.urgency, ref=f"help-forward:{number}")


def _resident_chat(ctx: MessageContext, req: HelpRequest, text: str) -> None:
    """Tell the resident where they asked; the text names no health detail."""
    asked = ctx.store.inbox_message(req.inbox_id) if req.inbox_id else None
    if asked is not None:
        ctx.answer_where_asked(asked, text)


def _request(ctx: MessageContext, args: Args) -> HelpRequest | None:
    assert args.help_number is not None
    req = ctx.store.help_request(args.help_number)
    if req is None:
        ctx.reply(texts.REFUSE_NOT_FOUND.format(number=args.help_number))
    return req


def scope(ctx: MessageContext, args: Args) -> Sequence[str] | None:
    req = ctx.store.help_request(args.help_number) if args.help_number else None
    return [req.building] if req is not None and req.building else None


def take(ctx: MessageContext, args: Args) -> None:
    """接手 求助N: the sender handles it; the resident hears someone has it."""
    req = _request(ctx, args)
    if req is None:
        return
    if req.status != "open" or not ctx.store.move_help_request(
        req.id, "open", "claimed", ctx.now, owner=ctx.msg.sender_id
    ):
        state = texts.HELP_STATE[req.status]
        ctx.reply(
            texts.HELP_NOT_OPEN.format(number=req.id, state=state, action=texts.HELP_ACTION_TAKE)
        )
        return
    ctx.audit("take_help", str(req.id))
    _resident_chat(ctx, req, texts.HELP_TAKEN.format(number=req.id))
    ctx.reply(texts.HELP_TAKEN_STAFF.format(number=req.id))


def close(ctx: MessageContext, args: Args) -> None:
    """办结 求助N [说明]: done; the note is kept in the audit log, not told to the group."""
    req = _request(ctx, args)
    if req is None:
        return
    if not ctx.sender.at_least("building_leader") and req.owner != ctx.msg.sender_id:
        # A volunteer closes what they took; building leaders and cadres close any.
        ctx.reply(texts.HELP_NOT_HELD.format(number=req.id))
        return
    if req.status not in ("open", "claimed") or not ctx.store.move_help_request(
        req.id, req.status, "closed", ctx.now, owner=req.owner or ctx.msg.sender_id
    ):
        state = texts.HELP_STATE[req.status]
        ctx.reply(
            texts.HELP_NOT_OPEN.format(number=req.id, state=state, action=texts.HELP_ACTION_CLOSE)
        )
        return
    ctx.audit("close_help", str(req.id), args.text[:200])
    _resident_chat(ctx, req, texts.HELP_DONE.format(number=req.id))
    ctx.reply(texts.HELP_DONE_STAFF.format(number=req.id))


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("take_help", "接手"),
            handler=take,
            role="building_leader",
            description=texts.COMMAND_TAKE_HELP,
            usage=texts.TAKE_HELP_USAGE,
            grammar=(Arg("help_number"),),
            scope=scope,
        )
    )
    router.add_command(
        Command(
            names=("close_help", "办结"),
            handler=close,
            role="volunteer",
            description=texts.COMMAND_CLOSE_HELP,
            usage=texts.CLOSE_HELP_USAGE,
            grammar=(Arg("help_number"), Arg("text", optional=True)),
            scope=scope,
        )
    )
