"""Notices from cadres and building leaders to the groups of a range of buildings."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.context import MessageContext
from bot.grammar import Arg, Args
from bot.router import Command, Router


def _targets(ctx: MessageContext, args: Args) -> tuple[list[tuple[str, str]], list[str]]:
    assert args.buildings is not None
    return args.buildings.resolve(ctx.settings.buildings)


def scope(ctx: MessageContext, args: Args) -> Sequence[str]:
    """The buildings a notice reaches, for a building leader's check."""
    found, _missing = _targets(ctx, args)
    return [b for b, _unit in found]


def post_notice(ctx: MessageContext, args: Args) -> None:
    """通知 3-27号楼 下午3点东门取菜: to every bound group in the range, stored as a notice;
    the sender hears how many groups, and which buildings it could not reach."""
    found, missing = _targets(ctx, args)
    text = texts.NOTICE_POST.format(text=args.text)
    sent: list[str] = []
    unbound: list[str] = []
    for building, unit in dict.fromkeys(found):
        chats = [
            g
            for g in ctx.store.groups_of_building(ctx.platform, building)
            if not unit or not g.unit or g.unit == unit
        ]
        if not chats:
            where = texts.WHERE_BUILDING.format(building=building)
            unbound.append(where + (texts.WHERE_UNIT.format(unit=unit) if unit else ""))
        for group in chats:
            if group.chat_id not in sent:
                ctx.post(ctx.platform, group.chat_id, text)
                sent.append(group.chat_id)
        ctx.store.add_notice(args.text, building, ctx.now)
    ctx.audit("notice", ",".join(b for b, _ in found), args.text[:200])
    receipt = texts.NOTICE_SENT.format(count=len(sent)) if sent else texts.NOTICE_NOWHERE
    if missing:
        names = (texts.WHERE_BUILDING.format(building=m) if m.isalnum() else m for m in missing)
        receipt += texts.NOTICE_MISSING.format(names="、".join(names))
    if unbound:
        receipt += texts.NOTICE_UNBOUND.format(buildings="、".join(unbound))
    ctx.reply(receipt)


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("notice", "通知", "发通知"),
            handler=post_notice,
            role="building_leader",
            description=texts.COMMAND_NOTICE,
            usage=texts.NOTICE_USAGE,
            grammar=(Arg("buildings"), Arg("text")),
            chats=frozenset({"private", "staff"}),
            scope=scope,
        )
    )
