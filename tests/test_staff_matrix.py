"""Every cadre and building-leader command × every kind of sender: only the allowed pairs
change anything, a refusal is one short line (and audited), and no resident is ever sent a
phone number; then the same for volunteers' and people's commands, with delegated cadres
before and after their loan lapses and a revoked volunteer among the senders."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import load_config_text
from bot.privacy import holds_personal
from tests.harness import EXAMPLE, Bot, start_bot, stop_bot

CADRE, LEADER_HERE, LEADER_ELSEWHERE = "张书记", "王楼长", "赵楼长"
VOLUNTEER, RESIDENT, STRANGER = "小李", "3-2-501王姐", "路人甲"
SENDERS = [CADRE, LEADER_HERE, LEADER_ELSEWHERE, VOLUNTEER, RESIDENT, STRANGER]

# (command as sent privately, who may use it). Building 3 is 王楼长's; 5 is 赵楼长's.
COMMANDS = [
    ("/close", {CADRE}),
    ("/purchased 1", {CADRE}),
    ("/purchase_list 1", {CADRE}),
    ("/delivery_sheet 1", {CADRE}),
    ("/summary", {CADRE}),
    ("/cancel 2", {CADRE}),
    ("/answer 1 明天有", {CADRE}),
    ("/notice 3号楼 下午停水", {CADRE, LEADER_HERE}),
    ("/test 6:00-6:30 3号楼 东门", {CADRE, LEADER_HERE}),
    ("/take_help 求助1", {CADRE, LEADER_HERE}),
    ("/close_help 求助1", {CADRE, LEADER_HERE}),
]


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Bot]:
    text = (
        EXAMPLE.read_text("utf-8")
        .replace(
            'building_leaders = [{ id = "王楼长", buildings = ["3"] }]',
            'building_leaders = [{ id = "王楼长", buildings = ["3"] },'
            ' { id = "赵楼长", buildings = ["5"] }]',
        )
        .replace('path = "louzhang.db"', f'path = "{(tmp_path / "b.db").as_posix()}"')
    )
    harness = await start_bot(load_config_text(text, "matrix.toml"))
    await harness.say(f"@3号楼业主群 {RESIDENT}: 大米两袋")  # order #1
    await harness.app.db.write(lambda c: c.execute("UPDATE households SET phone = '13912345678'"))
    await harness.say(f"@3号楼业主群 {RESIDENT}: 老人要去透析")  # help #1
    await harness.say(f"@3号楼业主群 {RESIDENT}: 明天还有鸡蛋卖吗")  # question #1
    # A closed batch for the commands that need one, then order #2 in the next batch.
    await harness.say(f"@私聊 {CADRE}: /close")
    await harness.say(f"@3号楼业主群 {RESIDENT}: 鸡蛋一盒")
    yield harness
    await stop_bot(harness)


async def _state(bot: Bot) -> tuple[object, ...]:
    def read(c: sqlite3.Connection) -> list[Any]:
        return (
            c.execute("SELECT id, status FROM batches ORDER BY id").fetchall(),
            c.execute("SELECT id, status FROM orders ORDER BY id").fetchall(),
            c.execute("SELECT id, status, owner FROM help_requests").fetchall(),
            c.execute("SELECT id, status FROM questions").fetchall(),
            c.execute("SELECT COUNT(*) FROM notices").fetchone(),
            c.execute("SELECT COUNT(*) FROM outbox WHERE document IS NOT NULL").fetchone(),
            c.execute("SELECT COUNT(*) FROM audit_log WHERE action != 'refused'").fetchone(),
        )

    return tuple(
        tuple(map(tuple, x)) if isinstance(x, list) else tuple(x)
        for x in await bot.app.db.read(read)
    )


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize(("command", "allowed"), COMMANDS, ids=[c for c, _ in COMMANDS])
async def test_only_allowed_senders_change_anything(
    bot: Bot, command: str, allowed: set[str], sender: str
) -> None:
    before = await _state(bot)
    said = await bot.say(f"@私聊 {sender}: {command}")
    after = await _state(bot)
    if sender in allowed:
        assert after != before or command == "/summary", said
        assert not any(s.startswith(("这个命令只有", "您不负责")) for s in said)
    else:
        assert after == before, said
        assert len(said) == 1 and said[0].startswith(REFUSALS), said
    to_residents = [t for chat, t in bot.console.sent if chat in (RESIDENT, STRANGER)]
    assert not any(holds_personal(t) for t in to_residents)


async def test_a_building_leader_of_another_building_is_told_which_buildings(bot: Bot) -> None:
    said = await bot.say(f"@私聊 {LEADER_ELSEWHERE}: /notice 3号楼 下午停水")
    assert said == ["您不负责3号楼，不能操作。"]


# --- volunteers' and people's commands × every kind of sender ---------------------------------

DELEGATED, LAPSED, VOL_HERE, VOL_ELSEWHERE, REVOKED = "老陈", "老周", "小王", "小刘", "小赵"
PEOPLE = [
    CADRE,
    DELEGATED,
    LAPSED,
    LEADER_HERE,
    VOL_HERE,
    VOL_ELSEWHERE,
    REVOKED,
    RESIDENT,
    STRANGER,
]
FOR_3 = {CADRE, DELEGATED, LEADER_HERE, VOL_HERE}
# (command as sent privately, who may use it, whether it changes stored state)
STAFF_COMMANDS = [
    ("/claim 1", FOR_3, True),
    ("/claim 求助1", FOR_3, True),
    ("/claim 3号楼", FOR_3, True),
    ("/open_work 3号楼", FOR_3, False),
    ("/route", FOR_3 | {VOL_ELSEWHERE}, False),
    ("/close_help 求助1", {CADRE, DELEGATED, LEADER_HERE}, True),
    ("/invite 志愿者 3号楼", {CADRE, DELEGATED}, True),
    ("/invite 干部", {CADRE}, True),
    (f"/delegate {STRANGER} 志愿者 1天", {CADRE, DELEGATED}, True),
    ("/revoke 小钱", {CADRE, DELEGATED}, True),
    ("/members", {CADRE, DELEGATED, LEADER_HERE}, False),
]
REFUSALS = ("这个命令只有", "您不负责", "求助#1 不在您的认领里")


async def _join(bot: Bot, name: str) -> None:
    (said,) = await bot.say(f"@私聊 {CADRE}: 邀请 志愿者 3号楼")
    code = said.split("：", 1)[0].removeprefix("邀请码 ")
    await bot.say(f"@私聊 {name}: /join {code}")


@pytest.fixture
async def staffed(tmp_path: Path) -> AsyncIterator[Bot]:
    text = (
        EXAMPLE.read_text("utf-8")
        .replace(
            'volunteers = ["小李", { id = "小王", buildings = ["3", "5"] }]',
            'volunteers = [{ id = "小王", buildings = ["3"] }, { id = "小刘", buildings = ["5"] }]',
        )
        .replace('path = "louzhang.db"', f'path = "{(tmp_path / "b.db").as_posix()}"')
    )
    harness = await start_bot(load_config_text(text, "matrix.toml"))
    await harness.say(f"@3号楼业主群 {RESIDENT}: 大米两袋")  # order #1
    await harness.app.db.write(lambda c: c.execute("UPDATE households SET phone = '13912345678'"))
    await harness.say(f"@3号楼业主群 {RESIDENT}: 老人要去透析")  # help #1
    for name in (DELEGATED, LAPSED, STRANGER):
        await harness.say(f"@3号楼业主群 {name}: 大家好")
    await harness.say(f"@私聊 {CADRE}: /close")
    await harness.say(f"@私聊 {CADRE}: /purchased")
    await harness.say(f"@私聊 {CADRE}: 授权 {DELEGATED} 干部 1天")
    await harness.say(f"@私聊 {CADRE}: 授权 {LAPSED} 干部 1小时")
    await _join(harness, REVOKED)
    await _join(harness, "小钱")
    await harness.say(f"@私聊 {CADRE}: 撤销 {REVOKED}")
    harness.at("09:30")  # 老周's hour is over; 老陈's day is not
    yield harness
    await stop_bot(harness)


async def _staff_state(bot: Bot) -> tuple[object, ...]:
    def read(c: sqlite3.Connection) -> list[Any]:
        return [
            c.execute("SELECT id, status, volunteer FROM orders ORDER BY id").fetchall(),
            c.execute("SELECT id, status, owner FROM help_requests ORDER BY id").fetchall(),
            c.execute(
                "SELECT user_id, role, buildings, lent_role, lent_until FROM members"
                " ORDER BY user_id"
            ).fetchall(),
            c.execute("SELECT COUNT(*) FROM invites").fetchall(),
        ]

    return tuple(tuple(map(tuple, x)) for x in await bot.app.db.read(read))


@pytest.mark.parametrize("sender", PEOPLE)
@pytest.mark.parametrize(
    ("command", "allowed", "changes"), STAFF_COMMANDS, ids=[c for c, _, _ in STAFF_COMMANDS]
)
async def test_volunteers_and_peoples_commands_obey_roles_buildings_loans_and_revocation(
    staffed: Bot, command: str, allowed: set[str], changes: bool, sender: str
) -> None:
    bot = staffed
    before = await _staff_state(bot)
    said = await bot.say(f"@私聊 {sender}: {command}")
    after = await _staff_state(bot)
    if sender in allowed:
        assert not any(s.startswith(REFUSALS) for s in said), said
        assert (after != before) is changes, said
    else:
        assert after == before, said
        assert len(said) == 1 and said[0].startswith(REFUSALS), said
    to_residents = [t for chat, t in bot.console.sent if chat in (RESIDENT, STRANGER)]
    assert not any(holds_personal(t) for t in to_residents)
    groups = [t for chat, t in bot.console.sent if chat.endswith("群")]
    assert not any(holds_personal(t) for t in groups)
