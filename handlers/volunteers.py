"""Volunteers' commands: what is left to claim, claim, give back, the route, delivered.

Only one volunteer holds an order or a help request: every hand-over is a compare-and-set
on its state and holder. The volunteer gets the household's phone and notes privately;
the group hears only the numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot import texts
from bot.context import MessageContext
from bot.formatting import building_order, floor_of, format_items
from bot.grammar import Arg, Args
from bot.messages import IncomingMessage, ParsedItem
from bot.router import ChatKind, Command, Router
from bot.spreadsheets import delivery_xlsx
from handlers.tracking import as_parsed
from storage.rows import BatchItem, BatchOrder, HelpRequest, Order

STAFF_CHATS: frozenset[ChatKind] = frozenset({"private", "staff"})
# Listing more than this in one message helps nobody: ask for one building.
MAX_LISTED = 60


def _orders(ctx: MessageContext, args: Args) -> list[tuple[int, Order | None]]:
    return [(n, ctx.store.order(n)) for n in args.numbers]


def _named_buildings(ctx: MessageContext, args: Args) -> list[str]:
    if args.buildings is None:
        return []
    # Buildings the compound lacks are the handler's to name, not a permission matter.
    found, _missing = args.buildings.resolve(ctx.settings.buildings)
    return list(dict.fromkeys(b for b, _u in found))


def scope(ctx: MessageContext, args: Args) -> Sequence[str] | None:
    """The buildings the numbers, the help request or the building range are in."""
    found = [o.building for _n, o in _orders(ctx, args) if o is not None]
    if args.help_number is not None:
        req = ctx.store.help_request(args.help_number)
        if req is not None and req.building:
            found.append(req.building)
    return found + _named_buildings(ctx, args) or None


def _where(buildings: Iterable[str]) -> str:
    return "、".join(texts.WHERE_BUILDING.format(building=b) for b in buildings)


def _goods(ctx: MessageContext, order: Order) -> str:
    return format_items(as_parsed(order), ctx.settings.catalog)


def _holder(ctx: MessageContext, user_id: str) -> str:
    if user_id == ctx.msg.sender_id:
        return texts.CLAIM_YOU
    member = ctx.store.member(ctx.platform, user_id)
    return member.display_name if member is not None else user_id


def _private_details(phone: str | None, notes: str | None) -> tuple[str, str]:
    return (f" ☎{phone}" if phone else "", f"（{notes}）" if notes else "")


def _route_key(ctx: MessageContext, order: Order) -> tuple[object, ...]:
    floor = floor_of(order.room)
    if ctx.settings.config.compound.route_floors == "down":
        floor = -floor
    return (building_order(order.building), order.unit, floor, order.room)


# --- claim ---------------------------------------------------------------------------------


def claim(ctx: MessageContext, args: Args) -> None:
    """认领 12 13 / 认领 3号楼 / 认领 求助3 / 12我来: each bought order (or the request) goes
    to the sender, with door, goods, phone and notes privately; one held says by whom."""
    if args.help_number is not None:
        _claim_help(ctx, args.help_number)
        return
    if args.buildings is not None:
        buildings = ctx.named_buildings(args.buildings)
        if buildings is None:
            return
        ready = sorted(ctx.store.unclaimed(buildings), key=lambda o: _route_key(ctx, o))
        if not ready:
            ctx.tell(
                ctx.platform,
                ctx.msg.sender_id,
                texts.CLAIM_NONE_IN.format(buildings=_where(buildings)),
            )
            return
        targets: list[tuple[int, Order | None]] = [(o.id, o) for o in ready]
    else:
        targets = _orders(ctx, args)
    lines = [_claim_one(ctx, number, order) for number, order in targets]
    ctx.tell(ctx.platform, ctx.msg.sender_id, "\n".join(lines))


def _claim_one(ctx: MessageContext, number: int, order: Order | None) -> str:
    me = ctx.msg.sender_id
    if order is None:
        return texts.REFUSE_NOT_FOUND.format(number=number)
    if order.volunteer:
        return texts.CLAIM_HELD.format(number=number, holder=_holder(ctx, order.volunteer))
    if order.status != "purchased":
        state = texts.ORDER_STATE_SHORT[order.status]
        return texts.CLAIM_NOT_READY.format(number=number, state=state)
    if not ctx.store.hand_over(
        number, "purchased", "claimed", volunteer=me, holder=None, now=ctx.now
    ):
        now_held = ctx.store.order(number)
        holder = now_held.volunteer if now_held is not None else None
        shown = _holder(ctx, holder) if holder else texts.CLAIM_SOMEONE
        return texts.CLAIM_HELD.format(number=number, holder=shown)
    ctx.audit("claim_order", str(number))
    phone, notes = _private_details(order.phone, order.notes)
    return texts.CLAIM_DONE.format(
        number=number, door=order.door, items=_goods(ctx, order), phone=phone, notes=notes
    )


def _claim_help(ctx: MessageContext, number: int) -> None:
    me = ctx.msg.sender_id
    req = ctx.store.help_request(number)
    if req is None:
        ctx.reply(texts.REFUSE_NOT_FOUND.format(number=number))
        return
    if req.status != "open" or not ctx.store.move_help_request(
        number, "open", "claimed", ctx.now, owner=me
    ):
        if req.status == "claimed" and req.owner:
            holder = _holder(ctx, req.owner)
            ctx.reply(texts.CLAIM_HELP_HELD.format(number=number, holder=holder))
        else:
            state = texts.HELP_STATE[req.status]
            action = texts.HELP_ACTION_TAKE
            ctx.reply(texts.HELP_NOT_OPEN.format(number=number, state=state, action=action))
        return
    ctx.audit("take_help", str(number))
    asked = ctx.store.inbox_message(req.inbox_id) if req.inbox_id else None
    phone, notes = _private_details(req.phone, req.notes)
    # The request's own words may hold health details: they go to the volunteer alone.
    ctx.tell(
        ctx.platform,
        me,
        texts.CLAIM_HELP_DONE.format(
            number=number,
            door=req.door or (asked.sender_name if asked else ""),
            phone=phone,
            category=texts.HELP_CATEGORY[req.category],
            text=asked.text if asked else "",
            notes=notes,
        ),
    )
    if asked is not None:
        ctx.answer_where_asked(asked, texts.HELP_TAKEN.format(number=number))


# --- give back -------------------------------------------------------------------------------


def release(ctx: MessageContext, args: Args) -> None:
    """放弃 12 / 放弃 求助3: what the sender holds goes back to be claimed."""
    me = ctx.msg.sender_id
    if args.help_number is not None:
        number = args.help_number
        if ctx.store.release_help(number, me, ctx.now):
            ctx.audit("release_help", str(number))
            ctx.reply(texts.RELEASE_HELP_DONE.format(number=number))
        else:
            ctx.reply(texts.HELP_NOT_HELD.format(number=number))
        return
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


# --- delivered -------------------------------------------------------------------------------


def delivered(ctx: MessageContext, args: Args) -> None:
    """送达 12 13 / 送达 3号楼: delivered; each resident's group gets one merged line."""
    me = ctx.msg.sender_id
    if args.buildings is not None:
        buildings = ctx.named_buildings(args.buildings)
        if buildings is None:
            return
        held = [o for o in ctx.store.held_by(me) if o.building in buildings]
        if not held:
            ctx.reply(texts.DELIVERED_NONE_IN.format(buildings=_where(buildings)))
            return
        targets: list[tuple[int, Order | None]] = [(o.id, o) for o in held]
    else:
        targets = _orders(ctx, args)
    lines = []
    # Each group hears once per command: "#12 #13 已送达…", merged with other rounds'.
    by_chat: dict[tuple[str, str], tuple[IncomingMessage, list[int]]] = {}
    for number, order in targets:
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
            key = (asked.platform, asked.chat_id)
            by_chat.setdefault(key, (asked, []))[1].append(number)
    for asked, numbers in by_chat.values():
        shown = " ".join(f"#{n}" for n in sorted(numbers))
        ctx.answer_where_asked(
            asked,
            texts.DELIVERED_POST.format(numbers=shown),
            merge_text=shown,
            header=texts.DELIVERED_HEADER,
        )
    ctx.tell(ctx.platform, me, "\n".join(lines))


# --- route and open work ---------------------------------------------------------------------


def _place(order: Order) -> str:
    place = texts.WHERE_BUILDING.format(building=order.building)
    return place + (texts.WHERE_UNIT.format(unit=order.unit) if order.unit else "")


def _total(ctx: MessageContext, orders: Sequence[Order]) -> str:
    summed: dict[tuple[str, str | None], ParsedItem] = {}
    for order in orders:
        for it in as_parsed(order):
            key = (it.item, it.unit)
            before = summed.get(key)
            summed[key] = (
                it if before is None else before.model_copy(update={"qty": before.qty + it.qty})
            )
    return format_items(summed.values(), ctx.settings.catalog)


def route(ctx: MessageContext, args: Args) -> None:
    """路线 [3号楼] [表格]: the sender's claimed orders floor by floor, with each floor's
    totals; 表格 sends the same as a delivery sheet."""
    sheet = args.text.strip()
    if sheet and sheet not in texts.ROUTE_SHEET_WORDS:
        ctx.reply(texts.USAGE.format(usage=texts.ROUTE_USAGE))
        return
    held = ctx.store.held_by(ctx.msg.sender_id)
    if args.buildings is not None:
        buildings = ctx.named_buildings(args.buildings)
        if buildings is None:
            return
        held = [o for o in held if o.building in buildings]
    if not held:
        ctx.reply(texts.ROUTE_NONE)
        return
    ordered = sorted(held, key=lambda o: _route_key(ctx, o))
    if sheet:
        _send_sheet(ctx, ordered)
        return
    direction = texts.ROUTE_DIRECTION[ctx.settings.config.compound.route_floors]
    lines = [texts.ROUTE_TITLE.format(count=len(held), direction=direction)]
    floors: dict[tuple[str, int], list[Order]] = {}
    for o in ordered:
        floors.setdefault((_place(o), floor_of(o.room)), []).append(o)
    for (place, floor), on_floor in floors.items():
        lines.append(
            texts.ROUTE_FLOOR.format(
                place=place, floor=floor, count=len(on_floor), items=_total(ctx, on_floor)
            )
        )
        for o in on_floor:
            phone, notes = _private_details(o.phone, o.notes)
            lines.append(
                texts.ROUTE_LINE.format(
                    number=o.id, room=o.room, items=_goods(ctx, o), phone=phone, notes=notes
                )
            )
    _privately(ctx, "\n".join(lines))


def _privately(ctx: MessageContext, text: str) -> None:
    """Phones and notes go to the volunteer alone, even when asked in a staff group."""
    ctx.tell(ctx.platform, ctx.msg.sender_id, text)
    if ctx.chat_kind != "private":
        ctx.reply(texts.SENT_PRIVATELY)


def _send_sheet(ctx: MessageContext, ordered: Sequence[Order]) -> None:
    """The cadres' delivery sheet, for this volunteer's orders only."""
    sheet_orders = [
        BatchOrder(
            order_id=o.id,
            building=o.building,
            unit=o.unit,
            room=o.room,
            status=o.status,
            volunteer=o.volunteer,
            phone=o.phone,
            notes=o.notes,
        )
        for o in ordered
    ]
    sheet_items = [
        BatchItem(
            order_id=o.id,
            building=o.building,
            unit=o.unit,
            room=o.room,
            item=it.item,
            qty=it.qty,
            goods_unit=it.unit,
            in_catalog=it.in_catalog,
        )
        for o in ordered
        for it in o.items
    ]
    data = delivery_xlsx(sheet_orders, sheet_items, ctx.settings.catalog, public=False)
    caption = texts.ROUTE_SHEET_CAPTION.format(count=len(ordered))
    ctx.send_file(ctx.platform, ctx.msg.sender_id, "我的配送单.xlsx", data, caption)
    if ctx.chat_kind != "private":
        ctx.reply(texts.FILE_SENT)


def open_work(ctx: MessageContext, args: Args) -> None:
    """待认领 [3号楼]: bought orders nobody holds and open help requests, in route order,
    for the buildings named or else the ones the sender serves."""
    if args.buildings is not None:
        asked = ctx.named_buildings(args.buildings)
        if asked is None:
            return
        buildings = asked
        label = _where(buildings)
    elif ctx.sender.buildings is not None and ctx.sender.role != "cadre":
        buildings = sorted(ctx.sender.buildings, key=building_order)
        label = _where(buildings)
    else:
        buildings = list(ctx.settings.buildings)
        label = texts.OPEN_WORK_ALL
    ready = sorted(ctx.store.unclaimed(buildings), key=lambda o: _route_key(ctx, o))
    helps = ctx.store.open_help_in(buildings)
    if not ready and not helps:
        ctx.reply(texts.OPEN_WORK_NONE.format(buildings=label))
        return
    lines = [texts.OPEN_WORK_TITLE.format(buildings=label, orders=len(ready), helps=len(helps))]
    lines += [_help_line(req) for req in helps]
    lines += [
        texts.OPEN_WORK_LINE.format(number=o.id, door=o.door, items=_goods(ctx, o)) for o in ready
    ]
    if len(lines) > MAX_LISTED + 1:
        hidden = len(lines) - 1 - MAX_LISTED
        lines = [*lines[: MAX_LISTED + 1], texts.OPEN_WORK_MORE.format(count=hidden)]
    ctx.reply("\n".join(lines))


def _help_line(req: HelpRequest) -> str:
    return texts.OPEN_WORK_HELP.format(
        number=req.id, door=req.door or "", category=texts.HELP_CATEGORY[req.category]
    )


def register(router: Router) -> None:
    numbers, help_number, buildings = Arg("numbers"), Arg("help_number"), Arg("buildings")
    router.add_command(
        Command(
            names=("claim", "认领"),
            handler=claim,
            role="volunteer",
            description=texts.COMMAND_CLAIM,
            usage=texts.CLAIM_USAGE,
            # Numbers first: 认领 12 is order 12, not building 12.
            grammar=(numbers,),
            also=((help_number,), (buildings,)),
            suffixes=("我来送", "我去送", "我来", "我送", "我去"),
            chats=STAFF_CHATS,
            scope=scope,
        )
    )
    router.add_command(
        Command(
            names=("release", "放弃"),
            handler=release,
            role="volunteer",
            description=texts.COMMAND_RELEASE,
            usage=texts.RELEASE_USAGE,
            grammar=(numbers,),
            also=((help_number,),),
            chats=STAFF_CHATS,
        )
    )
    router.add_command(
        Command(
            names=("delivered", "送达"),
            handler=delivered,
            role="volunteer",
            description=texts.COMMAND_DELIVERED,
            usage=texts.DELIVERED_USAGE,
            grammar=(numbers,),
            also=((buildings,),),
            chats=STAFF_CHATS,
            scope=scope,
        )
    )
    router.add_command(
        Command(
            names=("route", "路线"),
            handler=route,
            role="volunteer",
            description=texts.COMMAND_ROUTE,
            usage=texts.ROUTE_USAGE,
            grammar=(Arg("buildings", optional=True), Arg("text", optional=True)),
            chats=STAFF_CHATS,
        )
    )
    router.add_command(
        Command(
            names=("open_work", "待认领"),
            handler=open_work,
            role="volunteer",
            description=texts.COMMAND_OPEN_WORK,
            usage="待认领（或：待认领 3号楼）",
            grammar=(Arg("buildings", optional=True),),
            chats=STAFF_CHATS,
            scope=scope,
        )
    )
