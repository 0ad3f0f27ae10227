"""The parser imports light and loads its heavy helpers when told to, before the first
resident's message rather than during it."""

from __future__ import annotations

import subprocess
import sys

SNIPPET = """
import sys
from bot.catalog import default_catalog
from bot.parse import Parser
p = Parser(default_catalog())
before = [m in sys.modules for m in ("pypinyin", "cn2an")]
p.warm_up()
after = [m in sys.modules for m in ("pypinyin", "cn2an")]
print(before, after)
"""


def test_heavy_modules_load_on_warm_up_not_on_import() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SNIPPET], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[False, False] [True, True]"
