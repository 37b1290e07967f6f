"""What the phone-log importers share: call types, times from epoch counts, stable source ids,
hidden numbers, a cached number normaliser and the break ("the file stops here") record.

Everything stays on the standard library; phonenumbers is reached only through
``debtlog.phones.normalize_number`` (itself cached).
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta, timezone as dt_timezone
from typing import Any, Callable, Iterator

from ..i18n import _
from ..models import Contact
from . import RecordProblem

# Android CallLog.Calls.TYPE (also what SMS Backup & Restore and adb print).
ANDROID_CALL_TYPES: dict[int, tuple[str, str | None, str]] = {
    # type: (direction, outcome, note)
    1: ("incoming", "answered", ""),
    2: ("outgoing", None, ""),
    3: ("incoming", "missed", ""),
    4: ("incoming", "voicemail", ""),
    5: ("incoming", "rejected", ""),
    6: ("incoming", "rejected", "Blocked by the phone"),
    7: ("incoming", "answered", "Answered on another device"),
}
# Android CallLog.Calls.NUMBER_PRESENTATION: 1 allowed, 2 restricted, 3 unknown, 4 payphone.
HIDDEN_PRESENTATIONS = {"2", "3", "4"}
# What phones and exporters write in place of a withheld number.
HIDDEN_NUMBER_TEXT = {"", "-1", "-2", "-3", "-4", "null", "unknown", "private", "restricted", "anonymous",
                      "withheld", "payphone", "hidden", "(unknown)", "no caller id", "скрытый", "неизвестный",
                      "未知号码", "sconosciuto", "privato"}
NULL_TEXT = {"", "null", "(unknown)", "(null)"}

EPOCH_1970 = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)
EPOCH_2001 = datetime(2001, 1, 1, tzinfo=dt_timezone.utc)  # Apple's Core Data reference date


def stable_id(prefix: str, *fields: Any) -> str:
    """A source id from the source's own fields: the same record in another export gets the same id."""
    text = "\x1f".join(["" if f is None else f if f.__class__ is str else str(f) for f in fields])
    return prefix + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return None if text.lower() in NULL_TEXT else text


def is_hidden_number(raw: str | None) -> bool:
    return raw is None or raw.strip().lower() in HIDDEN_NUMBER_TEXT


class Localiser:
    """Turns epoch counts into aware datetimes in the vault's time zone (the zone is looked up once)."""

    def __init__(self, tz: str):
        from zoneinfo import ZoneInfo

        self.zone = ZoneInfo(tz)
        self.name = tz

    def from_ms(self, ms: int | float) -> datetime:
        return self.from_unix(ms / 1000.0)

    def from_unix(self, seconds: float) -> datetime:
        try:
            return datetime.fromtimestamp(seconds, self.zone)
        except (OverflowError, OSError, ValueError):  # beyond what datetime or the platform holds: a damaged field
            raise ValueError(_("the time {v} is out of range").format(v=seconds)) from None

    def from_apple(self, seconds: float) -> datetime:
        """Core Data timestamps count seconds from 2001-01-01 UTC (some newer ones nanoseconds)."""
        if seconds > 1e14:  # nanoseconds since 2001 (Messages and some newer stores)
            seconds = seconds / 1e9
        try:
            return (EPOCH_2001 + timedelta(seconds=seconds)).astimezone(self.zone)
        except OverflowError:  # beyond what datetime holds: a damaged field
            raise ValueError(_("the time {v} is out of range").format(v=seconds)) from None

    def local(self, naive: datetime) -> datetime:
        return naive.replace(tzinfo=self.zone) if naive.tzinfo is None else naive.astimezone(self.zone)


def number_normaliser(region: str) -> Callable[[str], str]:
    """normalize_number for one region, with a per-import dict in front of the lru_cache."""
    from ..phones import normalize_number

    cache: dict[str, str] = {}

    def norm(raw: str) -> str:
        v = cache.get(raw)
        if v is None:
            v = normalize_number(raw, region)
            if len(cache) < 200_000:
                cache[raw] = v
        return v

    return norm


_CONTACT_DEFAULTS: dict[str, Any] | None = None
# A longer duration is damage, not a call: it is stored as unknown.
MAX_DURATION_S = 7 * 86400


def contact_defaults() -> dict[str, Any]:
    """Every field of a Contact with its default value (a copy is safe to change)."""
    return dict(_CONTACT_DEFAULTS or _defaults())


def _defaults() -> dict[str, Any]:
    global _CONTACT_DEFAULTS
    if _CONTACT_DEFAULTS is None:
        import dataclasses

        _CONTACT_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Contact)}
    return _CONTACT_DEFAULTS


def make_contact(*, occurred_at: datetime, channel: str, source_id: str, timezone: str, direction: str = "incoming",
                 outcome: str | None = None, number: str | None = None, number_hidden: bool = False,
                 duration_s: float | None = None, content: str = "", agency: str | None = None
                 ) -> Contact | RecordProblem:
    """A Contact with the fields a phone log gives (already normalised).

    A duration that is not a number (NaN) or infinite makes it a RecordProblem instead: the
    record is damaged. Built without the frozen dataclass's field-by-field ``__init__`` (a fifth of an import's
    parsing time at 100,000 calls); the result is the same object.
    """
    if duration_s is not None:
        if duration_s.__class__ is float and not math.isfinite(duration_s):
            return RecordProblem(_("the duration ({v}) is not a number of seconds").format(v=duration_s))
        if duration_s < 0 or duration_s > MAX_DURATION_S:
            duration_s = None
        elif duration_s.__class__ is float and duration_s.is_integer():
            duration_s = int(duration_s)
    d = _CONTACT_DEFAULTS or _defaults()
    obj = Contact.__new__(Contact)
    od = obj.__dict__
    od.update(d)
    od["occurred_at"] = occurred_at
    od["channel"] = channel
    od["source_id"] = source_id
    od["timezone"] = timezone
    od["direction"] = direction
    od["outcome"] = outcome
    od["number"] = number
    od["number_hidden"] = number_hidden
    od["duration_s"] = duration_s
    od["content"] = content or ""
    od["agency"] = agency
    return obj


def call_fields(call_type: int, duration: float | None) -> tuple[str, str | None, str]:
    """(direction, outcome, note) for an Android call type."""
    direction, outcome, note = ANDROID_CALL_TYPES.get(call_type, ("incoming", None, ""))
    if call_type == 2 and duration:
        outcome = "answered"  # an outgoing call with talk time connected
    if call_type == 1 and duration == 0:
        outcome = "answered"  # Android logs type 1 only for a call picked up, even for a second
    return direction, outcome, note


def break_problem(message: str) -> RecordProblem:
    return RecordProblem(message, fatal=True, is_break=True)


def describe_break(what: str, line: int | None, column: int | None, records_before: int, reason: str) -> str:
    where = _("line {line}, column {col}").format(line=line, col=column) if line else _("its end")
    return _("the {what} breaks at {where} ({reason}); {n} record(s) before the break are readable").format(
        what=what, where=where, reason=reason, n=records_before)


class SqliteCopy:
    """A private, read-only working copy of a phone's SQLite database, with its -wal and -shm.

    Phones keep recent rows in the write-ahead log: opening the file with ``immutable=1``
    would miss them, and opening it normally could change the user's copy (a checkpoint).
    So the files are copied into a private temporary folder, opened there and removed after.
    """

    def __init__(self, path):
        from pathlib import Path

        self.path = Path(path)
        self.dir = None
        self.conn = None

    def __enter__(self):
        import os
        import shutil
        import sqlite3
        import tempfile

        from ..errors import InvalidInput

        if not self.path.is_file():
            raise InvalidInput(_("The file {p} does not exist.").format(p=self.path))
        with open(self.path, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise InvalidInput(_("{p} is not an SQLite database.").format(p=self.path))
        self.dir = tempfile.mkdtemp(prefix="debtlog-import-")
        os.chmod(self.dir, 0o700)
        target = os.path.join(self.dir, "db.sqlite")
        shutil.copyfile(self.path, target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                shutil.copyfile(side, target + suffix)
        try:
            self.conn = sqlite3.connect(target)
            # The schema as text: the readers look its table and column names up (PRAGMA table_info).
            self.conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
            self.__exit__(None, None, None)
            if isinstance(e, UnicodeDecodeError) or "decode" in str(e).lower():
                message = _("{p} is damaged: its table definitions are not valid UTF-8 text.").format(p=self.path)
            else:
                message = _("{p} is damaged or not a database ({e}).").format(p=self.path, e=e)
            raise InvalidInput(message, _("Nothing was imported. Copy or export the database from the phone or "
                                          "the backup again.")) from None
        return self.conn

    def tables(self) -> dict[str, set[str]]:
        out = {}
        for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            out[name.upper()] = {r[1].upper() for r in self.conn.execute(f'PRAGMA table_info("{name}")')}
        return out

    def __exit__(self, *exc):
        import shutil

        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def guard_damage(path, items: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """A SQLite reader's items; if SQLite finds the file damaged part-way, a break instead of an exception.

    A database whose first page is sound opens, but a damaged page further in ("database disk
    image is malformed") only shows while the rows are read. The break names the file and how
    many rows came before it; without ``--partial`` nothing is imported.
    """
    import sqlite3

    n = 0
    try:
        for item in items:
            yield item
            n += 1
    except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
        yield n + 1, break_problem(_("{p} is damaged: SQLite cannot read it after {n} row(s) ({e}). Copy or export "
                                     "the database from the phone or the backup again.").format(p=path, n=n, e=e))
    finally:
        items.close()


def text_of(value) -> str | None:
    """A column that holds text or a blob of UTF-8 (iOS ZADDRESS is either)."""
    if value is None:
        return None
    if isinstance(value, (bytes, memoryview)):
        value = bytes(value)
        try:
            return value.decode("utf-8").strip("\x00").strip()
        except UnicodeDecodeError:
            try:
                return value.decode("utf-16").strip("\x00").strip()
            except UnicodeDecodeError:
                return None
    return str(value).strip()
