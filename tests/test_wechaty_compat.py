"""The wechaty import shim: still needed, and still enough."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("wechaty_puppet")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_wechaty_does_not_import_without_the_shim() -> None:
    # If this starts passing, wechaty was fixed upstream and the shim can go.
    result = _python("import wechaty")
    assert result.returncode != 0
    assert "mutable default" in result.stderr and "PuppetOptions" in result.stderr


def test_the_compat_module_imports_wechaty_and_leaves_puppet_options_usable() -> None:
    result = _python(
        "from bot.transports.wechaty_compat import PuppetOptions, Wechaty, WechatyOptions\n"
        "a = PuppetOptions(token='a', end_point='127.0.0.1:1')\n"
        "b = PuppetOptions(token='b', end_point='127.0.0.1:2')\n"
        "assert a != b and a.token == 'a'\n"
        "options = WechatyOptions(puppet_options=a)\n"
        "assert options.puppet_options is a\n"
        "print('ok')"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
