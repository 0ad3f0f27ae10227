"""`louzhang import` (bot/cli_import.py, handlers/importing.py): all or nothing, a report,
re-imports that add nothing, and imported rows that flow like chat ones."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli_errors import CliError
from bot.cli_import import run_import
from bot.config import Config
from tests.harness import example_config, start_bot, stop_bot

ROSTER = (
    "楼号,单元,房号,姓名,电话,人数,备注\n"
    "3,2,501,王秀英,13912345678,1,独居老人\n"
    "3,2,502,周,13812345678,3,\n"
    "3,2,503,李,139-12,2,\n"
)
ORDERS = (
    "序号,收货人,联系电话,收货地址,商品,订购数量,支付状态\n"
    "1,王,13912345678,3号楼2单元501,蔬菜包,2,已支付\n"
    "2,赵,13700001111,10-2-301,蔬菜包,1,已支付\n"
    "合计,,,,,3,\n"
)


QUERIES = {
    "households": "SELECT count(*) FROM households",
    "orders": "SELECT count(*) FROM orders",
    # Seeding config's roles at start is audited too; only the imports count here.
    "audit_log": "SELECT count(*) FROM audit_log WHERE action LIKE 'import%'",
}


def _count(config: Config, table: str) -> int:
    """Rows in a table; 0 when nothing ever created the database's tables."""
    if not Path(config.database.path).exists():
        return 0
    with sqlite3.connect(config.database.path) as db:
        try:
            return int(db.execute(QUERIES[table]).fetchone()[0])
        except sqlite3.OperationalError:
            return 0


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return example_config(tmp_path / "b.db")


async def _import(config: Config, kind: str, path: Path, **kw: object) -> tuple[str, int]:
    options = {"sheet": None, "batch": None, "dry_run": False, "skip_bad": False, **kw}
    return await run_import(config, kind, path, **options)  # type: ignore[arg-type]


async def test_a_file_with_a_bad_row_commits_nothing_unless_told_to_skip_it(
    config: Config, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, "utf-8")
    report, code = await _import(config, "households", path)
    assert code == 2
    assert "roster row 4, column E (电话): '139-12' (not a phone number)" in report
    assert "nothing imported" in report
    assert _count(config, "households") == 0
    report, code = await _import(config, "households", path, skip_bad=True)
    assert code == 0
    assert "households: 2 created, 0 updated" in report and "bad rows: 1 (left out)" in report
    assert _count(config, "households") == 2


async def test_a_dry_run_reports_the_same_and_writes_nothing(
    config: Config, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER.replace("139-12", ""), "utf-8")
    dry, code = await _import(config, "households", path, dry_run=True)
    assert code == 0 and dry.endswith("dry run: nothing was written")
    assert _count(config, "households") == 0 and _count(config, "audit_log") == 0
    real, code = await _import(config, "households", path)
    assert code == 0
    assert real.splitlines()[:2] == dry.splitlines()[:2]
    again, _ = await _import(config, "households", path)
    assert "households: 0 created, 3 updated" in again


async def test_re_importing_an_export_adds_nothing(config: Config, tmp_path: Path) -> None:
    path = tmp_path / "jielong.csv"
    path.write_text(ORDERS, "utf-8")
    first, code = await _import(config, "orders", path)
    assert code == 0 and "orders: 2 created in batch #1" in first
    second, _ = await _import(config, "orders", path)
    assert "orders: 0 created in batch #1" in second and "2 imported before" in second
    assert _count(config, "orders") == 2


async def test_imported_households_and_orders_flow_like_chat_ones(
    config: Config, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER.replace("139-12", ""), "utf-8")
    orders = tmp_path / "jielong.csv"
    orders.write_text(ORDERS, "utf-8")
    await _import(config, "households", roster)
    await _import(config, "orders", orders)
    bot = await start_bot(config)
    try:
        await bot.say("@私聊 张书记: 截单")
        await bot.say("@私聊 张书记: 已采购")
        # The roster's phone and flags reach the claiming volunteer, privately.
        assert await bot.say("@私聊 小李: 认领 1") == [
            "已认领 #1 3-2-501：蔬菜包2份 ☎13912345678（独居老人）"
        ]
        assert (await bot.say("@私聊 小李: 认领 2"))[0].startswith(
            "已认领 #2 10-2-301：蔬菜包1份 ☎137"
        )
        files = await bot.say("@私聊 张书记: 采购单")
        assert files[0].startswith("[采购单-批次1.xlsx]")
        await bot.say("@私聊 小李: 送达 1")
        status = await bot.say("@3号楼业主群 3-2-501王秀英: 1号到哪了")
        assert status[0].startswith("#1 3-2-501 蔬菜包2份：已于今天")
    finally:
        await stop_bot(bot)


async def test_an_order_export_joins_the_batch_asked_for_and_not_a_purchased_one(
    config: Config, tmp_path: Path
) -> None:
    path = tmp_path / "jielong.csv"
    path.write_text(ORDERS, "utf-8")
    with pytest.raises(CliError, match="--batch 7: no such batch"):
        await _import(config, "orders", path, batch=7)
    assert _count(config, "orders") == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.pdf", b"%PDF-1.4", "expected an .xlsx or .csv file"),
        ("x.csv", b"", "the file is empty"),
        ("x.csv", "姓名,电话\n王,1\n".encode(), "missing columns 楼号+房号 or 地址"),
    ],
)
def test_a_file_that_cannot_be_imported_gets_one_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    cfg = Path(__file__).resolve().parents[1] / "config.example.toml"
    text = cfg.read_text("utf-8").replace(
        'path = "louzhang.db"', f'path = "{(tmp_path / "b.db").as_posix()}"'
    )
    (tmp_path / "c.toml").write_text(text, "utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "bot", "import", "households", str(path), "--config", "c.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert message in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert (
        not (tmp_path / "b.db").exists()
        or _count(example_config(tmp_path / "b.db"), "households") == 0
    )
