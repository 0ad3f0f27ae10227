"""Pure message parser: normalise -> address -> items -> intent -> 接龙."""

from bot.parse.parser import Parser

__all__ = ["Parser"]
