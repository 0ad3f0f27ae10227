"""The one place the project imports wechaty from.

wechaty 0.10.7 (its last release) does not import on Python 3.11+: `wechaty/wechaty.py`
declares a dataclass field `puppet_options: PuppetOptions = PuppetOptions()`, and since
3.11 dataclasses reject any default whose class is unhashable (PuppetOptions is a
dataclass with eq=True, so its __hash__ is None). Giving PuppetOptions the identity hash
before the first import makes the default acceptable. The default instance is then
shared by every Wechaty and wechaty writes token and endpoint into it, so the transport
always passes `PuppetOptions(...)` of its own.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

# wechaty makes its cache folder (CACHE_DIR, else ./.wechaty) when imported; it keeps
# nothing the bot needs, so it goes under the temporary folder, not the working one.
os.environ.setdefault("CACHE_DIR", str(Path(tempfile.gettempdir()) / "louzhang-wechaty"))

import wechaty_puppet.schemas.puppet as _puppet_schemas

if getattr(_puppet_schemas.PuppetOptions, "__hash__", None) is None:
    _puppet_schemas.PuppetOptions.__hash__ = object.__hash__

# Imported here, not lazily by Wechaty.init_puppet, so that its loggers exist (and are
# tamed below) before anything logs on them.
import wechaty_puppet_service  # noqa: F401
from wechaty import Contact, Message, Room, Wechaty, WechatyOptions
from wechaty_puppet import FileBox, MessageType, PuppetOptions

# wechaty's loggers each get their own stderr handler and do not propagate, so they would
# bypass the bot's log handlers (and the masking of phone numbers there); at INFO they
# print message payloads. They are made ordinary loggers at WARNING.
_WECHATY_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"


def wechaty_loggers() -> list[logging.Logger]:
    """Every logger wechaty made its own way, now routed through the bot's handlers."""
    found = []
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if not isinstance(logger, logging.Logger):
            continue
        own = [h for h in logger.handlers if getattr(h.formatter, "_fmt", None) == _WECHATY_FORMAT]
        if own and not getattr(logger, "_louzhang_tamed", False):
            logger.propagate = True
            logger.setLevel(logging.WARNING)
            logger._louzhang_tamed = True  # type: ignore[attr-defined]
        for handler in own:
            logger.removeHandler(handler)
        if getattr(logger, "_louzhang_tamed", False):
            found.append(logger)
    return found


wechaty_loggers()
# Two messages from one person handled at once both load their contact; wechaty warns
# about the second load every time. Nothing is wrong.
logging.getLogger("Accessory").setLevel(logging.ERROR)


def forget_process_state() -> None:
    """Everything wechaty keeps process-wide, for tests that start one client after
    another: the pools, the room event emitter, the set of message ids already seen (a
    repeated id is dropped silently) and the global instance."""
    from wechaty.user.room import Room as _Room
    from wechaty.user.tag import Tag
    from wechaty.utils.async_helper import SingleIdContainer

    forget_pools()
    Tag._pool.clear()
    _Room._event_stream.remove_all_listeners()
    SingleIdContainer._instance = None
    Wechaty._global_instance = None


def forget_pools() -> None:
    """wechaty keeps Room and Contact objects process-wide, bound to the connection that
    first loaded them and with payloads cached for good: a new connection starts afresh."""
    from wechaty.user.contact import Contact as _Contact
    from wechaty.user.room import Room as _Room

    _Room._pool.clear()
    _Contact._pool.clear()


__all__ = [
    "Contact",
    "FileBox",
    "Message",
    "MessageType",
    "PuppetOptions",
    "Room",
    "Wechaty",
    "WechatyOptions",
    "forget_pools",
    "forget_process_state",
    "wechaty_loggers",
]
