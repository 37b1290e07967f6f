"""Property tests for every phone-log and address-book importer (issue #9).

Whatever the input, an import gives records or a clear error with its position: never another
exception, and never half an import. Two levels:

1. Reader: iterating a reader yields ``(position, record)`` pairs whose records are valid model
   objects (Contact, Card) or ``RecordProblem``s; the only exception allowed is ``InvalidInput``
   (a file that is not of the format at all). Records are also ingested into an in-memory vault.
2. Command (the in-process CLI, fewer examples, marked slow): ``debtlog import FORMAT FILE --all``
   (``contacts import`` for address books) either exits 0, the vault verifies and a re-import
   adds nothing, or exits 2 with a message that names the position, and then the vault file is
   byte for byte what it was. Never exit 70, never a traceback.

The strategies build valid files of each format (the layouts of tests/importers/test_*.py) and
mutate them: odd column values (NULL, huge and negative numbers, text in number columns, blobs),
missing columns, damaged SQLite pages, arbitrary lines and cells, charsets, folding, truncation.

Crashes found in the importers (which this file may not change) are listed in ``KNOWN_BUGS``.
Each has a regression test below marked ``xfail(strict=True)``: when the bug is fixed that test
passes, pytest reports it as a failure, and its entry in ``KNOWN_BUGS`` (which lets the
properties go on searching past the known crash) must be removed with the marker.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import sqlite3
import tempfile
import traceback
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings, strategies as st

from debtlog.errors import InvalidInput
from debtlog.models import CHANNELS, DIRECTIONS, OUTCOMES, Contact, Profile

TZ = "Europe/Moscow"
REGION = "RU"
COLLECTOR = "+79161234567"
APPLE_EPOCH = 978307200

READER = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMMAND = settings(max_examples=10, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# -- known bugs ------------------------------------------------------------------------------------
# (exception type, innermost debtlog file, function) -> the regression test that pins it down.

KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


class BadRecord(AssertionError):
    """A reader yielded something that is not a valid record (``where``: the reader's module)."""

    def __init__(self, where: str, what: str, detail: str):
        super().__init__(f"{where}: {what}: {detail}")
        self.where, self.what = where, what


def signature(exc: BaseException) -> tuple[str, str, str]:
    if isinstance(exc, BadRecord):
        return ("BadRecord", exc.where, exc.what)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f"{os.sep}debtlog{os.sep}" in f.filename]
    last = frames[-1] if frames else None
    return (type(exc).__name__, os.path.basename(last.filename) if last else "?", last.name if last else "?")


def known(exc: BaseException) -> bool:
    sig = signature(exc)
    if sig in KNOWN_BUGS:
        note(f"known bug {sig} (see {KNOWN_BUGS[sig]})")
        return True
    return False


# -- reader-level checks ---------------------------------------------------------------------------

def _text_ok(where: str, field: str, value) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise BadRecord(where, "type", f"{field} is {type(value).__name__}: {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRecord(where, "surrogate", f"{field} {value!r} is not valid Unicode (lone surrogate)") from None


def check_contact(where: str, c: Contact) -> None:
    if not isinstance(c.occurred_at, datetime) or c.occurred_at.utcoffset() is None:
        raise BadRecord(where, "time", f"occurred_at {c.occurred_at!r} is not an aware datetime")
    try:
        c.occurred_at.astimezone(dt_timezone.utc).timestamp()
    except (OverflowError, ValueError) as e:
        raise BadRecord(where, "time", f"occurred_at {c.occurred_at!r} cannot be stored ({e})") from None
    if c.channel not in CHANNELS or c.direction not in DIRECTIONS or c.outcome not in (None, *OUTCOMES):
        raise BadRecord(where, "enum", f"{c.channel!r} {c.direction!r} {c.outcome!r}")
    if c.duration_s is not None and (not isinstance(c.duration_s, (int, float)) or not math.isfinite(c.duration_s)
                                     or not 0 <= c.duration_s <= 7 * 86400):
        raise BadRecord(where, "duration", f"duration_s {c.duration_s!r}")
    if not (isinstance(c.source_id, str) and c.source_id):
        raise BadRecord(where, "source_id", repr(c.source_id))
    if c.number_hidden and c.number is not None:
        raise BadRecord(where, "hidden", f"hidden number {c.number!r}")
    for f in ("number", "content", "agency", "timezone"):
        _text_ok(where, f, getattr(c, f))


def check_card(where: str, card) -> None:
    if not (isinstance(card.uid, str) and card.uid):
        raise BadRecord(where, "uid", repr(card.uid))
    if not (card.name or card.numbers):
        raise BadRecord(where, "empty", "a card with neither name nor number")
    for f in ("uid", "name", "organization", "relation"):
        _text_ok(where, f, getattr(card, f))
    for n in card.numbers:
        if not (isinstance(n, dict) and isinstance(n.get("number"), str) and n["number"]):
            raise BadRecord(where, "number", repr(n))
        _text_ok(where, "number", n["number"])
        _text_ok(where, "label", n.get("label"))


def check_reader(where: str, items) -> list:
    """Iterate a reader; return its records. InvalidInput -> []; a known bug -> None; else raise."""
    from debtlog.importers import RecordProblem, WithAttachments
    from debtlog.vault.addressbook import Card

    records = []
    try:
        for item in items:
            assert isinstance(item, tuple) and len(item) == 2, item
            pos, rec = item
            if isinstance(rec, WithAttachments):
                rec = rec.record
            if isinstance(rec, RecordProblem):
                if not isinstance(pos, int):
                    raise BadRecord(where, "position", f"a problem without a position: {pos!r} {rec.message}")
                assert isinstance(rec.message, str) and rec.message.strip()
            elif isinstance(rec, Contact):
                check_contact(where, rec)
                records.append(rec)
            elif isinstance(rec, Card):
                check_card(where, rec)
                records.append(rec)
            else:
                raise BadRecord(where, "kind", f"unexpected {type(rec).__name__}")
    except InvalidInput as e:
        assert e.message.strip()
        return []
    except Exception as e:  # noqa: BLE001 - the property: only the above may happen
        if known(e):
            return None
        raise
    return records


def fresh_log():
    from debtlog.vault import _connect
    from debtlog.vault.log import EvidenceLog
    from debtlog.vault.schema import migrate

    conn = _connect(None, None)
    conn.execute("BEGIN")
    migrate(conn)
    log = EvidenceLog(conn)
    log.initialise(Profile(REGION, TZ), b"p" * 32, b"k" * 32)
    return log


def ingest_twice(read) -> None:
    """Ingest a reader's output into an in-memory vault: records or ImportFailed; it verifies; again adds nothing."""
    from debtlog.importers import ImportFailed, ingest

    log = fresh_log()
    try:
        first = ingest(log, read())
    except ImportFailed as e:
        assert e.exit_code == 2 and e.summary.errors
        assert all(isinstance(err["line"], int) and err["message"] for err in e.summary.errors)
        return
    except InvalidInput:
        return
    except Exception as e:  # noqa: BLE001
        if known(e):
            return
        raise
    assert log.verify().ok
    again = ingest(log, read())
    assert again.imported == 0 and again.duplicates == first.imported + first.duplicates, (first, again)


# -- shared value strategies -----------------------------------------------------------------------

ODD_TEXT = st.sampled_from(["", "NULL", "null", "inf", "-inf", "nan", "1e400", "-1", "0", " ", "abc", "१२३",
                            "1709494200000.5", "1e12", "١٧٠٩٤٩٤٢٠٠٠٠٠", "\x00", "😀", "+", "@", "9" * 30])
ODD = st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.sampled_from([0, -1, 2**63 - 1, -2**63]),
                st.floats(allow_nan=False), st.sampled_from([math.inf, -math.inf, 1e300, -0.0]),
                st.text(max_size=12), ODD_TEXT, st.binary(max_size=10))
NUMBERS = st.sampled_from([COLLECTOR, "89161234567", "+7 916 123-45-67", "900", "Sberbank", "", "-2", "Unknown",
                           "+79035550000", "+1 (212) 555-0100", "79161234567", "+", "12", "8 (903) 555-00-00"])
NUMBER = st.one_of(NUMBERS, NUMBERS, st.text(max_size=16))
WORDS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
MS_2026 = st.integers(1_577_836_800_000, 1_830_297_600_000)  # 2020 .. 2028 in epoch ms


def sometimes(valid, odd=ODD):
    """Mostly valid values (to reach deep code), sometimes odd ones."""
    return st.one_of(valid, valid, valid, odd)


def build_db(path: Path, script: list[tuple[str, tuple]]) -> Path:
    conn = sqlite3.connect(path)
    for sql, args in script:
        conn.execute(sql, args)
    conn.commit()
    conn.close()
    return path


class Db:
    """A generated SQLite file: the statements that build it and how its bytes are then damaged."""

    def __init__(self, script: list[tuple[str, tuple]], cut: int | None = None, flip: tuple[int, int] | None = None):
        self.script, self.cut, self.flip = script, cut, flip

    def __repr__(self) -> str:
        return f"Db({self.script!r}, cut={self.cut}, flip={self.flip})"

    def write(self, folder: Path, name: str = "x.db") -> Path:
        p = build_db(Path(tempfile.mkdtemp(dir=folder)) / name, self.script)
        data = p.read_bytes()
        if self.cut is not None:
            data = data[:100 + self.cut % max(1, len(data) - 100)]
        if self.flip is not None:
            i = 100 + self.flip[0] % max(1, len(data) - 100)
            data = data[:i] + bytes([self.flip[1]]) + data[i + 1:]
        p.write_bytes(data)
        return p


@st.composite
def db(draw, script: list[tuple[str, tuple]]) -> Db:
    """Mostly the file as built; sometimes cut short or with a byte changed (a damaged database)."""
    how = draw(st.sampled_from(["keep", "keep", "keep", "cut", "flip"]))
    if how == "cut":
        return Db(script, cut=draw(st.integers(0, 10**6)))
    if how == "flip":
        return Db(script, flip=(draw(st.integers(0, 10**6)), draw(st.integers(0, 255))))
    return Db(script)


@st.composite
def table(draw, name: str, columns: dict[str, st.SearchStrategy], required: set[str], pk: str | None = None,
          max_rows: int = 6):
    """CREATE TABLE + INSERTs: required columns almost always there, others maybe; odd declared types."""
    drop_required = draw(st.integers(0, 9)) == 0
    cols = []
    for c in columns:
        if c in required and not (drop_required and draw(st.booleans())):
            cols.append(c)
        elif c not in required and draw(st.integers(0, 3)) > 0:
            cols.append(c)
    if not cols:
        cols = [next(iter(columns))]
    decl = []
    for c in cols:
        if c == pk and draw(st.integers(0, 4)) > 0:
            decl.append(f'"{c}" INTEGER PRIMARY KEY')
        else:
            decl.append(f'"{c}" ' + draw(st.sampled_from(["", "INTEGER", "TEXT", "REAL", "BLOB", "NUMERIC",
                                                          "TIMESTAMP", "VARCHAR"])))
    script = [(f'CREATE TABLE "{name}" ({", ".join(decl)})', ())]
    rows = draw(st.lists(st.fixed_dictionaries({c: columns[c] for c in cols}), max_size=max_rows))
    for i, row in enumerate(rows):
        if pk in row and pk in cols and decl[cols.index(pk)].endswith("PRIMARY KEY"):
            row[pk] = i + 1  # an INTEGER PRIMARY KEY takes only distinct integers
        names = ", ".join(f'"{c}"' for c in row)
        script.append((f'INSERT INTO "{name}" ({names}) VALUES ({", ".join("?" * len(row))})', tuple(row.values())))
    return script


# -- Android calllog.db ----------------------------------------------------------------------------

ANDROID_COLUMNS = {
    "_id": sometimes(st.integers(1, 10**6)),
    "number": sometimes(NUMBER),
    "presentation": sometimes(st.integers(1, 4)),
    "date": sometimes(MS_2026),
    "duration": sometimes(st.integers(0, 4000)),
    "type": sometimes(st.integers(1, 7)),
    "name": sometimes(st.one_of(st.none(), WORDS)),
    "subscription_id": sometimes(st.sampled_from(["1", "-1", None, 2])),
    "countryiso": st.just("RU"),
}


@st.composite
def calllog_db(draw) -> Db:
    script = draw(table("calls", ANDROID_COLUMNS, {"number", "date", "type"}, pk="_id"))
    return draw(db(script))


@READER
@given(calllog_db())
def test_android_calllog_db_reader(tmp_path_factory, data):
    from debtlog.importers.android import read_calllog_db

    p = data.write(tmp_path_factory.mktemp("a"))
    read = lambda: read_calllog_db(p, timezone=TZ, region=REGION)  # noqa: E731
    if check_reader("android.py", read()) is not None:
        ingest_twice(read)


# -- adb content query text ------------------------------------------------------------------------

ADB_KEY = st.sampled_from(["_id", "number", "presentation", "date", "duration", "type", "name", "subscription_id",
                           "countryiso", "new", "x y", "", "date "])
ADB_VALUE = {
    "number": NUMBER, "date": st.one_of(MS_2026.map(str), ODD_TEXT), "type": st.one_of(st.integers(1, 7).map(str),
                                                                                     ODD_TEXT),
    "duration": st.one_of(st.integers(0, 5000).map(str), ODD_TEXT), "presentation": st.sampled_from(["1", "2", "3"]),
}


@st.composite
def adb_row(draw, n: int) -> str:
    fields = {"number": draw(ADB_VALUE["number"]), "date": draw(ADB_VALUE["date"]), "type": draw(ADB_VALUE["type"])}
    for k in draw(st.lists(ADB_KEY, max_size=4)):
        fields[k] = draw(ADB_VALUE.get(k, st.one_of(ODD_TEXT, st.text(max_size=8))))
    for k in draw(st.sets(st.sampled_from(["number", "date", "type"]), max_size=1)):
        if draw(st.integers(0, 4)) == 0:
            del fields[k]
    sep = draw(st.sampled_from([", ", ", ", ",", " "]))
    return f"Row: {n} " + sep.join(f"{k}={v}" for k, v in fields.items())


@st.composite
def adb_text(draw) -> bytes:
    lines = []
    for i in range(draw(st.integers(0, 6))):
        lines.append(draw(st.one_of(adb_row(i), adb_row(i), adb_row(i), st.text(max_size=30),
                                    st.just(""), st.just(f"Row: {i}"), st.just("Error: unknown uri"))))
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(st.sampled_from(["\n", ""]))
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 5)) == 0:
        data += draw(st.binary(max_size=20))
    return data


@READER
@given(adb_text())
def test_adb_reader(data):
    from debtlog.importers.android import read_adb

    read = lambda: read_adb(io.BytesIO(data), timezone=TZ, region=REGION)  # noqa: E731
    if check_reader("android.py", read()) is not None:
        ingest_twice(read)


# -- iOS CallHistory.storedata ---------------------------------------------------------------------

APPLE_2026 = st.floats(600_000_000, 850_000_000, allow_nan=False)
ZADDRESS = st.one_of(NUMBER, NUMBER.map(lambda s: s.encode("utf-8")), NUMBER.map(lambda s: s.encode("utf-16")),
                     st.binary(max_size=12))
IOS_COLUMNS = {
    "Z_PK": st.integers(1, 10**6),
    "ZDATE": sometimes(APPLE_2026),
    "ZADDRESS": sometimes(ZADDRESS),
    "ZORIGINATED": sometimes(st.integers(0, 1)),
    "ZANSWERED": sometimes(st.integers(0, 1)),
    "ZDURATION": sometimes(st.floats(0, 5000)),
    "ZCALLTYPE": sometimes(st.sampled_from([1, 8, 16])),
    "ZSERVICE_PROVIDER": sometimes(st.sampled_from(["com.apple.Telephony", "net.whatsapp.WhatsApp",
                                                    "com.apple.FaceTime", "ph.telegra.Telegraph", None])),
    "ZUNIQUE_ID": sometimes(st.uuids().map(str)),
    "ZNAME": sometimes(st.one_of(st.none(), WORDS)),
    "ZNUMBER_AVAILABILITY": sometimes(st.sampled_from([0, 0, 1, 2, None])),
    "ZFILTERED_OUT_REASON": sometimes(st.sampled_from([0, 0, 1, None])),
    "ZDISCONNECTED_CAUSE": st.sampled_from([0, 1, None]),
}


@st.composite
def ios_calls_db(draw) -> Db:
    script = draw(table("ZCALLRECORD", IOS_COLUMNS, {"Z_PK", "ZDATE", "ZADDRESS", "ZORIGINATED"}, pk="Z_PK"))
    return draw(db(script))


@READER
@given(ios_calls_db())
def test_ios_calls_reader(tmp_path_factory, data):
    from debtlog.importers.ios import read_ios_calls

    p = data.write(tmp_path_factory.mktemp("i"))
    read = lambda: read_ios_calls(p, timezone=TZ, region=REGION)  # noqa: E731
    if check_reader("ios.py", read()) is not None:
        ingest_twice(read)


# -- iOS AddressBook.sqlitedb ----------------------------------------------------------------------

PERSON_NAMES = st.sampled_from(["Мама", "Иван", "Boss", "老婆", "Anna", "", None, "Lavoro", "Семья"])
AB_PERSON = {"ROWID": st.integers(1, 50), "First": sometimes(PERSON_NAMES), "Middle": sometimes(PERSON_NAMES),
             "Last": sometimes(PERSON_NAMES), "Organization": sometimes(PERSON_NAMES),
             "Nickname": sometimes(PERSON_NAMES), "guid": sometimes(st.one_of(st.none(), st.uuids().map(str)))}
AB_VALUE = {"record_id": st.integers(1, 8), "property": sometimes(st.sampled_from([3, 3, 23, 4])),
            "label": sometimes(st.integers(1, 4)), "value": sometimes(NUMBER)}
AB_LABEL = {"ROWID": st.integers(1, 4), "value": sometimes(st.sampled_from(
    ["_$!<Mobile>!$_", "_$!<Mother>!$_", "iPhone", "work", "Семья", "_$!<Spouse>!$_"]))}


@st.composite
def ios_addressbook_db(draw) -> Db:
    script = draw(table("ABPerson", AB_PERSON, {"ROWID", "First", "Last"}, pk="ROWID"))
    script += draw(table("ABMultiValue", AB_VALUE, {"record_id", "property", "label", "value"}, max_rows=10))
    if draw(st.integers(0, 3)):
        script += draw(table("ABMultiValueLabel", AB_LABEL, {"ROWID", "value"}, pk="ROWID"))
    return draw(db(script))


@READER
@given(ios_addressbook_db())
def test_ios_addressbook_reader(tmp_path_factory, data):
    from debtlog.importers.ios import read_ios_addressbook

    p = data.write(tmp_path_factory.mktemp("ab"))
    check_reader("ios.py", read_ios_addressbook(p, region=REGION))


# -- WhatsApp CallHistory.sqlite -------------------------------------------------------------------

JID = st.one_of(st.sampled_from(["79161234567@s.whatsapp.net", "79035550000@s.whatsapp.net", "x@g.us",
                                 "79161234567:12@s.whatsapp.net", "@", "", "lid@lid"]), st.text(max_size=10))
WA_EVENT = {"Z_PK": st.integers(1, 100), "ZOUTCOME": sometimes(st.integers(0, 5)),
            "Z1CALLEVENTS": sometimes(st.integers(1, 4)), "ZDATE": sometimes(APPLE_2026),
            "ZDURATION": sometimes(st.floats(0, 5000)), "ZGROUPCALLCREATORUSERJIDSTRING": sometimes(JID),
            "ZGROUPJIDSTRING": sometimes(st.one_of(st.none(), st.none(), JID))}
WA_AGG = {"Z_PK": st.integers(1, 4), "ZINCOMING": sometimes(st.integers(0, 1)),
          "ZMISSED": sometimes(st.integers(0, 1)), "ZVIDEO": sometimes(st.integers(0, 1))}
WA_PART = {"Z_PK": st.integers(1, 100), "Z1PARTICIPANTS": sometimes(st.integers(1, 6)), "ZJIDSTRING": sometimes(JID)}


@st.composite
def whatsapp_db(draw) -> Db:
    script = draw(table("ZWACDCALLEVENT", WA_EVENT, set(WA_EVENT), pk="Z_PK"))
    if draw(st.integers(0, 3)):
        script += draw(table("ZWAAGGREGATECALLEVENT", WA_AGG, set(WA_AGG), pk="Z_PK"))
    if draw(st.integers(0, 3)):
        script += draw(table("ZWACDCALLEVENTPARTICIPANT", WA_PART, set(WA_PART), pk="Z_PK"))
    return draw(db(script))


@READER
@given(whatsapp_db())
def test_whatsapp_reader(tmp_path_factory, data):
    from debtlog.importers.whatsapp import read_whatsapp_ios

    p = data.write(tmp_path_factory.mktemp("w"))
    read = lambda: read_whatsapp_ios(p, timezone=TZ, region=REGION)  # noqa: E731
    if check_reader("whatsapp.py", read()) is not None:
        ingest_twice(read)


# -- CSV call logs (--map and presets) -------------------------------------------------------------

def _csv_header_pool():
    from debtlog.importers.csvlog import GENERIC, PRESETS

    pool = {a for table_ in [GENERIC, *PRESETS.values()] for aliases in table_.values() for a in aliases}
    return sorted(pool | {"Date", "Number", "Type", "Duration", "Длительность, сек", "Min", "Name", "x", ""})


@st.composite
def date_cell(draw) -> str:
    ms = draw(MS_2026)
    dt = datetime.fromtimestamp(ms / 1000)
    fmt = draw(st.sampled_from(["%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%m/%d/%Y %I:%M %p", "%Y/%m/%d %H:%M",
                                "%b %d, %Y %I:%M %p", "%Y年%m月%d日 %H:%M", "%Y-%m-%dT%H:%M:%S+03:00"]))
    return draw(st.one_of(st.just(dt.strftime(fmt)), st.just(dt.strftime(fmt)), st.just(str(ms)),
                          st.just(str(ms // 1000)), st.sampled_from(["0001-01-01T00:00:00+05:00",
                                                                     "9999-12-31T23:59:59-05:00", "31.02.2026 10:00",
                                                                     "not a date", ""])))


CSV_CELL = {
    "date": date_cell(),
    "number": NUMBER,
    "direction": st.sampled_from(["IN", "OUT", "Входящий", "Исходящий", "Пропущенный", "missed", "SMS входящее",
                                  "incoming", "来电", "in uscita", "", "Voice"]),
    "duration": st.one_of(st.integers(0, 5000).map(str), st.sampled_from(["01:15", "1:02:03", "2 min", "0,5", "",
                                                                         "abc", "nan:0", "inf:0", "1e400",
                                                                         "99999999:00", "-5", "١٢"])),
    "text": st.text(max_size=12),
}


@st.composite
def csv_file(draw):
    """(bytes, mapping, preset): a call table, its header from the aliases the presets know."""
    from debtlog.importers.csvlog import PRESETS

    pool = _csv_header_pool()
    ncols = draw(st.integers(1, 7))
    header = draw(st.lists(st.one_of(st.sampled_from(pool), st.sampled_from(pool), st.text(max_size=8)),
                           min_size=ncols, max_size=ncols))
    kinds = draw(st.lists(st.sampled_from(list(CSV_CELL)), min_size=ncols, max_size=ncols))
    rows = []
    for _i in range(draw(st.integers(0, 6))):
        row = [draw(CSV_CELL[k]) for k in kinds]
        if draw(st.integers(0, 5)) == 0:  # ragged
            row = row[:draw(st.integers(0, len(row)))] + draw(st.lists(st.text(max_size=5), max_size=2))
        rows.append(row)
    delim = draw(st.sampled_from([",", ";", "\t", "|"]))
    out = io.StringIO()
    if draw(st.integers(0, 4)):
        w = csv.writer(out, delimiter=delim, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        w.writerow(header)
        w.writerows(rows)
    else:  # written by hand, no quoting (what some exports do)
        out.write("\n".join(delim.join(r) for r in [header] + rows) + "\n")
    text = out.getvalue()
    enc = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1251", "utf-16"]))
    data = text.encode(enc, "replace")
    if draw(st.integers(0, 6)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    preset = draw(st.one_of(st.none(), st.sampled_from(sorted(PRESETS))))
    mapping = {}
    if draw(st.booleans()):
        for field in draw(st.sets(st.sampled_from(["occurred_at", "date", "time", "number", "direction", "duration",
                                                   "outcome", "channel", "content", "id"]), max_size=4)):
            mapping[field] = draw(st.one_of(st.sampled_from([h for h in header if h.strip() and "," not in h
                                                             and "=" not in h] or ["1"]),
                                            st.integers(1, ncols + 1).map(str)))
    return data, mapping, preset


@READER
@given(csv_file())
def test_csv_reader(args):
    from debtlog.importers.csvlog import read_csv_log

    data, mapping, preset = args
    note(repr(data))
    read = lambda: read_csv_log(io.BytesIO(data), timezone=TZ, region=REGION, mapping=mapping,  # noqa: E731
                                preset=preset)
    if check_reader("csvlog.py", read()) is not None:
        ingest_twice(read)


# -- vCard -----------------------------------------------------------------------------------------

CHARSETS = st.sampled_from(["UTF-8", "utf-8", "windows-1251", "SHIFT_JIS", "GB2312", "ISO-8859-1", "KOI8-R",
                            "Big5", "nope", "UTF\x00", "utf-16", "UTF-7"])
VCARD_VALUES = st.sampled_from(["Мама", "Иван Петров", "老婆", "Giulia Rossi", "Boss", "", "a;b\\;c", "x\\ny",
                                "=E2=82", "Семья", "+2AA-"])


def _qp(raw: bytes, width: int) -> str:
    enc = "".join(f"={b:02X}" for b in raw)
    return "=\r\n".join(enc[i:i + width] for i in range(0, len(enc), width)) if width else enc


@st.composite
def vcard_prop(draw) -> str:
    name = draw(st.sampled_from(["FN", "N", "TEL", "TEL", "ORG", "item1.TEL", "item1.X-ABLabel", "CATEGORIES",
                                 "UID", "RELATED", "X-ANDROID-CUSTOM", "PHOTO", "NOTE", "X-RELATION", "VERSION"]))
    value = draw(st.one_of(NUMBER, VCARD_VALUES, st.text(max_size=10),
                           st.sampled_from(["tel:+7-916-123-45-67", "vnd.android.cursor.item/relation;Мама;8",
                                            "_$!<Mother>!$_", "8 916 123 45 67p123"])))
    params = draw(st.lists(st.sampled_from(["CELL", "PREF", "TYPE=work,voice", "type=pref", "VALUE=uri", "HOME",
                                            'X-Q="a:b;c"', "TYPE=", "="]), max_size=3))
    encoding = draw(st.sampled_from(["", "", "qp", "qp-bare"]))
    charset = draw(st.one_of(st.none(), CHARSETS))
    if charset:
        params.append(f"CHARSET={charset}")
    codec = charset if charset and charset not in ("nope", "UTF\x00") else "utf-8"
    try:
        raw = value.encode(codec)
    except (UnicodeError, LookupError):
        raw = value.encode("utf-8", "surrogatepass")
    if encoding:
        params.append("ENCODING=QUOTED-PRINTABLE" if encoding == "qp" else "QUOTED-PRINTABLE")
        text = _qp(raw, draw(st.sampled_from([0, 21, 7])))
    elif draw(st.integers(0, 5)) == 0:
        text = value  # the CHARSET says one thing, the bytes are another
    else:
        text = raw.decode("latin-1") if codec != "utf-8" else value
    return ";".join([name] + params) + ":" + text


def _fold(line: str, at: int) -> str:
    return line if not at or at >= len(line) else line[:at] + "\r\n " + line[at:]


@st.composite
def vcard_file(draw) -> bytes:
    parts = []
    for _i in range(draw(st.integers(0, 4))):
        lines = ["BEGIN:VCARD", draw(st.sampled_from(["VERSION:2.1", "VERSION:3.0", "VERSION:4.0"]))]
        for _j in range(draw(st.integers(0, 5))):
            lines.append(_fold(draw(vcard_prop()), draw(st.integers(0, 40))))
            if draw(st.integers(0, 6)) == 0:
                lines.append(draw(st.text(max_size=20)))  # arbitrary text inside a card
        if draw(st.integers(0, 8)):
            lines.append("END:VCARD")
        if draw(st.integers(0, 5)) == 0:
            lines.insert(0, draw(st.text(max_size=20)))  # arbitrary text between cards
        parts.append("\r\n".join(lines))
    text = draw(st.sampled_from(["\r\n", "\n"])).join(parts) + "\r\n"
    data = text.encode("latin-1") if all(ord(c) < 256 for c in text) else text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 6)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return data


@READER
@given(vcard_file())
def test_vcard_reader(data):
    from debtlog.importers.vcard import read_vcards

    note(repr(data))
    check_reader("vcard.py", read_vcards(io.BytesIO(data), region=REGION))


# -- Google Contacts CSV ---------------------------------------------------------------------------

GOOGLE_HEADERS = ["Name", "Given Name", "Family Name", "Group Membership", "Phone 1 - Type", "Phone 1 - Value",
                  "Phone 2 - Type", "Phone 2 - Value", "Organization 1 - Name", "Relation 1 - Type",
                  "Relation 1 - Value", "First Name", "Middle Name", "Last Name", "Labels", "Phone 1 - Label",
                  "Organization Name", "Relation 1 - Label", "Mobile Phone", "Home Phone", "Business Phone",
                  "Nickname", "File As", "Phone 3 - Value"]
GOOGLE_CELL = st.one_of(NUMBER, PERSON_NAMES.map(lambda s: s or ""), st.text(max_size=10),
                        st.sampled_from(["* myContacts ::: Семья", "+7 916 000-11-22 ::: 8 903 000 11 22", "Mobile",
                                         "* Work", "mother", " ::: ", ":::"]))


@st.composite
def google_csv_file(draw) -> bytes:
    header = draw(st.lists(st.one_of(st.sampled_from(GOOGLE_HEADERS), st.sampled_from(GOOGLE_HEADERS),
                                     st.text(max_size=8)), min_size=1, max_size=10))
    rows = [draw(st.lists(GOOGLE_CELL, min_size=0, max_size=len(header) + 1)) for _ in range(draw(st.integers(0, 5)))]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]))
    data = out.getvalue().encode(enc, "replace")
    if draw(st.integers(0, 6)) == 0:
        data = data[:draw(st.integers(0, len(data)))] + draw(st.binary(max_size=8))
    return data


@READER
@given(google_csv_file())
def test_google_csv_reader(data):
    from debtlog.importers.google_csv import read_google_csv

    check_reader("google_csv.py", read_google_csv(io.BufferedReader(io.BytesIO(data)), region=REGION))


# -- call recordings -------------------------------------------------------------------------------

CALL_TIMES = ["2026-03-03T22:30:00+03:00", "2026-03-04T10:00:00+03:00"]


@st.composite
def recording_name(draw) -> str:
    from debtlog.importers.recordings import AUDIO_EXTENSIONS

    when = datetime.fromisoformat(draw(st.sampled_from(CALL_TIMES)))
    y, mo, d, h, mi, s = (when.strftime(f) for f in ("%Y", "%m", "%d", "%H", "%M", "%S"))
    s = draw(st.sampled_from([s, "05", "59", "99"]))
    num = draw(NUMBER)
    who = draw(st.sampled_from(["Иван", "Коллектор", "", "x_y", num]))
    stem = draw(st.one_of(
        st.just(f"{y}{mo}{d}_{h}{mi}{s}.123{draw(st.sampled_from(['+0300', '-9999', 'Z', '']))}_"
                f"{draw(st.sampled_from(['in', 'out', 'conference']))}_sim1_{num}_{who}"),
        st.just(f"{y}-{mo}-{d} {h}-{mi}-{s} (phone) {who} ({num}) {draw(st.sampled_from(['↙', '↗', '']))}"),
        st.just(f"Call recording {who}_{y[2:]}{mo}{d}_{h}{mi}{s}"),
        st.just(f"{who}({num})_{y}{mo}{d}{h}{mi}{s}"),
        st.just(f"Call with {who} {y}-{mo}-{d} {h}-{mi}-{s}"),
        st.just(f"rec_{num}_{y}-{mo}-{d}_{h}.{mi}.{s}_incoming"),
        st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), max_size=30),
    ))
    if draw(st.integers(0, 4)) == 0:  # a mutation: text inserted somewhere
        i = draw(st.integers(0, len(stem)))
        stem = stem[:i] + draw(st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                                       max_size=4)) + stem[i:]
    ext = draw(st.one_of(st.sampled_from(sorted(AUDIO_EXTENSIONS)), st.sampled_from([".txt", "", ".WAV", ".M4A"])))
    name = (stem + ext).replace("/", "_").replace("\x00", "_").strip() or "x.wav"
    while len(name.encode("utf-8")) > 200:
        name = name[:-1]
    return name if name not in (".", "..") else "x.wav"


@st.composite
def recordings_folder(draw):
    """[(relative path as bytes, content, mtime)]: names as str, or raw bytes that are not UTF-8."""
    files = []
    for i in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 5)) == 0:
            name = b"\xc7\xe2\xee\xed\xee\xea_" + str(i).encode() + b".wav"  # cp1251 "Звонок" from an SD card
        else:
            name = draw(recording_name()).encode("utf-8")
        if draw(st.integers(0, 4)) == 0:
            name = b"sub/" + name
        content = draw(st.one_of(st.binary(max_size=64), st.just(b"RIFF\x24\x00\x00\x00WAVEfmt "), st.just(b"")))
        mtime = draw(st.one_of(st.just(None), st.floats(-1e9, 4e9), st.sampled_from(
            [datetime.fromisoformat(t).timestamp() + 60 for t in CALL_TIMES])))
        files.append((name, content, mtime))
    return files


def _write_folder(root: Path, files) -> Path:
    folder = Path(tempfile.mkdtemp(dir=root))
    base = os.fsencode(folder)
    for name, content, mtime in files:
        path = os.path.join(base, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
        if mtime is not None:
            os.utime(path, (mtime, mtime))
    return folder


def _calls():
    from debtlog.importers.common import make_contact

    class E:
        def __init__(self, i, rec):
            self.id, self.record = i, rec

    return [E(i, make_contact(occurred_at=datetime.fromisoformat(t), channel="call", source_id=f"c{i}",
                              timezone=TZ, number=COLLECTOR, duration_s=75)) for i, t in enumerate(CALL_TIMES, 1)]


@READER
@given(files=recordings_folder(), patterns=st.lists(st.sampled_from(
    [r"(?P<y>\d{4})(?P<mo>\d\d)(?P<d>\d\d)(?P<h>\d\d)(?P<mi>\d\d)", r"(?P<number>\d+)_(?P<yy>\d\d)",
     r"^(?P<y>\d+)-(?P<mo>\d+)-(?P<d>\d+) (?P<h>\d+)-(?P<mi>\d+)(?P<tz>[+-]\d{4})?"]), max_size=1))
def test_recordings_scan_and_match(tmp_path_factory, files, patterns):
    from debtlog.importers.recordings import match, scan

    folder = _write_folder(tmp_path_factory.mktemp("r"), files)
    try:
        try:
            found, skipped = scan(folder, timezone=TZ, region=REGION, patterns=patterns)
        except InvalidInput as e:  # a --pattern without the groups of a time is refused up front
            assert patterns and "lacks the named group(s)" in e.message, e.message
            return
        calls = _calls()
        for rec in found:
            assert rec.when.utcoffset() is not None
            assert rec.number is None or (isinstance(rec.number, str) and rec.number)
            entry = match(rec, calls)
            assert entry is None or entry in calls
    except Exception as e:  # noqa: BLE001
        if not known(e):
            raise


# -- command level ---------------------------------------------------------------------------------

def _cmd(cli, vault_path: Path, args: list[str], *, reimport_unchanged: bool = True, where: str = "") -> None:
    """The command either imports (exit 0, vault verifies, again adds nothing) or changes nothing (exit 2)."""
    before = vault_path.read_bytes()
    r = cli(*args, "--json")
    note(f"exit {r.code}: {r.err.strip()[:400]}")
    assert "Traceback" not in r.out + r.err
    if r.code == 70:
        assert vault_path.read_bytes() == before, "a crash changed the vault"
        os.environ["DEBTLOG_DEBUG"] = "1"
        try:
            debug = cli(*args, "--json")
        finally:
            del os.environ["DEBTLOG_DEBUG"]
        frames = re.findall(r'File "[^"]*[/\\]debtlog[/\\](?:[^"]*[/\\])?([^"/\\]+)", line \d+, in (\w+)', debug.err)
        last_exc = re.findall(r"^(?:\w+\.)*(\w+(?:Error|Exception))\b", debug.err, re.M)
        sig = (last_exc[-1] if last_exc else "?", frames[-1][0] if frames else "?", frames[-1][1] if frames else "?")
        if sig in KNOWN_BUGS:
            note(f"known bug {sig}")
            return
        pytest.fail(f"exit 70 for {args}:\n{debug.err}")
    assert r.code in (0, 2), (r.code, r.err)
    if r.code == 2:
        assert vault_path.read_bytes() == before, "a refused import changed the vault"
        assert r.err.strip(), "exit 2 without a message"
        if r.out.strip():
            doc = r.json()
            assert doc["imported"] == 0
            if doc["errors"]:
                first = doc["errors"][0]
                if not isinstance(first["line"], int) and ("BadRecord", where, "position") in KNOWN_BUGS:
                    note(f"known bug: position {first['line']!r}")
                    return
                assert isinstance(first["line"], int), first
                assert re.search(rf"\b(Line|Row) {first['line']}\b", r.err), r.err
        return
    doc = r.json()
    assert set(doc) >= {"read", "imported", "duplicates", "skipped", "errors"}
    v = cli("verify")
    assert v.code == 0, v.out + v.err
    after = vault_path.read_bytes()
    again = cli(*args, "--json")
    assert again.code == 0, again.err
    assert again.json()["imported"] == 0, again.out
    if reimport_unchanged:
        assert vault_path.read_bytes() == after, "a re-import that found nothing new rewrote the vault"


def _file(tmp_path: Path, data: bytes, name: str) -> Path:
    p = Path(tempfile.mkdtemp(dir=tmp_path)) / name
    p.write_bytes(data)
    return p


pytestmark_slow = pytest.mark.slow


@pytestmark_slow
@COMMAND
@given(data=calllog_db())
def test_import_android_command(phone_cli, vault, tmp_path, data):
    _cmd(phone_cli, vault, ["import", "android", str(data.write(tmp_path, "calllog.db")), "--all"])


@pytestmark_slow
@COMMAND
@given(data=adb_text(), partial=st.booleans())
def test_import_adb_command(phone_cli, vault, tmp_path, data, partial):
    _cmd(phone_cli, vault, ["import", "adb", str(_file(tmp_path, data, "calls.txt")), "--all"]
         + (["--partial"] if partial else []))


@pytestmark_slow
@COMMAND
@given(data=ios_calls_db())
def test_import_ios_command(phone_cli, vault, tmp_path, data):
    _cmd(phone_cli, vault, ["import", "ios", str(data.write(tmp_path, "CallHistory.storedata")), "--all"],
         where="ios.py")


@pytestmark_slow
@COMMAND
@given(data=whatsapp_db())
def test_import_whatsapp_command(phone_cli, vault, tmp_path, data):
    _cmd(phone_cli, vault, ["import", "whatsapp", str(data.write(tmp_path, "CallHistory.sqlite")), "--all"],
         where="whatsapp.py")


@pytestmark_slow
@COMMAND
@given(args=csv_file())
def test_import_csv_command(phone_cli, vault, tmp_path, args):
    data, mapping, preset = args
    extra = []
    if mapping:
        extra += ["--map", ",".join(f"{k}={v}" for k, v in mapping.items())]
    if preset:
        extra += ["--preset", preset]
    _cmd(phone_cli, vault, ["import", "csv", str(_file(tmp_path, data, "calls.csv")), "--all", *extra])


@pytestmark_slow
@COMMAND
@given(data=vcard_file())
def test_contacts_import_vcard_command(phone_cli, vault, tmp_path, data):
    _cmd(phone_cli, vault, ["contacts", "import", str(_file(tmp_path, data, "contacts.vcf")), "--format", "vcard"],
         reimport_unchanged=False)


@pytestmark_slow
@COMMAND
@given(data=google_csv_file())
def test_contacts_import_google_csv_command(phone_cli, vault, tmp_path, data):
    _cmd(phone_cli, vault, ["contacts", "import", str(_file(tmp_path, data, "contacts.csv")), "--format",
                            "google-csv"], reimport_unchanged=False)


@pytestmark_slow
@COMMAND
@given(data=ios_addressbook_db())
def test_contacts_import_ios_command(phone_cli, vault, tmp_path, data):
    _cmd(phone_cli, vault, ["contacts", "import", str(data.write(tmp_path, "AddressBook.sqlitedb")), "--format",
                            "ios"], reimport_unchanged=False)


@pytestmark_slow
@COMMAND
@given(files=recordings_folder())
def test_import_recordings_command(phone_cli, vault, tmp_path, files):
    from ..conftest import write_jsonl

    if not any(True for _ in tmp_path.glob("seed.jsonl")):
        seed = write_jsonl(tmp_path / "seed.jsonl", [
            {"source_id": f"seed{i}", "occurred_at": t, "channel": "call", "number": COLLECTOR, "duration_s": 75}
            for i, t in enumerate(CALL_TIMES)])
        assert phone_cli("import", "jsonl", str(seed)).code == 0
    folder = _write_folder(tmp_path, files)
    _cmd(phone_cli, vault, ["import", "recordings", str(folder)], reimport_unchanged=False)


# -- the crashes these properties found, now fixed: each test pins down what a user gets instead --------

def _rows(items):
    return [(p, type(r).__name__) for p, r in items]


def _problems(items):
    from debtlog.importers import RecordProblem

    out = list(items)
    assert all(isinstance(p, int) for p, _r in out), out
    return out, [(p, r.message) for p, r in out if isinstance(r, RecordProblem)]


@pytest.mark.parametrize("line", [b"duration=1e400, type=1", b"duration=inf, type=1", b"duration=nan, type=1",
                                  b"duration=5, type=1e400"])
def test_bug_android_infinite_duration_or_type(line):
    """android.py android_call: an infinite or NaN duration is no duration; an infinite type is no known type."""
    from debtlog.importers.android import read_adb

    items, problems = _problems(read_adb(io.BytesIO(b"Row: 0 number=+79161234567, date=1709494200000, " + line
                                                    + b"\n"), timezone=TZ, region=REGION))
    assert problems == [] and len(items) == 1
    contact = items[0][1]
    check_contact("android.py", contact)
    assert contact.duration_s == (5 if b"duration=5" in line else None)


def test_bug_android_infinite_type_in_calllog_db(tmp_path):
    from debtlog.importers.android import read_calllog_db

    db = build_db(tmp_path / "calllog.db", [("CREATE TABLE calls (_id INTEGER PRIMARY KEY, number, date, type, "
                                             "duration)", ()),
                                            ("INSERT INTO calls VALUES (1, ?, 1709494200000, ?, ?)",
                                             (COLLECTOR, math.inf, math.inf))])
    assert _rows(read_calllog_db(db, timezone=TZ, region=REGION)) == [(1, "Contact")]


@pytest.mark.parametrize("rowid", ["x", math.inf, 2.5])
def test_bug_android_text_id(tmp_path, rowid):
    """android.py read_calllog_db: an _id that is no integer: the row's ordinal is its position."""
    from debtlog.importers.android import read_calllog_db

    db = build_db(tmp_path / "calllog.db", [("CREATE TABLE calls (_id TEXT, number, date, type)", ()),
                                            ("INSERT INTO calls VALUES (?, ?, 1709494200000, 1)", (rowid, COLLECTOR))])
    assert _rows(read_calllog_db(db, timezone=TZ, region=REGION)) == [(1, "Contact")]


def test_bug_ios_text_duration(tmp_path):
    """ios.py _ios_call: a ZDURATION that is text is a problem of that row, with its position."""
    from debtlog.importers.ios import read_ios_calls

    db = build_db(tmp_path / "c.db", [
        ("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE, ZADDRESS, ZORIGINATED, ZDURATION)", ()),
        ("INSERT INTO ZCALLRECORD VALUES (1, 7e8, ?, 0, 'abc')", (COLLECTOR,)),
        ("INSERT INTO ZCALLRECORD VALUES (2, 7e8 + 60, ?, 0, '12.5')", (COLLECTOR,))])
    items, problems = _problems(read_ios_calls(db, timezone=TZ, region=REGION))
    assert problems == [(1, "the call's duration is not a number: 'abc'")]
    assert items[1][1].duration_s == 12.5


def test_bug_ios_text_duration_command(phone_cli, vault, tmp_path):
    db = build_db(tmp_path / "CallHistory.storedata", [
        ("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE, ZADDRESS, ZORIGINATED, ZDURATION)", ()),
        ("INSERT INTO ZCALLRECORD VALUES (7, 7e8, ?, 0, 'abc')", (COLLECTOR,))])
    before = vault.read_bytes()
    r = phone_cli("import", "ios", str(db), "--all")
    assert r.code == 2, r.err
    assert "Row 7: the call's duration is not a number: 'abc'" in r.err
    assert "Traceback" not in r.err and vault.read_bytes() == before


@pytest.mark.parametrize("provider, channel", [(5, "call"), (b"com.apple.Telephony", "call"),
                                               (b"net.whatsapp.WhatsApp", "messenger"), (2.5, "call")])
def test_bug_ios_service_provider_not_text(tmp_path, provider, channel):
    """ios.py _ios_call: ZSERVICE_PROVIDER is read as text when it is a blob, and ignored when it is a number."""
    from debtlog.importers.ios import read_ios_calls

    db = build_db(tmp_path / "c.db", [
        ("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE, ZADDRESS, ZORIGINATED, ZSERVICE_PROVIDER)", ()),
        ("INSERT INTO ZCALLRECORD VALUES (1, 7e8, ?, 0, ?)", (COLLECTOR, provider))])
    [(pos, contact)] = list(read_ios_calls(db, timezone=TZ, region=REGION))
    check_contact("ios.py", contact)
    assert (pos, contact.channel) == (1, channel)
    if channel == "messenger":
        assert "Call through net.whatsapp.WhatsApp" in contact.content


def test_bug_whatsapp_missing_column(tmp_path):
    """whatsapp.py read_whatsapp_ios: columns that are not there are read as NULL; without ZDATE it is no history."""
    from debtlog.importers.whatsapp import read_whatsapp_ios

    db = build_db(tmp_path / "w.db", [("CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, ZDATE)", ()),
                                      ("INSERT INTO ZWACDCALLEVENT VALUES (3, 7e8)", ()),
                                      ("CREATE TABLE ZWAAGGREGATECALLEVENT (Z_PK INTEGER PRIMARY KEY)", ()),
                                      ("CREATE TABLE ZWACDCALLEVENTPARTICIPANT (Z_PK INTEGER PRIMARY KEY)", ())])
    [(pos, contact)] = list(read_whatsapp_ios(db, timezone=TZ, region=REGION))
    check_contact("whatsapp.py", contact)
    assert pos == 3 and contact.channel == "messenger" and contact.number_hidden

    db = build_db(tmp_path / "w2.db", [("CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, ZDURATION)", ())])
    [(pos, problem)] = list(read_whatsapp_ios(db, timezone=TZ, region=REGION))
    assert (pos, problem.is_break) == (0, True) and "no WhatsApp call history" in problem.message


def test_bug_addressbook_missing_column(tmp_path):
    """ios.py read_ios_addressbook: ABMultiValue without 'label' (or ABMultiValueLabel without 'value')."""
    from debtlog.importers.ios import read_ios_addressbook

    db = build_db(tmp_path / "ab.db", [("CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY, First)", ()),
                                       ("CREATE TABLE ABMultiValue (record_id, property, value)", ()),
                                       ("CREATE TABLE ABMultiValueLabel (x)", ()),
                                       ("INSERT INTO ABPerson VALUES (1, 'Anna')", ()),
                                       ("INSERT INTO ABMultiValue VALUES (1, 3, ?)", (COLLECTOR,))])
    [(pos, card)] = list(read_ios_addressbook(db, region=REGION))
    check_card("ios.py", card)
    assert (pos, card.name, card.numbers) == (1, "Anna", [{"number": COLLECTOR, "label": None}])


def test_bug_csv_date_out_of_range():
    """csvlog.py DateParser.parse: a date the vault's time zone moves out of range is a problem of its line."""
    from debtlog.importers.csvlog import read_csv_log

    items, problems = _problems(read_csv_log(io.BytesIO(b"date,number\n0001-01-01T00:00:00+05:00,+79161234567\n"
                                                        b"2026-03-03T10:00:00+03:00,+79161234567\n"),
                                             timezone=TZ, region=REGION))
    assert [p for p, _m in problems] == [2] and "is not a date I can read" in problems[0][1]
    assert type(items[1][1]).__name__ == "Contact"


@pytest.mark.parametrize("line, name", [(b"FN;CHARSET=UTF-7:+2AA-", "\ufffd"),
                                        (b"FN;CHARSET=unicode_escape:\\ud800", "\ufffd"),
                                        (b"FN;CHARSET=unicode_escape:\\ud83d\\ude00 Anna", "\U0001F600 Anna")])
def test_bug_vcard_charset_gives_lone_surrogates(line, name):
    """vcard.py _decode: lone surrogates from a codec become U+FFFD (a pair its character)."""
    from debtlog.importers.vcard import read_vcards

    [(_pos, card)] = list(read_vcards(io.BytesIO(b"BEGIN:VCARD\r\n" + line + b"\r\nEND:VCARD\r\n"), region=REGION))
    check_card("vcard.py", card)
    assert card.name == name


@pytest.mark.parametrize("zdate, duration, jid, expect", [
    ("", 0.0, "79161234567@s.whatsapp.net", "the call's date is not a number: ''"),
    (1e13, 0.0, "79161234567@s.whatsapp.net", "the call's date is not a number: 10000000000000.0"),
    (7e8, b"x", "79161234567@s.whatsapp.net", "the call's duration is not a number: b'x'"),
    (7e8, "", "79161234567@s.whatsapp.net", "the call's duration is not a number: ''"),
    (7e8, "nan", "79161234567@s.whatsapp.net", "the duration (nan) is not a number of seconds"),
    (7e8, 1.0, 5, "+5"), (7e8, 1.0, b"79161234567@s.whatsapp.net", COLLECTOR)])
def test_bug_whatsapp_odd_values(tmp_path, zdate, duration, jid, expect):
    """whatsapp.py read_whatsapp_ios: odd ZDATE / ZDURATION are problems of their row; JIDs are read as text."""
    from debtlog.importers.whatsapp import read_whatsapp_ios

    db = build_db(tmp_path / "w.db", [
        ("CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, ZOUTCOME, Z1CALLEVENTS, ZDATE, ZDURATION, "
         "ZGROUPCALLCREATORUSERJIDSTRING, ZGROUPJIDSTRING)", ()),
        ("INSERT INTO ZWACDCALLEVENT VALUES (1, 0, NULL, ?, ?, ?, NULL)", (zdate, duration, jid))])
    items, problems = _problems(read_whatsapp_ios(db, timezone=TZ, region=REGION))
    if expect.startswith("+"):
        assert problems == [] and items[0][1].number == expect
        check_contact("whatsapp.py", items[0][1])
    else:
        assert problems == [(1, expect)]


def _damaged(path: Path, script: list[tuple[str, tuple]]) -> Path:
    """A database whose first page is sound (SqliteCopy opens it) and whose table pages are not."""
    build_db(path, script)
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * 4096
    data[3 * 4096:3 * 4096 + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
    return path


def _damaged_script(reader: str) -> list[tuple[str, tuple]]:
    long = COLLECTOR * 20
    n = range(1, 201)
    return {
        "android": [("CREATE TABLE calls (_id INTEGER PRIMARY KEY, number, date, type)", ())]
        + [("INSERT INTO calls VALUES (?, ?, ?, 1)", (i, long, 1709494200000 + i)) for i in n],
        "ios": [("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE, ZADDRESS, ZORIGINATED)", ())]
        + [("INSERT INTO ZCALLRECORD VALUES (?, ?, ?, 0)", (i, 7e8 + i, long)) for i in n],
        "whatsapp": [("CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, ZOUTCOME, Z1CALLEVENTS, ZDATE, "
                      "ZDURATION, ZGROUPCALLCREATORUSERJIDSTRING, ZGROUPJIDSTRING)", ())]
        + [("INSERT INTO ZWACDCALLEVENT VALUES (?, 0, NULL, ?, 1.0, ?, NULL)", (i, 7e8 + i, long)) for i in n],
        "addressbook": [("CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY, First)", ()),
                        ("CREATE TABLE ABMultiValue (record_id, property, label, value)", ())]
        + [("INSERT INTO ABMultiValue VALUES (?, 3, NULL, ?)", (i, long)) for i in n],
    }[reader]


@pytest.mark.parametrize("reader", ["android", "ios", "whatsapp", "addressbook"])
def test_bug_damaged_database_page(tmp_path, reader):
    """All four SQLite readers: a damaged page found while reading the rows ends the reader with a break
    that names the file, says it is damaged and to copy or export it again."""
    from debtlog.importers.android import read_calllog_db
    from debtlog.importers.ios import read_ios_addressbook, read_ios_calls
    from debtlog.importers.whatsapp import read_whatsapp_ios

    db = _damaged(tmp_path / "x.db", _damaged_script(reader))
    read = {"android": read_calllog_db, "ios": read_ios_calls, "whatsapp": read_whatsapp_ios}.get(reader)
    items = read(db, timezone=TZ, region=REGION) if read else read_ios_addressbook(db, region=REGION)
    items, problems = _problems(items)
    last = items[-1][1]
    assert last.is_break and problems[-1][1] == last.message
    assert str(db) in last.message and "is damaged" in last.message and "again" in last.message
    assert "database disk image is malformed" in last.message


@pytest.mark.parametrize("reader", ["android", "ios", "whatsapp"])
def test_bug_damaged_database_page_command(phone_cli, vault, tmp_path, reader):
    """The command: exit 2, nothing imported, the message names the file; --partial imports what came before."""
    db = _damaged(tmp_path / "x.db", _damaged_script(reader))
    before = vault.read_bytes()
    r = phone_cli("import", reader, str(db), "--all", "--json")
    assert r.code == 2, r.err
    assert "Traceback" not in r.err and vault.read_bytes() == before
    assert re.search(r"Row \d+: .*x\.db is damaged: SQLite cannot read it after \d+ row\(s\)", r.err), r.err
    assert "--partial" in r.err and r.json()["imported"] == 0
    r = phone_cli("import", reader, str(db), "--all", "--partial", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert "is damaged" in doc["errors"][-1]["message"] and isinstance(doc["errors"][-1]["line"], int)


def test_bug_damaged_address_book_command(phone_cli, vault, tmp_path):
    db = _damaged(tmp_path / "AddressBook.sqlitedb", _damaged_script("addressbook"))
    before = vault.read_bytes()
    r = phone_cli("contacts", "import", str(db), "--format", "ios")
    assert r.code == 2, r.err
    assert "AddressBook.sqlitedb is damaged" in r.err and "again" in r.err and "Traceback" not in r.err
    assert vault.read_bytes() == before


@pytest.mark.parametrize("first, org, guid, label, expect", [
    (1.0, None, None, "_$!<Mobile>!$_", ("1.0", None, None, "Mobile")),
    (None, 7, None, "_$!<Mobile>!$_", ("7", "7", None, "Mobile")),
    ("Anna", None, 5, "_$!<Mobile>!$_", ("Anna", None, "ios-ab:5", "Mobile")),
    ("Anna", None, None, 3, ("Anna", None, None, "3")),
    (b"\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0", None, b"G1", "_$!<Mother>!$_", ("Анна", None, "ios-ab:G1", "Mother"))])
def test_bug_addressbook_names_not_text(tmp_path, first, org, guid, label, expect):
    """ios.py read_ios_addressbook: names, organisation, guid and labels are read as text, whatever they hold."""
    from debtlog.importers.ios import read_ios_addressbook

    db = build_db(tmp_path / "ab.db", [
        ("CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY, First, Organization, guid)", ()),
        ("CREATE TABLE ABMultiValue (record_id, property, label, value)", ()),
        ("CREATE TABLE ABMultiValueLabel (value)", ()),
        ("INSERT INTO ABPerson VALUES (1, ?, ?, ?)", (first, org, guid)),
        ("INSERT INTO ABMultiValueLabel (ROWID, value) VALUES (1, ?)", (label,)),
        ("INSERT INTO ABMultiValue VALUES (1, 3, 1, ?)", (COLLECTOR,))])
    [(_pos, card)] = list(read_ios_addressbook(db, region=REGION))
    check_card("ios.py", card)
    name, organization, uid, number_label = expect
    assert (card.name, card.organization, card.numbers[0]["label"]) == (name, organization, number_label)
    if uid:
        assert card.uid == uid


def test_bug_recordings_pattern_without_date_groups(tmp_path):
    """recordings.py: a --pattern without the groups of a time is refused up front, saying which are missing;
    parse_name itself passes over such a pattern instead of failing."""
    from debtlog.importers.recordings import check_patterns, parse_name, scan

    assert parse_name("79161234567_26", [r"(?P<number>\d+)_(?P<yy>\d\d)"]) is None
    info = parse_name("79161234567_20260303_223005", [r"(?P<number>\d+)_(?P<yy>\d\d)"])
    assert info is not None and info.layout == "generic"
    with pytest.raises(InvalidInput) as e:
        check_patterns([r"(?P<number>\d+)_(?P<yy>\d\d)"])
    assert "lacks the named group(s) mo, d, h, mi" in e.value.message
    with pytest.raises(InvalidInput) as e:
        scan(tmp_path, timezone=TZ, region=REGION, patterns=[r"(?P<mo>\d\d)(?P<d>\d\d)(?P<h>\d\d)(?P<mi>\d\d)"])
    assert "lacks the named group(s) y (or yy) that" in e.value.message
    check_patterns([r"(?P<yy>\d\d)(?P<mo>\d\d)(?P<d>\d\d)(?P<h>\d\d)(?P<mi>\d\d)"])


def test_bug_recordings_pattern_without_date_groups_command(phone_cli, vault, tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "79161234567_26.m4a").write_bytes(b"x")
    before = vault.read_bytes()
    r = phone_cli("import", "recordings", str(folder), "--pattern", r"(?P<number>\d+)_(?P<yy>\d\d)")
    assert r.code == 2, r.err
    assert "lacks the named group(s) mo, d, h, mi" in r.err and "Traceback" not in r.err
    assert vault.read_bytes() == before


@pytest.mark.parametrize("schema", ["Z_PK TEXT, ZDATE, ZADDRESS, ZORIGINATED", "ZDATE, ZADDRESS, ZORIGINATED"])
def test_bug_ios_calls_position_not_a_number(tmp_path, schema):
    """ios.py read_ios_calls: a Z_PK that is text or missing: the row's ordinal is the position."""
    from debtlog.importers.ios import read_ios_calls

    cols = [c.split()[0] for c in schema.split(", ")]
    values = {"Z_PK": "53", "ZDATE": None, "ZADDRESS": COLLECTOR, "ZORIGINATED": 0}
    db = build_db(tmp_path / "c.db", [
        (f"CREATE TABLE ZCALLRECORD ({schema})", ()),
        (f"INSERT INTO ZCALLRECORD ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
         tuple(values[c] for c in cols))])
    check_reader("ios.py-regression", read_ios_calls(db, timezone=TZ, region=REGION))
    _items, problems = _problems(read_ios_calls(db, timezone=TZ, region=REGION))
    assert problems == [(1, "the call has no date (ZDATE)")]


def test_bug_whatsapp_position_not_a_number(tmp_path):
    from debtlog.importers.whatsapp import read_whatsapp_ios

    db = build_db(tmp_path / "w.db", [("CREATE TABLE ZWACDCALLEVENT (Z_PK TEXT, ZDATE)", ()),
                                      ("INSERT INTO ZWACDCALLEVENT VALUES ('53', NULL)", ())])
    _items, problems = _problems(read_whatsapp_ios(db, timezone=TZ, region=REGION))
    assert problems == [(1, "the call has no date (ZDATE)")]


def test_bug_ios_calls_position_command(phone_cli, vault, tmp_path):
    db = build_db(tmp_path / "CallHistory.storedata", [
        ("CREATE TABLE ZCALLRECORD (ZDATE, ZADDRESS, ZORIGINATED)", ()),
        ("INSERT INTO ZCALLRECORD VALUES (NULL, ?, 0)", (COLLECTOR,))])
    r = phone_cli("import", "ios", str(db), "--all", "--json")
    assert r.code == 2, r.err
    assert r.json()["errors"] == [{"line": 1, "message": "the call has no date (ZDATE)"}]
    assert "Row 1: the call has no date (ZDATE)" in r.err


def test_bug_sqlite_schema_not_utf8(tmp_path):
    """common.py SqliteCopy: a schema that is not UTF-8 text is a damaged database (InvalidInput, exit 2)."""
    from debtlog.importers.android import read_calllog_db

    db = Db([('CREATE TABLE "calls" ("number" , "date" , "type" )', ())], flip=(44426, 128)).write(tmp_path)
    with pytest.raises(InvalidInput) as e:
        list(read_calllog_db(db, timezone=TZ, region=REGION))
    assert e.value.message == f"{db} is damaged: its table definitions are not valid UTF-8 text."
    assert "again" in e.value.hint


def test_bug_sqlite_column_name_not_utf8(tmp_path):
    """A column name that is not UTF-8 (PRAGMA table_info: 'Could not decode to UTF-8'): the same refusal."""
    from debtlog.importers.ios import read_ios_calls

    db = build_db(tmp_path / "c.db", [("CREATE TABLE ZCALLRECORD (ZDATE, ZADDRESS, ZORIGINATED, ZNAMEX)", ())])
    data = db.read_bytes()
    i = data.index(b"ZNAMEX")
    db.write_bytes(data[:i + 5] + b"\xff" + data[i + 6:])
    with pytest.raises(InvalidInput) as e:
        list(read_ios_calls(db, timezone=TZ, region=REGION))
    assert "is damaged: its table definitions are not valid UTF-8 text" in e.value.message


def test_bug_sqlite_schema_not_utf8_command(phone_cli, vault, tmp_path):
    db = Db([('CREATE TABLE "calls" ("number" , "date" , "type" )', ())], flip=(44426, 128)).write(tmp_path,
                                                                                                   "calllog.db")
    r = phone_cli("import", "android", str(db), "--all")
    assert r.code == 2, r.err
    assert "calllog.db is damaged: its table definitions are not valid UTF-8 text." in r.err
    assert "Traceback" not in r.err


@pytest.mark.parametrize("source", ["ios", "csv"])
def test_bug_nan_duration(tmp_path, source):
    """common.py make_contact: a NaN or infinite duration is a problem of its record (CSV: 'not a duration',
    and the call is not marked answered)."""
    from debtlog.importers.csvlog import read_csv_log
    from debtlog.importers.ios import read_ios_calls

    if source == "ios":
        db = build_db(tmp_path / "c.db", [
            ("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE, ZADDRESS, ZORIGINATED, ZDURATION)", ()),
            ("INSERT INTO ZCALLRECORD VALUES (1, 7e8, ?, 0, 'NAN')", (COLLECTOR,)),
            ("INSERT INTO ZCALLRECORD VALUES (2, 7e8 + 1, ?, 0, 'inf')", (COLLECTOR,))])
        items = read_ios_calls(db, timezone=TZ, region=REGION)
        expect = [(1, "the duration (nan) is not a number of seconds"),
                  (2, "the duration (inf) is not a number of seconds")]
    else:
        items = read_csv_log(io.BytesIO(b"date,number,duration\n2026-03-03 10:00,+79161234567,nan:0\n"
                                        b"2026-03-03 10:05,+79161234567,inf:0\n"), timezone=TZ, region=REGION)
        expect = [(2, "'nan:0' is not a duration"), (3, "'inf:0' is not a duration")]
    check_reader(source + "-regression", items)
    items = read_ios_calls(db, timezone=TZ, region=REGION) if source == "ios" else read_csv_log(
        io.BytesIO(b"date,number,duration\n2026-03-03 10:00,+79161234567,nan:0\n"
                   b"2026-03-03 10:05,+79161234567,inf:0\n"), timezone=TZ, region=REGION)
    assert _problems(items)[1] == expect


def test_make_contact_refuses_non_finite_durations():
    from debtlog.importers import RecordProblem
    from debtlog.importers.common import make_contact

    for bad in (math.nan, math.inf, -math.inf):
        got = make_contact(occurred_at=datetime(2026, 3, 3, tzinfo=dt_timezone.utc), channel="call", source_id="x",
                           timezone=TZ, duration_s=bad)
        assert isinstance(got, RecordProblem) and "is not a number of seconds" in got.message


def test_recording_with_a_file_name_not_utf8_command(phone_cli, vault, tmp_path):
    """A recording from an SD card whose name is cp1251 bytes ("Звонок_0.wav"), matched to a call by
    its file time: attaching it crashed on the name (UnicodeEncodeError in log.py link_hash)."""
    import wave

    from ..conftest import write_jsonl

    seed = write_jsonl(tmp_path / "seed.jsonl", [{"source_id": "seed0", "occurred_at": CALL_TIMES[0],
                                                  "channel": "call", "number": COLLECTOR, "duration_s": 75}])
    assert phone_cli("import", "jsonl", str(seed)).code == 0
    folder = tmp_path / "rec"
    folder.mkdir()
    audio = io.BytesIO()
    with wave.open(audio, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * 8000)
    path = os.path.join(os.fsencode(folder), b"\xc7\xe2\xee\xed\xee\xea_0.wav")
    with open(path, "wb") as f:
        f.write(audio.getvalue())
    end = datetime.fromisoformat(CALL_TIMES[0]).timestamp() + 60
    os.utime(path, (end, end))
    r = phone_cli("import", "recordings", str(folder), "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 1
    [entry] = phone_cli("list", "--json").json()
    name = entry["attachments"][0]["filename"]
    name.encode("utf-8")  # text, whatever the name's bytes were
    assert name == "\\xc7\\xe2\\xee\\xed\\xee\\xea_0.wav", name  # the bytes kept, not guessed
    assert phone_cli("verify").code == 0
