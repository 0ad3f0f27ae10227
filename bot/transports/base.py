"""What every chat platform implements, and what the core offers back to it."""

from __future__ import annotations

from typing import Protocol

from bot.messages import IncomingMessage, Platform


class SendFailed(Exception):
    """A send did not go through; the outbox keeps the reply and tries again later."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Core(Protocol):
    """The core as a transport sees it."""

    async def receive(self, message: IncomingMessage) -> None:
        """Store, parse and handle one message; `message.cursor`, if set, is saved with it."""

    async def load_cursor(self, platform: Platform) -> int | None:
        """The last stream position whose effects are stored (Telegram's update_id)."""

    async def save_cursor(self, platform: Platform, value: int) -> None:
        """Record a position that carried nothing to handle (a sticker, a join)."""

    async def group_chats(self, platform: Platform) -> set[str]:
        """Chats known to be groups: bound ones and those messages came from."""


class Transport(Protocol):
    platform: Platform
    # Platform limits the outbox paces by (messages per minute into one group, etc).
    max_text_length: int

    async def start(self, core: Core) -> None:
        """Connect and begin delivering incoming messages to `core.receive`; returns at once."""

    async def stop(self) -> None:
        """Stop receiving and release the connection; idempotent."""

    async def send_text(self, chat_id: str, text: str) -> None:
        """Send one message (already within max_text_length). Raises SendFailed."""

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        """Send a file such as a purchase list. Raises SendFailed."""
