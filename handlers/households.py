"""Which household a message is about: the parsed address, else the sender's known one."""

from __future__ import annotations

from bot import texts
from bot.context import MessageContext
from bot.formatting import door_label
from bot.messages import Address
from storage.rows import Household


def resolve(
    ctx: MessageContext, address: Address | None, *, own: bool = True, join: bool = True
) -> Household | None:
    """The household at `address`, created on first sight; None when no room is known.

    With `own`, a message with no room falls back to the household the sender gave
    before: residents should not have to repeat their door number in every message. With
    `join` (an order), a sender with no household yet becomes a member of this one.
    """
    building = address.building if address else None
    if building is None and ctx.group is not None:
        building = ctx.group.building
    room = address.room if address else None
    if room is None or building is None:
        return _senders(ctx) if own else None
    unit = _known_unit(ctx, building, (address.unit if address else None) or "", room)
    hh = ctx.store.household_at(building, unit, room, ctx.now)
    if own and join and (room in ctx.msg.sender_name or _senders(ctx) is None):
        ctx.store.remember_member(ctx.msg.platform, ctx.msg.sender_id, ctx.msg.sender_name, hh)
    return hh


def _senders(ctx: MessageContext) -> Household | None:
    return ctx.store.household_of(ctx.msg.platform, ctx.msg.sender_id)


def _known_unit(ctx: MessageContext, building: str, unit: str, room: str) -> str:
    """The unit if the building has it. A building without units has none to name (5-5-1502
    in 5号楼's group is room 1502); a unit the building lacks is read as none and the
    resident is asked to check, rather than a new unit being stored."""
    units = ctx.settings.buildings.get(building)
    if not unit or units is None or unit in units:
        return unit
    if units:
        ctx.reply(
            texts.UNKNOWN_UNIT.format(
                building=building, unit=unit, door=door_label(building, "", room)
            )
        )
    return ""
