"""Typed rows that storage returns."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class Household(_Row):
    id: int
    building: str
    unit: str
    room: str
    phone: str | None = None


class Group(_Row):
    platform: str
    chat_id: str
    title: str
    building: str
    unit: str


class Batch(_Row):
    id: int
    cutoff_at: datetime
    status: str


class OrderItemRow(_Row):
    item: str
    qty: float
    unit: str | None
    in_catalog: bool


class Order(_Row):
    id: int
    batch_id: int
    household_id: int
    status: str
    cutoff_at: datetime
    batch_status: str
    building: str
    unit: str
    room: str
    items: tuple[OrderItemRow, ...] = ()


class HelpRequest(_Row):
    id: int
    household_id: int | None
    category: str
    urgency: int
    status: str
    owner: str | None


class Notice(_Row):
    id: int
    kind: str
    building: str | None
    day: str | None
    starts: str | None
    ends: str | None
    place: str | None
    text: str


class OutboxRow(_Row):
    id: int
    platform: str
    chat_id: str
    private: bool
    text: str
    merge_text: str | None
    merge_header: str | None
    document: bytes | None
    filename: str | None
    not_before: datetime
    attempts: int
