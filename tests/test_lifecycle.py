"""Order, batch and help-request states (bot/lifecycle.py): one table of allowed moves."""

from __future__ import annotations

import itertools
from typing import get_args

import pytest

from bot.lifecycle import (
    BATCH_MOVES,
    HELP_MOVES,
    ORDER_MOVES,
    BatchState,
    HelpState,
    IllegalMove,
    OrderState,
    check_move,
)


def test_every_state_has_a_row_in_its_table() -> None:
    assert set(ORDER_MOVES) == set(get_args(OrderState))
    assert set(BATCH_MOVES) == set(get_args(BatchState))
    assert set(HELP_MOVES) == set(get_args(HelpState))


def test_an_order_goes_open_purchased_claimed_delivered_confirmed() -> None:
    path: list[OrderState] = ["open", "purchased", "claimed", "delivered", "confirmed"]
    for current, target in itertools.pairwise(path):
        check_move(ORDER_MOVES, current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("purchased", "cancelled"),  # bought goods are delivered, not cancelled
        ("delivered", "open"),
        ("cancelled", "open"),
        ("confirmed", "cancelled"),
        ("open", "delivered"),
    ],
)
def test_moves_outside_the_table_are_refused(current: OrderState, target: OrderState) -> None:
    with pytest.raises(IllegalMove):
        check_move(ORDER_MOVES, current, target)


def test_a_batch_closes_then_is_purchased_and_never_reopens() -> None:
    check_move(BATCH_MOVES, "open", "closed")
    check_move(BATCH_MOVES, "closed", "purchased")
    for current in get_args(BatchState):
        with pytest.raises(IllegalMove):
            check_move(BATCH_MOVES, current, "open")
