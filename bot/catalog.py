"""The goods residents can order: names, aliases, default units. Default ships as package data."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field


class CatalogItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    price: float | None = Field(default=None, ge=0)
    limit: float | None = Field(default=None, gt=0)

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *(a for a in self.aliases if a != self.name))


class Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    items: tuple[CatalogItem, ...]
    # Combos such as 米面油: alias -> catalog names, one each unless counted.
    combos: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    def get(self, name: str) -> CatalogItem | None:
        for it in self.items:
            if it.name == name:
                return it
        return None

    def merged(self, extra: tuple[CatalogItem, ...], *, replace: bool = False) -> Catalog:
        """Config additions: an item with an existing name overrides it, aliases are added."""
        if replace:
            return Catalog(items=extra, combos={})
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
                )
        return Catalog(items=tuple(by_name.values()), combos=self.combos)


@cache
def default_catalog() -> Catalog:
    raw = resources.files("bot").joinpath("data/catalog.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return Catalog.model_validate(data)
