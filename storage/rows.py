"""Typed rows that storage returns, built from the columns by name."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict

from bot.formatting import door_label
from bot.lifecycle import BatchState, HelpState, OrderState
from bot.messages import HelpCategory, Platform, Role, StaffRole


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def of(cls, row: sqlite3.Row, **extra: Any) -> Self:
        return cls.model_validate({**dict(row), **extra})


# (platform, user id) of whoever placed an order or a help request.
Placer = tuple[str, str]


class Household(_Row):
    id: int
    building: str
    unit: str
    room: str
    phone: str | None = None

    @property
    def door(self) -> str:
        return door_label(self.building, self.unit, self.room)


class Member(_Row):
    """A platform user as staff see them: their own role, and a role lent until a moment."""

    platform: Platform
    user_id: str
    display_name: str
    role: Role
    # Buildings the role covers; empty for the whole compound.
    buildings: tuple[str, ...] = ()
    role_source: str = ""
    lent_role: StaffRole | None = None
    lent_buildings: tuple[str, ...] = ()
    lent_until: datetime | None = None


class Invite(_Row):
    code: str
    role: StaffRole
    buildings: tuple[str, ...] = ()
    created_platform: Platform
    created_by: str
    expires_at: datetime
    used_by: str | None = None


class Group(_Row):
    platform: Platform
    chat_id: str
    title: str
    building: str
    unit: str
    source: str = "config"


class Batch(_Row):
    id: int
    cutoff_at: datetime
    status: BatchState


class BatchItem(_Row):
    """One item of one order, with its door: a line behind a purchase list."""

    order_id: int
    building: str
    unit: str
    room: str
    item: str
    qty: float
    goods_unit: str | None
    in_catalog: bool

    @property
    def door(self) -> str:
        return door_label(self.building, self.unit, self.room)


class BatchOrder(_Row):
    """One order of a batch as a delivery sheet lists it."""

    order_id: int
    building: str
    unit: str
    room: str
    status: OrderState
    volunteer: str | None
    phone: str | None
    # What the roster says of the household (elderly alone, isolation): staff copy only.
    notes: str = ""


class OrderItemRow(_Row):
    item: str
    qty: float
    unit: str | None
    in_catalog: bool


class Order(_Row):
    id: int
    batch_id: int
    household_id: int
    inbox_id: int | None = None
    status: OrderState
    volunteer: str | None = None
    delivered_at: datetime | None = None
    # The household's phone and roster notes: only for the claiming volunteer and staff.
    phone: str | None = None
    notes: str = ""
    # None for rows stored before placers were recorded.
    placed_platform: str | None = None
    placed_by: str | None = None
    cutoff_at: datetime
    batch_status: BatchState
    building: str
    unit: str
    room: str
    items: tuple[OrderItemRow, ...] = ()

    @property
    def door(self) -> str:
        return door_label(self.building, self.unit, self.room)


class HelpRequest(_Row):
    id: int
    household_id: int | None
    inbox_id: int | None = None
    category: HelpCategory
    urgency: int
    status: HelpState
    owner: str | None
    placed_platform: str | None = None
    placed_by: str | None = None
    # When an urgent forward first reached a person.
    forwarded_at: datetime | None = None
    # The household's door, when the request names a household.
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    # Only for the staff member who takes it, privately.
    phone: str | None = None
    notes: str | None = None

    @property
    def door(self) -> str | None:
        if self.building is None or self.room is None:
            return None
        return door_label(self.building, self.unit or "", self.room)


class WaitingQuestion(_Row):
    id: int
    status: Literal["open", "answered"]
    inbox_id: int


class Notice(_Row):
    id: int
    kind: str
    building: str | None
    day: str | None
    starts: str | None
    ends: str | None
    place: str | None
    text: str
    created_at: datetime | None = None
    # A recurring delivery round: every this many minutes from starts to ends.
    every_minutes: int | None = None


class Waiting(_Row):
    """A help request nobody took, or a question nobody answered, for escalation."""

    id: int
    category: str | None = None
    created_at: datetime
    escalated: int
    forwarded_at: datetime | None = None
    hotline_at: datetime | None = None


class OutboxRow(_Row):
    id: int
    platform: Platform
    chat_id: str
    private: bool
    text: str
    merge_text: str | None
    merge_header: str | None
    document: bytes | None
    filename: str | None
    not_before: datetime
    attempts: int
    ref: str | None = None
    mention: str | None = None
