"""Android's own call log: ``calllog.db`` (table ``calls``) and ``adb shell content query``.

``calllog.db`` lives in /data/data/com.android.providers.contacts/databases/ (a rooted phone,
or a backup that holds it). Without root, ``adb`` prints the same rows as text:

    adb shell content query --uri content://call_log/calls > calls.txt

    Row: 0 _id=1, number=+79161234567, presentation=1, date=1709494200000, duration=45,
           type=1, name=NULL, subscription_id=1, ...

Both use CallLog.Calls columns (date in epoch milliseconds, type 1-7, presentation 1-4), and
the same source ids as SMS Backup & Restore's calls, so one call imported from two of these
exports is stored once.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Callable, Iterator

from ..i18n import _
from . import RecordProblem
from .common import (
    HIDDEN_PRESENTATIONS,
    Localiser,
    SqliteCopy,
    guard_damage,
    break_problem,
    call_fields,
    clean,
    is_hidden_number,
    make_contact,
    number_normaliser,
    stable_id,
    text_of,
)

_ROW = re.compile(r"^Row:\s*(\d+)\s+(.*)$")
_FIELD_SPLIT = re.compile(r",\s(?=[A-Za-z_][A-Za-z0-9_]*=)")


def _text(value) -> str | None:
    """A column's value as text: a blob of UTF-8 (or UTF-16) is decoded, not written as b'...'."""
    if isinstance(value, (bytes, memoryview)):
        return text_of(value)
    return str(value)


def android_call(row: dict, loc: Localiser, norm, tz: str, what: str = "row"):
    """A Contact from one CallLog.Calls row (a dict of column name -> text or number)."""
    date_v = row.get("date")
    try:
        date = int(float(date_v))
        if not 0 < date < 32_503_680_000_000:  # up to the year 3000 (found by fuzzing the SB&R reader)
            raise ValueError(date)
    except (TypeError, ValueError, OverflowError):
        return RecordProblem(_("the {what} has no valid 'date' ({v!r})").format(what=what, v=date_v))
    try:
        call_type = int(row.get("type") or 0)
    except (TypeError, ValueError, OverflowError):  # text, a blob, an infinity: not a call type
        call_type = 0
    try:
        duration = int(float(row["duration"])) if row.get("duration") not in (None, "", "NULL") else None
    except (TypeError, ValueError, OverflowError):  # NaN, an infinity ("1e400"): no duration
        duration = None
    raw = row.get("number")
    raw = None if raw in (None, "NULL") else _text(raw)
    presentation = str(row.get("presentation") or "1")
    hidden = presentation in HIDDEN_PRESENTATIONS or is_hidden_number(raw)
    direction, outcome, note = call_fields(call_type, duration)
    name = clean(_text(row["name"])) if row.get("name") not in (None, "NULL") else None
    sim = row.get("subscription_id")
    parts = [_(note) if note else "", _("Saved on the phone as: {name}").format(name=name) if name else "",
             _("SIM {sim}").format(sim=sim) if sim not in (None, "", "NULL", "-1", -1) else ""]
    return make_contact(
        occurred_at=loc.from_ms(date), channel="call", timezone=tz,
        source_id=stable_id("android-call", str(date), "" if hidden else raw.strip(), str(call_type)),
        direction=direction, outcome=outcome, number=None if hidden else norm(raw), number_hidden=hidden,
        duration_s=duration, content="\n".join(p for p in parts if p),
    )


def read_calllog_db(path, *, timezone: str, region: str, progress: Callable[[int], None] | None = None
                    ) -> Iterator[tuple[int, object]]:
    """Yield ``(row id, Contact | RecordProblem)`` from calllog.db's ``calls`` table.

    The position is the row's ``_id`` when that is an integer, otherwise its ordinal.
    """
    return guard_damage(path, _read_calllog_db(path, timezone=timezone, region=region))


def _read_calllog_db(path, *, timezone: str, region: str) -> Iterator[tuple[int, object]]:
    loc, norm = Localiser(timezone), number_normaliser(region)
    with SqliteCopy(path) as conn:
        cols = {r[1].lower() for r in conn.execute("PRAGMA table_info(calls)")}
        if not {"number", "date", "type"} <= cols:
            yield 0, break_problem(_("this database has no Android 'calls' table (number, date, type)"))
            return
        wanted = [c for c in ("_id", "number", "presentation", "date", "duration", "type", "name", "subscription_id")
                  if c in cols]
        cur = conn.execute(f"SELECT {', '.join(wanted)} FROM calls ORDER BY date")
        for i, values in enumerate(cur, 1):
            row = dict(zip(wanted, values))
            rowid = row.get("_id")
            yield rowid if rowid.__class__ is int else i, android_call(row, loc, norm, timezone)


def read_adb(src: BinaryIO, *, timezone: str, region: str, progress: Callable[[int], None] | None = None
             ) -> Iterator[tuple[int, object]]:
    """Yield ``(line, Contact | RecordProblem)`` from ``adb shell content query`` output."""
    loc, norm = Localiser(timezone), number_normaliser(region)
    rows = 0
    for line_no, raw in enumerate(src, 1):
        if progress is not None:
            progress(len(raw))
        text = raw.decode("utf-8", "replace").strip().lstrip("\ufeff")
        if not text:
            continue
        m = _ROW.match(text)
        if not m:
            if line_no == 1 or rows == 0:
                yield line_no, break_problem(_("not the output of 'adb shell content query' (a line starts "
                                               "with 'Row: ')"))
                return
            yield line_no, RecordProblem(_("not a 'Row:' line"))
            continue
        rows += 1
        row = {}
        for field in _FIELD_SPLIT.split(m.group(2)):
            k, _sep, v = field.partition("=")
            row[k.strip()] = v
        if "date" not in row or "type" not in row:
            yield line_no, RecordProblem(_("the row has no 'date' or 'type' (query the columns: --projection "
                                           "number:date:duration:type:presentation)"))
            continue
        yield line_no, android_call(row, loc, norm, timezone, what="row")
