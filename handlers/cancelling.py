"""Cancelling orders and help requests. Nothing destructive on a guess: a cancel without an
order number is asked about first, and done only on the same sender's 确认 within ten
minutes; with a number it is done at once."""

from __future__ import annotations

import re
from datetime import timedelta

from bot import texts
from bot.context import MessageContext
from bot.formatting import format_items
from bot.lifecycle import ORDER_FINAL
from bot.messages import ParsedItem
from handlers.ownership import may_act_on_order
from handlers.tracking import (
    as_parsed,
    changeable_order,
    help_ref_of,
    help_request_for,
    open_to_changes,
    target_order,
)
from storage.rows import Order

ANSWER_WITHIN = timedelta(minutes=10)
_NOISE = re.compile(r"[\s,，。.!！~～、…]+")
YES = frozenset(
    {"确认", "确定", "是", "是的", "对", "对的", "好", "好的", "嗯", "嗯嗯", "可以", "行", "OK"},
)
NO = frozenset(
    {"不", "不是", "不用", "不用了", "不取消", "不取消了", "别取消", "算了", "保留", "先不取消"},
)


def _answer_word(text: str) -> str:
    return _NOISE.sub("", text)


def ask_cancel(ctx: MessageContext, order: Order) -> None:
    """Ask before cancelling an order found without a number."""
    ctx.store.ask_confirmation(
        ctx.platform, ctx.msg.chat_id, ctx.msg.sender_id, "cancel_order", order.id, ctx.now
    )
    items = format_items(
        (ParsedItem(item=i.item, qty=i.qty, unit=i.unit) for i in order.items),
        ctx.settings.catalog,
        hide_sensitive=ctx.chat_kind != "private",
    )
    ctx.reply(texts.CONFIRM_CANCEL.format(number=order.id, items=items))


def answer(ctx: MessageContext) -> bool:
    """True when the message answered a waiting question (and was dealt with here)."""
    word = _answer_word(ctx.msg.text).upper()
    if word not in YES and word not in NO:
        return False
    msg = ctx.msg
    if not ctx.store.awaits_confirmation(msg.platform, msg.chat_id, msg.sender_id):
        return False
    taken = ctx.store.take_confirmation(msg.platform, msg.chat_id, msg.sender_id)
    assert taken is not None
    number = taken.order_id
    if word in NO:
        ctx.reply(texts.CONFIRM_KEPT.format(number=number))
        return True
    if ctx.now - taken.asked_at > ANSWER_WITHIN:
        ctx.reply(texts.CONFIRM_EXPIRED.format(number=number))
        return True
    order = ctx.store.order(number)
    if order is None:
        return True
    if taken.action == "remove_items":
        remove_goods(ctx, order, taken.names)
    else:
        cancel_order(ctx, order)
    return True


def _drop_goods(ctx: MessageContext) -> None:
    """酱油不要了: drop those goods from the open order. With a number at once; without
    one, after the sender's 确认. Never the whole order on a guess."""
    order = changeable_order(ctx)
    names = tuple(dict.fromkeys(it.item for it in ctx.parsed.dropped))
    if order is None:
        ctx.reply(texts.REFUSE_NO_ORDER)
        return
    held = [i.item for i in order.items if i.item in names]
    if not held:
        ctx.reply(texts.CHANGE_NOT_IN_ORDER.format(number=order.id))
        return
    if ctx.parsed.ref is not None:
        remove_goods(ctx, order, names)
        return
    ctx.store.ask_confirmation(
        ctx.platform, ctx.msg.chat_id, ctx.msg.sender_id, "remove_items", order.id, ctx.now, names
    )
    goods = format_items(
        (it for it in as_parsed(order) if it.item in names),
        ctx.settings.catalog,
        hide_sensitive=ctx.chat_kind != "private",
    )
    ctx.reply(texts.CONFIRM_REMOVE.format(number=order.id, items=goods))


def remove_goods(ctx: MessageContext, order: Order, names: tuple[str, ...]) -> None:
    if not may_act_on_order(ctx, order) or not open_to_changes(ctx, order):
        ctx.reply(texts.REFUSE_CLOSED.format(number=order.id))
        return
    kept = tuple(it for it in as_parsed(order) if it.item not in names)
    if not kept:
        cancel_order(ctx, order)  # nothing would be left: that is the whole order
        return
    if not ctx.store.replace_order_items(order.id, kept, ctx.now):
        ctx.reply(texts.REFUSE_CLOSED.format(number=order.id))
        return
    shown = format_items(kept, ctx.settings.catalog, hide_sensitive=ctx.chat_kind != "private")
    ctx.reply(texts.ORDER_CHANGED.format(number=order.id, door=order.door, items=shown))


def on_cancel(ctx: MessageContext) -> None:
    help_ref = help_ref_of(ctx)
    if help_ref is not None:
        _cancel_help(ctx, help_ref)
        return
    if answer(ctx):
        return  # 不取消了 / 不用了 answering a waiting question
    if _answer_word(ctx.msg.text).upper() in NO:
        return  # 不取消了 with nothing waiting: nothing to do, nothing to say
    target = target_order(ctx, open_only=True)
    if target is None:
        return
    if ctx.parsed.change == "remove" and ctx.parsed.dropped:
        _drop_goods(ctx)
        return
    # Found by household, not by number: ask before removing anything.
    if ctx.parsed.ref is None and may_act_on_order(ctx, target) and target.status == "open":
        ask_cancel(ctx, target)
        return
    cancel_order(ctx, target)


def cancel_order(ctx: MessageContext, target: Order) -> bool:
    """Cancel an open order the sender may act on; True when it was done."""
    number = target.id
    if not may_act_on_order(ctx, target):
        ctx.reply(texts.REFUSE_NOT_YOURS.format(number=number))
        return False
    if target.status in ORDER_FINAL:
        state = texts.ORDER_STATE[target.status]
        ctx.reply(texts.REFUSE_ALREADY.format(number=number, state=state))
        return False
    if target.status != "open" or target.batch_status != "open" or ctx.now >= target.cutoff_at:
        ctx.reply(texts.REFUSE_CLOSED.format(number=number))
        return False
    if not ctx.store.move_order(number, "open", "cancelled", ctx.now):
        # Someone moved it in the same moment (a cut-off, another cancel): say where it is.
        ctx.reply(texts.REFUSE_CLOSED.format(number=number))
        return False
    ctx.reply(texts.CANCEL_DONE.format(number=number, door=target.door))
    return True


def _cancel_help(ctx: MessageContext, number: int) -> None:
    req = help_request_for(ctx, number)
    if req is None:
        return
    if req.status in ("closed", "cancelled") or not ctx.store.move_help_request(
        number, req.status, "cancelled", ctx.now
    ):
        state = texts.HELP_STATE[req.status]
        ctx.reply(texts.REFUSE_ALREADY.format(number=number, state=state))
        return
    ctx.reply(texts.CANCEL_HELP_DONE.format(number=number))
