"""Orders: plain, 接龙 lists, and drafts waiting for a door number."""

from __future__ import annotations

from datetime import timedelta

from bot import schedule, texts
from bot.context import MessageContext
from bot.formatting import format_items
from bot.messages import OrderEntry, ParsedItem
from handlers import cancelling, groups, questions, tracking
from handlers.households import resolve
from handlers.ownership import placer
from storage.rows import Household, Order

# More of one good than any household orders in a lockdown round: a typo, not an order.
MAX_QTY = 99
# The same goods from the same sender within this time are one order posted twice.
REPEAT_WITHIN = timedelta(minutes=10)


def on_order(ctx: MessageContext) -> None:
    if ctx.msg.chat_kind == "group" and ctx.group is None:
        groups.keep_until_bound(ctx)
        return
    parsed = ctx.parsed
    if parsed.is_chain:
        _chain(ctx, parsed.chain_entries)
        return
    if not parsed.items:
        _complete_draft(ctx)
        return
    if parsed.change in ("set", "add") and _change(ctx):
        return
    hh = resolve(ctx, parsed.address)
    if hh is None:
        ctx.store.save_draft(
            ctx.platform, ctx.msg.chat_id, ctx.msg.sender_id, ctx.inbox_id, parsed.items, ctx.now
        )
        example = format_items(parsed.items[:2], ctx.settings.catalog)
        ctx.reply(texts.ORDER_ASK_ADDRESS.format(example=example))
        return
    # 什么时候送？要两袋米: the order and the answer in one reply (the cut-off is in every
    # acknowledgement already).
    answer = questions.answer_for(ctx) if parsed.topic in ("delivery", "test") else None
    _place(ctx, hh, parsed.items, also=answer or "")


def on_other(ctx: MessageContext) -> None:
    """Thanks and chat get no reply, unless they answer a waiting question (确认) or
    complete a draft order."""
    if cancelling.answer(ctx) or tracking.confirm_bare_ack(ctx):
        return
    _complete_draft(ctx)


def _chain(ctx: MessageContext, entries: tuple[OrderEntry, ...]) -> None:
    """Only a 接龙's new entries become orders; a re-post adds none."""
    missing = []
    for entry in entries:
        hh = resolve(ctx, entry.address, own=False)
        if hh is None or not entry.items:
            missing.append(format_items(entry.items, ctx.settings.catalog) or "?")
            continue
        _place(ctx, hh, entry.items)
    if missing:
        ctx.reply(texts.CHAIN_NO_ADDRESS.format(entries="、".join(missing)))


def _place(
    ctx: MessageContext, hh: Household, items: tuple[ParsedItem, ...], *, also: str = ""
) -> None:
    """The order joins the open batch of the first cut-off after it was posted.

    Goods with a count of zero or beyond any household's need are left out with a line
    saying so; the rest of the order stands.
    """
    catalog = ctx.settings.catalog
    in_group = ctx.chat_kind != "private"
    bad = tuple(it for it in items if not 0 < it.qty <= MAX_QTY)
    items = tuple(it for it in items if 0 < it.qty <= MAX_QTY)
    refused = ""
    if bad:
        named = format_items(bad, catalog, hide_sensitive=in_group)
        if not items:
            ctx.reply(texts.ORDER_BAD_QTY_ALONE.format(items=named, most=MAX_QTY))
            return
        refused = texts.ORDER_BAD_QTY.format(items=named, most=MAX_QTY)
    repeat = _same_order_just_placed(ctx, hh, items)
    if repeat is not None:
        goods = format_items(items, catalog, hide_sensitive=in_group)
        ctx.reply(texts.ORDER_REPEAT.format(number=repeat.id, door=hh.door, items=goods))
        return
    cfg = ctx.settings.config.compound
    batch = ctx.store.open_batch(
        schedule.cutoffs_after(ctx.counts_at, cfg.cutoffs, cfg.tz), ctx.now
    )
    number = ctx.store.place_order(batch, hh, ctx.inbox_id, items, placer(ctx), ctx.now)
    goods = format_items(items, catalog, hide_sensitive=in_group)
    cutoff = schedule.when_label(batch.cutoff_at, ctx.now, cfg.tz)
    unlisted = [
        it.item
        for it in items
        if not it.in_catalog and not (in_group and catalog.is_sensitive(it.item))
    ]
    note = texts.ORDER_UNLISTED.format(names="、".join(unlisted)) if unlisted else ""
    note += refused + also
    ctx.reply(
        texts.ORDER_ACK.format(door=hh.door, items=goods, number=number, cutoff=cutoff) + note,
        merge_text=texts.ORDER_ACK_FRAGMENT.format(door=hh.door, items=goods, number=number) + note,
        header=texts.ORDER_ACK_HEADER.format(cutoff=cutoff),
    )
    if in_group and any(catalog.is_sensitive(it.item) for it in items):
        # The full list, privately, to the resident who wrote it.
        full = format_items(items, catalog)
        ctx.tell(
            ctx.platform,
            ctx.msg.sender_id,
            texts.ORDER_PRIVATE_DETAIL.format(number=number, door=hh.door, items=full),
        )


def _change(ctx: MessageContext) -> bool:
    """鸡蛋改成两盒 / 再加一袋米: change the household's open order; False when there is
    none to change (the goods are then a new order)."""
    order = tracking.changeable_order(ctx)
    if order is None:
        return False
    goods = {it.item: it for it in tracking.as_parsed(order)}
    for new in ctx.parsed.items:
        old = goods.get(new.item)
        if ctx.parsed.change == "add" and old is not None:
            new = new.model_copy(update={"qty": old.qty + new.qty, "unit": new.unit or old.unit})
        goods[new.item] = new
    items = tuple(goods.values())
    if any(not 0 < it.qty <= MAX_QTY for it in items):
        return False
    if not ctx.store.replace_order_items(order.id, items, ctx.now):
        return False
    shown = format_items(items, ctx.settings.catalog, hide_sensitive=ctx.chat_kind != "private")
    ctx.reply(texts.ORDER_CHANGED.format(number=order.id, door=order.door, items=shown))
    return True


def _same_order_just_placed(
    ctx: MessageContext, hh: Household, items: tuple[ParsedItem, ...]
) -> Order | None:
    """The sender's open order for this door with the same goods, posted within the last
    few minutes: a double send or a re-post "in case" is one order."""
    wanted = sorted((it.item, it.qty, it.unit) for it in items)
    for order in ctx.store.placed_since(placer(ctx), hh.id, ctx.now - REPEAT_WITHIN):
        have = sorted((i.item, i.qty, i.unit) for i in order.items)
        if order.status == "open" and have == wanted:
            return order
    return None


def _complete_draft(ctx: MessageContext) -> None:
    """An address sent after goods without one completes the waiting draft."""
    address = ctx.parsed.address
    if address is None or address.room is None or ctx.parsed.items:
        return
    draft = ctx.store.take_draft(ctx.platform, ctx.msg.chat_id, ctx.msg.sender_id)
    if draft is None:
        return
    hh = resolve(ctx, address)
    if hh is None:
        return
    _, items = draft
    _place(ctx, hh, items)
