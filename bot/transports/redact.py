"""Secrets kept out of third-party log lines."""

from __future__ import annotations

import logging


class RedactToken(logging.Filter):
    """Replaces a token (a bot's, a puppet service's) in records of the loggers it is on.
    A logger's filters see only records logged on that very logger, not its children's."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, "<token>")
            record.args = None
        return True
