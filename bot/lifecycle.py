"""States of orders, batches and help requests, and the moves allowed between them.

One table per kind: storage refuses any other move, and every move is a compare-and-set
on the state it starts from, so two people acting on the same order can never both win.
"""

from __future__ import annotations

from typing import Literal, TypeVar

OrderState = Literal["open", "purchased", "claimed", "delivered", "confirmed", "cancelled"]
BatchState = Literal["open", "closed", "purchased"]
HelpState = Literal["open", "claimed", "closed", "cancelled"]

ORDER_MOVES: dict[OrderState, frozenset[OrderState]] = {
    "open": frozenset({"purchased", "cancelled"}),
    "purchased": frozenset({"claimed"}),
    # A resident may confirm before the volunteer has marked the door delivered; a
    # volunteer who cannot carry it after all gives it back.
    "claimed": frozenset({"delivered", "confirmed", "purchased"}),
    "delivered": frozenset({"confirmed"}),
    "confirmed": frozenset(),
    "cancelled": frozenset(),
}

BATCH_MOVES: dict[BatchState, frozenset[BatchState]] = {
    "open": frozenset({"closed"}),
    "closed": frozenset({"purchased"}),
    "purchased": frozenset(),
}

HELP_MOVES: dict[HelpState, frozenset[HelpState]] = {
    "open": frozenset({"claimed", "closed", "cancelled"}),
    # A volunteer who cannot help after all gives it back.
    "claimed": frozenset({"closed", "cancelled", "open"}),
    "closed": frozenset(),
    "cancelled": frozenset(),
}

# Orders a resident can still change or cancel.
ORDER_FINAL: frozenset[OrderState] = frozenset({"cancelled", "delivered", "confirmed"})

S = TypeVar("S", bound=str)


class IllegalMove(ValueError):
    """A move the lifecycle does not allow: a bug in the caller, never a user's mistake."""


def check_move(moves: dict[S, frozenset[S]], current: S, target: S) -> None:
    if target not in moves[current]:
        raise IllegalMove(f"{current} -> {target} is not an allowed move")
