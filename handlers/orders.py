"""Orders: plain, 接龙 lists, and drafts waiting for a door number."""

from __future__ import annotations

from bot import rules, texts
from bot.messages import OrderEntry, ParsedItem, Reply
from bot.turn import Turn
from handlers.households import door, resolve
from storage import drafts, orders
from storage.rows import Household


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
