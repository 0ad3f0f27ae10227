"""How urgent each kind of help request is, and which reach a person at once."""

from __future__ import annotations

from bot.messages import HelpCategory

URGENCY: dict[HelpCategory, int] = {
    "medical": 3,
    "medicine": 2,
    "utility": 2,
    "food": 1,
    "elderly": 1,
    "other": 0,
}
# These reach the duty person privately at once; the rest wait for a volunteer to claim.
FORWARD_AT_ONCE: frozenset[HelpCategory] = frozenset({"medical", "medicine", "utility"})
