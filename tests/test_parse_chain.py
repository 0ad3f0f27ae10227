"""接龙 lists (bot/parse/chain.py, read by bot/parse/parser.py): only lines new since the last
repost are orders, each line is one household, and a header's goods fill bare counts."""

from __future__ import annotations

from tests.parse_helpers import door, goods, parse

HEAD = "#接龙\n明天保供蔬菜包，每份38元，中午12点截止\n601 蔬菜包1份\n1202 蔬菜包2份"
CHAT = "7栋2单元群"


def test_only_the_new_entry_is_the_order() -> None:
    msg = parse(HEAD + "\n1101 孙 蔬菜包1份", sender="1101 孙", chat=CHAT, context=(HEAD,))
    assert msg.intent == "order"
    assert msg.is_chain
    assert door(msg) == ("7", "2", "1101")
    assert goods(msg) == [("蔬菜包", 1, "份")]


def test_unchanged_repost_is_not_an_order() -> None:
    msg = parse(HEAD, sender="601 何", chat=CHAT, context=(HEAD,))
    assert msg.intent == "other"
    assert msg.items == ()


def test_several_new_entries_are_separate_orders() -> None:
    text = HEAD + "\n1101 孙 蔬菜包1份\n302 菜包两份"
    msg = parse(text, sender="302 何姐", chat=CHAT, context=(HEAD,))
    assert [door_of(e.address) for e in msg.chain_entries] == [
        ("7", "2", "1101"),
        ("7", "2", "302"),
    ]
    assert door(msg) == ("7", "2", "1101")


def test_entry_without_a_door_is_the_senders() -> None:
    head = "#接龙\n东北大米团购 50斤一袋 130元\n3-1-302 大米1袋"
    msg = parse(head + "\n王姐 大米1袋", sender="3-2-501 王姐", chat="3号楼业主群", context=(head,))
    assert door(msg) == ("3", "2", "501")
    assert goods(msg) == [("大米", 1, "袋")]


def test_numbered_entries_without_context_are_all_new() -> None:
    msg = parse("接龙 鸡蛋\n1. 301 鸡蛋1盒\n2. 502 鸡蛋2盒", sender="502 李", chat="9号楼2单元群")
    assert len(msg.chain_entries) == 2
    assert door(msg) == ("9", "2", "301")


def test_header_lines_with_prices_are_not_entries() -> None:
    text = "#接龙\n10幢米面油团购：大米10斤/袋 50元，面粉5斤/袋 20元\n1-301 大米1袋"
    msg = parse(text, sender="1-301", chat="10幢居民群")
    assert len(msg.chain_entries) == 1
    assert goods(msg) == [("大米", 1, "袋")]


def test_mentioning_a_chain_in_one_line_is_not_a_chain() -> None:
    assert not parse("我接龙的那盒鸡蛋什么时候能送上来？", sender="1001 石").is_chain


def test_entry_with_only_a_count_takes_the_header_goods() -> None:
    text = "土豆团购接龙 5斤一份\n1. 4-1-101 2份\n2. 4-2-701 1份"
    msg = parse(text, sender="4-2-701 刘", chat="4号楼业主群")
    assert msg.intent == "order"
    assert goods(msg) == [("土豆", 2, "份")]
    assert len(msg.chain_entries) == 2
    assert [goods(e) for e in msg.chain_entries][1] == [("土豆", 1, "份")]


def test_header_naming_two_goods_does_not_guess_which_a_count_is() -> None:
    text = "大米和面粉接龙\n1. 4-1-101 2袋"
    msg = parse(text, sender="4-2-701 刘", chat="4号楼业主群")
    assert msg.intent == "other"


def door_of(address: object) -> tuple[str | None, ...] | None:
    if address is None:
        return None
    return (address.building, address.unit, address.room)  # type: ignore[attr-defined]
