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

import wechaty_puppet.schemas.puppet as _puppet_schemas

if getattr(_puppet_schemas.PuppetOptions, "__hash__", None) is None:
    _puppet_schemas.PuppetOptions.__hash__ = object.__hash__

from wechaty import Contact, Message, Room, Wechaty, WechatyOptions
from wechaty_puppet import FileBox, MessageType, PuppetOptions

SHIM_APPLIED = True

__all__ = [
    "Contact",
    "FileBox",
    "Message",
    "MessageType",
    "PuppetOptions",
    "Room",
    "Wechaty",
    "WechatyOptions",
]
