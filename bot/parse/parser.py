"""The pure parser: message text + sender name + chat title (+ context) -> ParsedMessage."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.catalog import Catalog
from bot.messages import (
    ContextMessage,
    HelpCategory,
    Intent,
    OrderEntry,
    ParsedItem,
    ParsedMessage,
)
from bot.parse import chain, changes, chatter, intent, numbers
from bot.parse.address import (
    DoorMention,
    Parts,
    best_door,
    chat_parts,
    door_text,
    find_doors,
    merge,
    sender_parts,
    to_address,
)
from bot.parse.items import ItemMatcher, ItemsFound
from bot.parse.normalise import fold
from bot.parse.topics import question_topic
from bot.privacy import blank_personal

# Words that say the door in the message belongs to someone other than the sender, so the
# sender's own room must not fill in what that door leaves out.
_OTHER_HOUSEHOLD = re.compile(
    r"帮|替|给(?!我)|隔壁|对门|楼上|楼下|我妈|我爸|奶奶|爷爷|老人|阿姨|叔叔|大爷|邻居|亲戚|朋友"
)
_POLITE = re.compile(
    r"谢谢|感谢|辛苦|麻烦|楼长|志愿者|你们|大家|了|啦|哈|呀|吧|哦|啊|的|我家|我们家|家里|一下|请|帮忙|帮我|各"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words for a meal or takeaway (LABELS: a meal for a household in isolation is an order).
_MEAL = re.compile(r"饭|餐|外卖|便当|快餐|套餐")


@lru_cache(maxsize=8192)
def _home(sender: str, chat: str) -> Parts:
    # Cached: a pure function of the sender's name and the chat title, which repeat.
    chat_p = chat_parts(chat)
    return merge(sender_parts(sender, chat_p[0]), chat_p)


def _names_household(mentions: list[DoorMention]) -> bool:
    return any(m.parts[2] is not None for m in mentions)


class Parser:
    """Builds its catalog indexes once; `parse` is then pure and deterministic."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._items = ItemMatcher(catalog)

    def warm_up(self) -> None:
        """Load what the first message would otherwise pay for (pypinyin, cn2an, the sound
        index): a long-running bot calls this at start so no resident waits ~0.3 s."""
        self._items.warm_up()
        numbers.warm_up()

    def parse(
        self,
        text: str,
        *,
        sender: str = "",
        chat: str = "",
        context: Sequence[ContextMessage] = (),
    ) -> ParsedMessage:
        folded = blank_personal(fold(text))
        home = _home(blank_personal(sender), chat)
        if chain.is_chain(folded):
            return self._parse_chain(folded, home, context)

        door = door_text(folded)
        mentions = find_doors(door, "text", home[0])
        named = best_door(mentions)
        if named is None:
            parts = home
        else:
            parts = merge(named.parts, home, keep_below=not _OTHER_HOUSEHOLD.search(folded))
        address = to_address(parts)
        blocked = [m.span for m in mentions]
        setting = changes.SET_WORDS.search(door) is not None
        if setting:
            # 鸡蛋改成两盒: without the words of changing, the count reads as the goods'.
            door = changes.SET_WORDS.sub(lambda m: " " * len(m.group(0)), door)
        found = self._items.extract(door, blocked)

        kind, help_cat, rule = self._intent(folded, door, sender, found, mentions)
        ref = intent.find_ref(folded)
        items = found.items if kind == "order" else ()
        change = None
        dropped: tuple[ParsedItem, ...] = ()
        if kind in ("order", "cancel"):
            goods_at = tuple(
                s for it, s in zip(found.items, found.spans, strict=True) if it.in_catalog
            )
            change = changes.find(door, goods_at, cancelling=kind == "cancel", setting=setting)
            if change == "remove":
                dropped = tuple(it for it in found.items if it.in_catalog)
        # A question, or an order that also asks (几点截单？要两袋米): what it asks about.
        asks = kind in ("question", "status") or (kind == "order" and intent.is_question(folded))
        topic = question_topic(text) if asks else None
        return ParsedMessage(
            intent=kind,
            address=address,
            items=items,
            help=help_cat,
            ref=ref,
            topic=topic,
            home=to_address(home),
            rule=rule,
            change=change,
            dropped=dropped,
        )

    def _intent(
        self,
        folded: str,
        door: str,
        sender: str,
        found: ItemsFound,
        mentions: list[DoorMention],
    ) -> tuple[Intent, HelpCategory | None, str]:
        blocked = [m.span for m in mentions]
        if intent.is_notice(folded) or (intent.is_cadre(sender) and not _names_household(mentions)):
            # A cadre relaying one household's need (15-2-702隔离户需要…) is not a notice.
            return "other", None, "notice"
        remark = chatter.offer_or_remark(folded)
        if remark is not None:
            return "other", None, remark
        if intent.is_cancel(folded):
            return "cancel", None, "cancel_word"
        if intent.is_received(folded) or intent.is_received_ack(folded, bool(found.items)):
            return "received", None, "received"
        counted = [
            span
            for item, span in zip(found.items, found.spans, strict=True)
            if item.in_catalog and item.unit is not None
        ]
        # 什么时候送？要两袋米: asking after deliveries, and ordering more in a clause of its own.
        orders_more = (
            bool(counted)
            and intent.ordering_clause(door, counted)
            and not intent.said_ordered(folded)
        )
        if intent.is_status(folded, bool(found.items)) and not orders_more:
            return "status", None, "status"
        # 我订的菜包呢 / 菜今天还送吗: goods already ordered, unless a clause orders more.
        if intent.asks_after_goods(folded, bool(found.items)) and not orders_more:
            return "status", None, "asks_after_goods"
        asking = bool(found.items) and not intent.asks_about_goods(folded)
        if not asking and found.catalog_named:
            # 还有吗？给我来一箱方便面: a clause that only orders, after one that asks.
            asking = bool(counted) and intent.ordering_clause(door, counted)
        verb = intent.has_order_verb(folded)
        bare_list = asking and _only_goods(door, [*blocked, *found.spans])
        if asking and chatter.narrative(folded):
            asking = False
        if asking and found.catalog_named and (found.counted or verb or bare_list):
            return "order", None, "catalog_goods"
        if chatter.thanks_only(folded) and not (asking and found.counted):
            return "other", None, "thanks"
        category = intent.help_category(folded)
        if category is not None and chatter.not_a_need(folded):
            return "other", None, "not_a_need"
        if category is not None:
            return "help", category, "help_need"
        # A meal or takeaway for a household (两份盒饭) is an order whoever it is asked of.
        meal = asking and found.counted and any(_MEAL.search(i.item) for i in found.items)
        if meal and (verb or not intent.is_question(folded)):
            return "order", None, "meal"
        # Goods outside the catalog make an order only when clearly asked for.
        if (
            asking
            and found.unknown_named
            and (verb or bare_list)
            and not intent.asks_for_help(folded)
        ):
            return "order", None, "unlisted_goods"
        if intent.asks_for_help(folded):
            return "help", "other", "asks_for_help"
        if intent.is_question(folded):
            return "question", None, "question"
        return "other", None, "nothing_asked"

    def _header_item(self, folded: str) -> str | None:
        """The single catalog item a 接龙 header is about, if it names exactly one."""
        return _header_item_of(self._items.extract(door_text(chain.header_text(folded))))

    def _parse_chain(
        self, folded: str, home: Parts, context: Sequence[ContextMessage]
    ) -> ParsedMessage:
        entries: list[OrderEntry] = []
        header_item: str | None = None
        header_done = False
        for raw_line in chain.new_lines(folded, context):
            line = door_text(raw_line)
            mentions = find_doors(line, "text", home[0])
            named = best_door(mentions)
            parts = merge(named.parts, home) if named else home
            spans = [m.span for m in mentions]
            found = self._items.extract(line, spans)
            items = found.items
            if not items:
                # "3-1-602 3盒": only a count; the goods are the ones the header names.
                if not header_done:
                    header_item = self._header_item(folded)
                    header_done = True
                count = self._items.count_only(line, spans) if header_item else None
                if header_item is not None and count is not None:
                    items = (ParsedItem(item=header_item, qty=count[0], unit=count[1]),)
            if items:
                entries.append(OrderEntry(address=to_address(parts), items=items))
        if not entries:
            return ParsedMessage(
                intent="other",
                address=to_address(home),
                is_chain=True,
                home=to_address(home),
                rule="chain_nothing_new",
            )
        first = entries[0]
        return ParsedMessage(
            intent="order",
            address=first.address,
            items=first.items,
            chain_entries=tuple(entries),
            is_chain=True,
            home=to_address(home),
            rule="chain_entries",
        )


def _header_item_of(found: ItemsFound) -> str | None:
    names = {i.item for i in found.items if i.in_catalog}
    return names.pop() if len(names) == 1 else None


def _only_goods(text: str, spans: list[tuple[int, int]]) -> bool:
    """True when, goods and doors aside, the message is just politeness (a bare list)."""
    blanked = text
    n = len(text)
    for s, e in spans:
        e = min(e, n)
        if s < e:
            blanked = blanked[:s] + " " * (e - s) + blanked[e:]
    rest = _POLITE.sub("", blanked)
    return len(_CJK.findall(rest)) <= 1
