"""Who may do what: a role, and for staff below cadre the buildings they serve.

Rights come from who sent a message (their platform id), never from anything written in
it. People and roles live in the members table: config's `[roles.*]` seeds them at start,
invite codes add more, a delegation lends a role until a moment and then lapses by itself.
Handlers ask through `Directory`, inside the writer's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.config import Config, PlatformRoles
from bot.messages import ROLES, Platform, Role, StaffRole
from storage.rows import Member
from storage.store import Store

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
CADRE = Permission("cadre")


def rank(role: Role) -> int:
    return _RANK[role]


def _scope(buildings: tuple[str, ...]) -> frozenset[str] | None:
    return frozenset(buildings) if buildings else None


def permission_of(member: Member | None, now: datetime) -> Permission:
    """A member's own role, or the role lent to them while the loan lasts, whichever is
    higher; the same role lent for more buildings adds them; a lower one adds nothing."""
    if member is None:
        return RESIDENT
    own = Permission(member.role, _scope(member.buildings))
    lent = lent_permission(member, now)
    if lent is None or _RANK[lent.role] < _RANK[own.role]:
        return own
    if _RANK[lent.role] > _RANK[own.role]:
        return lent
    if own.buildings is None or lent.buildings is None:
        return Permission(own.role)
    return Permission(own.role, own.buildings | lent.buildings)


def lent_permission(member: Member, now: datetime) -> Permission | None:
    if member.lent_role is None or member.lent_until is None or member.lent_until <= now:
        return None
    return Permission(member.lent_role, _scope(member.lent_buildings))


class Directory(Protocol):
    def permission(self, platform: Platform, user_id: str, now: datetime) -> Permission:
        """What this platform user may do now; a resident when nobody named them."""

    def cadres(self, platform: Platform, now: datetime) -> tuple[str, ...]:
        """Who is told what needs a cadre (questions, binding conflicts)."""

    def duty(self, platform: Platform, now: datetime) -> tuple[str, ...]:
        """Who receives urgent help requests privately, at once."""

    def is_staff_chat(self, platform: Platform, chat_id: str) -> bool:
        """A group of staff, where staff commands are answered in the group."""


class MemberDirectory:
    """The members table as the store holds it, and config's duty list and staff groups."""

    def __init__(self, config: Config, store: Store) -> None:
        self._config = config
        self._store = store
        self._staff_chats = {(g.platform, g.chat) for g in config.staff_groups}

    def permission(self, platform: Platform, user_id: str, now: datetime) -> Permission:
        return permission_of(self._store.member(platform, user_id), now)

    def cadres(self, platform: Platform, now: datetime) -> tuple[str, ...]:
        return tuple(
            m.user_id for m in self._store.staff(platform) if permission_of(m, now).role == "cadre"
        )

    def duty(self, platform: Platform, now: datetime) -> tuple[str, ...]:
        return self._config.roles.of(platform).duty or self.cadres(platform, now)

    def is_staff_chat(self, platform: Platform, chat_id: str) -> bool:
        return (platform, chat_id) in self._staff_chats


def configured(roles: PlatformRoles) -> dict[str, tuple[StaffRole, tuple[str, ...]]]:
    """The people config names, with role and buildings; lowest role first, so that a
    person named twice keeps the higher one."""
    out: dict[str, tuple[StaffRole, tuple[str, ...]]] = {}
    for entry in roles.volunteers:
        out[entry.id] = ("volunteer", entry.buildings)
    for entry in roles.building_leaders:
        out[entry.id] = ("building_leader", entry.buildings)
    for user_id in roles.cadres:
        out[user_id] = ("cadre", ())
    return out
