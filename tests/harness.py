"""The whole bot driven by hand: a config on a temporary database, the console transport
and a clock the test moves."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.config import Config, load_config_text
from bot.context import Context, MessageContext
from bot.grammar import Args
from bot.messages import IncomingMessage
from bot.parse import Parser
from bot.permissions import MemberDirectory
from bot.settings import Settings
from bot.transports.console import ConsoleTransport, parse_line
from storage.db import Database, open_database
from storage.store import Store

if TYPE_CHECKING:
    from bot.app import App

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "config.example.toml"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def example_config(db_path: Path, extra: str = "") -> Config:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'path = "louzhang.db"', f'path = "{db_path.as_posix()}"'
    )
    return load_config_text(text + "\n" + extra, "test.toml")


class Bot:
    """The whole bot on the console transport, a hand-moved clock and a temporary file."""

    def __init__(self, app: App, clock: ManualClock, console: ConsoleTransport) -> None:
        self.app = app
        self.clock = clock
        self.console = console

    def at(self, hhmm: str) -> None:
        h, m = map(int, hhmm.split(":"))
        self.clock.set(self.clock.now().astimezone(SHANGHAI).replace(hour=h, minute=m, second=0))

    async def post(self, line: str) -> None:
        parsed = parse_line(line)
        assert parsed is not None
        await self.app.core.receive(self.console.message(parsed, self.clock.now()))

    async def say(self, line: str) -> list[str]:
        """Post a line, send everything it caused, return the texts sent (all chats)."""
        before = len(self.console.sent)
        await self.post(line)
        from bot.app import drain_manual

        await drain_manual(self.app, self.clock)
        return [text for _, text in self.console.sent[before:]]

    def sent_to(self, chat: str) -> list[str]:
        return [text for c, text in self.console.sent if c == chat]


async def start_bot(config: Config, at: datetime | None = None) -> Bot:
    from bot.app import build_app

    clock = ManualClock(at or datetime(2026, 4, 10, 8, 0, tzinfo=SHANGHAI))
    console = ConsoleTransport(out=open("/dev/null", "w"), record=True)  # noqa: SIM115
    app = await build_app(config, {"console": console}, clock)
    return Bot(app, clock, console)


async def stop_bot(bot: Bot) -> None:
    await bot.app.close()
    bot.console.out.close()


class StoreRig:
    """Handlers against the real store and schema, without the core, transports or sender.

    Each `handle` stores and parses one message and runs one handler on it inside one
    transaction, the way the core's writer does, and returns the context it spoke through.
    """

    def __init__(self, db: Database, store: Store, settings: Settings) -> None:
        self.db = db
        self.store = store
        self.settings = settings
        self.parser = Parser(settings.catalog)
        self._ids = itertools.count(1)
        # What seeding config's [[groups]] said at start (to cadres, about conflicts).
        self.seeded: list[str] = []

    async def run(self, fn: Callable[[Context], T], at: datetime) -> T:
        def work(conn: sqlite3.Connection) -> T:
            self.store.attach(conn)
            try:
                return fn(Context(store=self.store, settings=self.settings, now=at, actor="test"))
            except BaseException:
                self.store.forget()
                raise
            finally:
                self.store.attach(None)

        return await self.db.write(work)

    async def handle(
        self,
        handler: Callable[..., None],
        text: str,
        *,
        at: datetime,
        posted: datetime | None = None,
        sender: str = "3-2-501王姐",
        chat: str = "3号楼业主群",
        args: Args | None = None,
    ) -> MessageContext:
        msg = IncomingMessage(
            platform="console",
            chat_id=chat,
            chat_title=chat,
            chat_kind="group",
            message_id=f"m{next(self._ids)}",
            sender_id=sender,
            sender_name=sender,
            text=text,
            received_at=posted or at,
        )

        def run(ctx: Context) -> MessageContext:
            parsed = self.parser.parse(text, sender=sender, chat=chat)
            inbox_id = self.store.store_message(msg, parsed.intent)
            assert inbox_id is not None
            mctx = MessageContext(
                store=self.store,
                settings=self.settings,
                now=at,
                actor=sender,
                msg=msg,
                inbox_id=inbox_id,
                parsed=parsed,
                group=self.store.group("console", chat),
                sender=self.settings.directory.permission("console", sender, at),
            )
            if args is None:
                handler(mctx)
            else:
                handler(mctx, args)
            return mctx

        return await self.run(run, at)

    def said(self, ctx: Context) -> list[str]:
        return [r.text for r in ctx.queued]


async def open_rig(config: Config) -> StoreRig:
    from bot.app import create_compound
    from handlers import groups, members

    db = await open_database(config.database.path)
    compound_id = await create_compound(db, config)
    store = Store(compound_id)
    directory = MemberDirectory(config, store)
    settings = Settings.of(config, compound_id, config.build_catalog(), directory)
    rig = StoreRig(db, store, settings)

    def seed(ctx: Context) -> list[str]:
        members.seed_from_config(ctx)
        groups.seed_from_config(ctx)
        return rig.said(ctx)

    rig.seeded = await rig.run(seed, datetime(2026, 4, 10, 8, 0, tzinfo=SHANGHAI))
    return rig
