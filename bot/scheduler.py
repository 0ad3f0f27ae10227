"""When scheduled work falls due: jobs derived from config and the database at every
planning, with APScheduler triggers deciding their moments.

One place decides "when": each job's trigger. The live bot lets an `AsyncIOScheduler` wake
it at those moments; replays and tests ask the same triggers for their fire times on the
injected clock. Either way an occurrence runs through the core's writer, and is recorded
(job, occurrence) in the same transaction as what it posted, so nothing posts twice. An
occurrence that fell due while the bot was down runs once if it is within the grace time,
else it is recorded as missed for the nightly review.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock, ManualClock
from bot.context import Context
from bot.core import Core
from bot.urgency import FORWARD_AT_ONCE
from handlers import jobs
from storage.rows import Notice

log = logging.getLogger(__name__)

_TICK = timedelta(microseconds=1)
# Live: how often the plan is read again (new test slots, rounds, open requests).
REPLAN_SECONDS = 20
FIRST_START = "first_start"
# An urgent request whose forward reached nobody by then: the resident is told whom to call.
UNREACHED_AFTER = timedelta(minutes=3)


@dataclass(frozen=True)
class Job:
    id: str
    trigger: BaseTrigger
    # Occurrences at or before this do not count (the job did not exist yet).
    since: datetime
    run: Callable[[Context, datetime], None]
    what: str


def _at(day: date, hhmm: str, tz: object) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime.combine(day, time(h, m), tzinfo=tz)  # type: ignore[arg-type]


def plan(ctx: Context) -> list[Job]:
    """Every job config and the database call for now, with a stable id each."""
    cfg = ctx.settings.config
    tz = cfg.compound.tz
    start = ctx.store.clock_mark(FIRST_START, ctx.now)
    out = [
        Job(
            f"cutoff:{c:%H%M}",
            CronTrigger(hour=c.hour, minute=c.minute, timezone=tz),
            start,
            jobs.cutoff,
            f"截单 {c:%H:%M}",
        )
        for c in cfg.compound.cutoffs
    ]
    review = cfg.schedule.nightly_review
    out.append(
        Job(
            "review",
            CronTrigger(hour=review.hour, minute=review.minute, timezone=tz),
            start,
            jobs.nightly_review,
            "回头看",
        )
    )
    today = ctx.now.astimezone(tz).date()
    for notice in ctx.store.notices_ahead(today.isoformat()):
        out += _notice_jobs(ctx, notice, start)
    escalate = cfg.schedule
    for req in ctx.store.waiting_help():
        minutes = (
            escalate.escalate_medical_minutes
            if req.category == "medical"
            else escalate.escalate_minutes
        )
        for stage in (1, 2):
            if req.escalated < stage:
                out.append(
                    Job(
                        f"escalate:help:{req.id}:{stage}",
                        DateTrigger(req.created_at + timedelta(minutes=minutes * stage)),
                        req.created_at,
                        functools.partial(jobs.escalate_help, request_id=req.id, stage=stage),
                        f"催办 求助#{req.id}",
                    )
                )
        if req.category in FORWARD_AT_ONCE and req.forwarded_at is None and not req.hotline_at:
            out.append(
                Job(
                    f"unreached:help:{req.id}",
                    DateTrigger(req.created_at + UNREACHED_AFTER),
                    req.created_at,
                    functools.partial(jobs.unreached_help, request_id=req.id),
                    f"核实送达 求助#{req.id}",
                )
            )
    for q in ctx.store.waiting_question_rows():
        for stage in (1, 2):
            if q.escalated < stage:
                due = q.created_at + timedelta(minutes=escalate.escalate_minutes * stage)
                out.append(
                    Job(
                        f"escalate:question:{q.id}:{stage}",
                        DateTrigger(due),
                        q.created_at,
                        functools.partial(jobs.escalate_question, question_id=q.id, stage=stage),
                        f"催办 问题#{q.id}",
                    )
                )
    return out


def _notice_jobs(ctx: Context, notice: Notice, start: datetime) -> list[Job]:
    cfg = ctx.settings.config
    tz = cfg.compound.tz
    since = notice.created_at or start
    if notice.kind == "daily" and notice.starts:
        h, m = map(int, notice.starts.split(":"))
        return [
            Job(
                f"daily:{notice.id}",
                CronTrigger(hour=h, minute=m, timezone=tz),
                since,
                functools.partial(jobs.daily, notice=notice),
                f"每日提醒#{notice.id}",
            )
        ]
    if notice.day is None or notice.starts is None:
        return []
    day = date.fromisoformat(notice.day)
    begins = _at(day, notice.starts, tz)
    if notice.kind == "test":
        return [
            Job(
                f"test:{notice.id}:{minutes}",
                DateTrigger(begins - timedelta(minutes=minutes)),
                since,
                functools.partial(jobs.test_reminder, notice_id=notice.id, minutes=minutes),
                f"核酸提醒 {notice.building}号楼",
            )
            for minutes in cfg.schedule.test_reminders
        ]
    before = timedelta(minutes=cfg.schedule.round_reminder_minutes)
    remind = functools.partial(
        jobs.round_reminder, notice=notice, minutes=cfg.schedule.round_reminder_minutes
    )
    trigger: BaseTrigger
    if notice.every_minutes and notice.ends:
        trigger = IntervalTrigger(
            minutes=notice.every_minutes,
            start_date=begins - before,
            end_date=_at(day, notice.ends, tz) - before,
            timezone=tz,
        )
    else:
        trigger = DateTrigger(begins - before)
    return [Job(f"round:{notice.id}", trigger, since, remind, f"配送提醒 {notice.building}号楼")]


def next_fire(trigger: BaseTrigger, after: datetime, until: datetime) -> datetime | None:
    """The trigger's first moment strictly after `after` and not after `until`."""
    previous: datetime | None = None
    now = after + _TICK
    while True:
        fire: datetime | None = trigger.get_next_fire_time(previous, now)
        if fire is None or fire > until:
            return None
        if fire > after:
            return fire
        # A date trigger answers its moment whatever `now` is: once seen, it is done.
        previous, now = fire, fire + _TICK


def fires_between(trigger: BaseTrigger, after: datetime, until: datetime) -> list[datetime]:
    out = []
    moment = after
    while (fire := next_fire(trigger, moment, until)) is not None:
        out.append(fire)
        moment = fire
    return out


def _record_missed(ctx: Context, *, job_id: str, occurrence: datetime) -> None:
    ctx.store.record_run(job_id, occurrence, "missed", ctx.now)


def coming_today(ctx: Context) -> list[tuple[datetime, str]]:
    """(moment, what) of every occurrence still to come today, in order."""
    tz = ctx.settings.config.compound.tz
    end = datetime.combine(ctx.now.astimezone(tz).date(), time(23, 59, 59), tzinfo=tz)
    last = ctx.store.last_runs()
    out = []
    for job in plan(ctx):
        after = max(job.since, last.get(job.id, job.since), ctx.now - _TICK)
        out += [(fire, job.what) for fire in fires_between(job.trigger, after, end)]
    return sorted(out, key=lambda pair: pair[0])


class Clockwork:
    """Runs what is due, in order, through the core's writer; live, wakes on APScheduler."""

    def __init__(
        self, core: Core, clock: Clock, planner: Callable[[Context], list[Job]] = plan
    ) -> None:
        self.core = core
        self.clock = clock
        self._planner = planner
        self._scheduler: AsyncIOScheduler | None = None

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.core.settings.config.schedule.grace_minutes)

    async def plan(self) -> tuple[list[Job], dict[str, datetime]]:
        def read(ctx: Context) -> tuple[list[Job], dict[str, datetime]]:
            return self._planner(ctx), ctx.store.last_runs()

        return await self.core.act("plan", "scheduler", read)

    async def run_due(
        self, until: datetime, only: str | None = None, *, first_only: bool = False
    ) -> int:
        """Every occurrence due up to `until` (or only the earliest), earliest first; how
        many ran. On a manual clock (replays, tests) the clock is set to each occurrence
        as it runs."""
        ran = 0
        seen: tuple[str, datetime] | None = None
        while not (first_only and ran):
            found = await self._earliest(until, only)
            if found is None:
                return ran
            job, occurrence = found
            if seen == (job.id, occurrence):
                # Recorded but not seen as recorded: stop rather than spin.
                log.error("job %s at %s came due twice; stopping this round", *seen)
                return ran
            seen = (job.id, occurrence)
            if isinstance(self.clock, ManualClock) and occurrence > self.clock.now():
                self.clock.set(occurrence)
            try:
                await self.core.run_job(
                    job.id, functools.partial(self._once, job=job, occurrence=occurrence)
                )
            except Exception:
                # Recorded, so that a job that keeps failing cannot hold up the others.
                log.exception("job %s at %s failed; recorded as missed", job.id, occurrence)
                await self.core.run_job(
                    job.id, functools.partial(_record_missed, job_id=job.id, occurrence=occurrence)
                )
            ran += 1
        return ran

    async def next_due(self, until: datetime) -> datetime | None:
        """When the next occurrence falls due, if by `until`."""
        found = await self._earliest(until, None)
        return found[1] if found is not None else None

    async def _earliest(self, until: datetime, only: str | None) -> tuple[Job, datetime] | None:
        planned, last = await self.plan()
        best: tuple[Job, datetime] | None = None
        for job in planned:
            if only is not None and job.id != only:
                continue
            after = max(job.since, last.get(job.id, job.since))
            fire = next_fire(job.trigger, after, until)
            if fire is not None and (best is None or fire < best[1]):
                best = (job, fire)
        return best

    def _once(self, ctx: Context, *, job: Job, occurrence: datetime) -> None:
        late = ctx.now - occurrence > self.grace
        if not ctx.store.record_run(job.id, occurrence, "missed" if late else "done", ctx.now):
            return  # ran before: a duplicate trigger or a second process
        if late:
            log.warning("job %s at %s missed while the bot was down", job.id, occurrence)
            return
        job.run(ctx, occurrence)

    # --- live ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Catch up on what fell due while the bot was down, then wake on the triggers."""
        await self.run_due(self.clock.now())
        self._scheduler = AsyncIOScheduler(timezone=self.core.settings.config.compound.tz)
        self._scheduler.start()
        await self.sync()
        self._scheduler.add_job(
            self.sync, IntervalTrigger(seconds=REPLAN_SECONDS), id="replan", replace_existing=True
        )

    async def sync(self) -> None:
        """APScheduler's jobs made to match the plan: added, moved, or removed."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        planned, last = await self.plan()
        far = self.clock.now() + timedelta(days=366)
        wanted = set()
        for job in planned:
            if next_fire(job.trigger, max(job.since, last.get(job.id, job.since)), far) is None:
                continue
            wanted.add(job.id)
            scheduler.add_job(
                self._fire,
                trigger=job.trigger,
                args=[job.id],
                id=job.id,
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=int(self.grace.total_seconds()) or None,
            )
        for existing in scheduler.get_jobs():
            if existing.id not in wanted and existing.id != "replan":
                existing.remove()

    async def _fire(self, job_id: str) -> None:
        await self.run_due(self.clock.now(), only=job_id)

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
