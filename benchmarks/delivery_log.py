"""Delivery as the Bot API sees it: the whole bot against the fake Telegram server on
loopback, once with duty people who never pressed Start (403), once with a 429 flood wait.

    .venv/bin/python benchmarks/delivery_log.py [--retry-after 3]

Prints the server's log of every send: seconds since the first, chat, HTTP status, the
text's start; then how many sends arrived inside a flood wait the bot had been told of,
and how long after the 429 the chat's next send came. Figures only; the assertions are in
tests/test_telegram_delivery.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fake_telegram_api import FakeTelegramAPI  # noqa: E402
from tests.test_telegram_delivery import (  # noqa: E402
    CADRE,
    DUTY,
    GROUP,
    RESIDENT,
    SECOND_DUTY,
    _config,
)
from tests.test_telegram_scenarios import running_bot  # noqa: E402

NAMES = {DUTY: "duty 1", SECOND_DUTY: "duty 2", CADRE: "cadre", GROUP: "group"}


def _print_log(api: FakeTelegramAPI) -> None:
    if not api.send_log:
        print("  (nothing sent)")
        return
    start = api.send_log[0].at
    for e in api.send_log:
        who = NAMES.get(e.chat_id if isinstance(e.chat_id, int) else 0, str(e.chat_id))
        text = e.text.replace("\n", " ")[:40]
        print(f"  +{e.at - start:6.3f}s  {who:7}  {e.status}  {text}")


async def forbidden(folder: Path, everyone: bool) -> None:
    async with FakeTelegramAPI() as api:
        refused = (DUTY, SECOND_DUTY, CADRE) if everyone else (DUTY,)
        for person in refused:
            api.forbid(person)
        title = "nobody can be reached" if everyone else "duty 1 never pressed Start"
        print(f"403 fallback, {title}:")
        async with running_bot(_config(api, folder / f"forbidden-{everyone}.db")):
            api.push_text(
                GROUP, "supergroup", "3号楼业主群", RESIDENT, "3-2-1202 老周", "老人要去医院透析"
            )
            want = "021-5555" if everyone else "已转给"
            await api.wait_until(lambda: any(want in m.text for m in api.sent), timeout=20)
            await asyncio.sleep(0.5)
        _print_log(api)


async def flood(folder: Path, retry_after: int) -> None:
    async with FakeTelegramAPI() as api:
        api.flood(GROUP, retry_after)
        print(f"429 with retry_after={retry_after} on the group, three more orders inside it:")
        loop = asyncio.get_running_loop()
        async with running_bot(_config(api, folder / "flood.db")):
            api.push_text(GROUP, "supergroup", "3号楼业主群", 501, "3-2-501", "3-2-501 大米两袋")
            await api.wait_until(lambda: any(e.status == 429 for e in api.send_log), timeout=10)
            refused_at = loop.time()
            for room in ("502", "503", "504"):
                api.push_text(GROUP, "supergroup", "群", int(room), room, f"3-2-{room} 鸡蛋一盒")
            await api.wait_until(
                lambda: "3-2-504" in "".join(m.text for m in api.sent), timeout=retry_after + 20
            )
        _print_log(api)
        after = next(e.at for e in api.send_log if e.status == 200) - refused_at
        print(f"  sends inside the wait: {len(api.sent_inside_wait)}")
        print(f"  first send after the 429: {after:.3f}s (retry_after {retry_after}s)")


async def main(retry_after: int) -> None:
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        await forbidden(folder, everyone=False)
        await forbidden(folder, everyone=True)
        await flood(folder, retry_after)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retry-after", type=int, default=3)
    asyncio.run(main(parser.parse_args().retry_after))
