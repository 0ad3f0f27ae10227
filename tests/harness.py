"""The whole bot driven by hand: a config on a temporary database, the console transport
and a clock the test moves."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.config import Config, load_config_text
from bot.transports.console import ConsoleTransport, parse_line

if TYPE_CHECKING:
    from bot.app import App

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "config.example.toml"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def example_config(db_path: Path, extra: str = "") -> Config:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'path = "louzhang.db"', f'path = "{db_path.as_posix()}"'
    )
    return load_config_text(text + "\n" + extra, "test.toml")


class Bot:
    """The whole bot on the console transport, a hand-moved clock and a temporary file."""

    def __init__(self, app: App, clock: ManualClock, console: ConsoleTransport) -> None:
        self.app = app
        self.clock = clock
        self.console = console

    def at(self, hhmm: str) -> None:
        h, m = map(int, hhmm.split(":"))
        self.clock.set(self.clock.now().astimezone(SHANGHAI).replace(hour=h, minute=m, second=0))

    async def post(self, line: str) -> None:
        parsed = parse_line(line)
        assert parsed is not None
        await self.app.core.receive(self.console.message(parsed, self.clock.now()))

    async def say(self, line: str) -> list[str]:
        """Post a line, send everything it caused, return the texts sent (all chats)."""
        before = len(self.console.sent)
        await self.post(line)
        from bot.app import drain_manual

        await drain_manual(self.app, self.clock)
        return [text for _, text in self.console.sent[before:]]

    def sent_to(self, chat: str) -> list[str]:
        return [text for c, text in self.console.sent if c == chat]


async def start_bot(config: Config, at: datetime | None = None) -> Bot:
    from bot.app import build_app

    clock = ManualClock(at or datetime(2026, 4, 10, 8, 0, tzinfo=SHANGHAI))
    console = ConsoleTransport(out=open("/dev/null", "w"), record=True)  # noqa: SIM115
    app = await build_app(config, {"console": console}, clock)
    return Bot(app, clock, console)


async def stop_bot(bot: Bot) -> None:
    await bot.app.close()
    bot.console.out.close()
