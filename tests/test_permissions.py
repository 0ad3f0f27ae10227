"""Who may do what (bot/permissions.py): roles from config, scoped to buildings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.permissions import RESIDENT, ConfigDirectory, Permission
from tests.harness import example_config

ROLES = """
[roles.wechat]
cadres = ["1"]
volunteers = ["2", { id = "3", buildings = ["3", "5"] }]
building_leaders = [{ id = "4", buildings = ["3"] }, "1"]
duty = []
"""


def _directory(tmp_path: Path) -> ConfigDirectory:
    return ConfigDirectory(example_config(tmp_path / "b.db", ROLES))


def test_people_get_their_role_and_buildings_from_config(tmp_path: Path) -> None:
    d = _directory(tmp_path)
    assert d.permission("wechat", "2") == Permission("volunteer")
    assert d.permission("wechat", "3") == Permission("volunteer", frozenset({"3", "5"}))
    assert d.permission("wechat", "4") == Permission("building_leader", frozenset({"3"}))
    # Named twice, a person keeps the higher role.
    assert d.permission("wechat", "1") == Permission("cadre")
    assert d.permission("wechat", "999") == RESIDENT
    # The same id on another platform is someone else.
    assert d.permission("console", "1") == RESIDENT


def test_duty_falls_back_to_cadres(tmp_path: Path) -> None:
    assert _directory(tmp_path).duty("wechat") == ("1",)


@pytest.mark.parametrize(
    ("perm", "building", "covers"),
    [
        (Permission("building_leader", frozenset({"3"})), "3", True),
        (Permission("building_leader", frozenset({"3"})), "5", False),
        (Permission("building_leader", frozenset({"3"})), None, False),
        (Permission("volunteer"), "5", True),
        (Permission("cadre"), "10", True),
    ],
)
def test_scoped_staff_cover_only_their_buildings(
    perm: Permission, building: str | None, covers: bool
) -> None:
    assert perm.covers(building) is covers


def test_roles_rank_resident_volunteer_building_leader_cadre() -> None:
    leader = Permission("building_leader")
    assert leader.at_least("volunteer") and leader.is_staff
    assert not leader.at_least("cadre")
    assert not RESIDENT.is_staff


def test_a_staff_group_answers_staff_commands_in_the_group(tmp_path: Path) -> None:
    extra = '[[staff_groups]]\nplatform = "console"\nchat = "志愿者群"\n'
    d = ConfigDirectory(example_config(tmp_path / "b.db", extra))
    assert d.is_staff_chat("console", "志愿者群")
    assert not d.is_staff_chat("console", "3号楼业主群")


def test_a_building_the_compound_lacks_in_a_roles_scope_is_a_config_error(
    tmp_path: Path,
) -> None:
    extra = '[roles.wechat]\nvolunteers = [{ id = "3", buildings = ["3", "99"] }]\n'
    with pytest.raises(ConfigError, match=r"roles\.wechat\.volunteers\[0\]\.buildings.*'99'"):
        example_config(tmp_path / "b.db", extra)
