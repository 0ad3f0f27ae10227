"""Wiring: storage, parser, router, sender and transports, started and stopped together."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import Clock, ManualClock, SystemClock
from bot.config import Config, wechat_problem
from bot.core import Core
from bot.messages import ROLES, Role, platform_of
from bot.parse import Parser
from bot.permissions import MemberDirectory, rank
from bot.router import Router
from bot.scheduler import Clockwork
from bot.sender import Outcome, Sender
from bot.settings import Settings
from bot.transports.base import Transport, TransportError
from bot.transports.console import ConsoleTransport, read_replay
from handlers import (
    batches,
    cadre,
    delivery,
    groups,
    guide,
    help_requests,
    members,
    notices,
    questions,
    resident,
    rounds,
    summary,
    timetable,
    volunteers,
)
from storage.compounds import ensure_compound
from storage.db import Database, open_database
from storage.store import Store

log = logging.getLogger(__name__)

# A replay drains its outbox by moving its clock; this bounds a pathological loop.
MAX_DRAIN_ROUNDS = 100_000


def build_router() -> Router:
    router = Router()
    resident.register(router)
    groups.register(router)
    cadre.register(router)
    batches.register(router)
    notices.register(router)
    questions.register(router)
    help_requests.register(router)
    members.register(router)
    summary.register(router)
    timetable.register(router)
    rounds.register(router)
    volunteers.register(router)
    guide.register(router)
    return router


async def create_compound(db: Database, config: Config) -> int:
    """The compound and its buildings as config names them; returns the compound id."""
    buildings = [(b.name, b.units) for b in config.compound.buildings]
    return await db.write(lambda conn: ensure_compound(conn, config.compound.name, buildings))


@dataclass
class App:
    config: Config
    db: Database
    core: Core
    sender: Sender
    transports: dict[str, Transport]
    clock: Clock

    async def close(self) -> None:
        for t in self.transports.values():
            await t.stop()
        await self.db.close()


async def build_app(
    config: Config, transports: dict[str, Transport], clock: Clock | None = None
) -> App:
    clock = clock or SystemClock()
    db = await open_database(config.database.path)
    compound_id = await create_compound(db, config)
    catalog = config.build_catalog()
    store = Store(compound_id)
    settings = Settings.of(config, compound_id, catalog, MemberDirectory(config, store))
    paced = {"wechat": config.transports.wechat.pacing()}
    sender = Sender(db, transports, config.pacing, clock, platform_pacing=paced)
    core = Core(db, store, Parser(catalog), settings, clock, build_router(), sender.wake)

    async def outcomes(found: list[Outcome]) -> None:
        await core.act("delivery", "sender", functools.partial(delivery.record, outcomes=found))

    async def moves(platform: str, old: str, new: str) -> None:
        known = platform_of(platform)
        if known is not None:
            await core.move_chat(known, old, new, None)

    sender.outcomes = outcomes
    sender.moves = moves
    await core.act("seed_members", "config", members.seed_from_config)
    await core.act("seed_groups", "config", groups.seed_from_config)
    return App(config, db, core, sender, transports, clock)


async def drain_manual(app: App, clock: ManualClock) -> None:
    """Send everything left, moving the replay clock to each next due moment."""
    for _ in range(MAX_DRAIN_ROUNDS):
        next_at = await app.sender.flush()
        if next_at is None:
            return
        clock.set(max(next_at, clock.now() + timedelta(milliseconds=1)))
    log.warning("replay stopped draining after %d rounds", MAX_DRAIN_ROUNDS)


def files_folder(config: Config) -> Path:
    """Where the console writes the documents it is sent: beside the database."""
    return Path(config.database.path).resolve().parent / "louzhang-files"


async def replay(config: Config, path: Path, console: ConsoleTransport) -> App:
    """Feed a replay file through the whole bot on a clock set by the file's DATE and HH:MM
    lines; before each line every job due by then runs, and after the last line the rest
    of that day's, as a live day would."""
    lines = read_replay(path)
    tz = config.compound.tz
    today = datetime.now(tz).date()
    first = next((ln for ln in lines if ln.at is not None), None)
    start = (
        datetime.combine(first.day or today, first.at, tzinfo=tz)
        if first is not None and first.at is not None
        else datetime.now(tz)
    )
    clock = ManualClock(start)
    app = await build_app(config, {"console": console}, clock)
    clockwork = Clockwork(app.core, clock)
    await console.learn_groups(app.core)
    try:
        day = start.astimezone(tz).date()
        for line in lines:
            if line.day is not None and line.day != day:
                await _run_jobs_until(app, clockwork, clock, _end_of(day, tz))
                day = line.day
                clock.set(max(clock.now(), datetime.combine(day, time(0, 0), tzinfo=tz)))
            if line.at is not None:
                moment = datetime.combine(day, line.at, tzinfo=tz)
                await _run_jobs_until(app, clockwork, clock, moment)
                clock.set(max(clock.now(), moment))
            await app.core.receive(console.message(line, clock.now()))
            await app.sender.flush()
        await _run_jobs_until(app, clockwork, clock, _end_of(day, tz))
        await drain_manual(app, clock)
    finally:
        await app.close()
    return app


def _end_of(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz)


async def _run_jobs_until(
    app: App, clockwork: Clockwork, clock: ManualClock, until: datetime
) -> None:
    """Jobs due by `until`, in time order, and between them what the sender would have
    sent by then, so that the console shows the day as it would have gone."""
    while True:
        planned = await clockwork.next_due(until)
        await _send_until(app, clock, planned or until)
        if planned is None or not await clockwork.run_due(until, first_only=True):
            return
        await app.sender.flush()


async def _send_until(app: App, clock: ManualClock, moment: datetime) -> None:
    """Send what falls due (pacing, merge windows) up to `moment`, moving the clock."""
    for _ in range(MAX_DRAIN_ROUNDS):
        next_at = await app.sender.flush()
        if next_at is None or next_at > moment:
            return
        clock.set(max(next_at, clock.now() + timedelta(milliseconds=1)))


async def serve(config: Config) -> None:
    """Run the configured transports until the console's input ends or the process stops."""
    files = files_folder(config)
    console = ConsoleTransport(files=files) if config.transports.console.enabled else None
    transports: dict[str, Transport] = {}
    if console is not None:
        transports["console"] = console
    # A transport that can never work (a rejected token) ends the process when it is the
    # only one; beside the console it stops alone, with its one ERROR line.
    fatal: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def on_fatal(reason: str) -> None:
        if not fatal.done():
            fatal.set_result(reason)

    # The sender is built after the transports; Telegram's recovery reaches it through this.
    built: list[App] = []

    def on_recovered() -> None:
        if built:
            built[0].sender.recovered("telegram")

    if config.transports.telegram.enabled:
        transports["telegram"] = telegram_transport(config, on_fatal, on_recovered)
    if config.transports.wechat.enabled and (wechat := wechat_transport(config)) is not None:
        transports["wechat"] = wechat
    app = await build_app(config, transports)
    built.append(app)
    app.core.parser.warm_up()
    stop = asyncio.Event()
    sender_task = asyncio.create_task(app.sender.run(stop))
    clockwork = Clockwork(app.core, app.clock)
    try:
        for transport in transports.values():
            await transport.start(app.core)
        # After the transports: the console must know its groups before anything is sent.
        await clockwork.start()
        if console is not None and len(transports) == 1:
            await console.wait_closed()
            await _drain_live(app)
        elif console is None:
            raise TransportError(await fatal)
        else:
            await asyncio.Event().wait()
    finally:
        clockwork.stop()
        stop.set()
        await sender_task
        await app.close()


def command_menus(router: Router) -> dict[Role, list[tuple[str, str]]]:
    """Each role's "/" menu: the slash commands it may use."""
    commands = router.registered()
    return {
        role: [
            (name, cmd.description)
            for cmd in commands
            if rank(role) >= rank(cmd.role)
            for name in cmd.slash_names
        ]
        for role in ROLES
    }


def telegram_transport(
    config: Config,
    on_fatal: Callable[[str], None] = lambda _reason: None,
    on_recovered: Callable[[], None] = lambda: None,
) -> Transport:
    from bot.transports.telegram import TelegramTransport

    tg = config.transports.telegram
    token = tg.resolved_token()
    assert token is not None  # load_config refuses an enabled transport without one
    return TelegramTransport(
        token,
        base_url=tg.base_url,
        poll_timeout=tg.poll_timeout,
        commands=command_menus(build_router()),
        on_fatal=on_fatal,
        on_recovered=on_recovered,
    )


def wechat_transport(config: Config) -> Transport | None:
    """The WeChat transport, or None (with one ERROR line) when it cannot start as set."""
    wx = config.transports.wechat
    problem = wechat_problem(wx)
    if problem is not None:
        log.error("wechat: not started: %s", problem)
        return None
    from bot.transports.wechat import WechatTransport

    endpoint, token = wx.resolved_endpoint(), wx.resolved_token()
    assert endpoint is not None and token is not None
    return WechatTransport(
        endpoint, token, max_text_length=wx.max_text_length, files=files_folder(config)
    )


async def _drain_live(app: App) -> None:
    """After the console's input ends, send what is still queued, then return."""
    for _ in range(MAX_DRAIN_ROUNDS):
        next_at = await app.sender.flush()
        if next_at is None:
            return
        await asyncio.sleep(max(0.0, (next_at - app.clock.now()).total_seconds()))
