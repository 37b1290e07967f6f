"""Every command in every language: help, check and the errors a borrower meets first.

The expected words come from the catalogs (msgid -> msgstr), so these tests pass for any
wording the translators choose, and fail when a key message is left untranslated.
"""

from __future__ import annotations

import pytest
import typer

from debtlog import i18n
from debtlog.i18n.cli import walk

from ..conftest import PASS, run_cli
from .helpers import LANGS, ROOT_HELP, SCRIPT, first_line

NIGHT_CALL = ("add", "--at", "2026-03-03T23:30", "--channel", "call", "--number", "+74950000101",
              "--agency", "ООО ПКО Пример", "--outcome", "answered", "--duration", "90", "--content", "угрожали")


def translated(code: str, msgid: str) -> str:
    text = i18n.translator(code)(msgid)
    assert text != msgid, f"{code}: {msgid!r} has no translation yet (debtlog/locale/{code}/LC_MESSAGES/debtlog.po)"
    return text


def _command_paths():
    from debtlog.cli.app import app

    return [list(path) for path, cmd in walk(typer.main.get_command(app)) if not getattr(cmd, "hidden", False)]


@pytest.mark.parametrize("code", ["en"] + LANGS)
def test_every_commands_help_runs_in_every_language(code, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", code)
    failed = []
    for path in _command_paths():
        r = run_cli(*path, "--help")
        if r.code != 0 or "Internal error" in r.err or not r.out.strip():
            failed.append(f"{' '.join(path) or '(root)'}: exit {r.code} {r.err[-300:]}")
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("code", LANGS)
def test_root_help_is_in_the_language(code, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = run_cli("--help")
    assert r.code == 0
    flat = " ".join(r.out.split())
    assert " ".join(first_line(translated(code, ROOT_HELP)).split()) in flat
    assert translated(code, "Commands") in r.out and translated(code, "Options") in r.out
    assert SCRIPT[code].search(r.out)
    assert "An encrypted evidence log" not in r.out


@pytest.mark.parametrize("code", LANGS)
def test_lang_option_beats_the_environment(code, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", "en")
    r = run_cli("--lang", code, "--help")
    assert r.code == 0
    assert translated(code, "Commands") in r.out


@pytest.mark.parametrize("code", LANGS)
def test_wrong_passphrase_error_is_in_the_language(code, cli, vault, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", code)
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not the passphrase at all")
    r = cli("list")
    assert r.code == 3
    message = translated(code, "Wrong passphrase for the vault {path}.").format(path=vault)
    assert translated(code, "Error: ") + message in r.err
    assert translated(code, "Type it again exactly; letters are case-sensitive and the keyboard layout matters.") \
        in r.err
    assert "Traceback" not in r.err


@pytest.mark.parametrize("code", LANGS)
def test_check_is_in_the_language(code, cli, vault, monkeypatch):
    assert cli(*NIGHT_CALL).code == 0
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("check")
    assert r.code == 0, r.err
    assert translated(code, "Likely violations of a bright-line rule") in r.out
    assert translated(code, "Contact outside the allowed hours") in r.out  # the rule's title, from the pack
    assert translated(code, "Citation: ") in r.out
    # the citation as a lawyer of that language writes it; --json keeps the pack's own
    citation = cli("check", "--json").json()["findings"][0]["citation"]
    assert translated(code, citation) != citation
    assert translated(code, citation).split()[0] in r.out
    assert SCRIPT[code].search(r.out)
    # the weekday labels of the heatmap
    assert translated(code, "Tue") in r.out


@pytest.mark.parametrize("code", LANGS)
def test_json_output_stays_english_in_every_language(code, cli, vault, monkeypatch):
    """--json is for scripts (CONTRACT.md): the same document whatever the language."""
    assert cli(*NIGHT_CALL).code == 0
    english = {cmd: cli(*cmd.split(), "--json").json() for cmd in ("check", "list", "profile")}
    monkeypatch.setenv("DEBTLOG_LANG", code)
    for cmd, doc in english.items():
        r = cli(*cmd.split(), "--json")
        assert r.code == 0, r.err
        assert r.json() == doc, cmd


@pytest.mark.parametrize("code", ["en"] + LANGS)
def test_every_command_runs_in_every_language(code, cli, vault, tmp_path, monkeypatch):
    """A borrower's whole first session, in each language: no command fails or shows a traceback."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    assert cli(*NIGHT_CALL).code == 0
    jsonl = tmp_path / "calls.jsonl"
    jsonl.write_text('{"source_id": "a1", "occurred_at": "2026-03-04T07:00:00", "channel": "sms", '
                     '"number": "+74950000101", "content": "оплатите"}\n', encoding="utf-8")
    steps = [
        ("list",), ("show", "1"), ("edit", "1", "--at", "2026-03-03T23:40", "--reason", "typo"),
        ("import", "jsonl", str(jsonl)), ("void", "2", "--reason", "duplicate"),
        ("milestone", "add", "--kind", "refusal", "--at", "2026-03-05"), ("milestone", "list"),
        ("collectors", "list"), ("debts", "add", "--creditor", "Банк", "--amount", "18400.50", "--currency", "RUB"),
        ("debts", "list"), ("check",), ("check", "--no-charts"), ("rules", "list", "-j", "RU"),
        ("rules", "show", "ru.230fz.hours"), ("verify",), ("profile",), ("audio", "list"), ("contacts", "list"),
        ("backup", "--out", str(tmp_path / "case.backup")), ("import", "--list-formats"),
        ("export", "dossier", "--out", str(tmp_path / "dossier.zip")), ("verify", str(tmp_path / "dossier.zip")),
        ("list", "--search", "оплатите"), ("demo", "--dir", str(tmp_path / "demo")),
    ]
    failed = []
    for step in steps:
        r = cli(*step)
        if r.code != 0 or "Internal error" in r.err or "Traceback" in r.err:
            failed.append(f"{' '.join(step)}: exit {r.code}: {r.err[-400:]}")
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("code", LANGS)
def test_unknown_command_option_errors_still_exit_2(code, cli, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("list", "--no-such-option")
    assert r.code == 2
    assert "Traceback" not in r.err


@pytest.mark.parametrize("code", LANGS)
def test_usage_errors_are_in_the_language(code, cli, monkeypatch):
    """A mistyped option or command is explained in the person's language (typer's click words
    these with f-strings; debtlog rewords them through the catalog when they are shown)."""
    from debtlog.i18n import translator

    tr = translator(code)
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("list", "--no-such-option")
    assert r.code == 2
    assert tr("No such option: {name}").format(name="--no-such-option") in r.err
    r = cli("lst")
    assert r.code == 2
    assert tr("No such command {name}.").format(name="'lst'") in r.err
    assert tr("Did you mean {suggestions}?").format(suggestions="'list'") in r.err
    r = cli("show")
    assert r.code == 2 and tr("Missing argument {name}.").format(name="'ID'") in r.err


def test_usage_errors_stay_english_in_english(cli, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", "en")
    r = cli("list", "--no-such-option")
    assert r.code == 2 and "No such option: --no-such-option" in r.err


def test_an_unrecognised_usage_message_is_left_as_it_is():
    from debtlog.i18n.cli import translate_usage

    assert translate_usage("Something click may say one day.") == "Something click may say one day."


@pytest.mark.parametrize("code", LANGS)
def test_demo_explains_findings_in_the_language(code, cli, tmp_path, monkeypatch):
    """demo printed every finding's explanation in English whatever the language (it asked the
    engine for the English wording that --json carries)."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("demo", "--dir", str(tmp_path / "demo"))
    assert r.code == 0, r.err
    assert "from a hidden (withheld) number" not in r.out
    assert "the limit is" not in r.out
    assert translated(code, "Contact outside the allowed hours") in r.out
    # milestone kinds in the table are words of the language, not the --kind values
    assert translated(code, "refusal") in r.out
    doc = cli("demo", "--dir", str(tmp_path / "demo-json"), "--json").json()
    assert any("the limit is" in f["explanation"] for f in doc["findings"])  # --json stays English
