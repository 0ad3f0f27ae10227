"""What residents write in their building's group: orders, help, status, cancel, received."""

from __future__ import annotations

import re

from bot import rules, texts
from bot.messages import OrderEntry, ParsedItem, Reply
from bot.router import Router
from bot.topics import question_topic
from bot.turn import Turn
from handlers.households import door, resolve
from storage import drafts, notices, orders, requests
from storage.rows import Household, Order

_HELP_REF = re.compile(r"求助")
_NOT_CANCELLABLE = ("cancelled", "delivered", "confirmed")


def _unbound(turn: Turn) -> bool:
    return turn.msg.chat_kind == "group" and turn.group is None


def _unbound_hint(turn: Turn) -> list[Reply]:
    # Identical fragments merge into one, so a busy unbound group sees the hint once a round.
    return [turn.reply(texts.UNBOUND_GROUP, merge_text=texts.UNBOUND_GROUP, header="")]


# --- orders -------------------------------------------------------------------------------


def on_order(turn: Turn) -> list[Reply]:
    if _unbound(turn):
        return _unbound_hint(turn)
    parsed = turn.parsed
    if parsed.is_chain:
        return _chain(turn, parsed.chain_entries)
    if not parsed.items:
        return _complete_draft(turn) or []
    hh = resolve(turn, parsed.address)
    if hh is None:
        drafts.save(
            turn.conn,
            turn.msg.platform,
            turn.msg.chat_id,
            turn.msg.sender_id,
            turn.inbox_id,
            parsed.items,
            turn.now,
        )
        example = rules.format_items(parsed.items[:2], turn.settings.catalog)
        return [turn.reply(texts.ORDER_ASK_ADDRESS.format(example=example))]
    return [_place(turn, hh, parsed.items)]


def _chain(turn: Turn, entries: tuple[OrderEntry, ...]) -> list[Reply]:
    """Only a 接龙's new entries become orders; a re-post adds none."""
    replies, missing = [], []
    for entry in entries:
        hh = resolve(turn, entry.address, own=False)
        if hh is None or not entry.items:
            missing.append(rules.format_items(entry.items, turn.settings.catalog) or "?")
            continue
        replies.append(_place(turn, hh, entry.items))
    if missing:
        replies.append(turn.reply(texts.CHAIN_NO_ADDRESS.format(entries="、".join(missing))))
    return replies


def _place(turn: Turn, hh: Household, items: tuple[ParsedItem, ...]) -> Reply:
    cfg = turn.settings.config.compound
    cutoff_at = rules.next_cutoff(turn.now, cfg.cutoffs, cfg.tz)
    batch = turn.known.batches.get(cutoff_at)
    if batch is None:
        batch = orders.batch_for_cutoff(turn.conn, turn.settings.compound_id, cutoff_at, turn.now)
        turn.known.batches[cutoff_at] = batch
    number = orders.insert(turn.conn, batch.id, hh.id, turn.inbox_id, items, turn.now)
    goods = rules.format_items(items, turn.settings.catalog)
    cutoff = rules.when_label(batch.cutoff_at, turn.now, cfg.tz)
    unlisted = [it.item for it in items if not it.in_catalog]
    note = texts.ORDER_UNLISTED.format(names="、".join(unlisted)) if unlisted else ""
    label = door(hh)
    return turn.reply(
        texts.ORDER_ACK.format(door=label, items=goods, number=number, cutoff=cutoff) + note,
        merge_text=texts.ORDER_ACK_FRAGMENT.format(door=label, items=goods, number=number) + note,
        header=texts.ORDER_ACK_HEADER.format(cutoff=cutoff),
    )


def _complete_draft(turn: Turn) -> list[Reply] | None:
    """An address sent after goods without one completes the waiting draft."""
    address = turn.parsed.address
    if address is None or address.room is None or turn.parsed.items:
        return None
    draft = drafts.take(turn.conn, turn.msg.platform, turn.msg.chat_id, turn.msg.sender_id)
    if draft is None:
        return None
    hh = resolve(turn, address)
    if hh is None:
        return None
    _, items = draft
    return [_place(turn, hh, items)]


def on_other(turn: Turn) -> list[Reply]:
    """Thanks and chat get no reply, unless they complete a draft order."""
    return _complete_draft(turn) or []


# --- help -----------------------------------------------------------------------------


def on_help(turn: Turn) -> list[Reply]:
    category = turn.parsed.help or "other"
    urgency = rules.URGENCY[category]
    hh = resolve(turn, turn.parsed.address)
    label = door(hh) if hh else turn.msg.sender_name
    duty = turn.settings.duty(turn.msg.platform)
    forward = category in rules.FORWARD_AT_ONCE
    owner = duty[0] if forward and duty else None
    number = requests.insert_help(
        turn.conn, hh.id if hh else None, turn.inbox_id, category, urgency, owner, turn.now
    )
    if not forward:
        return [turn.reply(texts.HELP_ACK.format(door=label, number=number))]
    ack = texts.HELP_ACK_URGENT.format(door=label, number=number)
    if not duty:
        ack += texts.HELP_NO_DUTY
    private = texts.HELP_PRIVATE.format(
        urgency=texts.URGENCY_WORD[urgency],
        number=number,
        category=texts.HELP_CATEGORY[category],
        door=label + (f" ☎{hh.phone}" if hh and hh.phone else ""),
        text=turn.msg.text,
        chat=turn.msg.chat_title,
        sender=turn.msg.sender_name,
    )
    out = [turn.reply(ack)]
    out += [
        Reply(platform=turn.msg.platform, chat_id=user, text=private, private=True) for user in duty
    ]
    return out


# --- status, cancel, received -------------------------------------------------------------


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
        return [turn.reply(texts.REFUSE_NOT_YOURS.format(number=number))]
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


# --- questions ----------------------------------------------------------------------------


def on_question(turn: Turn) -> list[Reply]:
    answer = _answer(turn)
    if answer is not None:
        return [turn.reply(answer)]
    requests.queue_question(turn.conn, turn.inbox_id, turn.now)
    where = {"chat": turn.msg.chat_title, "sender": turn.msg.sender_name, "text": turn.msg.text}
    cadres = turn.settings.config.roles.of(turn.msg.platform).cadres
    # Mergeable: a cadre gets the questions of a busy morning in a few messages, not dozens.
    return [turn.reply(texts.QUESTION_QUEUED)] + [
        Reply(
            platform=turn.msg.platform,
            chat_id=user,
            text=texts.QUESTION_PRIVATE.format(**where),
            private=True,
            merge_text=texts.QUESTION_PRIVATE_FRAGMENT.format(**where),
            merge_header=texts.QUESTION_PRIVATE_HEADER,
        )
        for user in cadres
    ]


def _answer(turn: Turn) -> str | None:
    cfg = turn.settings.config.compound
    topic = question_topic(turn.msg.text)
    if topic == "test":
        building = turn.parsed.address.building if turn.parsed.address else None
        building = building or (turn.group.building if turn.group else None)
        if building is None:
            return None
        day = turn.now.astimezone(cfg.tz).date().isoformat()
        found = notices.for_day(turn.conn, turn.settings.compound_id, "test", day, building)
        if not found:
            return None
        slots = "；".join(
            texts.ANSWER_TEST_SLOT.format(starts=n.starts, ends=n.ends, place=n.place or "").strip()
            for n in found
        )
        return texts.ANSWER_TEST.format(building=building, slots=slots)
    if topic == "cutoff":
        cutoff = rules.next_cutoff(turn.now, cfg.cutoffs, cfg.tz)
        return texts.ANSWER_CUTOFF.format(cutoff=rules.when_label(cutoff, turn.now, cfg.tz))
    if topic == "delivery":
        upcoming = rules.next_delivery_round(
            turn.now, cfg.cutoffs, cfg.tz, cfg.delivery_after_minutes
        )
        return texts.ANSWER_DELIVERY.format(round=rules.when_label(upcoming, turn.now, cfg.tz))
    return None


def register(router: Router) -> None:
    router.on_intent("order", on_order)
    router.on_intent("help", on_help)
    router.on_intent("status", on_status)
    router.on_intent("cancel", on_cancel)
    router.on_intent("received", on_received)
    router.on_intent("question", on_question)
    router.on_intent("other", on_other)
