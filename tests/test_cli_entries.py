"""add, list, show, edit, void, milestones, collectors and debts through the command line."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

MSK = ZoneInfo("Europe/Moscow")


def add(cli, *args):
    r = cli("add", *args, "--json")
    assert r.code == 0, r.err
    return r.json()


def test_add_with_every_flag(cli, vault, tmp_path):
    e = add(cli, "--at", "2026-03-03T22:30", "--channel", "call", "--direction", "incoming", "--outcome", "answered",
            "--number", "8 916 123-45-67", "--agency", "ООО ПКО Пример", "--creditor", "Банк", "--caller", "Игорь",
            "--duration", "2:30", "--content", "Угрожали", "--robot", "--not-identified", "--debt", "000-123")
    assert e["occurred_at"] == "2026-03-03T22:30:00+03:00"
    assert e["number"] == "+79161234567"
    assert e["duration_s"] == 150
    assert e["robot"] is True and e["identified"] is False
    assert e["agency"] == "ООО ПКО Пример" and e["creditor"] == "Банк" and e["caller"] == "Игорь"
    assert e["debt"] == "000-123"
    assert e["target"] == "debtor"
    assert e["revision"] == 1 and e["attachments"] == [] and len(e["hash"]) == 64
    recorded = datetime.fromisoformat(e["recorded_at"])
    assert abs(datetime.now(MSK) - recorded) < timedelta(minutes=1)
    assert recorded.utcoffset() == timedelta(hours=3)


def test_add_third_party(cli, vault):
    e = add(cli, "--at", "2026-03-09T11:00", "--channel", "call", "--number", "+74950000101",
            "--third-party", "Галина", "--relation", "relative", "--third-party-number", "8 900 000-04-04")
    assert e["target"] == "third_party"
    assert e["third_party"] == {"name": "Галина", "relation": "relative", "number": "+79000000404"}


def test_add_hidden_number_and_content_file(cli, vault, tmp_path):
    f = tmp_path / "sms.txt"
    f.write_text("Мы знаем, где вы работаете.\nВторая строка", encoding="utf-8")
    e = add(cli, "--at", "2026-03-06T10:20", "--channel", "sms", "--hidden-number", "--content-file", str(f))
    assert e["number"] is None and e["number_hidden"] is True
    assert e["content"] == "Мы знаем, где вы работаете.\nВторая строка"


def test_add_recognises_a_known_number(cli, vault):
    add(cli, "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+74950000101", "--agency", "Пример")
    e = add(cli, "--at", "2026-03-04T12:00", "--channel", "call", "--number", "84950000101")
    assert e["agency"] == "Пример"
    r = cli("collectors", "list", "--json")
    [c] = r.json()
    assert c["name"] == "Пример" and c["numbers"] == ["+74950000101"] and c["contacts"] == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "yesterday at noonish"], "yesterday at noonish"),
        (["--at", "31.02.2026 10:00"], "31.02.2026"),
        (["--number", "+7916"], "+7916"),
        (["--number", "12ab??"], "12ab??"),
        (["--channel", "pigeon"], "pigeon"),
        (["--outcome", "maybe"], "maybe"),
        (["--relation", "cousin", "--third-party", "X"], "cousin"),
        (["--duration", "-5"], "-5"),
        (["--number", "+79161234567", "--hidden-number"], "not both"),
        (["--content", "a", "--content-file", "x.txt"], "not both"),
        (["--content-file", "does-not-exist.txt"], "does not exist"),
        (["--audio", "missing.m4a"], "does not exist"),
    ],
)
def test_add_invalid_input_changes_nothing(cli, vault, vault_path, args, message):
    before = vault_path.read_bytes()
    base = {"--at": "2026-03-03T12:00", "--channel": "call"}
    for i in range(0, len(args), 2):
        base.pop(args[i], None)
    flat = [x for kv in base.items() for x in kv]
    r = cli("add", *flat, *args)
    assert r.code == 2, r.err
    assert message in r.err
    assert "Traceback" not in r.err
    assert vault_path.read_bytes() == before


def test_add_future_time_is_refused(cli, vault):
    future = (datetime.now(MSK) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    r = cli("add", "--at", future, "--channel", "call", "--number", "+79161234567")
    assert r.code == 2
    assert "future" in r.err


def test_add_time_words(cli, vault):
    now = datetime.now(MSK)
    e = add(cli, "--at", "вчера 10:15", "--channel", "call", "--number", "+79161234567")
    when = datetime.fromisoformat(e["occurred_at"])
    assert when.date() == (now - timedelta(days=1)).date() and (when.hour, when.minute) == (10, 15)
    e = add(cli, "--at", "昨天晚上10点", "--channel", "sms", "--number", "900")
    when = datetime.fromisoformat(e["occurred_at"])
    assert when.date() == (now - timedelta(days=1)).date() and when.hour == 22
    e = add(cli, "--at", "ieri 21:05", "--channel", "sms", "--number", "900")
    assert datetime.fromisoformat(e["occurred_at"]).hour == 21


def test_add_without_flags_and_without_terminal_uses_defaults(cli, vault):
    e = add(cli, "--number", "+79161234567")
    assert e["channel"] == "call"
    assert abs(datetime.now(MSK) - datetime.fromisoformat(e["occurred_at"])) < timedelta(minutes=1)


def test_add_guided_prompts(cli, vault):
    add(cli, "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+74950000101", "--agency", "Пример")
    answers = "\n".join([
        "03.03.2026 22:40",  # when
        "1",                 # call
        "8 495 000-01-01",   # number: known, so the agency default is Пример
        "",                  # accept the agency
        "answered",          # outcome
        "3:05",              # duration
        "n",                 # robot?
        "Игорь",             # caller
        "y",                 # someone else?
        "Галина",            # name
        "relative",          # relation
        "",                  # their number: skip
        "Сказали маме о долге",
    ]) + "\n"
    r = cli("add", input=answers, tty=True)
    assert r.code == 0, r.err + r.out
    assert "is a number of Пример" in r.err
    entries = cli("list", "--json").json()
    e = entries[-1]
    assert e["occurred_at"] == "2026-03-03T22:40:00+03:00"
    assert e["agency"] == "Пример" and e["number"] == "+74950000101"
    assert e["duration_s"] == 185 and e["robot"] is False and e["caller"] == "Игорь"
    assert e["third_party"] == {"name": "Галина", "relation": "relative", "number": None}
    assert e["content"] == "Сказали маме о долге"


def test_add_prompt_reasks_after_a_bad_answer(cli, vault):
    answers = "\n".join(["at some point", "2026-03-03 21:00", "fax", "2", "+79161234567", "", "", ""]) + "\n"
    r = cli("add", input=answers, tty=True)
    assert r.code == 0, r.err
    assert r.err.count("at some point") >= 1
    assert "Type a number from 1 to 7" in r.err
    e = cli("list", "--json").json()[-1]
    assert e["channel"] == "sms" and e["occurred_at"] == "2026-03-03T21:00:00+03:00"


def _seed(cli):
    add(cli, "--at", "2026-03-01T10:00", "--channel", "call", "--number", "+74950000101", "--agency", "Alpha")
    add(cli, "--at", "2026-03-02T11:00", "--channel", "sms", "--number", "+74950000102", "--agency", "Beta",
        "--content", "=HYPERLINK(\"http://evil\")")
    add(cli, "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+74950000101", "--agency", "alpha")
    add(cli, "--at", "2026-03-04T13:00", "--channel", "visit")


def test_list_filters(cli, vault):
    _seed(cli)
    assert len(cli("list", "--json").json()) == 4
    assert [e["id"] for e in cli("list", "--since", "2026-03-02", "--json").json()] == [2, 3, 4]
    assert [e["id"] for e in cli("list", "--until", "02.03.2026", "--json").json()] == [1, 2]
    assert [e["id"] for e in cli("list", "--since", "2026-03-02", "--until", "2026-03-03", "--json").json()] == [2, 3]
    assert [e["id"] for e in cli("list", "--agency", "ALPHA", "--json").json()] == [1, 3]
    assert [e["id"] for e in cli("list", "--number", "8 495 000-01-01", "--json").json()] == [1, 3]
    assert [e["id"] for e in cli("list", "--channel", "sms", "--json").json()] == [2]
    assert [e["id"] for e in cli("list", "--last", "2", "--json").json()] == [3, 4]
    assert [e["id"] for e in cli("list", "--since", "2026-03", "--until", "2026-03", "--json").json()] == [1, 2, 3, 4]
    assert cli("list", "--until", "2026-02", "--json").json() == []
    r = cli("list", "--since", "someday")
    assert r.code == 2 and "someday" in r.err
    r = cli("list", "--channel", "fax")
    assert r.code == 2 and "fax" in r.err
    r = cli("list", "--since", "2026-03-05", "--until", "2026-03-01")
    assert r.code == 2


def test_list_table(cli, vault):
    _seed(cli)
    r = cli("list")
    assert r.code == 0
    assert "Alpha" in r.out and "03.03.2026 12:00" in r.out and "+7 495 000-01-01" in r.out


def test_list_csv_escapes_formulas(cli, vault):
    _seed(cli)
    r = cli("list", "--csv")
    assert r.code == 0
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == 4
    assert rows[1]["content"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["number"] == "+74950000101"  # a phone number is not mangled


def test_show_edit_void(cli, vault):
    _seed(cli)
    r = cli("edit", "1", "--at", "2026-03-01T22:40", "--reason", "wrong time: it was 22:40", "--json")
    assert r.code == 0, r.err
    assert r.json()["revision"] == 2 and r.json()["occurred_at"] == "2026-03-01T22:40:00+03:00"
    assert r.json()["number"] == "+74950000101"  # untouched fields kept
    shown = cli("show", "1", "--json").json()
    assert [h["action"] for h in shown["history"]] == ["create", "revise"]
    assert shown["history"][0]["record"]["occurred_at"] == "2026-03-01T10:00:00+03:00"
    assert shown["history"][1]["reason"] == "wrong time: it was 22:40"
    text = cli("show", "1").out
    assert "corrected: wrong time" in text and "occurred_at" in text

    r = cli("void", "2", "--reason", "duplicate of 3")
    assert r.code == 0
    assert [e["id"] for e in cli("list", "--json").json()] == [1, 3, 4]
    voided = [e for e in cli("list", "--voided", "--json").json() if e["id"] == 2][0]
    assert voided["voided"] is True and voided["void_reason"] == "duplicate of 3"
    assert "VOID" in cli("show", "2").out
    assert cli("edit", "2", "--content", "x", "--reason", "r").code == 2
    assert cli("void", "2", "--reason", "again").code == 2
    assert cli("verify").code == 0


def test_edit_errors(cli, vault, vault_path):
    _seed(cli)
    before = vault_path.read_bytes()
    r = cli("edit", "1", "--content", "x")
    assert r.code == 2 and "reason" in r.err
    r = cli("edit", "1", "--reason", "nothing")
    assert r.code == 2 and "Say what to change" in r.err
    r = cli("edit", "99", "--content", "x", "--reason", "r")
    assert r.code == 2 and "no entry 99" in r.err
    r = cli("edit", "1", "--number", "+74950000101", "--reason", "same")
    assert r.code == 2 and "Nothing to change" in r.err
    r = cli("void", "1")
    assert r.code == 2 and "--reason" in r.err
    r = cli("show", "42")
    assert r.code == 2
    assert vault_path.read_bytes() == before


def test_milestones(cli, vault):
    r = cli("milestone", "add", "--kind", "refusal", "--at", "16.03.2026", "--creditor", "Банк",
            "--note", "заказным письмом", "--json")
    assert r.code == 0, r.err
    m = r.json()
    assert m["type"] == "milestone" and m["kind"] == "refusal" and m["at"] == "2026-03-16"
    r = cli("milestone", "add", "--kind", "third-party-consent", "--at", "2026-03-01", "--third-party", "Галина",
            "--relation", "relative", "--json")
    assert r.json()["third_party"]["name"] == "Галина"
    assert len(cli("milestone", "list", "--json").json()) == 2
    r = cli("milestone", "add", "--kind", "holiday", "--at", "2026-03-01")
    assert r.code == 2 and "refusal" in r.err
    r = cli("milestone", "add", "--kind", "cease", "--at", "not a date")
    assert r.code == 2
    assert cli("edit", str(m["id"]), "--note", "вручено 17.03", "--reason", "date of delivery").code == 0
    assert cli("edit", str(m["id"]), "--number", "+79161234567", "--reason", "x").code == 2


def test_collectors(cli, vault):
    r = cli("collectors", "add", "ООО ПКО Пример", "--number", "8 495 000-01-01", "--person", "Игорь", "--json")
    assert r.code == 0
    assert r.json()["numbers"] == ["+74950000101"]
    cli("collectors", "add", "ооо пко пример", "--number", "+74950000102", "--person", "Мария")
    [c] = cli("collectors", "list", "--json").json()
    assert c["numbers"] == ["+74950000101", "+74950000102"] and c["people"] == ["Игорь", "Мария"]
    r = cli("collectors", "add", "Другое агентство", "--number", "+74950000101")
    assert r.code == 2 and "already belongs" in r.err
    r = cli("collectors", "add", "X", "--number", "nonsense-number!!")
    assert r.code == 2
    e = add(cli, "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+74950000102")
    assert e["agency"] == "ООО ПКО Пример"
    assert "Пример" in cli("collectors", "list").out


def test_debts(cli, vault):
    r = cli("debts", "add", "--creditor", "Банк", "--agency", "ПКО", "--reference", "000-123", "--amount", "15 000,50",
            "--currency", "rub", "--origin", "Договор займа", "--json")
    assert r.code == 0, r.err
    d = r.json()
    assert d["amount"] == "15000.50" and d["currency"] == "RUB"
    assert cli("debts", "edit", "1", "--amount", "16000", "--json").json()["amount"] == "16000"
    [row] = cli("debts", "list", "--json").json()
    assert row["reference"] == "000-123" and row["amount"] == "16000"
    assert cli("debts", "add", "--amount", "abc", "--creditor", "x").code == 2
    assert cli("debts", "add", "--currency", "rubles", "--creditor", "x").code == 2
    assert cli("debts", "add", "--amount", "10").code == 2
    assert cli("debts", "edit", "7", "--amount", "1").code == 2
    assert "000-123" in cli("debts", "list").out
    assert cli("verify").code == 0


def test_list_search(cli, vault):
    add(cli, "--at", "2026-03-01T10:00", "--channel", "sms", "--number", "900", "--content", "Уголовное ДЕЛО заведено")
    add(cli, "--at", "2026-03-02T10:00", "--channel", "call", "--number", "+74950000101", "--caller", "Игорь")
    add(cli, "--at", "2026-03-03T10:00", "--channel", "call", "--number", "+74950000101",
        "--third-party", "Галина", "--relation", "relative")
    assert [e["id"] for e in cli("list", "--search", "уголовное", "--json").json()] == [1]
    assert [e["id"] for e in cli("list", "--search", "игорь", "--json").json()] == [2]
    assert [e["id"] for e in cli("list", "--search", "Галина", "--json").json()] == [3]
    assert cli("list", "--search", "nothing like this", "--json").json() == []
    assert "Уголовное" in cli("list", "-s", "дело").out


@pytest.mark.parametrize("columns", [80, 100, 140])
def test_list_keeps_numbers_and_times_whole_and_gives_the_rest_to_what_was_said(cli, vault, monkeypatch, columns):
    """At 80-110 columns the number used to break over two lines ("+7 495" / "000-01-01") while
    what was said got a dozen characters."""
    said = "Звонили вечером и требовали оплатить долг сегодня же, угрожали приехать домой"
    assert cli("milestone", "add", "--kind", "overdue-start", "--at", "2025-10-15",
               "--note", "Просрочка по договору займа № 000-123").code == 0
    assert cli("add", "--at", "2026-03-03T21:40", "--channel", "call", "--number", "+74950000101",
               "--outcome", "answered", "--duration", "240", "--content", said,
               "--agency", "ООО ПКО «Пример-Взыскание»").code == 0
    monkeypatch.setenv("COLUMNS", str(columns))
    r = cli("list")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert any("+7 495 000-01-01" in line for line in lines), r.out
    # what was said wraps in its own column, in pieces of at least 16 characters
    row = next(i for i, line in enumerate(lines) if "+7 495 000-01-01" in line)
    first_piece = lines[row].rstrip("│ ").rsplit("│", 1)[1].strip()
    assert len(first_piece) >= 12 and said.startswith(first_piece.rstrip("…")), lines[row]
    if columns >= 90:
        assert any("03.03.2026 21:40" in line or "03.03.26 21:40" in line for line in lines), r.out


def test_list_on_a_phone_sized_terminal_still_fits(cli, vault, monkeypatch):
    assert cli("add", "--at", "2026-03-03T21:40", "--channel", "call", "--number", "+74950000101").code == 0
    monkeypatch.setenv("COLUMNS", "60")
    r = cli("list")
    assert r.code == 0, r.err
    assert "495" in r.out
