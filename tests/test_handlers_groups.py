"""Binding group chats (handlers/groups.py): only to places the compound has, and kept."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.config import load_config_text
from bot.grammar import Arg, parse_args
from handlers.groups import bind, title_binding
from tests.harness import SHANGHAI, example_config, open_rig

T0 = datetime(2026, 4, 10, 9, 0, tzinfo=SHANGHAI)


def _target(text: str):  # type: ignore[no-untyped-def]
    args = parse_args((Arg("target"),), text)
    assert args is not None
    return args


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("99", "本小区没有99号楼，可绑定：3号楼、5号楼、10号楼"),
        ("3-7", "3号楼没有7单元，可选单元：1、2"),
        ("5-1", "5号楼没有1单元，可选单元：无"),
    ],
)
async def test_a_binding_to_a_place_the_compound_lacks_is_refused(
    tmp_path: Path, target: str, said: str
) -> None:
    rig = await open_rig(example_config(tmp_path / "b.db"))
    ctx = await rig.handle(
        bind, f"/bind {target}", at=T0, sender="张书记", chat="新群", args=_target(target)
    )
    assert rig.said(ctx) == [said]
    assert await rig.run(lambda c: c.store.group("console", "新群"), T0) is None
    await rig.db.close()


async def test_a_binding_made_in_chat_survives_restarts_and_cadres_are_told_once(
    tmp_path: Path,
) -> None:
    db = tmp_path / "b.db"
    rig = await open_rig(example_config(db))
    ctx = await rig.handle(
        bind, "/bind 10-1", at=T0, sender="张书记", chat="3号楼业主群", args=_target("10-1")
    )
    assert rig.said(ctx) == ["本群已绑定 10号楼1单元。"]
    await rig.db.close()

    # Two restarts on the config that still says 3号楼业主群 is building 3.
    told: list[list[str]] = []
    for _ in range(2):
        rig = await open_rig(example_config(db))
        group = await rig.run(lambda c: c.store.group("console", "3号楼业主群"), T0)
        assert group is not None and (group.building, group.unit) == ("10", "1")
        told.append(rig.seeded)
        await rig.db.close()
    assert len(told[0]) == 1
    assert "3号楼业主群" in told[0][0] and "10号楼1单元" in told[0][0] and "3号楼" in told[0][0]
    assert told[1] == []


async def test_a_binding_config_made_follows_the_edited_config(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    rig = await open_rig(example_config(db))
    await rig.db.close()
    text = (Path(__file__).parents[1] / "config.example.toml").read_text("utf-8")
    assert 'chat = "5号楼群"\nbuilding = "5"' in text
    edited_text = text.replace(
        'chat = "5号楼群"\nbuilding = "5"', 'chat = "5号楼群"\nbuilding = "3"'
    )
    edited = load_config_text(
        edited_text.replace('path = "louzhang.db"', f'path = "{db.as_posix()}"'), "edited.toml"
    )
    rig = await open_rig(edited)
    group = await rig.run(lambda c: c.store.group("console", "5号楼群"), T0)
    assert group is not None and group.building == "3"
    await rig.db.close()


@pytest.mark.parametrize(
    ("title", "pattern", "expected"),
    [
        ("阳光花园7号楼", r"^阳光花园(\d+)号楼(?:(\d+)单元)?", ("7", "")),
        ("阳光花园3号楼2单元", r"^阳光花园(\d+)号楼(?:(\d+)单元)?", ("3", "2")),
        # The compound's pattern does not hide a title that is a door already.
        ("5号楼业主群", r"^阳光花园(\d+)号楼", ("5", "")),
        ("阳光花园99号楼", r"^阳光花园(\d+)号楼", None),  # no such building
        ("阳光花园3号楼9单元", r"^阳光花园(\d+)号楼(?:(\d+)单元)?", None),  # no such unit
        ("随便聊聊", r"^阳光花园(\d+)号楼", None),
    ],
)
def test_a_title_names_a_building_by_the_compounds_pattern_or_as_a_door(
    title: str, pattern: str, expected: tuple[str, str] | None
) -> None:
    buildings = {"3": ("1", "2"), "5": (), "7": ()}
    assert title_binding(title, buildings, pattern) == expected
