"""The SQLite connection (WAL, foreign keys, busy timeout), migrations, transactions, backup."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar

import aiosqlite

T = TypeVar("T")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class StorageError(Exception):
    """The database cannot be used; the message is for the person running the bot."""


# A migration that rebuilds a table others refer to says so on a line of its own; SQLite
# can only switch foreign keys off outside a transaction (its documented 12-step rebuild).
_REBUILDS = "-- rebuilds-tables"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def rebuilds_tables(self) -> bool:
        return any(line.strip() == _REBUILDS for line in self.sql.splitlines())


def bundled_migrations() -> list[Migration]:
    found = []
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if len(set(versions)) != len(versions):
        raise StorageError(f"two migrations share a number: {versions}")
    return found


class Database:
    """One aiosqlite connection. Writes go through `transaction()`, one at a time."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        path = Path(path)
        if str(path) != ":memory:":
            parent = path.resolve().parent
            if not parent.is_dir():
                raise StorageError(f"database.path = '{path}': folder {parent} does not exist")
        if str(path) != ":memory:" and path.exists() and path.stat().st_size == 0:
            # SQLite would take it as a new database and order numbers would start at #1
            # again: an emptied file is more likely a failed copy than a new compound.
            raise StorageError(
                f"database.path = '{path}': the file exists but is empty (0 bytes); restore"
                " a backup over it, or delete it to start a new compound"
            )
        try:
            # Probed synchronously first: an unwritable path then fails here, at start,
            # rather than mid-order (and a failed aiosqlite connect leaves a thread behind).
            await asyncio.to_thread(_probe_writable, path)
            conn = await aiosqlite.connect(str(path), isolation_level=None)
        except sqlite3.Error as e:
            raise StorageError(f"database.path = '{path}': cannot open for writing: {e}") from None
        conn.row_factory = aiosqlite.Row
        db = cls(conn, path)
        try:
            await db._configure()
            problem = await db.check()
        except sqlite3.DatabaseError as e:
            if "malformed" not in str(e) and "not a database" not in str(e):
                await conn.close()
                raise StorageError(f"database.path = '{path}': cannot use it: {e}") from None
            problem = str(e)
        if problem is not None:
            await conn.close()
            raise StorageError(
                f"database.path = '{path}': the file is damaged ({problem}); stop the bot and"
                " copy the latest `louzhang db backup` over it"
            )
        return db

    async def check(self) -> str | None:
        """SQLite's quick_check: None when the file is sound, else its first complaint."""
        rows = await self.conn.execute_fetchall("PRAGMA quick_check(1)")
        first = str(next(iter(rows))[0]) if rows else "ok"
        # One line for the person starting the bot: SQLite's report spans several.
        return (
            None
            if first == "ok"
            else " ".join(first.replace("*** in database main ***", "").split())
        )

    async def _configure(self) -> None:
        # WAL lets `db backup` and readers run while the bot writes; NORMAL is durable
        # across application crashes, which is the failure this bot meets in practice.
        await self.conn.execute("PRAGMA journal_mode=WAL")
        await self.conn.execute("PRAGMA synchronous=NORMAL")
        await self.conn.execute("PRAGMA foreign_keys=ON")
        await self.conn.execute("PRAGMA busy_timeout=5000")

    async def close(self) -> None:
        await self.conn.close()

    async def migrate(self, migrations: list[Migration] | None = None) -> list[str]:
        """Apply the migrations not yet applied, each in its own transaction. Returns names."""
        migrations = bundled_migrations() if migrations is None else migrations
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        rows = await self.conn.execute_fetchall("SELECT version FROM schema_migrations")
        done = {int(r[0]) for r in rows}
        applied = []
        for mig in migrations:
            if mig.version in done:
                continue
            if mig.rebuilds_tables:
                await self.conn.execute("PRAGMA foreign_keys=OFF")
            try:
                await self._apply(mig)
            finally:
                await self.conn.execute("PRAGMA foreign_keys=ON")
            applied.append(mig.name)
        return applied

    async def _apply(self, mig: Migration) -> None:
        async with self.transaction():
            # executescript would commit on its own; statements go one by one instead
            # so a failing migration leaves nothing behind.
            for statement in _split_sql(mig.sql):
                await self.conn.execute(statement)
            broken = await self.conn.execute_fetchall("PRAGMA foreign_key_check")
            if broken:
                raise sqlite3.IntegrityError(f"{mig.name} leaves rows whose references broke")
            await self.conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                (mig.version, mig.name),
            )

    async def schema_version(self) -> int:
        rows = await self.conn.execute_fetchall("SELECT MAX(version) FROM schema_migrations")
        value = next(iter(rows))[0]
        return int(value) if value is not None else 0

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one transaction (BEGIN IMMEDIATE .. COMMIT, ROLLBACK on error).

        The whole unit runs on the connection's own thread in one hop: a message's inbox
        row, its order and its queued reply cost one thread round trip, not one per
        statement, which is what makes the bot keep up with a burst before a cut-off.
        """
        async with self._write_lock:
            # aiosqlite's own way to run a callable on its thread; pinned by a test.
            result: T = await self.conn._execute(_in_transaction, self.conn._conn, work)  # type: ignore[no-untyped-call]
            return result

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run read-only `work` on the connection's thread."""
        result: T = await self.conn._execute(work, self.conn._conn)  # type: ignore[no-untyped-call]
        return result

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT around async statements (migrations)."""
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    async def backup(self, target: Path) -> None:
        """A consistent copy through SQLite's online backup API, safe while the bot runs."""
        target = Path(target)
        if not target.resolve().parent.is_dir():
            raise StorageError(f"backup path '{target}': folder does not exist")
        if target.exists():
            raise StorageError(f"backup path '{target}': file exists, choose a new name")
        problem = await self.check()
        if problem is not None:
            raise StorageError(
                f"database.path = '{self.path}': the file is damaged ({problem}); no backup"
                " was written"
            )
        dest = await aiosqlite.connect(str(target))
        try:
            await self.conn.backup(dest)
            rows = await dest.execute_fetchall("PRAGMA integrity_check(1)")
            copied = str(next(iter(rows))[0]) if rows else "ok"
        finally:
            await dest.close()
        if copied != "ok":
            target.unlink(missing_ok=True)
            raise StorageError(f"backup path '{target}': the copy failed its check ({copied})")


def _in_transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
    except BaseException:
        # SQLite rolls back by itself on a full disk or an I/O error; the error that did
        # it is the one to raise, not "no transaction is active".
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


SavepointName = Literal["work", "kept"]
_SAVEPOINT_SQL: dict[SavepointName, tuple[str, str, str]] = {
    name: (f"SAVEPOINT {name}", f"ROLLBACK TO {name}", f"RELEASE {name}")
    for name in ("work", "kept")
}


@contextmanager
def savepoint(conn: sqlite3.Connection, name: SavepointName) -> Iterator[None]:
    """A nested transaction: an exception inside undoes only what was done inside."""
    begin, rollback, release = _SAVEPOINT_SQL[name]
    conn.execute(begin)
    try:
        yield
    except BaseException:
        # A full disk or an I/O error may already have rolled the whole transaction back.
        if conn.in_transaction:
            conn.execute(rollback)
            conn.execute(release)
        raise
    conn.execute(release)


def _probe_writable(path: Path) -> None:
    probe = sqlite3.connect(str(path))
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
    finally:
        probe.close()


def _split_sql(script: str) -> list[str]:
    statements = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


async def open_database(path: Path) -> Database:
    """Open and migrate: what every command that needs the database starts with."""
    db = await Database.open(path)
    try:
        await db.migrate()
    except sqlite3.Error as e:
        await db.close()
        raise StorageError(f"database.path = '{path}': migration failed: {e}") from None
    return db
