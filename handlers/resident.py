"""What residents write in their building's group, each intent to its handler."""

from __future__ import annotations

from bot.router import Router
from handlers import cancelling, edits, help_requests, orders, questions, tracking


def register(router: Router) -> None:
    router.on_intent("order", orders.on_order)
    router.on_edit(edits.on_edit)
    router.on_intent("other", orders.on_other)
    router.on_intent("help", help_requests.on_help)
    router.on_intent("status", tracking.on_status)
    router.on_intent("cancel", cancelling.on_cancel)
    router.on_intent("received", tracking.on_received)
    router.on_intent("question", questions.on_question)
