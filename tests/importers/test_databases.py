"""import android | adb | ios | whatsapp, and the iOS address book: phone databases and adb text."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile

import pytest

from .conftest import samples
from .fixtures import ms

COLLECTOR = "+79161234567"
APPLE_EPOCH = 978307200  # 2001-01-01T00:00:00Z


def apple(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp() - APPLE_EPOCH


def calllog_db(path, rows):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, presentation INTEGER NOT NULL "
                 "DEFAULT 1, date INTEGER, duration INTEGER, type INTEGER, name TEXT, subscription_id TEXT, "
                 "countryiso TEXT, geocoded_location TEXT)")
    conn.executemany("INSERT INTO calls (number, presentation, date, duration, type, name, subscription_id) "
                     "VALUES (?,?,?,?,?,?,?)", rows)
    conn.commit()
    conn.close()
    return path


ROWS = [
    ("89161234567", 1, ms("2026-03-03T22:30:00+03:00"), 75, 1, None, "1"),
    (COLLECTOR, 1, ms("2026-03-04T08:00:00+03:00"), 0, 3, None, "1"),
    ("", 2, ms("2026-03-04T09:00:00+03:00"), 0, 3, None, "1"),
    ("+79035550000", 1, ms("2026-03-04T10:00:00+03:00"), 300, 2, "Мама", "1"),
]


def test_android_calllog_db(phone_cli, vault, tmp_path):
    db = calllog_db(tmp_path / "calllog.db", ROWS)
    r = phone_cli("import", "android", str(db), "--json", "--number", COLLECTOR, "--agency", "ПКО")
    assert r.code == 0, r.err
    assert r.json() == {"read": 4, "imported": 2, "duplicates": 0, "skipped": 2, "errors": []}
    r = phone_cli("import", "android", str(db), "--json", "--all")
    assert (r.json()["imported"], r.json()["duplicates"]) == (2, 2)
    entries = phone_cli("list", "--json").json()
    assert [(e["outcome"], e["number"], e["number_hidden"]) for e in entries] == [
        ("answered", COLLECTOR, False), ("missed", COLLECTOR, False), ("missed", None, True),
        ("answered", "+79035550000", False)]
    assert entries[0]["agency"] == "ПКО"


def test_android_blob_number_and_name_are_read_as_text(phone_cli, vault, tmp_path):
    """A number or a name stored as a blob (SQLite does not enforce column types) used to be
    kept as the text "b'+7903...'"."""
    db = calllog_db(tmp_path / "calllog.db", [
        ("+79035550000".encode(), 1, ms("2026-03-04T10:00:00+03:00"), 300, 2, "Мама".encode(), "1")])
    r = phone_cli("import", "android", str(db), "--json", "--all")
    assert r.code == 0, r.err
    [entry] = phone_cli("list", "--json").json()
    assert entry["number"] == "+79035550000"
    assert "Мама" in entry["content"] and "b'" not in entry["content"]


@pytest.mark.parametrize("name", ["calllog#2.db", "calllog?.db", "calllog%41.db"])
def test_auto_detects_a_database_whose_name_has_uri_characters(phone_cli, vault, tmp_path, name):
    """detect() opened "file:{path}?mode=ro": a '#' or '?' ended the path there, so the format was not
    found and SQLite created an empty file ("calllog") next to the export."""
    from debtlog.importers.formats import detect

    folder = tmp_path / "export"
    folder.mkdir()
    db = calllog_db(folder / name, ROWS)
    assert detect(db) == "android"
    r = phone_cli("import", "auto", str(db), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 4
    assert sorted(p.name for p in folder.iterdir()) == [name]

def test_same_calls_from_sbr_and_adb_are_one(phone_cli, vault, tmp_path):
    from .fixtures import sbr_calls

    calls = [{"number": n, "date": d, "type": t, "duration": du, "presentation": p}
             for n, p, d, du, t, _name, _sim in ROWS]
    sbr = tmp_path / "calls.xml"
    sbr.write_text(sbr_calls(calls), encoding="utf-8")
    adb_text = "\n".join(
        f"Row: {i} _id={i + 1}, number={n or 'NULL'}, presentation={p}, date={d}, duration={du}, type={t}, "
        f"name={name or 'NULL'}, subscription_id={sim}"
        for i, (n, p, d, du, t, name, sim) in enumerate(ROWS))
    adb = tmp_path / "calls.txt"
    adb.write_text(adb_text + "\n", encoding="utf-8")
    assert phone_cli("import", "adb", str(adb), "--all", "--json").json()["imported"] == 4
    r = phone_cli("import", "sms-backup", str(sbr), "--all", "--json").json()
    assert r["duplicates"] == 4 and r["imported"] == 0
    db = calllog_db(tmp_path / "calllog.db", ROWS)
    assert phone_cli("import", "android", str(db), "--all", "--json").json()["duplicates"] == 4


def test_adb_errors(phone_cli, vault, tmp_path):
    bad = tmp_path / "calls.txt"
    bad.write_text("Error: unknown uri\n", encoding="utf-8")
    r = phone_cli("import", "adb", str(bad), "--all")
    assert r.code == 2 and "Row:" in r.err
    rows = tmp_path / "rows.txt"
    rows.write_text("Row: 0 number=+79161234567, date=1709494200000, duration=4, type=1\n"
                    "Row: 1 number=+79161234567, date=oops, duration=4, type=1\n", encoding="utf-8")
    r = phone_cli("import", "adb", str(rows), "--all")
    assert r.code == 2 and "Line 2" in r.err
    r = phone_cli("import", "adb", str(rows), "--all", "--partial", "--json")
    assert r.code == 0 and r.json()["imported"] == 1 and r.json()["errors"][0]["line"] == 2


IOS_SCHEMA = ("CREATE TABLE ZCALLRECORD ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, "
              "ZCALLTYPE INTEGER, ZDISCONNECTED_CAUSE INTEGER, ZFILTERED_OUT_REASON INTEGER, "
              "ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, "
              "ZADDRESS VARCHAR, ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR)")
IOS_ROWS = [
    (1, 1, 0, 0, 0, apple("2026-03-03T22:30:00+03:00"), 75.4, COLLECTOR, "com.apple.Telephony", "A"),
    (0, 1, 0, 0, 0, apple("2026-03-04T08:00:00+03:00"), 0.0, "89161234567".encode(), "com.apple.Telephony", "B"),
    (0, 1, 0, 1, 0, apple("2026-03-04T09:00:00+03:00"), 0.0, "", "com.apple.Telephony", "C"),
    (1, 1, 0, 0, 1, apple("2026-03-04T10:00:00+03:00"), 30.0, COLLECTOR, "net.whatsapp.WhatsApp", "D"),
    (0, 1, 1, 0, 0, apple("2026-03-04T11:00:00+03:00"), 0.0, COLLECTOR, "com.apple.Telephony", "E"),
]


def _fill_ios(conn):
    conn.executemany("INSERT INTO ZCALLRECORD (ZANSWERED, ZCALLTYPE, ZFILTERED_OUT_REASON, ZNUMBER_AVAILABILITY, "
                     "ZORIGINATED, ZDATE, ZDURATION, ZADDRESS, ZSERVICE_PROVIDER, ZUNIQUE_ID) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     IOS_ROWS)
    conn.commit()


def _check_ios(phone_cli):
    entries = phone_cli("list", "--json").json()
    assert [(e["channel"], e["direction"], e["outcome"], e["number"], e["number_hidden"]) for e in entries] == [
        ("call", "incoming", "answered", COLLECTOR, False),
        ("call", "incoming", "missed", COLLECTOR, False),  # ZADDRESS as a blob
        ("call", "incoming", "missed", None, True),
        ("messenger", "outgoing", "answered", COLLECTOR, False),
        ("call", "incoming", "rejected", COLLECTOR, False),
    ]
    assert entries[0]["occurred_at"] == "2026-03-03T22:30:00+03:00"
    assert entries[0]["duration_s"] == 75.4


def test_ios_call_history(phone_cli, vault, tmp_path):
    db = tmp_path / "CallHistory.storedata"
    conn = sqlite3.connect(db)
    conn.execute(IOS_SCHEMA)
    _fill_ios(conn)
    conn.close()
    r = phone_cli("import", "ios", str(db), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 5
    _check_ios(phone_cli)
    assert phone_cli("import", "ios", str(db), "--all", "--json").json()["duplicates"] == 5


def test_ios_reads_the_write_ahead_log(phone_cli, vault, tmp_path):
    db = tmp_path / "CallHistory.storedata"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(IOS_SCHEMA)
    _fill_ios(conn)
    before = db.read_bytes()
    r = phone_cli("import", "ios", str(db), "--all", "--json")  # the writer still holds the WAL open
    assert db.read_bytes() == before  # the phone's database is read from a copy, never changed
    conn.close()
    assert r.code == 0, r.err
    assert r.json()["imported"] == 5


def test_not_a_database(phone_cli, vault, tmp_path):
    p = tmp_path / "x.db"
    p.write_text("hello", encoding="utf-8")
    for cmd in ("ios", "android", "whatsapp"):
        r = phone_cli("import", cmd, str(p), "--all")
        assert r.code == 2 and "SQLite" in r.err, r.err
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    r = phone_cli("import", "ios", str(empty), "--all")
    assert r.code == 2 and "ZCALLRECORD" in r.err


def test_whatsapp_generated(phone_cli, vault, tmp_path):
    db = tmp_path / "CallHistory.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, ZOUTCOME INTEGER, Z1CALLEVENTS INTEGER, ZDATE TIMESTAMP,
            ZDURATION FLOAT, ZGROUPCALLCREATORUSERJIDSTRING VARCHAR, ZGROUPJIDSTRING VARCHAR);
        CREATE TABLE ZWAAGGREGATECALLEVENT (Z_PK INTEGER PRIMARY KEY, ZINCOMING INTEGER, ZMISSED INTEGER, ZVIDEO INTEGER);
        CREATE TABLE ZWACDCALLEVENTPARTICIPANT (Z_PK INTEGER PRIMARY KEY, ZOUTCOME INTEGER, Z1PARTICIPANTS INTEGER,
            ZJIDSTRING VARCHAR);
    """)
    conn.execute("INSERT INTO ZWAAGGREGATECALLEVENT VALUES (1, 1, 1, 0)")
    conn.execute("INSERT INTO ZWAAGGREGATECALLEVENT VALUES (2, 1, 0, 1)")
    conn.execute("INSERT INTO ZWACDCALLEVENT VALUES (1, 1, 1, ?, 0, '79161234567@s.whatsapp.net', NULL)",
                 (apple("2026-03-05T23:10:00+03:00"),))
    conn.execute("INSERT INTO ZWACDCALLEVENT VALUES (2, 0, 2, ?, 61.5, '79161234567@s.whatsapp.net', NULL)",
                 (apple("2026-03-06T09:00:00+03:00"),))
    conn.execute("INSERT INTO ZWACDCALLEVENTPARTICIPANT VALUES (1, 0, 1, '79161234567@s.whatsapp.net')")
    conn.execute("INSERT INTO ZWACDCALLEVENTPARTICIPANT VALUES (2, 0, 2, '79161234567@s.whatsapp.net')")
    conn.commit()
    conn.close()
    r = phone_cli("import", "whatsapp", str(db), "--json")
    assert r.json()["skipped"] == 2
    r = phone_cli("import", "whatsapp", str(db), "--json", "--number", COLLECTOR)
    assert r.code == 0, r.err
    assert r.json()["imported"] == 2
    e = phone_cli("list", "--json").json()
    assert [(x["channel"], x["direction"], x["outcome"], x["number"]) for x in e] == [
        ("messenger", "incoming", "missed", COLLECTOR), ("messenger", "incoming", "answered", COLLECTOR)]
    assert e[0]["occurred_at"] == "2026-03-05T23:10:00+03:00"
    assert "video" in e[1]["content"]


def _extract(zip_name, member_suffix, tmp_path):
    z = zipfile.ZipFile(samples("ios", zip_name))
    out = None
    for info in z.infolist():
        name = info.filename
        if name.endswith((member_suffix, member_suffix + "-wal", member_suffix + "-shm")):
            target = tmp_path / name.rsplit("/", 1)[-1]  # never the archive's own (absolute) path
            with z.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            if name.endswith(member_suffix):
                out = target
    assert out is not None
    return out


@pytest.mark.samples
def test_sample_whatsapp_ios15(phone_cli, vault, tmp_path):
    db = _extract("ileapp__whatsAppCallHistory_josh_ios15_ffs.zip", "CallHistory.sqlite", tmp_path)
    r = phone_cli("import", "whatsapp", str(db), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 4
    e = phone_cli("list", "--json").json()
    assert all(x["channel"] == "messenger" and x["number"] == "+19198887386" for x in e)
    assert [x["direction"] for x in e] == ["outgoing", "incoming", "outgoing", "incoming"]
    assert e[0]["duration_s"] == 95.1


@pytest.mark.samples
def test_sample_ios_skeleton(phone_cli, vault, tmp_path):
    db = tmp_path / "CallHistory.storedata"
    shutil.copyfile(samples("ios", "CallHistory.schema_only.storedata"), db)
    conn = sqlite3.connect(db)
    _fill_ios(conn)
    conn.close()
    r = phone_cli("import", "ios", str(db), "--all", "--json")
    assert r.code == 0, r.err
    _check_ios(phone_cli)


@pytest.mark.samples
def test_sample_ios_address_book(phone_cli, vault, tmp_path):
    db = _extract("ileapp__addressBook_josh_ios15_ffs.zip", "AddressBook.sqlitedb", tmp_path)
    r = phone_cli("contacts", "import", str(db), "--json")
    assert r.code == 0, r.err
    assert r.json()["read"] == 9
    people = phone_cli("contacts", "list", "--json").json()
    josh = next(p for p in people if p["name"] == "Josh Hickman")
    assert len(josh["numbers"]) == 2
    assert phone_cli("contacts", "import", str(db), "--json").json()["duplicates"] >= 8


@pytest.mark.samples
def test_sample_whatsapp_contacts_only_zip_is_refused(phone_cli, vault, tmp_path):
    db = _extract("ileapp__whatsAppCallHistory_mvs_ios_2023.zip", "ContactsV2.sqlite", tmp_path)
    r = phone_cli("import", "whatsapp", str(db), "--all")
    assert r.code == 2 and "ZWACDCALLEVENT" in r.err


def test_ios_blob_name_is_read_as_text(phone_cli, vault, tmp_path):
    db = tmp_path / "CallHistory.storedata"
    conn = sqlite3.connect(db)
    conn.execute(IOS_SCHEMA)
    conn.execute("INSERT INTO ZCALLRECORD (ZANSWERED, ZCALLTYPE, ZORIGINATED, ZDATE, ZDURATION, ZADDRESS, ZNAME, "
                 "ZSERVICE_PROVIDER, ZUNIQUE_ID) VALUES (1, 1, 0, ?, 30.0, ?, ?, 'com.apple.Telephony', 'Z')",
                 (apple("2026-03-03T12:00:00+03:00"), COLLECTOR, "ООО Пример".encode()))
    conn.commit()
    conn.close()
    r = phone_cli("import", "ios", str(db), "--all", "--json")
    assert r.code == 0, r.err
    [entry] = phone_cli("list", "--json").json()
    assert "ООО Пример" in entry["content"] and "b'" not in entry["content"]
