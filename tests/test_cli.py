"""The `louzhang` command as a user runs it: replay, console on a pipe, db, bad input."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.privacy import holds_personal
from tests.harness import EXAMPLE

PY = sys.executable


def _config(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'path = "louzhang.db"', f'path = "{(tmp_path / "bot.db").as_posix()}"'
    )
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        [PY, "-m", "bot", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql))


def test_replay_stores_messages_in_inbox_and_replies_in_outbox(tmp_path: Path) -> None:
    replay = tmp_path / "morning.txt"
    replay.write_text(
        "# a quiet morning\n"
        "08:00 @3号楼业主群 3-2-501王姐: 大米两袋\n"
        "\n"
        "08:01 @3号楼业主群 3-1-302李: 鸡蛋一盒\n"
        "08:02 @私聊 张书记: 你好\n",
        encoding="utf-8",
    )
    out = _run("run", "--config", str(_config(tmp_path)), "--replay", str(replay), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "[3号楼业主群] 已记录 3-2-501：大米2袋，单号#1，今天12:00截单。" in out.stdout
    db = tmp_path / "bot.db"
    assert [r[0] for r in _rows(db, "SELECT text FROM inbox ORDER BY id")] == [
        "大米两袋",
        "鸡蛋一盒",
        "你好",
    ]
    sent = _rows(db, "SELECT chat_id, sent_at IS NOT NULL FROM outbox ORDER BY id")
    # The two acknowledgements, then the rest of the day's jobs (the 12:00 cut-off's
    # post, its lists, the nightly review): everything sent.
    assert sent[:2] == [("3号楼业主群", 1), ("3号楼业主群", 1)]
    assert all(done for _, done in sent)
    assert "[3号楼业主群] 3号楼本轮截单：共2单" in out.stdout
    assert "[私聊 张书记] 【回头看】" in out.stdout


def test_malformed_replay_line_names_the_line_and_stores_nothing(tmp_path: Path) -> None:
    replay = tmp_path / "bad.txt"
    replay.write_text("08:00 @3号楼业主群 3-2-501王姐: 大米两袋\n大米两袋 no chat\n", "utf-8")
    out = _run("run", "--config", str(_config(tmp_path)), "--replay", str(replay), cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0
    assert "bad.txt:2:" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "bot.db").exists()


def test_console_on_a_pipe_answers_a_line(tmp_path: Path) -> None:
    out = _run(
        "run",
        "--config",
        str(_config(tmp_path)),
        cwd=tmp_path,
        stdin="@3号楼业主群 3-2-501王姐: 鸡蛋一盒\n",
    )
    assert out.returncode == 0, out.stderr
    # Sent once: the live sender and the end-of-input drain must not both send it.
    assert out.stdout.count("[3号楼业主群] 已记录 3-2-501：鸡蛋1盒，单号#1") == 1


def test_run_without_config_uses_the_example_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "config.example.toml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    out = _run("run", cwd=tmp_path, stdin="@5号楼群 5栋1502: 土豆三斤\n")
    assert out.returncode == 0, out.stderr
    assert "[5号楼群] 已记录 5-1502：土豆3斤" in out.stdout
    assert (tmp_path / "louzhang.db").exists()


def test_unknown_option_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = _run("run", "--colour", "red", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "--colour" in out.stderr


def test_bad_config_is_one_line_naming_file_field_value(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[compound]\nname = "x"\ncutoffs = ["noon"]\n', "utf-8")
    out = _run("run", "--config", str(bad), cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr == f"louzhang: {bad}: compound.cutoffs[0] = 'noon': " + (
        "expected a time as HH:MM, such as 12:00\n"
    )


def test_unwritable_database_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    text = (
        _config(tmp_path)
        .read_text("utf-8")
        .replace((tmp_path / "bot.db").as_posix(), (tmp_path / "no" / "such" / "bot.db").as_posix())
    )
    cfg = tmp_path / "c2.toml"
    cfg.write_text(text, "utf-8")
    out = _run("db", "migrate", "--config", str(cfg), cwd=tmp_path)
    assert out.returncode == 2
    assert "database.path" in out.stderr and "Traceback" not in out.stderr


def test_db_migrate_then_backup_makes_a_usable_copy(tmp_path: Path) -> None:
    cfg = str(_config(tmp_path))
    assert _run("db", "migrate", "--config", cfg, cwd=tmp_path).returncode == 0
    out = _run("db", "backup", str(tmp_path / "copy.db"), "--config", cfg, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    tables = {r[0] for r in _rows(tmp_path / "copy.db", "SELECT name FROM sqlite_master")}
    assert {"orders", "inbox", "outbox", "schema_migrations"} <= tables


def test_readme_example_morning_replays_without_errors(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "morning.txt"
    out = _run("run", "--config", str(_config(tmp_path)), "--replay", str(example), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert "[私聊 张书记] 【紧急求助#1】就医 3-2-1202" in out.stdout
    assert "已取消 #1（3-2-501）。" in out.stdout
    assert "#4 已截单，不能取消" in out.stdout
    db = tmp_path / "bot.db"
    unsent = _rows(db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
    assert unsent == [(0,)]


def test_a_replay_run_again_after_a_crash_stores_nothing_twice(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "morning.txt"
    config = str(_config(tmp_path))
    first = _run("run", "--config", config, "--replay", str(example), cwd=tmp_path)
    again = _run("run", "--config", config, "--replay", str(example), cwd=tmp_path)
    assert first.returncode == again.returncode == 0, again.stderr
    db = tmp_path / "bot.db"
    orders_once = _rows(db, "SELECT COUNT(*) FROM orders")[0][0]
    assert orders_once == 11
    assert again.stdout == ""  # everything was stored and sent the first time


def test_a_byte_that_is_not_utf8_on_the_console_is_replaced_and_the_line_handled(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    out = subprocess.run(
        [PY, "-m", "bot", "run", "--config", str(_config(tmp_path))],
        cwd=tmp_path,
        input="@3号楼业主群 3-2-501王姐: 大米\udcff两袋\n@3号楼业主群 3-2-502: 鸡蛋一盒\n".encode(
            "utf-8", "surrogateescape"
        ),
        capture_output=True,
        timeout=60,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")
    # Both acknowledged (alone or merged, as timing has it) and both stored.
    assert "3-2-501" in text and "大米2袋" in text and "3-2-502" in text and "鸡蛋1盒" in text
    assert _rows(tmp_path / "bot.db", "SELECT COUNT(*) FROM orders") == [(2,)]
    assert out.stderr == b""


def test_a_busy_morning_replay_answers_requests_and_leaves_chatter_alone(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "busy_morning.txt"
    out = _run("run", "--config", str(_config(tmp_path)), "--replay", str(example), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    group = [ln for ln in out.stdout.splitlines() if ln.startswith("[3号楼业主群]")]
    said = "\n".join(group)
    # Chatter, offers, thanks, jokes, complaints and appeals get nothing.
    for quiet in ("3-1-201", "3-1-301", "3-2-601", "3-2-702", "3-1-602", "3-1-102"):
        assert quiet not in said
    assert "已转给干部" not in said
    for expected in (
        "已记录 3-2-501：大米2袋、鸡蛋1盒、酱油1瓶，单号#1",
        "已记录过 #1",
        '要从 #1 去掉 酱油1瓶 吗？回复"确认"',
        "已修改 #1（3-2-501）：大米2袋、鸡蛋1盒。",
        "已修改 #2（3-1-502）：面粉3袋。",
        "3-2-1202的求助已收到（#1）",
        "已记录 3-1-701：大米1袋、药品2项，单号#3",
        "已记录 3-1-402：大米1袋，单号#5，今天18:00截单。",
    ):
        assert expected in said
    assert "下一轮配送" in said  # 菜什么时候送？ from a household with no order
    # 13 answers, and each cut-off's count: the replay runs the rest of the day.
    assert "3号楼本轮截单：共4单，预计今天14:00送达。下次截单今天18:00。" in said
    assert "3号楼本轮截单：共1单，预计今天20:00送达。下次截单明天12:00。" in said
    assert len(group) == 15
    assert "【待回复问题#1】3号楼业主群 3-2-601孙：明天还有鸡蛋卖吗" in out.stdout


def test_export_and_notice_from_the_terminal(tmp_path: Path) -> None:
    import openpyxl

    config = str(_config(tmp_path))
    lines = (
        "@3号楼业主群 3-2-501王姐: 大米两袋 鸡蛋一盒\n"
        "@5号楼群 5-1502刘: 大米一袋\n"
        "@私聊 张书记: 截单\n"
    )
    assert _run("run", "--config", config, cwd=tmp_path, stdin=lines).returncode == 0
    out = _run("export", "purchase", "--config", config, "--out", "p.xlsx", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("p.xlsx: batch 1 (closed), 2 orders")
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["采购单"]
    assert [c.value for c in sheet[2]][:3] == ["大米", "袋", 3]
    out = _run(
        "export", "delivery", "--public", "--config", config, "--out", "d.xlsx", cwd=tmp_path
    )
    assert out.returncode == 0
    assert openpyxl.load_workbook(tmp_path / "d.xlsx").sheetnames == ["3号楼", "5号楼"]
    bad = _run(
        "export", "delivery", "--format", "csv", "--config", config, "--out", "d.csv", cwd=tmp_path
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--format csv" in bad.stderr
    missing = _run(
        "export", "purchase", "--batch", "9", "--config", config, "--out", "x", cwd=tmp_path
    )
    assert missing.returncode == 2 and "--batch 9: no such batch" in missing.stderr
    queued = _run("notice", "--to", "3-5", "下午3点东门取菜", "--config", config, cwd=tmp_path)
    assert queued.returncode == 0 and "queued for 2 group chats" in queued.stdout
    sent = _run("run", "--config", config, cwd=tmp_path, stdin="")
    assert "[3号楼业主群] 【通知】下午3点东门取菜" in sent.stdout
    assert "[5号楼群] 【通知】下午3点东门取菜" in sent.stdout


def test_a_cadres_day_replay_produces_the_lists(tmp_path: Path) -> None:
    import openpyxl

    example = Path(__file__).resolve().parents[1] / "examples" / "cadre_day.txt"
    out = _run("run", "--config", str(_config(tmp_path)), "--replay", str(example), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    for expected in (
        "【核酸】今天 07:00-07:30 3号楼 东门",
        "【通知】今天上午9点起分批下楼取菜，请戴好口罩",
        "3号楼今天核酸：07:00-07:30 东门。",
        "回复3-2-601孙（问：明天还有鸡蛋卖吗）：明天上午有鸡蛋，每户限两盒",
        "已截单：批次#1（原定今天12:00），共3单。",
        "单号#4，今天18:00截单。",
    ):
        assert expected in out.stdout
    files = tmp_path / "louzhang-files"
    purchase = openpyxl.load_workbook(files / "采购单-批次1.xlsx")["采购单"]
    assert [c.value for c in purchase[2]] == ["大米", "袋", 2, 2, None, None, 1, None]
    delivery = openpyxl.load_workbook(files / "配送单-批次1.xlsx")
    assert delivery.sheetnames == ["3号楼", "5号楼", "10号楼"]


def test_a_buildings_day_replay_goes_from_order_to_confirmation(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "volunteer_day.txt"
    config = _config(tmp_path)
    out = _run("run", "--config", str(config), "--replay", str(example), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    for expected in (
        "#7 3-2-501 大米2袋、鸡蛋1盒：已截单，正在采购。",
        "#7 3-2-501 大米2袋、鸡蛋1盒：已采购，等待配送。",
        "[私聊 小李] #7 已由小王认领。",
        "已放弃 #9，可由别人认领。",
        "#7 3-2-501 大米2袋、鸡蛋1盒：志愿者已认领，正在配送。",
        '#6 #10 #11 #12 已送达，收到请回复"收到"',
        '#7 #8 已送达，收到请回复"收到"',
        "#7 已确认收到，谢谢！",
        '#2 3-1-302 挂面2把：已于今天10:30送达，收到请回复"收到"。',
        "上批批次#1（今天12:00，已采购）：已确认3、已送达9",
    ):
        assert expected in out.stdout, expected
    # Every order delivered by the one who claimed it; no phone reached the group.
    db = sqlite3.connect(tmp_path / "bot.db")
    rows = db.execute("SELECT id, status, volunteer FROM orders ORDER BY id").fetchall()
    assert len(rows) == 12 and all(status in ("delivered", "confirmed") for _, status, _ in rows)
    assert {v for _, _, v in rows} == {"小李", "小王"}
    assert dict((i, v) for i, _, v in rows)[9] == "小李"
    group = [ln for ln in out.stdout.splitlines() if ln.startswith("[3号楼业主群]")]
    assert group and not any(holds_personal(ln) for ln in group)


def test_a_day_on_the_clock_replays_its_jobs_in_order(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "clock_day.txt"
    out = _run("run", "--config", str(_config(tmp_path)), "--replay", str(example), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    expected = [
        "[3号楼业主群] 【核酸提醒】06:30-07:00 3号楼 东门排队，30分钟后开始",
        "[私聊 张书记] 【催办】求助#1 就医 3-2-1201，已5分钟无人接手。",
        "[私聊 张书记] 【催办】求助#1 就医 3-2-1201，已10分钟无人接手。",
        "[3号楼业主群] 【每日提醒】请大家在家等候，不要下楼聚集",
        "[私聊 张书记] 【催办】问题#1已30分钟未回复：明天还有鸡蛋卖吗",
        "[3号楼业主群] 3号楼本轮截单：共1单，预计今天14:00送达。下次截单今天18:00。",
        "[私聊 小王] 14:00 配送出发（东门中转站）：您在3号楼有1单待送。",
        "[私聊 张书记] 【回头看】4月10日",
        "[私聊 张书记] 【回头看】4月11日",
    ]
    positions = [out.stdout.find(line) for line in expected]
    assert -1 not in positions, [e for e, p in zip(expected, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert out.stdout.count("本轮截单") == 2  # 12:00 only, on each building with orders


def test_parse_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    case = '{"id": "x", "text": "大米两袋", "sender": "3-2-501", "chat": "3号楼"}\n'
    corpus.write_text(case * 20000, "utf-8")
    shell = f"{PY} -m bot parse < {corpus} | head -1"
    out = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    assert out.stdout.count("\n") == 1
    assert "Traceback" not in out.stderr and out.stderr == ""
