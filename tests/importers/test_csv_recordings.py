"""import csv (mappings, presets, dates), import recordings, import auto, import --list-formats, --review."""

from __future__ import annotations

import os
import wave
from datetime import datetime

import pytest

from .fixtures import ms, sbr_calls

COLLECTOR = "+79161234567"


def test_csv_with_map_and_detected_dates(phone_cli, vault, tmp_path):
    src = tmp_path / "calls.csv"
    src.write_text("Дата;Номер;Тип;Длительность\n"
                   "03.03.2026 22:30;8 916 123-45-67;Входящий;01:15\n"
                   "04.03.2026 08:00;+7 916 123 45 67;Пропущенный;0\n"
                   "04.03.2026 09:00;+7 903 555 00 00;Исходящий;30\n"
                   "05.03.2026 10:00;900;SMS входящее;\n", encoding="utf-8")
    r = phone_cli("import", "csv", str(src), "--all", "--json",
                  "--map", "occurred_at=Дата,number=Номер,direction=Тип,duration=Длительность")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 4
    e = phone_cli("list", "--json").json()
    assert [(x["occurred_at"], x["channel"], x["direction"], x["outcome"], x["number"], x["duration_s"]) for x in e] == [
        ("2026-03-03T22:30:00+03:00", "call", "incoming", "answered", COLLECTOR, 75),
        ("2026-03-04T08:00:00+03:00", "call", "incoming", "missed", COLLECTOR, 0),
        ("2026-03-04T09:00:00+03:00", "call", "outgoing", "answered", "+79035550000", 30),
        ("2026-03-05T10:00:00+03:00", "sms", "incoming", None, "900", None),
    ]
    assert phone_cli("import", "csv", str(src), "--all", "--json",
                     "--map", "occurred_at=Дата,number=Номер,direction=Тип,duration=Длительность").json()[
        "duplicates"] == 4


def test_csv_us_dates_preset_and_minutes(phone_cli, tmp_path, cli):
    assert cli("init", "--jurisdiction", "US", "--timezone", "America/Chicago").code == 0
    src = tmp_path / "att.csv"
    src.write_text("Date,Time,Number,Call Type,Min\n"
                   "03/04/2026,9:05 PM,(312) 555-0100,IN,2\n"
                   "03/05/2026,8:00 AM,312-555-0100,OUT,1\n", encoding="utf-8")
    r = phone_cli("import", "csv", str(src), "--preset", "att", "--number", "312 555 0100", "--json")
    assert r.code == 0, r.err
    e = phone_cli("list", "--json").json()
    assert [(x["occurred_at"], x["direction"], x["duration_s"], x["number"]) for x in e] == [
        ("2026-03-04T21:05:00-06:00", "incoming", 120, "+13125550100"),
        ("2026-03-05T08:00:00-06:00", "outgoing", 60, "+13125550100")]


def test_csv_errors(phone_cli, vault, tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    r = phone_cli("import", "csv", str(src), "--all")
    assert r.code == 2 and "--map" in r.err
    r = phone_cli("import", "csv", str(src), "--all", "--map", "when=a")
    assert r.code == 2 and "Unknown field" in r.err
    r = phone_cli("import", "csv", str(src), "--all", "--map", "occurred_at=zzz,number=b")
    assert r.code == 2 and "no column" in r.err
    r = phone_cli("import", "csv", str(src), "--all", "--preset", "nope")
    assert r.code == 2 and "preset" in r.err
    bad = tmp_path / "bad.csv"
    bad.write_text("date,number\n2026-03-03 10:00,+79161234567\nnot a date,+79161234567\n", encoding="utf-8")
    r = phone_cli("import", "csv", str(bad), "--all")
    assert r.code == 2 and "Line 3" in r.err
    r = phone_cli("import", "csv", str(bad), "--all", "--date-format", "%Y-%m-%d %H:%M", "--partial", "--json")
    assert r.code == 0 and r.json()["imported"] == 1



def test_csv_map_column_named_by_a_digit_that_is_not_a_number():
    """--map occurred_at=² names the column '²' (str.isdigit() is true for it, but int() refuses it)."""
    import io

    from debtlog.importers.csvlog import read_csv_log

    data = "Number,²\n+79161234567,2026-03-03 10:00:00\n".encode()
    items = list(read_csv_log(io.BytesIO(data), timezone="Europe/Moscow", region="RU",
                              mapping={"occurred_at": "²", "number": "Number"}, preset=None))
    assert [(p, r.number, r.occurred_at.isoformat()) for p, r in items] == [
        (2, "+79161234567", "2026-03-03T10:00:00+03:00")]


def test_csv_date_format_with_a_code_twice_is_an_error_on_each_line(phone_cli, vault, vault_path, tmp_path):
    """strptime raised re.error (exit 70) for a --date-format that repeats a code."""
    src = tmp_path / "calls.csv"
    src.write_text("date,number\n2026-03-03 10:00 2026,+79161234567\n", encoding="utf-8")
    before = vault_path.read_bytes()
    r = phone_cli("import", "csv", str(src), "--all", "--date-format", "%Y-%m-%d %H:%M %Y")
    assert r.code == 2, r.err
    assert "Line 2" in r.err and "--date-format '%Y-%m-%d %H:%M %Y'" in r.err and "Traceback" not in r.err
    assert vault_path.read_bytes() == before


def test_csv_the_same_row_twice_is_two_calls_and_reimport_adds_nothing(phone_cli, vault, tmp_path):
    """A bill gives times to the minute: two missed calls in one minute are two rows alike in every
    column. The second had the same source id and was dropped as a duplicate of the first."""
    src = tmp_path / "bill.csv"
    src.write_text("Дата;Номер;Тип;Длительность;Стоимость\n"
                   "03.03.2026 22:30;+79161234567;Пропущенный;0;0\n"
                   "03.03.2026 22:30;+79161234567;Пропущенный;0;0\n"
                   "03.03.2026 22:30;+79161234567;Пропущенный;0;0\n"
                   "03.03.2026 22:31;+79161234567;Входящий;60;1,50\n"
                   "03.03.2026 22:31;+79161234567;Входящий;60;0,50\n", encoding="utf-8")  # one call, two tariffs
    args = ("import", "csv", str(src), "--all", "--json",
            "--map", "occurred_at=Дата,number=Номер,direction=Тип,duration=Длительность")
    r = phone_cli(*args)
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (4, 1)
    assert [(e["occurred_at"], e["outcome"]) for e in phone_cli("list", "--json").json()] == [
        ("2026-03-03T22:30:00+03:00", "missed")] * 3 + [("2026-03-03T22:31:00+03:00", "answered")]
    r = phone_cli(*args)
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (0, 5)
    assert phone_cli("verify").code == 0

def _wav(path, seconds=1.0):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * int(8000 * seconds))
    return path


def test_recordings_by_name_and_file_time(phone_cli, vault, tmp_path):
    calls = [{"number": COLLECTOR, "date": ms("2026-03-03T22:30:00+03:00"), "type": 1, "duration": 75},
             {"number": COLLECTOR, "date": ms("2026-03-04T10:00:00+03:00"), "type": 1, "duration": 60},
             {"number": "+79035550000", "date": ms("2026-03-04T12:00:00+03:00"), "type": 2, "duration": 60},
             {"number": COLLECTOR, "date": ms("2026-03-05T10:00:00+03:00"), "type": 1, "duration": 30}]
    src = tmp_path / "calls.xml"
    src.write_text(sbr_calls(calls), encoding="utf-8")
    assert phone_cli("import", "sms-backup", str(src), "--all").code == 0
    rec = tmp_path / "rec"
    (rec / "sub").mkdir(parents=True)
    _wav(rec / "20260303_223005.123+0300_in_sim1_+79161234567_Коллектор.wav")       # BCR
    _wav(rec / "sub" / "Call recording 89161234567_260304_100010.wav")               # Samsung
    _wav(rec / "Мама(+79035550000)_20260304120015.wav")                             # MIUI, another number
    late = _wav(rec / "recording-no-time.wav")                                       # file time: end of the call
    end = datetime.fromisoformat("2026-03-05T10:00:31+03:00").timestamp()
    os.utime(late, (end, end))
    _wav(rec / "+79990000000_20260306090000.wav")                                    # no such call
    (rec / "notes.txt").write_text("not audio", encoding="utf-8")
    r = phone_cli("import", "recordings", str(rec), "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert (doc["read"], doc["imported"], doc["skipped"]) == (5, 4, 1), doc
    hows = sorted(m["how"] for m in doc["matches"])
    assert hows == ["file-time", "name:bcr", "name:miui", "name:samsung"]
    entries = phone_cli("list", "--json").json()
    assert [len(e["attachments"]) for e in entries] == [1, 1, 1, 1]
    again = phone_cli("import", "recordings", str(rec), "--json").json()
    assert again["duplicates"] == 4 and again["imported"] == 0
    assert phone_cli("verify").code == 0


def test_recordings_with_a_name_time_out_of_range_use_the_file_time(tmp_path):
    """A --pattern with \\d+ groups reads any digits: a year of 20 digits (datetime raised OverflowError),
    or year 1 with an offset (before year 1 once in the vault's zone): no time from the name, so the
    file's time is used instead of a crash."""
    from debtlog.importers.recordings import parse_name, scan

    pattern = r"^(?P<y>\d+)-(?P<mo>\d+)-(?P<d>\d+) (?P<h>\d+)-(?P<mi>\d+)(?P<tz>[+-]\d{4})?"
    assert parse_name("99999999999999999999-1-1 1-1", [pattern]) is None
    names = ["99999999999999999999-1-1 1-1.wav", "1-1-1 0-0+0300.wav", "9999-12-31 23-59-0500.wav"]
    end = datetime.fromisoformat("2026-03-05T10:00:31+03:00").timestamp()
    for name in names:
        _wav(tmp_path / name)
        os.utime(tmp_path / name, (end, end))
    found, skipped = scan(tmp_path, timezone="Europe/Moscow", region="RU", patterns=[pattern])
    assert skipped == []
    assert sorted((r.path.name, r.how, r.when.isoformat()) for r in found) == sorted(
        (n, "file-time", "2026-03-05T10:00:31+03:00") for n in names)

@pytest.mark.parametrize("stem, number, when, direction", [
    ("20230523_211500.123+0200_out_+15555555555_John_Doe", "+15555555555", "2023-05-23T21:15:00+02:00", "outgoing"),
    ("2023-05-23 21-15-00 (phone) Иван (+7 916 123-45-67) ↙", "+79161234567", "2023-05-23T21:15:00", "incoming"),
    ("Call recording Иван_230523_211500", None, "2023-05-23T21:15:00", None),
    ("+79161234567_230523_211500", "+79161234567", "2023-05-23T21:15:00", None),
    ("Иван(+79161234567)_20230523211500", "+79161234567", "2023-05-23T21:15:00", None),
    ("Call with Иван 2023-05-23 21-15-00", None, "2023-05-23T21:15:00", None),
    ("rec_+79161234567_2023-05-23_21.15.00_incoming", "+79161234567", "2023-05-23T21:15:00", "incoming"),
])
def test_recorder_file_names(stem, number, when, direction):
    from debtlog.importers.recordings import parse_name

    info = parse_name(stem)
    assert info is not None
    assert info.number == number
    assert info.when.isoformat() == when
    assert info.direction == direction


def test_list_formats_and_auto(phone_cli, vault, tmp_path):
    r = phone_cli("import", "--list-formats", "--json")
    assert r.code == 0, r.err
    names = {f["format"] for f in r.json()}
    assert {"sms-backup", "android", "adb", "ios", "whatsapp", "csv", "recordings", "vcard"} <= names
    r = phone_cli("import", "--list-formats")
    assert r.code == 0 and "sms-backup" in r.out
    src = tmp_path / "backup.dat"  # the name says nothing: the content does
    src.write_text(sbr_calls([{"number": COLLECTOR, "date": ms("2026-03-03T22:30:00+03:00"), "type": 1}]),
                   encoding="utf-8")
    r = phone_cli("import", "auto", str(src), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 1
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02")
    r = phone_cli("import", "auto", str(junk))
    assert r.code == 2 and "--list-formats" in r.err


def test_review_needs_a_terminal(phone_cli, vault, tmp_path):
    src = tmp_path / "calls.xml"
    src.write_text(sbr_calls([{"number": COLLECTOR, "date": ms("2026-03-03T22:30:00+03:00"), "type": 3}]),
                   encoding="utf-8")
    r = phone_cli("import", "sms-backup", str(src), "--review")
    assert r.code == 2 and "terminal" in r.err


def test_review_marks_numbers(phone_cli, vault, tmp_path):
    calls = [{"number": COLLECTOR, "date": ms(f"2026-03-0{d}T1{h}:00:00+03:00"), "type": 3}
             for d in range(3, 6) for h in range(3)]
    calls.append({"number": "+79035550000", "date": ms("2026-03-03T09:00:00+03:00"), "type": 1, "duration": 5})
    src = tmp_path / "calls.xml"
    src.write_text(sbr_calls(calls), encoding="utf-8")
    r = phone_cli("import", "sms-backup", str(src), "--review", "--json", input="y\n", tty=True)
    assert r.code == 0, r.err
    assert r.json()["imported"] == 9 and r.json()["skipped"] == 1
    assert "Numbers that look like collectors" in r.err


def test_candidates_ranking():
    from debtlog.importers.common import make_contact
    from debtlog.importers.review import candidates

    def c(n, outcome="missed", direction="incoming"):
        return 0, make_contact(occurred_at=datetime(2026, 3, 3), channel="call", source_id="x", timezone="UTC",
                               number=n, outcome=outcome, direction=direction)

    items = [c("+1") for _ in range(5)] + [c("+2", "answered") for _ in range(3)] + [c("+2", None, "outgoing")]
    items += [c("900", None)] + [c("+3") for _ in range(5)]
    found = candidates(items, known=set(), address_book={"+3"})
    assert [f["number"] for f in found] == ["+1", "900", "+2"]


def test_import_help_and_contacts_hint(phone_cli, vault, tmp_path):
    r = phone_cli("import", "--help")
    assert r.code == 0 and "sms-backup" in r.out and "--list-formats" in r.out
    r = phone_cli("import")
    assert r.code in (0, 2) and "sms-backup" in (r.out + r.err)
    vcf = tmp_path / "book.dat"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:A\nTEL:+79161234567\nEND:VCARD\n", encoding="utf-8")
    r = phone_cli("import", "auto", str(vcf))
    assert r.code == 2 and "contacts import" in r.err
    r = phone_cli("contacts", "import", str(vcf), "--json")
    assert r.code == 0 and r.json()["imported"] == 1


@pytest.mark.samples
def test_sample_recordings_real_audio(phone_cli, vault, tmp_path):
    import shutil

    from .conftest import samples

    calls = [{"number": COLLECTOR, "date": ms("2026-03-03T22:30:00+03:00"), "type": 1, "duration": 75},
             {"number": COLLECTOR, "date": ms("2026-03-04T10:00:00+03:00"), "type": 1, "duration": 60},
             {"number": COLLECTOR, "date": ms("2026-03-05T10:00:00+03:00"), "type": 2, "duration": 60}]
    src = tmp_path / "calls.xml"
    src.write_text(sbr_calls(calls), encoding="utf-8")
    assert phone_cli("import", "sms-backup", str(src), "--all").code == 0
    rec = tmp_path / "rec"
    rec.mkdir()
    shutil.copyfile(samples("audio", "mutagen__example.opus"), rec / "20260303_223001.000+0300_in_+79161234567.opus")
    shutil.copyfile(samples("audio", "pydub__tessst.mp3"), rec / "Коллектор(+79161234567)_20260304100005.mp3")
    shutil.copyfile(samples("audio", "mimetype__amr.amr"), rec / "+79161234567_260305_100002.amr")
    r = phone_cli("import", "recordings", str(rec), "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 3, r.json()
    entries = phone_cli("list", "--json").json()
    assert [e["attachments"][0]["filename"].rsplit(".", 1)[1] for e in entries] == ["opus", "mp3", "amr"]


def test_csv_that_starts_with_blank_lines_is_read_and_lines_counted_from_the_file(phone_cli, vault, tmp_path):
    """Some exports put an empty line before the header: the file was called empty."""
    src = tmp_path / "calls.csv"
    src.write_text("\n\r\nDate,Number\n2026-03-03 10:00:00,+79161234567\nyesterday-ish,+79161234567\n",
                   encoding="utf-8")
    r = phone_cli("import", "csv", str(src), "--all", "--json")
    assert r.code == 2
    assert "Line 5" in r.err  # the bad row's line in the file, blank lines included
    src.write_text("\n\r\nDate,Number\n2026-03-03 10:00:00,+79161234567\n", encoding="utf-8")
    r = phone_cli("import", "csv", str(src), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 1
    src.write_text("\n\n \n", encoding="utf-8")
    r = phone_cli("import", "csv", str(src), "--all")
    assert r.code == 2 and "empty" in r.err


def test_csv_a_call_and_a_text_of_the_same_minute_are_both_kept(phone_cli, vault, tmp_path):
    """A missed call and then an SMS ("call us back") in the same minute, on a bill without a
    duration or text for either, had the same id: the SMS was dropped as a duplicate."""
    src = tmp_path / "bill.csv"
    src.write_text("Date,Number,Type,Service\n"
                   "2026-03-03 10:00,+79161234567,incoming,Voice\n"
                   "2026-03-03 10:00,+79161234567,incoming,SMS\n", encoding="utf-8")
    r = phone_cli("import", "csv", str(src), "--all", "--json", "--map", "channel=Service")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 2
    assert sorted(e["channel"] for e in phone_cli("list", "--json").json()) == ["call", "sms"]
    again = phone_cli("import", "csv", str(src), "--all", "--json", "--map", "channel=Service")
    assert (again.json()["imported"], again.json()["duplicates"]) == (0, 2)
