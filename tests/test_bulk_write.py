"""The bulk write path of imports stores exactly what adding records one by one stores.

Imports go through ``EvidenceLog.bulk()`` and ``add(..., fast=True)``: a templated canonical
JSON (``records.contact_json``), the link hash computed in place, batched plain INSERTs, and
the secondary indexes dropped and built again around a big batch. None of that may change a
byte of the chain or a row of the tables.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtlog.models import Contact, Milestone, Profile, ThirdParty
from debtlog.records import canonical_json, contact_json, payload_of
from debtlog.vault import create_vault, open_log
from debtlog.vault.crypto import MINIMUM_KDF

from .conftest import PASS

MSK = ZoneInfo("Europe/Moscow")
RECORDED = "2026-03-20T10:00:00+03:00"

text = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["", "a\"b\\c", "\x00\x1f\u2028😀", "ООО Пример"]))
number = st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
                   st.booleans())
flag = st.one_of(st.booleans(), st.none(), st.sampled_from([0, 1, 1.0]))  # 1 == True, but JSON writes them apart
zone = st.sampled_from(["Europe/Moscow", "UTC", "Asia/Kolkata", "America/St_Johns"])


@st.composite
def contacts(draw):
    when = datetime(2000, 1, 1, tzinfo=timezone.utc) + timedelta(
        microseconds=draw(st.integers(0, 40 * 365 * 86400 * 10**6)))
    tp = draw(st.one_of(st.none(), st.builds(ThirdParty, text, st.sampled_from([None, "relative", "employer"]),
                                             text)))
    return Contact(occurred_at=when.astimezone(ZoneInfo(draw(zone))), channel=draw(st.sampled_from(["call", "sms"])),
                   source_id=draw(text), direction=draw(st.sampled_from(["incoming", "outgoing"])),
                   outcome=draw(st.sampled_from([None, "answered", "missed"])), robot=draw(flag),
                   number=draw(text), number_hidden=draw(flag), agency=draw(text), creditor=draw(text),
                   caller=draw(text), identified=draw(flag), target=draw(st.sampled_from(["debtor", "third_party"])),
                   third_party=tp, debt=draw(text), duration_s=draw(number), content=draw(text),
                   timezone=draw(st.one_of(st.none(), zone)))


@settings(max_examples=400, deadline=None)
@given(st.lists(contacts(), min_size=1, max_size=4), zone)
def test_contact_json_is_canonical_json(records, tz):
    # several records in a row: what one caches must not leak into the next
    for record in records:
        record = replace(record, timezone=tz)
        assert contact_json(record, tz) == canonical_json(payload_of(record))


def test_true_and_one_are_not_confused():
    base = Contact(occurred_at=datetime(2026, 3, 3, 12, tzinfo=MSK), channel="call", timezone="Europe/Moscow")
    for robot in (True, 1, 1.0, False, 0):
        record = replace(base, robot=robot, number_hidden=robot, identified=robot)
        assert contact_json(record, "Europe/Moscow") == canonical_json(payload_of(record))


def _records() -> list:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=MSK)
    out: list = []
    for i in range(60):
        out.append(Contact(
            occurred_at=start + timedelta(minutes=37 * i, microseconds=i % 3), channel=("call", "sms")[i % 2],
            source_id=None if i % 9 == 0 else f"src-{i}", outcome=(None, "answered", "missed")[i % 3],
            number=None if i % 11 == 0 else f"+7916000{i % 7:04d}", number_hidden=i % 11 == 0,
            agency="ООО  Пример" if i % 5 == 0 else None, duration_s=(None, 12, 7.5)[i % 3],
            content=("", "Угрозы \"в кавычках\"", "x\ny")[i % 3], robot=i % 13 == 0,
            identified=(None, True, False)[i % 3],
            third_party=ThirdParty("Мама", "relative", "+79035550000") if i % 8 == 0 else None,
            timezone=None if i % 4 else "Asia/Kolkata"))
        if i % 20 == 19:
            out.append(Milestone(kind="refusal", at=start.date() + timedelta(days=i), source_id=f"m-{i}"))
    return out


def _dump(path):
    with open_log(path, PASS) as log:
        assert log.verify().ok
        tables = {t: log.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                  for t in ("chain", "entries", "collectors", "collector_numbers")}
        tables["indexes"] = sorted(log.conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
        return tables


@pytest.mark.parametrize("already", [0, 20])
def test_fast_bulk_stores_what_the_record_by_record_path_stores(tmp_path, monkeypatch, already):
    """Against ``add`` without ``fast`` in the same bulk: numbers learned from agencies included."""
    from debtlog.vault.log import EvidenceLog

    monkeypatch.setattr(EvidenceLog, "_now", lambda self: RECORDED)  # the learned numbers' link
    slow, fast = tmp_path / "slow.debtlog", tmp_path / "fast.debtlog"
    create_vault(slow, PASS, Profile(jurisdiction="RU", timezone="Europe/Moscow"), kdf=MINIMUM_KDF)
    fast.write_bytes(slow.read_bytes())  # the same genesis link, so the same chain
    records = _records()
    earlier, records = records[:already], records[already:]
    for path in (slow, fast):
        with open_log(path, PASS, write=True) as log:
            for r in earlier:
                log.add(r, recorded_at=RECORDED)
    with open_log(slow, PASS, write=True) as log:
        with log.bulk(size=10**6):  # one batch: the indexes stay
            for r in records:
                log.add(r, recorded_at=RECORDED)
    with open_log(fast, PASS, write=True) as log:
        with log.bulk(size=7):  # small batches: the indexes are dropped part-way and built again
            ids = [log.add(r, recorded_at=RECORDED, fast=True) for r in records]
            dropped = log.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries_time'").fetchone() is None
        assert dropped  # the path that builds them again was taken
        assert ids == list(range(already + 1, already + len(records) + 1))
    a, b = _dump(slow), _dump(fast)
    assert a == b
    assert b["collector_numbers"]  # the agency's numbers were learned


def test_bulk_without_learned_numbers_is_byte_identical(tmp_path):
    one, bulk = tmp_path / "one.debtlog", tmp_path / "bulk.debtlog"
    create_vault(one, PASS, Profile(jurisdiction="RU", timezone="Europe/Moscow"), kdf=MINIMUM_KDF)
    bulk.write_bytes(one.read_bytes())
    records = [replace(r, agency=None) if isinstance(r, Contact) else r for r in _records()]
    with open_log(one, PASS, write=True) as log:
        for r in records:
            log.add(r, recorded_at=RECORDED)
    with open_log(bulk, PASS, write=True) as log:
        with log.bulk(size=5):
            for r in records:
                log.add(r, recorded_at=RECORDED, fast=True)
    assert _dump(one) == _dump(bulk)


def test_a_duplicate_source_id_in_a_bulk_fails_instead_of_replacing(tmp_path):
    path = tmp_path / "v.debtlog"
    create_vault(path, PASS, Profile(jurisdiction="RU", timezone="Europe/Moscow"), kdf=MINIMUM_KDF)
    c = Contact(occurred_at=datetime(2026, 3, 3, 12, tzinfo=MSK), channel="call", source_id="same")
    for size in (2000, 1):  # inserted with the indexes, or checked when they are built again
        with pytest.raises(sqlite3.IntegrityError):
            with open_log(path, PASS, write=True) as log:
                with log.bulk(size=size):
                    for i in range(3):
                        log.add(replace(c, occurred_at=c.occurred_at + timedelta(hours=i)), RECORDED, True)
    with open_log(path, PASS) as log:
        assert log.count() == 0  # nothing was saved


def test_sorts_never_spill_to_a_temporary_file(tmp_path):
    path = tmp_path / "v.debtlog"
    create_vault(path, PASS, Profile(jurisdiction="RU", timezone="Europe/Moscow"), kdf=MINIMUM_KDF)
    with open_log(path, PASS) as log:
        assert log.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
