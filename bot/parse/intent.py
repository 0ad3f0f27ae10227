"""What a message wants (LABELS.md intents) and which kind of help, from cue phrases."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.messages import HelpCategory
from bot.parse.normalise import fold
from bot.parse.numbers import NUM, as_digits

# Display names of people who post notices rather than requests.
_CADRE_SENDER = re.compile(
    r"志愿者|楼长|书记|网格员|物业|社区(?!居民)|团长|居委|客服|卫生站|管理员|主任|工作人员|社工|街道|村委|管家"
)
_NOTICE = re.compile(
    r"^\s*[#【\[]?(?:通知|公告|提醒|温馨提示)(?![说的])|下来领|按单自取|开团了|过时不候|在群里接龙|请及时取"
)
# Addressing the whole group opens notices, but also long requests and questions from one
# household (各位邻居晚上好，……麻烦帮忙订一袋米): a notice only when no resident speaks
# for themselves (我/俺) to ask for something or ask a question.
_GROUP_ADDRESS = re.compile(
    r"各位(?:业主|居民|邻居|家人|街坊)|各位.{0,6}(?:爷爷奶奶|老人|叔叔阿姨|朋友|宝妈|家长|住户)|请(?:各位|大家|全体)|大家(?:按单|自取|抓紧|注意|下楼)"
)
_OWN_VOICE = re.compile(r"我(?!们)|俺")
_OWN_REQUEST = re.compile(
    r"(?:麻烦|帮忙|帮我|请|能不能|能否|可不可以|想|我要|我家要|给我)[^，,。!?？！\n]{0,4}"
    r"(?:订|买|要|来|报|代购|带|登记|留|问)|[?？]|吗"
)

# Vocabulary tables per intent: one phrase per entry, dialect and voice-input forms
# included. Every entry starts with a literal character, so the joined alternation keeps
# the regex engine's first-character scan (no leading look-behinds).
_CANCEL_WORDS = (
    # Mandarin
    r"不要了|不要[^，,。!?\s]{0,6}[了咯喽啦嘞]|先不要|不[订买报]了|不用(?!再)[^，,。!?\s]{0,5}了|不需要了"
    r"|取消|撤[掉单销了回]|删[掉了除]|划掉|先别[订买送报要]|别[订买送报]了|退[掉单订]|算了不要",
    # 32号订单作废 / 那份菜退了 (a fever that 退了 has only gone down).
    r"作废|退(?<![烧热]退)(?<![烧热]已经退)(?<![烧热]都退)(?<![烧热]也退)了",
    # Voice-input slips of 取消 (去消毒 is disinfecting, not cancelling).
    r"取销|去消(?!毒)",
    # Northeast: 整/弄/搞 stand for any doing verb (别整了, 不整了, 甭弄了).
    r"[别不甭]整了|[别不甭]弄了|[别不甭]搞了|不用整|不用弄|不用搞",
    # Cantonese (唔要喇, 唔使送喇), Shanghainese (覅了, 勿要了), Sichuanese (莫要了).
    r"唔要(?!客气|急|紧|怕)|唔使(?:喇|了|啦|送|订|买|要)|唔洗(?:喇|了|啦|送|订|买|要)|唔订|唔买",
    r"覅了|覅要|勿要了|勿要伐|莫要了|不要咯|不要噻",
)
_CANCEL = re.compile("|".join(_CANCEL_WORDS))
_ASK_TAIL = "吗没么未冇伐嘛不"
_RECEIVED_WORDS = (
    # Look-behinds sit after the first character so the engine can scan for it quickly.
    rf"收(?<![没未]收)到(?![{_ASK_TAIL}])|[领拿取攞拎](?<![没未].)到(?![{_ASK_TAIL}])",
    r"已取|取到了|拿到了|已拿到|已签收|签收了|到手了|已经?送达",
    # Voice-input slips of 收到 said as a statement (收道了, 手到了, 首到啦).
    r"收道(?=了|啦|喇|咗|嘞|谢|,|，|$)|[手首]到(?=了|啦|喇|咗|嘞)",
    # Cantonese past forms (收咗, 攞咗, 到咗) when not asked (到咗未).
    rf"收咗|攞咗|拎咗|到咗(?![{_ASK_TAIL}])",
    # Taken inside: the goods are in the household's hands.
    r"送到(?:家)?(?:门口)?了(?![吗没么])|拿进屋|拿进来|拿进门|拿进家|搬进屋|搬进来了",
    r"(?:取|拿|领|搬|扛|拎|提|抬|背)(?:回来|上来|回家|上楼|进屋)了|已经[取拿领]了|[取拿领]了(?=$|[\s,，.。!！~]|谢|辛苦)",
    # Seen where it was left (放门口看到了, 东西在门口了谢谢).
    r"门口[^，,。通知]{0,4}看到了|看到.{0,3}门口|在(?:我家|家)?门口了(?![吗没么])",
    # "牛奶到了，谢谢" / "东西都到了": arrived, said as a statement (not 到了吗 / 快到了).
    r"到(?<![快要没未还就马上刚才才哪几么找看听想做遇碰梦感猜迟]到)了(?=$|[\s,，.。!！~]|谢|辛苦|感谢|太|很|真)",
)
_RECEIVED = re.compile("|".join(_RECEIVED_WORDS))
# Someone else's goods arrived (别人都到了) while one's own have not come: a complaint.
_OTHERS_BEFORE = re.compile(
    r"(?:别人|人家|别家|其他人|其他家|其他|邻居|隔壁|大家|他们|别的)[^，,。!?？]{0,5}$"
)
_OWN_NOT_COME = re.compile(
    r"还没|还未|还不|怎么没|咋没|没(?:有)?(?:送|到|来|收到|拿到)|(?:怎么|咋|为啥|为什么)(?:还|都)"
    r"|漏送|漏了|少送|送漏"
)
# A delivery cue followed by an asking particle (收到了吗, 拿到没, 到咗未) asks, not confirms.
_ASKED_AFTER = re.compile(r"(?:了|咗|啦)?[吗没么未冇伐嘛]")
# People and events that "arrive" (志愿者到了, 核酸的人到了): nothing was delivered.
_ARRIVER = re.compile(
    r"(?:志愿者|大白|医生|护士|师傅|人员|的人|核酸|检测|车|司机|快递员|外卖员|骑手|团长|楼长|书记|网格员|他|她|他们|你们|时间|通知)"
    r"(?:已经|已|都|也|终于)?$"
)
# Words that show an acknowledgement is about a delivery (收到收到，水果很新鲜).
_DELIVERY_WORD = re.compile(r"东西|物资|货|新鲜|送来|送到|好吃|数量|没坏|没碎")
_ACK_ONLY = re.compile(r"^\s*(?:收到|好的|OK|明白)[\s,.!，。！~]*(?:谢谢|感谢|辛苦)?")
# When, in Mandarin and dialect (啥子时候 Sichuan, 几时 Cantonese, 啥辰光 Shanghai).
_WHEN = r"(?:什么时候|啥时候|啥子时候|什么时间|啥时间|几时|几点|多久|何时|哪天|啥辰光|咩时候|几耐)"
# Why-still-not, in Mandarin and dialect (咋个还没 Sichuan, 哪能还没 Shanghai, 点解仲未 Cantonese).
_STILL_NOT = (
    r"(?:咋|怎么|咋个|哪能|为啥|为什么)(?:还|都|仍|仍然)(?:没|不|未)"
    r"|点解仲(?:未|冇|唔)|仲(?:未|冇)(?:到|送|嚟|有|收)"
)
_STATUS_WORDS = (
    r"到哪|在路上|(?:处理|安排|解决|落实|办|派送|配送|发货|发出|出发|出库|送出|登记|审核)(?:好|完)?了?(?:吗|没|么|没有)",
    r"送出来没|有(?:进展|进度|消息|回音|回复|动静|结果)(?:吗|没|了吗)|进度|还不(?:送|到|来)|到底(?:什么|啥)时候",
    _STILL_NOT,
    rf"{_WHEN}(?:才|能|可以|会|大概|先|就)*(?:送|到|来|嚟|配送|派|发(?!烧|热|通知|结果|布|言))(?!进)",
    r"(?:到|送|好|来|发|安排|整)了(?:吗|没|伐|未)|送了没|还没(?:有)?(?:送|到|来|收到|见到|拿到|动静)",
    r"到没到|送没送|到(?:咗|左)?(?:未|冇)|到伐|送咗未|(?:能|可以)(?:送|到)吗|送错|还要等多久|多久能|快点送|催",
    r"查(?:一下|下)?.{0,6}单",
    # Whether it has been bought or goes out on a day (米订了吗, 明天能送吗, 今天发不发).
    r"(?:买|订|报|下单|代购|代买)(?:好)?了(?:吗|没)",
    r"(?:今天|明天|今晚|上午|下午|晚上|今日|待会)(?:能|会|可以)?(?:发|送|到|配送)(?:到|过来|来)?(?:吗|不|没)",
    # Sichuanese 好久到 / 好久送 asks when (好久没到 is a complaint said another way).
    r"好久(?:才|能|会)?(?:到|送|来|发)(?![了过])",
)
_STATUS = re.compile("|".join(_STATUS_WORDS))
# Cues that say "still waiting" only when an order or goods is the subject (莫得动静 of an
# order is status; of an old neighbour it is a call to check on them).
_STATUS_WAITING = re.compile(
    r"(?:没|莫得|没得|冇|没有|没啥|毫无)(?:任何|一点)?(?:动静|消息|音讯|回音|下文)|等了(?:一天|半天|好久|很久|好几天|两天|几天|一上午|一下午|一晚上)"
)
# Goods in general words: what a household waits for even when no catalog item is named.
_GOODS_WORD = re.compile(r"菜|东西|物资|货|包裹|团购")
# Asked of goods only: whether they have gone out or still will (菜是不是还没发, 今天还送吗,
# 发了没, 还送不送, 等一上午了). Gated on goods because 核酸结果还没发 asks about tests.
_STATUS_OF_GOODS = re.compile(
    r"还没(?:有)?(?:发(?!烧|热|通知|结果|布)|派|配送|动静|消息|影)|还(?:发|送|配送|派|到)[^，,。!！?？\s]{0,2}(?:吗|不|没|么|伐)"
    r"|(?:送|发|到)不(?:送|发|到)|(?:发|送|派)了(?:吗|没|么)|怎么(?:还)?没(?:动静|消息|影)"
    # 蔬菜包到小区门口了吗 / 菜送到楼下了没: whether the goods have reached a place.
    r"|到[^，,。!！?？\s吗没了]{1,6}了(?:吗|没|么|伐)"
    r"|等了?(?:一天|半天|好久|很久|好几天|两天|几天|一上午|一下午|一晚上|一早上|大半天)"
)
# "Where is mine": 我订的菜包呢 / 我家的鸡蛋呢 names an existing order, not a new one.
_MINE_WHERE = re.compile(
    r"(?:我|俺)们?家?(?:订|买|报|团|要|接龙|登记|抢)?的[^，,。!！?？\s是]{1,8}"
    r"(?:呢(?![^\s,，。!！?？~…])|去哪|哪去|在哪)"
)
# Said it was ordered, then asks when: 我家订了两份，啥时候发.
_PAST_ORDER = re.compile(
    r"(?:订|买|报|下单|接龙|登记|团|要)(?:了|过)|已经(?:订|买|报|下单|接龙|登记)"
)
_WHEN_ASK = re.compile(_WHEN + r"|(?:发|送|到|配送|派送|来)(?:了)?(?:吗|没|伐|未)")
# Topics of a question that is not about one's own order (test results, rules, notices).
_QUESTION_TOPIC = re.compile(
    r"核酸|抗原|结果|通知|公告|解封|封控|管控|防控|政策|规定|规则|疫苗|健康码|[黄绿红]码|行程码|下楼|扔垃圾|出小区|快递能|外卖能|能不能出"
)
_ORDER_WORD = re.compile(r"单(?!元)|订|报|买|接龙|团购的|物资|代购|送来|送到|配送")
# Complaints and remarks aimed at neighbours: phrased as questions, asking nothing.
_RHETORIC = re.compile(
    r"别.{0,10}(?:行吗|好吗|可以吗|行不行|好不好)|谁家的?.{0,10}(?:一直|老是|天天|总是|又在|在叫|在哭|在吵)"
    r"|(?:吵死|烦死|有完没完|还让不让人|有没有公德|素质)"
    # Offers to neighbours (我家有多的鸡蛋，谁需要): asking nothing of the group.
    r"|有(?<!谁有)(?<!谁家有)多的|多出来的|多余的|可以匀|免费送|谁家?需要.{0,6}(?:找我|说一声|私聊|拿|来)|谁需要$"
    r"|有需要的.{0,6}(?:说一声|吱一声|找我|私聊|来拿|联系我|跟我说|招呼)|谁要[^买订送]{0,3}$"
)
_QUESTION = re.compile(
    r"[?？]|吗|请问|几点|什么时候|啥时候|多少钱|在哪|哪里|是不是|还是|要不要|需要什么|有没有|多久|几号|能否|呢$|伐$"
    # 一袋几斤 / 每户能买几袋: 几 + unit asks a size or a limit (十几斤 is an amount).
    r"|几(?<!十几)(?:斤|两|克|袋|个|包|盒|箱|瓶|桶|提|把|份|只|块|枚|卷|升|公斤)"
)
# Question words that are also indefinite (没怎么吃, 谁家的猫跑出来了, 什么都没有): they ask
# only outside the indefinite phrases below, and 谁 only with a verb of asking after it.
_QUESTION_WEAK = re.compile(
    r"怎么|什么|啥|哪|多少|谁(?:知道|能|可以|有|会|负责|管|晓得|清楚|了解|是|帮|去)|谁家有"
)
_INDEFINITE = re.compile(
    r"[没不]怎么|[没不](?:什么|啥)|(?:什么|啥|哪|谁|哪儿|哪里)(?:都|也)|不知道(?:是)?(?:谁|什么|啥|怎么|哪)"
    r"|那啥|这啥|谁家的|不知道(?:是不是|为什么|为啥)"
)
# Asking about goods rather than for them, or complaining about them.
_NOT_ORDERING = re.compile(
    # 几 + unit asks a size or count (几斤一袋, 一箱几瓶); 多少 asks an amount.
    r"几(?:斤|两|克|袋|个|包|盒|箱|瓶|桶|提|把|份|只|块|枚|卷|升|公斤)|多少|多[重大]"
    # Suggestions about what goods should contain (菜包能不能多加点肉).
    r"|(?:能不能|可不可以|可以|能否|希望|建议|最好|下次|以后)(?:再)?(?:多|少)(?:加|放|给|装|配|来)"
    r"|限购|限量|限[买订报]"
    # Goods already delivered or given, described or complained about (送的鸡蛋碎了两个;
    # 菜包里有两斤土豆; 给您留了两个馒头).
    r"|送来的|送的|发的|领的|碎了|少了|缺了|变质|过期|发霉|臭了|(?:包|箱|袋|盒|份)里面?(?:有|只有|就)"
    r"|给您|给你|给大家|留给"
    # Offering to the group (有人要米吗, 谁还要鸡蛋): someone else would be ordering.
    r"|(?:有人|有没有人|有谁|谁还|大家|哪位)(?:要|需要|想要)"
    # Cooking talk and jokes (分享一个土豆炖牛肉的做法; 蒸的馒头跟石头似的).
    r"|做法|菜谱|食谱|分享|似的|难吃"
    r"|价格|价钱|几点|什么时候|请问|是不是|还是|每天|哪里|在哪|贵|便宜|有多的|多出来|多余的|匀给|分给|谁家?需要|有需要的|谁要|转让|送给|(?:谢谢|感谢).{0,8}(?:送|给)的|烂|坑|质量|差评|还有.{0,10}吗|还能.{0,10}吗|有没有(?!人).{0,10}吗?"
)
# Each verb only where it is one: not inside the everyday words that hold the same
# character (出来, 上报, 一团, 要是, 加油, 带娃, 整天, 留言).
_ORDER_VERB = re.compile(
    r"(?<![重主只])要(?!是|不然|命|紧)|订|买|(?<![出起回过进下上以原后将本未看])来(?!了|说|看|自)"
    r"|(?<![上汇举通情])报(?!告|备|道|警|纸)|(?<![参增])加(?!油|班)|(?<!一)带(?!头|娃|孩)|代购"
    r"|(?<![一抱])团(?!结|长|队|体|圆)|登记|搞(?!笑|不)|(?<![完调])整(?!天|个|齐|理)|弄点"
    r"|(?<![保停])留(?!言|意)|给我"
)
# 来几袋 / 要几包: 几 after a verb of asking is "a few", not a question, unless the message
# asks (能买几袋？每户限几袋).
_FEW = re.compile(r"(?:来|要|整|搞|买|订|拿|带|弄)几(?:斤|袋|个|包|盒|箱|瓶|桶|提|把|份|只|块)")
_FEW_ASKED = re.compile(r"[?？]|吗|能|可以|限|每|最多|一共")
# A yes/no question about goods orders only in a polite request frame (能给我留两袋米吗).
_YES_NO_END = re.compile(r"吗\s*[?？]?\s*$")
_REQUEST_FRAME = re.compile(
    r"能|可以|可不可以|麻烦|帮|给我|请|我要|我家要|我也要|我想|想要|我们要|我订|我买|我报|行不行|好不好|好吗|行吗|成吗"
)
# What a household still has (还剩半袋米, 够吃几天), ordering only with a verb of asking.
_STOCK = re.compile(r"还剩|只剩|就剩|剩下|剩了|够吃|够用")
_STOCK_ASK = re.compile(r"帮|麻烦|请|我要|给我|订|买|来|报|再要|想要|需要")
# A clause asks nothing when it has none of these.
_CLAUSE_ASKS = re.compile(
    r"[?？]|吗|呢|什么|啥|几|多少|哪|怎么|是不是|还是|能不能|可不可以|有没有|能否"
)
_CLAUSE_SPLIT = re.compile(r"[?？!！。；;，,\n]")

_MEDICINE = re.compile(
    r"药|丸|胶囊|颗粒|冲剂|口服液|喷雾|滴剂|糖浆|软膏|膏药|胰岛素|布洛芬|阿司匹林|阿莫西林|头孢|西林|霉素|沙星|洛芬"
    r"|对乙酰|扑热息痛|连花清瘟|莲花清瘟|板蓝根|感冒灵|二甲双胍|地平|优甲乐|奥司他韦|达菲|止咳|退烧|止疼|止痛|消炎"
    r"|抗生素|降压|降糖|眼药水|碘伏|创可贴|[疼痛压糖钙含C素]片|长期吃的|长期服用"
)
_MEDICINE_NEED = re.compile(
    r"买|代购|代买|配|送|拿|没了|用完|吃完|只剩|快没|断了|需要|急需|要|求"
    # Asked of neighbours (有没有多余的布洛芬, 谁家有退烧药, 匀我两片).
    r"|有没有|谁(?:家)?有|匀我|匀一|借"
)
_MEDICINE_QTY = re.compile(rf"(?:{NUM})\s*(?:盒|瓶|支|板|片|粒|袋|包|贴|管|针|份)")
_MEDICAL = re.compile(
    r"医院|透析|化疗|救护车|急救|急诊|发烧|发热|高烧|骨折|摔|受伤|流血|血止不住|缝针|产检|胸口疼|胸痛|心脏病|昏迷|晕倒|抽搐|呼吸困难|看病|就医|急症|分娩|生孩子|羊水"
)
# Branches led by a look-behind defeat the regex engine's first-character scan, so the
# few that need one live in small patterns of their own.
_AMBULANCE = re.compile(r"(?<!\d)120(?!\d)")
# A condition or patient that needs a doctor whatever the sentence asks (even 能开通行证吗).
_MEDICAL_ACUTE = re.compile(
    r"透析|化疗|放疗|救护车|急救|急诊|发烧|发热|高烧|烧到|骨折|摔倒|摔了|摔伤|跌倒|受伤|伤口|口子(?<![那这俩两]口子)"
    r"|流血|出血|血止不住|吐血|缝针|割[了破伤到]|烫伤|烧伤|咬伤|胸口|胸痛|胸闷|心脏不|心口|心梗|心慌|喘不|呼吸"
    r"|磕[到破伤了]|撞[到破伤]了?头|头破|切[到伤破]|手切了|划[伤破]|流了.{0,4}血|一直吐|吐个不停|上吐下泻|低血糖|哮喘发作"
    r"|高血压|血压高|犯病|发病|病发|站不起|起不来|咬了|咬伤|被.{0,2}咬|狂犬"
    r"|昏迷|晕倒|晕过去|晕厥|不省人事|休克|抽搐|癫痫|中风|脑梗|偏瘫|病危|孕妇|怀孕|临产|要生了|宫缩|破水|羊水"
    r"|分娩|生孩子|阵痛|疼得厉害|痛得厉害|疼得受不了|病人|患者|肿瘤|癌|产检|急症|不行了|没意识|叫不醒"
)
# Everyday complaints (吃多了吐了, 有点头晕, 花粉过敏): medical only when someone asks for
# help or the wording says it is serious.
_MEDICAL_MILD = re.compile(
    r"吐了|呕吐|拉肚子|腹泻|头晕|头疼|头痛|过敏|肚子疼|肚子痛|抽筋|胃疼|胃痛|牙疼"
)
_MILD_ASK = re.compile(r"帮|求助|麻烦|能不能|能否|谁能|有没有人|怎么办|急|救|请|需要|药")
_SERIOUS = re.compile(
    r"一直|不停|厉害|严重|受不了|好几天|好久|几次|止不住|站不稳|没力气|发紫|肿|喘|休克|昏|晕倒|脱水"
    r"|孩子|宝宝|婴儿|小孩|老人|孕|怎么办|医院|医生|看病"
)
_UTILITY = re.compile(
    r"水卡|充水|燃气|天然气|煤气|没气|停水|没水|停电|没电|电卡|电费|电表|跳闸|水费|水表|断电|断水|打不着火"
)
# A utility outage stated as a fact is a request for help (楼里停水一天了，有人管吗).
_UTILITY_OUT = re.compile(
    r"停水|停电|断水|断电|停气|没水|没电|没气|没有水|没有电|水都没|电都没|一点水|一滴水|不出水|没热水|跳闸|打不着火"
    r"|(?:燃气|天然气|煤气|电|水)(?:卡)?(?:也|都|又)?(?:没了|用完|欠费|没钱)"
)
# When supply comes back (什么时候来水/来电/通气/恢复): asked of an outage, not an order.
_RESTORE = re.compile(r"来水|来电|来气|通水|通电|通气|供水|供电|供气|恢复|修好")
# Asking whether or when an outage will happen (今天停水吗) is a question, not a report.
_UTILITY_PLANNED = re.compile(
    r"明天|明早|后天|计划|检修|通知|几点停|(?:什么|啥)时候停|会不会|是不是要|会停|要停|停不停"
    r"|(?:停|断)[水电气](?:吗|不|没有?[?？]?$)"
)
# Broken cooking equipment (燃气灶坏了, 电饭锅烧了) with no food: food help, unless the
# supply itself is out (停气, 燃气卡没钱, 停电), which is a utility.
_COOKWARE_BROKEN = re.compile(
    r"(?:灶|锅|炉|煲)[^，,。]{0,3}(?:坏|烂|烧了|漏|不能用|用不了|打不着|点不着|不好使|不工作)"
)
_SUPPLY_OUT = re.compile(
    r"停气|没气|断气|燃气卡|气卡|停电|没电|断电|停水|没水|断水|欠费"
    r"|(?:燃气|天然气|煤气)(?:也|都|又)?(?:没了|用完|没钱)"
)


def _cookware_food(text: str) -> bool:
    return (
        bool(_COOKWARE_BROKEN.search(text))
        and bool(_FOOD_OUT.search(text) or _FOOD.search(text))
        and not _SUPPLY_OUT.search(text)
    )


_FOOD = re.compile(
    r"没吃的|没东西吃|没有吃的|吃的.{0,4}没了|断粮|揭不开锅|做不了饭|吃不上|没吃东西|吃完了|啥吃的都没|什么吃的都没|送点吃的|饿|没饭吃|没有粮"
)
# Nothing left to eat, said plainly or in dialect (冇得吃/莫得吃/没得吃).
_FOOD_OUT = re.compile(
    r"(?:没|冇|莫|没有|无)得?(?:啥|什么|东西|饭|粮)?(?:可)?吃(?:的|了)|吃的.{0,6}(?:没|冇|莫)|断粮|断顿|揭不开锅"
    r"|饿(?:了|得|肚子|坏|死)|一粒米|米都没|粮.{0,2}没|(?:啥|什么|都)吃完|弹尽粮绝|没米下锅|没有?粮|(?:米|粮食?)(?:都|也)?(?:吃)?[完光]了|吃的.{0,2}快没|没饭吃|吃不上饭|粮食.{0,4}没"
    # Cannot cook (锅坏了没法做饭, 不会做饭, 开不了火) or has hardly eaten for days.
    r"|(?:没法|没办法|不能|不会|做不了|没条件)(?:做饭|煮饭|烧饭|开火|弄吃的)|开不了火|做不成饭"
    r"|(?:没|莫|冇)(?:怎么|咋|好好|正经)?吃(?:东西|饭|过饭|上饭|上)"
)
_ELDER_PERSON = re.compile(
    r"独居|孤寡|孤老|空巢|老人|老太太|老太|老大爷|大爷|奶奶|爷爷|姥姥|姥爷|外婆|外公|老两口|老伴|老爷子|[七八九]十|[789](?<!\d[789])\d岁"
    r"|老母亲|老父亲|(?:我|我的)(?:妈|爸|母亲|父亲).{0,8}一个人|老年痴呆|痴呆|失智|阿尔茨海默"
)
_ELDER_CARE = re.compile(
    r"看看|看一[眼下]|去看|看望|探望|照顾|照看|照应|关照|关心|上门|敲门|一个人住|一个人在家|没人接|没人应|自理|陪"
    r"|没见|不方便|行动不便|卧床|瘫|没人管|进不去|联系不上|没动静|没出门|没露面|没声音|没回"
    # Cannot be reached: someone has to knock (电话一直打不通，谁能敲下门).
    r"|敲.{0,2}门|打不通|不接电话|没接电话|电话不通|没人应|叫门|不回消息|失联|莫得动静|没得动静"
    # Left alone: no family around (就剩她一个, 家里人隔离走了, 儿女不在身边).
    r"|[就只]剩(?:她|他|老人|奶奶|爷爷)|(?:家里人|家人|儿女|子女|孩子|儿子|女儿)[^，,。]{0,6}(?:走了|不在|隔离|外地|回不来)"
    r"|不在身边|身边没人|无人照|没人照"
)
# An old household asking for hands (谁能来帮帮我们), when nothing is broken.
_ELDER_ASK = re.compile(r"帮帮|谁能来|来个人|来人|求助")
_HELP_NEED = re.compile(
    r"帮|求助|麻烦|能不能|能否|谁能|有没有人|急|救|联系|安排|叫|充|怎么办|请|需要|想请|要去|快没|没了|用完|吃完|只剩"
    r"|断|撑不住|揭不开|做不了|吃不上|没吃|没人|跳闸|打不着|堵|坏|锁|(?:没水|没电|没气|停水|停电)了"
    r"|犯了|晕倒|昏迷|抽搐|呼吸困难|出血|骨折|不行了"
)
_HELP_OTHER = re.compile(
    r"帮忙|帮帮|求助|帮一下|救急|安排人|找人|找个|联系|请.{0,8}帮|谁能|有没有人能|能不能请|需要人|来人|派人"
    # Asking neighbours to spare something (谁有多的口罩, 能匀我一点, 借我用一下).
    r"|谁(?:家)?有(?:多的|多余的|富余的|闲置的)|匀我|匀一点|借我|借一下"
    # An errand someone must run (帮协调一下去取回来, 帮忙跑一趟).
    r"|协调|跑一趟|跑个腿|帮.{0,6}(?:取|拿)回来"
)
# A household problem (repairs, locks, pets, stuck deliveries) plus any asking word.
_TROUBLE = re.compile(
    r"坏了|坏掉|堵了|堵住|漏水|渗水|爆管|爆了|水管|碎了|破了|裂了|掉下来|锁坏|反锁|锁在|锁屋|锁门|开锁|钥匙|进不去|出不去"
    r"|出不了门|卡住|困在|堵|维修|修理|来修|修一下|师傅|宠物|狗|猫|喂|快递|垃圾|网断|宽带|马桶|下水道|电梯"
)
_PET = re.compile(r"猫|狗|宠物|鱼缸|金鱼|鹦鹉|仓鼠|兔子")
_TROUBLE_ASK = re.compile(
    r"需要|求助|帮|能不能|能否|谁能|有没有|怎么办|找(?!到)|麻烦|请|急|救|来人|修"
)
# Trouble that is a call for help said as a plain fact (水管爆了; 钥匙丢了进不了家).
_TROUBLE_SEVERE = re.compile(
    r"爆管|水管.{0,2}爆|漏水|渗水|淹了|钥匙(?:丢|掉|找不到|锁)|进不了家|进不去家|锁在(?:外面|门外|里面|屋里|家里|阳台)"
    r"|反锁|出不了门|被困|困在"
    r"|(?:门|锁|窗|玻璃|水管|管道|马桶|水龙头|热水器|暖气|灯|电梯|阀门)[^,，。]{0,3}"
    r"(?:坏|破|碎|裂|漏|堵|爆|掉|关不上|打不开|锁不上)"
)
_REF = (
    re.compile(r"第\s*(\d{1,5})\s*号?\s*单(?!元)"),
    re.compile(r"(?<![\d-])(\d{1,5})\s*号\s*单"),
    re.compile(r"单号\s*[:是为]?\s*(\d{1,5})"),
    re.compile(r"订单\s*号?\s*[:#]?\s*(\d{1,5})"),
    re.compile(r"(?:取消|撤销?|删掉?|退掉?)\s*第?\s*(\d{1,5})\s*号(?![楼\d])"),
    re.compile(
        r"(?:编号|单号|求助单|求助|订单|单子)\s*[:：#是为]?\s*#?\s*第?\s*(\d{1,5})(?![\d-]|\s*号?\s*楼)"
    ),
    re.compile(r"(?<![\d-])(\d{1,5})\s*号\s*(?:的)?\s*(?:订单|单子|求助)"),
    # The bot's own notation (单号#12, #12 已送达) and 收到 said with a number.
    re.compile(r"[#＃]\s*(\d{1,5})(?![\d-]|\s*[号楼栋幢])"),
    re.compile(r"(?<![\d-])(\d{1,5})\s*号单?\s*(?=(?:已经?)?收到)"),
    re.compile(r"收到(?:了|啦)?\s*(\d{1,5})\s*号(?!\s*楼)"),
)


@lru_cache(maxsize=8192)
def is_cadre(sender: str) -> bool:
    return bool(_CADRE_SENDER.search(fold(sender)))


def is_notice(text: str) -> bool:
    if _NOTICE.search(text):
        return True
    if not _GROUP_ADDRESS.search(text):
        return False
    return not (_OWN_VOICE.search(text) and _OWN_REQUEST.search(text))


# Asking how a rule or procedure works (垃圾怎么处理, 通行证怎么办理): a question unless the
# household names something concrete that went wrong or asks for hands.
_PROCEDURE = re.compile(
    r"(?:怎么|咋|如何|怎样)(?:处理|办理|弄|操作|申请|扔|丢|倒|走|登记|报备|拿|取|办手续)|流程|手续"
)
_CONCRETE_TROUBLE = re.compile(
    r"坏|堵|破|裂|漏|爆|丢了|掉了|锁|困|进不去|出不去|出不了|卡住|满了|没人收|没人管|没人来|帮|急|求助|救"
)


# 烧到38度5，今天已经退了: a fever that went down, wherever the fever was named.
_FEVER = re.compile(r"烧|发热|体温|\d\s*度|度\d")


def is_cancel(text: str) -> bool:
    for m in _CANCEL.finditer(text):
        if m.group(0).startswith("退") and _FEVER.search(text):
            continue
        return True
    return False


def _others_got_mine_not(text: str, pos: int) -> bool:
    """别人都到了 / 邻居都收到了 said beside 我家的还没送来: the sender's goods did not come."""
    return bool(_OTHERS_BEFORE.search(text, max(0, pos - 8), pos)) and bool(
        _OWN_NOT_COME.search(text)
    )


def _arriver_before(text: str, pos: int) -> bool:
    return bool(_ARRIVER.search(text, max(0, pos - 8), pos))


# 收到 #12 / 收到12号 / #12收到: the bot asked for 收到 after a delivery; a number makes it
# about that order.
_RECEIVED_NUMBERED = re.compile(
    r"^\s*(?:好的?[,，\s]*)?(?:已经?)?收到(?:了|啦)?[\s,，:：]*(?:[#＃]\s*\d{1,9}|\d{1,9}\s*号单?)"
    r"(?!\s*楼)[\s,，。！!~]*(?:谢谢[^\s]{0,5})?[\s。！!~]*$"
    r"|^\s*(?:[#＃]\s*\d{1,9}|\d{1,9}\s*号单?)(?!\s*楼)[\s,，]*(?:已经?)?收到(?:了|啦)?"
    r"[\s,，。！!~]*(?:谢谢[^\s]{0,5})?[\s。！!~]*$"
)


def is_received(text: str) -> bool:
    if _RECEIVED_NUMBERED.match(text):
        return True
    m = _RECEIVED.search(text)
    # 志愿者到了，大家下楼: a person arrived, not goods; 收到了吗 asks. Only a later
    # delivery cue counts then.
    while m is not None and (
        _ASKED_AFTER.match(text, m.end())
        or (m.group(0) == "到了" and _arriver_before(text, m.start()))
        or _others_got_mine_not(text, m.start())
    ):
        m = _RECEIVED.search(text, m.end())
    if m is None:
        return False
    # "收到，谢谢通知" acknowledges a notice; nothing was delivered.
    if _ACK_ONLY.match(text) and not re.search(r"收到了|已收到|都收到", text):
        return bool(_DELIVERY_WORD.search(text))
    return True


_BARE_ACK = re.compile(
    r"^\s*(?:好的?[,，\s]*)?(?:已经?)?收到(?:了|啦|咯|收到)?[\s,.!，。！~]*"
    r"(?:(?:谢谢|感谢|多谢|辛苦)[^\s,.!，。！~]{0,5})?[\s,.!，。！~]*$"
)


def is_bare_ack(text: str) -> bool:
    """收到 / 好的收到 / 收到谢谢志愿者: an acknowledgement and nothing else. Out of context
    it confirms nothing; after a delivery the bot asked to be answered this way."""
    m = _BARE_ACK.match(text)
    return m is not None and not re.search(r"[吗嘛没？?]", text)


def is_received_ack(text: str, goods_named: bool) -> bool:
    """收到收到 + goods or a delivery word: an acknowledgement of a delivery."""
    return bool(_ACK_ONLY.match(text)) and (goods_named or bool(_DELIVERY_WORD.search(text)))


def is_status(text: str, goods_named: bool = False) -> bool:
    if not _STATUS.search(text):
        # 订了两份，啥时候发 / 我的菜莫得动静: waiting on something ordered.
        ordered = goods_named or bool(_ORDER_WORD.search(text))
        if _PAST_ORDER.search(text) and _WHEN_ASK.search(text):
            return ordered and not _QUESTION_TOPIC.search(text)
        return ordered and bool(_STATUS_WAITING.search(text))
    # 核酸结果出来了吗 asks about tests or rules; 停电了什么时候来电 reports an outage.
    if _RESTORE.search(text) and _UTILITY_OUT.search(text):
        return False
    if _ORDER_WORD.search(text):
        return True
    return not (_QUESTION_TOPIC.search(text) or _UTILITY_OUT.search(text))


def asks_after_goods(text: str, goods_named: bool) -> bool:
    """Whether goods already ordered are coming: 我订的菜包呢, 8号楼的菜今天还送吗."""
    if not (goods_named or _GOODS_WORD.search(text)):
        return False
    if not (_MINE_WHERE.search(text) or _STATUS_OF_GOODS.search(text)):
        return False
    return not _QUESTION_TOPIC.search(text)


def is_question(text: str) -> bool:
    if _RHETORIC.search(text):
        return False
    if _INDEFINITE.search(text):
        text = _INDEFINITE.sub(" ", text)
    return bool(_QUESTION.search(text) or _QUESTION_WEAK.search(text))


_SELL = re.compile(r"(?<!外)卖")


# 可以买水果吗 / 现在还能订牛奶吗: whether goods can be had, asked by nobody in particular.
_CAN_ONE_BUY = re.compile(
    r"^(?:请问)?(?:现在|今天|明天)?(?:还)?(?:可以|能)(?:买|订|报|团)[^我俺]{0,10}吗"
)


def asks_about_goods(text: str) -> bool:
    if _CAN_ONE_BUY.search(text):
        return True
    if _YES_NO_END.search(text) and not _REQUEST_FRAME.search(text):
        return True  # 明天有两袋米吗: a yes/no question, no one asks for anything
    if _STOCK.search(text) and not _STOCK_ASK.search(text):
        return True  # 我家还剩半袋米: what is left, not what is wanted
    m = _NOT_ORDERING.search(text)
    if (
        m is not None
        and m.group(0)[0] == "几"
        and _FEW.search(text)
        and not _FEW_ASKED.search(text)
    ):
        # 来几袋米: "a few bags"; look past it for another asking cue.
        m = _NOT_ORDERING.search(_FEW.sub(" ", text))
    return bool(m or _SELL.search(text))


def ordering_clause(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """A clause that asks nothing, has a verb of asking and ends counted goods.

    还有吗？给我来一箱方便面: the question before does not undo the order after it.
    """
    start = 0
    for m in [*_CLAUSE_SPLIT.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        clause = text[start:end]
        if (
            clause
            and any(start <= e - 1 < end for _, e in spans)
            and _ORDER_VERB.search(clause)
            and not _CLAUSE_ASKS.search(clause)
            and not _NOT_ORDERING.search(clause)
            and not _SELL.search(clause)
        ):
            return True
        start = end + 1
    return False


def said_ordered(text: str) -> bool:
    """报了两袋米 / 已经订过: an order placed before, talked about."""
    return bool(_PAST_ORDER.search(text))


def has_order_verb(text: str) -> bool:
    return bool(_ORDER_VERB.search(text))


def help_category(text: str) -> HelpCategory | None:
    """A specific help category when the message names a need (and, if mild, asks for help)."""
    need = bool(_HELP_NEED.search(text))
    if _MEDICINE.search(text) and (
        _MEDICINE_NEED.search(text)
        or _MEDICINE_QTY.search(text)
        or (need and not _MEDICAL.search(text))
    ):
        return "medicine"
    if _MEDICAL_ACUTE.search(text) or _AMBULANCE.search(text) or (need and _MEDICAL.search(text)):
        return "medical"
    if _MEDICAL_MILD.search(text) and (_MILD_ASK.search(text) or _SERIOUS.search(text)):
        return "medical"
    if ("锅" in text or "灶" in text or "炉" in text or "煲" in text) and _cookware_food(text):
        return "food"
    if _UTILITY_OUT.search(text) and not _UTILITY_PLANNED.search(text):
        return "utility"
    if need and _UTILITY.search(text):
        return "utility"
    if _PET.search(text) and _TROUBLE_ASK.search(text) and not _RHETORIC.search(text):
        return "other"  # 猫粮吃完了，猫饿了: the pet's food, not the household's
    if _FOOD_OUT.search(text) or (need and _FOOD.search(text)):
        return "food"
    if _ELDER_PERSON.search(text) and (
        _ELDER_CARE.search(text) or (_ELDER_ASK.search(text) and not _TROUBLE.search(text))
    ):
        return "elderly"
    if _TROUBLE_SEVERE.search(text):
        return "other"
    if _TROUBLE.search(text) and _TROUBLE_ASK.search(text):
        # 请问阳性家庭的垃圾怎么处理: a rule asked about, nothing of this household's broken.
        if _PROCEDURE.search(text) and not _CONCRETE_TROUBLE.search(text):
            return None
        return "other"
    return None


def asks_for_help(text: str) -> bool:
    return bool(_HELP_OTHER.search(text))


_REF_GATE = re.compile(r"单|号|#|＃")
_CN_REF_DIGITS = "零〇一二两三四五六七八九十百"
# 订单号二十一 / 第三单: a reference said in Chinese numerals.
_REF_CN = (
    re.compile(
        rf"(?:订单|单号|编号|单子|求助单)\s*号?\s*[:：#是为]?\s*第?([{_CN_REF_DIGITS}]{{1,6}})"
        r"(?!\s*号?\s*楼|\s*单元|\s*[份个袋盒箱斤])"
    ),
    re.compile(rf"第([{_CN_REF_DIGITS}]{{1,4}})\s*号?\s*单(?!元)"),
    re.compile(rf"([{_CN_REF_DIGITS}]{{1,4}})\s*号\s*(?:的)?\s*(?:订单|单子|求助单)"),
)


def find_ref(text: str) -> str | None:
    if not _REF_GATE.search(text):
        return None
    for pattern in _REF:
        m = pattern.search(text)
        if m:
            return str(int(m.group(1)))
    for pattern in _REF_CN:
        m = pattern.search(text)
        if m:
            return as_digits(m.group(1))
    return None
