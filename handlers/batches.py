"""Cadres' commands on batches: close the current one now, mark one bought, and send its
purchase list as a spreadsheet."""

from __future__ import annotations

from bot import schedule, texts
from bot.context import MessageContext
from bot.grammar import Arg, Args
from bot.purchase_list import purchase_list
from bot.router import Command, Router
from bot.spreadsheets import delivery_xlsx, purchase_csv, purchase_xlsx
from storage.rows import Batch


def _when(ctx: MessageContext, batch: Batch) -> str:
    return schedule.when_label(batch.cutoff_at, ctx.now, ctx.settings.config.compound.tz)


def close(ctx: MessageContext, args: Args) -> None:
    """截单: the current open batch closes now; orders after it join the next one."""
    batch = ctx.store.oldest_batch("open")
    if batch is None or not ctx.store.move_batch(batch, "open", "closed", ctx.now):
        ctx.reply(texts.BATCH_NONE_OPEN)
        return
    count = ctx.store.batch_order_count(batch.id)
    ctx.audit("close_batch", str(batch.id), str(count))
    reply = texts.BATCH_CLOSED.format(batch=batch.id, cutoff=_when(ctx, batch), count=count)
    if not ctx.settings.config.compound.purchasing:
        # Nothing to buy: the orders are ready for volunteers as soon as the batch closes.
        ctx.store.move_batch(batch, "closed", "purchased", ctx.now)
        ctx.store.move_batch_orders(batch.id, "open", "purchased", ctx.now)
        reply += texts.BATCH_READY_TO_CLAIM
    ctx.reply(reply)


def _closed_batch(ctx: MessageContext, args: Args) -> Batch | None:
    """The batch named, else the latest closed one; None after replying why not."""
    if args.numbers:
        batch = ctx.store.batch(args.numbers[0])
        if batch is None:
            ctx.reply(texts.BATCH_NOT_FOUND.format(batch=args.numbers[0]))
        return batch
    batch = ctx.store.latest_batch("closed")
    if batch is None:
        ctx.reply(texts.BATCH_NONE_CLOSED)
    return batch


def purchased(ctx: MessageContext, args: Args) -> None:
    """已采购 [批次]: a closed batch was bought; its open orders follow."""
    batch = _closed_batch(ctx, args)
    if batch is None:
        return
    if batch.status != "closed" or not ctx.store.move_batch(batch, "closed", "purchased", ctx.now):
        ctx.reply(texts.BATCH_NOT_CLOSED.format(batch=batch.id))
        return
    moved = ctx.store.move_batch_orders(batch.id, "open", "purchased", ctx.now)
    ctx.audit("purchased_batch", str(batch.id), str(moved))
    ctx.reply(texts.BATCH_PURCHASED.format(batch=batch.id, cutoff=_when(ctx, batch), count=moved))


def send_purchase_list(ctx: MessageContext, args: Args) -> None:
    """采购单 [批次]: the list of a batch (the latest closed one by default), privately,
    as .xlsx and .csv."""
    batch = _closed_batch(ctx, args) if args.numbers else _latest_closed(ctx)
    if batch is None:
        return
    items = ctx.store.batch_items(batch.id)
    lines = purchase_list(items, ctx.settings.catalog)
    when = _when(ctx, batch)
    orders = len({it.order_id for it in items})
    caption = texts.PURCHASE_CAPTION.format(
        batch=batch.id, cutoff=when, orders=orders, lines=len(lines)
    )
    if not items:
        caption = texts.PURCHASE_EMPTY.format(batch=batch.id, cutoff=when)
    name = f"采购单-批次{batch.id}"
    xlsx = purchase_xlsx(lines, items, name)
    ctx.send_file(ctx.platform, ctx.msg.sender_id, f"{name}.xlsx", xlsx, caption)
    ctx.send_file(ctx.platform, ctx.msg.sender_id, f"{name}.csv", purchase_csv(lines), caption)
    ctx.audit("purchase_list", str(batch.id))
    if ctx.chat_kind != "private":
        ctx.reply(texts.FILE_SENT)


def send_delivery_sheet(ctx: MessageContext, args: Args) -> None:
    """配送单 [批次] [群内版]: one sheet per building, privately; the group copy has no
    phones and counts medicines without naming them."""
    public = args.text.strip() in texts.PUBLIC_WORDS
    if args.text.strip() and not public:
        ctx.reply(texts.USAGE.format(usage=texts.DELIVERY_USAGE))
        return
    batch = _closed_batch(ctx, args) if args.numbers else _latest_closed(ctx)
    if batch is None:
        return
    orders = ctx.store.batch_orders(batch.id)
    items = ctx.store.batch_items(batch.id)
    data = delivery_xlsx(orders, items, ctx.settings.catalog, public=public)
    when = _when(ctx, batch)
    if public:
        caption = texts.DELIVERY_CAPTION_PUBLIC.format(
            batch=batch.id, cutoff=when, orders=len(orders)
        )
    else:
        buildings = len({o.building for o in orders})
        caption = texts.DELIVERY_CAPTION.format(
            batch=batch.id, cutoff=when, orders=len(orders), buildings=buildings
        )
    suffix = texts.PUBLIC_SUFFIX if public else ""
    name = f"配送单-批次{batch.id}{suffix}.xlsx"
    ctx.send_file(ctx.platform, ctx.msg.sender_id, name, data, caption)
    ctx.audit("delivery_sheet", str(batch.id), "public" if public else "staff")
    if ctx.chat_kind != "private":
        ctx.reply(texts.FILE_SENT)


def _latest_closed(ctx: MessageContext) -> Batch | None:
    batch = ctx.store.latest_batch("closed") or ctx.store.latest_batch("purchased")
    if batch is None:
        ctx.reply(texts.BATCH_NONE_CLOSED)
    return batch


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("delivery_sheet", "配送单"),
            handler=send_delivery_sheet,
            role="cadre",
            description=texts.COMMAND_DELIVERY_SHEET,
            usage=texts.DELIVERY_USAGE,
            grammar=(Arg("number", optional=True), Arg("text", optional=True)),
        )
    )
    router.add_command(
        Command(
            names=("close", "截单"),
            handler=close,
            role="cadre",
            description=texts.COMMAND_CLOSE,
            usage="截单",
        )
    )
    router.add_command(
        Command(
            names=("purchased", "已采购"),
            handler=purchased,
            role="cadre",
            description=texts.COMMAND_PURCHASED,
            usage="已采购（或：已采购 12）",
            grammar=(Arg("number", optional=True),),
        )
    )
    router.add_command(
        Command(
            names=("purchase_list", "采购单"),
            handler=send_purchase_list,
            role="cadre",
            description=texts.COMMAND_PURCHASE_LIST,
            usage="采购单（或：采购单 12）",
            grammar=(Arg("number", optional=True),),
        )
    )
