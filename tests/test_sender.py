"""The sender merges, paces, splits and retries without losing a reply."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.config import Pacing
from bot.messages import Reply
from bot.sender import Outcome, Sender, compose, split_reply, split_text
from bot.transports.base import SendFailed
from storage import outbox
from storage.db import Database, open_database
from storage.rows import OutboxRow

T0 = datetime(2026, 4, 10, 0, 0, tzinfo=UTC)


class RecordingTransport:
    platform = "console"
    max_text_length = 4000

    def __init__(self) -> None:
        self.sent: list[tuple[datetime, str, str]] = []
        self.fail_next: list[SendFailed] = []
        self.clock: ManualClock | None = None

    async def start(self, core: object) -> None: ...
    async def stop(self) -> None: ...

    async def send_text(self, chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        if self.fail_next:
            raise self.fail_next.pop(0)
        assert self.clock is not None
        self.sent.append((self.clock.now(), chat_id, text))

    async def send_document(self, chat_id: str, filename: str, data: bytes, caption: str) -> None:
        await self.send_text(chat_id, f"{filename}:{len(data)}")


def _row(i: int, text: str, merge: str | None = None, header: str | None = None) -> OutboxRow:
    return OutboxRow(
        id=i,
        platform="console",
        chat_id="g",
        private=False,
        text=text,
        merge_text=merge,
        merge_header=header,
        document=None,
        filename=None,
        not_before=T0,
        attempts=0,
    )


def test_single_waiting_reply_is_sent_in_its_full_form() -> None:
    msg = compose(
        [_row(1, "已记录 3-2-501：大米2袋，单号#1。", "501 大米2袋 #1", "已记录：")], 4000
    )
    assert msg.text == "已记录 3-2-501：大米2袋，单号#1。"


def test_waiting_acknowledgements_merge_under_one_header() -> None:
    rows = [
        _row(1, "full1", "501 大米2袋 #12", "已记录："),
        _row(2, "full2", "302 鸡蛋1盒 #13", "已记录："),
    ]
    msg = compose(rows, 4000)
    assert msg.text == "已记录：501 大米2袋 #12；302 鸡蛋1盒 #13"
    assert msg.row_ids == (1, 2)


def test_identical_fragments_are_said_once() -> None:
    rows = [_row(1, "hint", "请绑定", ""), _row(2, "hint", "请绑定", "")]
    assert compose(rows, 4000).text == "请绑定"


def test_merged_message_stops_at_the_length_limit() -> None:
    rows = [_row(i, "x", f"fragment-{i:03d}", "H:") for i in range(100)]
    msg = compose(rows, 200)
    assert len(msg.text) <= 200
    assert 0 < len(msg.row_ids) < 100


def test_long_text_splits_at_line_breaks_under_the_limit() -> None:
    text = "\n".join(f"第{i}行 " + "米" * 50 for i in range(200))
    pieces = split_text(text, 4000)
    assert all(len(p) <= 4000 for p in pieces)
    assert "\n".join(pieces) == text
    assert all(p.startswith("第") for p in pieces)


def test_text_without_breaks_is_cut_hard_and_loses_nothing() -> None:
    text = "米" * 9000
    pieces = split_text(text, 4000)
    assert [len(p) for p in pieces] == [4000, 4000, 1000]


async def _sender(
    tmp_path: Path, pacing: Pacing | None = None
) -> tuple[Database, Sender, RecordingTransport, ManualClock]:
    db = await open_database(tmp_path / "o.db")
    clock = ManualClock(T0)
    transport = RecordingTransport()
    transport.clock = clock
    sender = Sender(db, {"console": transport}, pacing or Pacing(), clock)
    return db, sender, transport, clock


async def _queue(db: Database, clock: ManualClock, *replies: Reply) -> None:
    now = clock.now()
    await db.write(lambda conn: [outbox.enqueue(conn, r, now) for r in replies])


def _ack(n: int, chat: str = "g") -> Reply:
    return Reply(
        platform="console",
        chat_id=chat,
        text=f"已记录 #{n}",
        merge_text=f"#{n}",
        merge_header="已记录：",
    )


async def test_group_gets_at_most_one_message_per_interval(tmp_path: Path) -> None:
    db, sender, transport, clock = await _sender(tmp_path)
    for n in range(10):
        await _queue(db, clock, _ack(n))
        await sender.flush()
        clock.advance(0.5)
    assert len(transport.sent) == 2  # t=0 and t=3: the group interval is 60/20 s
    await _drain(sender, clock)
    assert len(transport.sent) == 3
    assert "#9" in transport.sent[-1][2]
    await db.close()


async def test_different_chats_are_paced_separately(tmp_path: Path) -> None:
    db, sender, transport, clock = await _sender(tmp_path)
    await _queue(db, clock, _ack(1, "a"), _ack(2, "b"))
    await sender.flush()
    clock.advance(0.05)  # past the platform-wide interval (30/s), far inside a group's 3 s
    await sender.flush()
    assert {c for _, c, _ in transport.sent} == {"a", "b"}
    await db.close()


async def test_failed_send_is_retried_after_retry_after_and_not_lost(tmp_path: Path) -> None:
    db, sender, transport, clock = await _sender(tmp_path)
    transport.fail_next.append(SendFailed("429", retry_after=7))
    await _queue(db, clock, _ack(1))
    next_at = await sender.flush()
    assert transport.sent == []
    assert next_at == T0 + timedelta(seconds=7)
    clock.advance(6)
    await sender.flush()
    assert transport.sent == []
    clock.advance(1)
    await sender.flush()
    assert [t for _, _, t in transport.sent] == ["已记录 #1"]
    assert await db.read(lambda c: outbox.pending(c, "console")) == []
    await db.close()


async def test_failures_without_retry_after_back_off_exponentially(tmp_path: Path) -> None:
    db, sender, transport, clock = await _sender(tmp_path, Pacing(group_per_minute=6000))
    transport.fail_next += [SendFailed("down"), SendFailed("down")]
    await _queue(db, clock, _ack(1))
    first = await sender.flush()
    assert first is not None
    # 2 s, then 4 s, each with up to a fifth of jitter either way.
    assert 1.6 <= (first - T0).total_seconds() <= 2.4
    clock.set(first)
    second = await sender.flush()
    assert second is not None and 3.2 <= (second - first).total_seconds() <= 4.8
    await db.close()


async def test_a_flood_wait_holds_the_whole_chat_to_the_millisecond(tmp_path: Path) -> None:
    db, sender, transport, clock = await _sender(tmp_path, Pacing(group_per_minute=6000))
    transport.fail_next.append(SendFailed("429", retry_after=6))
    await _queue(db, clock, Reply(platform="console", chat_id="g", text="first"))
    assert await sender.flush() == T0 + timedelta(seconds=6)
    # A newer reply for the same chat waits too; another chat does not.
    clock.advance(1)
    await _queue(
        db,
        clock,
        Reply(platform="console", chat_id="g", text="newer"),
        Reply(platform="console", chat_id="h", text="elsewhere"),
    )
    for step in (0.0, 2.0, 2.9):
        clock.set(T0 + timedelta(seconds=1 + step))
        await sender.flush()
    assert [(c, t) for _, c, t in transport.sent] == [("h", "elsewhere")]
    clock.set(T0 + timedelta(seconds=5, milliseconds=999))
    await sender.flush()
    assert len(transport.sent) == 1
    clock.set(T0 + timedelta(seconds=6))
    await _drain(sender, clock)
    assert [t for _, c, t in transport.sent if c == "g"] == ["first\nnewer"]
    assert min(at for at, c, _ in transport.sent if c == "g") >= T0 + timedelta(seconds=6)
    await db.close()


async def test_after_an_outage_the_first_success_releases_every_chat(tmp_path: Path) -> None:
    db, sender, transport, clock = await _sender(
        tmp_path, Pacing(group_per_minute=6000, private_per_second=100, overall_per_second=100)
    )
    await _queue(
        db, clock, *(Reply(platform="console", chat_id=f"g{i}", text=f"#{i}") for i in range(5))
    )
    urgent = Reply(platform="console", chat_id="duty", text="紧急", private=True, priority=3)
    await _queue(db, clock, urgent)
    # 70 seconds of 502s: the platform is probed, one send at a time, at most 10 s apart.
    attempts = []
    down_until = T0 + timedelta(seconds=70)
    original = transport.send_text

    async def flaky(chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        attempts.append((clock.now(), chat_id))
        if clock.now() < down_until:
            raise SendFailed("502", platform_wide=True)
        await original(chat_id, text)

    transport.send_text = flaky  # type: ignore[method-assign]
    while clock.now() < down_until:
        next_at = await sender.flush()
        assert next_at is not None
        clock.set(max(next_at, clock.now() + timedelta(milliseconds=1)))
    gaps = [(b[0] - a[0]).total_seconds() for a, b in itertools.pairwise(attempts)]
    assert all(g <= 12 for g in gaps) and len(attempts) < 30
    assert all(chat == "duty" for _, chat in attempts)  # the urgent one probes
    back = clock.now()
    await _drain(sender, clock)
    sent = [(at, c) for at, c, _ in transport.sent]
    assert sent[0][1] == "duty" and sent[0][0] - down_until <= timedelta(seconds=12)
    assert {c for _, c in sent} == {"duty", *(f"g{i}" for i in range(5))}
    # Once it answers, the rest go at normal pace, not after their own backoff.
    assert sent[-1][0] - back <= timedelta(seconds=1)
    await db.close()


async def test_a_refusal_for_good_marks_the_rows_dead_and_reports_them(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "o.db")
    clock = ManualClock(T0)
    transport = RecordingTransport()
    transport.clock = clock
    seen: list[Outcome] = []

    async def outcomes(found: list[Outcome]) -> None:
        seen.extend(found)

    sender = Sender(db, {"console": transport}, Pacing(), clock, outcomes)
    transport.fail_next.append(SendFailed("403 Forbidden", permanent=True))
    forward = Reply(
        platform="console", chat_id="duty", text="紧急", private=True, ref="help-forward:1"
    )
    await _queue(db, clock, forward)
    await sender.flush()
    assert await db.read(lambda c: outbox.pending(c, "console")) == []
    assert seen == [Outcome("help-forward:1", "console", "duty", False, "403 Forbidden")]
    clock.advance(600)
    await _drain(sender, clock)
    assert transport.sent == []
    await db.close()


async def _drain(sender: Sender, clock: ManualClock) -> None:
    while (next_at := await sender.flush()) is not None:
        clock.set(next_at)


def test_plain_replies_waiting_with_acknowledgements_go_in_the_same_message() -> None:
    rows = [
        _row(1, "full1", "501 大米2袋 #12", "已记录："),
        _row(2, "下一次截单：今天12:00。"),
        _row(3, "full3", "302 鸡蛋1盒 #13", "已记录："),
    ]
    msg = compose(rows, 4000)
    assert msg.text == "已记录：501 大米2袋 #12；302 鸡蛋1盒 #13\n下一次截单：今天12:00。"
    assert msg.row_ids == (1, 2, 3)


def test_a_long_reply_becomes_pieces_that_each_read_alone() -> None:
    body = "\n".join(f"第{n}行 " + "情况说明" * 20 for n in range(60))
    reply = Reply(platform="console", chat_id="duty", text="【紧急求助#1】" + body, private=True)
    pieces = split_reply(reply, 1000)
    count = len(pieces)
    assert count > 2
    for n, piece in enumerate(pieces, start=1):
        assert piece.text.startswith(f"【紧急求助#1】({n}/{count})")
        assert len(piece.text) <= 1000
        assert piece.private and piece.chat_id == "duty"
    # Nothing lost, nothing doubled.
    again = "".join(
        p.text.removeprefix(f"【紧急求助#1】({n}/{count})") for n, p in enumerate(pieces, start=1)
    )
    assert again.replace("\n", "") == body.replace("\n", "")


def test_a_short_reply_or_a_file_stays_whole() -> None:
    short = Reply(platform="console", chat_id="g", text="已记录 #1")
    assert split_reply(short, 1000) == [short]
    file = Reply(platform="console", chat_id="g", text="x" * 5000, document=b"1")
    assert split_reply(file, 1000) == [file]


async def test_a_failed_piece_is_resent_alone_and_pieces_are_paced(tmp_path: Path) -> None:
    db, sender, transport, clock = await _sender(
        tmp_path, Pacing(private_per_second=1, max_text_length=1000)
    )
    body = "\n".join(f"第{n}行 " + "情况说明" * 20 for n in range(60))
    reply = Reply(platform="console", chat_id="duty", text="【紧急求助#1】" + body, private=True)
    pieces = split_reply(reply, 1000)
    await _queue(db, clock, *pieces)
    original = transport.send_text
    calls: list[str] = []

    async def second_fails_once(chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        calls.append(text)
        if len(calls) == 2:
            raise SendFailed("502")
        await original(chat_id, text)

    transport.send_text = second_fails_once  # type: ignore[method-assign]
    await _drain(sender, clock)
    sent = [t for _, _, t in transport.sent]
    assert sent == [p.text for p in pieces]  # each piece once, in order
    assert calls.count(pieces[0].text) == 1 and calls.count(pieces[1].text) == 2
    times = [at for at, _, _ in transport.sent]
    assert all(b - a >= timedelta(seconds=1) for a, b in itertools.pairwise(times))
    await db.close()


async def test_the_platform_answering_elsewhere_releases_replies_backing_off(
    tmp_path: Path,
) -> None:
    db, sender, transport, clock = await _sender(tmp_path, Pacing(group_per_minute=6000))
    transport.fail_next += [SendFailed("502", platform_wide=True)] * 3
    await _queue(db, clock, Reply(platform="console", chat_id="g", text="等着"))
    retry_at = await sender.flush()
    for _ in range(2):
        assert retry_at is not None
        clock.set(retry_at)
        retry_at = await sender.flush()
    # Backing off about 8 s now; then getUpdates (say) answers: no need to wait it out.
    assert retry_at is not None and retry_at - clock.now() > timedelta(seconds=6)
    sender.recovered("console")
    clock.advance(0.1)
    await sender.flush()
    assert [t for _, _, t in transport.sent] == ["等着"]
    assert transport.sent[0][0] < retry_at - timedelta(seconds=5)
    await db.close()


async def test_a_group_reply_names_whom_it_answers_and_a_merged_one_names_each_once(
    tmp_path: Path,
) -> None:
    db, sender, transport, clock = await _sender(tmp_path)
    named: list[tuple[str, ...]] = []
    original = transport.send_text

    async def recording(chat_id: str, text: str, mentions: Sequence[str] = ()) -> None:
        named.append(tuple(mentions))
        await original(chat_id, text)

    transport.send_text = recording  # type: ignore[method-assign]
    one = _ack(1).model_copy(update={"mention": "wx_a"})
    await _queue(db, clock, one)
    await _drain(sender, clock)
    more = [
        _ack(n).model_copy(update={"mention": m})
        for n, m in ((2, "wx_b"), (3, "wx_c"), (4, "wx_b"))
    ]
    await _queue(db, clock, *more)
    await _drain(sender, clock)
    assert named == [("wx_a",), ("wx_b", "wx_c")]
    await db.close()
