"""What every chat platform implements, and what the core offers back to it."""

from __future__ import annotations

from typing import Protocol

from bot.messages import IncomingMessage, Platform


class SendFailed(Exception):
    """A send did not go through.

    `permanent`: it never will (blocked, no such chat): the rows are dead, a person is told.
    `retry_after`: a flood wait in seconds; nothing more goes to that chat (or, with
    `platform_wide`, the platform) until it has passed.
    `platform_wide` without a wait: the platform itself is failing (5xx, network); it is
    tried again with backoff, and its first success releases everything waiting.
    """

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        platform_wide: bool = False,
    ) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.permanent = permanent
        self.platform_wide = platform_wide


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
