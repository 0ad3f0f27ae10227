"""Which household a message is about: the parsed address, else the sender's known one."""

from __future__ import annotations

from bot.messages import Address
from bot.turn import Turn
from storage import places
from storage.rows import Household


def resolve(turn: Turn, address: Address | None, *, own: bool = True) -> Household | None:
    """The household at `address`, created on first sight; None when no room is known.

    With `own`, a message with no room falls back to the household the sender gave
    before: residents should not have to repeat their door number in every message.
    """
    building = address.building if address else None
    if building is None and turn.group is not None:
        building = turn.group.building
    room = address.room if address else None
    if room is None or building is None:
        return _senders(turn) if own else None
    unit = (address.unit if address else None) or ""
    key = (building, unit, room)
    hh = turn.known.households.get(key)
    if hh is None:
        hh = places.household(turn.conn, turn.settings.compound_id, building, unit, room, turn.now)
        turn.known.households[key] = hh
    if own and (room in turn.msg.sender_name or _senders(turn) is None):
        _remember(turn, hh)
    return hh


def _senders(turn: Turn) -> Household | None:
    member = (turn.msg.platform, turn.msg.sender_id)
    if member in turn.known.members:
        return turn.known.members[member]
    hh = places.member_household(turn.conn, *member)
    turn.known.members[member] = hh
    return hh


def _remember(turn: Turn, hh: Household) -> None:
    member = (turn.msg.platform, turn.msg.sender_id)
    known = turn.known.members.get(member)
    if known is not None and known.id == hh.id:
        return
    places.remember_member(
        turn.conn, turn.msg.platform, turn.msg.sender_id, turn.msg.sender_name, hh.id
    )
    turn.known.members[member] = hh


def door(hh: Household) -> str:
    return "-".join(p for p in (hh.building, hh.unit, hh.room) if p)
