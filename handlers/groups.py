"""Binding a group chat to a building of the compound, by a cadre, from inside that group."""

from __future__ import annotations

from bot import texts
from bot.context import Context, MessageContext
from bot.formatting import door_label
from bot.grammar import Arg, Args
from bot.router import Command, Router


def bind(ctx: MessageContext, args: Args) -> None:
    assert args.target is not None
    building, unit = args.target
    buildings = ctx.settings.buildings
    if building not in buildings:
        has = "、".join(texts.WHERE_BUILDING.format(building=b) for b in buildings)
        ctx.reply(texts.BIND_NO_BUILDING.format(building=building, buildings=has))
        return
    if unit and unit not in buildings[building]:
        units = "、".join(buildings[building]) or texts.NONE
        ctx.reply(texts.BIND_NO_UNIT.format(building=building, unit=unit, units=units))
        return
    msg = ctx.msg
    ctx.group = ctx.store.bind_group(msg.platform, msg.chat_id, msg.chat_title, building, unit)
    ctx.audit("bind_group", msg.chat_id, f"{building}-{unit}" if unit else building)
    where = texts.WHERE_BUILDING.format(building=building)
    if unit:
        where += texts.WHERE_UNIT.format(unit=unit)
    ctx.reply(texts.BOUND_GROUP.format(where=where))


def seed_from_config(ctx: Context) -> None:
    """Config's `[[groups]]` bind the chats that have no binding yet. Where a cadre bound a
    chat differently in the chat, that binding stays, and cadres are told once."""
    for g in ctx.settings.config.groups:
        unit = g.unit or ""
        stored = ctx.store.seed_group(g.platform, g.chat, g.building, unit)
        if stored is None:
            continue
        configured = door_label(g.building, unit, "")
        kept = door_label(stored.building, stored.unit, "")
        detail = f"config={configured} stored={kept}"
        if ctx.store.audited("binding_conflict", g.chat, detail):
            continue
        ctx.audit("binding_conflict", g.chat, detail)
        ctx.tell_cadres(
            g.platform,
            texts.BINDING_CONFLICT.format(
                chat=g.chat,
                stored=_where(stored.building, stored.unit),
                configured=_where(g.building, unit),
            ),
        )


def _where(building: str, unit: str) -> str:
    where = texts.WHERE_BUILDING.format(building=building)
    return where + (texts.WHERE_UNIT.format(unit=unit) if unit else "")


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("bind", "绑定楼栋", "绑定"),
            handler=bind,
            role="cadre",
            description=texts.COMMAND_BIND,
            usage=texts.BIND_USAGE,
            grammar=(Arg("target"),),
            chats=frozenset({"group"}),
        )
    )
