"""Numbers as residents write them: 2, 两, 二十, 十五, 五零一, 一斤半."""

from __future__ import annotations

from functools import cache

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(_CN_SCALES) + "万"

# Regex fragment: one count, Arabic or Chinese. 几 is allowed after 十 (十几 = "ten-odd").
NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百千万]+几?)"


@cache
def _cn2an_value(text: str) -> float | None:
    # Rare large forms (一万二) are left to cn2an; importing it costs ~0.3 s, so only here.
    try:
        import cn2an

        return float(cn2an.cn2an(text, "smart"))
    except Exception:
        return None


def _small_chinese(text: str) -> int | None:
    total = 0
    current = -1
    for ch in text:
        if ch in CN_DIGITS:
            if current >= 0:
                return None  # two digits in a row: a digit string, handled by the caller
            current = CN_DIGITS[ch]
        elif ch in _CN_SCALES:
            total += (1 if current < 0 else current) * _CN_SCALES[ch]
            current = -1
        else:
            return None
    return total + (current if current >= 0 else 0)


def parse_number(token: str) -> float | None:
    """Value of a count token; None when it is not a number at all.

    Digit strings without scale characters (五零一) read digit by digit, as door numbers
    are said. 十几 reads as its lower bound (10): no resident count is lost by rounding up.
    """
    t = token.strip()
    # No count or door number is this long; refusing keeps absurd inputs cheap.
    if not t or len(t) > 12:
        return None
    if t.endswith("几"):
        t = t[:-1]
        if not t:
            return None
    try:
        return float(t)
    except ValueError:
        pass
    if all(ch in CN_DIGITS for ch in t):
        if len(t) == 1:
            return float(CN_DIGITS[t])
        return float("".join(str(CN_DIGITS[ch]) for ch in t))
    if "万" in t:
        return _cn2an_value(t)
    value = _small_chinese(t)
    if value is None:
        return _cn2an_value(t)
    return float(value)


def as_digits(token: str) -> str | None:
    """A door-number token as an ASCII digit string (三 -> 3, 五零一 -> 501, 十二 -> 12)."""
    value = parse_number(token)
    if value is None or value != int(value) or value < 0:
        return None
    return str(int(value))


def tidy_qty(value: float) -> float:
    return float(int(value)) if value == int(value) else value


def warm_up() -> None:
    _cn2an_value("一万二")
