"""Which language debtlog speaks: --lang, DEBTLOG_LANG, the profile, the system locale, English."""

from __future__ import annotations

import json

import pytest

from debtlog import i18n

from ..conftest import run_cli


@pytest.fixture
def no_language(monkeypatch):
    for var in ("DEBTLOG_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    i18n.reset()


@pytest.mark.parametrize("value,code", [
    ("ru_RU.UTF-8", "ru"), ("ru", "ru"), ("zh_CN.UTF-8", "zh_CN"), ("zh_Hans", "zh_CN"), ("zh", "zh_CN"),
    ("zh-CN", "zh_CN"), ("zh_TW.UTF-8", "zh_CN"), ("it_IT.UTF-8", "it"), ("it_CH", "it"), ("en_GB.UTF-8", "en"),
    ("C", "en"), ("POSIX", "en"), ("C.UTF-8", "en"),
])
def test_locale_names_map_to_a_catalog(value, code):
    assert i18n.normalize(value) == code


@pytest.mark.parametrize("value", ["de_DE.UTF-8", "fr", "", "klingon"])
def test_other_locales_are_not_supported(value):
    assert i18n.normalize(value) is None


def test_system_locale_else_english(no_language, monkeypatch):
    assert i18n.resolve() == ("en", "default")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.resolve() == ("ru", "locale")
    monkeypatch.setenv("LC_MESSAGES", "it_IT.UTF-8")
    assert i18n.resolve() == ("it", "locale")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert i18n.resolve() == ("zh_CN", "locale")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")  # LC_ALL decides, and German has no catalog
    assert i18n.resolve() == ("en", "default")


def test_precedence_option_env_profile_locale(no_language, monkeypatch):
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert i18n.resolve()[0] == "it"
    i18n.save_language("zh_CN")  # what `debtlog profile --language zh_CN` leaves readable
    assert i18n.resolve() == ("zh_CN", "profile")
    monkeypatch.setenv("DEBTLOG_LANG", "ru")
    assert i18n.resolve() == ("ru", "env")
    assert i18n.resolve("en") == ("en", "option")
    assert i18n.resolve("zh") == ("zh_CN", "option")


def test_an_unknown_lang_option_is_a_usage_error(cli):
    r = cli("--lang", "de", "--help")
    assert r.code == 2
    assert "Unknown language 'de'" in r.err
    for code in i18n.SUPPORTED:
        assert code in r.err
    assert r.out == ""


def test_lang_option_reads_only_before_the_command():
    from debtlog.i18n.cli import lang_option

    assert lang_option(["--lang", "ru", "check"]) == "ru"
    assert lang_option(["--vault", "x.debtlog", "--lang=it", "list"]) == "it"
    assert lang_option(["export", "dossier", "--lang", "zh"]) is None  # the dossier's language
    assert lang_option(["--vault", "--lang", "list"]) is None  # a vault file named --lang
    assert lang_option([]) is None


def test_settings_home_agrees_with_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv("DEBTLOG_HOME", raising=False)
    assert str(i18n.settings_home()) == platformdirs.user_data_dir("debtlog", appauthor=False)


def test_profile_language_is_kept_and_used_before_unlocking(cli, vault, no_language, tmp_path, monkeypatch):
    r = cli("profile", "--language", "ru", "--json")
    assert r.code == 0, r.err
    assert r.json()["language"] == "ru"
    settings_file = tmp_path / "home" / "settings.json"
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    assert settings == {"language": "ru"}
    assert settings_file.stat().st_mode & 0o777 == 0o600  # private, like every file debtlog writes
    # Before the vault is unlocked (a wrong passphrase), debtlog already speaks the profile's language...
    wrong = i18n.translator("ru")("Wrong passphrase for the vault {path}.").split("{path}")[0]
    assert wrong.strip() and wrong != "Wrong passphrase for the vault "
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not the passphrase")
    r = cli("list")
    assert r.code == 3
    assert wrong in r.err
    # ...and an explicit choice still wins over the profile.
    r = cli("--lang", "en", "list")
    assert r.code == 3 and "Wrong passphrase for the vault" in r.err


def test_profile_language_rejects_unknown_codes(cli, vault):
    r = cli("profile", "--language", "xx")
    assert r.code == 2
    assert "Unknown language 'xx'" in r.err


def test_a_vault_without_language_reads_as_before(cli, vault):
    """Vaults made before the field: the profile JSON has no 'language' key at all."""
    r = cli("profile", "--json")
    assert r.code == 0
    assert "language" not in r.json()


def test_profile_language_applies_when_the_vault_opens(cli, vault, no_language, tmp_path):
    """Settings file gone (the vault moved to another machine): the profile inside still decides."""
    assert cli("profile", "--language", "it").code == 0
    (tmp_path / "home" / "settings.json").unlink()
    i18n.reset()
    from debtlog.cli.entries import open_vault

    i18n.setup(None)
    assert i18n.language() == "en"
    with open_vault():
        assert i18n.language() == "it"
