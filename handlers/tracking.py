"""After an order: where it is, and confirming it arrived."""

from __future__ import annotations

from datetime import timedelta
from typing import get_args

from bot import schedule, texts
from bot.context import MessageContext
from bot.formatting import format_items
from bot.grammar import MAX_NUMBER
from bot.lifecycle import ORDER_FINAL, OrderState
from bot.messages import ParsedItem
from bot.parse.intent import is_bare_ack
from handlers import questions
from handlers.ownership import may_act_on_help, may_act_on_order, own_household
from storage.rows import HelpRequest, Household, Order


def help_ref_of(ctx: MessageContext) -> int | None:
    """The help request's number when the message names one (求助3号)."""
    ref = ctx.parsed.ref
    if "求助" in ctx.msg.text and ref is not None and ref.isdigit():
        return int(ref)
    return None


def target_order(ctx: MessageContext, *, open_only: bool = False) -> Order | None:
    """The order a status/cancel/received message is about; None after replying why not.

    Whether the sender may act on it is the caller's check: finding it grants nothing.
    """
    ref = ctx.parsed.ref
    if ref is not None and ref.isdigit():
        found = ctx.store.order(int(ref)) if int(ref) <= MAX_NUMBER else None
        if found is None:
            ctx.reply(texts.REFUSE_NOT_FOUND.format(number=ref))
        return found
    hh = _named_household(ctx)
    if hh is None:
        ctx.reply(texts.REFUSE_WHO)
        return None
    exclude: frozenset[OrderState] = ORDER_FINAL if open_only else frozenset({"cancelled"})
    latest = ctx.store.latest_order(hh.id, exclude=exclude)
    if latest is None:
        ctx.reply(texts.REFUSE_NO_ORDER)
    return latest


def _named_household(ctx: MessageContext) -> Household | None:
    """The door the message names if it is a known household, else the sender's own.

    Looking a door up neither creates a household nor makes the sender its member.
    """
    address = ctx.parsed.address
    if address is not None and address.room is not None:
        building = address.building or (ctx.group.building if ctx.group else None)
        if building is not None:
            named = ctx.store.find_household(building, address.unit or "", address.room)
            if named is not None:
                return named
    return own_household(ctx)


def on_status(ctx: MessageContext) -> None:
    help_ref = help_ref_of(ctx)
    if help_ref is not None:
        _help_status(ctx, help_ref)
        return
    if ctx.parsed.ref is None and ctx.parsed.topic == "delivery" and _no_orders(ctx):
        # 菜什么时候送？ from a household with nothing ordered: when the next round goes.
        answer = questions.answer_for(ctx)
        if answer is not None:
            ctx.reply(answer)
            return
    target = target_order(ctx)
    if target is None:
        return
    if not may_act_on_order(ctx, target):
        ctx.reply(texts.REFUSE_NOT_YOURS.format(number=target.id))
        return
    cfg = ctx.settings.config.compound
    when = ""
    if target.status in ("open", "purchased", "claimed"):
        arrive = schedule.delivery_round(target.cutoff_at, cfg.delivery_after_minutes)
        when = texts.STATUS_WHEN.format(round=schedule.when_label(arrive, ctx.now, cfg.tz))
    items = format_items(
        (ParsedItem(item=i.item, qty=i.qty, unit=i.unit) for i in target.items),
        ctx.settings.catalog,
        hide_sensitive=ctx.chat_kind != "private",
    )
    state = texts.ORDER_STATE[target.status]
    if target.status == "open" and (target.batch_status != "open" or ctx.now >= target.cutoff_at):
        # Closed (early, or at its cut-off): being bought, though not marked bought yet.
        state = texts.ORDER_STATE_BUYING
    if target.delivered_at is not None and target.status in ("delivered", "confirmed"):
        at = schedule.when_label(target.delivered_at, ctx.now, cfg.tz)
        state = texts.ORDER_DELIVERED_AT[target.status].format(at=at)
    ctx.reply(
        texts.STATUS_ORDER.format(
            number=target.id, door=target.door, items=items, state=state, when=when
        )
    )


def help_request_for(ctx: MessageContext, number: int) -> HelpRequest | None:
    """The help request the sender may act on; None after replying why not."""
    req = ctx.store.help_request(number)
    if req is None:
        ctx.reply(texts.REFUSE_NOT_FOUND.format(number=number))
        return None
    if not may_act_on_help(ctx, req):
        ctx.reply(texts.REFUSE_NOT_YOURS_HELP.format(number=number))
        return None
    return req


def _help_status(ctx: MessageContext, number: int) -> None:
    req = help_request_for(ctx, number)
    if req is None:
        return
    ctx.reply(texts.STATUS_HELP.format(number=number, state=texts.HELP_STATE[req.status]))


def on_received(ctx: MessageContext) -> None:
    target = target_order(ctx)
    if target is None:
        return
    number = target.id
    if not may_act_on_order(ctx, target):
        ctx.reply(texts.REFUSE_NOT_YOURS.format(number=number))
        return
    if target.status == "confirmed":
        state = texts.ORDER_STATE["confirmed"]
        ctx.reply(texts.REFUSE_ALREADY.format(number=number, state=state))
        return
    if target.status not in ("claimed", "delivered") or not ctx.store.move_order(
        number, target.status, "confirmed", ctx.now
    ):
        ctx.reply(texts.REFUSE_NOT_DELIVERED.format(number=number))
        return
    ctx.reply(texts.RECEIVED_DONE.format(number=number))


# A bare 收到 this long after a delivery still answers it; later it is about something else.
ACK_WINDOW = timedelta(hours=6)
_NOT_DELIVERED: frozenset[OrderState] = frozenset(get_args(OrderState)) - {"delivered"}


def confirm_bare_ack(ctx: MessageContext) -> bool:
    """收到, posted by a household whose goods were just delivered, is the answer the
    delivery post asked for (收到请回复"收到"): it confirms those orders."""
    if not is_bare_ack(ctx.msg.text):
        return False
    hh = own_household(ctx)
    if hh is None:
        return False
    confirmed = []
    while (order := ctx.store.latest_order(hh.id, exclude=_NOT_DELIVERED)) is not None:
        recent = order.delivered_at is not None and ctx.now - order.delivered_at <= ACK_WINDOW
        if not recent or not may_act_on_order(ctx, order):
            break
        if not ctx.store.move_order(order.id, "delivered", "confirmed", ctx.now):
            break
        confirmed.append(order.id)
    if not confirmed:
        return False
    ctx.reply(texts.RECEIVED_DONE.format(number=" #".join(map(str, sorted(confirmed)))))
    return True


def _no_orders(ctx: MessageContext) -> bool:
    hh = _named_household(ctx)
    return hh is None or ctx.store.latest_order(hh.id, exclude=frozenset({"cancelled"})) is None


def changeable_order(ctx: MessageContext) -> Order | None:
    """The order a change without a number is about: the newest of the sender's (or the
    named door's) orders that is still open to changes, if the sender may act on it."""
    ref = ctx.parsed.ref
    if ref is not None and ref.isdigit():
        order = ctx.store.order(int(ref)) if int(ref) <= MAX_NUMBER else None
    else:
        hh = _named_household(ctx)
        order = ctx.store.latest_order(hh.id, exclude=ORDER_FINAL) if hh else None
    if order is None or not may_act_on_order(ctx, order) or not open_to_changes(ctx, order):
        return None
    return order


def open_to_changes(ctx: MessageContext, order: Order) -> bool:
    return order.status == "open" and order.batch_status == "open" and ctx.now < order.cutoff_at


def as_parsed(order: Order) -> tuple[ParsedItem, ...]:
    return tuple(
        ParsedItem(item=i.item, qty=i.qty, unit=i.unit, in_catalog=i.in_catalog)
        for i in order.items
    )
