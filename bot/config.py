"""The TOML config as pydantic models. Every error names the file, the field and the value."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.catalog import Catalog, CatalogItem, default_catalog
from bot.messages import PLATFORMS, Platform

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TOKEN_ENV = "LOUZHANG_TELEGRAM_TOKEN"
WECHAT_ENDPOINT_ENV = "WECHATY_PUPPET_SERVICE_ENDPOINT"
WECHAT_TOKEN_ENV = "WECHATY_PUPPET_SERVICE_TOKEN"


class ConfigError(Exception):
    """A config problem, already worded for the person who wrote the file."""


def _parse_hhmm(value: Any) -> Any:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        m = _HHMM.match(value.strip())
        if m:
            return time(int(m.group(1)), int(m.group(2)))
    raise ValueError("expected a time as HH:MM, such as 12:00")


HHMM = Annotated[time, BeforeValidator(_parse_hhmm)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Building(_Section):
    name: str = Field(min_length=1, description="as residents say it: 3, 10, B")
    units: tuple[str, ...] = ()


class Compound(_Section):
    name: str = Field(min_length=1)
    timezone: str = "Asia/Shanghai"
    cutoffs: tuple[HHMM, ...] = (time(12, 0), time(18, 0))
    # How long after a cut-off the goods are expected at the door.
    delivery_after_minutes: int = Field(default=120, ge=0, le=24 * 60)
    # A message counts at the time it was posted, not when the bot got to it, unless it
    # reaches the bot later than this (then the time it is handled counts).
    backlog_grace_minutes: int = Field(default=30, ge=0, le=24 * 60)
    # Whom residents are told to call when no duty person can be reached (the community
    # office's number; 120 for emergencies).
    hotline: str = ""
    # How this compound names its groups, when the door parser would not read it: a
    # regular expression whose first group is the building and second (if any) the unit,
    # e.g. '^阳光花园(\d+)号楼(?:(\d+)单元)?'. A group so named is offered to cadres to bind.
    group_title_pattern: str | None = None

    @field_validator("group_title_pattern")
    @classmethod
    def _title_pattern(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            compiled = re.compile(value)
        except re.error as e:
            raise ValueError(f"not a regular expression ({e})") from None
        if compiled.groups < 1:
            raise ValueError("needs a group for the building, e.g. (\\d+)号楼")
        return value

    # Volunteers' routes within a unit: "down" from the top floor (carrying up in the
    # lift, walking down the stairs), or "up" from the ground.
    route_floors: Literal["down", "up"] = "down"
    # False when goods come packed per household: closing a batch makes its orders ready
    # to claim at once, with no 已采购 step.
    purchasing: bool = True
    buildings: tuple[Building, ...] = ()

    def units_by_building(self) -> dict[str, tuple[str, ...]]:
        """Building name -> its units, in config order."""
        return {b.name: b.units for b in self.buildings}

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("unknown time zone, expected a name such as Asia/Shanghai") from None
        return v

    @field_validator("cutoffs")
    @classmethod
    def _sorted_cutoffs(cls, v: tuple[time, ...]) -> tuple[time, ...]:
        if not v:
            raise ValueError("at least one cut-off time is needed")
        return tuple(sorted(set(v)))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class StaffGroup(_Section):
    """A group of staff: staff commands are answered in it, not privately."""

    platform: Platform
    chat: str = Field(min_length=1)


class GroupBinding(_Section):
    platform: Platform
    chat: str = Field(min_length=1, description="chat id (Telegram) or title (console)")
    building: str = Field(min_length=1)
    unit: str | None = None


class StaffMember(_Section):
    """A volunteer or building leader; with no buildings named, they serve them all."""

    id: str = Field(min_length=1)
    buildings: tuple[str, ...] = ()

    def scope(self) -> frozenset[str] | None:
        return frozenset(self.buildings) if self.buildings else None


def _staff_entry(value: Any) -> Any:
    # The flat form `volunteers = ["小李"]` stays valid: a name alone serves every building.
    return {"id": value} if isinstance(value, str) else value


StaffEntry = Annotated[StaffMember, BeforeValidator(_staff_entry)]


class PlatformRoles(_Section):
    cadres: tuple[str, ...] = ()
    volunteers: tuple[StaffEntry, ...] = ()
    building_leaders: tuple[StaffEntry, ...] = ()
    # Who receives urgent help requests privately, at once.
    duty: tuple[str, ...] = ()


class Roles(_Section):
    console: PlatformRoles = PlatformRoles()
    telegram: PlatformRoles = PlatformRoles()
    wechat: PlatformRoles = PlatformRoles()

    def of(self, platform: Platform) -> PlatformRoles:
        roles: PlatformRoles = getattr(self, platform)
        return roles


class Pacing(_Section):
    # Slower than these, replies would wait hours: a typo, not a choice.
    group_per_minute: float = Field(default=20, ge=1)
    private_per_second: float = Field(default=1, ge=0.05)
    overall_per_second: float = Field(default=30, ge=1)
    max_text_length: int = Field(default=4000, ge=200, le=4096)


# Telegram's own limits (PLATFORMS.md); a local Bot API server for tests is not held to them.
TELEGRAM_LIMITS: dict[str, float] = {
    "group_per_minute": 20,
    "private_per_second": 1,
    "overall_per_second": 30,
}


class ConsoleTransport(_Section):
    enabled: bool = True


class TelegramTransport(_Section):
    enabled: bool = False
    # Left empty here on purpose: the token comes from the environment.
    token: str | None = None
    base_url: str | None = None
    poll_timeout: int = Field(default=30, ge=0, le=50)

    def resolved_token(self) -> str | None:
        return self.token or os.environ.get(TOKEN_ENV) or None


class WechatTransport(_Section):
    enabled: bool = False
    # The puppet service, host:port (else WECHATY_PUPPET_SERVICE_ENDPOINT). Always set:
    # without one, wechaty looks the token up on a public service.
    endpoint: str | None = None
    # Left empty here on purpose: the token comes from WECHATY_PUPPET_SERVICE_TOKEN.
    token: str | None = None
    # WeChat flags accounts that send fast across many groups: the least time between
    # any two sends of the account, and how many messages a minute one room gets.
    send_interval_seconds: float = Field(default=1.0, ge=0.2, le=30)
    room_per_minute: float = Field(default=10, ge=1, le=60)
    max_text_length: int = Field(default=2000, ge=200, le=4096)

    def resolved_endpoint(self) -> str | None:
        return self.endpoint or os.environ.get(WECHAT_ENDPOINT_ENV) or None

    def resolved_token(self) -> str | None:
        return self.token or os.environ.get(WECHAT_TOKEN_ENV) or None

    def pacing(self) -> Pacing:
        """The account-wide pace, in the outbox's terms."""
        per_second = 1 / self.send_interval_seconds
        # Built unchecked: slower than Pacing lets a config ask for, on purpose.
        return Pacing.model_construct(
            group_per_minute=self.room_per_minute,
            private_per_second=per_second,
            overall_per_second=per_second,
            max_text_length=self.max_text_length,
        )


class Transports(_Section):
    console: ConsoleTransport = ConsoleTransport()
    telegram: TelegramTransport = TelegramTransport()
    wechat: WechatTransport = WechatTransport()


class Database(_Section):
    path: Path = Path("louzhang.db")


class CatalogConfig(_Section):
    replace: bool = False
    items: tuple[CatalogItem, ...] = ()
    # Replaces the default list of words that make goods sensitive; unset keeps it.
    sensitive_words: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _replace_needs_items(self) -> CatalogConfig:
        if self.replace and not self.items:
            raise ValueError("replace = true needs at least one [[catalog.items]]")
        return self


class Schedule(_Section):
    """The clock the bot keeps: reminders, the nightly review, escalation."""

    # Minutes before a test slot starts that its groups are reminded.
    test_reminders: tuple[int, ...] = Field(default=(30, 5))
    # Minutes before a delivery round that the volunteers holding orders there are told.
    round_reminder_minutes: int = Field(default=15, ge=1, le=180)
    nightly_review: HHMM = time(21, 0)
    # A help request or question nobody took: re-sent to duty after this, to all cadres
    # after twice this; medical requests much sooner.
    escalate_minutes: int = Field(default=30, ge=1, le=24 * 60)
    escalate_medical_minutes: int = Field(default=5, ge=1, le=24 * 60)
    # A posting missed while the bot was down still goes out this late; later ones are
    # listed in the nightly review instead.
    grace_minutes: int = Field(default=30, ge=0, le=24 * 60)

    @field_validator("test_reminders")
    @classmethod
    def _minutes_before(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 1 <= m <= 24 * 60 for m in v):
            raise ValueError("minutes before a slot must be between 1 and 1440")
        return tuple(sorted(set(v), reverse=True))


class Config(_Section):
    compound: Compound
    schedule: Schedule = Schedule()
    database: Database = Database()
    groups: tuple[GroupBinding, ...] = ()
    staff_groups: tuple[StaffGroup, ...] = ()
    roles: Roles = Roles()
    transports: Transports = Transports()
    pacing: Pacing = Pacing()
    catalog: CatalogConfig = CatalogConfig()

    def text_limit(self, platform: str) -> int:
        """The longest message one send may carry on `platform`."""
        if platform == "wechat":
            return min(self.pacing.max_text_length, self.transports.wechat.max_text_length)
        return self.pacing.max_text_length

    def build_catalog(self) -> Catalog:
        return default_catalog().merged(
            self.catalog.items,
            replace=self.catalog.replace,
            sensitive_words=self.catalog.sensitive_words,
        )


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _lookup(data: Any, loc: tuple[int | str, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def load_config_text(text: str, source: str) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML: {e}") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
        field = _field_path(loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            raise ConfigError(f"{source}: {field}: unknown field") from None
        if err["type"] == "missing":
            raise ConfigError(f"{source}: {field}: missing") from None
        value = _lookup(data, loc)
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{source}: {field} = {value!r}: {msg}") from None
    _check_places(config, source)
    _check_bindings(config, source)
    if config.transports.telegram.enabled:
        _check_telegram(config.transports.telegram, source)
        if config.transports.telegram.base_url is None:
            _check_pacing(config.pacing, TELEGRAM_LIMITS, source)
    ts = config.transports
    if not (ts.console.enabled or ts.telegram.enabled or ts.wechat.enabled):
        raise ConfigError(
            f"{source}: transports: no transport enabled; enable console, telegram or wechat"
        )
    if ts.wechat.enabled and not (ts.console.enabled or ts.telegram.enabled):
        # Alone, a WeChat transport that cannot start is a bot that does nothing.
        problem = wechat_problem(ts.wechat)
        if problem is not None:
            raise ConfigError(f"{source}: {problem}")
    return config


def wechat_problem(wx: WechatTransport) -> str | None:
    """Why the WeChat transport cannot start as configured, naming the setting."""
    if wx.resolved_endpoint() is None:
        return (
            f"transports.wechat.endpoint: missing (the puppet service's host:port; set it or"
            f" {WECHAT_ENDPOINT_ENV})"
        )
    endpoint = wx.resolved_endpoint() or ""
    host, _, port = endpoint.rpartition(":")
    if not host or not port.isdigit():
        return f"transports.wechat.endpoint = {endpoint!r}: not host:port"
    if wx.resolved_token() is None:
        return (
            f"transports.wechat.token: missing (set it or the {WECHAT_TOKEN_ENV} environment"
            " variable)"
        )
    return None


def _check_bindings(config: Config, source: str) -> None:
    """One binding per chat; one entry per building, with no unit twice."""
    seen: dict[tuple[str, str], int] = {}
    for i, g in enumerate(config.groups):
        first = seen.setdefault((g.platform, g.chat), i)
        if first != i:
            raise ConfigError(
                f"{source}: groups[{i}].chat = {g.chat!r}: already bound by groups[{first}]"
            )
    names: dict[str, int] = {}
    for i, b in enumerate(config.compound.buildings):
        first = names.setdefault(b.name, i)
        if first != i:
            raise ConfigError(
                f"{source}: compound.buildings[{i}].name = {b.name!r}: already listed as"
                f" compound.buildings[{first}]"
            )
        if len(set(b.units)) != len(b.units):
            raise ConfigError(
                f"{source}: compound.buildings[{i}].units = {list(b.units)!r}: a unit is listed"
                " twice"
            )


def _check_pacing(pacing: Pacing, limits: dict[str, float], source: str) -> None:
    for name, most in limits.items():
        value = getattr(pacing, name)
        if value > most:
            raise ConfigError(
                f"{source}: pacing.{name} = {value!r}: above the platform's limit of {most:g}"
            )


def _check_places(config: Config, source: str) -> None:
    """Every building and unit config names is one the compound has."""
    if not config.compound.buildings:
        raise ConfigError(
            f"{source}: compound.buildings: none listed; add a [[compound.buildings]] for each"
            " building (name, and units if it has them)"
        )
    units = config.compound.units_by_building()
    known = "、".join(units) or "none"
    for i, g in enumerate(config.groups):
        if g.building not in units:
            raise ConfigError(
                f"{source}: groups[{i}].building = {g.building!r}: not a building of the"
                f" compound (it has {known})"
            )
        if g.unit is not None and g.unit not in units[g.building]:
            has = "、".join(units[g.building]) or "none"
            raise ConfigError(
                f"{source}: groups[{i}].unit = {g.unit!r}: building {g.building} has no such"
                f" unit (it has {has})"
            )
    for platform in PLATFORMS:
        roles = config.roles.of(platform)
        for kind, entries in (
            ("volunteers", roles.volunteers),
            ("building_leaders", roles.building_leaders),
        ):
            for i, entry in enumerate(entries):
                for building in entry.buildings:
                    if building not in units:
                        raise ConfigError(
                            f"{source}: roles.{platform}.{kind}[{i}].buildings ="
                            f" {list(entry.buildings)!r}: {building!r} is not a building of"
                            f" the compound (it has {known})"
                        )


def _check_telegram(tg: TelegramTransport, source: str) -> None:
    token = tg.resolved_token()
    if token is None:
        raise ConfigError(
            f"{source}: transports.telegram.token: missing (set it or the {TOKEN_ENV} "
            "environment variable)"
        )
    from bot.transports.telegram import validate_token

    if not validate_token(token):
        shown = token[:6] + "…" if len(token) > 6 else token
        where = "transports.telegram.token" if tg.token else TOKEN_ENV
        raise ConfigError(f"{source}: {where} = {shown!r}: not a bot token (digits:secret)")


EXAMPLE_NAME = "config.example.toml"


def load_config(path: Path | None) -> Config:
    """Load `path`; with none, the example config in the working directory or the checkout."""
    if path is None:
        for candidate in (Path(EXAMPLE_NAME), Path(__file__).resolve().parents[1] / EXAMPLE_NAME):
            if candidate.is_file():
                return load_config(candidate)
        raise ConfigError(f"{EXAMPLE_NAME}: not found here; pass --config FILE")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from None
    return load_config_text(text, str(path))


__all__ = [
    "HHMM",
    "Config",
    "ConfigError",
    "GroupBinding",
    "PlatformRoles",
    "StaffMember",
    "load_config",
    "load_config_text",
]
