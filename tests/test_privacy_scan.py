"""A morning full of personal data, run through `louzhang run -v` as a user would: no
phone number (in any written form), ID number, health detail or medicine may appear in
a group message or a log line. Private chats to duty and the resident may carry them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.privacy import holds_personal
from tests.harness import EXAMPLE

PHONES = [
    "13912345678",
    "139-1234-5678",
    "139 1234 5678",
    "+86 139 1234 5678",
    "+8613912345678",
    "0086-139-1234-5678",
    "１３９１２３４５６７８",
    "139.1234.5678",
    "021-64381234",
]
ID_NUMBER = "310104198805162417"
HEALTH = ["透析", "发烧", "39度", "化疗", "胰岛素", "布洛芬", "抗原试剂", "连花清瘟", "阳了"]

LINES = [
    *(f"@3号楼业主群 3-2-50{i}住户: 老人发烧39度要去医院 电话{p}" for i, p in enumerate(PHONES)),
    f"@3号楼业主群 小明妈妈{PHONES[0]}: 我家水卡没水了",
    f"@3号楼业主群 王阿姨 {PHONES[2]}: 大米两袋",
    f"@3号楼业主群 3-1-101: 我爸每周透析，身份证{ID_NUMBER}，明天要出门",
    "@3号楼业主群 3-1-102: 布洛芬1盒 抗原试剂2盒 大米一袋",
    "@3号楼业主群 3-1-103: 连花清瘟两盒，胰岛素一支",
    "@3号楼业主群 3-1-104: 阳了，家里没药了，帮我买点退烧药",
    "@3号楼业主群 3-1-105: 化疗病人需要出门就医",
    f"@5号楼群 5-1502 刘 {PHONES[1]}: 鸡蛋一盒",
    f"@5号楼群 张三{PHONES[6]}: 1号单到哪了",
    "@3号楼业主群 3-1-102: 1号到哪了",
    f"@私聊 3-1-106住户: 我电话{PHONES[3]}，要一袋米",
]


def _group_messages(stdout: str) -> list[str]:
    """Each message printed into a group chat, continuation lines included."""
    messages: list[str] = []
    in_group = False
    for line in stdout.splitlines():
        if line.startswith("["):
            label = line[1 : line.index("]")]
            in_group = not label.startswith("私聊")
            if in_group:
                messages.append(line)
        elif in_group and messages:
            messages[-1] += "\n" + line
    return messages


def test_no_personal_data_reaches_a_group_or_a_log_line(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        EXAMPLE.read_text("utf-8").replace(
            'path = "louzhang.db"', f'path = "{(tmp_path / "b.db").as_posix()}"'
        ),
        "utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "bot", "-v", "run", "--config", str(config)],
        input="\n".join(LINES) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    groups = _group_messages(out.stdout)
    # The scenario was answered, so there is something to scan.
    assert sum(g.count("\n") + 1 for g in groups) >= 10
    leaks = [g for g in groups if holds_personal(g) or any(h in g for h in HEALTH)]
    assert leaks == []
    logs = [ln for ln in out.stderr.splitlines() if holds_personal(ln)]
    assert logs == []
    # Duty still gets what it needs, privately: the phone the resident wrote.
    assert "13912345678" in out.stdout.split("[私聊 张书记]", 1)[1]
