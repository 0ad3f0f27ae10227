"""Group and private chats simulated in one terminal: the default transport, no account.

A line `@3号楼业主群 3-2-501王姐: 大米两袋` posts as that sender in that group;
`@私聊 张书记: 汇总` talks to the bot privately. A replay file holds such lines, each
optionally after a time `HH:MM`; `\\n` inside a text stands for a line break (接龙 lists).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TextIO

from bot.messages import IncomingMessage, Platform
from bot.transports.base import Core
from bot.transports.files import keep_file

PRIVATE = "私聊"
# Writing this in a console line addresses the bot, as an @mention does on a platform.
BOT_NAME = "@楼长"
_LINE = re.compile(r"^(?:(\d{1,2}):(\d{2})\s+)?@(\S+)\s+([^:：]+?)\s*[:：]\s?(.*)$")


# A replay may span days: `DATE 2022-04-10` starts one.
_DATE = re.compile(r"^DATE\s+(\S+)$")


class ReplayError(Exception):
    """A line that is not `[HH:MM] @chat sender: text`, with its line number."""


@dataclass(frozen=True)
class ConsoleLine:
    at: time | None
    chat: str
    sender: str
    text: str
    # A replay line's id: its position and content in the file, so that running the same
    # file again after a crash stores nothing twice. Live lines get a fresh id each.
    key: str | None = None
    # The day a replay's `DATE YYYY-MM-DD` line last set (None: the day the replay runs).
    day: date | None = None

    @property
    def private(self) -> bool:
        return self.chat == PRIVATE

    @property
    def chat_id(self) -> str:
        return self.sender if self.private else self.chat


def parse_line(line: str) -> ConsoleLine | None:
    """None for blank lines and `#` comments; raises ValueError for anything else malformed."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    m = _LINE.match(stripped)
    if m is None:
        raise ValueError("expected '[HH:MM] @群名 发送人: 内容'")
    hh, mm, chat, sender, text = m.groups()
    at = None
    if hh is not None:
        if int(hh) > 23 or int(mm) > 59:
            raise ValueError(f"bad time {hh}:{mm}")
        at = time(int(hh), int(mm))
    return ConsoleLine(at, chat, sender.strip(), text.replace("\\n", "\n"))


def read_replay(path: Path) -> list[ConsoleLine]:
    """Every line checked before any is processed, so a bad file changes nothing."""
    try:
        # Bytes that are not UTF-8 become U+FFFD: the line is still handled.
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise ReplayError(f"{path}: cannot read: {e}") from None
    lines = []
    day: date | None = None
    for number, line in enumerate(raw.splitlines(), start=1):
        dated = _DATE.match(line.strip())
        try:
            if dated is not None:
                day = date.fromisoformat(dated.group(1))
                continue
            parsed = parse_line(line)
        except ValueError as e:
            raise ReplayError(f"{path}:{number}: {e}: {line.strip()[:60]!r}") from None
        if parsed is not None:
            digest = hashlib.sha256(line.encode("utf-8", "replace")).hexdigest()[:12]
            lines.append(replace(parsed, key=f"r{number}-{digest}", day=day))
    return lines


class ConsoleTransport:
    platform: Platform = "console"
    max_text_length = 4000

    def __init__(
        self, out: TextIO | None = None, *, record: bool = False, files: Path | None = None
    ) -> None:
        self.out = out or sys.stdout
        # Documents sent to console users are written here and their paths printed.
        self.files = files
        self._groups: set[str] = set()
        self._counter = 0
        # Ids must not repeat across runs on the same database, or the inbox would take a
        # second session's lines for redeliveries of the first's.
        self._session = uuid.uuid4().hex[:8]
        self._task: asyncio.Task[None] | None = None
        # (chat, text) of every send, for tests; off by default so a long session does not grow.
        self.record = record
        self.sent: list[tuple[str, str]] = []
        # The files sent, when recording (tests read them back).
        self.documents: list[bytes] = []

    def message(self, line: ConsoleLine, received_at: datetime) -> IncomingMessage:
        self._counter += 1
        if not line.private:
            self._groups.add(line.chat)
        return IncomingMessage(
            platform="console",
            chat_id=line.chat_id,
            chat_title=line.sender if line.private else line.chat,
            chat_kind="private" if line.private else "group",
            message_id=line.key or f"c{self._session}-{self._counter}",
            sender_id=line.sender,
            sender_name=line.sender,
            text=line.text,
            received_at=received_at,
            addressed=BOT_NAME in line.text,
        )

    async def start(self, core: Core) -> None:
        """Read stdin lines in the background until end of input."""
        await self.learn_groups(core)
        if isinstance(sys.stdin, io.TextIOWrapper):
            # One bad byte must not end the session: it becomes U+FFFD and the line is read.
            sys.stdin.reconfigure(errors="replace")
        self._task = asyncio.create_task(self._read_stdin(core))

    async def learn_groups(self, core: Core) -> None:
        """Which chats are groups, from config's bindings and stored messages, so replies
        queued before a restart print under their group, not as private chats."""
        self._groups |= await core.group_chats("console")

    async def _read_stdin(self, core: Core) -> None:
        loop = asyncio.get_running_loop()
        while True:
            raw = await loop.run_in_executor(None, sys.stdin.readline)
            if not raw:
                return
            try:
                line = parse_line(raw)
            except ValueError as e:
                self._print("!", f"{e}")
                continue
            if line is not None:
                await core.receive(self.message(line, datetime.now().astimezone()))

    async def wait_closed(self) -> None:
        if self._task is not None:
            await self._task

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def send_text(self, chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        if self.record:
            self.sent.append((chat_id, text))
        self._print(chat_id, text)

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        if self.record:
            self.sent.append((chat_id, f"[{filename}] {caption}"))
            self.documents.append(data)
        where = keep_file(self.files, filename, data)
        self._print(chat_id, f"[文件 {where}，{len(data)} 字节] {caption}")

    def _print(self, chat_id: str, text: str) -> None:
        label = chat_id if chat_id in self._groups or chat_id == "!" else f"{PRIVATE} {chat_id}"
        for i, line in enumerate(text.splitlines() or [""]):
            prefix = f"[{label}] " if i == 0 else " " * (len(label) + 3)
            print(prefix + line, file=self.out, flush=True)
