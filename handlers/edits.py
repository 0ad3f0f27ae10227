"""An edited message. Residents fix a typo in an order by editing it (Telegram); the order
follows the edit while its batch is still open. An edit is never a new order, a command or
a question: anything else about it is left alone, as a 楼长 would not re-read old posts."""

from __future__ import annotations

from bot import texts
from bot.context import MessageContext
from bot.formatting import format_items
from handlers.orders import MAX_QTY
from handlers.ownership import may_act_on_order
from handlers.tracking import open_to_changes


def on_edit(ctx: MessageContext) -> None:
    edit_of = ctx.msg.edit_of
    if edit_of is None:
        return
    original = ctx.store.message_inbox_id(ctx.platform, ctx.msg.chat_id, edit_of)
    placed = ctx.store.orders_of_message(original) if original is not None else []
    parsed = ctx.parsed
    # One order from one message: a 接龙 edited is many households' lines, not one's change.
    if len(placed) != 1 or parsed.intent != "order" or parsed.is_chain:
        return
    order = placed[0]
    items = tuple(it for it in parsed.items if 0 < it.qty <= MAX_QTY)
    if not items or not may_act_on_order(ctx, order) or not open_to_changes(ctx, order):
        return
    before = sorted((i.item, i.qty, i.unit) for i in order.items)
    if before == sorted((i.item, i.qty, i.unit) for i in items):
        return  # a fixed comma
    if not ctx.store.replace_order_items(order.id, items, ctx.now):
        return
    shown = format_items(items, ctx.settings.catalog, hide_sensitive=ctx.chat_kind != "private")
    ctx.audit("order_edited", str(order.id), ctx.msg.message_id)
    ctx.reply(texts.ORDER_EDITED.format(number=order.id, door=order.door, items=shown))
