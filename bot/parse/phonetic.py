"""Toneless pinyin, for voice-input homophones (鸡但 -> 鸡蛋, 两代 -> 两袋).

pypinyin costs ~0.35 s to import, so it is loaded the first time a leftover word
actually needs a sound comparison, never at import time of the parser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any


@cache
def _lazy_pinyin() -> Callable[..., list[str]]:
    from pypinyin import Style, lazy_pinyin

    def convert(text: str) -> list[str]:
        result: Any = lazy_pinyin(text, style=Style.NORMAL, errors="default")
        return [str(s) for s in result]

    return convert


@cache
def syllable(ch: str) -> str:
    """Toneless pinyin of one character (the character itself when it has none)."""
    out = _lazy_pinyin()(ch)
    return out[0] if out else ch


def syllables(text: str) -> tuple[str, ...]:
    return tuple(syllable(ch) for ch in text)


class SoundIndex:
    """Maps the toneless pinyin of words to the written word they stand for.

    Built lazily on the first lookup; a sound shared by two targets is dropped, since
    guessing between them would turn a homophone into a wrong item.
    """

    def __init__(self, words: Iterable[tuple[str, str]]) -> None:
        self._words = tuple(words)
        self._index: dict[tuple[str, ...], str] | None = None

    def _build(self) -> dict[tuple[str, ...], str]:
        index: dict[tuple[str, ...], str] = {}
        clashes: set[tuple[str, ...]] = set()
        for spoken, target in self._words:
            key = syllables(spoken)
            if key in index and index[key] != target:
                clashes.add(key)
            index[key] = target
        for key in clashes:
            del index[key]
        return index

    def lookup(self, text: str) -> str | None:
        if self._index is None:
            self._index = self._build()
        return self._index.get(syllables(text))
