"""Who may do what (bot/permissions.py): roles from config, scoped to buildings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.context import Context
from bot.permissions import RESIDENT, Permission
from tests.harness import SHANGHAI, StoreRig, example_config, open_rig

AT = datetime(2026, 4, 10, 9, 0, tzinfo=SHANGHAI)

ROLES = """
[roles.wechat]
cadres = ["1"]
volunteers = ["2", { id = "3", buildings = ["3", "5"] }]
building_leaders = [{ id = "4", buildings = ["3"] }, "1"]
duty = []
"""


async def _rig(tmp_path: Path, extra: str = ROLES) -> StoreRig:
    return await open_rig(example_config(tmp_path / "b.db", extra))


async def test_people_get_their_role_and_buildings_from_config(tmp_path: Path) -> None:
    rig = await _rig(tmp_path)

    def look(ctx: Context) -> list[Permission]:
        d = ctx.settings.directory
        return [d.permission(p, u, ctx.now) for p, u in WHO]

    WHO = [("wechat", u) for u in ("2", "3", "4", "1", "999")] + [("console", "1")]
    assert await rig.run(look, AT) == [
        Permission("volunteer"),
        Permission("volunteer", frozenset({"3", "5"})),
        Permission("building_leader", frozenset({"3"})),
        # Named twice, a person keeps the higher role.
        Permission("cadre"),
        RESIDENT,
        # The same id on another platform is someone else.
        RESIDENT,
    ]
    await rig.db.close()


async def test_duty_falls_back_to_cadres(tmp_path: Path) -> None:
    rig = await _rig(tmp_path)
    assert await rig.run(lambda ctx: ctx.settings.directory.duty("wechat", ctx.now), AT) == ("1",)
    await rig.db.close()


async def test_a_person_config_no_longer_names_loses_the_role_it_gave(tmp_path: Path) -> None:
    rig = await _rig(tmp_path)
    await rig.db.close()
    rig = await _rig(tmp_path, '[roles.wechat]\ncadres = ["1"]\n')

    def look(ctx: Context) -> list[Permission]:
        return [ctx.settings.directory.permission("wechat", u, ctx.now) for u in ("1", "2")]

    assert await rig.run(look, AT) == [Permission("cadre"), RESIDENT]
    await rig.db.close()


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


async def test_a_staff_group_answers_staff_commands_in_the_group(tmp_path: Path) -> None:
    rig = await _rig(tmp_path, '[[staff_groups]]\nplatform = "console"\nchat = "志愿者群"\n')
    d = rig.settings.directory
    assert d.is_staff_chat("console", "志愿者群")
    assert not d.is_staff_chat("console", "3号楼业主群")
    await rig.db.close()


def test_a_building_the_compound_lacks_in_a_roles_scope_is_a_config_error(
    tmp_path: Path,
) -> None:
    extra = '[roles.wechat]\nvolunteers = [{ id = "3", buildings = ["3", "99"] }]\n'
    with pytest.raises(ConfigError, match=r"roles\.wechat\.volunteers\[0\]\.buildings.*'99'"):
        example_config(tmp_path / "b.db", extra)
