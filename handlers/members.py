"""People: config's staff seeded at start; invite codes, delegation, revocation, the list.

Every change is audited with who made it. A role lent by 授权 lapses by itself at its
moment: permissions compare it with the time of each message, nothing needs to run.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from bot import schedule, texts
from bot.context import Context, MessageContext
from bot.grammar import Arg, Args, BuildingSpec, parse_args
from bot.messages import PLATFORMS, StaffRole
from bot.permissions import Permission, configured, lent_permission, permission_of, rank
from bot.router import ChatKind, Command, Router
from storage.rows import Member

INVITE_HOURS = 24
MAX_DELEGATION_DAYS = 7
# No 0/O or 1/I: codes are read aloud and typed from a photo of a screen.
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_CODE_LENGTH = 6
_CODE = re.compile(rf"[0-9A-Z]{{{_CODE_LENGTH}}}")


def seed_from_config(ctx: Context) -> None:
    """Config's [roles.*] as members' roles; people config no longer names lose the role
    it gave them. Roles given in chat are left alone unless config names the person."""
    for platform in PLATFORMS:
        wanted = configured(ctx.settings.config.roles.of(platform))
        for user_id, (role, buildings) in wanted.items():
            known = ctx.store.member(platform, user_id)
            if known is None or (known.role, known.buildings, known.role_source) != (
                role,
                buildings,
                "config",
            ):
                ctx.store.set_role(platform, user_id, None, role, buildings, "config")
                ctx.audit("role_from_config", f"{platform}:{user_id}", _who(role, buildings))
        for member in ctx.store.staff(platform):
            if member.role_source == "config" and member.user_id not in wanted:
                ctx.store.set_role(platform, member.user_id, None, "resident", (), "")
                ctx.audit("role_dropped_by_config", f"{platform}:{member.user_id}")


def _who(role: StaffRole | str, buildings: tuple[str, ...] | frozenset[str] | None) -> str:
    name = texts.ROLE_NAME.get(role, role)
    if not buildings:
        return name
    shown = "、".join(texts.WHERE_BUILDING.format(building=b) for b in buildings)
    return texts.ROLE_BUILDINGS.format(role=name, buildings=shown)


def _perm_words(perm: Permission) -> str:
    return _who(perm.role, tuple(sorted(perm.buildings)) if perm.buildings else ())


def _own_cadre(ctx: MessageContext) -> bool:
    """Cadre by their own role, not a lent one: a loan must not outlive itself by handing
    out cadre rights of its own."""
    member = ctx.store.member(ctx.platform, ctx.msg.sender_id)
    return member is not None and member.role == "cadre"


def _scope_for(
    ctx: MessageContext, command: str, role: StaffRole, spec: BuildingSpec | None
) -> tuple[str, ...] | None:
    """The buildings a role given by this command covers; None after saying why not."""
    named = ctx.named_buildings(spec) if spec is not None else []
    if named is None:
        return None
    buildings = tuple(named)
    if role == "building_leader" and not buildings:
        ctx.reply(texts.INVITE_NEEDS_BUILDINGS)
        return None
    if role == "cadre" and not _own_cadre(ctx):
        ctx.refuse(command, texts.NOT_ALLOWED.format(role=texts.ROLE_NAME["cadre"]))
        return None
    return () if role == "cadre" else buildings


def invite(ctx: MessageContext, args: Args) -> None:
    """邀请 志愿者 3号楼: a one-time code for the sender to hand on, valid 24 hours."""
    assert args.role is not None
    buildings = _scope_for(ctx, "invite", args.role, args.buildings)
    if buildings is None:
        return
    expires = ctx.now + timedelta(hours=INVITE_HOURS)
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        if ctx.store.add_invite(
            code, args.role, buildings, ctx.platform, ctx.msg.sender_id, ctx.now, expires
        ):
            break
    ctx.audit("invite", code, _who(args.role, buildings))
    who = _who(args.role, buildings)
    ctx.tell(
        ctx.platform,
        ctx.msg.sender_id,
        texts.INVITE_DONE.format(code=code, who=who, hours=INVITE_HOURS),
    )
    if ctx.chat_kind != "private":
        ctx.reply(texts.SENT_PRIVATELY)


def join(ctx: MessageContext, args: Args) -> None:
    """加入 CODE, privately: the code's role and buildings become the sender's."""
    code = args.text.strip().upper()
    if not _CODE.fullmatch(code):
        ctx.reply(texts.JOIN_BAD_CODE.format(code=args.text.strip()[:20]))
        return
    found = ctx.store.invite(code)
    if found is None:
        ctx.reply(texts.JOIN_UNKNOWN.format(code=code))
        return
    if found.used_by is not None:
        ctx.reply(texts.JOIN_USED.format(code=code))
        return
    if found.expires_at <= ctx.now:
        when = schedule.when_label(found.expires_at, ctx.now, ctx.settings.config.compound.tz)
        ctx.reply(texts.JOIN_EXPIRED.format(code=code, when=when))
        return
    me = ctx.store.member(ctx.platform, ctx.msg.sender_id)
    if me is not None and me.role != "resident":
        who = _who(me.role, me.buildings)
        ctx.reply(texts.JOIN_HAS_ROLE.format(who=who, code=code))
        return
    if not ctx.store.use_invite(code, ctx.platform, ctx.msg.sender_id, ctx.now):
        ctx.reply(texts.JOIN_USED.format(code=code))
        return
    ctx.store.set_role(
        ctx.platform,
        ctx.msg.sender_id,
        ctx.msg.sender_name,
        found.role,
        found.buildings,
        "invite",
    )
    who = _who(found.role, found.buildings)
    ctx.audit("join", f"{ctx.platform}:{ctx.msg.sender_id}", f"{code} {who}")
    ctx.reply(texts.JOIN_DONE.format(who=who))
    ctx.tell(
        found.created_platform,
        found.created_by,
        texts.JOIN_TOLD_INVITER.format(name=ctx.msg.sender_name, code=code, who=who),
    )


def _person(ctx: MessageContext, name: str) -> tuple[str, str] | None:
    """(user id, name) of the one person on this platform known by `name` or id; None
    after saying nobody or several."""
    found = {m.user_id: m.display_name for m in ctx.store.members_named(ctx.platform, name)}
    if not found:
        found = dict(ctx.store.senders_named(ctx.platform, name))
    if not found:
        ctx.reply(texts.PERSON_UNKNOWN.format(name=name[:20]))
        return None
    if len(found) > 1:
        ids = "、".join(found)
        ctx.reply(texts.PERSON_AMBIGUOUS.format(count=len(found), name=name, ids=ids))
        return None
    return next(iter(found.items()))


def revoke(ctx: MessageContext, args: Args) -> None:
    """撤销 名字: their role and any lent one end; what they hold goes back to be claimed."""
    person = _person(ctx, args.text.strip())
    if person is None:
        return
    user_id, name = person
    member = ctx.store.member(ctx.platform, user_id)
    perm = permission_of(member, ctx.now)
    if member is None or not perm.is_staff:
        ctx.reply(texts.REVOKE_NOT_STAFF.format(name=name))
        return
    if member.role_source == "config" and member.role != "resident":
        ctx.reply(texts.REVOKE_FROM_CONFIG.format(name=name, role=texts.ROLE_NAME[member.role]))
        return
    who = _perm_words(perm)
    ctx.store.set_role(ctx.platform, user_id, None, "resident", (), "")
    ctx.store.lend_role(ctx.platform, user_id, name, None, (), None)
    returned = ctx.store.release_all(user_id, ctx.now)
    returned_help = ctx.store.release_all_help(user_id, ctx.now)
    ctx.audit("revoke", f"{ctx.platform}:{user_id}", who)
    lines = [texts.REVOKE_DONE.format(name=name, who=who)]
    numbers = [f"#{n}" for n in returned] + [f"求助#{n}" for n in returned_help]
    if numbers:
        lines.append(texts.REVOKE_RETURNED.format(numbers=" ".join(numbers)))
    ctx.reply("\n".join(lines))
    ctx.tell(ctx.platform, user_id, texts.REVOKE_TOLD.format(who=who))


def delegate(ctx: MessageContext, args: Args) -> None:
    """授权 名字 干部 1天: a role lent until a moment, then it lapses by itself."""
    assert args.role is not None
    # "1天" alone first: read as buildings, its 1 would be 1号楼.
    rest = parse_args((Arg("duration"),), args.text) or parse_args(
        (Arg("buildings"), Arg("duration")), args.text
    )
    limit = timedelta(days=MAX_DELEGATION_DAYS)
    if rest is None or rest.duration is None or rest.duration > limit:
        ctx.reply(
            texts.DELEGATE_BAD_DURATION.format(value=args.text[:20], days=MAX_DELEGATION_DAYS)
        )
        return
    buildings = _scope_for(ctx, "delegate", args.role, rest.buildings)
    if buildings is None:
        return
    person = _person(ctx, args.word)
    if person is None:
        return
    user_id, name = person
    member = ctx.store.member(ctx.platform, user_id)
    now_perm = permission_of(member, ctx.now)
    if rank(now_perm.role) >= rank(args.role) and (
        now_perm.buildings is None or set(buildings) <= now_perm.buildings
    ):
        ctx.reply(texts.DELEGATE_ALREADY.format(name=name, who=_perm_words(now_perm)))
        return
    until = ctx.now + rest.duration
    ctx.store.lend_role(ctx.platform, user_id, name, args.role, buildings, until)
    who = _who(args.role, buildings)
    shown = schedule.when_label(until, ctx.now, ctx.settings.config.compound.tz)
    ctx.audit("delegate", f"{ctx.platform}:{user_id}", f"{who} until {until.isoformat()}")
    ctx.reply(texts.DELEGATE_DONE.format(name=name, who=who, until=shown))
    ctx.tell(ctx.platform, user_id, texts.DELEGATE_TOLD.format(who=who, until=shown))


def _listed(member: Member, ctx: MessageContext) -> tuple[int, str]:
    """(rank, how the list shows them) by what they may do now."""
    perm = permission_of(member, ctx.now)
    lent = lent_permission(member, ctx.now)
    if lent is not None and lent == perm:
        assert member.lent_until is not None
        until = schedule.when_label(member.lent_until, ctx.now, ctx.settings.config.compound.tz)
        shown = texts.MEMBERS_LENT.format(
            name=member.display_name, role=_perm_words(perm), until=until
        )
        return rank(perm.role), shown
    if perm.buildings:
        buildings = "、".join(texts.WHERE_BUILDING.format(building=b) for b in member.buildings)
        return rank(perm.role), f"{member.display_name}（{buildings}）"
    return rank(perm.role), member.display_name


def members(ctx: MessageContext, args: Args) -> None:
    """成员: staff by role, what they may do now (lapsed loans no longer count)."""
    by_rank: dict[int, list[str]] = {}
    for member in ctx.store.staff(ctx.platform):
        level, shown = _listed(member, ctx)
        if level > 0:
            by_rank.setdefault(level, []).append(shown)
    lines = [texts.MEMBERS_TITLE]
    for role in ("cadre", "building_leader", "volunteer"):
        people = by_rank.get(rank(role), [])
        name = texts.ROLE_NAME[role]
        if people:
            lines.append(
                texts.MEMBERS_ROLE.format(role=name, count=len(people), people="、".join(people))
            )
        else:
            lines.append(texts.MEMBERS_NONE.format(role=name))
    unused = ctx.store.unused_invites(ctx.now)
    if unused:
        lines.append(texts.MEMBERS_INVITES.format(count=unused))
    ctx.reply("\n".join(lines))


STAFF_CHATS: frozenset[ChatKind] = frozenset({"private", "staff"})


def register(router: Router) -> None:
    router.add_command(
        Command(
            names=("invite", "邀请"),
            handler=invite,
            role="cadre",
            description=texts.COMMAND_INVITE,
            usage=texts.INVITE_USAGE,
            grammar=(Arg("role"), Arg("buildings", optional=True)),
            chats=STAFF_CHATS,
        )
    )
    router.add_command(
        Command(
            names=("join", "加入"),
            handler=join,
            role="resident",
            description=texts.COMMAND_JOIN,
            usage=texts.JOIN_USAGE,
            grammar=(Arg("text"),),
            chats=frozenset({"private"}),
        )
    )
    router.add_command(
        Command(
            names=("revoke", "撤销"),
            handler=revoke,
            role="cadre",
            description=texts.COMMAND_REVOKE,
            usage=texts.REVOKE_USAGE,
            grammar=(Arg("text"),),
            chats=STAFF_CHATS,
        )
    )
    router.add_command(
        Command(
            names=("delegate", "授权"),
            handler=delegate,
            role="cadre",
            description=texts.COMMAND_DELEGATE,
            usage=texts.DELEGATE_USAGE.format(days=MAX_DELEGATION_DAYS),
            grammar=(Arg("word"), Arg("role"), Arg("text")),
            chats=STAFF_CHATS,
        )
    )
    router.add_command(
        Command(
            names=("members", "成员"),
            handler=members,
            role="building_leader",
            description=texts.COMMAND_MEMBERS,
            usage="成员",
            chats=STAFF_CHATS,
        )
    )
