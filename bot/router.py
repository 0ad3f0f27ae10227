"""Chooses the handler for a message: a command by its name, anything else by its intent."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot import texts
from bot.messages import Intent, Reply
from bot.turn import Role, Turn

Handler = Callable[[Turn], list[Reply]]
CommandHandler = Callable[[Turn, str], list[Reply]]

# Who may use a command: each role includes the ones before it.
_RANK: dict[Role, int] = {"resident": 0, "volunteer": 1, "building_leader": 2, "cadre": 3}
_COMMAND = re.compile(r"^[/／]\s*(\S+)\s*(.*)$", re.S)


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]
    handler: CommandHandler
    role: Role
    description: str


@dataclass
class Router:
    intents: dict[Intent, Handler] = field(default_factory=dict)
    commands: dict[str, Command] = field(default_factory=dict)
    # Plain-Chinese command forms ("绑定楼栋 3") are matched at the start of the text.
    plain: list[tuple[str, Command]] = field(default_factory=list)

    def on_intent(self, intent: Intent, handler: Handler) -> None:
        self.intents[intent] = handler

    def add_command(self, command: Command) -> None:
        for name in command.names:
            self.commands[name] = command
            if not name.isascii():
                self.plain.append((name, command))
        self.plain.sort(key=lambda p: -len(p[0]))

    def registered(self) -> list[Command]:
        return list(dict.fromkeys(self.commands.values()))

    def find_command(self, text: str, role: Role) -> tuple[Command, str, str] | None:
        """A slash command by name; a plain-Chinese form only for those allowed to use it,
        so a resident's ordinary sentence is never taken for a command."""
        m = _COMMAND.match(text.strip())
        if m:
            name = m.group(1).split("@", 1)[0]
            cmd = self.commands.get(name)
            return (cmd, name, m.group(2).strip()) if cmd else None
        stripped = text.strip()
        for name, cmd in self.plain:
            if stripped.startswith(name) and _RANK[role] >= _RANK[cmd.role]:
                return cmd, name, stripped[len(name) :].strip()
        return None

    def route(self, turn: Turn) -> list[Reply]:
        text = turn.msg.text.strip()
        found = self.find_command(text, turn.role)
        if found is not None:
            cmd, _, args = found
            if _RANK[turn.role] < _RANK[cmd.role]:
                return [turn.reply(texts.NOT_ALLOWED.format(role=texts.ROLE_NAME[cmd.role]))]
            return cmd.handler(turn, args)
        if _COMMAND.match(text) and turn.role != "resident":
            return [turn.reply(texts.UNKNOWN_COMMAND.format(command=text.split()[0]))]
        handler = self.intents.get(turn.parsed.intent)
        return handler(turn) if handler else []
