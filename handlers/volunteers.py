"""Volunteers' commands: claim bought orders, give one back, see the route, mark delivered.

Only one volunteer holds an order: every hand-over is a compare-and-set on its state and
holder. The volunteer gets the household's phone and notes privately; the group hears
only the order numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.context import MessageContext
from bot.formatting import building_order, floor_of, format_items
from bot.grammar import Arg, Args
from bot.router import Command, Router
from handlers.tracking import as_parsed
from storage.rows import Order


def _orders(ctx: MessageContext, args: Args) -> list[tuple[int, Order | None]]:
    return [(n, ctx.store.order(n)) for n in args.numbers]


def scope(ctx: MessageContext, args: Args) -> Sequence[str] | None:
    found = [o.building for _n, o in _orders(ctx, args) if o is not None]
    return found or None


def _goods(ctx: MessageContext, order: Order) -> str:
    return format_items(as_parsed(order), ctx.settings.catalog)


def claim(ctx: MessageContext, args: Args) -> None:
    """认领 12 13: each bought order goes to the sender, with its door, goods, phone and
    notes privately; one already held says by whom."""
    me = ctx.msg.sender_id
    lines = []
    for number, order in _orders(ctx, args):
        if order is None:
            lines.append(texts.REFUSE_NOT_FOUND.format(number=number))
        elif order.status == "claimed" or order.volunteer:
            holder = texts.CLAIM_YOU if order.volunteer == me else order.volunteer
            lines.append(texts.CLAIM_HELD.format(number=number, holder=holder))
        elif order.status != "purchased":
            state = texts.ORDER_STATE_SHORT[order.status]
            lines.append(texts.CLAIM_NOT_READY.format(number=number, state=state))
        elif not ctx.store.hand_over(
            number, "purchased", "claimed", volunteer=me, holder=None, now=ctx.now
        ):
            lines.append(texts.CLAIM_HELD.format(number=number, holder=texts.CLAIM_SOMEONE))
        else:
            phone = f" ☎{order.phone}" if order.phone else ""
            notes = f"（{order.notes}）" if order.notes else ""
            lines.append(
                texts.CLAIM_DONE.format(
                    number=number, door=order.door, items=_goods(ctx, order), phone=phone
                )
                + notes
            )
            ctx.audit("claim_order", str(number))
    ctx.tell(ctx.platform, me, "\n".join(lines))


def release(ctx: MessageContext, args: Args) -> None:
    """放弃 12: an order the sender holds goes back to be claimed."""
    me = ctx.msg.sender_id
    lines = []
    for number, order in _orders(ctx, args):
        if order is None:
            lines.append(texts.REFUSE_NOT_FOUND.format(number=number))
        elif order.volunteer != me or not ctx.store.hand_over(
            number, "claimed", "purchased", volunteer=None, holder=me, now=ctx.now
        ):
            lines.append(texts.RELEASE_NOT_HELD.format(number=number))
        else:
            lines.append(texts.RELEASE_DONE.format(number=number))
            ctx.audit("release_order", str(number))
    ctx.tell(ctx.platform, me, "\n".join(lines))


def delivered(ctx: MessageContext, args: Args) -> None:
    """送达 12 13: delivered; each resident's group gets one merged line with the numbers."""
    me = ctx.msg.sender_id
    lines = []
    for number, order in _orders(ctx, args):
        if order is None:
            lines.append(texts.REFUSE_NOT_FOUND.format(number=number))
            continue
        if order.volunteer != me or not ctx.store.hand_over(
            number, "claimed", "delivered", volunteer=me, holder=me, now=ctx.now
        ):
            lines.append(texts.RELEASE_NOT_HELD.format(number=number))
            continue
        lines.append(texts.DELIVERED_DONE.format(number=number))
        ctx.audit("deliver_order", str(number))
        asked = ctx.store.inbox_message(order.inbox_id) if order.inbox_id else None
        if asked is not None:
            ctx.answer_where_asked(
                asked,
                texts.DELIVERED_POST.format(numbers=f"#{number}"),
                merge_text=f"#{number}",
                header=texts.DELIVERED_HEADER,
            )
    ctx.tell(ctx.platform, me, "\n".join(lines))


def route(ctx: MessageContext, args: Args) -> None:
    """路线: the sender's claimed orders by building, unit, floor (top down) and room."""
    held = ctx.store.held_by(ctx.msg.sender_id)
    if not held:
        ctx.tell(ctx.platform, ctx.msg.sender_id, texts.ROUTE_NONE)
        return
    ordered = sorted(
        held, key=lambda o: (building_order(o.building), o.unit, -floor_of(o.room), o.room)
    )
    lines = [texts.ROUTE_TITLE.format(count=len(held))]
    for o in ordered:
        phone = f" ☎{o.phone}" if o.phone else ""
        lines.append(
            texts.ROUTE_LINE.format(number=o.id, door=o.door, items=_goods(ctx, o), phone=phone)
        )
    ctx.tell(ctx.platform, ctx.msg.sender_id, "\n".join(lines))


def register(router: Router) -> None:
    for names, handler, description, usage, grammar in (
        (("claim", "认领"), claim, texts.COMMAND_CLAIM, "认领 12 13", (Arg("numbers"),)),
        (("release", "放弃"), release, texts.COMMAND_RELEASE, "放弃 12", (Arg("numbers"),)),
        (
            ("delivered", "送达"),
            delivered,
            texts.COMMAND_DELIVERED,
            "送达 12 13",
            (Arg("numbers"),),
        ),
        (("route", "路线"), route, texts.COMMAND_ROUTE, "路线", ()),
    ):
        router.add_command(
            Command(
                names=names,
                handler=handler,
                role="volunteer",
                description=description,
                usage=usage,
                grammar=grammar,
                chats=frozenset({"private", "staff"}),
                scope=scope if grammar else None,
            )
        )
