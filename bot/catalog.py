"""The goods residents can order: names, aliases, default units. Default ships as package data."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class CatalogItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    price: float | None = Field(default=None, ge=0)
    limit: float | None = Field(default=None, gt=0)
    # Goods that tell the neighbours someone is ill (medicines, antigen tests): a group
    # acknowledgement counts them without naming them.
    sensitive: bool = False

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *(a for a in self.aliases if a != self.name))


class Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    items: tuple[CatalogItem, ...]
    # Combos such as 米面油: alias -> catalog names, one each unless counted.
    combos: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # Goods not in the catalog whose name holds one of these are sensitive too.
    sensitive_words: tuple[str, ...] = ()
    _by_name: dict[str, CatalogItem] = PrivateAttr(default_factory=dict)
    _sensitive: dict[str, bool] = PrivateAttr(default_factory=dict)
    _sensitive_words: re.Pattern[str] | None = PrivateAttr(default=None)

    def model_post_init(self, context: Any, /) -> None:
        self._by_name = {it.name: it for it in self.items}
        if self.sensitive_words:
            self._sensitive_words = re.compile("|".join(map(re.escape, self.sensitive_words)))

    def get(self, name: str) -> CatalogItem | None:
        return self._by_name.get(name)

    def is_sensitive(self, name: str) -> bool:
        found = self._sensitive.get(name)
        if found is None:
            known = self._by_name.get(name)
            words = self._sensitive_words
            found = (known is not None and known.sensitive) or (
                words is not None and words.search(name) is not None
            )
            if len(self._sensitive) < 10_000:  # goods names repeat; typos are bounded
                self._sensitive[name] = found
        return found

    def merged(
        self,
        extra: tuple[CatalogItem, ...],
        *,
        replace: bool = False,
        sensitive_words: tuple[str, ...] | None = None,
    ) -> Catalog:
        """Config additions: an item with an existing name overrides it, aliases are added."""
        words = self.sensitive_words if sensitive_words is None else sensitive_words
        if replace:
            return Catalog(items=extra, combos={}, sensitive_words=words)
        by_name = {it.name: it for it in self.items}
        for it in extra:
            old = by_name.get(it.name)
            if old is None:
                by_name[it.name] = it
            else:
                aliases = tuple(dict.fromkeys((*old.aliases, *it.aliases)))
                by_name[it.name] = CatalogItem(
                    name=it.name,
                    aliases=aliases,
                    unit=it.unit or old.unit,
                    price=it.price if it.price is not None else old.price,
                    limit=it.limit if it.limit is not None else old.limit,
                    sensitive=it.sensitive or old.sensitive,
                )
        return Catalog(items=tuple(by_name.values()), combos=self.combos, sensitive_words=words)


@cache
def default_catalog() -> Catalog:
    raw = resources.files("bot").joinpath("data/catalog.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return Catalog.model_validate(data)
