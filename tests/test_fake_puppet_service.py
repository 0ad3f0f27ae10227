"""The fake puppet service, driven through the real wechaty client over gRPC on loopback."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wechaty_grpc")
pytest.importorskip("wechaty_puppet_service")

from tests.fake_puppet_service import (
    FakePuppetService,
    apply_wechaty_py311_shim,
    clear_wechaty_caches,
    free_port,
)

ROOM = "1234@chatroom"
WANG = "wxid_wang"
LI = "wxid_li"


@dataclass
class Client:
    """A real Wechaty connected to the fake, with what its handlers saw."""

    bot: Any
    scheduler: Any
    task: asyncio.Task[None] | None = None
    messages: list[Any] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    def start_puppet(self) -> None:
        # Wechaty.start() swallows errors and may stop the loop; the puppet is started by hand.
        self.task = asyncio.create_task(self.bot.puppet.start())


@pytest.fixture
async def fake() -> AsyncIterator[FakePuppetService]:
    async with FakePuppetService() as service:
        service.add_contact(WANG, "王阿姨")
        service.add_contact(LI, "李师傅")
        service.add_room(ROOM, "3号楼团购", [WANG, LI, service.self_id], {WANG: "3-501王"})
        yield service


@pytest.fixture
async def client(
    fake: FakePuppetService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Client]:
    monkeypatch.setenv("CACHE_DIR", str(tmp_path / "wechaty"))
    apply_wechaty_py311_shim()
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.transports.wechaty_compat import PuppetOptions, Wechaty, WechatyOptions

    clear_wechaty_caches()
    scheduler = AsyncIOScheduler()
    bot = Wechaty(
        WechatyOptions(
            puppet_options=PuppetOptions(end_point=fake.endpoint, token=fake.token),
            port=free_port(),
            scheduler=scheduler,
        )
    )
    state = Client(bot, scheduler)

    async def on_message(message: Any) -> None:
        state.messages.append(message)

    bot.on("message", on_message)
    # Exceptions in handlers arrive here instead of propagating anywhere.
    bot.on("error", state.errors.append)
    await bot.init_puppet()
    await bot.init_puppet_event_bridge(bot.puppet)
    state.start_puppet()
    await fake.wait_until(lambda: bot.puppet.login_user_id == fake.self_id)
    yield state
    if state.task is not None and not state.task.done():
        await bot.stop()
        await asyncio.wait_for(state.task, 5)
    elif bot._puppet is not None and bot.puppet.channel is not None:
        bot.puppet.channel.close()
    if scheduler.running:
        scheduler.shutdown(wait=False)
    clear_wechaty_caches()
    assert state.errors == []


async def test_room_text_reaches_a_wechaty_handler_with_room_and_talker(
    fake: FakePuppetService, client: Client
) -> None:
    from bot.transports.wechaty_compat import MessageType

    message_id = fake.push_room_text(ROOM, WANG, "3-501 白菜2斤", timestamp=1_700_000_000.25)
    await fake.wait_until(lambda: len(client.messages) == 1)

    message = client.messages[0]
    room, talker = message.room(), message.talker()
    assert message.message_id == message_id
    assert message.type() == MessageType.MESSAGE_TYPE_TEXT
    assert message.text() == "3-501 白菜2斤"
    assert message.date() == datetime.fromtimestamp(1_700_000_000.25)
    assert room.room_id == ROOM and await room.topic() == "3号楼团购"
    assert (talker.contact_id, talker.name) == (WANG, "王阿姨")
    assert await room.alias(talker) == "3-501王"
    assert not message.is_self()
    assert fake.authorities.keys() == {fake.token}


async def test_room_say_with_a_mention_is_sent_as_at_name_text_and_reloads(
    fake: FakePuppetService, client: Client
) -> None:
    fake.push_room_text(ROOM, WANG, "3-501 白菜2斤")
    await fake.wait_until(lambda: len(client.messages) == 1)

    reply = await client.messages[0].room().say("收到", mention_ids=[WANG])

    sent = await fake.wait_for_sent(lambda s: s.conversation_id == ROOM)
    assert sent.text == "@王阿姨 收到" and sent.mention_ids == (WANG,)
    assert reply.text() == "@王阿姨 收到" and reply.talker().contact_id == fake.self_id
    assert fake.message(reply.message_id).room_id == ROOM


async def test_private_text_is_answered_by_contact_say_and_a_filebox_arrives_whole(
    fake: FakePuppetService, client: Client
) -> None:
    from bot.transports.wechaty_compat import FileBox

    fake.push_private_text(LI, "你好")
    await fake.wait_until(lambda: len(client.messages) == 1)
    message = client.messages[0]
    assert message.room() is None and message.talker().contact_id == LI

    await message.talker().say("私聊")
    csv = "楼,数量\n3-501,2\n".encode()
    await message.talker().say(FileBox.from_base64(base64.b64encode(csv), name="orders.csv"))

    assert (await fake.wait_for_sent()).conversation_id == LI
    assert fake.sent[0].text == "私聊"
    sent_file = await fake.wait_for_file()
    assert (sent_file.conversation_id, sent_file.filename, sent_file.data) == (
        LI,
        "orders.csv",
        csv,
    )


async def test_service_outage_ends_the_event_stream_and_a_restarted_puppet_gets_the_backlog(
    fake: FakePuppetService, client: Client
) -> None:
    port = fake.port
    await fake.stop_serving()
    assert client.task is not None
    await asyncio.wait_for(client.task, 2)  # returns normally: the client does not reconnect
    with pytest.raises(ConnectionRefusedError):
        await client.bot.puppet.ding("down")

    fake.push_private_text(LI, "停机时发的")
    await fake.serve_again()
    assert fake.port == port
    client.bot.puppet.channel.close()  # puppet.start() opens a new one and leaks the old
    client.start_puppet()

    await fake.wait_until(lambda: len(client.messages) == 1)
    assert client.messages[0].text() == "停机时发的"
    assert fake.event_streams_opened == 2
