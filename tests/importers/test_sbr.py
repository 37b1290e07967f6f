"""import sms-backup: SMS Backup & Restore XML (calls, sms, mms), the contract's import rules."""

from __future__ import annotations

import io

import pytest

from .conftest import samples
from .fixtures import mms, ms, sbr_calls, sbr_sms, sms

COLLECTOR = "+79161234567"
MOTHER = "+79035550000"

CALLS = [
    {"number": "89161234567", "date": ms("2026-03-03T22:30:00+03:00"), "type": 1, "duration": 75, "name": "Коллектор"},
    {"number": COLLECTOR, "date": ms("2026-03-04T08:00:00+03:00"), "type": 3},
    {"number": COLLECTOR, "date": ms("2026-03-04T09:00:00+03:00"), "type": 4, "duration": 20},
    {"number": COLLECTOR, "date": ms("2026-03-04T10:00:00+03:00"), "type": 5, "sim": 2},
    {"number": COLLECTOR, "date": ms("2026-03-04T11:00:00+03:00"), "type": 6},
    {"number": COLLECTOR, "date": ms("2026-03-04T12:00:00+03:00"), "type": 2, "duration": 30},
    {"number": "", "date": ms("2026-03-04T13:00:00+03:00"), "type": 3, "presentation": 2},
    {"number": "-2", "date": ms("2026-03-04T14:00:00+03:00"), "type": 1, "presentation": 4, "duration": 5},
    {"number": MOTHER, "date": ms("2026-03-04T15:00:00+03:00"), "type": 1, "duration": 300, "name": "Мама"},
]


def _write(tmp_path, text, name="calls.xml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_every_call_type_with_all(phone_cli, vault, tmp_path):
    src = _write(tmp_path, sbr_calls(CALLS, count=99))  # a wrong count is ignored
    r = phone_cli("import", "sms-backup", str(src), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json() == {"read": 9, "imported": 9, "duplicates": 0, "skipped": 0, "errors": []}
    entries = phone_cli("list", "--json").json()
    got = [(e["direction"], e["outcome"], e["number"], e["number_hidden"], e["duration_s"]) for e in entries]
    assert got == [
        ("incoming", "answered", COLLECTOR, False, 75),
        ("incoming", "missed", COLLECTOR, False, 0),
        ("incoming", "voicemail", COLLECTOR, False, 20),
        ("incoming", "rejected", COLLECTOR, False, 0),
        ("incoming", "rejected", COLLECTOR, False, 0),
        ("outgoing", "answered", COLLECTOR, False, 30),
        ("incoming", "missed", None, True, 0),
        ("incoming", "answered", None, True, 5),
        ("incoming", "answered", MOTHER, False, 300),
    ]
    assert entries[0]["occurred_at"] == "2026-03-03T22:30:00+03:00"
    assert "Коллектор" in entries[0]["content"]
    assert "SIM 2" in entries[3]["content"]
    assert "Blocked" in entries[4]["content"]
    assert all(e["channel"] == "call" for e in entries)


def test_without_all_only_known_collectors(phone_cli, vault, tmp_path):
    src = _write(tmp_path, sbr_calls(CALLS))
    r = phone_cli("import", "sms-backup", str(src), "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 0 and r.json()["skipped"] == 9
    r = phone_cli("import", "sms-backup", str(src), "--json", "--number", "8 916 123-45-67", "--agency", "ПКО Пример")
    assert r.json()["imported"] == 6 and r.json()["skipped"] == 3
    entries = phone_cli("list", "--json").json()
    assert {e["agency"] for e in entries} == {"ПКО Пример"}
    # the number is now in the registry: a later import recognises it without --number
    cols = phone_cli("collectors", "list", "--json").json()
    assert any(COLLECTOR in c["numbers"] for c in cols)
    r = phone_cli("import", "sms-backup", str(src), "--json", "--hidden")
    assert r.json() == {"read": 9, "imported": 2, "duplicates": 6, "skipped": 1, "errors": []}


def test_registry_numbers_are_kept(phone_cli, vault, tmp_path):
    assert phone_cli("collectors", "add", "Агентство", "--number", COLLECTOR).code == 0
    src = _write(tmp_path, sbr_calls(CALLS))
    r = phone_cli("import", "sms-backup", str(src), "--json")
    assert r.json()["imported"] == 6


def test_reimport_and_overlap_add_nothing_twice(phone_cli, vault, tmp_path):
    a = _write(tmp_path, sbr_calls(CALLS[:6]), "a.xml")
    b = _write(tmp_path, sbr_calls(CALLS[3:]), "b.xml")
    assert phone_cli("import", "sms-backup", str(a), "--all", "--json").json()["imported"] == 6
    assert phone_cli("import", "sms-backup", str(a), "--all", "--json").json()["duplicates"] == 6
    r = phone_cli("import", "sms-backup", str(b), "--all", "--json").json()
    assert (r["imported"], r["duplicates"]) == (3, 3)
    assert len(phone_cli("list", "--json").json()) == 9


def test_dry_run_saves_nothing(phone_cli, vault, tmp_path):
    src = _write(tmp_path, sbr_calls(CALLS))
    r = phone_cli("import", "sms-backup", str(src), "--all", "--json", "--dry-run")
    assert r.json()["imported"] == 9
    assert phone_cli("list", "--json").json() == []


def test_sms_emoji_surrogates_drafts_and_mms(phone_cli, vault, tmp_path):
    t = ms("2026-03-05T10:00:00+03:00")
    text = sbr_sms([
        # SB&R writes an emoji as a UTF-16 surrogate pair of character references
        sms(COLLECTOR, t, "", raw_body="Оплатите долг &#55357;&#56864; сегодня&#10;иначе"),
        sms(COLLECTOR, t + 1000, "лишний &#55357; суррогат", raw_body="lone &#55357; and &#1; control"),
        sms(COLLECTOR, t + 2000, "draft", type_=3),
        sms("+79160000000", t + 3000, "ответ", type_=2),
        mms(COLLECTOR, t + 4000, "Фото вашего дома", media=("house.jpg", "image/jpeg", b"\xff\xd8\xff" + b"x" * 5000)),
    ])
    src = _write(tmp_path, text, "sms.xml")
    r = phone_cli("import", "sms-backup", str(src), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 4  # the draft is not a contact
    entries = phone_cli("list", "--json").json()
    assert entries[0]["content"] == "Оплатите долг 😠 сегодня\nиначе"
    assert entries[0]["channel"] == "sms" and entries[0]["direction"] == "incoming"
    assert entries[1]["content"] == "lone \ufffd and \ufffd control"
    assert entries[2]["direction"] == "outgoing"
    m = entries[3]
    assert "Фото вашего дома" in m["content"] and "house.jpg" in m["content"]
    assert [(a["filename"], a["size"]) for a in m["attachments"]] == [("house.jpg", 5003)]
    out = tmp_path / "out.jpg"
    assert phone_cli("audio", "export", m["attachments"][0]["sha256"], "--out", str(out)).code in (0, 2)
    # re-import: nothing twice, attachments included
    assert phone_cli("import", "sms-backup", str(src), "--all", "--json").json()["duplicates"] == 4
    assert phone_cli("verify", "--json").code == 0


def test_truncated_file_is_refused_or_partial(phone_cli, vault, tmp_path):
    full = sbr_calls(CALLS)
    cut = full[: full.index("<call", full.index("+79035550000") - 200)]  # ends inside the records
    cut = full[: len(full) - 120]
    src = _write(tmp_path, cut)
    r = phone_cli("import", "sms-backup", str(src), "--all", "--json")
    assert r.code == 2
    doc = r.json()
    assert doc["imported"] == 0 and doc["errors"]
    assert "line" in r.err.lower() and "record(s) before the break" in r.err
    assert "--partial" in r.err
    assert phone_cli("list", "--json").json() == []
    r = phone_cli("import", "sms-backup", str(src), "--all", "--partial", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["imported"] == 8 and len(doc["errors"]) == 1
    assert "breaks at line" in doc["errors"][0]["message"]
    assert doc["errors"][0]["line"] >= 10


def test_not_xml_and_empty(phone_cli, vault, tmp_path):
    r = phone_cli("import", "sms-backup", str(_write(tmp_path, "", "e.xml")), "--all")
    assert r.code == 2 and "empty" in r.err and "Traceback" not in r.err
    r = phone_cli("import", "sms-backup", str(_write(tmp_path, "number,date\n1,2\n", "x.xml")), "--all")
    assert r.code == 2 and "Traceback" not in r.err
    r = phone_cli("import", "sms-backup", str(tmp_path / "missing.xml"))
    assert r.code == 2 and "does not exist" in r.err


def test_bad_record_is_named(phone_cli, vault, tmp_path):
    text = sbr_calls(CALLS[:2]).replace(f'date="{CALLS[1]["date"]}"', 'date="bad"')
    src = _write(tmp_path, text)
    r = phone_cli("import", "sms-backup", str(src), "--all")
    assert r.code == 2 and "Line 5" in r.err and "date" in r.err
    r = phone_cli("import", "sms-backup", str(src), "--all", "--partial", "--json")
    assert r.json()["imported"] == 1 and r.json()["errors"][0]["line"] == 5


def test_reader_streams_in_small_pieces(monkeypatch):
    """Character references split across read boundaries are still repaired."""
    from debtlog.importers import sbr

    monkeypatch.setattr(sbr, "READ_SIZE", 7)
    text = sbr_sms([sms(COLLECTOR, 1_700_000_000_000 + i, "", raw_body=f"{i} &#55357;&#56832; &#x41;")
                    for i in range(20)])
    items = list(sbr.read_sbr(io.BytesIO(text.encode()), timezone="Europe/Moscow", region="RU"))
    assert [r.content for _, r in items] == [f"{i} 😀 A" for i in range(20)]


@pytest.mark.parametrize("data", [b"&#55357;&#56832;", b"&#xD83D;&#xDE00;", b"a&#55357;", b"&#56832;b", b"&#0;"])
def test_repair_charrefs(data):
    from debtlog.importers.sbr import repair_charrefs

    out = repair_charrefs(data)
    assert b"&#55357;" not in out and b"&#56832;" not in out and b"&#0;" not in out


# -- real exports (../shared/samples) ------------------------------------------------------

@pytest.mark.samples
def test_sample_calls_and_overlap(phone_cli, vault):
    archive = samples("sbr", "mobilecombackup__archive_calls.xml")
    r = phone_cli("import", "sms-backup", str(archive), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 16
    n = 16
    for name in ("mobilecombackup__calls-test_00.xml", "mobilecombackup__calls-test_01.xml"):
        r = phone_cli("import", "sms-backup", str(samples("sbr", name)), "--all", "--json").json()
        assert r["read"] == 12  # count="56" in the file is wrong
        n += r["imported"]
    assert len(phone_cli("list", "--json").json()) == n


@pytest.mark.samples
def test_sample_truncated_mms_file(phone_cli, vault):
    path = samples("sbr", "devadvance__sms_and_mms.xml")
    r = phone_cli("import", "sms-backup", str(path), "--all")
    assert r.code == 2 and "line 136" in r.err and "49 record(s)" in r.err
    r = phone_cli("import", "sms-backup", str(path), "--all", "--partial", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 49 and len(r.json()["errors"]) == 1


@pytest.mark.samples
@pytest.mark.parametrize("name, imported", [("mobilecombackup__sms-test.xml", 15), ("shruggietech__edge_cases.xml", 4),
                                            ("shruggietech__mixed.xml", 3), ("devadvance__sms_small.xml", 12),
                                            ("shruggietech__minimal_calls.xml", 1)])
def test_sample_messages(phone_cli, vault, name, imported):
    r = phone_cli("import", "sms-backup", str(samples("sbr", name)), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == imported
    assert phone_cli("verify").code == 0


@pytest.mark.samples
def test_sample_short_code_sender_kept_with_number(phone_cli, vault):
    r = phone_cli("import", "sms-backup", str(samples("sbr", "mobilecombackup__sms-test.xml")), "--json",
                  "--number", "7535", "--agency", "AT&T")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 3  # the three texts from the short code 7535


@pytest.mark.samples
def test_sample_malformed(phone_cli, vault):
    r = phone_cli("import", "sms-backup", str(samples("sbr", "shruggietech__malformed.xml")), "--all")
    assert r.code == 2 and "line 4" in r.err


def test_standard_input(phone_cli, vault):
    r = phone_cli("import", "sms-backup", "-", "--all", "--json", input=sbr_calls(CALLS[:3]))
    assert r.code == 0, r.err
    assert r.json()["imported"] == 3


@pytest.mark.parametrize("duration", ["0", "45", "604800", "604801", "-3", "12.0", "2.5", "nan", "", None])
@pytest.mark.parametrize("date", ["1700000000061", "2145916800000", "1000"])
def test_call_fast_path_builds_what_make_contact_builds(duration, date):
    """_call writes make_contact out for in-range whole durations: the result must not differ."""
    from debtlog.importers.common import Localiser, make_contact, number_normaliser
    from debtlog.importers.sbr import _call

    attrs = {"number": "+79161234567", "date": date, "type": "3", "presentation": "1", "subscription_id": "1",
             "contact_name": "Банк"}
    if duration is not None:
        attrs["duration"] = duration
    loc = Localiser("Europe/Moscow")
    got = _call(attrs, loc, number_normaliser("RU"), "Europe/Moscow")
    expected = make_contact(
        occurred_at=loc.from_ms(int(date)), channel="call", timezone="Europe/Moscow", source_id=got.source_id,
        direction=got.direction, outcome=got.outcome, number="+79161234567", number_hidden=False,
        duration_s=None if duration in ("", None, "nan") else int(float(duration)), content=got.content)
    assert got == expected
    assert got.__dict__ == expected.__dict__
    assert type(got.duration_s) is type(expected.duration_s)
    assert got.occurred_at.utcoffset() == expected.occurred_at.utcoffset()
    assert got.channel == "call" and got.timezone == "Europe/Moscow" and got.agency is None
