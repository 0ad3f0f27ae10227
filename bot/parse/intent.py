"""What a message wants (LABELS.md intents) and which kind of help, from cue phrases."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.messages import HelpCategory
from bot.parse.normalise import fold

# Display names of people who post notices rather than requests.
_CADRE_SENDER = re.compile(
    r"志愿者|楼长|书记|网格员|物业|社区(?!居民)|团长|居委|客服|卫生站|管理员|主任|工作人员|社工|街道|村委|管家"
)
_NOTICE = re.compile(
    r"^\s*#?(?:通知|公告|提醒|温馨提示)|各位(?:业主|居民|邻居|家人)|请(?:各位|大家|全体)|大家(?:按单|自取|抓紧|注意|下楼)"
    r"|下来领|按单自取|开团了|过时不候|在群里接龙|请及时取"
)

_CANCEL = re.compile(
    r"不要了|不要[^，,。!?\s]{0,6}了|不[订买报]了|先不要|不用[^，,。!?\s]{0,5}了|不需要了|取消|撤[掉单销了回]|删[掉了除]|划掉|先别[订买送报要]|别[订买送报]了|退[掉单订]"
)
_RECEIVED = re.compile(
    r"(?<![没未])(?:已|都|已经)?收到(?![吗没])|(?<![没未])[领拿取]到(?![吗没])|已取|取到了|拿到了|已拿到|已签收|签收了"
    r"|送到(?:家)?(?:门口)?了(?![吗没])|拿进屋|搬进来了|已经?送达"
)
_ACK_ONLY = re.compile(r"^\s*(?:收到|好的|OK|明白)[\s,.!，。！~]*(?:谢谢|感谢|辛苦)?")
_STATUS = re.compile(
    r"到哪|(?:什么时候|啥时候|几点|多久|何时)(?:才|能|可以|会|大概)*(?:送|到|来|发货|配送)(?!进)"
    r"|(?:到|送|好|来|发|安排)了(?:吗|没)|送了没|还没(?:有)?(?:送|到|来|收到|见到|拿到|动静)"
    r"|(?:能|可以)(?:送|到)吗|送错|怎么还没|还要等多久|多久能|快点送|催|查(?:一下|下)?.{0,6}单"
)
_QUESTION = re.compile(
    r"[?？]|吗|请问|几点|什么时候|啥时候|多少钱|在哪|哪里|怎么|是不是|还是|要不要|需要什么|有没有|多久|几号|能否|呢$|什么|啥|谁|哪|多少"
)
# Asking about goods rather than for them, or complaining about them.
_NOT_ORDERING = re.compile(
    r"多少钱|价格|价钱|几点|什么时候|请问|是不是|还是|每天|哪里|在哪|贵|便宜|卖|烂|坑|质量|差评|还有.{0,10}吗|还能.{0,10}吗|有没有.{0,10}吗?"
)
_ORDER_VERB = re.compile(r"要|订|买|来|报|加|带|代购|团|登记")

_MEDICINE = re.compile(
    r"药|丸|胶囊|颗粒|冲剂|口服液|喷雾|胰岛素|布洛芬|阿司匹林|止咳|退烧|眼药水|碘伏|创可贴|长期吃的|长期服用"
)
_MEDICINE_NEED = re.compile(r"买|代购|代买|配|送|拿|没了|用完|吃完|只剩|快没|断了")
_MEDICAL = re.compile(
    r"医院|透析|化疗|救护车|(?<!\d)120(?!\d)|急救|急诊|发烧|发热|高烧|骨折|摔|受伤|流血|血止不住|缝针|产检|胸口疼|胸痛|心脏病|昏迷|晕倒|抽搐|呼吸困难|看病|就医|急症|分娩|生孩子|羊水"
)
_UTILITY = re.compile(
    r"水卡|充水|燃气|天然气|煤气|没气|停水|没水|停电|没电|电卡|电费|电表|跳闸|水费|水表|断电|断水|打不着火"
)
_FOOD = re.compile(
    r"没吃的|没东西吃|没有吃的|吃的.{0,4}没了|断粮|揭不开锅|做不了饭|吃不上|没吃东西|吃完了|啥吃的都没|什么吃的都没|送点吃的|饿|没饭吃|没有粮"
)
_ELDER_PERSON = re.compile(
    r"独居|老人|老太太|老太|老大爷|大爷|奶奶|爷爷|姥姥|姥爷|外婆|外公|老两口|[七八九]十|老母亲|老父亲|(?:我|我的)(?:妈|爸|母亲|父亲).{0,4}一个人"
)
_ELDER_CARE = re.compile(r"看看|看一眼|照顾|照看|上门|敲门|一个人住|没人接|自理|陪|探望|没见")
_HELP_NEED = re.compile(
    r"帮|求助|麻烦|能不能|能否|谁能|有没有人|急|救|联系|安排|叫|充|怎么办|请|需要|想请|要去|快没|没了|用完|吃完|只剩"
    r"|断|撑不住|揭不开|做不了|吃不上|没吃|没人|跳闸|打不着|堵|坏|锁|(?:没水|没电|没气|停水|停电)了"
    r"|犯了|晕倒|昏迷|抽搐|呼吸困难|出血|骨折|不行了"
)
_HELP_OTHER = re.compile(
    r"帮忙|帮帮|求助|帮一下|救急|安排人|找人|找个|联系|请.{0,8}帮|谁能|有没有人能|能不能请"
)

_REF = (
    re.compile(r"第\s*(\d{1,5})\s*号?\s*单"),
    re.compile(r"(?<![\d-])(\d{1,5})\s*号\s*单"),
    re.compile(r"单号\s*[:是为]?\s*(\d{1,5})"),
    re.compile(r"订单\s*号?\s*[:#]?\s*(\d{1,5})"),
    re.compile(r"(?:取消|撤销?|删掉?)\s*(\d{1,5})\s*号(?![楼\d])"),
)


@lru_cache(maxsize=8192)
def is_cadre(sender: str) -> bool:
    return bool(_CADRE_SENDER.search(fold(sender)))


def is_notice(text: str) -> bool:
    return bool(_NOTICE.search(text))


def is_cancel(text: str) -> bool:
    return bool(_CANCEL.search(text))


def is_received(text: str) -> bool:
    if not _RECEIVED.search(text):
        return False
    # "收到，谢谢通知" acknowledges a notice; nothing was delivered.
    return not (_ACK_ONLY.match(text) and not re.search(r"收到了|已收到|都收到", text))


def is_status(text: str) -> bool:
    return bool(_STATUS.search(text))


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def asks_about_goods(text: str) -> bool:
    return bool(_NOT_ORDERING.search(text))


def has_order_verb(text: str) -> bool:
    return bool(_ORDER_VERB.search(text))


def help_category(text: str) -> HelpCategory | None:
    """A specific help category when the message both names a need and asks for help."""
    if not _HELP_NEED.search(text):
        return None
    if _MEDICINE.search(text) and (_MEDICINE_NEED.search(text) or not _MEDICAL.search(text)):
        return "medicine"
    if _MEDICAL.search(text):
        return "medical"
    if _UTILITY.search(text):
        return "utility"
    if _FOOD.search(text):
        return "food"
    if _ELDER_PERSON.search(text) and _ELDER_CARE.search(text):
        return "elderly"
    return None


def asks_for_help(text: str) -> bool:
    return bool(_HELP_OTHER.search(text))


def find_ref(text: str) -> str | None:
    for pattern in _REF:
        m = pattern.search(text)
        if m:
            return str(int(m.group(1)))
    return None
