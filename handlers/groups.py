"""Binding a group chat to a building, by a cadre, from inside that group."""

from __future__ import annotations

import re

from bot import texts
from bot.messages import Reply
from bot.router import Command, Router
from bot.turn import Turn
from storage import audit, places
from storage.rows import Group

_TARGET = re.compile(r"^([0-9A-Za-z]{1,4})(?:\s*[-－—/]\s*([0-9]{1,2}))?$")


def bind(turn: Turn, args: str) -> list[Reply]:
    m = _TARGET.match(args.strip().removesuffix("号楼").removesuffix("栋"))
    if turn.msg.chat_kind != "group" or m is None:
        return [turn.reply(texts.BIND_USAGE)]
    building, unit = m.group(1).upper(), m.group(2)
    places.bind_group(
        turn.conn,
        turn.settings.compound_id,
        turn.msg.platform,
        turn.msg.chat_id,
        turn.msg.chat_title,
        building,
        unit,
    )
    audit.record(turn.conn, turn.now, turn.msg.sender_id, "bind_group", turn.msg.chat_id, args)
    turn.group = Group(
        platform=turn.msg.platform,
        chat_id=turn.msg.chat_id,
        title=turn.msg.chat_title,
        building=building,
        unit=unit or "",
    )
    where = texts.WHERE_BUILDING.format(building=building)
    if unit:
        where += texts.WHERE_UNIT.format(unit=unit)
    return [turn.reply(texts.BOUND_GROUP.format(where=where))]


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("bind", "绑定楼栋", "绑定"),
            handler=bind,
            role="cadre",
            description=texts.COMMAND_BIND,
        )
    )
