"""Call and message logs as CSV: a column mapping, or a preset for a common layout.

``--map occurred_at=Date,number=Phone,duration=Duration,direction=Type`` names the column for
each field (by header text, or by 1-based position: ``number=3``). Fields:

    occurred_at   date and time in one column        (or date= and time= in two)
    number        the other party's number
    direction     incoming/outgoing words (also what carriers write: IN/OUT, MT/MO, входящий...)
    outcome       answered/missed/... words; a "missed" direction value sets it too
    duration      seconds, MM:SS, HH:MM:SS or minutes with a decimal point (carriers bill in minutes)
    channel       call/sms/... words (a "type" column that says SMS or Voice)
    content       message text
    id            the row's own id in the source (otherwise the row's fields make the id)

Presets (``--preset NAME``) are alias lists for the headers that common exports use (see
docs/importing.md); any field can still be set or overridden with ``--map``. Dates are
detected from the first rows (ISO 8601, DD.MM.YYYY, MM/DD/YYYY with the US order only for a US
vault unless a day above 12 settles it, 12-hour times with AM/PM, epoch seconds or
milliseconds) or given with ``--date-format`` (strptime codes).
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import datetime
from typing import BinaryIO, Callable, Iterator

from ..errors import InvalidInput
from ..i18n import _
from . import RecordProblem
from .common import Localiser, break_problem, is_hidden_number, make_contact, number_normaliser, stable_id

FIELDS = ("occurred_at", "date", "time", "number", "direction", "outcome", "duration", "channel", "content", "id")

# Header aliases (casefolded) per field. "generic" is always tried after the preset.
GENERIC = {
    "occurred_at": ["occurred_at", "date/time", "datetime", "date time", "date & time", "timestamp", "start time",
                    "call date/time", "дата и время", "дата/время", "время начала", "data e ora", "时间", "通话时间",
                    "起始时间"],
    "date": ["date", "call date", "дата", "data", "日期"],
    "time": ["time", "call time", "время", "ora", "时刻"],
    "number": ["number", "phone", "phone number", "other party", "contact number", "number called",
               "destination", "номер", "номер телефона", "абонент", "телефон", "numero", "numero chiamato",
               "对方号码", "号码", "电话号码"],
    "direction": ["direction", "call direction", "type", "call type", "направление", "тип", "тип вызова",
                  "tipo", "direzione", "呼叫类型", "类型"],
    "outcome": ["outcome", "status", "result", "статус", "результат", "esito", "状态"],
    "duration": ["duration", "duration (sec)", "duration (s)", "seconds", "minutes", "min", "mins",
                 "длительность", "продолжительность", "длительность, сек", "durata", "时长", "通话时长"],
    "channel": ["channel", "service", "usage type", "услуга", "вид услуги", "servizio", "业务类型"],
    "content": ["content", "text", "message", "body", "текст", "сообщение", "testo", "内容"],
    "id": ["id", "call id", "record id"],
}

PRESETS: dict[str, dict[str, list[str]]] = {
    # Carrier "call detail" exports and phone apps. Headers vary between accounts and years;
    # each list holds the variants seen in published samples and help pages.
    "att": {"date": ["date"], "time": ["time"], "number": ["number", "phone number"],
            "direction": ["call type", "type"], "duration": ["min", "minutes"], "channel": ["usage type"]},
    "verizon": {"date": ["date"], "time": ["time"], "number": ["number", "to/from"],
                "direction": ["origination", "direction"], "duration": ["minutes", "min"]},
    "tmobile": {"occurred_at": ["date and time", "date/time"], "number": ["destination", "number"],
                "direction": ["call type", "type"], "duration": ["min", "minutes"], "channel": ["service"]},
    "mts": {"date": ["дата"], "time": ["время"], "number": ["номер", "абонент"], "direction": ["тип", "услуга"],
            "duration": ["длительность", "длит."], "channel": ["услуга", "вид услуги"]},
    "megafon": {"occurred_at": ["дата и время"], "number": ["номер", "номер абонента"],
                "direction": ["тип вызова", "направление"], "duration": ["длительность", "продолжительность"],
                "channel": ["услуга"]},
    "beeline": {"date": ["дата"], "time": ["время"], "number": ["номер", "абонент"],
                "direction": ["тип", "тип вызова"], "duration": ["длительность, сек", "длительность"],
                "channel": ["вид услуги", "услуга"]},
    "tim": {"date": ["data"], "time": ["ora"], "number": ["numero", "numero chiamato"], "direction": ["tipo"],
            "duration": ["durata"]},
    "china-mobile": {"occurred_at": ["起始时间", "通话时间"], "number": ["对方号码"], "direction": ["呼叫类型", "通信方式"],
                     "duration": ["通话时长", "时长"], "channel": ["业务类型"]},
    "call-log-export": {"occurred_at": ["date", "call date"], "number": ["number", "phone number"],
                        "direction": ["type", "call type"], "duration": ["duration"], "content": ["name"]},
}

INCOMING = {"incoming", "in", "inbound", "received", "mt", "terminating", "incoming call", "входящий", "входящие",
            "вх", "вх.", "входящий вызов", "входящее", "входящее sms", "entrata", "in entrata", "ricevuta",
            "被叫", "来电", "呼入", "接收"}
OUTGOING = {"outgoing", "out", "outbound", "dialed", "dialled", "mo", "originating", "outgoing call", "исходящий",
            "исходящие", "исх", "исх.", "исходящий вызов", "исходящее", "исходящее sms", "uscita", "in uscita",
            "effettuata", "主叫", "去电", "呼出", "发送"}
MISSED = {"missed", "пропущенный", "пропущенные", "пропущен", "persa", "未接", "未接来电"}
REJECTED = {"rejected", "declined", "blocked", "отклонен", "отклонён", "отклоненный", "rifiutata", "拒接"}
VOICEMAIL = {"voicemail", "voice mail", "голосовая почта", "segreteria", "语音信箱"}
ANSWERED = {"answered", "connected", "completed", "отвечен", "принят", "risposta", "已接", "已接通"}
SMS_WORDS = ("sms", "text", "смс", "сообщение", "messaggio", "短信", "mms")

DATE_FORMATS = [
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%y %H:%M:%S", "%d.%m.%y %H:%M",
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%y %I:%M %p", "%m/%d/%y %H:%M", "%d/%m/%y %H:%M",
    "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %I:%M %p", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M",
]


def parse_map(spec: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in spec or []:
        for part in _split_map(item):
            if not part.strip():
                continue
            key, sep, col = part.partition("=")
            key = key.strip().lower()
            if not sep or not col.strip():
                raise InvalidInput(_("--map takes FIELD=COLUMN pairs, not '{p}'.").format(p=part),
                                   _("For example: --map occurred_at=Date,number=Phone,duration=Duration"))
            if key not in FIELDS:
                raise InvalidInput(_("Unknown field '{k}' in --map.").format(k=key),
                                   _("Fields: {f}.").format(f=", ".join(FIELDS)))
            out[key] = col.strip()
    return out


def _split_map(item: str) -> list[str]:
    # commas separate pairs, but a column name may contain a comma: "Длительность, сек"
    parts: list[str] = []
    for piece in item.split(","):
        if "=" in piece or not parts:
            parts.append(piece)
        else:
            parts[-1] += "," + piece
    return parts


def _sniff_dialect(sample: str):
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _resolve(header: list[str], mapping: dict[str, str], preset: str | None) -> dict[str, int]:
    folded = [h.strip().casefold() for h in header]
    cols: dict[str, int] = {}
    for key, col in mapping.items():
        # isdecimal, not isdigit: '²' is a digit that int() refuses (it may be a column's name)
        if col.isdecimal() and 1 <= int(col) <= len(header):
            cols[key] = int(col) - 1
        elif col.strip().casefold() in folded:
            cols[key] = folded.index(col.strip().casefold())
        else:
            raise InvalidInput(_("--map {k}={c}: the file has no column '{c}'.").format(k=key, c=col),
                               _("Its columns are: {h}.").format(h=", ".join(header)))
    # What --map does not name is found by the preset's headers, then by the usual ones.
    tables = ([PRESETS[preset]] if preset else []) + [GENERIC]
    for table in tables:
        for key, aliases in table.items():
            if key in cols:
                continue
            for a in aliases:
                if a in folded and folded.index(a) not in cols.values():
                    cols[key] = folded.index(a)
                    break
    if "date" in cols and "time" not in cols and "occurred_at" not in cols:
        cols["occurred_at"] = cols.pop("date")
    if "occurred_at" in cols:
        cols.pop("date", None)
        cols.pop("time", None)
    return cols


class DateParser:
    def __init__(self, fmt: str | None, region: str):
        self.fmt = fmt
        self.us = (region or "").upper() == "US"
        self.kind: str | None = "strptime" if fmt else None

    def learn(self, samples: list[str]) -> None:
        if self.fmt or not samples:
            return
        s0 = samples[0].strip()
        if re.fullmatch(r"\d{9,13}(\.\d+)?", s0):
            self.kind = "epoch"
            return
        try:
            datetime.fromisoformat(s0.replace("Z", "+00:00"))
            self.kind = "iso"
            return
        except ValueError:
            pass
        candidates = [f for f in DATE_FORMATS if all(self._try(f, s) for s in samples)]
        if not candidates:
            return
        if not self.us:  # day first outside the US when both orders fit
            day_first = [f for f in candidates if f.startswith("%d/")]
            if day_first and any(f.startswith("%m/") for f in candidates):
                candidates = day_first + [f for f in candidates if f not in day_first]
        self.fmt, self.kind = candidates[0], "strptime"

    @staticmethod
    def _try(fmt: str, text: str) -> bool:
        try:
            datetime.strptime(" ".join(text.split()), fmt)
            return True
        except ValueError:
            return False

    def parse(self, text: str, loc: Localiser) -> datetime:
        t = " ".join(text.split())
        if self.kind == "epoch":
            v = float(t)
            return loc.from_ms(v) if v > 1e11 else loc.from_unix(v)
        if self.kind == "iso":
            return loc.local(datetime.fromisoformat(t.replace("Z", "+00:00")))
        if self.fmt:
            try:
                return loc.local(datetime.strptime(t, self.fmt))
            except re.error as e:  # a code twice in --date-format ("%Y ... %Y"): strptime's own regex refuses it
                raise ValueError(f"--date-format '{self.fmt}': {e}") from None
        raise ValueError(_("the date format is not recognised; give it with --date-format, e.g. '%d.%m.%Y %H:%M'"))


def parse_duration(text: str, minutes: bool = False) -> float | None:
    t = text.strip().replace(",", ".")
    if not t:
        return None
    if ":" in t:
        parts = [float(p) for p in t.split(":")]
        secs = 0.0
        for p in parts:
            secs = secs * 60 + p
        if not math.isfinite(secs):  # float() reads "nan" and "inf" too
            raise ValueError(_("'{t}' is not a duration").format(t=text))
        return secs
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds|с|сек|秒|m|min|mins|мин|分钟?)?\.?", t.casefold())
    if not m:
        raise ValueError(_("'{t}' is not a duration").format(t=text))
    v = float(m.group(1))
    unit = m.group(2) or ""
    if unit in ("m", "min", "mins", "мин", "分", "分钟") or (minutes and not unit):
        v *= 60
    return v


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def read_csv_log(src: BinaryIO, *, timezone: str, region: str, mapping: dict[str, str] | None = None,
                 preset: str | None = None, date_format: str | None = None,
                 progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, object]]:
    """Yield ``(line, Contact | RecordProblem)`` for each data row."""
    if preset and preset not in PRESETS:
        raise InvalidInput(_("Unknown preset '{p}'.").format(p=preset),
                           _("Presets: {p}.").format(p=", ".join(sorted(PRESETS))))
    loc, norm = Localiser(timezone), number_normaliser(region)
    text = io.TextIOWrapper(src, encoding="utf-8-sig", errors="replace", newline="")
    first = text.readline()
    blank = 0  # blank lines before the header (some exports start with one)
    while first and not first.strip():
        blank += 1
        first = text.readline()
    if not first.strip():
        yield 1, break_problem(_("the file is empty"))
        return
    dialect = _sniff_dialect(first)
    header = next(csv.reader([first], dialect))
    cols = _resolve(header, mapping or {}, preset)
    if "number" not in cols or ("occurred_at" not in cols and "date" not in cols):
        missing = [k for k in ("occurred_at", "number") if k not in cols and not (k == "occurred_at" and "date" in cols)]
        if len(missing) == 2:
            question = _("Which columns hold the occurred_at and the number? The file's columns are: {h}.")
        else:
            question = _("Which column holds the {f}? The file's columns are: {h}.")
        raise InvalidInput(question.format(f=missing[0], h=", ".join(header)),
            _("Map them, e.g. --map occurred_at=\"{a}\",number=\"{b}\" (see docs/importing.md).").format(
                a=header[0], b=header[1] if len(header) > 1 else header[0]))
    duration_in_minutes = "duration" in cols and header[cols["duration"]].strip().casefold() in (
        "min", "mins", "minutes", "мин", "минуты", "minuti")
    reader = csv.reader(text, dialect)
    rows: list[tuple[int, list[str]]] = []
    dates = DateParser(date_format, region)
    repeats: dict[tuple, object] = {}  # (source id, the whole row's hash) -> rows like it so far; (source id, "channel")

    def when_text(row: list[str]) -> str:
        if "occurred_at" in cols:
            return _cell(row, cols["occurred_at"])
        return (_cell(row, cols["date"]) + " " + _cell(row, cols.get("time", -1))).strip()

    line = 1
    try:
        for row in reader:
            line = reader.line_num + 1 + blank
            if progress is not None:
                progress(sum(len(c) for c in row) + len(row))
            if not any(c.strip() for c in row):
                continue
            if dates.kind is None and len(rows) < 50:
                rows.append((line, row))
                if len(rows) == 50:
                    dates.learn([when_text(r) for _ln, r in rows if when_text(r)])
                    for ln, r in rows:
                        yield ln, _row(r, cols, dates, loc, norm, timezone, when_text, duration_in_minutes, repeats)
                    rows = []
                continue
            yield line, _row(row, cols, dates, loc, norm, timezone, when_text, duration_in_minutes, repeats)
    except csv.Error as e:
        for ln, r in rows:
            yield ln, _row(r, cols, dates, loc, norm, timezone, when_text, duration_in_minutes, repeats)
        yield line, break_problem(_("the CSV breaks at line {line}: {e}").format(line=line, e=e))
        return
    if rows:
        dates.learn([when_text(r) for _ln, r in rows if when_text(r)])
        for ln, r in rows:
            yield ln, _row(r, cols, dates, loc, norm, timezone, when_text, duration_in_minutes, repeats)


def _cell(row: list[str], i: int) -> str:
    return row[i].strip() if 0 <= i < len(row) else ""


def _row(row, cols, dates: DateParser, loc, norm, tz, when_text, minutes: bool,
         repeats: dict[tuple, object] | None = None):
    wt = when_text(row)
    if not wt:
        return RecordProblem(_("no date"))
    try:
        when = dates.parse(wt, loc)
    except (ValueError, OverflowError) as e:  # OverflowError: a time zone moves the date past year 1 or 9999
        return RecordProblem(_("'{t}' is not a date I can read ({e})").format(t=wt, e=e))
    raw = _cell(row, cols["number"])
    hidden = is_hidden_number(raw)
    dir_text = _words(_cell(row, cols["direction"])) if "direction" in cols else ""
    out_text = _words(_cell(row, cols["outcome"])) if "outcome" in cols else ""
    chan_text = _words(_cell(row, cols["channel"])) if "channel" in cols else ""
    direction, outcome = "incoming", None
    for w in (dir_text, out_text):
        if not w:
            continue
        if w in OUTGOING or any(x in w.split() for x in OUTGOING) or "исход" in w or "outgo" in w:
            direction = "outgoing"
        if w in MISSED or any(x in w for x in MISSED):
            outcome = "missed"
        elif w in REJECTED or any(x in w for x in REJECTED):
            outcome = "rejected"
        elif w in VOICEMAIL:
            outcome = "voicemail"
        elif w in ANSWERED:
            outcome = "answered"
    channel = "sms" if any(x in (chan_text + " " + dir_text) for x in SMS_WORDS) else "call"
    duration = None
    if "duration" in cols and _cell(row, cols["duration"]):
        try:
            duration = parse_duration(_cell(row, cols["duration"]), minutes)
        except ValueError as e:
            return RecordProblem(str(e))
    if channel == "call" and outcome is None and duration:
        outcome = "answered"
    content = _cell(row, cols["content"]) if "content" in cols else ""
    own_id = _cell(row, cols["id"]) if "id" in cols else ""
    sid = stable_id("csv", own_id) if own_id else stable_id("csv", wt, raw, dir_text, _cell(row, cols.get("duration", -1)),
                                                            content)
    if repeats is not None and not own_id:
        # The same row again (every column alike) is another call: bills give times to the minute, and a
        # collector's dialer calls twice in one. Its id gets "#2", "#3"... in file order, so a re-import
        # still adds nothing; rows alike only in the columns read (a call split over two tariff lines)
        # stay one call.
        key = (sid, hash(tuple(row)))
        n = repeats[key] = repeats.get(key, 0) + 1
        # A call and a text of the same minute, number and direction with no duration or text
        # (a missed call, then "call us back") read alike: the second kind gets its own id.
        first_channel = repeats.setdefault((sid, "channel"), channel)
        if first_channel != channel:
            sid = f"{sid}#{channel}"
        if n > 1:
            sid = f"{sid}#{n}"
    return make_contact(occurred_at=when, channel=channel, timezone=tz, source_id=sid, direction=direction,
                        outcome=outcome if channel == "call" else None, number=None if hidden else norm(raw),
                        number_hidden=hidden, duration_s=duration if channel == "call" else None, content=content)
