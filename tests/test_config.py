"""Config errors name the file, the field and the bad value; good configs load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, load_config_text
from tests.harness import EXAMPLE

MINIMAL = '[compound]\nname = "测试小区"\nbuildings = [{ name = "3", units = ["1", "2"] }]\n'


def test_example_config_loads_with_console_on_and_platforms_off() -> None:
    config = load_config(EXAMPLE)
    assert config.transports.console.enabled
    assert not config.transports.telegram.enabled
    assert config.compound.timezone == "Asia/Shanghai"
    assert [c.strftime("%H:%M") for c in config.compound.cutoffs] == ["12:00", "18:00"]


def test_minimal_config_takes_defaults() -> None:
    config = load_config_text(MINIMAL, "min.toml")
    assert str(config.database.path) == "louzhang.db"
    assert config.pacing.group_per_minute == 20


def test_missing_file_is_named() -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: no such config file"):
        load_config(Path("nope.toml"))


def test_malformed_toml_names_file_and_line() -> None:
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML: .*line 2"):
        load_config_text('[compound]\nname = "x\n', "bad.toml")


def test_unknown_field_is_named_with_its_path() -> None:
    with pytest.raises(ConfigError, match=r"c\.toml: compound\.colour: unknown field"):
        load_config_text(MINIMAL + 'colour = "red"\n', "c.toml")


def test_missing_required_field_is_named() -> None:
    with pytest.raises(ConfigError, match=r"c\.toml: compound\.name: missing"):
        load_config_text("[compound]\n", "c.toml")


def test_bad_cutoff_time_names_field_index_and_value() -> None:
    text = MINIMAL + 'cutoffs = ["12:00", "25:61"]\n'
    with pytest.raises(ConfigError) as err:
        load_config_text(text, "c.toml")
    assert re.search(r"c\.toml: compound\.cutoffs\[1\] = '25:61': .*HH:MM", str(err.value))


def test_unknown_time_zone_is_rejected() -> None:
    with pytest.raises(ConfigError, match=r"compound\.timezone = 'Mars/Base'"):
        load_config_text(MINIMAL + 'timezone = "Mars/Base"\n', "c.toml")


def test_wrong_type_names_field_and_value() -> None:
    text = MINIMAL + '[pacing]\ngroup_per_minute = "fast"\n'
    with pytest.raises(ConfigError, match=r"pacing\.group_per_minute = 'fast'"):
        load_config_text(text, "c.toml")


def test_group_binding_with_unknown_platform_is_rejected() -> None:
    text = MINIMAL + '[[groups]]\nplatform = "qq"\nchat = "x"\nbuilding = "3"\n'
    with pytest.raises(ConfigError, match=r"groups\[0\]\.platform = 'qq'"):
        load_config_text(text, "c.toml")


def test_telegram_enabled_without_token_names_setting_and_env(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LOUZHANG_TELEGRAM_TOKEN", raising=False)
    text = MINIMAL + "[transports.telegram]\nenabled = true\n"
    with pytest.raises(ConfigError, match=r"transports\.telegram\.token: missing.*LOUZHANG_"):
        load_config_text(text, "c.toml")


def test_malformed_telegram_token_is_rejected_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOUZHANG_TELEGRAM_TOKEN", "not-a-token-secret-part")
    text = MINIMAL + "[transports.telegram]\nenabled = true\n"
    with pytest.raises(ConfigError) as err:
        load_config_text(text, "c.toml")
    assert "LOUZHANG_TELEGRAM_TOKEN" in str(err.value)
    assert "secret-part" not in str(err.value)


def test_catalog_additions_extend_the_default_catalog() -> None:
    text = MINIMAL + '[[catalog.items]]\nname = "大米"\naliases = ["珍珠米"]\n'
    text += '[[catalog.items]]\nname = "可乐"\nunit = "箱"\n'
    catalog = load_config_text(text, "c.toml").build_catalog()
    rice = catalog.get("大米")
    assert rice is not None and "珍珠米" in rice.aliases and "东北米" in rice.aliases
    assert rice.unit == "袋"
    assert catalog.get("可乐") is not None and catalog.get("鸡蛋") is not None


def test_catalog_replace_keeps_only_listed_items() -> None:
    text = MINIMAL + '[catalog]\nreplace = true\n[[catalog.items]]\nname = "可乐"\n'
    catalog = load_config_text(text, "c.toml").build_catalog()
    assert [it.name for it in catalog.items] == ["可乐"]


def test_catalog_replace_without_items_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"catalog = .*replace = true needs"):
        load_config_text(MINIMAL + "[catalog]\nreplace = true\n", "c.toml")


WECHAT_ALONE = "[transports.console]\nenabled = false\n[transports.wechat]\nenabled = true\n"


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ("", r"transports\.wechat\.endpoint: missing .*WECHATY_PUPPET_SERVICE_ENDPOINT"),
        ('endpoint = "puppet.example"\n', r"endpoint = 'puppet\.example': not host:port"),
        ('endpoint = "127.0.0.1:8788"\n', r"transports\.wechat\.token: missing"),
    ],
)
def test_wechat_alone_without_what_it_needs_is_refused_naming_the_setting(
    settings: str, error: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WECHATY_PUPPET_SERVICE_ENDPOINT", raising=False)
    monkeypatch.delenv("WECHATY_PUPPET_SERVICE_TOKEN", raising=False)
    with pytest.raises(ConfigError, match=error):
        load_config_text(MINIMAL + WECHAT_ALONE + settings, "c.toml")


def test_wechat_takes_endpoint_and_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WECHATY_PUPPET_SERVICE_ENDPOINT", "127.0.0.1:8788")
    monkeypatch.setenv("WECHATY_PUPPET_SERVICE_TOKEN", "secret")
    wechat = load_config_text(MINIMAL + WECHAT_ALONE, "c.toml").transports.wechat
    assert (wechat.resolved_endpoint(), wechat.resolved_token()) == ("127.0.0.1:8788", "secret")
    pacing = wechat.pacing()
    assert pacing.overall_per_second == 1.0 and pacing.private_per_second == 1.0


def test_wechat_beside_the_console_loads_even_unconfigured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The console still works; the WeChat transport is skipped at start with one line.
    monkeypatch.delenv("WECHATY_PUPPET_SERVICE_ENDPOINT", raising=False)
    config = load_config_text(MINIMAL + "[transports.wechat]\nenabled = true\n", "c.toml")
    assert config.transports.wechat.enabled and config.transports.console.enabled


BASE = '[compound]\nname = "测试小区"\n[[compound.buildings]]\nname = "3"\nunits = ["1", "2"]\n'
GROUP = '[[groups]]\nplatform = "console"\nchat = "3号楼群"\nbuilding = "3"\n'


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (GROUP + GROUP, r"groups\[1\]\.chat = '3号楼群': already bound by groups\[0\]"),
        (
            '[[compound.buildings]]\nname = "3"\n',
            r"compound\.buildings\[1\]\.name = '3': already listed as compound\.buildings\[0\]",
        ),
        (
            '[[compound.buildings]]\nname = "5"\nunits = ["1", "1"]\n',
            r"compound\.buildings\[1\]\.units = \['1', '1'\]: a unit is listed twice",
        ),
        (
            '[[groups]]\nplatform = "console"\nchat = "x"\nbuilding = "3"\nunit = "7"\n',
            r"groups\[0\]\.unit = '7': building 3 has no such unit \(it has 1、2\)",
        ),
        (
            '[[groups]]\nplatform = "console"\nchat = "x"\nbuilding = "99"\n',
            r"groups\[0\]\.building = '99': not a building of the compound \(it has 3\)",
        ),
        ("[pacing]\ngroup_per_minute = 0.0001\n", r"pacing\.group_per_minute = 0\.0001"),
        ("[pacing]\nmax_text_length = 10000\n", r"pacing\.max_text_length = 10000"),
        (
            "[transports.console]\nenabled = false\n",
            r"transports: no transport enabled; enable console, telegram or wechat",
        ),
    ],
)
def test_config_that_cannot_be_right_is_refused_naming_field_and_value(
    text: str, error: str
) -> None:
    with pytest.raises(ConfigError, match=r"c\.toml: " + error):
        load_config_text(BASE + text, "c.toml")


def test_a_compound_with_no_buildings_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"c\.toml: compound\.buildings: none listed"):
        load_config_text('[compound]\nname = "测试小区"\n', "c.toml")


def test_telegram_pacing_above_its_limits_is_refused() -> None:
    text = (
        BASE
        + "[pacing]\ngroup_per_minute = 60\n[transports.telegram]\nenabled = true\n"
        + 'token = "123456:ABCdefGhIJKlmnoPQRstuVWXyz0123456789"\n'
    )
    with pytest.raises(
        ConfigError, match=r"pacing\.group_per_minute = 60\.0: above the platform's"
    ):
        load_config_text(text, "c.toml")
