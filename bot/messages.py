"""Typed values that cross the arrows of the pipeline: transport -> core -> transport."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Platform = Literal["console", "telegram", "wechat"]
PLATFORMS: tuple[Platform, ...] = ("console", "telegram", "wechat")


def platform_of(name: str) -> Platform | None:
    """A platform name read back from storage or the sender, if it is one."""
    return next((p for p in PLATFORMS if p == name), None)


ChatKind = Literal["group", "private"]
# Each role includes the ones before it.
Role = Literal["resident", "volunteer", "building_leader", "cadre"]
StaffRole = Literal["volunteer", "building_leader", "cadre"]
ROLES: tuple[Role, ...] = ("resident", "volunteer", "building_leader", "cadre")
Intent = Literal["order", "help", "status", "cancel", "received", "question", "other"]
HelpCategory = Literal["medical", "medicine", "utility", "food", "elderly", "other"]
Topic = Literal["test", "cutoff", "delivery"]

INTENTS: tuple[Intent, ...] = ("order", "help", "status", "cancel", "received", "question", "other")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ContextMessage(_Frozen):
    """An earlier message of the same chat, as the parser sees it."""

    sender: str
    text: str


class IncomingMessage(_Frozen):
    """One message as a transport hands it to the core."""

    platform: Platform
    chat_id: str
    chat_title: str
    chat_kind: ChatKind
    message_id: str
    sender_id: str
    sender_name: str
    text: str
    received_at: datetime
    # A platform stream position (Telegram update_id) stored in the same transaction.
    cursor: int | None = None
    # Asked of the bot itself: an @mention of it or a reply to one of its messages.
    addressed: bool = False
    # An edit of an earlier message: that message's id (`message_id` is then the edit's own,
    # so a redelivered edit is still handled once).
    edit_of: str | None = None
    # Sent by a group admin who posts as the group: who they are is unknown.
    anonymous: bool = False
    # A picture, voice message, red packet...: no text to read.
    media: bool = False

    @field_validator("chat_id", "chat_title", "message_id", "sender_id", "sender_name", "text")
    @classmethod
    def _encodable(cls, value: str) -> str:
        # A lone surrogate (broken emoji from a client) cannot be stored as UTF-8; it
        # becomes U+FFFD here so that nothing downstream fails on it.
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
        return value


class Address(_Frozen):
    building: str | None = None
    unit: str | None = None
    room: str | None = None

    def is_empty(self) -> bool:
        return self.building is None and self.unit is None and self.room is None


class ParsedItem(_Frozen):
    item: str
    qty: float
    unit: str | None = None
    in_catalog: bool = True


class OrderEntry(_Frozen):
    """One household's order inside a message (a 接龙 can carry several)."""

    address: Address | None
    items: tuple[ParsedItem, ...]


class ParsedMessage(_Frozen):
    intent: Intent
    address: Address | None = None
    items: tuple[ParsedItem, ...] = ()
    help: HelpCategory | None = None
    ref: str | None = None
    # For a 接龙: the new entries only, each its own order; empty for a plain message.
    chain_entries: tuple[OrderEntry, ...] = ()
    is_chain: bool = False
    # For a question: what it asks about, when it is something the bot can answer itself.
    topic: Topic | None = None
    # The door the sender's own display name (with the chat's building) gives, if any:
    # unlike a door written in the text, it says who the sender is.
    home: Address | None = None
    # Why the parser decided as it did: the name of the rule that fired (offer, thanks,
    # rhetorical, catalog_goods, cancel_word, ...), for review and for the scorer's errors.
    rule: str | None = None
    # For a change to an order already placed: which kind. The goods set or added are the
    # order's `items`; the goods dropped (a cancel of some goods) are `dropped`.
    change: Literal["remove", "set", "add"] | None = None
    dropped: tuple[ParsedItem, ...] = ()


class Reply(_Frozen):
    """Something the bot wants said in a chat; the outbox stores, merges and paces it."""

    platform: Platform
    chat_id: str
    text: str
    private: bool = False
    # Acknowledgements waiting together for one chat are sent as one message: the header
    # once, then each reply's short merge_text.
    merge_text: str | None = None
    merge_header: str | None = None
    document: bytes | None = Field(default=None, repr=False)
    filename: str | None = None
    # Higher goes first, to this chat and across chats: urgent help forwards (URGENCY).
    priority: int = 0
    # What the reply is about, for what happens once it is sent or found undeliverable:
    # help-forward:N (an urgent forward), help-ack:N (the group's acknowledgement).
    ref: str | None = None
    # The one person a group reply answers: WeChat @-mentions them; others ignore it.
    mention: str | None = None
