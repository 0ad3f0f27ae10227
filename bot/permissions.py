"""Who may do what: a role, and for staff below cadre the buildings they serve.

Rights come from who sent a message (their platform id), never from anything written in
it. Today the people are named in config; the lookup sits behind `Directory` so that the
members table can answer it instead without any handler noticing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from bot.config import Config, PlatformRoles
from bot.messages import PLATFORMS, Platform

Role = Literal["resident", "volunteer", "building_leader", "cadre"]
ROLES: tuple[Role, ...] = ("resident", "volunteer", "building_leader", "cadre")
# Each role includes the ones before it.
_RANK: dict[Role, int] = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Permission:
    role: Role
    # The buildings a volunteer or building leader serves; None for the whole compound.
    buildings: frozenset[str] | None = None

    @property
    def is_staff(self) -> bool:
        return self.role != "resident"

    def at_least(self, role: Role) -> bool:
        return _RANK[self.role] >= _RANK[role]

    def covers(self, building: str | None) -> bool:
        """May act on `building` (None: something not tied to one building)."""
        if self.role == "cadre" or self.buildings is None:
            return True
        return building is not None and building in self.buildings


RESIDENT = Permission("resident")


class Directory(Protocol):
    def permission(self, platform: Platform, user_id: str) -> Permission:
        """What this platform user may do; a resident when nobody named them."""

    def cadres(self, platform: Platform) -> tuple[str, ...]:
        """Who is told what needs a cadre (questions, binding conflicts)."""

    def duty(self, platform: Platform) -> tuple[str, ...]:
        """Who receives urgent help requests privately, at once."""

    def is_staff_chat(self, platform: Platform, chat_id: str) -> bool:
        """A group of staff, where staff commands are answered in the group."""


class ConfigDirectory:
    """The people named under `[roles.<platform>]` and `[[staff_groups]]`."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._people: dict[tuple[Platform, str], Permission] = {}
        for platform in PLATFORMS:
            for user_id, perm in _permissions(config.roles.of(platform)).items():
                self._people[(platform, user_id)] = perm
        self._staff_chats = {(g.platform, g.chat) for g in config.staff_groups}

    def permission(self, platform: Platform, user_id: str) -> Permission:
        return self._people.get((platform, user_id), RESIDENT)

    def cadres(self, platform: Platform) -> tuple[str, ...]:
        return self._config.roles.of(platform).cadres

    def duty(self, platform: Platform) -> tuple[str, ...]:
        roles = self._config.roles.of(platform)
        return roles.duty or roles.cadres

    def is_staff_chat(self, platform: Platform, chat_id: str) -> bool:
        return (platform, chat_id) in self._staff_chats


def _permissions(roles: PlatformRoles) -> dict[str, Permission]:
    """Lowest role first, so that a person named twice keeps the higher one."""
    out: dict[str, Permission] = {}
    for entry in roles.volunteers:
        out[entry.id] = Permission("volunteer", entry.scope())
    for entry in roles.building_leaders:
        out[entry.id] = Permission("building_leader", entry.scope())
    for user_id in roles.cadres:
        out[user_id] = Permission("cadre")
    return out
