"""Which household a message is about: the parsed address, else the sender's known one."""

from __future__ import annotations

from bot.messages import Address
from bot.turn import Turn
from storage import places
from storage.rows import Household


async def resolve(turn: Turn, address: Address | None, *, own: bool = True) -> Household | None:
    """The household at `address`, created on first sight; None when no room is known.

    With `own`, a message with no room falls back to the household the sender gave
    before: residents should not have to repeat their door number in every message.
    """
    building = address.building if address else None
    if building is None and turn.group is not None:
        building = turn.group.building
    room = address.room if address else None
    if room is not None and building is not None:
        unit = address.unit if address else None
        hh = await places.household(
            turn.conn, turn.settings.compound_id, building, unit, room, turn.now
        )
        if own and (room in turn.msg.sender_name or not await _known(turn)):
            await places.remember_member(
                turn.conn, turn.msg.platform, turn.msg.sender_id, turn.msg.sender_name, hh.id
            )
        return hh
    if own:
        return await places.member_household(turn.conn, turn.msg.platform, turn.msg.sender_id)
    return None


async def _known(turn: Turn) -> bool:
    found = await places.member_household(turn.conn, turn.msg.platform, turn.msg.sender_id)
    return found is not None


def door(hh: Household) -> str:
    return "-".join(p for p in (hh.building, hh.unit, hh.room) if p)
