"""Recorder file names built the way each app's own code (or independent parsers of real files) says.

Every case is a file name (without the extension) as the app writes it, and what debtlog reads
from it: the number, the local date-time, the direction, the layout. The sources:

- BCR: github.com/chenxiaolong/BCR, app/src/main/java/com/chiller3/bcr/output/OutputFilenameGenerator.kt
  (FORMATTER: yyyyMMdd_HHmmss, appendFraction(NANO_OF_SECOND, 0, 9, true), appendOffset("+HHMMss", "+0000");
  evaluateVars: direction "in"/"out"/"conference", sim_slot only with several active SIMs, phone_number
  as the call gives it (E.164 by default, "digits_only", "formatted"), several parties joined by ","),
  app/src/main/java/com/chiller3/bcr/Preferences.kt (DEFAULT_FILENAME_TEMPLATE) and README.md
  ("Filename template"; example 20230101_010203.456+0000_out_1234567890_John_Doe.oga).
- LineageOS Dialer: github.com/LineageOS/android_packages_apps_Dialer,
  java/com/android/dialer/callrecord/impl/CallRecorderService.java (DATE_FORMAT "yyMMdd_HHmmssSSS",
  generateFilename: number + "_" + timestamp, "unknown" without a number); a real name in
  github.com/nicorac/bcr-gui issue #121: +48123456789_240506_225406577.amr.
- GrapheneOS Dialer: github.com/GrapheneOS/platform_packages_apps_Dialer, the same path
  (DATE_FORMAT "yyyyMMdd-HHmmss", "CallRecord_" + timestamp + "_" + number); crDroid writes the same
  (bcr-gui issue #121).
- MIUI: miui.util.RecordingNameUtils.generatCallRecordingName, decompiled in
  github.com/Liberations/flyme6_devices_base_miui8, framework.jar.out/smali_classes2/miui/util/
  RecordingNameUtils.smali (a translated word, "@", "Name(number)" or the number, parties joined by "_",
  "_" + yyyyMMddHHmmss; then "," -> "p", "+" -> "00", "*" -> "s"; at most 50 characters, names cut
  first). Real Russian names from a public renamer's samples ("Вызов@Юляшенька Ю(0079397172318)_
  20231216123836.mp3", "Вызов@0321(0321)_...", "Вызов@112(Экстренный номер)_...").
- Cube ACR (closed source): several independent public parsers of real files agree on
  "2025-10-03 16-54-44 (phone) Contact Name (0486300265) ↙.m4a", "(+61 403 692 612) ↗",
  "2026-04-06 15-23-37 (phone) Paul Bichler (+1 701-226-5861) ↗.amr", "(whatsapp) Contact Name.m4a".
  Their repositories are not named by the code index, so this layout is corroborated, not verified.
- Samsung (closed source): independent public parsers of real files agree on
  "Call recording <name or number>_yyMMdd_HHmmss" ("Call recording +15551234567_200605_114902.m4a",
  "Call recording 037111121_200827_141229.m4a", "Call recording _6900_190317_190817.m4a"; a Korean
  phone: "제이콥소프트(전산) 이주형 대표님_260109_162929.m4a"). Corroborated, not verified.
- Google Phone: nothing public; it keeps recordings inside the app. Not tested here: the layout is a guess.
"""

from __future__ import annotations

import os
import wave
from datetime import datetime

import pytest

from .fixtures import ms, sbr_calls


def _read(stem: str):
    from debtlog.importers.recordings import parse_name

    info = parse_name(stem)
    assert info is not None, stem
    return info.layout, info.number, info.when.isoformat(), info.direction


# -- BCR: the default template {date}[_{direction}][_sim{sim_slot}][_{phone_number}][_{name}] ----------

@pytest.mark.parametrize("stem, number, when, direction", [
    # the README's date example and a second SIM
    ("20230414_215701.088-0400_in_sim2_+12125550123_John Doe", "+12125550123", "2023-04-14T21:57:01-04:00",
     "incoming"),
    # the README's file name: {phone_number:digits_only}-style number, UTC written as +0000 (never "Z")
    ("20230101_010203.456+0000_out_1234567890_John_Doe", "1234567890", "2023-01-01T01:02:03+00:00", "outgoing"),
    # a call that began on a whole second: no fraction at all
    ("20260303_223005+0300_out_+79161234567", "+79161234567", "2026-03-03T22:30:05+03:00", "outgoing"),
    # fraction with trailing zeros dropped, Cyrillic contact name with a space
    ("20260303_223005.12+0300_in_+79161234567_Иван Петров", "+79161234567", "2026-03-03T22:30:05+03:00",
     "incoming"),
    # Chinese caller name, China's offset
    ("20260303_223005.5+0800_in_sim1_+8613812345678_张伟", "+8613812345678", "2026-03-03T22:30:05+08:00",
     "incoming"),
    # {phone_number:formatted}
    ("20260303_223005.123+0300_out_+7 916 123-45-67_Иван", "+79161234567", "2026-03-03T22:30:05+03:00",
     "outgoing"),
    # a withheld number: no phone_number, no name
    ("20260303_223005.123+0300_in", None, "2026-03-03T22:30:05+03:00", "incoming"),
    # Android 9 has no call direction: the words in a caller name are not a direction
    ("20260303_223005.123+0300_+79161234567_Check In Desk", "+79161234567", "2026-03-03T22:30:05+03:00", None),
    # a conference call: several numbers joined by "," are no single number to match by
    ("20260303_223005.123+0300_conference_+79161234567,+79035550000_Иван,Мама", None,
     "2026-03-03T22:30:05+03:00", None),
    # a name but no number (a private call with caller ID)
    ("20260303_223005.123-0500_in_Acme Collections", None, "2026-03-03T22:30:05-05:00", "incoming"),
])
def test_bcr(stem, number, when, direction):
    assert _read(stem) == ("bcr", number, when, direction)


def test_bcr_name_keeps_its_text():
    from debtlog.importers.recordings import parse_name

    info = parse_name("20260303_223005.123+0300_out_sim1_+79161234567_ООО «Долг» 2")
    assert (info.number, info.name) == ("+79161234567", "ООО «Долг» 2")
    assert parse_name("20260303_223005.123+0300_conference_+79161234567,+79035550000_Иван,Мама").name == "Иван,Мама"


# -- Cube ACR: "YYYY-MM-DD HH-MM-SS (app) Name (number) arrow" ------------------------------------------

@pytest.mark.parametrize("stem, number, when, direction", [
    ("2025-10-03 16-54-44 (phone) Contact Name (0486300265) ↙", "0486300265", "2025-10-03T16:54:44", "incoming"),
    ("2025-10-03 16-32-29 (phone) Иван Петров (+61 403 692 612) ↗", "+61403692612", "2025-10-03T16:32:29",
     "outgoing"),
    ("2026-04-06 15-23-37 (phone) Paul Bichler (+1 701-226-5861) ↗", "+17012265861", "2026-04-06T15:23:37",
     "outgoing"),
    # a messenger call: a name, no number, no arrow
    ("2025-10-03 17-09-31 (whatsapp) 王芳", None, "2025-10-03T17:09:31", None),
    # no contact: the number stands where the name would
    ("2026-03-03 22-30-05 (phone) +7 916 123-45-67 ↙", "+79161234567", "2026-03-03T22:30:05", "incoming"),
])
def test_cube_acr(stem, number, when, direction):
    assert _read(stem) == ("cube-acr", number, when, direction)


# -- LineageOS and GrapheneOS dialers ---------------------------------------------------------------------

@pytest.mark.parametrize("stem, layout, number, when", [
    ("+48123456789_240506_225406577", "lineageos", "+48123456789", "2024-05-06T22:54:06"),
    ("89161234567_260303_223005123", "lineageos", "89161234567", "2026-03-03T22:30:05"),
    ("unknown_260303_223005000", "lineageos", None, "2026-03-03T22:30:05"),
    ("CallRecord_20260303-223005_+79161234567", "grapheneos", "+79161234567", "2026-03-03T22:30:05"),
    ("CallRecord_20260303-223005_unknown", "grapheneos", None, "2026-03-03T22:30:05"),
])
def test_aosp_dialers(stem, layout, number, when):
    assert _read(stem) == (layout, number, when, None)


# -- Samsung: "Call recording <name or number>_yyMMdd_HHmmss" ---------------------------------------------

@pytest.mark.parametrize("stem, number, name, when", [
    ("Call recording +15551234567_200605_114902", "+15551234567", None, "2020-06-05T11:49:02"),
    ("Call recording 037111121_200827_141229", "037111121", None, "2020-08-27T14:12:29"),
    ("Call recording _6900_190317_190817", "6900", None, "2019-03-17T19:08:17"),  # a short code
    ("Call recording Иван Петров_260303_223005", None, "Иван Петров", "2026-03-03T22:30:05"),
    ("제이콥소프트(전산) 이주형 대표님_260109_162929", None, "제이콥소프트(전산) 이주형 대표님", "2026-01-09T16:29:29"),
    ("통화 녹음 홍길동_260109_162929", None, "홍길동", "2026-01-09T16:29:29"),
])
def test_samsung(stem, number, name, when):
    from debtlog.importers.recordings import parse_name

    info = parse_name(stem)
    assert (info.layout, info.number, info.name, info.when.isoformat(), info.direction) == (
        "samsung", number, name, when, None)


# -- MIUI: "<word>@Name(number)_yyyyMMddHHmmss", "+" written as "00" ---------------------------------------

@pytest.mark.parametrize("stem, number, name, when", [
    ("Вызов@Юляшенька Ю(0079397172318)_20231216123836", "+79397172318", "Юляшенька Ю", "2023-12-16T12:38:36"),
    ("Вызов@007846201-89(0078462018955)_20230215113029", "+78462018955", "007846201-89", "2023-02-15T11:30:29"),
    ("Вызов@0321(0321)_20231113112139", "0321", "0321", "2023-11-13T11:21:39"),
    ("Вызов@112(Экстренный номер)_20220428142049", "112", "Экстренный номер", "2022-04-28T14:20:49"),
    # no contact: the number alone after "@"
    ("Вызов@0079161234567_20260303223005", "+79161234567", None, "2026-03-03T22:30:05"),
    # a Chinese contact name
    ("Вызов@张伟(008613812345678)_20260303223005", "+8613812345678", "张伟", "2026-03-03T22:30:05"),
    # "," (a pause before extension digits) is written as "p": the number is what comes before it
    ("Вызов@Банк(0074951234567p123)_20260303223005", "+74951234567", "Банк", "2026-03-03T22:30:05"),
    # two parties joined by "_": no single number
    ("Вызов@Иван(0079161234567)_Мама(0079035550000)_20260303223005", None, "Иван(0079161234567)_Мама",
     "2026-03-03T22:30:05"),
])
def test_miui(stem, number, name, when):
    from debtlog.importers.recordings import parse_name

    info = parse_name(stem)
    assert (info.layout, info.number, info.name, info.when.isoformat(), info.direction) == (
        "miui", number, name, when, None)


# -- names that are not a recorder's: reported, not guessed ----------------------------------------------

@pytest.mark.parametrize("stem", [
    "notes from the call",
    "Recording 5",
    "Иван-2305232115",  # ColorOS as reported by bcr-gui (two-digit year, no seconds): not a known layout
    "Call recording Иван_231345_211500",  # month 13: not rolled over into another date
    "+79161234567_260231_101010123",  # 31 February
    "CallRecord_20260230-223005_+79161234567",
])
def test_no_time_is_none(stem):
    from debtlog.importers.recordings import parse_name

    assert parse_name(stem) is None


def test_scan_normalises_and_reports(tmp_path):
    """scan(): MIUI's "00" becomes the E.164 number the call log has; BCR's offset is honoured; a name
    without a time is listed as skipped (with --no-file-time) instead of being matched by a guess."""
    from debtlog.importers.recordings import scan

    names = ["Вызов@Юляшенька Ю(0079397172318)_20231216123836.mp3",
             "20230523_211500.123+0000_out_+79161234567.oga",
             "Call recording 89161234567_230523_211500.m4a",
             "+79161234567_230523_211500123.amr",
             "no time here.m4a"]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    found, skipped = scan(tmp_path, timezone="Europe/Moscow", region="RU", by_file_time=False)
    got = {r.path.name: (r.number, r.when.isoformat(), r.direction, r.how) for r in found}
    assert got == {
        names[0]: ("+79397172318", "2023-12-16T12:38:36+03:00", None, "name:miui"),
        names[1]: ("+79161234567", "2023-05-24T00:15:00+03:00", "outgoing", "name:bcr"),
        names[2]: ("+79161234567", "2023-05-23T21:15:00+03:00", None, "name:samsung"),
        names[3]: ("+79161234567", "2023-05-23T21:15:00+03:00", None, "name:lineageos"),
    }
    assert [(p.name, why) for p, why in skipped] == [("no time here.m4a", "no time in the file name")]


def _wav(path):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * 800)
    return path


def test_import_real_layouts(phone_cli, vault, tmp_path):
    """The whole command: each app's name matches its call; a conference recording (no single number)
    matches by time; a name without a time is reported as unmatched with --no-file-time."""
    calls = [{"number": "+79161234567", "date": ms("2026-03-03T22:30:00+03:00"), "type": 1, "duration": 75},
             {"number": "+79161234567", "date": ms("2026-03-04T10:00:00+03:00"), "type": 2, "duration": 60},
             {"number": "+79035550000", "date": ms("2026-03-04T12:00:00+03:00"), "type": 1, "duration": 60},
             {"number": "+79161234567", "date": ms("2026-03-05T09:00:00+03:00"), "type": 2, "duration": 30},
             {"number": "+79161234567", "date": ms("2026-03-05T18:00:00+03:00"), "type": 1, "duration": 30}]
    src = tmp_path / "calls.xml"
    src.write_text(sbr_calls(calls), encoding="utf-8")
    assert phone_cli("import", "sms-backup", str(src), "--all").code == 0
    rec = tmp_path / "rec"
    rec.mkdir()
    _wav(rec / "Вызов@Коллектор(0079161234567)_20260303223002.mp3")          # MIUI
    _wav(rec / "CallRecord_20260304-100003_+79161234567.m4a")                # GrapheneOS
    _wav(rec / "2026-03-04 12-00-04 (phone) Мама (+7 903 555-00-00) ↙.amr")  # Cube ACR
    _wav(rec / "20260305_060005.5+0000_conference_+79161234567,+79035550000.oga")  # BCR, UTC
    _wav(rec / "+79161234567_260305_180006123.amr")                          # LineageOS
    _wav(rec / "Иван-2603051800.m4a")                                         # no known layout, no time
    r = phone_cli("import", "recordings", str(rec), "--no-file-time", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert (doc["read"], doc["imported"], doc["skipped"]) == (6, 5, 1), doc
    assert sorted(m["how"] for m in doc["matches"]) == [
        "name:bcr", "name:cube-acr", "name:grapheneos", "name:lineageos", "name:miui"]
    when = {os.path.basename(m["file"]): m["occurred_at"] for m in doc["matches"]}
    assert when["20260305_060005.5+0000_conference_+79161234567,+79035550000.oga"] == "2026-03-05T09:00:00+03:00"
    assert when["Вызов@Коллектор(0079161234567)_20260303223002.mp3"] == "2026-03-03T22:30:00+03:00"
    assert len(doc["unmatched"]) == 1 and doc["unmatched"][0].endswith("Иван-2603051800.m4a: no time in the file name")
    assert datetime.fromisoformat(when["+79161234567_260305_180006123.amr"]).hour == 18
