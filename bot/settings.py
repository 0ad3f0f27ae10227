"""Config as the core and handlers use it, with what is fixed at start."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.catalog import Catalog
from bot.config import Config
from bot.permissions import Directory


@dataclass(frozen=True)
class Settings:
    config: Config
    compound_id: int
    catalog: Catalog
    directory: Directory
    # Building name -> its units, as config names them.
    buildings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(
        cls, config: Config, compound_id: int, catalog: Catalog, directory: Directory
    ) -> Settings:
        return cls(
            config=config,
            compound_id=compound_id,
            catalog=catalog,
            directory=directory,
            buildings=config.compound.units_by_building(),
        )

    @property
    def backlog_grace(self) -> timedelta:
        return timedelta(minutes=self.config.compound.backlog_grace_minutes)
