"""After an order: where it is, cancelling it while the batch is open, confirming it."""

from __future__ import annotations

import re

from bot import rules, texts
from bot.messages import ParsedItem, Reply
from bot.turn import Turn
from handlers.households import resolve
from storage import orders, requests
from storage.rows import Order

_HELP_REF = re.compile(r"求助")
_NOT_CANCELLABLE = ("cancelled", "delivered", "confirmed")


def _target_order(turn: Turn, *, open_only: bool = False) -> Order | Reply:
    """The order a status/cancel/received message is about, or the refusal to send."""
    ref = turn.parsed.ref
    if ref is not None and ref.isdigit():
        found = orders.get(turn.conn, int(ref))
        return found or turn.reply(texts.REFUSE_NOT_FOUND.format(number=ref))
    hh = resolve(turn, turn.parsed.address)
    if hh is None:
        return turn.reply(texts.REFUSE_WHO)
    exclude = _NOT_CANCELLABLE if open_only else ("cancelled",)
    latest = orders.latest_of_household(turn.conn, hh.id, exclude_status=exclude)
    return latest or turn.reply(texts.REFUSE_NO_ORDER)


def _is_owner(turn: Turn, order: Order) -> bool:
    if turn.role == "cadre":
        return True
    hh = resolve(turn, turn.parsed.address)
    return hh is not None and hh.id == order.household_id


def _order_door(order: Order) -> str:
    return rules.door_label(order.building, order.unit, order.room)


def on_status(turn: Turn) -> list[Reply]:
    if _HELP_REF.search(turn.msg.text) and turn.parsed.ref:
        return _help_status(turn, int(turn.parsed.ref))
    target = _target_order(turn)
    if isinstance(target, Reply):
        return [target]
    cfg = turn.settings.config.compound
    when = ""
    if target.status in ("open", "purchased", "claimed"):
        arrive = rules.delivery_round(target.cutoff_at, cfg.delivery_after_minutes)
        when = texts.STATUS_WHEN.format(round=rules.when_label(arrive, turn.now, cfg.tz))
    items = rules.format_items(
        (ParsedItem(item=i.item, qty=i.qty, unit=i.unit) for i in target.items),
        turn.settings.catalog,
    )
    state = texts.ORDER_STATE[target.status]
    if target.status == "open" and turn.now >= target.cutoff_at:
        state = texts.ORDER_STATE["purchased"]
    return [
        turn.reply(
            texts.STATUS_ORDER.format(
                number=target.id, door=_order_door(target), items=items, state=state, when=when
            )
        )
    ]


def _help_status(turn: Turn, number: int) -> list[Reply]:
    req = requests.get_help(turn.conn, number)
    if req is None:
        return [turn.reply(texts.REFUSE_NOT_FOUND.format(number=number))]
    return [turn.reply(texts.STATUS_HELP.format(number=number, state=texts.HELP_STATE[req.status]))]


def on_cancel(turn: Turn) -> list[Reply]:
    if _HELP_REF.search(turn.msg.text) and turn.parsed.ref:
        return _cancel_help(turn, int(turn.parsed.ref))
    target = _target_order(turn, open_only=True)
    if isinstance(target, Reply):
        return [target]
    number = target.id
    if not _is_owner(turn, target):
        return [turn.reply(texts.REFUSE_NOT_YOURS.format(number=number))]
    if target.status in _NOT_CANCELLABLE:
        state = texts.ORDER_STATE[target.status]
        return [turn.reply(texts.REFUSE_ALREADY.format(number=number, state=state))]
    if target.status != "open" or target.batch_status != "open" or turn.now >= target.cutoff_at:
        return [turn.reply(texts.REFUSE_CLOSED.format(number=number))]
    orders.set_status(turn.conn, number, "cancelled", turn.now)
    return [turn.reply(texts.CANCEL_DONE.format(number=number, door=_order_door(target)))]


def _cancel_help(turn: Turn, number: int) -> list[Reply]:
    req = requests.get_help(turn.conn, number)
    if req is None:
        return [turn.reply(texts.REFUSE_NOT_FOUND.format(number=number))]
    hh = resolve(turn, turn.parsed.address)
    if turn.role != "cadre" and (hh is None or hh.id != req.household_id):
        return [turn.reply(texts.REFUSE_NOT_YOURS_HELP.format(number=number))]
    if req.status in ("closed", "cancelled"):
        state = texts.HELP_STATE[req.status]
        return [turn.reply(texts.REFUSE_ALREADY.format(number=number, state=state))]
    requests.set_help_status(turn.conn, number, "cancelled", turn.now)
    return [turn.reply(texts.CANCEL_HELP_DONE.format(number=number))]


def on_received(turn: Turn) -> list[Reply]:
    target = _target_order(turn)
    if isinstance(target, Reply):
        return [target]
    number = target.id
    if not _is_owner(turn, target):
        return [turn.reply(texts.REFUSE_NOT_YOURS.format(number=number))]
    if target.status == "confirmed":
        state = texts.ORDER_STATE["confirmed"]
        return [turn.reply(texts.REFUSE_ALREADY.format(number=number, state=state))]
    if target.status not in ("claimed", "delivered"):
        return [turn.reply(texts.REFUSE_NOT_DELIVERED.format(number=number))]
    orders.set_status(turn.conn, number, "confirmed", turn.now)
    return [turn.reply(texts.RECEIVED_DONE.format(number=number))]
