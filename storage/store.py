"""The facade handlers, jobs and actions use: typed queries, no SQL, and the caches.

A Store lives as long as the process. The core's writer hands it the connection of the
transaction it is in (`attach`) and empties its caches when a piece of work rolls back
(`forget`), so nothing uncommitted is ever remembered. The caches are valid because one
process owns the database and writes through one connection.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable
from datetime import datetime

from bot.lifecycle import (
    BATCH_MOVES,
    HELP_MOVES,
    ORDER_MOVES,
    BatchState,
    HelpState,
    OrderState,
    check_move,
)
from bot.messages import (
    ContextMessage,
    HelpCategory,
    IncomingMessage,
    Intent,
    ParsedItem,
    Platform,
    Reply,
    Role,
    StaffRole,
)
from storage import (
    audit,
    batches,
    chats,
    confirmations,
    cursors,
    drafts,
    groups,
    help_requests,
    households,
    inbox,
    invites,
    jobs,
    members,
    notices,
    orders,
    outbox,
    questions,
    summary,
    waiting,
)
from storage.confirmations import Action, Waiting
from storage.rows import (
    Batch,
    BatchItem,
    BatchOrder,
    Group,
    HelpRequest,
    Household,
    Invite,
    Member,
    Notice,
    Order,
    Placer,
    WaitingQuestion,
)
from storage.rows import Waiting as WaitingRow


class Store:
    def __init__(self, compound_id: int) -> None:
        self.compound_id = compound_id
        self._conn: sqlite3.Connection | None = None
        self._households: dict[tuple[str, str, str], Household] = {}
        # None records a sender known to have no household yet.
        self._members: dict[tuple[str, str], Household | None] = {}
        self._batches: dict[datetime, Batch] = {}
        self._groups: dict[tuple[str, str], Group | None] = {}
        self._recent: dict[tuple[str, str], deque[ContextMessage]] = {}
        # Every message asks who sent it; None records someone with no member row.
        self._people: dict[tuple[str, str], Member | None] = {}
        # Every reply asks whether its chat moved; None records one that did not.
        self._moves: dict[tuple[str, str], str | None] = {}

    # --- the writer's side ----------------------------------------------------------------

    def attach(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn

    def forget(self) -> None:
        """Drop every cached row: called when a piece of work rolls back."""
        self._households.clear()
        self._members.clear()
        self._batches.clear()
        self._groups.clear()
        self._recent.clear()
        self._people.clear()
        self._moves.clear()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the store is used outside the writer's transaction")
        return self._conn

    # --- inbox and outbox -----------------------------------------------------------------

    def store_message(self, msg: IncomingMessage, intent: Intent | None) -> int | None:
        """The inbox id, or None when the message was stored before (a redelivery)."""
        inbox_id = inbox.insert(self.conn, msg, intent)
        recent = self._recent.get((msg.platform, msg.chat_id))
        if inbox_id is not None and recent is not None:
            recent.append(ContextMessage(sender=msg.sender_name, text=msg.text))
        return inbox_id

    def recent_messages(self, platform: str, chat_id: str, limit: int) -> deque[ContextMessage]:
        """The chat's last messages, oldest first (the parser's context)."""
        key = (platform, chat_id)
        recent = self._recent.get(key)
        if recent is None or recent.maxlen != limit:
            recent = deque(inbox.recent(self.conn, platform, chat_id, limit), maxlen=limit)
            self._recent[key] = recent
        return recent

    def save_cursor(self, platform: str, value: int) -> None:
        cursors.save(self.conn, platform, value)

    def queue(self, reply: Reply, now: datetime) -> None:
        """Into the outbox; a reply to a chat that moved (a group upgraded to a supergroup)
        goes to where it went."""
        moved = self.moved_to(reply.platform, reply.chat_id)
        if moved is not None:
            reply = reply.model_copy(update={"chat_id": moved})
        outbox.enqueue(self.conn, reply, now)

    def message_inbox_id(self, platform: str, chat_id: str, message_id: str) -> int | None:
        return inbox.find(self.conn, platform, chat_id, message_id)

    def keep_unreadable(
        self, platform: str, update_id: int, raw: str, error: str, now: datetime
    ) -> None:
        chats.keep_unreadable(self.conn, platform, update_id, raw, error, now)

    def audit(self, now: datetime, actor: str, action: str, subject: str, detail: str) -> None:
        audit.record(self.conn, now, actor, action, subject, detail)

    def audited(self, action: str, subject: str, detail: str) -> bool:
        return audit.exists(self.conn, action, subject, detail)

    # --- places ---------------------------------------------------------------------------

    def group(self, platform: str, chat_id: str) -> Group | None:
        key = (platform, chat_id)
        if key not in self._groups:
            self._groups[key] = groups.get(self.conn, platform, chat_id)
        return self._groups[key]

    def bind_group(
        self, platform: Platform, chat_id: str, title: str, building: str, unit: str
    ) -> Group:
        groups.bind(self.conn, self.compound_id, platform, chat_id, title, building, unit, "chat")
        bound = Group(
            platform=platform,
            chat_id=chat_id,
            title=title,
            building=building,
            unit=unit,
            source="chat",
        )
        self._groups[(platform, chat_id)] = bound
        return bound

    def groups_of_building(self, platform: str, building: str) -> list[Group]:
        return groups.of_building(self.conn, self.compound_id, platform, building)

    def add_notice(self, text: str, building: str | None, now: datetime) -> int:
        return notices.insert(self.conn, self.compound_id, "text", text, now, building=building)

    def retitle_group(self, group: Group, title: str) -> Group:
        """A group renamed on its platform: the binding (kept by chat id) learns the name."""
        groups.retitle(self.conn, group.platform, group.chat_id, title)
        renamed = group.model_copy(update={"title": title})
        self._groups[(group.platform, group.chat_id)] = renamed
        return renamed

    def move_chat(self, platform: str, old: str, new: str, now: datetime) -> bool:
        """What belonged to chat `old` belongs to `new`; False when moved before."""
        moved = chats.move(self.conn, platform, old, new, now)
        for key in ((platform, old), (platform, new)):
            self._groups.pop(key, None)
            self._recent.pop(key, None)
            self._moves.pop(key, None)
        return moved

    def moved_to(self, platform: str, chat_id: str) -> str | None:
        key = (platform, chat_id)
        if key not in self._moves:
            self._moves[key] = chats.moved_to(self.conn, platform, chat_id)
        return self._moves[key]

    def seed_group(self, platform: str, chat_id: str, building: str, unit: str) -> Group | None:
        """Config's binding unless the chat has one; returns a stored one that differs."""
        chat_id = self.moved_to(platform, chat_id) or chat_id
        self._groups.pop((platform, chat_id), None)
        return groups.seed(self.conn, self.compound_id, platform, chat_id, building, unit)

    def household_at(self, building: str, unit: str, room: str, now: datetime) -> Household:
        key = (building, unit, room)
        hh = self._households.get(key)
        if hh is None:
            hh = households.at_door(self.conn, self.compound_id, building, unit, room, now)
            self._households[key] = hh
        return hh

    def find_household(self, building: str, unit: str, room: str) -> Household | None:
        """The household at a door if it was stored before; creates nothing."""
        key = (building, unit, room)
        hh = self._households.get(key)
        if hh is None:
            hh = households.find(self.conn, self.compound_id, building, unit, room)
            if hh is not None:
                self._households[key] = hh
        return hh

    def update_roster(
        self, hh: Household, name: str, phone: str | None, headcount: int | None, flags: str
    ) -> None:
        households.update_roster(self.conn, hh.id, name, phone, headcount, flags)
        self._forget_household(hh)

    def fill_phone(self, hh: Household, phone: str) -> None:
        households.fill_phone(self.conn, hh.id, phone)
        self._forget_household(hh)

    def _forget_household(self, hh: Household) -> None:
        self._households.pop((hh.building, hh.unit, hh.room), None)
        self._members.clear()

    def household_of(self, platform: str, user_id: str) -> Household | None:
        key = (platform, user_id)
        if key not in self._members:
            self._members[key] = members.household_of(self.conn, platform, user_id)
        return self._members[key]

    def remember_member(self, platform: str, user_id: str, name: str, hh: Household) -> None:
        known = self._members.get((platform, user_id))
        if known is not None and known.id == hh.id:
            return
        members.remember(self.conn, platform, user_id, name, hh.id)
        self._members[(platform, user_id)] = hh

    # --- staff ----------------------------------------------------------------------------

    def member(self, platform: str, user_id: str) -> Member | None:
        key = (platform, user_id)
        if key not in self._people:
            self._people[key] = members.get(self.conn, platform, user_id)
        return self._people[key]

    def staff(self, platform: str | None = None) -> list[Member]:
        return members.staff(self.conn, platform)

    def members_named(self, platform: str, name: str) -> list[Member]:
        return members.named(self.conn, platform, name)

    def senders_named(self, platform: str, name: str) -> list[tuple[str, str]]:
        return members.sender_named(self.conn, platform, name)

    def set_role(
        self,
        platform: str,
        user_id: str,
        name: str | None,
        role: Role,
        buildings: tuple[str, ...],
        source: str,
    ) -> None:
        members.set_role(self.conn, platform, user_id, name, role, buildings, source)
        self._people.pop((platform, user_id), None)

    def lend_role(
        self,
        platform: str,
        user_id: str,
        name: str,
        role: StaffRole | None,
        buildings: tuple[str, ...],
        until: datetime | None,
    ) -> None:
        members.lend(self.conn, platform, user_id, name, role, buildings, until)
        self._people.pop((platform, user_id), None)

    def add_invite(
        self,
        code: str,
        role: StaffRole,
        buildings: tuple[str, ...],
        platform: str,
        created_by: str,
        now: datetime,
        expires_at: datetime,
    ) -> bool:
        return invites.add(self.conn, code, role, buildings, platform, created_by, now, expires_at)

    def invite(self, code: str) -> Invite | None:
        return invites.get(self.conn, code)

    def use_invite(self, code: str, platform: str, user_id: str, now: datetime) -> bool:
        return invites.use(self.conn, code, platform, user_id, now)

    def unused_invites(self, now: datetime) -> int:
        return invites.unused(self.conn, now)

    # --- batches and orders ---------------------------------------------------------------

    def open_batch(self, cutoffs: Iterable[datetime], now: datetime) -> Batch:
        """The first batch among `cutoffs` (in order) that is still open, created as needed:
        a batch closed early takes nothing more, its orders go to the next one."""
        for cutoff_at in cutoffs:
            batch = self._batches.get(cutoff_at)
            if batch is None:
                batch = orders.batch_at(self.conn, self.compound_id, cutoff_at, now)
                self._batches[cutoff_at] = batch
            if batch.status == "open":
                return batch
        raise ValueError("no open batch among the cut-offs given")

    def batch(self, batch_id: int) -> Batch | None:
        return orders.get_batch(self.conn, batch_id)

    def move_batch(
        self, batch: Batch, current: BatchState, target: BatchState, now: datetime
    ) -> bool:
        check_move(BATCH_MOVES, current, target)
        moved = orders.move_batch(self.conn, batch.id, current, target, now)
        self._batches.pop(batch.cutoff_at, None)
        return moved

    def oldest_batch(self, status: BatchState) -> Batch | None:
        return batches.oldest(self.conn, self.compound_id, status)

    def latest_batch(self, status: BatchState) -> Batch | None:
        return batches.latest(self.conn, self.compound_id, status)

    def batches_between(self, start: datetime, end: datetime) -> list[Batch]:
        return batches.between(self.conn, self.compound_id, start, end)

    def batch_order_count(self, batch_id: int) -> int:
        return batches.order_count(self.conn, batch_id)

    def move_batch_orders(
        self, batch_id: int, current: OrderState, target: OrderState, now: datetime
    ) -> int:
        check_move(ORDER_MOVES, current, target)
        return batches.move_orders(self.conn, batch_id, current, target, now)

    def batch_items(self, batch_id: int) -> list[BatchItem]:
        return batches.items_of(self.conn, batch_id)

    def batch_orders(self, batch_id: int) -> list[BatchOrder]:
        return batches.doors_of(self.conn, batch_id)

    def place_order(
        self,
        batch: Batch,
        hh: Household,
        inbox_id: int | None,
        items: tuple[ParsedItem, ...],
        placer: Placer,
        now: datetime,
    ) -> int:
        return orders.insert(self.conn, batch.id, hh.id, inbox_id, items, placer, now)

    def place_imported_order(
        self,
        batch: Batch,
        hh: Household,
        items: tuple[ParsedItem, ...],
        placer: Placer,
        external: tuple[str, str],
        now: datetime,
    ) -> int:
        return orders.insert(self.conn, batch.id, hh.id, None, items, placer, now, external)

    def imported_order(self, source: str, ref: str) -> int | None:
        return orders.imported(self.conn, source, ref)

    def order(self, order_id: int) -> Order | None:
        return orders.get(self.conn, order_id)

    def latest_order(
        self, household_id: int, *, exclude: frozenset[OrderState] = frozenset()
    ) -> Order | None:
        return orders.latest_of_household(self.conn, household_id, exclude=exclude)

    def hand_over(
        self,
        order_id: int,
        current: OrderState,
        target: OrderState,
        *,
        volunteer: str | None,
        holder: str | None,
        now: datetime,
    ) -> bool:
        """Claim, release or deliver: state and holder change together, or not at all."""
        check_move(ORDER_MOVES, current, target)
        return orders.set_volunteer(self.conn, order_id, current, target, volunteer, holder, now)

    def held_by(self, volunteer: str) -> list[Order]:
        return orders.held_by(self.conn, volunteer)

    def claimed_in(self, building: str) -> list[Order]:
        return orders.claimed_in(self.conn, self.compound_id, building)

    def unclaimed(self, buildings: Iterable[str]) -> list[Order]:
        return orders.unclaimed(self.conn, self.compound_id, buildings)

    def delivered_unconfirmed(self) -> list[Order]:
        return orders.delivered_unconfirmed(self.conn, self.compound_id)

    def release_all(self, volunteer: str, now: datetime) -> list[int]:
        check_move(ORDER_MOVES, "claimed", "purchased")
        return orders.release_all(self.conn, volunteer, now)

    def orders_of_message(self, inbox_id: int) -> list[Order]:
        """The orders a stored message placed."""
        return orders.of_message(self.conn, inbox_id)

    def replace_order_items(
        self, order_id: int, items: tuple[ParsedItem, ...], now: datetime
    ) -> bool:
        """The open order's goods, replaced; False when it is no longer open."""
        return orders.replace_items(self.conn, order_id, items, now)

    def placed_since(self, placer: Placer, household_id: int, since: datetime) -> list[Order]:
        return orders.placed_since(self.conn, placer, household_id, since)

    def move_order(
        self, order_id: int, current: OrderState, target: OrderState, now: datetime
    ) -> bool:
        """Move an order along its lifecycle; False when someone else moved it first."""
        check_move(ORDER_MOVES, current, target)
        return orders.move(self.conn, order_id, current, target, now)

    def save_draft(
        self,
        platform: str,
        chat_id: str,
        sender_id: str,
        inbox_id: int,
        items: tuple[ParsedItem, ...],
        now: datetime,
    ) -> None:
        drafts.save(self.conn, platform, chat_id, sender_id, inbox_id, items, now)

    def take_draft(
        self, platform: str, chat_id: str, sender_id: str
    ) -> tuple[int, tuple[ParsedItem, ...]] | None:
        return drafts.take(self.conn, platform, chat_id, sender_id)

    def ask_confirmation(
        self,
        platform: str,
        chat_id: str,
        sender_id: str,
        action: Action,
        order_id: int,
        now: datetime,
        names: tuple[str, ...] = (),
    ) -> None:
        confirmations.ask(self.conn, platform, chat_id, sender_id, action, order_id, now, names)

    def take_confirmation(self, platform: str, chat_id: str, sender_id: str) -> Waiting | None:
        return confirmations.take(self.conn, platform, chat_id, sender_id)

    def awaits_confirmation(self, platform: str, chat_id: str, sender_id: str) -> bool:
        return confirmations.waiting(self.conn, platform, chat_id, sender_id)

    # --- the clock ------------------------------------------------------------------------

    def record_run(
        self, job_id: str, occurrence: datetime, status: jobs.RunStatus, now: datetime
    ) -> bool:
        return jobs.record(self.conn, job_id, occurrence, status, now)

    def last_runs(self) -> dict[str, datetime]:
        return jobs.last_runs(self.conn)

    def missed_runs(self, since: datetime) -> list[tuple[str, datetime]]:
        return jobs.missed_since(self.conn, since)

    def clock_mark(self, name: str, now: datetime) -> datetime:
        return jobs.mark(self.conn, name, now)

    def notices_ahead(self, day: str) -> list[Notice]:
        return jobs.notices_ahead(self.conn, self.compound_id, day)

    def waiting_help(self) -> list[WaitingRow]:
        return jobs.waiting_help(self.conn)

    def waiting_question_rows(self) -> list[WaitingRow]:
        return jobs.waiting_questions(self.conn)

    def escalate_help(self, request_id: int, stage: int) -> bool:
        return jobs.escalate_help(self.conn, request_id, stage)

    def escalate_question(self, question_id: int, stage: int) -> bool:
        return jobs.escalate_question(self.conn, question_id, stage)

    def escalated_help(self) -> list[tuple[int, int]]:
        return jobs.escalated_help(self.conn)

    def batch_at_cutoff(self, cutoff_at: datetime) -> Batch | None:
        return jobs.batch_at(self.conn, self.compound_id, cutoff_at)

    def add_round(
        self,
        building: str,
        day: str,
        starts: str,
        ends: str | None,
        every_minutes: int | None,
        place: str,
        text: str,
        now: datetime,
    ) -> int:
        return notices.insert(
            self.conn,
            self.compound_id,
            "delivery",
            text,
            now,
            building=building,
            day=day,
            starts=starts,
            ends=ends,
            place=place,
            every_minutes=every_minutes,
        )

    def set_daily(self, building: str | None, starts: str, text: str, now: datetime) -> int:
        return notices.insert(
            self.conn, self.compound_id, "daily", text, now, building=building, starts=starts
        )

    def dailies(self) -> list[Notice]:
        return notices.of_kind(self.conn, self.compound_id, "daily")

    # --- the summary ----------------------------------------------------------------------

    def batch_states(self, batch_id: int) -> dict[str, int]:
        return summary.batch_states(self.conn, batch_id)

    def batch_buildings(self, batch_id: int) -> dict[str, int]:
        return summary.batch_buildings(self.conn, batch_id)

    def quiet_flagged(self, since: datetime) -> list[Household]:
        return summary.quiet_flagged(self.conn, self.compound_id, since)

    def open_help(self) -> list[tuple[int, str, datetime]]:
        return summary.open_help(self.conn)

    def waiting_questions(self, limit: int) -> tuple[int, list[tuple[int, datetime]]]:
        return summary.waiting_questions(self.conn, limit)

    # --- groups not bound yet ---------------------------------------------------------------

    def keep_waiting(self, inbox_id: int, platform: str, chat_id: str, now: datetime) -> None:
        waiting.keep(self.conn, inbox_id, platform, chat_id, now)

    def take_waiting(self, platform: str, chat_id: str) -> list[int]:
        return waiting.take(self.conn, platform, chat_id)

    def suggest_binding(
        self, platform: str, chat_id: str, title: str, building: str, unit: str, now: datetime
    ) -> int | None:
        return waiting.suggest(self.conn, platform, chat_id, title, building, unit, now)

    def binding_suggestion(self, suggestion_id: int) -> tuple[str, str, str, str, str] | None:
        return waiting.suggestion(self.conn, suggestion_id)

    def inbox_message(self, inbox_id: int) -> IncomingMessage | None:
        return inbox.get(self.conn, inbox_id)

    # --- help, questions, notices -----------------------------------------------------------

    def add_help_request(
        self,
        hh: Household | None,
        inbox_id: int,
        category: HelpCategory,
        urgency: int,
        owner: str | None,
        placer: Placer,
        now: datetime,
    ) -> int:
        return help_requests.insert(
            self.conn, hh.id if hh else None, inbox_id, category, urgency, owner, placer, now
        )

    def help_request(self, request_id: int) -> HelpRequest | None:
        return help_requests.get(self.conn, request_id)

    def move_help_request(
        self,
        request_id: int,
        current: HelpState,
        target: HelpState,
        now: datetime,
        owner: str | None = None,
    ) -> bool:
        check_move(HELP_MOVES, current, target)
        return help_requests.move(self.conn, request_id, current, target, now, owner)

    def open_help_in(self, buildings: Iterable[str]) -> list[HelpRequest]:
        return help_requests.open_in(self.conn, buildings)

    def release_help(self, request_id: int, holder: str, now: datetime) -> bool:
        check_move(HELP_MOVES, "claimed", "open")
        return help_requests.release(self.conn, request_id, holder, now)

    def release_all_help(self, holder: str, now: datetime) -> list[int]:
        check_move(HELP_MOVES, "claimed", "open")
        return help_requests.release_all(self.conn, holder, now)

    def help_forwarded(self, request_id: int, now: datetime) -> bool:
        return help_requests.forwarded(self.conn, request_id, now)

    def help_hotline(self, request_id: int, now: datetime) -> bool:
        return help_requests.hotline(self.conn, request_id, now)

    def unreached_help(self) -> list[int]:
        return help_requests.unreached(self.conn)

    def rewrite_unsent(self, ref: str, text: str) -> bool:
        return outbox.rewrite_unsent(self.conn, ref, text)

    def replies_about(self, ref: str) -> list[tuple[str, str, str]]:
        return outbox.with_ref(self.conn, ref)

    def dead_replies(self, since: datetime) -> list[tuple[str, str, str]]:
        return outbox.dead_since(self.conn, since)

    def queue_question(self, inbox_id: int, now: datetime) -> int:
        return questions.queue(self.conn, inbox_id, now)

    def question(self, question_id: int) -> WaitingQuestion | None:
        return questions.get(self.conn, question_id)

    def answer_question(self, question_id: int) -> bool:
        return questions.answer(self.conn, question_id)

    def add_test_slot(
        self, building: str, day: str, starts: str, ends: str, place: str, now: datetime
    ) -> int:
        text = f"{day} {starts}-{ends} {building} {place}".strip()
        return notices.insert(
            self.conn,
            self.compound_id,
            "test",
            text,
            now,
            building=building,
            day=day,
            starts=starts,
            ends=ends,
            place=place,
        )

    def test_slots_of_day(self, day: str) -> list[Notice]:
        return notices.of_day(self.conn, self.compound_id, "test", day)

    def test_slot(self, notice_id: int) -> Notice | None:
        return notices.get(self.conn, notice_id, "test")

    def change_test_slot(self, notice_id: int, starts: str, ends: str, place: str | None) -> bool:
        return notices.update_slot(self.conn, notice_id, starts, ends, place)

    def remove_notice(self, notice_id: int) -> bool:
        return notices.delete(self.conn, notice_id)

    def notices_for_day(self, kind: str, day: str, building: str | None) -> list[Notice]:
        return notices.for_day(self.conn, self.compound_id, kind, day, building)
