"""init, profile, passwd and the passphrase sources, through the command line."""

from __future__ import annotations

import json

from .conftest import PASS


def test_init_creates_a_vault(cli, vault_path):
    r = cli("init", "--jurisdiction", "ru", "--timezone", "Asia/Vladivostok", "--name", "Иван", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["profile"] == {"jurisdiction": "RU", "timezone": "Asia/Vladivostok", "name": "Иван", "region": None}
    assert vault_path.exists()


def test_init_refuses_to_overwrite(cli, vault, vault_path):
    before = vault_path.read_bytes()
    r = cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow")
    assert r.code == 2
    assert "already exists" in r.err
    assert vault_path.read_bytes() == before


def test_init_unknown_timezone_suggests(cli, vault_path):
    r = cli("init", "--jurisdiction", "RU", "--timezone", "Moscow")
    assert r.code == 2
    assert "Unknown time zone 'Moscow'" in r.err
    assert "Europe/Moscow" in r.err
    assert not vault_path.exists()


def test_init_unknown_country(cli, vault_path):
    r = cli("init", "--jurisdiction", "XX", "--timezone", "Europe/Moscow")
    assert r.code == 2
    assert "Unknown jurisdiction 'XX'" in r.err
    assert "RU" in r.err
    assert not vault_path.exists()


def test_init_uk_alias(cli):
    r = cli("init", "--jurisdiction", "UK", "--timezone", "Europe/London", "--json")
    assert r.code == 0
    assert r.json()["profile"]["jurisdiction"] == "GB"


def test_init_needs_flags_without_terminal(cli, vault_path):
    r = cli("init")
    assert r.code == 2
    assert "--jurisdiction" in r.err
    assert not vault_path.exists()


def test_init_rejects_short_passphrase(cli, vault_path, monkeypatch):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "short")
    r = cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow")
    assert r.code == 2
    assert "too short" in r.err
    assert not vault_path.exists()


def test_no_passphrase_no_terminal_exits_2(cli, vault, monkeypatch):
    monkeypatch.delenv("DEBTLOG_PASSPHRASE")
    r = cli("list", "--json")
    assert r.code == 2
    assert "DEBTLOG_PASSPHRASE" in r.err
    assert len(r.err.strip().splitlines()) == 1  # the contract: a one-line message
    assert r.out == ""


def test_passphrase_file_option_and_env(cli, vault, tmp_path, monkeypatch):
    monkeypatch.delenv("DEBTLOG_PASSPHRASE")
    f = tmp_path / "pw.txt"
    f.write_text(PASS + "\nsecond line ignored\n", encoding="utf-8")
    assert cli("list", "--json", "--passphrase-file", str(f)).code == 0
    assert cli("--passphrase-file", str(f), "list", "--json").code == 0
    monkeypatch.setenv("DEBTLOG_PASSPHRASE_FILE", str(f))
    assert cli("list", "--json").code == 0
    f.write_text("wrong passphrase\n")
    assert cli("list", "--json").code == 3
    r = cli("list", "--passphrase-file", str(tmp_path / "missing.txt"))
    assert r.code == 2 and "does not exist" in r.err


def test_wrong_passphrase_exit_3_changes_nothing(cli, vault, vault_path, monkeypatch):
    before = vault_path.read_bytes()
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "wrong passphrase")
    r = cli("add", "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+79161234567")
    assert r.code == 3
    assert "Wrong passphrase" in r.err
    assert "Traceback" not in r.err
    assert vault_path.read_bytes() == before


def test_vault_option_on_command_and_root(cli, tmp_path):
    other = tmp_path / "other.debtlog"
    assert cli("init", "-j", "IT", "-t", "Europe/Rome", "--vault", str(other)).code == 0
    assert other.exists()
    r = cli("--vault", str(other), "profile", "--json")
    assert r.code == 0 and r.json()["jurisdiction"] == "IT"
    r = cli("profile", "--json", "--vault", str(other))
    assert r.json()["timezone"] == "Europe/Rome"


def test_profile_show_and_change(cli, vault):
    r = cli("profile", "--json")
    assert r.json()["timezone"] == "Europe/Moscow"
    r = cli("profile", "--timezone", "Europe/Samara", "--reason", "moved to Samara", "--json")
    assert r.code == 0
    assert r.json()["timezone"] == "Europe/Samara"
    r = cli("profile", "--timezone", "Mars/Base")
    assert r.code == 2
    assert cli("profile", "--json").json()["timezone"] == "Europe/Samara"
    r = cli("profile", "--timezone", "Europe/Samara")
    assert r.code == 2 and "Nothing to change" in r.err


def test_entries_keep_their_timezone_after_a_move(cli, vault):
    assert cli("add", "--at", "2026-03-03T21:30", "--channel", "call", "--number", "+79161234567").code == 0
    assert cli("profile", "--timezone", "Asia/Vladivostok").code == 0
    assert cli("add", "--at", "2026-03-04T21:30", "--channel", "call", "--number", "+79161234567").code == 0
    entries = cli("list", "--json").json()
    assert entries[0]["occurred_at"] == "2026-03-03T21:30:00+03:00"
    assert entries[0]["timezone"] == "Europe/Moscow"
    assert entries[1]["occurred_at"] == "2026-03-04T21:30:00+10:00"
    assert entries[1]["timezone"] == "Asia/Vladivostok"


def test_passwd(cli, vault, monkeypatch):
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", "another long passphrase")
    r = cli("passwd")
    assert r.code == 0, r.err
    assert cli("list").code == 3
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "another long passphrase")
    assert cli("list", "--json").code == 0


def test_passwd_wrong_current_passphrase(cli, vault, vault_path, monkeypatch):
    before = vault_path.read_bytes()
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not it at all")
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", "another long passphrase")
    assert cli("passwd").code == 3
    assert vault_path.read_bytes() == before


def test_passwd_without_new_passphrase(cli, vault, vault_path):
    before = vault_path.read_bytes()
    r = cli("passwd")
    assert r.code == 2
    assert "DEBTLOG_NEW_PASSPHRASE" in r.err
    assert vault_path.read_bytes() == before


def test_missing_vault_says_how_to_create(cli):
    r = cli("list")
    assert r.code == 2
    assert "debtlog init" in r.err


def test_version_and_help(cli):
    r = cli("--version")
    assert r.code == 0 and r.out.startswith("debtlog ")
    r = cli("--help")
    assert r.code == 0 and "init" in r.out and "import" in r.out


def test_json_output_is_only_json(cli, vault):
    r = cli("add", "--at", "2026-03-03T12:00", "--channel", "sms", "--number", "900", "--content", "x", "--json")
    assert r.code == 0
    json.loads(r.out)
