"""Shared fixtures: a config pointing at a temporary database, a bot driven by hand, and
the fake Telegram Bot API on loopback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
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


@pytest.fixture
def api_thread() -> Iterator[tuple[FakeTelegramAPI, asyncio.AbstractEventLoop]]:
    """The fake Bot API on a loop of its own in a thread: for driving `louzhang` itself,
    which runs its own event loop."""
    from tests.fake_telegram_api import FakeTelegramAPI

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = FakeTelegramAPI()
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(timeout=10)
    try:
        yield server, loop
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
