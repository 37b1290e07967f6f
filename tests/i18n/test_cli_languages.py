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
    # milestone kinds in the table are words of the language, not the --kind values (a long one wraps in its cell)
    assert all(word in r.out for word in translated(code, "refusal").split())
    assert "overdue-start" not in r.out
    doc = cli("demo", "--dir", str(tmp_path / "demo-json"), "--json").json()
    assert any("the limit is" in f["explanation"] for f in doc["findings"])  # --json stays English


# --- leftovers found by walking every command in each language -----------------------------------

def _tr(code: str, msgid: str) -> str:
    """The catalog's text, which may equal the msgid (units such as "{n} MB" in Italian)."""
    return i18n.translator(code)(msgid)


def _date(code: str, y: int, m: int, d: int) -> str:
    from datetime import date

    from debtlog.i18n.formats import format_date

    return format_date(date(y, m, d), lang=code)


@pytest.mark.parametrize("code", LANGS)
def test_rules_show_names_severity_confidence_kind_and_dates_in_the_language(code, cli, monkeypatch):
    """rules show printed "kind: hours  category: hours  severity: violation  confidence: H",
    "in force: from 2017-01-01" and "(built-in)" in English in every language."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("rules", "show", "ru.230fz.hours")
    assert r.code == 0, r.err
    line = translated(code, "  kind: {kind}    category: {category}    severity: {severity}    confidence: {confidence}")
    assert line.format(kind=translated(code, "hours"), category=translated(code, "hours"),
                       severity=translated(code, "violation"), confidence=translated(code, "high")) in r.out
    assert translated(code, "from {date}").format(date=_date(code, 2017, 1, 1)) in r.out
    assert translated(code, "built-in") in r.out
    assert "built-in" not in r.out and "from 2017" not in r.out and ": H" not in r.out
    # docs/rules.md and --json keep the pack's own values
    doc = cli("rules", "show", "ru.230fz.hours", "--json").json()
    assert (doc["kind"], doc["severity"], doc["confidence"]) == ("hours", "violation", "H")


@pytest.mark.parametrize("code", LANGS)
def test_rules_list_shows_confidence_as_a_word(code, cli, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("rules", "list", "-j", "RU")
    assert r.code == 0, r.err
    assert translated(code, "high") in r.out and translated(code, "violation") in r.out
    assert cli("rules", "list", "-j", "RU", "--json").json()[0]["confidence"] in ("H", "M", "L")


@pytest.mark.parametrize("code", LANGS)
def test_usage_error_panel_is_all_in_the_language(code, cli, monkeypatch):
    """The "Try 'debtlog show -h' for help." line and click's "'abc' is not a valid int." stayed English."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("show", "abc")
    assert r.code == 2
    assert "for help" not in r.err and "is not a valid" not in r.err
    assert translated(code, "{value} is not a valid integer.").format(value="'abc'") in r.err
    try_line = translated(code, "Try [blue]'{command_path} {help_option}'[/] for help.")
    assert try_line.split("[blue]")[0].strip() in r.err


@pytest.mark.parametrize("code", LANGS)
def test_file_sizes_use_the_language_units_and_decimal_mark(code, cli, vault, tmp_path, monkeypatch):
    """backup said "0.2 MB" and export "82 kB" whatever the language (ru: "0,2 МБ", "82 КБ")."""
    from debtlog.cli.common import size_text

    monkeypatch.setenv("DEBTLOG_LANG", code)
    i18n.set_language(code)
    try:
        decimal = {"ru": "1,5", "it": "1,5", "zh_CN": "1.5"}[code]
        assert size_text(1_500_000) == _tr(code, "{n} MB").format(n=decimal)
        assert size_text(82_400) == _tr(code, "{n} kB").format(n="82")
    finally:
        i18n.reset()
    r = cli("backup", "--out", str(tmp_path / "case.backup"))
    assert r.code == 0, r.err
    unit = _tr(code, "{n} kB").replace("{n}", "").strip()
    assert f" {unit})" in r.err or f" {unit}）" in r.err


@pytest.mark.parametrize("code", LANGS)
def test_milestone_add_and_show_use_words_and_dates_of_the_language(code, cli, vault, monkeypatch):
    """milestone add said "Recorded milestone refusal on 2026-03-05"; show printed the date in ISO."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("milestone", "add", "--kind", "refusal", "--at", "2026-03-05")
    assert r.code == 0, r.err
    at = _date(code, 2026, 3, 5)
    assert translated(code, "Recorded milestone {kind} on {at} as entry {id}.").format(
        kind=translated(code, "refusal"), at=at, id=1) in r.err
    r = cli("show", "1")
    assert at in r.out and "2026-03-05" not in r.out.replace(at, "")
    doc = cli("show", "1", "--json").json()
    assert (doc["kind"], doc["at"]) == ("refusal", "2026-03-05")
    # a wrong kind names the option, like the other choices do
    r = cli("milestone", "add", "--kind", "nosuch", "--at", "2026-03-05")
    assert r.code == 2
    assert translated(code, "{flag} must be one of {allowed}, not '{v}'.").split("{")[0] in r.err or "--kind" in r.err


@pytest.mark.parametrize("code", LANGS)
def test_import_errors_name_the_line_in_the_language(code, cli, vault, tmp_path, monkeypatch):
    """"Line 2: ..." and "line 3: ..." stayed English (the words had no msgid)."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('not json\n{"source_id": "a2", "occurred_at": "yesterday", "channel": "call"}\n',
                   encoding="utf-8")
    r = cli("import", "jsonl", str(bad))
    assert r.code != 0
    first = _tr(code, "{what} {line}: {msg}").format(what=translated(code, "Line"), line=1, msg="").strip()
    more = _tr(code, "{what} {line}: {msg}").format(what=translated(code, "line"), line=2, msg="").strip()
    assert first in r.err and more in r.err
    assert "Line 1" not in r.err and "line 2" not in r.err


@pytest.mark.parametrize("code", ["en"] + LANGS)
def test_the_italian_pack_disclaimer_is_said_once_in_the_language(code, cli, vault, monkeypatch):
    """The IT pack's disclaimer was written in Italian: English read Italian, and the others read
    "not legal advice" twice (the check for the words runs on the English msgid)."""
    assert cli(*NIGHT_CALL).code == 0
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("check", "-j", "IT", "--no-charts")
    assert r.code == 0, r.err
    assert "Una segnalazione" not in r.out or code == "it"
    disclaimer = i18n.translator(code)("A finding means: likely violation, check it. It is not legal advice.")
    flat = " ".join(r.out.split())
    assert flat.count(" ".join(disclaimer.split())) == 1
    if code != "en":
        assert _tr(code, "Not legal advice. ").strip() not in flat.replace(" ".join(disclaimer.split()), "")


@pytest.mark.parametrize("value", ["zh_CN", "zh-CN", "zh_Hans", "zh"])
def test_dossier_lang_takes_the_codes_the_tool_takes(value, cli, vault, tmp_path):
    """export dossier --lang zh_CN was refused ("use one of: en, ru, it, zh") though --lang zh_CN
    is how the tool itself is switched to Chinese."""
    r = cli("export", "dossier", "--out", str(tmp_path / "d.zip"), "--lang", value, "--json")
    assert r.code == 0, r.err
    assert r.json()["lang"] == "zh"


@pytest.mark.parametrize("code", LANGS)
def test_cases_show_counts_links_in_the_language(code, cli, tmp_path, monkeypatch):
    """cases show listed each share received as "... 3 links (first import)"."""
    from ..cases.conftest import VOLUNTEER_PASS

    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    key = cli("volunteer", "init", "--json").json()["public_key"]
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)
    assert cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow").code == 0
    assert cli(*NIGHT_CALL).code == 0
    assert cli("share", "--to", key, "--out", str(tmp_path / "case.dlshare")).code == 0
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    r = cli("cases", "import", str(tmp_path / "case.dlshare"), "--json")
    assert r.code == 0, r.err
    name = cli("cases", "list", "--json").json()[0]["name"]
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("cases", "show", name)
    assert r.code == 0, r.err
    assert " links " not in r.out
    assert translated(code, "first import") in r.out
    shown = translated(code, "{at}  {n} link(s)  ({change})").split("{n}")[1].split("{change}")[0].strip(" (（")
    assert shown in r.out


@pytest.mark.parametrize("code", LANGS)
def test_guided_add_offers_words_of_the_language(code, cli, vault, monkeypatch):
    """The questions of add showed "(now)", "[1] call [2] sms ...", "[1] answered ..." and "[y/n]"."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    no = translated(code, "n") if code != "it" else "n"
    answers = ["", translated(code, "call"), "+74950000101", "ООО Пример", "", "90", no, "", no, "угрожали"]
    r = cli("add", input="\n".join(answers) + "\n", tty=True)
    assert r.code == 0, r.out + r.err
    assert f"({translated(code, 'now')})" in r.err
    assert f"[1] {translated(code, 'call')}" in r.err and f"[1] {translated(code, 'answered')}" in r.err
    assert f"[{translated(code, 'y')}/{_tr(code, 'n')}]" in r.err
    assert "(now)" not in r.err and "[1] call" not in r.err and "[y/n]" not in r.err
    doc = cli("list", "--json").json()
    contact = doc[0] if isinstance(doc, list) else doc["entries"][0]
    record = contact.get("record", contact)
    assert (record["channel"], record["outcome"], record["duration_s"]) == ("call", "answered", 90)


@pytest.mark.parametrize("code", LANGS)
def test_end_of_input_at_a_question_is_said_in_the_language(code, cli, vault, monkeypatch):
    """Ctrl+D at a question printed typer's English "Aborted."."""
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("add", input="", tty=True)
    assert r.code == 1
    assert translated(code, "Aborted.") in r.err and "Aborted." not in r.err


def test_chinese_lines_do_not_break_inside_a_path_or_url():
    """With Chinese on, a path was cut at a dot ("/tmp/tmp." then "Em0r.../demo-dossier.zip")."""
    import io

    from rich.console import Console

    i18n.set_language("zh_CN")
    try:
        out = io.StringIO()
        path = "/tmp/tmp.Em0rvIOtPG/demo-zh_CN/demo-dossier.zip"
        Console(file=out, width=60, color_system=None).print(
            f"已生成带签名的演示证据材料包（HTML、PDF、数据；用 debtlog verify {path} 检查），位置："
            " 资料来源 <https://r09.fssp.gov.ru/faq/document26974543/>")
        text = out.getvalue()
        assert any(path in line for line in text.splitlines())
        assert any("https://r09.fssp.gov.ru/faq/document26974543/" in line for line in text.splitlines())
        assert max(len(line) for line in text.splitlines()) <= 60
    finally:
        i18n.reset()


@pytest.mark.parametrize("code", LANGS)
def test_rules_show_names_the_milestone_in_the_language(code, cli, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", code)
    monkeypatch.setenv("COLUMNS", "300")
    r = cli("rules", "show", "ru.230fz.refusal")
    assert r.code == 0, r.err
    assert translated(code, "refusal") in r.out
    assert " refusal " not in r.out


@pytest.mark.parametrize("code", ["en"] + LANGS)
def test_broken_json_line_is_explained_in_the_language(code, cli, vault, tmp_path, monkeypatch):
    """Python's parser says "Expecting value" whatever the language; the message now does not."""
    src = tmp_path / "bad.jsonl"
    src.write_text('{"source_id": "a", "occurred_at": }\n', encoding="utf-8")
    monkeypatch.setenv("DEBTLOG_LANG", code)
    monkeypatch.setenv("COLUMNS", "300")
    r = cli("import", "jsonl", str(src))
    assert r.code == 2
    assert "Expecting value" not in r.err
    assert i18n.translator(code)("a value was expected") in r.err
