"""Shared fixtures: a config pointing at a temporary database, a bot driven by hand, and
the fake Telegram Bot API on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.config import Config
from tests.harness import Bot, example_config, start_bot, stop_bot

if TYPE_CHECKING:
    from tests.fake_telegram_api import FakeTelegramAPI


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return example_config(tmp_path / "bot.db")


@pytest.fixture
async def bot(config: Config) -> AsyncIterator[Bot]:
    harness = await start_bot(config)
    yield harness
    await stop_bot(harness)


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
