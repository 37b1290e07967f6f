"""Property-based tests: any valid JSONL record round-trips; any input gives records or a clear error."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debtlog.importers import ImportFailed, ingest
from debtlog.importers.jsonl import read_jsonl
from debtlog.models import CHANNELS, DIRECTIONS, OUTCOMES, RELATIONS, Profile
from debtlog.vault import _connect
from debtlog.vault.log import EvidenceLog
from debtlog.vault.schema import migrate

TZ = "Europe/Moscow"
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
names = st.one_of(st.none(), text.filter(lambda s: s.strip()).map(lambda s: " ".join(s.split())[:40] or "x"))


def fresh_log() -> EvidenceLog:
    conn = _connect(None, None)
    conn.execute("BEGIN")
    migrate(conn)
    log = EvidenceLog(conn)
    log.initialise(Profile("RU", TZ), b"p" * 32, b"k" * 32)
    return log


@st.composite
def contacts(draw):
    when = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31),
                             timezones=st.just(timezone(timedelta(hours=draw(st.integers(-12, 14)))))))
    rec = {
        "type": "contact",
        "source_id": draw(st.uuids()).hex,
        "occurred_at": when.replace(microsecond=0).isoformat(),
        "channel": draw(st.sampled_from(CHANNELS)),
        "direction": draw(st.sampled_from(DIRECTIONS)),
        "outcome": draw(st.one_of(st.none(), st.sampled_from(OUTCOMES))),
        "robot": draw(st.booleans()),
        "number": draw(st.one_of(st.none(), st.from_regex(r"\+7 9[0-9]{2} [0-9]{3}-[0-9]{2}-[0-9]{2}", fullmatch=True))),
        "number_hidden": draw(st.booleans()),
        "agency": draw(names),
        "creditor": draw(names),
        "caller": draw(names),
        "identified": draw(st.one_of(st.none(), st.booleans())),
        "target": draw(st.sampled_from(("debtor", "third_party"))),
        "third_party": draw(st.one_of(st.none(), st.fixed_dictionaries({
            "name": names.filter(lambda n: n is not None), "relation": st.sampled_from(RELATIONS),
            "number": st.none()}))),
        "debt": draw(names),
        "duration_s": draw(st.one_of(st.none(), st.integers(0, 7200), st.floats(0, 7200, allow_nan=False))),
        "content": draw(text),
    }
    return rec


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(contacts(), min_size=1, max_size=8))
def test_valid_records_round_trip(records):
    log = fresh_log()
    lines = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records]
    summary = ingest(log, read_jsonl(iter(lines), timezone=TZ, region="RU"))
    assert summary.imported == len(records)
    out = {e.payload["source_id"]: e.to_json() for e in log.entries()}
    for r in records:
        got = out[r["source_id"]]
        # The same instant, shown in the debtor's zone.
        assert datetime.fromisoformat(got["occurred_at"]) == datetime.fromisoformat(r["occurred_at"])
        assert got["occurred_at"].endswith(("+03:00", "+04:00", "+02:00"))
        for key in ("channel", "direction", "outcome", "robot", "number_hidden", "identified", "target", "content"):
            assert got[key] == r[key], key
        for key in ("agency", "creditor", "caller", "debt"):
            assert got[key] == ((r[key] or "").strip() or None), key
        if r["number"]:
            assert got["number"] == "+7" + "".join(ch for ch in r["number"][2:] if ch.isdigit())
        if r["duration_s"] is not None:
            assert got["duration_s"] == r["duration_s"]
        if r["third_party"]:
            assert got["third_party"]["relation"] == r["third_party"]["relation"]
    assert log.verify().ok
    # A second import of the same lines adds nothing.
    again = ingest(log, read_jsonl(iter(lines), timezone=TZ, region="RU"))
    assert again.imported == 0 and again.duplicates == len(records)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=80), st.text(max_size=80).map(str.encode),
                          st.dictionaries(st.sampled_from(["occurred_at", "channel", "number", "source_id", "x",
                                                           "duration_s", "type", "kind", "at"]),
                                          st.one_of(st.none(), st.integers(), st.text(max_size=20), st.booleans()))
                          .map(lambda d: json.dumps(d).encode())), max_size=6))
def test_any_input_gives_records_or_a_clear_error(lines):
    log = fresh_log()
    data = [line.replace(b"\n", b" ") + b"\n" for line in lines]
    try:
        summary = ingest(log, read_jsonl(iter(data), timezone=TZ, region="RU"))
    except ImportFailed as e:
        assert e.summary.errors and all(isinstance(err["line"], int) and err["message"] for err in e.summary.errors)
        assert e.exit_code == 2
        return
    assert summary.imported + summary.duplicates == summary.read
