"""SIGKILL at random points, live and in a replay: nothing acknowledged is lost, nothing
is stored twice, what was queued is sent after the restart, and the file stays sound.
Larger runs: benchmarks/crash_bench.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import crash_rig

N = 2000
KILLS = 3


@pytest.mark.parametrize("mode", ["live", "replay"])
def test_killed_at_random_points_the_bot_loses_and_doubles_nothing(
    tmp_path: Path, mode: str
) -> None:
    lines = crash_rig.scenario(N, seed=11)
    config = crash_rig.write_config(tmp_path)
    run = crash_rig.run_live if mode == "live" else crash_rig.run_replay
    outcome = run(config, lines, KILLS, seed=5)
    result = crash_rig.check(config, lines, outcome)
    assert outcome.kills == KILLS
    # Every line is stored exactly once, however often it was fed.
    keys = [(ln.chat, ln.sender, ln.text) for ln in lines]
    assert [k for k in keys if result.stored_lines[k] != 1] == []
    # Every order line became exactly one order; nothing acknowledged is missing.
    senders = crash_rig.order_senders(lines)
    assert result.orders == len(senders)
    assert [s for s in senders if result.orders_per_sender[s] != 1] == []
    assert result.acknowledged and result.missing_acknowledged == []
    assert result.unsent == 0
    assert result.integrity == "ok"
