"""Secrets kept out of third-party log lines."""

from __future__ import annotations

import logging
from collections.abc import Iterable


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


class TokenGuard:
    """One token kept out of a set of loggers, for as long as a transport runs."""

    def __init__(self, token: str) -> None:
        self._filter = RedactToken(token)
        self._loggers: list[logging.Logger] = []

    def watch(self, loggers: Iterable[logging.Logger]) -> None:
        for logger in loggers:
            if logger not in self._loggers:
                logger.addFilter(self._filter)
                self._loggers.append(logger)

    def release(self) -> None:
        for logger in self._loggers:
            logger.removeFilter(self._filter)
        self._loggers = []
