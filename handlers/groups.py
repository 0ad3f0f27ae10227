"""Binding a group chat to a building of the compound, by a cadre, from inside that group."""

from __future__ import annotations

import re

from bot import texts
from bot.context import Context, MessageContext
from bot.formatting import door_label
from bot.grammar import Arg, Args
from bot.parse.address import chat_parts
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
    ctx.reply(texts.BOUND_GROUP.format(where=_where(building, unit)))
    ctx.rehandle.extend(ctx.store.take_waiting(msg.platform, msg.chat_id))


def keep_until_bound(ctx: MessageContext) -> None:
    """An order in a group not bound yet is kept and placed when the group is bound. When
    the group's title names one building of the compound, cadres are asked once, privately,
    to confirm it with one command."""
    msg = ctx.msg
    ctx.store.keep_waiting(ctx.inbox_id, msg.platform, msg.chat_id, ctx.now)
    # Identical fragments merge into one, so a busy unbound group sees this line once.
    ctx.reply(texts.UNBOUND_KEPT, merge_text=texts.UNBOUND_KEPT, header="")
    guess = title_binding(
        msg.chat_title, ctx.settings.buildings, ctx.settings.config.compound.group_title_pattern
    )
    if guess is None:
        return
    building, unit = guess
    number = ctx.store.suggest_binding(
        msg.platform, msg.chat_id, msg.chat_title, building, unit, ctx.now
    )
    if number is not None:
        where = _where(building, unit)
        ctx.tell_cadres(
            msg.platform,
            texts.BIND_SUGGEST.format(title=msg.chat_title, where=where, number=number),
        )


def title_binding(
    title: str, buildings: dict[str, tuple[str, ...]], pattern: str | None = None
) -> tuple[str, str] | None:
    """The building (and unit) a chat's title names, if the compound has exactly that:
    read with the compound's own pattern when it matches, else as a door (3号楼业主群)."""
    building: str | None
    unit: str | None
    m = re.search(pattern, title) if pattern is not None else None
    if m is not None:
        building = m.group(1)
        unit = m.group(2) if m.re.groups >= 2 else None
    else:
        building, unit, _room = chat_parts(title)
    if building is None or building not in buildings:
        return None
    if unit is not None and unit not in buildings[building]:
        return None
    return building, unit or ""


def confirm_bind(ctx: MessageContext, args: Args) -> None:
    """确认绑定 N, privately: bind the group a title suggested, and place what waited."""
    number = args.numbers[0]
    found = ctx.store.binding_suggestion(number)
    if found is None:
        ctx.reply(texts.BIND_NO_SUGGESTION.format(number=number))
        return
    platform, chat_id, title, building, unit = found
    if platform != ctx.platform:
        ctx.reply(texts.BIND_NO_SUGGESTION.format(number=number))
        return
    ctx.store.bind_group(ctx.platform, chat_id, title, building, unit)
    ctx.audit("bind_group", chat_id, f"{building}-{unit}" if unit else building)
    ctx.reply(texts.BOUND_CHAT.format(title=title, where=_where(building, unit)))
    ctx.rehandle.extend(ctx.store.take_waiting(ctx.platform, chat_id))


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
    router.add_command(
        Command(
            names=("confirm_bind", "确认绑定"),
            handler=confirm_bind,
            role="cadre",
            description=texts.COMMAND_CONFIRM_BIND,
            usage=texts.CONFIRM_BIND_USAGE,
            grammar=(Arg("number"),),
            chats=frozenset({"private", "staff"}),
        )
    )
