"""Goods and counts: longest-alias catalog matching, counts before or after, homophones."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.catalog import Catalog
from bot.messages import ParsedItem
from bot.parse.numbers import CN_NUMERAL_CHARS, NUM, parse_number, tidy_qty
from bot.parse.phonetic import SoundIndex
from bot.parse.units import HEARD_UNITS, UNIT_CHARS, UNITS_ALT

Span = tuple[int, int]

_QTY = re.compile(
    rf"(?P<x>[X×*]\s*)?(?P<num>{NUM})(?:\s*(?P<unit>{UNITS_ALT}))?(?P<half>(?<=[^\d{CN_NUMERAL_CHARS}])半)?"
    rf"|半\s*(?P<hunit>{UNITS_ALT})"
)

# Every count the pattern above finds holds a digit, a Chinese numeral or 半.
_QTY_GATE = re.compile(rf"[\d{CN_NUMERAL_CHARS}半]")

# A one-character alias (米, 油, 菜 ...) is also part of countless other words (加油, 里面,
# 奶奶, 菜价), so it counts only between characters that can frame a goods name: counts,
# units, connectors and the verbs of asking for something.
_FRAME = frozenset("点些要买订报来和与跟及的带再还各也都了吗呢啊吧等X*×半几")
_NUMERALS = frozenset(CN_NUMERAL_CHARS)
# Words after a count that name no goods (两个孩子, 一个人, 三天).
_NOT_GOODS = frozenset(
    {"人", "孩子", "小孩", "老人", "宝宝", "儿子", "女儿", "月", "星期", "小时", "钟头", "地方"}
    | {"电话", "问题", "办法", "礼拜", "家", "楼", "单元", "门", "房间", "次", "天", "口人"}
)
# Verbs of asking after which the goods follow the count (要一份盒饭, 订三份快餐).
_ASK_VERB_END = re.compile(r"(?:要|订|买|来|报|加|带|帮|给|拿|送|留|整|搞)$")
_LEADING_ASK = re.compile(
    r"^(?:我家|我们家|家里|再|还|另外|麻烦|帮我|帮忙|给我)*(?:要|订|买|来|报|加|预留|留|整|搞)?"
)
# A count clause with no goods of its own, after the goods it counts (东北大米，来两袋;
# 保供菜给我留一份): only a short description, a question whether there is any, pauses,
# adverbs, a beneficiary and a verb of asking between.
_LATER_COUNT_GAP = re.compile(
    r"^(?:[\s,，:：]*(?:要|就要|只要)?[^\n。!?！？、和与跟及,，]{0,8}?(?:的|那种|这种)(?=[\s,，;；]))?"
    # 鸡蛋还有吗？有的话给我留两盒: asked whether there are any, then ordered.
    r"(?:(?:还有|有)?(?:吗|没有|没|不)?[?？]?[\s,，]*(?:有的话|如果有|要是有|有就|有的话就)?)?"
    r"[\s,，、;；:：]*(?:我|我家|我们家|俺|俺家)?(?:就|再|先|也|都|还|一共|总共|共)?"
    r"(?:给我|帮我|给俺|替我|给咱|给我家|给我们|帮忙)?(?:家)?(?:预留|留|来|要|订|买|拿|整|搞|弄|送|带)(?:上|个)?\s*$"
)
# A count clause that only closes the request (，两斤就行 / ，来两斤): what may follow it.
_COUNT_CLOSES = re.compile(r"(?:就行|就好|就够|就可以|即可|够了|可以了|足够)|[\s,，。.!！~]|$")
_PAUSE_GAP = re.compile(r"^[\s,，、;；:：]*$")
# Goods outside the catalog asked for before such a clause (想买点苹果，两斤就行).
_ASKED_GOODS_BEFORE = re.compile(
    r"(?:想买|想要|想订|我要|要买|买|订|要)(?:点|些|一点|一些)?"
    r"(?P<w>[\u4e00-\u9fff]{1,4})[\s,，、;；:：]+$"
)
_VERB_ONLY = re.compile(
    r"^(?:再|就|也|先|给我|帮我|给俺)?(?:来|要|买|订|拿|整|搞|弄|留|带)(?:上|个)?$"
)
_NOT_GOODS_AFTER = tuple(sorted(_NOT_GOODS, key=len, reverse=True))
# Words that follow a count to close a request rather than name goods (一份可以吗).
_NOT_GOODS_START = (
    "可以",
    "可不可以",
    "行",
    "好",
    "谢",
    "麻烦",
    "够",
    "左右",
    "以上",
    "以内",
    "就",
)
# The same, glued to the end of a goods word (两袋米可以吗 -> 米).
_CLOSER = re.compile(r"(?:可以|可不可以|行不行|好不好|行吗|好吗|就行|就好|谢谢|麻烦|够了).*")
# Longer than any description + question + verb a later count clause may carry.
_GAP_MAX = 40
# Characters that a question word brings into a would-be goods word (几斤, 啥, 多少).
_ASKING_CHARS = frozenset("几啥么哪谁")
# Characters that end a goods word read leftwards / rightwards of a count.
_LEFT_STOP = re.compile(r".*[的了是在有里还都也就和与及跟各再给帮让请我你他她它们吗呢吧啊没剩]")
_RIGHT_STOP = re.compile(r"[的了是在有里还都也就和与及跟各再给帮让请吗呢吧啊送到就没上下进过].*")


_WORD_REACH = 10
# What may follow a bare count set off from its goods (大米 2\n油 1).
_PAUSE = frozenset(("", "\n", " ", ",", "，", "、", ";", "；", "。", "!", "！"))
_BARE_MAX = 200
# Between goods that share one distributive count (酱油、醋各一瓶; 米面各2袋).
_LIST_GAP = re.compile(r"^[\s、,，和与跟及/+]*$")
# A distributive list before 各 (白菜、土豆、洋葱各两斤): its separators and where it begins.
_EACH_SEP = re.compile(r"[\s、,，和与跟及/+]+")
_EACH_START = re.compile(r".*[。.!！?？;；:：\n]", re.S)
_EACH_REACH = 30
_EACH_LEAD = re.compile(
    r"^(?:我|我家|我们家|家里|再|还|另外|麻烦|帮我|帮忙|给我|想|要|订|买|来|报|加|留|整|搞|弄)*"
    r"(?:点|些|一点|一些)?"
)
# A short description between goods and its count (尿不湿，要L码的两包; 土鸡蛋那种两盒).
_DESCRIBED_GAP = re.compile(
    r"^[\s,，:：]*(?:要|买|来|就要|只要)?[^\n。!?！？、和与跟及]{0,8}?(?:的|那种|这种|那样|款|牌)[\s,，]*$"
)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True, slots=True)
class GoodsHit:
    start: int
    end: int
    names: tuple[str, ...]
    in_catalog: bool = True


@dataclass(slots=True)
class QtyToken:
    start: int
    end: int
    value: float
    unit: str | None
    # The character after a count that may be a misheard unit, resolved only if needed.
    heard_at: int = -1
    used: bool = False


@dataclass(frozen=True, slots=True)
class ItemsFound:
    items: tuple[ParsedItem, ...]
    spans: tuple[Span, ...]
    counted: bool  # some item carried a count or unit
    catalog_named: bool
    unknown_named: bool


class ItemMatcher:
    """Built once per catalog: alias tables by first character and a sound index."""

    def __init__(self, catalog: Catalog) -> None:
        table: dict[str, tuple[str, ...]] = {}
        for item in catalog.items:
            for alias in item.all_names():
                table.setdefault(alias.upper(), (item.name,))
        for combo, names in catalog.combos.items():
            table[combo.upper()] = tuple(names)
        by_first: dict[str, list[str]] = {}
        for alias in table:
            by_first.setdefault(alias[0], []).append(alias)
        self._table = table
        self._by_first = {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}
        self._single = frozenset(a for a in table if len(a) == 1)
        # Where a catalog word may start: lets the scan skip other characters in C.
        self._first_re = re.compile("[" + "".join(re.escape(c) for c in sorted(by_first)) + "]")
        self._unit_of = {item.name: item.unit for item in catalog.items}
        # Last character + default unit -> item, for goods named by their head noun only
        # (两桶水 is 桶装水: 水 ends its name and 桶 is its unit). Ambiguous keys are dropped.
        tails: dict[tuple[str, str], set[str]] = {}
        for item in catalog.items:
            if item.unit:
                for alias in item.all_names():
                    tails.setdefault((alias[-1], item.unit), set()).add(item.name)
        self._tails = {k: next(iter(v)) for k, v in tails.items() if len(v) == 1}
        sounds = [
            (a, a)
            for a in table
            if len(a) >= 2 and all(is_cjk(c) for c in a) and len(table[a]) == 1
        ]
        self._sounds = SoundIndex(sounds)
        self._sound_lengths = tuple(sorted({len(a) for a, _ in sounds}, reverse=True))

    # -- catalog words ---------------------------------------------------------------

    def warm_up(self) -> None:
        self._sounds.lookup("")

    def _frames(self, ch: str, same: str) -> bool:
        if ch == same:
            return False
        return (
            not is_cjk(ch)
            or ch in _FRAME
            or ch in _NUMERALS
            or ch in UNIT_CHARS
            or ch in self._single
        )

    def _accept(self, text: str, i: int, alias: str) -> bool:
        end = i + len(alias)
        if alias.isascii():
            # 84 is a disinfectant only when it is not part of a longer number.
            before = text[i - 1] if i else " "
            after = text[end] if end < len(text) else " "
            return not (before.isalnum() and before.isascii()) and not (
                after.isascii() and after.isalnum()
            )
        if len(alias) > 1:
            return True
        before = text[i - 1] if i else " "
        after = text[end] if end < len(text) else " "
        if not self._frames(after, alias):
            return False
        if self._frames(before, alias):
            return True
        # 两代米: a misheard unit between a count and the goods still frames them.
        return i >= 2 and text[i - 2] in _NUMERALS and HEARD_UNITS.lookup(before) is not None

    def catalog_hits(self, text: str, blocked: frozenset[int] | set[int]) -> list[GoodsHit]:
        hits: list[GoodsHit] = []
        by_first = self._by_first
        search = self._first_re.search
        m = search(text)
        while m is not None:
            i = m.start()
            if i in blocked:
                m = search(text, i + 1)
                continue
            candidates = by_first[text[i]]
            found = None
            for alias in candidates:
                if text.startswith(alias, i) and self._accept(text, i, alias):
                    found = alias
                    break
            if found is None:
                m = search(text, i + 1)
                continue
            names = self._table[found]
            prev = hits[-1] if hits else None
            if prev is not None and prev.end == i and prev.names == names:
                # 84消毒液: two names of one thing side by side are one mention.
                hits[-1] = GoodsHit(prev.start, i + len(found), names)
            else:
                hits.append(GoodsHit(i, i + len(found), names))
            m = search(text, i + len(found))
        return hits

    def sound_match(self, word: str, *, from_end: bool) -> tuple[str, int] | None:
        """A catalog alias the word (or its end/start) sounds like, and the length used."""
        for size in self._sound_lengths:
            if size > len(word):
                continue
            part = word[-size:] if from_end else word[:size]
            alias = self._sounds.lookup(part)
            if alias is not None:
                return alias, size
        return None

    # -- counts ------------------------------------------------------------------------
    def _qty_tokens(self, text: str, taken: set[int]) -> list[QtyToken]:
        tokens: list[QtyToken] = []
        if not _QTY_GATE.search(text):
            return tokens
        for m in _QTY.finditer(text):
            s, e = m.span()
            if s in taken or (e - 1) in taken:
                continue
            if s and text[s].isdigit() and (text[s - 1].isdigit() or text[s - 1] == "."):
                continue
            if m.group("hunit"):
                tokens.append(QtyToken(s, e, 0.5, m.group("hunit")))
                continue
            value = parse_number(m.group("num"))
            if value is None:
                continue
            unit = m.group("unit")
            if m.group("half"):
                value += 0.5
            token = QtyToken(s, e, value, unit)
            if unit is None and e < len(text) and is_cjk(text[e]) and text[e] not in _NUMERALS:
                token.heard_at = e
            tokens.append(token)
        return tokens

    def _heard_unit(self, text: str, tok: QtyToken, hit_starts: set[int]) -> str | None:
        if tok.heard_at < 0 or tok.heard_at in hit_starts:
            return None
        return HEARD_UNITS.lookup(text[tok.heard_at])

    def extract(self, text: str, blocked: Sequence[Span] = ()) -> ItemsFound:
        taken = {i for s, e in blocked for i in range(s, e)}
        hits = self.catalog_hits(text, taken)
        for h in hits:
            taken.update(range(h.start, h.end))
        tokens = self._qty_tokens(text, taken)
        hit_starts = {h.start for h in hits}
        by_start = {t.start: t for t in tokens}

        def resolve(tok: QtyToken) -> tuple[float, str | None, int]:
            if tok.unit is not None:
                return tok.value, tok.unit, tok.end
            heard = self._heard_unit(text, tok, hit_starts)
            if heard is None:
                return tok.value, None, tok.end
            end = tok.heard_at + 1
            value = tok.value
            if text[end : end + 1] == "半":
                value += 0.5
                end += 1
            return value, heard, end

        def after(h: GoodsHit) -> tuple[QtyToken, float, str | None] | None:
            j = h.end
            if text[j : j + 1] == " ":
                j += 1
            glued = j == h.end
            while j < len(text) and text[j] in "各来要:":
                j += 1
                glued = True
            tok = by_start.get(j)
            if tok is None or tok.used:
                return None
            value, unit, _ = resolve(tok)
            if unit is None:
                nxt = text[tok.end : tok.end + 1]
                if nxt.isdigit() or (is_cjk(nxt) and nxt not in _FRAME):
                    return None
                # 大米 2 / 食用油 1: a bare count set off by a space ends at a pause.
                if not glued and not (nxt in _PAUSE and value <= _BARE_MAX and tok.value == value):
                    return None
            return tok, value, unit

        # Counts that may end right before a goods word: by their end, or by the end of the
        # misheard unit after them (两代|米); indexed so long texts stay linear.
        ending: dict[int, list[QtyToken]] = {}
        for t in tokens:
            ending.setdefault(t.end, []).append(t)
            if t.heard_at >= 0:
                ending.setdefault(t.heard_at + 1, []).append(t)
                ending.setdefault(t.heard_at + 2, []).append(t)

        def before(h: GoodsHit) -> tuple[QtyToken, float, str | None] | None:
            for tok in ending.get(h.start, ()):
                if tok.used:
                    continue
                value, unit, end = resolve(tok)
                if end == h.start and unit is not None:
                    return tok, value, unit
            return None

        style_after: bool | None = None
        for h in hits:
            a, b = after(h), before(h)
            if a or b:
                style_after = b is None
                break

        found: list[tuple[int, ParsedItem, Span]] = []
        counted = False
        # Per hit: (qty, unit, span) once a count is attached.
        picks: list[tuple[float, str | None, Span] | None] = []
        for h in hits:
            first, second = (after, before) if style_after is not False else (before, after)
            pick = first(h) or second(h)
            if pick is None:
                picks.append(None)
                continue
            tok, qty, unit = pick
            tok.used = True
            picks.append((qty, unit, (min(h.start, tok.start), max(h.end, tok.end))))
            # 酱油醋各一瓶: every uncounted item listed right before 各 takes the same count.
            if "各" in text[h.end : tok.start]:
                k = len(picks) - 2
                while (
                    k >= 0
                    and picks[k] is None
                    and _LIST_GAP.match(text[hits[k].end : hits[k + 1].start])
                ):
                    picks[k] = (qty, unit, (hits[k].start, hits[k].end))
                    k -= 1
        if None in picks and any(t.unit is not None and not t.used for t in tokens):
            self._attach_described(text, hits, picks, tokens, resolve)
            if None in picks:
                self._attach_later_count(text, hits, picks, tokens)
        each_found: list[tuple[int, ParsedItem, Span]] = []
        if "各" in text:
            each_found = self._each_list(text, hits, picks, tokens)
        for h, attached in zip(hits, picks, strict=True):
            qty, unit = 1.0, None
            span: Span = (h.start, h.end)
            if attached is not None:
                qty, unit, span = attached
                counted = True
            for name in h.names:
                found.append((h.start, ParsedItem(item=name, qty=tidy_qty(qty), unit=unit), span))
        if len(found) > 1:
            found = _drop_repeats(found)

        unknown = bool(each_found)
        if each_found:
            counted = True
            found.extend(each_found)
        for tok in tokens:
            if tok.used:
                continue
            got = self._goods_near(text, tok, taken, resolve)
            if got is None:
                continue
            pos, item, span = got
            tok.used = True
            counted = True
            unknown = unknown or not item.in_catalog
            found.append((pos, item, span))
        found.sort(key=lambda f: f[0])
        return ItemsFound(
            items=tuple(f[1] for f in found),
            spans=tuple(f[2] for f in found),
            counted=counted,
            catalog_named=any(f[1].in_catalog for f in found),
            unknown_named=unknown,
        )

    def count_only(self, text: str, blocked: Sequence[Span] = ()) -> tuple[float, str] | None:
        """The one count-with-unit of a line that names no goods (接龙 entry "3-1-602 3盒")."""
        taken = {i for s, e in blocked for i in range(s, e)}
        counts = [t for t in self._qty_tokens(text, taken) if t.unit is not None]
        if len(counts) != 1:
            return None
        return tidy_qty(counts[0].value), str(counts[0].unit)

    def _each_list(
        self,
        text: str,
        hits: list[GoodsHit],
        picks: list[tuple[float, str | None, Span] | None],
        tokens: list[QtyToken],
    ) -> list[tuple[int, ParsedItem, Span]]:
        """白菜、土豆、洋葱各两斤: 各 gives its count to every goods word listed before it,
        goods outside the catalog included (those are returned; catalog hits get picks)."""
        out: list[tuple[int, ParsedItem, Span]] = []
        hit_at = {h.start: k for k, h in enumerate(hits)}
        hit_end = {h.end: k for k, h in enumerate(hits)}
        for tok in tokens:
            if tok.unit is None:
                continue
            j = tok.start
            while j and text[j - 1] == " ":
                j -= 1
            if not j or text[j - 1] != "各":
                continue
            each = j - 1
            lo = max(0, each - _EACH_REACH)
            m = _EACH_START.match(text, lo, each)
            start = m.end() if m else lo
            # Parts of the list, right to left: catalog hits or plain goods words.
            words: list[tuple[int, int]] = []
            pos = each
            parts = [(p.start(), p.end()) for p in _EACH_SEP.finditer(text, start, each)]
            bounds = [start, *(e for _, e in parts)]
            ends = [*(s for s, _ in parts), each]
            for s_, e_ in reversed(list(zip(bounds, ends, strict=True))):
                if e_ <= s_ or e_ > pos:
                    continue
                words.append((s_, e_))
                pos = s_
            if not words:
                continue
            new: list[tuple[int, ParsedItem, Span]] = []
            fills: list[int] = []
            for s_, e_ in words:
                k = hit_end.get(e_)
                if k is not None and hits[k].start >= s_:
                    if picks[k] is None:
                        fills.append(k)
                    if hits[k].start > s_:
                        break  # 买点白菜: words before the goods end the list
                    continue
                if any(i in hit_at for i in range(s_, e_)):
                    break
                word = _EACH_LEAD.sub("", _LEFT_STOP.sub("", text[s_:e_]))
                if (
                    not 1 <= len(word) <= 4
                    or not all(is_cjk(c) for c in word)
                    or word in _NOT_GOODS
                    or any(c in _NUMERALS or c in _ASKING_CHARS for c in word)
                ):
                    break
                wpos = e_ - len(word)
                # The word just before 各 carries the count in its span (…洋葱各两斤).
                w_end = tok.end if e_ == each else e_
                new.append(
                    (wpos, ParsedItem(item=word, qty=0, unit=None, in_catalog=False), (wpos, w_end))
                )
                if len(word) < e_ - s_:
                    break
            if not new:
                continue
            qty = tidy_qty(tok.value)
            for k in fills:
                picks[k] = (tok.value, tok.unit, (hits[k].start, hits[k].end))
            tok.used = True
            out.extend(
                (p, ParsedItem(item=i.item, qty=qty, unit=tok.unit, in_catalog=False), sp)
                for p, i, sp in new
            )
        return out

    def _attach_described(
        self,
        text: str,
        hits: list[GoodsHit],
        picks: list[tuple[float, str | None, Span] | None],
        tokens: list[QtyToken],
        resolve: Callable[[QtyToken], tuple[float, str | None, int]],
    ) -> None:
        """A count a few descriptive words after uncounted goods belongs to them."""
        for k, h in enumerate(hits):
            if picks[k] is not None:
                continue
            limit = hits[k + 1].start if k + 1 < len(hits) else len(text)
            for tok in tokens:
                if tok.used or tok.start < h.end or tok.start >= limit:
                    continue
                if tok.unit is None:
                    continue  # 大一点的: a numeral inside the description
                if not _DESCRIBED_GAP.match(text[h.end : tok.start]):
                    break
                value, unit, end = resolve(tok)
                tok.used = True
                picks[k] = (value, unit, (h.start, end))
                break

    def _attach_later_count(
        self,
        text: str,
        hits: list[GoodsHit],
        picks: list[tuple[float, str | None, Span] | None],
        tokens: list[QtyToken],
    ) -> None:
        """A goods-less count clause counts the nearest uncounted goods before it.

        Among uncounted goods listed together just before, the nearest whose default unit is
        the unit said wins (米和鸡蛋，来两袋 counts the rice); else the nearest one.
        """
        k = 0
        for tok in tokens:
            if tok.used or tok.unit is None:
                continue
            while k < len(hits) and hits[k].end <= tok.start:
                k += 1
            last = k - 1
            if last < 0 or picks[last] is not None or tok.start - hits[last].end > _GAP_MAX:
                continue
            gap = text[hits[last].end : tok.start]
            if not _LATER_COUNT_GAP.match(gap) and not (
                _PAUSE_GAP.match(gap) and _COUNT_CLOSES.match(text, tok.end)
            ):
                continue
            choice = last
            j = last
            while j >= 0 and picks[j] is None:
                if len(hits[j].names) == 1 and self._unit_of.get(hits[j].names[0]) == tok.unit:
                    choice = j
                    break
                if j == 0 or not _LIST_GAP.match(text[hits[j - 1].end : hits[j].start]):
                    break
                j -= 1
            tok.used = True
            h = hits[choice]
            picks[choice] = (tok.value, tok.unit, (h.start, tok.end))

    def _goods_near(
        self,
        text: str,
        tok: QtyToken,
        taken: set[int],
        resolve: Callable[[QtyToken], tuple[float, str | None, int]],
    ) -> tuple[int, ParsedItem, Span] | None:
        value, unit, end = resolve(tok)
        if unit is None:
            return None
        exact_unit = tok.unit is not None
        # Goods words are short; looking further than this only costs time on long texts.
        left_start = tok.start
        while (
            left_start > max(0, tok.start - _WORD_REACH)
            and is_cjk(text[left_start - 1])
            and left_start - 1 not in taken
        ):
            left_start -= 1
        right_end = end
        while (
            right_end < min(len(text), end + _WORD_REACH)
            and is_cjk(text[right_end])
            and right_end not in taken
        ):
            right_end += 1
        left = text[left_start : tok.start]
        right = text[end:right_end]
        qty = tidy_qty(value)
        # Sound-alike catalog names first: 鸡但两和, 面分一代, 两代大迷.
        if left and not _ASK_VERB_END.search(left):
            sound = self.sound_match(left, from_end=True)
            if sound is not None:
                alias, size = sound
                start = tok.start - size
                return self._catalog_item(alias, qty, unit, start, (start, end))
        if right:
            sound = self.sound_match(right, from_end=False)
            if sound is not None:
                alias, size = sound
                return self._catalog_item(alias, qty, unit, end, (tok.start, end + size))
        if not exact_unit:
            return None
        if right.startswith(_NOT_GOODS_AFTER):
            return None  # 一个人 / 两个孩子: the count is of people, whatever comes before
        left_word = _LEADING_ASK.sub("", _LEFT_STOP.sub("", left))
        right_word = _CLOSER.sub("", _RIGHT_STOP.sub("", right))
        if left_word and not _ASK_VERB_END.search(left):
            word, pos, span = (
                left_word,
                tok.start - len(left_word),
                (tok.start - len(left_word), end),
            )
        elif right_word:
            word, pos, span = right_word, end, (tok.start, end + len(right_word))
        elif (
            (not left or _VERB_ONLY.match(left))
            and (asked := _asked_goods_before(text, left_start, taken)) is not None
            and _COUNT_CLOSES.match(text, end)
        ):
            word, pos = asked
            span = (pos, end)
        else:
            return None
        if not 1 <= len(word) <= 6 or word in _NOT_GOODS or any(ch in _NUMERALS for ch in word[:1]):
            return None
        if word.startswith(_NOT_GOODS_START):
            return None  # 一份可以吗 / 两袋就行: the count ends the request
        if any(ch in _ASKING_CHARS for ch in word):
            return None  # 几斤一袋: a question about the size, not goods
        tail = self._tails.get((word, unit)) if len(word) == 1 else None
        if tail is not None:
            return pos, ParsedItem(item=tail, qty=qty, unit=unit), span
        return pos, ParsedItem(item=word, qty=qty, unit=unit, in_catalog=False), span

    def _catalog_item(
        self, alias: str, qty: float, unit: str | None, pos: int, span: Span
    ) -> tuple[int, ParsedItem, Span]:
        names = self._table[alias]
        return pos, ParsedItem(item=names[0], qty=qty, unit=unit), span


def _asked_goods_before(text: str, start: int, taken: set[int]) -> tuple[str, int] | None:
    """The goods word of 想买点苹果，(两斤就行): asked for just before a count clause."""
    if start == 0 or text[start - 1] not in " ,，、;；:：":
        return None
    m = _ASKED_GOODS_BEFORE.search(text, max(0, start - 12), start)
    if m is None or any(i in taken for i in range(m.start("w"), m.end("w"))):
        return None
    word = _RIGHT_STOP.sub("", m["w"])
    if not word or word in _NOT_GOODS:
        return None
    return word, m.start("w")


def _drop_repeats(
    found: list[tuple[int, ParsedItem, Span]],
) -> list[tuple[int, ParsedItem, Span]]:
    """A catalog item named twice (想吃面条，帮买两把挂面) is one item: keep the counted one."""
    out: list[tuple[int, ParsedItem, Span]] = []
    for entry in found:
        item = entry[1]
        if not item.in_catalog:
            out.append(entry)
            continue
        same = next(
            (i for i, e in enumerate(out) if e[1].in_catalog and e[1].item == item.item), None
        )
        if same is None:
            out.append(entry)
            continue
        kept = out[same][1]
        kept_counted = kept.unit is not None or kept.qty != 1
        new_counted = item.unit is not None or item.qty != 1
        if new_counted and not kept_counted:
            out[same] = entry
        elif new_counted and kept_counted:
            out.append(entry)
    return out
