"""What a handler is given for one message, and the settings it works within."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.catalog import Catalog
from bot.config import Config
from bot.messages import IncomingMessage, ParsedMessage, Platform, Reply
from storage.rows import Batch, Group, Household

Role = Literal["resident", "volunteer", "building_leader", "cadre"]


@dataclass(frozen=True)
class Settings:
    """Config as the core uses it, plus ids fixed at start."""

    config: Config
    compound_id: int
    catalog: Catalog

    def role_of(self, platform: Platform, user_id: str) -> Role:
        roles = self.config.roles.of(platform)
        if user_id in roles.cadres:
            return "cadre"
        if user_id in roles.building_leaders:
            return "building_leader"
        if user_id in roles.volunteers:
            return "volunteer"
        return "resident"

    def duty(self, platform: Platform) -> tuple[str, ...]:
        roles = self.config.roles.of(platform)
        return roles.duty or roles.cadres


@dataclass
class Known:
    """What this process has already read or written, to spare the database a round trip.

    Valid because one process owns the database and writes through one connection; emptied
    when a transaction rolls back so nothing uncommitted is remembered.
    """

    households: dict[tuple[str, str, str], Household] = field(default_factory=dict)
    # None records a sender known to have no household yet.
    members: dict[tuple[str, str], Household | None] = field(default_factory=dict)
    batches: dict[datetime, Batch] = field(default_factory=dict)

    def clear(self) -> None:
        self.households.clear()
        self.members.clear()
        self.batches.clear()


@dataclass
class Turn:
    """One message on its way through a handler, inside the transaction that stores it."""

    msg: IncomingMessage
    inbox_id: int
    parsed: ParsedMessage
    group: Group | None
    role: Role
    conn: sqlite3.Connection
    now: datetime
    settings: Settings
    known: Known = field(default_factory=Known)

    def reply(
        self, text: str, *, merge_text: str | None = None, header: str | None = None
    ) -> Reply:
        """A reply in the chat the message came from."""
        return Reply(
            platform=self.msg.platform,
            chat_id=self.msg.chat_id,
            text=text,
            private=self.msg.chat_kind == "private",
            merge_text=merge_text,
            merge_header=header,
        )
