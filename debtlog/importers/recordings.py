"""Matching call recordings in a folder to the calls in the log, by the name or the file time.

Recorder apps put the number and the start time in the file name. Known layouts (tried in
this order; ``--pattern`` adds your own regular expression with the same group names). Where
each one comes from is in docs/importing.md ("Call recordings"); "verified" means read from
the app's own code, "corroborated" means seen in several independent parsers of real files:

- BCR (verified, OutputFilenameGenerator.kt and the README's "Filename template"): the default
  template ``{date}[_{direction}][_sim{sim_slot}][_{phone_number}][_{contact/caller/call log name}]``,
  the date ``yyyyMMdd_HHmmss[.fraction]+HHMM`` (the offset always, ``+0000`` for UTC):
  ``20230523_211500.123+0300_in_sim1_+79161234567_Иван.oga``; a conference call has
  ``conference`` and numbers joined by commas (no single number then)
- Cube ACR (corroborated): ``2023-05-23 21-15-00 (phone) Иван (+7 916 123-45-67) ↙.amr`` (↙ in, ↗ out)
- LineageOS Dialer (verified, CallRecorderService.java): ``+79161234567_230523_211500123.amr``
  (``yyMMdd_HHmmssSSS``; ``unknown`` for a withheld number)
- GrapheneOS / crDroid Dialer (verified, CallRecorderService.java):
  ``CallRecord_20230523-211500_+79161234567.m4a``
- Samsung (corroborated): ``Call recording Иван_230523_211500.m4a``, ``Call recording +79161234567_230523_211500.m4a``
  (``yyMMdd_HHmmss``; the prefix is translated, and some phones write none)
- MIUI (verified, miui.util.RecordingNameUtils): ``Вызов@Иван(0079161234567)_20230523211500.mp3``: a
  translated word, ``@``, ``Name(number)`` or the number alone, parties joined by ``_``, then
  ``yyyyMMddHHmmss``; MIUI writes ``+`` as ``00`` (turned back here), ``,`` as ``p`` and ``*`` as ``s``
- Google Phone (a guess, not verified: the app keeps recordings inside its own storage):
  ``Call with Иван 2023-05-23 21-15-00.m4a`` / ``+79161234567_2023_05_23_21_15_00.wav``
- anything else with a date-time (``YYYYMMDD_HHMMSS``, ``YYYY-MM-DD HH-MM-SS`` ...) and a number

Group names: y (or yy), mo, d, h, mi, s, tz (+HHMM), dir (in/out/incoming/outgoing/↙/↗), number,
name. A layout with a ``dir`` group takes the direction from that group alone; the others look
for direction words anywhere in the name. Without a time in the name, the file's modification
time (when the recorder finished writing, that is the end of the call) is used.

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

_PHONE = r"\+?\d[\d\s\-().]*"  # a number as a recorder writes it: E.164, digits, or formatted
PATTERNS: list[tuple[str, str]] = [
    # BCR: {date}[_{direction}][_sim{sim_slot}][_{phone_number}][_{name}]; date yyyyMMdd_HHmmss, a fraction
    # of up to 9 digits (none when it is zero) and the offset as +HHMM (+HHMMss if it has seconds).
    ("bcr", r"^(?P<y>20\d\d)(?P<mo>\d\d)(?P<d>\d\d)_(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)(?:\.\d{1,9})?"
            r"(?P<tz>[+-]\d{4}(?:\d\d)?|Z)?(?:_(?P<dir>in|out|conference))?(?:_sim\d+)?"
            r"(?:_(?P<number>" + _PHONE + r"(?:," + _PHONE + r")*))?(?:_(?P<name>.*))?$"),
    ("cube-acr", r"^(?P<y>20\d\d)-(?P<mo>\d\d)-(?P<d>\d\d) (?P<h>\d\d)-(?P<mi>\d\d)-(?P<s>\d\d) \([^)]*\)"
                 r"\s*(?P<name>.*?)\s*(?:\((?P<number>\+?[\d\s\-()]*\d[\d\s\-()]*)\))?\s*(?P<dir>[↗↙])?$"),
    # LineageOS Dialer: number + "_" + yyMMdd_HHmmssSSS ("unknown" without a number)
    ("lineageos", r"^(?:unknown|(?P<number>\+?[\d*#][\d*#\-\s()]*))_(?P<yy>\d\d)(?P<mo>\d\d)(?P<d>\d\d)"
                  r"_(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)\d{3}$"),
    # GrapheneOS (and crDroid) Dialer: CallRecord_yyyyMMdd-HHmmss_number
    ("grapheneos", r"^CallRecord_(?P<y>20\d\d)(?P<mo>\d\d)(?P<d>\d\d)-(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)"
                   r"_(?:unknown|(?P<number>.+))$"),
    ("samsung", r"^(?:Call recording |Запись вызова |Registrazione chiamata |通话录音 |통화 녹음 )?(?P<who>.+?)_"
                r"(?P<yy>\d\d)(?P<mo>\d\d)(?P<d>\d\d)_(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)$"),
    # MIUI: <translated word>@<callers>_yyyyMMddHHmmss, callers "Name(number)" or "number", joined by "_"
    ("miui", r"^(?:[^@_]*@)?(?P<who>.*?)(?:\((?P<number>[\d\s\-+ps#]*\d[\d\s\-+ps#]*)\))?"
             r"_(?P<y>20\d\d)(?P<mo>\d\d)(?P<d>\d\d)(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)$"),
    ("google", r"^(?:Call with |Звонок |Chiamata con )?(?P<who>.+?)[ _](?P<y>20\d\d)[-_](?P<mo>\d\d)[-_](?P<d>\d\d)"
               r"[ _](?P<h>\d\d)[-_](?P<mi>\d\d)(?:[-_](?P<s>\d\d))?$"),
]
_GENERIC_DT = re.compile(r"(?P<y>20\d\d)[-_.]?(?P<mo>[01]\d)[-_.]?(?P<d>[0-3]\d)[ _T.-]?(?P<h>[0-2]\d)[-_.:h]?"
                         r"(?P<mi>[0-5]\d)(?:[-_.:m]?(?P<s>[0-5]\d))?")
_NUMBER = re.compile(r"\+?\d[\d\s\-()]{5,}\d")
_WHOLE_NUMBER = re.compile(r"\+?[\d\s\-()]*\d[\d\s\-()]*")
_IN_WORDS = ("in", "incoming", "↙", "вход", "входящий", "entrata", "来电")
_OUT_WORDS = ("out", "outgoing", "↗", "исх", "исходящий", "uscita", "去电")


@dataclass
class NameInfo:
    when: datetime | None  # naive local time, or aware when the name has an offset
    number: str | None
    direction: str | None
    name: str | None
    layout: str


def _fix_bcr(number: str | None, who: str | None) -> tuple[str | None, str | None, bool]:
    # A conference call: "+7916...,+7903..." is several parties, not one number.
    if number and "," in number:
        return None, who, False
    return number, who, True


def _fix_miui(number: str | None, who: str | None) -> tuple[str | None, str | None, bool]:
    if who and (")_" in who or re.fullmatch(r"[\d+\s\-]+(?:_[\d+\s\-]+)+", who)):
        return None, who, False  # several parties: "A(n1)_B(n2)" or "n1_n2"
    if not number and who:
        m = re.fullmatch(r"(\+?\d[\d\s\-]*)\((\D*)\)", who)  # "112(Экстренный номер)": the number, then a label
        if m:
            number, who = m.group(1), m.group(2)
    if number:
        number = number.split("p", 1)[0].replace("s", "*")  # "p" was a pause (","), "s" a star
    infer = not (who and who.count("(") != who.count(")"))  # a cut-off "(number": no number from it
    return number, who, infer


_FIXUPS = {"bcr": _fix_bcr, "miui": _fix_miui}
_PLUS_AS_00 = {"miui"}  # layouts that write "+" as "00"


def parse_name(stem: str, extra: Iterable[str] = ()) -> NameInfo | None:
    """What a recorder put in a file name (without the extension), or None if no time."""
    for layout, pattern in [("custom", p) for p in extra] + PATTERNS:
        m = re.match(pattern, stem)
        if not m:
            continue
        g = {k: v for k, v in m.groupdict().items() if v}
        try:
            when = _when(g)
        except (ValueError, OverflowError):  # OverflowError: a --pattern's \d+ read a year of 20 digits
            continue
        number = g.get("number")
        who = g.get("who") or g.get("name")
        infer = True
        if layout in _FIXUPS:
            number, who, infer = _FIXUPS[layout](number, who)
        who = who.strip(" _") if who else None
        if infer and not number and who and _WHOLE_NUMBER.fullmatch(who) and len(re.sub(r"\D", "", who)) >= 3:
            number, who = who, None
        if infer and who and not number:
            inner = _NUMBER.search(who)
            if inner and len(re.sub(r"\D", "", inner.group(0))) >= 7:
                number = inner.group(0)
        number = _clean_number(number)
        if number and layout in _PLUS_AS_00 and number.startswith("00"):
            number = "+" + number[2:]
        if "dir" in m.re.groupindex:  # the layout says where the direction is: nowhere else counts
            direction = _direction(g["dir"]) if g.get("dir") else None
        else:
            direction = _direction(stem)
        return NameInfo(when, number, direction, who or None, layout)
    m = _GENERIC_DT.search(stem)
    if not m:
        return None
    try:
        when = _when(m.groupdict())
    except (ValueError, OverflowError):
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
        offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5]), seconds=int(tz[5:7] or 0))
        return when.replace(tzinfo=dt_timezone(sign * offset))
    return when


def _clean_number(n: str | None) -> str | None:
    if not n:
        return None
    n = re.sub(r"[\s\-().]", "", n)
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
        when = None
        if info is not None and info.when is not None:
            try:
                when = loc.local(info.when)
            except OverflowError:  # "0001-01-01 00-00+0300": before year 1 in the vault's zone; no time then
                when = None
        if when is not None:
            found.append(Recording(path, when, norm(info.number) if info.number else None, info.direction,
                                   "name:" + info.layout))
        elif by_file_time:
            try:
                when = loc.from_unix(path.stat().st_mtime)
            except ValueError as e:  # a file time beyond the year 9999 (some file systems hold one)
                skipped.append((path, str(e)))
                continue
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
