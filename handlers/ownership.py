"""Who may act on an order or a help request: decided by who sent the message.

The placer, the members of the household it is for, and staff who serve its building may
cancel, confirm or look it up. A door written in the message grants nothing: anyone can
type 3-2-501.
"""

from __future__ import annotations

from bot.context import MessageContext
from storage.rows import HelpRequest, Household, Order


def placer(ctx: MessageContext) -> tuple[str, str]:
    return (ctx.msg.platform, ctx.msg.sender_id)


def may_act(
    ctx: MessageContext,
    *,
    household_id: int | None,
    building: str | None,
    placed_platform: str | None,
    placed_by: str | None,
) -> bool:
    if placed_by is not None and (placed_platform, placed_by) == placer(ctx):
        return True
    if ctx.sender.at_least("building_leader") and ctx.sender.covers(building):
        return True
    own = own_household(ctx)
    return own is not None and household_id is not None and own.id == household_id


def own_household(ctx: MessageContext) -> Household | None:
    """The sender's household: the door in their own display name (which makes them its
    member), else the one they joined by their first order, a cadre or a roster."""
    home = ctx.parsed.home
    if home is not None and home.room is not None:
        building = home.building or (ctx.group.building if ctx.group else None)
        if building is not None:
            hh = ctx.store.household_at(building, home.unit or "", home.room, ctx.now)
            ctx.store.remember_member(ctx.msg.platform, ctx.msg.sender_id, ctx.msg.sender_name, hh)
            return hh
    return ctx.store.household_of(ctx.msg.platform, ctx.msg.sender_id)


def may_act_on_order(ctx: MessageContext, order: Order) -> bool:
    return may_act(
        ctx,
        household_id=order.household_id,
        building=order.building,
        placed_platform=order.placed_platform,
        placed_by=order.placed_by,
    )


def may_act_on_help(ctx: MessageContext, req: HelpRequest) -> bool:
    return may_act(
        ctx,
        household_id=req.household_id,
        building=req.building,
        placed_platform=req.placed_platform,
        placed_by=req.placed_by,
    )
