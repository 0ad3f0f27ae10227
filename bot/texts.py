"""Every sentence the bot says, in one place, so it can be reviewed and translated.

Rules: short, polite, no health details or phone numbers in anything meant for a group,
the same words for the same thing everywhere (单号 #12, 截单, 送达).
"""

from __future__ import annotations

# --- orders -----------------------------------------------------------------------------

ORDER_ACK = "已记录 {door}：{items}，单号#{number}，{cutoff}截单。"
ORDER_ACK_HEADER = "已记录（{cutoff}截单）："
ORDER_ACK_FRAGMENT = "{door} {items} #{number}"
# Medicines and tests in anything a group sees: counted, never named.
SENSITIVE_GOODS = "药品{count}项"
ORDER_PRIVATE_DETAIL = "您的订单#{number}（{door}）：{items}。"
ORDER_REPEAT = "已记录过 #{number}（{door}：{items}），不重复登记。"
ORDER_BAD_QTY = "（{items}数量不对，没有记录；每样1到{most}）"
ORDER_BAD_QTY_ALONE = "{items}数量不对，没有记录；每样1到{most}。"
UNKNOWN_UNIT = "{building}号楼没有{unit}单元，先按{door}登记，请核对门牌号。"
ORDER_UNLISTED = "（{names}不在保供清单，待干部确认）"
ORDER_ASK_ADDRESS = "请补充门牌号，例如：3-2-501 {example}"
CHAIN_NO_ADDRESS = "接龙里这几条没有门牌号，请补充：{entries}"

# --- help requests ----------------------------------------------------------------------

HELP_ACK_URGENT = "{door}的求助已收到（#{number}），已转给值班人员，请保持电话畅通。"
HELP_ACK_CONTACTING = "{door}的求助已登记（#{number}），正在联系值班人员，请保持电话畅通。"
HELP_FORWARDED = "求助#{number}已转给值班人员。"
HELP_HOTLINE = "求助#{number}暂时联系不上值班人员，请直接拨打{hotline}。"
HOTLINE_DEFAULT = "社区电话，紧急情况请拨120"
DELIVERY_DEAD = "发给{chat}的消息发不出去（{error}），请另行联系。"
SUMMARY_UNREACHED = "联系不上值班人员的求助：{numbers}"
SUMMARY_DEAD = "发不出去的消息：{count}条（{chats}）"
# Said in a group instead of a display name that holds a phone number.
SOMEONE = "您"
HELP_ACK = "{door}的求助已登记（#{number}），志愿者会尽快联系。"
HELP_PRIVATE = "【{urgency}求助#{number}】{category} {door}\n原话：{text}\n来自：{chat} {sender}"
HELP_NO_DUTY = "（未配置值班人员，请干部在配置 roles 里设置 duty）"
HELP_CATEGORY = {
    "medical": "就医",
    "medicine": "买药",
    "utility": "水电气",
    "food": "缺粮",
    "elderly": "老人照护",
    "other": "其他",
}
URGENCY_WORD = {3: "紧急", 2: "优先", 1: "", 0: ""}

# --- status / cancel / received ---------------------------------------------------------

ORDER_STATE = {
    "open": "已登记，等待截单",
    "purchased": "已采购，等待配送",
    "claimed": "志愿者已认领，正在配送",
    "delivered": "已送达",
    "confirmed": "已确认收到",
    "cancelled": "已取消",
}
ORDER_STATE_BUYING = "已截单，正在采购"
ORDER_DELIVERED_AT = {
    "delivered": '已于{at}送达，收到请回复"收到"',
    "confirmed": "已确认收到（{at}送达）",
}
STATUS_ORDER = "#{number} {door} {items}：{state}。{when}"
STATUS_WHEN = "预计{round}送达。"
STATUS_HELP = "求助#{number}：{state}。"
HELP_STATE = {
    "open": "已登记，等待志愿者",
    "claimed": "志愿者已接手",
    "closed": "已办结",
    "cancelled": "已取消",
}
HELP_TAKEN = "求助#{number}已有人接手，请保持电话畅通。"
HELP_DONE = "求助#{number}已办结。"
HELP_TAKEN_STAFF = "已接手求助#{number}。"
HELP_DONE_STAFF = "已办结求助#{number}。"
HELP_NOT_OPEN = "求助#{number}{state}，不能{action}。"
HELP_ACTION_TAKE = "接手"
HELP_ACTION_CLOSE = "办结"
TAKE_HELP_USAGE = "接手 求助3"
CLOSE_HELP_USAGE = "办结 求助3 已送医"
COMMAND_TAKE_HELP = "接手求助（/take_help 求助3）"
COMMAND_CLOSE_HELP = "办结求助（/close_help 求助3 说明）"
CONFIRM_CANCEL = '要取消 #{number} {items} 吗？回复"确认"'
CONFIRM_REMOVE = '要从 #{number} 去掉 {items} 吗？回复"确认"'
ORDER_CHANGED = "已修改 #{number}（{door}）：{items}。"
ORDER_EDITED = "已按修改后的消息更新 #{number}（{door}）：{items}。"
FILE_KEPT = "{caption}（文件{filename}未能在微信发出，已保存在值守电脑：{where}）"
MEDIA_PRIVATE = "我只能读文字，请把要买的东西或需要的帮助打字发给我。"
ANONYMOUS_ADMIN = "您以群身份匿名发言，机器人认不出是谁。请在群设置里关闭“匿名管理员”后再发。"
CHANGE_NOT_IN_ORDER = "#{number} 里没有这样东西，没有改动。"
CONFIRM_KEPT = "好的，#{number} 保留。"
CONFIRM_EXPIRED = "超过10分钟了，#{number} 没有取消；要取消请发：取消{number}号"
CANCEL_DONE = "已取消 #{number}（{door}）。"
CANCEL_HELP_DONE = "已取消求助#{number}。"
RECEIVED_DONE = "#{number} 已确认收到，谢谢！"

REFUSE_NOT_FOUND = "没有找到单号#{number}，请核对。"
REFUSE_NO_ORDER = "没有找到您家的订单，请带上单号，例如：取消12号"
REFUSE_NOT_YOURS = "#{number} 不是您家的订单，只能由下单的住户或干部处理。"
REFUSE_NOT_YOURS_HELP = "求助#{number} 不是您家提的，只能由求助的住户或干部处理。"
REFUSE_CLOSED = "#{number} 已截单，不能取消，如有变化请联系楼长。"
REFUSE_ALREADY = "#{number} {state}，无需再操作。"
REFUSE_NOT_DELIVERED = "#{number} 还没有配送记录，收到后再确认；如已收到请联系楼长。"
REFUSE_WHO = "请先在昵称或消息里写上门牌号，例如：3-2-501"

# --- questions --------------------------------------------------------------------------

ANSWER_TEST = "{building}号楼今天核酸：{slots}。"
ANSWER_TEST_SLOT = "{starts}-{ends} {place}"
ANSWER_CUTOFF = "下一次截单：{cutoff}。"
ANSWER_DELIVERY = "下一轮配送：{round}。"
QUESTION_QUEUED = "这个问题已转给干部，稍后回复。"
QUESTION_PRIVATE = "【待回复问题#{number}】{chat} {sender}：{text}\n回复请发：回复 {number} 内容"
QUESTION_PRIVATE_HEADER = "【待回复问题】回复请发“回复 编号 内容”："
QUESTION_PRIVATE_FRAGMENT = "#{number} {chat} {sender}：{text}"
ANSWER_TO_RESIDENT = "回复{who}（问：{question}）：{answer}"
ANSWER_SENT = "已回复问题#{number}。"
ANSWER_NOT_FOUND = "没有找到问题#{number}。"
ANSWER_ALREADY = "问题#{number}已经回复过了。"
ANSWER_USAGE = "回复 12 明天上午有鸡蛋"
COMMAND_ANSWER = "回复住户的问题（/answer 12 内容）"

# --- groups and bot -----------------------------------------------------------------------

UNBOUND_KEPT = "已收到。本群还没有绑定楼栋，干部绑定后会登记并回复（干部发送：/绑定楼栋 3 或 3-2）"
BIND_SUGGEST = "「{title}」还没有绑定楼栋，群名看是{where}。确认请回复：确认绑定 {number}"
BIND_NO_SUGGESTION = "没有找到绑定建议{number}。"
BOUND_CHAT = "已绑定「{title}」为{where}。"
CONFIRM_BIND_USAGE = "确认绑定 1（私聊里，按提示的编号）"
BOUND_GROUP = "本群已绑定 {where}。"
BIND_NO_BUILDING = "本小区没有{building}号楼，可绑定：{buildings}"
BIND_NO_UNIT = "{building}号楼没有{unit}单元，可选单元：{units}"
BINDING_CONFLICT = (
    "群「{chat}」已在群里绑定为{stored}，配置文件写的是{configured}；以群里绑定的为准。"
    "如需改动，请在该群发送 /绑定楼栋。"
)
NONE = "无"
CANCEL_USAGE = "取消 12（单号）"
BIND_USAGE = "/绑定楼栋 3 或 /绑定楼栋 3-2"
USAGE = "用法：{usage}"
NOT_ALLOWED = "这个命令只有{role}可以用。"
NOT_YOUR_BUILDING = "您不负责{buildings}，不能操作。"
WRONG_CHAT = "这个命令请在{chats}里用。"
CHAT_KIND = {"private": "和我的私聊", "staff": "工作群", "group": "楼栋群"}
UNKNOWN_COMMAND = "不认识的命令：{command}"
ROLE_NAME = {"cadre": "干部", "volunteer": "志愿者", "building_leader": "楼长"}
TOO_LONG = "消息太长了，请分几条发，每条写清门牌号和要买的东西。"

# --- batches and purchase lists -----------------------------------------------------------

BATCH_CLOSED = "已截单：批次#{batch}（原定{cutoff}），共{count}单。之后的订单进入下一批。"
BATCH_NONE_OPEN = "现在没有未截单的批次。"
BATCH_PURCHASED = "已标记采购：批次#{batch}（{cutoff}），{count}单。"
BATCH_NOT_FOUND = "没有找到批次#{batch}。"
BATCH_NOT_CLOSED = "批次#{batch}还没有截单，先发：截单"
BATCH_NONE_CLOSED = "没有已截单、待采购的批次。"
PURCHASE_CAPTION = "采购单：批次#{batch}（{cutoff}），{orders}单，{lines}种物资。"
PURCHASE_EMPTY = "批次#{batch}（{cutoff}）没有订单，采购单只有表头。"
FILE_SENT = "文件已私聊发给您。"
SENT_PRIVATELY = "已私聊发给您。"
SHEET_PURCHASE = "采购单"
SHEET_DETAIL = "订单明细"
SHEET_ITEM = "物资"
SHEET_UNIT = "单位"
SHEET_TOTAL = "合计"
SHEET_ORDERS = "单数"
SHEET_REVIEW = "待确认"
SHEET_NOT_IN_CATALOG = "不在保供清单"
SHEET_TOTAL_ROW = "合计（单数）"
SHEET_ORDER_NO = "单号"
SHEET_DOOR = "门牌"
SHEET_QTY = "数量"
SHEET_ROOM = "房号"
SHEET_UNIT_NO = "单元"
SHEET_GOODS = "物资"
SHEET_STATE = "状态"
SHEET_VOLUNTEER = "认领志愿者"
SHEET_PHONE = "电话"
SHEET_NOTES = "备注"
SHEET_TICK = "签收"
DELIVERY_CAPTION = "配送单：批次#{batch}（{cutoff}），{orders}单，{buildings}栋楼。"
DELIVERY_CAPTION_PUBLIC = "配送单（群内版，不含电话）：批次#{batch}（{cutoff}），{orders}单。"
COMMAND_DELIVERY_SHEET = "配送单（/delivery_sheet）"
DELIVERY_USAGE = "配送单（或：配送单 12；群内版：配送单 群内版）"
PUBLIC_WORDS = frozenset({"群内版", "群版", "公开", "public"})
PUBLIC_SUFFIX = "-群内版"
BATCH_READY_TO_CLAIM = "订单已可认领配送。"
COMMAND_CLOSE = "截单（/close）"
COMMAND_PURCHASED = "标记已采购（/purchased）"
COMMAND_PURCHASE_LIST = "采购单（/purchase_list）"

# --- the test timetable -------------------------------------------------------------------

TEST_FORM = "核酸 12月3日 6:00-6:30 1-3号楼 东门（日期可省略为今天，也可写明天）"
TEST_BAD_FORM = "没看懂时间，请按：" + TEST_FORM
TEST_BAD_DATE = "日期{date}不对，请按：" + TEST_FORM
TEST_BAD_TIME = "时间{time}不对，请按：" + TEST_FORM
TEST_END_BEFORE_START = "结束{ends}早于开始{starts}，请按：" + TEST_FORM
TEST_BAD_LINE = "这一行有问题：{line}。{why}"
TEST_NO_BUILDINGS = "请写上楼栋，例如：" + TEST_FORM
TEST_POST = "【核酸】{when} {starts}-{ends} {building}号楼 {place}"
TEST_CANCELLED_POST = "【核酸取消】{when} {starts}-{ends} {building}号楼 {place}"
TEST_SET = "已登记核酸#{numbers}，发到{count}个群。"
TEST_LIST = "{when}核酸安排：{entries}"
TEST_LIST_ITEM = "#{number} {starts}-{ends} {building}号楼 {place}"
TEST_LIST_NONE = "{when}还没有核酸安排。"
TEST_CANCEL_DONE = "已取消核酸#{number}。"
TEST_CHANGED_POST = "【核酸时间调整】{when} 改为 {starts}-{ends} {building}号楼 {place}"
TEST_CHANGE_DONE = "已修改核酸#{number}，发到{count}个群。"
TEST_CHANGE_FORM = "改核酸 3 7:00-7:30 东门（地点可省略）"
TEST_BAD_CHANGE = "没看懂新的时间，请按：" + TEST_CHANGE_FORM
COMMAND_TEST_CHANGE = "修改核酸安排（/test_change 3 7:00-7:30 东门）"
TEST_NOT_FOUND = "没有找到核酸#{number}。"
COMMAND_TEST = "核酸时间表（/test 6:00-6:30 1-3号楼 东门）"
COMMAND_TEST_CANCEL = "取消核酸安排（/test_cancel 3）"

# --- volunteers ---------------------------------------------------------------------------

CLAIM_DONE = "已认领 #{number} {door}：{items}{phone}{notes}"
CLAIM_HELD = "#{number} 已由{holder}认领。"
CLAIM_YOU = "您"
CLAIM_SOMEONE = "别人"
CLAIM_HELP_HELD = "求助#{number} 已由{holder}接手。"
CLAIM_NOT_READY = "#{number} {state}，采购后才能认领。"
CLAIM_NONE_IN = "{buildings}没有待认领的订单。"
CLAIM_HELP_DONE = "已认领求助#{number} {door}{phone}（{category}）：{text}{notes}"
CLAIM_USAGE = "认领 12 13（或：认领 3号楼、认领 求助3、12我来）"
RELEASE_DONE = "已放弃 #{number}，可由别人认领。"
RELEASE_NOT_HELD = "#{number} 不在您的认领里。"
RELEASE_HELP_DONE = "已放弃求助#{number}，可由别人接手。"
HELP_NOT_HELD = "求助#{number} 不在您的认领里。"
RELEASE_USAGE = "放弃 12（或：放弃 求助3）"
DELIVERED_DONE = "#{number} 已标记送达。"
DELIVERED_NONE_IN = "您在{buildings}没有待送达的订单。"
DELIVERED_POST = '{numbers} 已送达，收到请回复"收到"'
DELIVERED_HEADER = '已送达（收到请回复"收到"）：'
DELIVERED_USAGE = "送达 12 13（或：送达 3号楼）"
ROUTE_TITLE = "您认领的{count}单（每栋{direction}）："
ROUTE_DIRECTION = {"down": "从高层往下", "up": "从低层往上"}
ROUTE_FLOOR = "{place} {floor}层 {count}单：{items}"
ROUTE_LINE = "  #{number} {room}：{items}{phone}{notes}"
ROUTE_NONE = "您现在没有认领的订单。"
ROUTE_USAGE = "路线（或：路线 3号楼、路线 表格）"
ROUTE_SHEET_WORDS = ("表格", "表", "配送单", "xlsx")
ROUTE_SHEET_CAPTION = "您的配送单：{count}单。"
OPEN_WORK_TITLE = "待认领（{buildings}）：{orders}单、{helps}个求助"
OPEN_WORK_NONE = "{buildings}现在没有待认领的订单和求助。"
OPEN_WORK_LINE = "#{number} {door}：{items}"
OPEN_WORK_HELP = "求助#{number} {door}：{category}"
OPEN_WORK_MORE = "……另有{count}项，请按楼栋查看。"
OPEN_WORK_ALL = "全部楼栋"
COMMAND_CLAIM = "认领订单（/claim 12 13）"
COMMAND_RELEASE = "放弃认领（/release 12）"
COMMAND_DELIVERED = "标记送达（/delivered 12）"
COMMAND_ROUTE = "我的配送路线（/route）"
COMMAND_OPEN_WORK = "待认领（/open_work 3号楼）"

# --- the summary -------------------------------------------------------------------------

SUMMARY_TITLE = "【汇总】{when}"
SUMMARY_BATCH = "{label}批次#{batch}（{cutoff}，{state}）：{states}"
SUMMARY_BATCH_BUILDINGS = "  按楼：{buildings}"
SUMMARY_CURRENT = "本批"
SUMMARY_LAST = "上批"
SUMMARY_NO_BATCH = "还没有批次。"
SUMMARY_TODAY = "今天"
SUMMARY_NO_BATCH_TODAY = "今天没有订单。"
SUMMARY_HELP = "未办结求助{count}件：{items}"
SUMMARY_UNCONFIRMED = "已送达未确认：{count}单（{numbers}）"
SUMMARY_HELP_NONE = "未办结求助：无"
SUMMARY_HELP_ITEM = "#{number}{category}{minutes}分钟"
SUMMARY_QUESTIONS = "待回复问题{count}个，最早：{items}"
SUMMARY_QUESTIONS_NONE = "待回复问题：无"
SUMMARY_QUESTION_ITEM = "#{number}（{minutes}分钟）"
SUMMARY_MORE = "等"
SUMMARY_ESCALATED = "已催办求助{count}件：{items}"
SUMMARY_ESCALATED_ITEM = "#{number}（{times}次）"
COMMAND_SUMMARY = "汇总（/summary）"
BATCH_STATE = {"open": "未截单", "closed": "已截单", "purchased": "已采购"}
ORDER_STATE_SHORT = {
    "open": "已登记",
    "purchased": "已采购",
    "claimed": "配送中",
    "delivered": "已送达",
    "confirmed": "已确认",
    "cancelled": "已取消",
}

# --- notices to building ranges -------------------------------------------------------------

NOTICE_POST = "【通知】{text}"
NOTICE_SENT = "已发到{count}个群。"
NOTICE_MISSING = "本小区没有：{names}。"
NOTICE_UNBOUND = "{buildings}还没有绑定的群，没有发到。"
NOTICE_NOWHERE = "范围内没有可发的群。"
NOTICE_USAGE = "通知 3-27号楼 下午3点东门取菜（范围：3-27号楼、1,3,5号楼、3号楼2单元、全部）"
COMMAND_NOTICE = "发通知到楼栋（/notice 3-5号楼 内容）"

# --- command menu (Telegram's "/" list) and places ----------------------------------------

COMMAND_CONFIRM_BIND = "确认按群名绑定楼栋"
COMMAND_BIND = "绑定楼栋（/bind 3 或 /bind 3-2）"
COMMAND_CANCEL = "取消订单（/cancel 12）"
WHERE_BUILDING = "{building}号楼"
WHERE_UNIT = "{unit}单元"

# --- time words ---------------------------------------------------------------------------

TODAY = "今天"
TOMORROW = "明天"
DAY_MONTH = "{month}月{day}日"
MERGE_SEPARATOR = "；"
HALF = "半"

# --- people: invites, delegation, revocation ---------------------------------------------------
ROLE_BUILDINGS = "{role}（{buildings}）"
INVITE_DONE = (
    "邀请码 {code}：{who}，{hours}小时内有效，只能用一次。\n请对方私聊我发送：/join {code}"
)
INVITE_NEEDS_BUILDINGS = "邀请楼长要写楼栋，如：邀请 楼长 3号楼"
INVITE_USAGE = "邀请 志愿者 3号楼（或：邀请 楼长 3号楼、邀请 干部）"
NO_SUCH_BUILDINGS = "本小区没有{buildings}。"
JOIN_USAGE = "/join 邀请码（私聊发给我）"
JOIN_BAD_CODE = "邀请码“{code}”格式不对，应为6位字母数字，请核对。"
JOIN_UNKNOWN = "没有邀请码“{code}”，请核对或向干部要新的。"
JOIN_USED = "邀请码 {code} 已经用过了，请向干部要新的。"
JOIN_EXPIRED = "邀请码 {code} 已于{when}过期，请向干部要新的。"
JOIN_HAS_ROLE = "您已是{who}，邀请码 {code} 没有使用；如需变更请联系干部。"
JOIN_DONE = "欢迎！您现在是{who}。发送 /help 查看可用命令。"
JOIN_TOLD_INVITER = "{name} 已用邀请码 {code} 加入：{who}。"
PERSON_UNKNOWN = "找不到“{name}”：请写对方在群里的名字或 ID。"
PERSON_AMBIGUOUS = "有{count}人叫“{name}”：{ids}。请改写 ID。"
REVOKE_USAGE = "撤销 名字（或 ID）"
REVOKE_NOT_STAFF = "{name} 不是工作人员，无需撤销。"
REVOKE_FROM_CONFIG = "{name} 是配置文件指定的{role}，请在配置里删去后重启。"
REVOKE_DONE = "已撤销 {name} 的{who}。"
REVOKE_RETURNED = "其认领的 {numbers} 已退回待认领。"
REVOKE_TOLD = "您的{who}权限已撤销。谢谢您的付出！"
DELEGATE_USAGE = "授权 名字 干部 1天（时长：8小时、1天，最长{days}天）"
DELEGATE_BAD_DURATION = "时长“{value}”不对，请写如 8小时、1天，最长{days}天。"
DELEGATE_ALREADY = "{name} 已是{who}，无需授权。"
DELEGATE_DONE = "已授权 {name} {who}，至{until}。"
DELEGATE_TOLD = "您已获授权：{who}，至{until}，到时自动失效。"
MEMBERS_TITLE = "工作人员："
MEMBERS_ROLE = "{role}（{count}）：{people}"
MEMBERS_NONE = "{role}：无"
MEMBERS_LENT = "{name}（代{role}至{until}）"
MEMBERS_INVITES = "未使用的邀请码：{count}个"
COMMAND_INVITE = "邀请工作人员（/invite 志愿者 3号楼）"
COMMAND_JOIN = "用邀请码加入（/join 邀请码）"
COMMAND_REVOKE = "撤销工作人员（/revoke 名字）"
COMMAND_DELEGATE = "临时授权（/delegate 名字 干部 1天）"
COMMAND_MEMBERS = "工作人员名单（/members）"

# --- /help -------------------------------------------------------------------------------------
GUIDE_RESIDENT = (
    "我是本楼的登记助手。\n"
    "买菜：在楼栋群里写门牌和东西，如“3-2-501 大米两袋 鸡蛋一盒”，我回复单号。\n"
    "查进度：“12号到哪了”；取消：“取消 12”；收到后回复“收到”。\n"
    "求助（就医、买药、水电、老人）：直接说明情况，值班人员会联系您。"
)
GUIDE_STAFF = "您是{role}，可用命令：\n{commands}"
COMMAND_HELP = "使用说明（/help）"

# --- the clock: cut-offs, reminders, rounds, the nightly review, escalation -----------------
CUTOFF_POST = "{building}号楼本轮截单：共{count}单，预计{arrive}送达。下次截单{next}。"
CUTOFF_CADRES = "截单：批次#{batch}（{cutoff}），{count}单，{buildings}栋楼。采购单见附件。"
CUTOFF_STAFF = "批次#{batch} {building}号楼配送单：{count}单。"
TEST_REMINDER = (
    "【核酸提醒】{starts}-{ends} {building}号楼 {place}排队，{minutes}分钟后开始，请带好手机。"
)
ROUND_POST = "【配送】{when} {place}，{building}号楼的订单在此交接。"
ROUND_POST_EVERY = "【配送】{when} 每{every}分钟一趟 {place}，{building}号楼的订单在此交接。"
ROUND_REMINDER = "{at} 配送出发（{place}）：您在{building}号楼有{count}单待送。"
ROUND_DONE = "已安排配送 #{numbers}：{when} {place}，已通知{groups}个群。"
ROUND_USAGE = "配送 14:00 3-5号楼 东门中转站（或：配送 每30分钟 9:00-17:00 3-5号楼 东门）"
ROUND_BAD_TIME = "时间“{value}”不对，请写如 14:00。"
ROUND_NO_BUILDINGS = "请写配送到哪些楼，如：配送 14:00 3-5号楼 东门中转站"
ROUND_BAD_EVERY = "间隔“{value}”不对，请写如 每30分钟（5-240分钟）。"
DAILY_POST = "【每日提醒】{text}"
DAILY_DONE = "已设每日 {at} 发到{buildings}：{text}（编号#{number}，停发：每日 停 {number}）"
DAILY_STOPPED = "已停发每日提醒#{number}。"
DAILY_NOT_FOUND = "没有每日提醒#{number}。"
DAILY_USAGE = "每日 8:00 全部 内容（停发：每日 停 3）"
REVIEW_TITLE = "【回头看】{day}"
REVIEW_QUIET = "今天没有消息也没有送达的重点户{count}户：{doors}"
REVIEW_TESTS = "明天核酸：{slots}"
REVIEW_NO_TESTS = "明天核酸：未安排"
REVIEW_CUTOFFS = "明天截单：{cutoffs}"
REVIEW_MISSED = "停机期间错过的定时任务{count}个：{items}"
REVIEW_AS_FILE = "内容较长，全文见附件。"
ESCALATE_HELP = (
    "【催办】求助#{number} {category} {door}，已{minutes}分钟无人接手。接手请发：接手 求助{number}"
)
ESCALATE_QUESTION = (
    "【催办】问题#{number}已{minutes}分钟未回复：{text}\n回复请发：回复 {number} 内容"
)
JOB_KIND = {
    "cutoff": "截单",
    "test": "核酸提醒",
    "round": "配送提醒",
    "daily": "每日提醒",
    "review": "回头看",
    "escalate": "催办",
}
PLAN_TITLE = "今天的日程（{day}）："
PLAN_LINE = "{at} {what}"
PLAN_NONE = "今天没有待办的定时任务。"
COMMAND_PLAN = "今天的日程（/plan）"
COMMAND_ROUND = "安排配送（/round 14:00 3-5号楼 东门）"
COMMAND_DAILY = "每日提醒（/daily 8:00 全部 内容）"
