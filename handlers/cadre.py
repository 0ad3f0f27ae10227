"""Cadre commands. Cadres' plain messages read as notices, so their actions are commands."""

from __future__ import annotations

from bot import texts
from bot.context import MessageContext
from bot.grammar import Arg, Args
from bot.router import Command, Router
from handlers import cancelling


def cancel(ctx: MessageContext, args: Args) -> None:
    """取消 12 / /cancel 12: a cadre may cancel any household's open order."""
    number = args.numbers[0]
    order = ctx.store.order(number)
    if order is None:
        ctx.reply(texts.REFUSE_NOT_FOUND.format(number=number))
        return
    if cancelling.cancel_order(ctx, order):
        ctx.audit("cancel_order", str(number))


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("cancel", "取消"),
            handler=cancel,
            role="cadre",
            description=texts.COMMAND_CANCEL,
            usage=texts.CANCEL_USAGE,
            grammar=(Arg("number"),),
        )
    )
