"""Door numbers (bot/parse/address.py): building / unit / room from the message text, the
display name and the chat title, how those parts combine, and the numbers that are not rooms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.parse.address import best_door, door_text, find_doors, merge
from bot.parse.normalise import fold
from tests.parse_helpers import door, parse

REALDATA = Path(__file__).resolve().parents[1].parent / "shared/realdata/kuaituantuan_export.xlsx"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("3-2-501 鸡蛋一盒", ("3", "2", "501")),
        ("3栋2单元501 鸡蛋一盒", ("3", "2", "501")),
        ("三号楼二单元五零一 鸡蛋一盒", ("3", "2", "501")),
        ("5栋302 鸡蛋一盒", ("5", None, "302")),
        ("B座1201 鸡蛋一盒", ("B", None, "1201")),
        ("b座1101 米面油", ("B", None, "1101")),
        ("5栋2单元1101室，白面一袋", ("5", "2", "1101")),
        ("3号楼1单元302号 要一桶花生油", ("3", "1", "302")),
        ("６-１-４０２ 纯牛奶两箱", ("6", "1", "402")),
    ],
)
def test_door_forms_in_the_text(text: str, want: tuple[str | None, ...]) -> None:
    assert door(parse(text)) == want


def test_building_only_from_a_ten_zhuang_title() -> None:
    assert door(parse("通知：明早7点全员核酸", sender="社区王书记", chat="10幢居民群")) == (
        "10",
        None,
        None,
    )


def test_chat_title_building_combines_with_sender_room() -> None:
    assert door(parse("鸡蛋一盒", sender="2-501", chat="3号楼群")) == ("3", "2", "501")


def test_chat_title_unit_fills_a_bare_room_sender() -> None:
    assert door(parse("鸡蛋一盒", sender="802 孔", chat="7栋2单元群")) == ("7", "2", "802")


def test_bare_room_in_text_takes_building_and_unit_from_sender() -> None:
    msg = parse("楼下401的孙奶奶一个人住，谁能去看看", sender="3-2-601 李姐", chat="3号楼业主群")
    assert door(msg) == ("3", "2", "401")


def test_unit_and_room_in_text_override_the_senders() -> None:
    msg = parse("帮3单元502的王大爷订一箱方便面", sender="二单元601李", chat="10幢居民群")
    assert door(msg) == ("10", "3", "502")


def test_two_part_label_in_a_building_chat_is_unit_and_room() -> None:
    assert door(parse("2-301也要一份蔬菜包", sender="3-1-702", chat="3号楼业主群")) == (
        "3",
        "2",
        "301",
    )


def test_two_part_label_without_a_building_is_building_and_room() -> None:
    assert door(parse("76-1202 鸡蛋一盒", chat="幸福里社区保供群")) == ("76", None, "1202")


def test_letter_building_in_a_dash_label() -> None:
    assert door(parse("鸡蛋一盒", sender="B-1503 许", chat="阳光花园B座群")) == ("B", None, "1503")


def test_another_household_in_another_building_keeps_no_sender_room() -> None:
    msg = parse("帮5楼的张奶奶订两袋米", sender="3-2-501", chat="3号楼业主群")
    assert door(msg) == ("5", None, None)


def test_floor_word_is_not_a_building() -> None:
    msg = parse("3号楼的菜到了，放在一楼大厅", sender="3号楼楼长 老陈", chat="3号楼业主群")
    assert door(msg) == ("3", None, None)


def test_room_is_never_guessed() -> None:
    assert door(parse("鸡蛋两盒 挂面一把", sender="花开富贵", chat="7栋2单元群")) == (
        "7",
        "2",
        None,
    )


# A room named alone takes building and unit from the sender, whatever the intent.
@pytest.mark.parametrize(
    ("text", "intent", "room"),
    [
        ("麻烦问下703的鸡蛋送了吗", "status", "703"),
        ("帮905问一下明天还做核酸吗", "question", "905"),
        ("1102的菜包不要了", "cancel", "1102"),
        ("请转告604家，牛奶收到了", "received", "604"),
        ("替302订两袋米", "order", "302"),
    ],
)
def test_room_named_alone_takes_the_senders_building_and_unit_for_every_intent(
    text: str, intent: str, room: str
) -> None:
    msg = parse(text, sender="6-2-801 刘", chat="6号楼业主群")
    assert msg.intent == intent
    assert door(msg) == ("6", "2", room)


@pytest.mark.parametrize(
    "text",
    ["3楼的阿姨要两袋米吗", "大米35元一袋吗", "明天12点能送吗", "买了2022的新米", "要100个口罩"],
)
def test_counts_prices_times_and_years_leave_the_senders_room(text: str) -> None:
    msg = parse(text, sender="6-2-801 刘", chat="6号楼业主群")
    assert msg.address is not None
    assert msg.address.room in ("801", None)


@pytest.mark.parametrize(
    "text",
    [
        "打了120，救护车进不来",
        "燃气卡没气了，求帮忙充一下，200块",
        "孩子发烧38度5",
        "大米50斤一袋 130元",
    ],
)
def test_counts_prices_and_phone_numbers_are_not_rooms(text: str) -> None:
    assert door(parse(text)) is None


# Service lines next to a dialling word are phone numbers, not rooms.
@pytest.mark.parametrize(
    "text",
    [
        "我爸喘不上气，拨了120一直占线",
        "刚才打110报警了，楼道里有人吵架",
        "119电话打了，烟还挺大",
    ],
)
def test_service_number_after_a_dialling_word_is_not_a_room(text: str) -> None:
    assert door(parse(text, sender="4-3-909 冯", chat="4号楼群")) == ("4", "3", "909")


def test_room_120_without_a_dialling_word_is_still_a_room() -> None:
    assert door(parse("帮120的王阿姨订一袋米", sender="4-3-909 冯", chat="4号楼群")) == (
        "4",
        "3",
        "120",
    )


# `N#` marks a building in chat titles, display names and text.
@pytest.mark.parametrize(
    ("text", "sender", "chat", "want"),
    [
        ("鸡蛋一盒", "3-601 钱", "9#楼业主群", ("9", "3", "601")),
        ("面条两把", "12#2-1103 孙", "幸福里住户群", ("12", "2", "1103")),
        ("8#1-702 要一箱牛奶", "", "幸福里住户群", ("8", "1", "702")),
        ("7#501 两袋米", "", "幸福里住户群", ("7", None, "501")),
    ],
)
def test_number_then_hash_marks_a_building(
    text: str, sender: str, chat: str, want: tuple[str | None, ...]
) -> None:
    assert door(parse(text, sender=sender, chat=chat)) == want


def test_hash_without_a_number_is_not_a_building() -> None:
    msg = parse("#接龙# 今天的菜", sender="2-2-301 吴", chat="2号楼群")
    assert door(msg) == ("2", "2", "301")


# Display names in less common formats.
@pytest.mark.parametrize(
    ("sender", "chat", "want"),
    [
        ("王大爷（1单元202）", "9号楼业主群", ("9", "1", "202")),
        ("李阿姨(5栋1单元302室)", "阳光小区群", ("5", "1", "302")),
        ("【3-2-501】张", "阳光小区群", ("3", "2", "501")),
        ("6号楼2-1102 刘", "阳光小区群", ("6", "2", "1102")),
        ("刘 6幢2-1102", "阳光小区群", ("6", "2", "1102")),
        ("张姐 12号楼3-602室", "阳光小区群", ("12", "3", "602")),
    ],
)
def test_door_read_from_display_names_in_any_format(
    sender: str, chat: str, want: tuple[str, str, str]
) -> None:
    assert door(parse("来点面条", sender=sender, chat=chat)) == want


def test_bracketed_aside_without_a_door_is_dropped_one_with_a_door_is_read() -> None:
    assert door(parse("来点面条", sender="小王[隔离中]", chat="阳光小区群")) is None
    assert door(parse("帮张阿姨（3-1-402）送一箱奶", sender="", chat="")) == ("3", "1", "402")


# A building named in the text combines with the sender's unit and room.
@pytest.mark.parametrize(
    ("text", "sender", "want"),
    [
        ("9号楼的菜包啥时候到", "3单元501 老吴", ("9", "3", "501")),
        ("我是11栋的，米什么时候送", "1单元1202 小朱", ("11", "1", "1202")),
        ("7号楼这边还停水吗", "1单元1502 何", ("7", "1", "1502")),
    ],
)
def test_building_in_the_text_joins_the_senders_unit_and_room(
    text: str, sender: str, want: tuple[str, ...]
) -> None:
    assert door(parse(text, sender=sender, chat="锦绣花园团购群")) == want


def test_building_in_the_text_other_than_the_chats_keeps_the_senders_room_off() -> None:
    # The chat says building 3: a message naming building 9 is another household.
    msg = parse("9号楼的菜包啥时候到", sender="3单元501 老吴", chat="3号楼群")
    assert door(msg) == ("9", None, None)


def test_street_number_is_not_a_building() -> None:
    mention = best_door(find_doors(door_text(fold("上海市闵行区紫龙路500弄69号501室")), "text"))
    assert mention is not None
    assert mention.parts == ("69", None, "501")


def test_merge_never_moves_the_senders_room_to_another_building() -> None:
    assert merge(("5", None, None), ("3", "2", "501")) == ("5", None, None)


def test_merge_fills_rooms_below_an_agreeing_building() -> None:
    assert merge(("A", None, None), ("A", None, "1602")) == ("A", None, "1602")


def _real_rows() -> list[tuple[str, str, str]]:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(REALDATA, read_only=True)
    rows = []
    for row in list(wb["顾客购买表"].iter_rows(values_only=True))[1:]:
        text, room, building = str(row[19]), str(row[21]), str(row[22])
        room = re.sub(r"\s|室", "", room)
        building = re.sub(r"\s|号楼|号|楼", "", building)
        # Only rows whose own columns agree with the typed address can judge the parser.
        if room.isdigit() and building.isdigit() and room in text and building in text:
            rows.append((text, building, room))
    return rows


@pytest.mark.skipif(not REALDATA.exists(), reason="shared real data not present")
def test_real_kuaituantuan_addresses_are_read() -> None:
    rows = _real_rows()
    assert len(rows) >= 100
    wrong = []
    for text, building, room in rows:
        mention = best_door(find_doors(door_text(fold(text)), "text"))
        got = (mention.parts[0], mention.parts[2]) if mention else None
        if got != (building, room):
            wrong.append((text, got))
    assert len(wrong) / len(rows) <= 0.05, wrong[:10]
