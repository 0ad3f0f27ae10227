"""/help and /start: what the sender can do here, by their role."""

from __future__ import annotations

from bot import texts
from bot.context import MessageContext
from bot.grammar import Args
from bot.router import Command, Router


def register(router: Router) -> None:
    def guide(ctx: MessageContext, args: Args) -> None:
        """Residents get how to order, ask and ask for help; staff also get the commands
        their role may use (privately: a group need not read the staff's list)."""
        if not ctx.sender.is_staff:
            ctx.reply(texts.GUIDE_RESIDENT)
            return
        usable = [
            cmd.description
            for cmd in router.registered()
            if cmd.role != "resident" and ctx.sender.at_least(cmd.role)
        ]
        role = texts.ROLE_NAME[ctx.sender.role]
        text = texts.GUIDE_STAFF.format(role=role, commands="\n".join(usable))
        ctx.tell(ctx.platform, ctx.msg.sender_id, text)
        if ctx.chat_kind != "private":
            ctx.reply(texts.SENT_PRIVATELY)

    router.add_command(
        Command(
            names=("help", "start", "帮助"),
            handler=guide,
            role="resident",
            description=texts.COMMAND_HELP,
            usage="/help",
        )
    )
