"""Phone and ID numbers (bot/privacy.py): found in any written form, never read as doors."""

from __future__ import annotations

import logging

import pytest

from bot.privacy import RedactPersonal, blank_personal, holds_personal, redact
from tests.parse_helpers import parse

PHONES = [
    "13912345678",
    "139-1234-5678",
    "139 1234 5678",
    "+86 139 1234 5678",
    "0086-13912345678",
    "１３９１２３４５６７８",
    "139.1234.5678",
    "021-64381234",
    "310104198805162417",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phones_and_ids_in_any_written_form_are_found(phone: str) -> None:
    assert holds_personal(f"电话{phone}，谢谢")
    assert "1234" not in redact(f"电话{phone}") or "021" in phone


@pytest.mark.parametrize("text", ["3-2-501", "5-1502", "10-2-301 大米2袋", "1391234567", "12:00"])
def test_doors_times_and_short_numbers_are_not_phones(text: str) -> None:
    assert not holds_personal(text)


@pytest.mark.parametrize("phone", PHONES[:8])
def test_a_phone_is_never_read_as_a_door(phone: str) -> None:
    msg = parse(f"老人发烧要去医院 电话{phone}", sender="张三", chat="5号楼群")
    assert msg.address is None or msg.address.room is None


def test_blanking_keeps_every_other_character_in_place() -> None:
    text = "3-2-501 电话139 1234 5678 大米两袋"
    blanked = blank_personal(text)
    assert len(blanked) == len(text) and blanked.endswith("大米两袋") and "139" not in blanked


def test_log_records_lose_phone_numbers_whoever_logs_them() -> None:
    record = logging.LogRecord(
        "x", logging.WARNING, "f", 1, "send to %s failed", ("小明13611112222",), None
    )
    RedactPersonal().filter(record)
    assert record.getMessage() == "send to 小明**** failed"
