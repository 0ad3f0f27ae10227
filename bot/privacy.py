"""Personal data in text: phone numbers in any written form and ID card numbers.

They must never be read as doors, echoed into a group, or written to a log line. The
patterns run on NFKC-folded text, so full-width digits (１３９…) are caught too.
"""

from __future__ import annotations

import logging
import re
import unicodedata

# Mobile numbers with or without +86/0086, in groups split by spaces, dashes or dots
# (139-1234-5678, 139 1234 5678, +86 13912345678); landlines with an area code
# (021-12345678); 18-character ID numbers.
_SEP = r"[\s\-.]?"
_MOBILE = rf"(?:(?:\+|00)?86{_SEP})?1[3-9]\d(?:{_SEP}\d){{8}}"
_LANDLINE = r"0\d{2,3}[\s\-]\d{7,8}"
_ID = r"\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dX]"
PERSONAL = re.compile(rf"(?<![\dA-Z])(?:{_ID}|{_MOBILE}|{_LANDLINE})(?![\dA-Z])", re.IGNORECASE)
MASK = "****"
# Seven digits at least make any of them: text with fewer is left alone at once.
_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")


def _folded(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def holds_personal(text: str) -> bool:
    return PERSONAL.search(_folded(text)) is not None


def blank_personal(folded: str) -> str:
    """The same text with phone and ID numbers turned to spaces of the same length, so
    the parser reads no door or count in them and every other span stays where it was."""
    if _DIGITS.search(folded) is None:
        return folded
    return PERSONAL.sub(lambda m: " " * len(m.group(0)), folded)


def redact(text: str) -> str:
    """Phone and ID numbers replaced by a mask, the rest of the text as it was (folded only
    where a number hides in full-width separators)."""
    masked = PERSONAL.sub(MASK, text)
    if PERSONAL.search(_folded(masked)):
        masked = PERSONAL.sub(MASK, _folded(masked))
    return masked


class RedactPersonal(logging.Filter):
    """A handler filter: no phone or ID number reaches a log line, whoever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _DIGITS.search(message) is not None and holds_personal(message):
            record.msg = redact(message)
            record.args = None
        if record.exc_info and record.exc_text is None:
            # Tracebacks can quote message text in reprs; format them once, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
