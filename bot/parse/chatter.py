"""Messages that ask nothing of the organisers: a neighbour offering, thanks, a rhetorical
question or complaint, a joke about bartering, a remark to one neighbour, cooking talk and
news. A good 楼长 reads them and says nothing; each family is one rule with a name, and
the name is what the parser reports as why.

The families are written as kinds of speech, not as the sentences seen: a possession said
by the speaker plus a giving phrase is an offer whatever the goods are.
"""

from __future__ import annotations

import re

# The speaker asks for something for themselves: none of the families below apply then.
_OWN_NEED = re.compile(
    r"给我(?!们|寄|送了|带了|留了|发了)|帮我(?!家.{0,6}了)|借我|卖我|分我|分点给|求助|求购|求一|求点|急求|麻烦(?:你|您|大家|谁|帮|志愿者|楼长)"
    r"|我(?:家|们家)?(?:没有|没了|缺|急需|需要|想要|要买|想买|要订)|能不能帮|可以帮我|帮忙(?:买|带|送|订|拿|找|报)"
    r"|能(?:匀|借|分|给)(?:一点|点|些|我(?!们))|哪位.{0,6}能|求救|救救|能不能给|给点吃|帮(?:忙)?开(?:一下|个)"
    r"|派(?:个)?车|开个.{0,4}证明|饿了|饿得|没饭吃|吃不上"
    r"|让我帮|托我|替.{0,8}(?:报|订|买)|帮.{0,10}(?:报|订|买)(?:一|两|三|几|\d)"
)

# --- offers: the speaker has something and gives it ---------------------------------------
# Said only by someone giving, whatever else the message holds.
_OFFER_PHRASE = re.compile(
    r"有需要的.{0,10}(?:可以)?(?:过来|来|找我|联系我|私信我|私聊我|跟我说|问我)"
    r"|(?:的|人)(?:可以)?(?:随时)?(?:找我|联系我|私信我|私聊我)(?!买|订|要)|可以(?:找我|过来|来)(?:拿|取)"
    r"|(?:可以)?私信问我|问我就行|找我拿|找我取|(?:可以|就)?(?:叫我|私我|喊我|先?在群里问我|(?<!请)问我)(?!买|订|要|送|的)"
    r"|告诉我.{0,3}我(?:来)?帮|(?<![让托叫请])我(?:来)?帮(?:忙|你|大家)(?!买|订|问|报)|有(?:人)?(?:要|需要)的?吗|吃不完|用不完"
    r"|(?:要|需要)的(?:邻居|人|朋友)?(?:可以)?(?:自己)?(?:过来|来)?(?:拿|取|自取|跟我说|说一声|找我|联系我)"
    r"|有需要的自取|用不上|多余的.{0,10}(?:放|送|给|分)"
    r"|还差\d+户|有兴趣的|凑单|拼单|一起拼|凑凑|起送|成团|开了个.{0,4}团|份起|团还差|还差\d+个|组团"
    r"|凑够|凑齐|我是(?:医生|护士|大夫|电工|水电工|司机|老师|药剂师|律师)"
)
_OWN_SURPLUS = re.compile(
    r"(?:我|我家|我们家|我这|我这里|我这边|俺家|我们)(?:里|边|儿)?(?:还|也|都|刚)?(?:有|剩|多了|多出|囤了|多买了|多订了|多拿了)"
)
_GIVING = re.compile(
    r"谁(?:家)?(?:要|需要|缺|急需|急用|用得着)|(?:要|需要)的话|有需要|可以(?:过来|来|找我)?(?:拿|取)"
    r"|自取|先拿|拿去|送给|分给|匀给|给你(?:们)?(?:送|放|拿|带)?|我给你|(?:放|挂)(?:在)?(?:你家?)?门口"
    r"|送过去|放门口|要吗|需要吗|你要|谁要|看谁|找我(?:拿|取|要)?|联系我|私信我|私聊我"
    r"|谁(?:家)?.{0,6}(?:不够|缺|没有了|用完)|直接拿|不用给钱|免费"
)
_HELPING_OUT = re.compile(
    r"我(?:可以|能|来|也可以)(?:帮|顺路|顺便|带|送|跑|打|开车|接|代)|我帮(?:你|大家|忙|着)|我安排"
    r"|(?:的|人|事)(?:可以)?(?:随时)?(?:找我|联系我|私信我|私聊我)|我给你(?:们)?(?:放|送|拿|带)了?"
)

# --- thanks with nothing asked ------------------------------------------------------------
# Thanks for a favour already done (谢谢林大哥帮我家扛了一桶水上来): asks nothing.
_THANKED_FOR = re.compile(r"(?:谢谢|感谢|多谢).{0,12}(?:帮|送|给|扛|拿|跑).{0,12}了")
_THANKS = re.compile(r"谢谢|感谢|多谢|辛苦(?:了|啦|你们|大家|各位)|感恩|点赞|致敬")
_ASKS = re.compile(
    r"[?？]|吗|要(?!命|不然|不是|是|紧)|买|订|帮(?!我家?.{0,6}了)|麻烦|请|需要|能不能|可以.{0,6}吗"
    r"|还有没有|什么时候|几点"
)
# Thanks said first, for something done: 谢谢医生上门给我家老人量血压. Only a lack stated
# after it (谢谢，我家米没了) makes it a need.
_THANKS_FIRST = re.compile(r"^\W{0,3}(?:谢谢|感谢|多谢|辛苦)")
_LACK = re.compile(r"没有|没了|快没|缺|急需|断了|吃完了|用完了|不够")

# --- rhetorical questions and complaints ----------------------------------------------------
_RHETORICAL = re.compile(
    r"有什么用|有啥用|到底(?:是|有没有|做错|在干|谁|怎么|管不管|还)|有意思吗|凭什么|难道|像话吗|合理吗"
    r"|怎么办(?:啊|呀|呢|哦)|谁能想到|谁想到|谁知道会|还让不让|让不让人|都干(?:啥|什么|嘛)了|做错了什么"
    r"|抢钱|[吵闹叫](?:什么|啥)[吵闹叫]?|是谁在|是不是还能|还能给我们团|什么时候是个头|图什么|算什么"
    r"|还有没有(?:人管|天理|王法)|就想问问|谁来管管|有没有人管|能不能管管|真的服了|(?<![舒制衣])服了|无语"
    r"|是不是(?:还)?能(?:给我们)?团|(?:啥|什么)(?:也|都)没(?:有|干|用)"
    r"|是个头|图啥|人呢[?？]*$|(?:觉得)?正常吗|是不是该|是不是连|至于(?:这么|吗)|(?:再|照)这样下去"
    r"|谁就是|第一件事|团个|有没有人跟我一样|有没有搞错|你这话|你说的不对|说得对|说的对|自觉(?:一点|点)"
    r"|哪去了|是给人吃的|数不清|被捅穿|这也[能算叫]"
    # Asked of nobody: 这差价谁赚了, 保的是谁的供, 这都第几个十四天了, 什么时候见过…
    r"|谁赚|是谁的|第几[个次回]|(?:什么时候|哪里|谁)见过"
    # Neighbours arguing, whatever they ask each other.
    r"|乱说|胡说|瞎说|对号入座|血口喷人"
    r"|公德心|有些人|有的人|吃金子|是金子|[一二两三四五六七八九十百]+块钱?(?:一|每)?(?:斤|个|棵|颗)"
    r"|(?:娃|孩子|老公|老婆|我妈|我爸|儿子|女儿|闺女)(?:问|说)"
)

# --- complaints and warnings, asking for nothing ---------------------------------------------
_COMPLAINT = re.compile(
    r"能不能别|可不可以别|别再|别发|不要再发|太差|态度(?:太|真|很)?差|差评|太贵|真贵|坑人|气死|受不了|离谱|看监控|请放回"
    r"|谁(?:家)?.{0,6}(?:拿错|拿走|偷|乱扔|乱丢)|不会再[团买订]|再也不[团买订]"
)
_ASKS_ANY = re.compile(r"[?？]|吗|能不能|可不可以|可以.{0,6}吗|麻烦|帮|请(?!放回)|怎么办")

# --- organisers' reports: what was done for everyone ----------------------------------------
_REPORT = re.compile(
    r"\S团(?:今天|明天)?.{0,6}截|整栋楼|全楼|大家都(?:拿到|收到|领到)|每户|各家|统计[:：]|一共(?:报|收|是|有)|已经?(?:发给|放到|送到|分好|分完|通知)|大家.{0,8}(?:开门|下楼)?拿"
)

# --- appeals and wishes to the whole group -------------------------------------------------
_APPEAL = re.compile(
    r"互相|彼此|共渡|加油|挺住|别囤|不要囤|留给(?:真正|需要)|希望(?:明年|以后|早日|早点|大家)|快乐"
    r"|大家(?:走|注意|别|不要|记得|尽量|放心|坚持)|(?:物业|居委|社区|通知|群里|群主)说"
    r"|欢迎(?:大家|分享|入群|加入)|本群|这个群是|群规"
    r"|转\]|【转|^转[:：]|转发|专家(?:提醒|说|建议)|消杀|正在消毒|[别嫑勿]下楼|不要下楼"
    r"|舒服多了|好多了|好转|康复|阳康|痊愈|平安"
    r"|记得(?:把|带|戴|关|拿|锁)|别扔|不要扔|请勿|禁止|隔壁(?:小区|楼盘)|据说|通报"
    # Anecdotes about pets and family at home.
    r"|猫主子|狗子|主子|熊孩子|两个娃|(?:孙子|孙女|老公|老婆|闺女|儿子)(?:教|说|问|把|又|天天)"
    r"|愁死|笑死|哈哈"
)

# --- a remark or question to one neighbour, not to the organisers ---------------------------
_TO_NEIGHBOUR = re.compile(
    r"^(?:@\S+\s*)?(?:你们?家|你上次|上次你|你说的|您家|你在哪|你住|您住|你是不是|你们是不是|你(?:加|联系|去找|找|问|可以))"
)

# --- bartering jokes: 用一包烟换两个土豆 ------------------------------------------------------
_BARTER = re.compile(
    r"(?:用|拿)[^，。,？?!！]{1,12}换(?!成|了|一下)|(?<![改更置])换(?:一|两|三|四|五|几|\d|点)"
    r"|想换|换东西|有人换"
)

# --- news, cooking talk and complaints about goods: said, not asked --------------------------
_NARRATIVE = re.compile(
    r"(?:做|吃|炒|煮|炖|蒸|发|领|抢|团|分|拿)了(?!吗|没)|隔壁|听说|据说|通知说|新闻|别人家|朋友圈"
    r"|物价|涨价|加价|太贵|贵了|真贵|抢不到|抢菜|买不到|一秒就没|就没了|真不错|好吃|难吃|太差|态度"
    r"|\d+\s*(?:块|元)(?:钱)?(?:一|每)?(?:斤|个|袋|棵|颗|箱|份)"
    # Cooking and meals described: 白菜炖粉条, 包了一锅饺子, 今天早饭：一个馒头.
    r"|(?:炖|炒|蒸|煮|煎|烤|卤|腌)(?:了|好|熟|的|着)|\S炖\S|炒鸡蛋|蒸鸡蛋|鸡蛋羹|荷包蛋|土豆饼"
    r"|凉拌|红烧|包了|做成|一锅|出锅|美味|味道|吃法|标配|知足|省着吃"
    r"|早饭|午饭|晚饭|早餐|午餐|晚餐|(?:中午|晚上|早上)是|最后(?:一|两|几)[个袋颗根包盒瓶]"
    r"|终于(?:能|可以)|可惜|心酸|难受|想哭|泪目|破防"
    # How a household eats through things: 一天要吃两斤米, 一桶油两个礼拜就见底.
    r"|(?:一天|每天|一周|每周|一个月|每月|平时|以前)[^，。,]{0,4}(?:吃|喝|用)"
    r"|(?:没|不)(?:吃|喝|用)完|吃不完|喝不完|见底|\S自由"
)
_ORDERS = re.compile(
    r"要(?!是|求|说|不然|不要|吃|喝|用|实现)|买(?!了|不到|菜)|订|报(?!道|警|名单)|下单|接龙|来(?:一|两|三|四|五|\d)|帮我|给我|麻烦|需要|想要|还有吗|有没有"
)


def offer_or_remark(text: str) -> str | None:
    """The family a message belongs to when it asks nothing, checked before any intent;
    None for everything else. `text` is folded."""
    if _OFFER_PHRASE.search(text):
        return "offer"
    if _OWN_NEED.search(text):
        return None
    if _OWN_SURPLUS.search(text) and _GIVING.search(text):
        return "offer"
    if _HELPING_OUT.search(text):
        return "offer"
    if _RHETORICAL.search(text):
        return "rhetorical"
    if _BARTER.search(text):
        return "barter"
    if _TO_NEIGHBOUR.search(text):
        return "to_neighbour"
    if _APPEAL.search(text):
        return "appeal"
    if _THANKED_FOR.search(text) and not _ASKS_ANY.search(text):
        return "thanks"
    if _COMPLAINT.search(text) and not _ASKS_ANY.search(text):
        return "complaint"
    if _REPORT.search(text) and not _ASKS_ANY.search(text):
        return "report"
    return None


def thanks_only(text: str) -> bool:
    """Thanks asking nothing: checked only once no order, cancel or receipt was read."""
    if not _THANKS.search(text) or _ASKS.search(text):
        return False
    if _THANKS_FIRST.search(text) and not _LACK.search(text):
        return True
    return not _OWN_NEED.search(text)


# Health and medicine talked about, not needed: hearsay, a shop's prices, what is left
# over to give, a fever already gone.
_NOT_A_NEED = re.compile(
    r"听说|据说|网上说|新闻(?:说|里)"
    r"|药店.{0,6}(?:开门|有货|有卖)|\d+\s*(?:块|元)?钱?一(?:盒|瓶|板|支)|几块钱|炒到|涨到|良心"
    r"|还剩.{0,10}(?:谁|需要)|谁家.{0,10}需要.{0,4}(?:说|找我|私聊|吱)"
    r"|已经退了|退烧了|好多了"
)


_OFFERED_NEED = re.compile(r"谁家?.{0,10}需要.{0,4}(?:说|找我|私聊|吱)\S{0,4}")
# Anything urgent or asked keeps it a help request, whatever else is said beside it.
_URGENT_OR_ASKED = re.compile(
    r"帮我|帮忙|麻烦|请|救|怎么办|急|联系|送医|要去|去医院|喘|透析|昏|晕|抽搐|120|需要|想要|求"
)


def not_a_need(text: str) -> bool:
    """Medicine or illness mentioned by someone who needs nothing (checked before help):
    never when anything urgent is said or help is asked for."""
    if not _NOT_A_NEED.search(text) or _OWN_NEED.search(text):
        return False
    return not _URGENT_OR_ASKED.search(_OFFERED_NEED.sub(" ", text))


def narrative(text: str) -> bool:
    """Goods talked about, not asked for: cooking, news, prices, complaints."""
    return bool(_NARRATIVE.search(text)) and not _ORDERS.search(text)
