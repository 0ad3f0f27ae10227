"""Times are stored as UTC ISO strings so that text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached storage")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text)


def to_db_ms(moment: datetime) -> str:
    """To the millisecond, for moments a flood wait is counted in. Sorts with `to_db`'s
    whole seconds as time does ('…:05+00:00' before '…:05.400+00:00')."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached storage")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")
