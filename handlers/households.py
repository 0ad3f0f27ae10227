"""Which household a message is about: the parsed address, else the sender's known one."""

from __future__ import annotations

from bot.context import MessageContext
from bot.messages import Address
from storage.rows import Household


def resolve(ctx: MessageContext, address: Address | None, *, own: bool = True) -> Household | None:
    """The household at `address`, created on first sight; None when no room is known.

    With `own`, a message with no room falls back to the household the sender gave
    before: residents should not have to repeat their door number in every message.
    """
    building = address.building if address else None
    if building is None and ctx.group is not None:
        building = ctx.group.building
    room = address.room if address else None
    if room is None or building is None:
        return _senders(ctx) if own else None
    unit = (address.unit if address else None) or ""
    hh = ctx.store.household_at(building, unit, room, ctx.now)
    if own and (room in ctx.msg.sender_name or _senders(ctx) is None):
        ctx.store.remember_member(ctx.msg.platform, ctx.msg.sender_id, ctx.msg.sender_name, hh)
    return hh


def _senders(ctx: MessageContext) -> Household | None:
    return ctx.store.household_of(ctx.msg.platform, ctx.msg.sender_id)
