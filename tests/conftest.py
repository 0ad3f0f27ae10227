"""Shared fixtures: a config pointing at a temporary database, and a bot driven by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.config import Config, load_config_text
from bot.transports.console import ConsoleTransport, parse_line

if TYPE_CHECKING:
    from bot.app import App
    from tests.fake_telegram_api import FakeTelegramAPI

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


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return example_config(tmp_path / "bot.db")


@pytest.fixture
async def bot(config: Config) -> AsyncIterator[Bot]:
    from bot.app import build_app

    clock = ManualClock(datetime(2026, 4, 10, 8, 0, tzinfo=SHANGHAI))
    console = ConsoleTransport(out=open("/dev/null", "w"), record=True)  # noqa: SIM115
    app = await build_app(config, {"console": console}, clock)
    harness = Bot(app, clock, console)
    yield harness
    await harness.app.close()
    console.out.close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours HTTP(S)_PROXY; loopback (the only network tests use) must bypass it.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    """The fake Telegram Bot API on loopback, for the real python-telegram-bot client."""
    from tests.fake_telegram_api import FakeTelegramAPI

    async with FakeTelegramAPI() as server:
        yield server
