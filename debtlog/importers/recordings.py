"""Matching call recordings in a folder to the calls in the log, by the name or the file time.

Recorder apps put the number and the start time in the file name. Known layouts (tried in
this order; ``--pattern`` adds your own regular expression with the same group names):

- BCR (Basic Call Recorder): ``20230523_211500.123+0300_in_sim1_+79161234567_Иван.oga``
- Cube ACR: ``2023-05-23 21-15-00 (phone) Иван (+79161234567) ↙.amr`` (↙ in, ↗ out)
- Samsung: ``Call recording Иван_230523_211500.m4a``, ``+79161234567_230523_211500.m4a``
- MIUI (Xiaomi): ``Иван(+79161234567)_20230523211500.mp3``, ``+79161234567_20230523211500.mp3``
- Google Phone: ``Call with Иван 2023-05-23 21-15-00.m4a`` / ``+79161234567_2023_05_23_21_15_00.wav``
- anything else with a date-time (``YYYYMMDD_HHMMSS``, ``YYYY-MM-DD HH-MM-SS`` ...) and a number

Group names: y (or yy), mo, d, h, mi, s, tz (+HHMM), dir (in/out/incoming/outgoing/↙/↗), number,
name. Without a time in the name, the file's modification time (when the recorder finished
writing, that is the end of the call) is used.

A recording matches a call (or messenger call) whose span contains its time, give or take
the tolerance (default 120 s), preferring one with the same number; one with another
number never matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone as dt_timezone
from pathlib import Path
from typing import Iterable

AUDIO_EXTENSIONS = {".amr", ".awb", ".m4a", ".mp3", ".ogg", ".oga", ".opus", ".wav", ".3gp", ".3g2", ".aac",
                    ".flac", ".webm", ".qcp", ".spx", ".mp4", ".wma"}

_DT = r"(?P<y>20\d\d)-?(?P<mo>[01]\d)-?(?P<d>[0-3]\d)"
PATTERNS: list[tuple[str, str]] = [
    ("bcr", r"^(?P<y>20\d\d)(?P<mo>\d\d)(?P<d>\d\d)_(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)(?:\.\d+)?(?P<tz>[+-]\d{4}|Z)?"
            r"(?:_(?P<dir>in|out|conference))?(?:_sim\d+)?(?:_(?P<number>\+?[\d][\d\-]*))?(?:_(?P<name>.*))?$"),
    ("cube-acr", r"^(?P<y>20\d\d)-(?P<mo>\d\d)-(?P<d>\d\d) (?P<h>\d\d)-(?P<mi>\d\d)-(?P<s>\d\d) \((?:phone|[^)]*)\)"
                 r"\s*(?P<name>.*?)\s*(?:\((?P<number>\+?[\d\s\-]+)\))?\s*(?P<dir>[↗↙])?$"),
    ("samsung", r"^(?:Call recording |Запись вызова |Registrazione chiamata |通话录音 )?(?P<who>.+?)_"
                r"(?P<yy>\d\d)(?P<mo>\d\d)(?P<d>\d\d)_(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)$"),
    ("miui", r"^(?P<who>.*?)(?:\((?P<number>\+?[\d\s\-]+)\))?_(?P<y>20\d\d)(?P<mo>\d\d)(?P<d>\d\d)(?P<h>\d\d)"
             r"(?P<mi>\d\d)(?P<s>\d\d)$"),
    ("google", r"^(?:Call with |Звонок |Chiamata con )?(?P<who>.+?)[ _](?P<y>20\d\d)[-_](?P<mo>\d\d)[-_](?P<d>\d\d)"
               r"[ _](?P<h>\d\d)[-_](?P<mi>\d\d)(?:[-_](?P<s>\d\d))?$"),
]
_GENERIC_DT = re.compile(r"(?P<y>20\d\d)[-_.]?(?P<mo>[01]\d)[-_.]?(?P<d>[0-3]\d)[ _T.-]?(?P<h>[0-2]\d)[-_.:h]?"
                         r"(?P<mi>[0-5]\d)(?:[-_.:m]?(?P<s>[0-5]\d))?")
_NUMBER = re.compile(r"\+?\d[\d\s\-()]{5,}\d")
_IN_WORDS = ("in", "incoming", "↙", "вход", "входящий", "entrata", "来电")
_OUT_WORDS = ("out", "outgoing", "↗", "исх", "исходящий", "uscita", "去电")


@dataclass
class NameInfo:
    when: datetime | None  # naive local time, or aware when the name has an offset
    number: str | None
    direction: str | None
    name: str | None
    layout: str


def parse_name(stem: str, extra: Iterable[str] = ()) -> NameInfo | None:
    """What a recorder put in a file name (without the extension), or None if no time."""
    for layout, pattern in [("custom", p) for p in extra] + PATTERNS:
        m = re.match(pattern, stem)
        if not m:
            continue
        g = {k: v for k, v in m.groupdict().items() if v}
        try:
            when = _when(g)
        except ValueError:
            continue
        number = g.get("number")
        who = g.get("who") or g.get("name")
        if not number and who and _NUMBER.fullmatch(who.strip()):
            number, who = who.strip(), None
        if who and not number:
            inner = _NUMBER.search(who)
            if inner and len(re.sub(r"\D", "", inner.group(0))) >= 7:
                number = inner.group(0)
        return NameInfo(when, _clean_number(number), _direction(g.get("dir") or stem), (who or "").strip() or None,
                        layout)
    m = _GENERIC_DT.search(stem)
    if not m:
        return None
    try:
        when = _when(m.groupdict())
    except ValueError:
        return None
    rest = stem[:m.start()] + " " + stem[m.end():]
    num = _NUMBER.search(rest)
    return NameInfo(when, _clean_number(num.group(0)) if num else None, _direction(stem), None, "generic")


REQUIRED_GROUPS = ("mo", "d", "h", "mi")  # and y or yy


def missing_groups(pattern: str) -> list[str]:
    """The named groups a --pattern needs for a time and does not have."""
    names = set(re.compile(pattern).groupindex)
    missing = [g for g in REQUIRED_GROUPS if g not in names]
    if not names & {"y", "yy"}:
        missing.insert(0, "y")
    return missing


def check_patterns(patterns: Iterable[str]) -> None:
    """Refuse (InvalidInput, exit 2) a --pattern that is not a regular expression or cannot give a time."""
    from ..errors import InvalidInput
    from ..i18n import _

    for pattern in patterns:
        try:
            missing = missing_groups(pattern)
        except re.error as e:
            raise InvalidInput(_("--pattern '{p}' is not a regular expression: {e}").format(p=pattern, e=e)) from None
        if missing:
            raise InvalidInput(
                _("--pattern '{p}' lacks the named group(s) {groups} that a file name's time needs.").format(
                    p=pattern, groups=", ".join(_("y (or yy)") if g == "y" else g for g in missing)),
                _("Name the parts of the time: y (or yy), mo, d, h, mi, and optionally s, tz, dir, number, name. "
                  "For example: --pattern '(?P<y>\\d\\d\\d\\d)(?P<mo>\\d\\d)(?P<d>\\d\\d)_(?P<h>\\d\\d)(?P<mi>\\d\\d)'"))


def _when(g: dict) -> datetime:
    if not (g.get("y") or g.get("yy")) or not all(g.get(k) for k in REQUIRED_GROUPS):
        raise ValueError("no time")  # a pattern without the groups of a time (refused up front by scan)
    year = int(g["y"]) if g.get("y") else 2000 + int(g["yy"])
    when = datetime(year, int(g["mo"]), int(g["d"]), int(g["h"]), int(g["mi"]), int(g.get("s") or 0))
    tz = g.get("tz")
    if tz:
        if tz == "Z":
            return when.replace(tzinfo=dt_timezone.utc)
        sign = 1 if tz[0] == "+" else -1
        return when.replace(tzinfo=dt_timezone(sign * timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5]))))
    return when


def _clean_number(n: str | None) -> str | None:
    if not n:
        return None
    n = re.sub(r"[\s\-()]", "", n)
    return n if len(re.sub(r"\D", "", n)) >= 3 else None


def _direction(text: str) -> str | None:
    t = text.casefold()
    words = set(re.split(r"[\s_.\-()]+", t))
    if words & set(_IN_WORDS) or "↙" in t:
        return "incoming"
    if words & set(_OUT_WORDS) or "↗" in t:
        return "outgoing"
    return None


@dataclass
class Recording:
    path: Path
    when: datetime  # aware
    number: str | None
    direction: str | None
    how: str  # "name:<layout>" or "file-time"
    is_end: bool = False  # the time is when the call ended (file time)


def scan(folder: Path, *, timezone: str, region: str, patterns: Iterable[str] = (), by_file_time: bool = True
         ) -> tuple[list[Recording], list[tuple[Path, str]]]:
    """The recordings in ``folder`` (recursively) with their time and number; and the files skipped."""
    from ..i18n import _
    from .common import Localiser, number_normaliser

    patterns = list(patterns)
    check_patterns(patterns)
    loc, norm = Localiser(timezone), number_normaliser(region)
    found, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix.lower() not in AUDIO_EXTENSIONS:
            continue
        info = parse_name(path.stem, patterns)
        if info is not None and info.when is not None:
            when = loc.local(info.when)
            found.append(Recording(path, when, norm(info.number) if info.number else None, info.direction,
                                   "name:" + info.layout))
        elif by_file_time:
            when = loc.from_unix(path.stat().st_mtime)
            number = norm(info.number) if info and info.number else None
            found.append(Recording(path, when, number, None, "file-time", is_end=True))
        else:
            skipped.append((path, _("no time in the file name")))
    return found, skipped


def match(rec: Recording, calls: list, tolerance_s: float = 120.0):
    """The entry (from ``calls``: objects with ``.id`` and ``.record``) this recording belongs to, or None."""
    t = rec.when.timestamp()
    best, best_score = None, None
    for entry in calls:
        c = entry.record
        start = c.occurred_at.timestamp()
        end = start + float(c.duration_s or 0)
        if rec.is_end:
            ok = start - tolerance_s <= t <= end + tolerance_s
            distance = abs(t - end)
        else:
            ok = start - tolerance_s <= t <= max(end, start) + tolerance_s
            distance = abs(t - start)
        if not ok:
            continue
        if rec.number and c.number and rec.number != c.number:
            continue
        if rec.direction and rec.direction != c.direction:
            distance += tolerance_s  # a hint, not a rule: names and logs disagree about conference calls
        score = (0 if (rec.number and c.number == rec.number) else 1, distance)
        if best_score is None or score < best_score:
            best, best_score = entry, score
    return best
