"""What every chat platform implements, and what the core offers back to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.messages import IncomingMessage, Platform, Role


class SendFailed(Exception):
    """A send did not go through.

    `permanent`: it never will (blocked, no such chat): the rows are dead, a person is told.
    `retry_after`: a flood wait in seconds; nothing more goes to that chat (or, with
    `platform_wide`, the platform) until it has passed.
    `platform_wide` without a wait: the platform itself is failing (5xx, network); it is
    tried again with backoff, and its first success releases everything waiting.
    `moved_to`: the chat has a new id (a group became a supergroup); what was queued for it
    goes there.
    """

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        platform_wide: bool = False,
        moved_to: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.permanent = permanent
        self.platform_wide = platform_wide
        self.moved_to = moved_to


class TransportError(Exception):
    """A transport that can never work as configured (Telegram rejected the token)."""


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

    async def move_chat(self, platform: Platform, old: str, new: str, cursor: int | None) -> None:
        """A chat's id changed (a group upgraded to a supergroup); `cursor` as for receive."""

    async def keep_unreadable(self, platform: Platform, cursor: int, raw: str, error: str) -> None:
        """An update the client could not read: kept for a person, and the cursor passes it."""

    async def staff(self, platform: Platform) -> dict[str, Role | None]:
        """The platform's staff now by user id, with the role whose command menu they see;
        duty people who hold no role map to None (they are written to, but see no menu)."""


class Transport(Protocol):
    platform: Platform
    # Platform limits the outbox paces by (messages per minute into one group, etc).
    max_text_length: int

    async def start(self, core: Core) -> None:
        """Connect and begin delivering incoming messages to `core.receive`; returns at once."""

    async def stop(self) -> None:
        """Stop receiving and release the connection; idempotent."""

    async def send_text(self, chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        """Send one message (already within max_text_length), naming `mentions` where the
        platform can (the people it answers). Raises SendFailed."""

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        """Send a file such as a purchase list. Raises SendFailed."""
