"""What a handler, job or action is given: the store, the settings, the moment, and the
ways to speak. Everything said is queued here and committed with the work's effects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot import schedule, texts
from bot.grammar import BuildingSpec
from bot.messages import PLATFORMS, IncomingMessage, ParsedMessage, Platform, Reply
from bot.permissions import Permission
from bot.settings import Settings
from storage.rows import Group
from storage.store import Store


class Rollback(Exception):
    """Raised by a job or action to end with all its effects undone (a dry run): the
    writer rolls its savepoint back and hands this to the caller, who reads `result`."""

    def __init__(self, result: object) -> None:
        super().__init__("rolled back on purpose")
        self.result = result


@dataclass(kw_only=True)
class Context:
    store: Store
    settings: Settings
    now: datetime
    # Who the work is done for: a user id, or the job's or action's name.
    actor: str
    queued: list[Reply] = field(default_factory=list)
    # Stored messages to handle again once this work is done (a group's orders that waited
    # for its binding), in order.
    rehandle: list[int] = field(default_factory=list)

    def tell(
        self,
        platform: Platform,
        user_id: str,
        text: str,
        *,
        merge_text: str | None = None,
        header: str | None = None,
        priority: int = 0,
        ref: str | None = None,
    ) -> None:
        """A private message to one person."""
        self.queued.append(
            Reply(
                platform=platform,
                chat_id=user_id,
                text=text,
                private=True,
                merge_text=merge_text,
                merge_header=header,
                priority=priority,
                ref=ref,
            )
        )

    def send_file(
        self, platform: Platform, user_id: str, filename: str, data: bytes, caption: str
    ) -> None:
        """A document, privately, to one person (a purchase list)."""
        self.queued.append(
            Reply(
                platform=platform,
                chat_id=user_id,
                text=caption,
                private=True,
                document=data,
                filename=filename,
            )
        )

    def post(
        self,
        platform: Platform,
        chat_id: str,
        text: str,
        *,
        merge_text: str | None = None,
        header: str | None = None,
    ) -> None:
        """A message into a group chat."""
        self.queued.append(
            Reply(
                platform=platform,
                chat_id=chat_id,
                text=text,
                merge_text=merge_text,
                merge_header=header,
            )
        )

    def answer_where_asked(
        self,
        asked: IncomingMessage,
        text: str,
        *,
        merge_text: str | None = None,
        header: str | None = None,
    ) -> None:
        """Into the chat a stored message came from: its group, or the sender privately."""
        if asked.chat_kind == "private":
            self.tell(asked.platform, asked.sender_id, text)
        else:
            self.post(asked.platform, asked.chat_id, text, merge_text=merge_text, header=header)

    def post_to_building(self, building: str, text: str) -> int:
        """Into every group bound to the building, on every platform; how many."""
        sent = 0
        for platform in PLATFORMS:
            for group in self.store.groups_of_building(platform, building):
                self.post(platform, group.chat_id, text)
                sent += 1
        return sent

    def tell_cadres(self, platform: Platform, text: str) -> None:
        for user_id in self.settings.directory.cadres(platform, self.now):
            self.tell(platform, user_id, text)

    def audit(self, action: str, subject: str = "", detail: str = "") -> None:
        self.store.audit(self.now, self.actor, action, subject, detail)


@dataclass(kw_only=True)
class MessageContext(Context):
    """One message on its way through a handler, inside the transaction that stores it."""

    msg: IncomingMessage
    inbox_id: int
    parsed: ParsedMessage
    group: Group | None
    sender: Permission

    @property
    def platform(self) -> Platform:
        return self.msg.platform

    @property
    def chat_kind(self) -> Literal["group", "private", "staff"]:
        if self.msg.chat_kind == "private":
            return "private"
        if self.settings.directory.is_staff_chat(self.msg.platform, self.msg.chat_id):
            return "staff"
        return "group"

    def named_buildings(self, spec: BuildingSpec) -> list[str] | None:
        """The compound's buildings a building range names (units dropped), in order; None
        after telling the sender which of them the compound does not have."""
        found, missing = spec.resolve(self.settings.buildings)
        if missing:
            shown = "、".join(texts.WHERE_BUILDING.format(building=b) for b in missing)
            self.reply(texts.NO_SUCH_BUILDINGS.format(buildings=shown))
            return None
        return list(dict.fromkeys(b for b, _unit in found))

    @property
    def counts_at(self) -> datetime:
        """The moment this message counts at for cut-offs (when it was posted)."""
        return schedule.counts_at(self.msg.received_at, self.now, self.settings.backlog_grace)

    def reply(
        self,
        text: str,
        *,
        merge_text: str | None = None,
        header: str | None = None,
        ref: str | None = None,
    ) -> None:
        """A reply in the chat the message came from."""
        self.queued.append(
            Reply(
                platform=self.msg.platform,
                chat_id=self.msg.chat_id,
                text=text,
                private=self.msg.chat_kind == "private",
                merge_text=merge_text,
                merge_header=header,
                ref=ref,
                mention=self.msg.sender_id if self.msg.chat_kind == "group" else None,
            )
        )

    def refuse(self, command: str, text: str) -> None:
        """Say no in one line, and record that it was refused (not that it happened)."""
        self.reply(text)
        self.audit("refused", command, self.msg.text[:200])
