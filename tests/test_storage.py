"""Storage: migrations once and in order, clear errors for unusable paths, backups."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.messages import IncomingMessage
from storage import inbox
from storage.db import Database, Migration, StorageError, bundled_migrations, open_database

NOW = datetime(2026, 4, 10, 0, 0, tzinfo=UTC)


def _msg(message_id: str = "m1", text: str = "大米两袋") -> IncomingMessage:
    return IncomingMessage(
        platform="console",
        chat_id="3号楼业主群",
        chat_title="3号楼业主群",
        chat_kind="group",
        message_id=message_id,
        sender_id="王姐",
        sender_name="3-2-501王姐",
        text=text,
        received_at=NOW,
    )


async def test_migrations_applied_twice_are_a_no_op(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    first = await db.migrate()
    second = await db.migrate()
    assert first == [m.name for m in bundled_migrations()]
    assert second == []
    assert await db.schema_version() == bundled_migrations()[-1].version
    await db.close()


async def test_migrations_apply_in_number_order(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    later = Migration(3, "0003_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);")
    earlier = Migration(2, "0002_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
    assert await db.migrate([earlier, later]) == ["0002_a.sql", "0003_b.sql"]
    await db.close()


async def test_failing_migration_leaves_nothing_half_applied(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    broken = Migration(1, "0001_x.sql", "CREATE TABLE x (id INTEGER);\nCREATE TABLE x (id INT);")
    with pytest.raises(sqlite3.Error):
        await db.migrate([broken])
    tables = await db.conn.execute_fetchall("SELECT name FROM sqlite_master WHERE name = 'x'")
    assert list(tables) == []
    assert await db.schema_version() == 0
    await db.close()


async def test_database_settings_are_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "a.db")
    mode = next(iter(await db.conn.execute_fetchall("PRAGMA journal_mode")))[0]
    fk = next(iter(await db.conn.execute_fetchall("PRAGMA foreign_keys")))[0]
    busy = next(iter(await db.conn.execute_fetchall("PRAGMA busy_timeout")))[0]
    assert (mode, fk, busy) == ("wal", 1, 5000)
    await db.close()


async def test_database_in_read_only_directory_gives_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores directory modes; /proc refuses new files to everyone.
        target = Path("/proc/louzhang-test.db")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        target = ro / "bot.db"
    with pytest.raises(StorageError, match=r"database\.path = '.*louzhang-test\.db'|bot\.db'"):
        await open_database(target)


async def test_database_in_missing_folder_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=r"folder .*missing.* does not exist"):
        await open_database(tmp_path / "missing" / "bot.db")


async def test_same_message_is_stored_once(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "a.db")
    first, again, other = await db.write(
        lambda conn: (
            inbox.insert(conn, _msg()),
            inbox.insert(conn, _msg()),
            inbox.insert(conn, _msg("m2")),
        )
    )
    assert first is not None and other is not None and again is None
    assert await db.read(inbox.count) == 2
    await db.close()


async def test_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "a.db")
    with pytest.raises(RuntimeError):

        def work(conn: sqlite3.Connection) -> None:
            inbox.insert(conn, _msg())
            raise RuntimeError("handler bug")

        await db.write(work)
    assert await db.read(inbox.count) == 0
    await db.close()


async def test_backup_is_a_consistent_copy_while_open(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "a.db")
    await db.write(lambda conn: inbox.insert(conn, _msg()))
    await db.backup(tmp_path / "copy.db")
    copy = await open_database(tmp_path / "copy.db")
    assert await copy.read(inbox.count) == 1
    await copy.close()
    with pytest.raises(StorageError, match="file exists"):
        await db.backup(tmp_path / "copy.db")
    await db.close()


async def test_write_runs_on_the_connections_own_thread_in_one_transaction(
    tmp_path: Path,
) -> None:
    """Pins the aiosqlite seam `Database.write` relies on: work runs where the connection
    lives (sqlite3 would refuse another thread) and inside a transaction."""
    import threading

    db = await open_database(tmp_path / "a.db")
    here = threading.get_ident()

    def work(conn: sqlite3.Connection) -> tuple[int, bool]:
        return threading.get_ident(), conn.in_transaction

    thread, in_tx = await db.write(work)
    assert thread != here and in_tx
    assert not db.conn.in_transaction
    await db.close()


async def test_batches_rebuilt_by_a_migration_keep_their_orders(tmp_path: Path) -> None:
    """0002 rebuilds `batches`, which orders refer to: ids, rows and references survive."""
    first, *rest = bundled_migrations()
    db = await Database.open(tmp_path / "old.db")
    await db.migrate([first])

    def old_rows(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO compounds (id, name) VALUES (1, '金岸')")
        conn.execute(
            "INSERT INTO batches (id, compound_id, cutoff_at, status, created_at)"
            " VALUES (7, 1, '2026-04-10T04:00:00+00:00', 'closed', 'x')"
        )
        conn.execute(
            "INSERT INTO households (id, compound_id, building, unit, room, created_at)"
            " VALUES (1, 1, '3', '2', '501', 'x')"
        )
        conn.execute(
            "INSERT INTO orders (id, batch_id, household_id, created_at, updated_at)"
            " VALUES (1, 7, 1, 'x', 'x')"
        )

    await db.write(old_rows)
    assert await db.migrate(rest) == [m.name for m in rest]
    rows = await db.read(
        lambda c: c.execute(
            "SELECT o.id, b.id, b.status FROM orders o JOIN batches b ON b.id = o.batch_id"
        ).fetchall()
    )
    assert [tuple(r) for r in rows] == [(1, 7, "closed")]
    await db.write(lambda c: c.execute("UPDATE batches SET status = 'purchased' WHERE id = 7"))
    with pytest.raises(sqlite3.IntegrityError):  # references are enforced again afterwards
        await db.write(lambda c: c.execute("DELETE FROM batches WHERE id = 7"))
    await db.close()


async def _filled(path: Path, rows: int = 400) -> None:
    db = await open_database(path)
    for i in range(rows):
        await db.write(lambda c, i=i: inbox.insert(c, _msg(f"m{i}", "大米两袋" * 20), None))
    await db.close()


async def test_a_damaged_database_is_refused_at_start_naming_the_file_and_the_way_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.db"
    await _filled(path)
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = b"\xff" * page
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError, match=r"bot\.db': the file is damaged .*louzhang db backup"):
        await open_database(path)


async def test_an_empty_file_that_exists_is_refused_not_taken_as_new(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    path.write_bytes(b"")
    with pytest.raises(StorageError, match=r"exists but is empty \(0 bytes\)"):
        await open_database(path)


async def test_a_backup_is_checked_and_a_damaged_source_writes_no_copy(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await _filled(path, 10)
    db = await open_database(path)
    await db.backup(tmp_path / "good.db")
    copy = sqlite3.connect(tmp_path / "good.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()

    async def damaged() -> str:
        return "row 3 missing from index"

    db.check = damaged  # type: ignore[method-assign]
    with pytest.raises(StorageError, match=r"damaged .*no backup was written"):
        await db.backup(tmp_path / "bad.db")
    assert not (tmp_path / "bad.db").exists()
    await db.close()
