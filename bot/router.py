"""Chooses what handles a message: a command by its name and grammar, else its intent.

A command declares its names (slash and plain Chinese), its arguments, the chats it
works in and the least role it needs. Plain-Chinese forms are only ever taken from staff,
and only when the rest of the text matches the grammar whole; anything else is an ordinary
message for the parser. The command is found once per message (`find`), and the same match
is what `route` acts on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot import texts
from bot.context import MessageContext
from bot.grammar import Arg, Args, parse_args
from bot.messages import Intent, Role
from bot.permissions import Permission

IntentHandler = Callable[[MessageContext], None]
CommandHandler = Callable[[MessageContext, Args], None]
# The buildings a command acts on, for the building check of scoped staff; None when
# the command is not about particular buildings (or the handler checks itself).
Scope = Callable[[MessageContext, Args], Sequence[str] | None]
ChatKind = Literal["group", "private", "staff"]
ALL_CHATS: frozenset[ChatKind] = frozenset({"group", "private", "staff"})

_SLASH = re.compile(r"^[/／]\s*(\S+)\s*(.*)$", re.S)


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]
    handler: CommandHandler
    role: Role
    description: str
    usage: str
    grammar: tuple[Arg, ...] = ()
    # Other ways the arguments may be written (认领 12 / 认领 3号楼), tried in order.
    also: tuple[tuple[Arg, ...], ...] = ()
    # Plain forms with the name after the arguments (12我来, 12号我送), from staff only.
    suffixes: tuple[str, ...] = ()
    chats: frozenset[ChatKind] = ALL_CHATS
    scope: Scope | None = None
    # For free-text arguments: whether a plain form's text really is this command (配送
    # 14:00 3号楼 is; 配送时间改到下午 is a notice). Slash forms are the command regardless.
    plain_if: Callable[[str], bool] | None = None

    def parse(self, text: str) -> Args | None:
        for grammar in (self.grammar, *self.also):
            args = parse_args(grammar, text)
            if args is not None:
                return args
        return None

    @property
    def slash_names(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if n.isascii())


@dataclass(frozen=True)
class Found:
    """A message that is a command: which one, and its arguments if they matched."""

    command: Command
    args: Args | None
    slash: bool


@dataclass
class Router:
    intents: dict[Intent, IntentHandler] = field(default_factory=dict)
    commands: dict[str, Command] = field(default_factory=dict)
    # Plain forms, longest first, so that 取消求助 is tried before 取消.
    plain: list[tuple[str, Command]] = field(default_factory=list)
    suffixed: list[tuple[str, Command]] = field(default_factory=list)
    # An edited message: never a command, never a new order.
    edit: IntentHandler | None = None

    def on_intent(self, intent: Intent, handler: IntentHandler) -> None:
        self.intents[intent] = handler

    def on_edit(self, handler: IntentHandler) -> None:
        self.edit = handler

    def route_edit(self, ctx: MessageContext) -> None:
        if self.edit is not None:
            self.edit(ctx)

    def add_command(self, command: Command) -> None:
        for name in command.names:
            if name in self.commands:
                raise ValueError(f"two commands are named {name}")
            self.commands[name] = command
            if not name.isascii():
                self.plain.append((name, command))
        self.plain.sort(key=lambda p: -len(p[0]))
        self.suffixed += [(suffix, command) for suffix in command.suffixes]
        self.suffixed.sort(key=lambda p: -len(p[0]))

    def registered(self) -> list[Command]:
        return list(dict.fromkeys(self.commands.values()))

    def find(self, text: str, sender: Permission) -> Found | None:
        """The command this text is, if any.

        A slash command is one whatever follows its name (a bad argument gets the usage);
        a plain form is one only from staff allowed to use it, with arguments that match.
        """
        stripped = text.strip()
        m = _SLASH.match(stripped)
        if m is not None:
            cmd = self.commands.get(m.group(1).split("@", 1)[0])
            if cmd is None:
                return None
            return Found(cmd, cmd.parse(m.group(2)), slash=True)
        if not sender.is_staff:
            return None
        for name, cmd in self.plain:
            if stripped.startswith(name) and sender.at_least(cmd.role):
                rest = stripped[len(name) :]
                args = cmd.parse(rest)
                if args is not None and (cmd.plain_if is None or cmd.plain_if(rest)):
                    return Found(cmd, args, slash=False)
        for suffix, cmd in self.suffixed:
            if stripped.endswith(suffix) and sender.at_least(cmd.role):
                args = cmd.parse(stripped[: -len(suffix)])
                if args is not None:
                    return Found(cmd, args, slash=False)
        return None

    def route(self, ctx: MessageContext, found: Found | None) -> None:
        if found is not None:
            self._command(ctx, found)
            return
        text = ctx.msg.text.strip()
        if _SLASH.match(text) and ctx.sender.is_staff:
            ctx.reply(texts.UNKNOWN_COMMAND.format(command=text.split()[0]))
            return
        handler = self.intents.get(ctx.parsed.intent)
        if handler is not None:
            handler(ctx)

    def _command(self, ctx: MessageContext, found: Found) -> None:
        cmd, args = found.command, found.args
        name = cmd.names[0]
        if not ctx.sender.at_least(cmd.role):
            ctx.refuse(name, texts.NOT_ALLOWED.format(role=texts.ROLE_NAME[cmd.role]))
            return
        if ctx.chat_kind not in cmd.chats:
            ctx.reply(texts.WRONG_CHAT.format(chats=_chat_words(cmd.chats)))
            return
        if args is None:
            ctx.reply(texts.USAGE.format(usage=cmd.usage))
            return
        if cmd.scope is not None:
            outside = [b for b in cmd.scope(ctx, args) or () if not ctx.sender.covers(b)]
            if outside:
                buildings = "、".join(texts.WHERE_BUILDING.format(building=b) for b in outside)
                ctx.refuse(name, texts.NOT_YOUR_BUILDING.format(buildings=buildings))
                return
        cmd.handler(ctx, args)


def _chat_words(chats: frozenset[ChatKind]) -> str:
    return "、".join(texts.CHAT_KIND[c] for c in ("private", "staff", "group") if c in chats)
