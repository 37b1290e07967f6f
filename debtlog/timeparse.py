"""Times, dates and durations as people type them at a terminal, in four languages.

``dateparser`` takes ~400 ms on first use and misses phrases like '昨天晚上11点'; the
forms debtlog prompts for are few, so a small parser serves better:

    22:30, 10:30 pm, 11pm, yesterday 23:10, yesterday at 11pm
    вчера в 23:10, в 11 вечера, позавчера в 3 часа дня
    昨天晚上11点, 晚上11点半, 下午3点, 十点半, 3月3日晚上10点, 2026年3月3日 22:30
    ieri alle 23:10, ieri sera alle 11, l'altro ieri alle 9 di mattina
    03.03.2026 22:30, 03/03/2026 22:30 (day first unless the vault is in the US),
    2026-03-03T22:30, 2026-03-03 22:30:15+03:00, now / сейчас / 现在 / adesso

Everything returned is an aware datetime in the vault's timezone. A local time that falls
in a DST gap is an error; one that occurs twice (clocks moved back) is the first
occurrence (fold=0).

Only the standard library, and regexes are compiled on first use: this module is imported
by commands whose start-up time matters.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from functools import cache, lru_cache

from .errors import InvalidInput
from .i18n import _

# A contact cannot be logged before it happened, but the computer's clock and the phone's
# may differ a little, and "now" typed a minute after reading the phone is fine.
FUTURE_TOLERANCE = timedelta(minutes=5)


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=64)
def _zone(tz: str):
    """The ZoneInfo for ``tz`` (cached: importers localise every record)."""
    from zoneinfo import ZoneInfo  # ~9 ms cold: only when a time is actually parsed

    return ZoneInfo(tz)


def _zone_or_invalid(tz: str):
    try:
        return _zone(tz)
    except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        raise InvalidInput(_("Unknown time zone '{tz}'.").format(tz=tz),
                           _("Use an IANA zone name such as Europe/Moscow or Asia/Shanghai.")) from None


def _clean(text: str) -> str:
    """Fold what keyboards vary in: full-width digits and colon (NFKC), case, curly
    apostrophes, ё, commas and runs of spaces."""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").replace("ё", "е")
    s = _rx(r",(?!\d)").sub(" ", s)  # "yesterday, 22:30"; keep "22:30:15,5"
    return " ".join(s.split())


# --- vocabulary -----------------------------------------------------------------------------

_NOW_WORDS = frozenset({"now", "right now", "just now", "сейчас", "только что", "现在", "現在", "刚才", "剛才",
                        "adesso", "ora", "proprio ora"})

# Day words: how many days back from today, and the part of the day some of them imply.
_DAY_WORDS: dict[str, tuple[int, str | None]] = {
    "today": (0, None), "сегодня": (0, None), "今天": (0, None), "今日": (0, None), "oggi": (0, None),
    "yesterday": (1, None), "вчера": (1, None), "昨天": (1, None), "昨日": (1, None), "ieri": (1, None),
    "day before yesterday": (2, None), "the day before yesterday": (2, None), "позавчера": (2, None),
    "前天": (2, None), "l'altro ieri": (2, None), "l'altroieri": (2, None), "altro ieri": (2, None),
    "altroieri": (2, None), "ieri l'altro": (2, None), "avantieri": (2, None),
    "this morning": (0, "morning"), "this afternoon": (0, "afternoon"), "this evening": (0, "evening"),
    "tonight": (0, "evening"), "stamattina": (0, "morning"), "stamani": (0, "morning"),
    "stamane": (0, "morning"), "stasera": (0, "evening"),
    "今早": (0, "morning"), "今晚": (0, "evening"), "昨晚": (1, "evening"),
}

# Parts of the day, as words around the hour ("11 вечера", "ieri sera alle 11", "晚上11点").
_PERIOD_WORDS: dict[str, str] = {
    "in the morning": "morning", "morning": "morning", "in the afternoon": "afternoon",
    "afternoon": "afternoon", "in the evening": "evening", "evening": "evening",
    "at night": "night", "night": "night",
    "утра": "morning", "утром": "morning", "дня": "afternoon", "днем": "afternoon",
    "вечера": "evening", "вечером": "evening", "ночи": "night", "ночью": "night",
    "di mattina": "morning", "della mattina": "morning", "di mattino": "morning", "del mattino": "morning",
    "mattina": "morning", "mattino": "morning", "di pomeriggio": "afternoon", "del pomeriggio": "afternoon",
    "pomeriggio": "afternoon", "di sera": "evening", "della sera": "evening", "sera": "evening",
    "di notte": "night", "della notte": "night", "notte": "night",
    "凌晨": "early", "早上": "morning", "早晨": "morning", "清晨": "morning", "上午": "morning",
    "中午": "noon", "正午": "noon", "下午": "afternoon", "午后": "afternoon", "午後": "afternoon",
    "傍晚": "evening", "晚上": "evening", "晚间": "evening", "晚間": "evening",
    "夜里": "night", "夜裡": "night", "夜间": "night", "夜間": "night", "半夜": "night", "深夜": "night",
}

# Words that only introduce the time ("at 23:10", "в 23:10", "alle ore 23").
_CONNECTORS = ("at", "в", "во", "alle ore", "alle", "ore", "all'")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = r"[\d〇零一二两兩三四五六七八九十]{1,4}"


def _is_cjk(word: str) -> bool:
    return any("\u3000" <= c <= "\u9fff" for c in word)


def _alternation(words) -> str:
    # Longest first, so "позавчера" is not read as "вчера" and "di sera" beats "sera".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A word is whole when no letter touches it (digits may: "вчера23:10"); CJK has no spaces.
_NO_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = r"(?![^\W\d_])"


@cache
def _word_regex(vocabulary: str, where: str) -> re.Pattern[str]:
    """Match a word of ``vocabulary`` ("day" or "period") at the "start", "end" or "any"where."""
    words = _DAY_WORDS if vocabulary == "day" else _PERIOD_WORDS
    alternatives = []
    western = [w for w in words if not _is_cjk(w)]
    if western:
        alternatives.append(f"{_NO_LETTER_BEFORE}(?:{_alternation(western)}){_NO_LETTER_AFTER}")
    cjk = [w for w in words if _is_cjk(w)]
    if cjk:
        alternatives.append(_alternation(cjk))
    body = "(?P<w>{})".format("|".join(alternatives))
    return re.compile({"start": "^" + body, "end": body + "$", "any": body}[where])


def _cn_int(s: str) -> int:
    """'22', '二十二', '十五', '两', '零五', '二〇二六' -> int (ValueError if not a number)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _sep, units = s.partition("十")
        if len(tens) > 1 or len(units) > 1:
            raise ValueError(s)
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    try:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    except KeyError:
        raise ValueError(s) from None


# --- errors ---------------------------------------------------------------------------------

def _when_hint(day_first: bool) -> str:
    slash = "31/03/2026 22:30" if day_first else "03/31/2026 22:30"
    return _("Type it like 22:30, 10:30 pm, yesterday 22:30, 31.03.2026 22:30, {slash}, 2026-03-31T22:30, "
             "вчера в 23:10, в 11 вечера, 昨天晚上11点, 下午3点半, ieri alle 23:10 or ieri sera alle 11."
             ).format(slash=slash)


def _not_a_time(text: str, day_first: bool) -> InvalidInput:
    return InvalidInput(_("Could not read '{text}' as a time.").format(text=text.strip()), _when_hint(day_first))


def _make_date(y: int, m: int, d: int, text: str, day_first: bool = True) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        if not 1 <= m <= 12:
            reason = _("there is no month {m}").format(m=m)
        else:
            reason = _("{y:04d}-{m:02d} has no day {d}").format(y=y, m=m, d=d)
        if "/" in text:  # the likeliest slip: a date in the other order
            order = _("day first (DD/MM/YYYY)") if day_first else _("month first (MM/DD/YYYY)")
            hint = _("Dates with / are read {order}; 31.03.2026 and 2026-03-31 are never ambiguous."
                     ).format(order=order)
        else:
            hint = _("Check the day and the month.")
        raise InvalidInput(_("'{text}' is not a real date: {reason}.").format(text=text.strip(), reason=reason),
                           hint) from None


def _two_digit_year(yy: str) -> int:
    return 2000 + int(yy) if len(yy) == 2 else int(yy)


# --- dates ----------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _date_forms(day_first: bool):
    """Explicit date forms: (regex, how to read its groups as (year, month, day))."""
    dmy = lambda m: (m[3], m[2], m[1])  # noqa: E731
    mdy = lambda m: (m[3], m[1], m[2])  # noqa: E731
    ymd = lambda m: (m[1], m[2], m[3])  # noqa: E731
    return (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d:])", ymd),
        (r"(\d{4})/(\d{1,2})/(\d{1,2})(?![\d:/])", ymd),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d:.])", dmy),
        (r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d:/])", dmy if day_first else mdy),
        (rf"(?:({_CN_NUM})\s*年\s*)?({_CN_NUM})\s*月\s*({_CN_NUM})\s*[日号號]", ymd),
    )


def _date_from(groups: tuple[str | None, str, str], now: datetime, text: str, day_first: bool) -> date:
    y, m, d = groups
    month, day = _cn_int(m), _cn_int(d)
    if y is None:  # "3月3日": this year, or last year if that day is still to come
        guess = _make_date(now.year, month, day, text, day_first)
        return guess if guess <= now.date() else _make_date(now.year - 1, month, day, text, day_first)
    return _make_date(_two_digit_year(y) if y.isdigit() else _cn_int(y), month, day, text, day_first)


def _split_day(s: str, now: datetime, text: str,
               day_first: bool) -> tuple[date | None, tuple[str, str] | None, str]:
    """Take the day off the start (or end) of ``s``: (day, (part of day, word) it implies, rest)."""
    m = _word_regex("day", "start").match(s)
    if m:
        back, period = _DAY_WORDS[m["w"]]
        return now.date() - timedelta(days=back), (period, m["w"]) if period else None, s[m.end():].strip()
    for pattern, order in _date_forms(day_first):
        m = _rx("^" + pattern).match(s)
        if m:
            return _date_from(order(m), now, text, day_first), None, s[m.end():].strip()
    m = _word_regex("day", "end").search(s)
    if m:
        back, period = _DAY_WORDS[m["w"]]
        return now.date() - timedelta(days=back), (period, m["w"]) if period else None, s[:m.start()].strip()
    for pattern, order in _date_forms(day_first)[:4]:  # "22:30 03.03.2026"; not the Chinese form
        m = _rx(r"(?:^|\s)" + pattern + "$").search(s)
        if m:
            return _date_from(order(m), now, text, day_first), None, s[:m.start()].strip()
    return None, None, s


# --- times of day ---------------------------------------------------------------------------

_WESTERN_CLOCK = r"(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?:(?P<ampm>[ap])\.?\s?m\.?)?"
_RUSSIAN_CLOCK = r"(?P<h>\d{1,2})\s*(?:часов|часа|час|ч\.?)(?:\s*(?P<m>\d{1,2})\s*(?:минуты|минута|минут|мин\.?))?"
_CHINESE_CLOCK = (rf"(?P<h>{_CN_NUM})\s*(?:点钟|點鐘|点|點|时|時)\s*"
                  rf"(?:(?P<half>半)|(?P<q1>一刻)|(?P<q3>三刻)|(?P<m>{_CN_NUM})\s*分?(?:\s*(?P<s>{_CN_NUM})\s*秒)?)?\s*整?")


class _Mismatch(Exception):
    """An hour that does not go with its part of the day (13 утра) or is ambiguous (晚上12点)."""


def _apply_period(h: int, period: str | None) -> int:
    """The 24-hour hour for ``h`` said with ``period``.

    An hour already on the 24-hour clock passes unchanged where it fits (晚上23点, 22:30 di
    sera); 12 in the evening is refused (midnight at which end of the day?).
    """
    if period is None:
        if 0 <= h <= 23:
            return h
    elif period == "am":
        if 1 <= h <= 12:
            return h % 12
    elif period == "pm":
        if 1 <= h <= 12:
            return h % 12 + 12
    elif period == "morning":
        if 0 <= h <= 11:
            return h
    elif period == "afternoon":  # "3 часа дня", "下午3点", "12 дня" = noon
        if 1 <= h <= 11:
            return h + 12
        if 12 <= h <= 23:
            return h
    elif period == "evening":
        if 1 <= h <= 11:
            return h + 12
        if 13 <= h <= 23:
            return h
    elif period == "night":  # "2 ночи" = 02:00, "11 ночи" = 23:00, "12 ночи" = 00:00
        if h == 12:
            return 0
        if 0 <= h <= 5 or 21 <= h <= 23:
            return h
        if 9 <= h <= 11:
            return h + 12
    elif period == "early":  # 凌晨: small hours only
        if h == 12:
            return 0
        if 0 <= h <= 6:
            return h
    elif period == "noon":  # 中午11点, 中午12点, 中午1点
        if h in (11, 12, 13, 14):
            return h
        if h in (1, 2):
            return h + 12
    raise _Mismatch()


def _take_period(rest: str) -> tuple[str | None, str | None, str]:
    """Remove a part-of-day word from ``rest``: (period, the word as typed, rest)."""
    m = _word_regex("period", "any").search(rest)
    if not m:
        return None, None, rest
    return _PERIOD_WORDS[m["w"]], m["w"], (rest[:m.start()] + " " + rest[m.end():]).strip()


def _take_connector(rest: str) -> tuple[bool, str]:
    """Drop a leading 'at', 'в', 'alle', 'all'' ...: (whether there was one, rest)."""
    m = _rx(rf"^(?:{_alternation(_CONNECTORS)})(?:\s+|(?<=')|$)").match(rest)
    return (True, rest[m.end():].strip()) if m else (False, rest)


def _clock(rest: str, marked: bool) -> tuple[int, int, int, str | None]:
    """(hour, minute, second, am/pm) from what is left once day and part of day are gone.

    A bare number ("11") is an hour only when something marked it as a time: a day word,
    a part of the day, or a connector ("at 11", "в 11", "alle 11").
    """
    m = _rx(_WESTERN_CLOCK).fullmatch(rest)
    if m:
        if m["m"] is None and m["ampm"] is None and not marked:
            raise ValueError(rest)
        ampm = {"a": "am", "p": "pm"}.get(m["ampm"] or "")
        return int(m["h"]), int(m["m"] or 0), int(m["s"] or 0), ampm
    m = _rx(_RUSSIAN_CLOCK).fullmatch(rest)
    if m:
        return int(m["h"]), int(m["m"] or 0), 0, None
    m = _rx(_CHINESE_CLOCK).fullmatch(rest)
    if m:
        minute = 30 if m["half"] else 15 if m["q1"] else 45 if m["q3"] else _cn_int(m["m"]) if m["m"] else 0
        return _cn_int(m["h"]), minute, _cn_int(m["s"]) if m["s"] else 0, None
    raise ValueError(rest)


def _time_of_day(rest: str, implied: tuple[str, str] | None, marked: bool, text: str) -> time:
    """The time in ``rest``; ``implied`` is (part of day, word) from a day word like 'stasera'."""
    said, word, rest = _take_period(rest)
    had_connector, rest = _take_connector(rest)
    h, minute, second, ampm = _clock(rest, marked or had_connector or said is not None or implied is not None)
    if not (0 <= h <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise InvalidInput(_("'{text}' is not a time of day.").format(text=text.strip()),
                           _("Hours go from 0 to 23 and minutes from 0 to 59, e.g. 22:30."))
    try:
        if ampm is not None:
            # am/pm is the most precise; a part of the day said as well must agree with it
            # ("10pm di mattina" does not), one implied by "tonight" gives way ("tonight at 1am").
            label = ampm
            h = _apply_period(h, ampm)
            if said is not None:
                label = word
                if _apply_period(h, said) != h:
                    raise _Mismatch()
        else:
            if said is None and implied is not None:
                said, word = implied
            label = word
            h = _apply_period(h, said)
    except _Mismatch:
        if ampm is None and said == "evening" and h == 12:
            raise InvalidInput(_("'{text}' is ambiguous: 12 at night is midnight, but at the start or the end "
                                 "of the day?").format(text=text.strip()),
                               _("Give the day and 00:00, e.g. 'today 00:00', or 12:00 for noon.")) from None
        raise InvalidInput(_("'{text}' is not a time: {h} o'clock does not go with '{word}'.")
                           .format(text=text.strip(), h=h, word=label),
                           _("Use the 24-hour clock, e.g. 22:30, or a word that fits the hour.")) from None
    return time(h, minute, second)


# --- local time in a zone -------------------------------------------------------------------

def _gap_suggestion(naive: datetime, zone) -> datetime | None:
    """None if ``naive`` exists in ``zone``; else the local time an hour (the gap) later.

    In a gap, fold=0 uses the offset from before the change, so the round trip through UTC
    lands just after the gap (02:30 -> 03:30 in New York in March).
    """
    local = naive.replace(tzinfo=zone)
    back = local.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    return None if back == naive else back


def _localize(naive: datetime, zone, tz: str, text: str) -> datetime:
    later = _gap_suggestion(naive, zone)
    if later is not None:
        raise InvalidInput(
            _("'{text}' never happened in {tz}: the clocks moved forward that night, skipping {hm}.")
            .format(text=text.strip(), tz=tz, hm=naive.strftime("%H:%M")),
            _("Did you mean {later}?").format(later=later.strftime("%Y-%m-%d %H:%M")))
    return naive.replace(tzinfo=zone, fold=0)  # clocks moved back: the first of the two


def _check_past(when: datetime, now: datetime, text: str, day_implied: bool) -> datetime:
    if when > now + FUTURE_TOLERANCE:
        hm = when.strftime("%H:%M")
        message = _("'{text}' is in the future ({when}; it is now {now}).").format(
            text=text.strip(), when=when.strftime("%Y-%m-%d %H:%M"), now=now.strftime("%Y-%m-%d %H:%M"))
        if day_implied:
            raise InvalidInput(message, _("Did you mean yesterday {hm}? Type: yesterday {hm}").format(hm=hm))
        raise InvalidInput(message, _("Check the date: debtlog logs contacts that already happened."))
    return when


def _now_in(zone, now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(zone)
    return now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)


# --- public API -----------------------------------------------------------------------------

_ISO = (r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:t|\s+)(?P<h>\d{1,2}):(?P<mi>\d{2})"
        r"(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?\s*(?P<off>z|[+-]\d{2}(?::?\d{2})?)?")


def _from_iso_match(m: re.Match[str], zone, tz: str, text: str, day_first: bool) -> datetime:
    day = _make_date(int(m["y"]), int(m["mo"]), int(m["d"]), text, day_first)
    h, mi, s = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if not (h <= 23 and mi <= 59 and s <= 59):
        raise InvalidInput(_("'{text}' is not a time of day.").format(text=text.strip()),
                           _("Hours go from 0 to 23 and minutes from 0 to 59, e.g. 22:30."))
    micro = int((m["f"] or "0").ljust(6, "0")[:6])
    naive = datetime.combine(day, time(h, mi, s, micro))
    off = m["off"]
    if off is None:
        return _localize(naive, zone, tz, text)
    if off == "z":
        return naive.replace(tzinfo=timezone.utc).astimezone(zone)
    digits = off[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    if delta >= timedelta(hours=24) or int(digits[2:] or 0) > 59:
        raise _not_a_time(text, day_first)
    return naive.replace(tzinfo=timezone(-delta if off[0] == "-" else delta)).astimezone(zone)


def parse_when(text: str, tz: str, now: datetime | None = None, day_first: bool = True) -> datetime:
    """When a contact happened, as typed: an aware datetime in ``tz``.

    ``now`` (default: the current time) anchors "today"/"yesterday" and the check that the
    time is not in the future. ``day_first`` reads 03/04/2026 as 3 April (False: 4 March).
    Raises InvalidInput for anything it cannot read, a local time skipped by a DST change,
    a date that does not exist, and a time more than 5 minutes in the future.
    """
    zone = _zone_or_invalid(tz)
    now = _now_in(zone, now)
    s = _clean(text)
    if not s:
        raise InvalidInput(_("No time given."), _when_hint(day_first))
    if s in _NOW_WORDS:
        return now.replace(microsecond=0)
    m = _rx(_ISO).fullmatch(s)
    if m:
        return _check_past(_from_iso_match(m, zone, tz, text, day_first), now, text, day_implied=False)
    day, implied, rest = _split_day(s, now, text, day_first)
    if not rest:
        if day is None:
            raise _not_a_time(text, day_first)
        raise InvalidInput(_("'{text}' has a day but no time.").format(text=text.strip()),
                           _("Add the time, e.g. '{text} 22:30': a contact log needs it.").format(text=text.strip()))
    try:
        clock = _time_of_day(rest, implied, day is not None, text)
    except ValueError:
        raise _not_a_time(text, day_first) from None
    naive = datetime.combine(day or now.date(), clock)
    when = _localize(naive, zone, tz, text)
    # "today 23:00" typed at 22:00 is as likely a slip for yesterday as a bare "23:00".
    return _check_past(when, now, text, day_implied=day is None or day == now.date())


def parse_date(text: str, tz: str, now: datetime | None = None, day_first: bool = True) -> date:
    """A day for --since/--until: 2026-03-03, 03.03.2026, 03/03/2026, 2026-03 (its first day),
    2026年3月3日, 3月3日, or today/yesterday/... in English, Russian, Chinese and Italian."""
    zone = _zone_or_invalid(tz)
    now = _now_in(zone, now)
    s = _clean(text)
    if s in _NOW_WORDS:
        return now.date()
    m = _rx(r"(\d{4})-(\d{1,2})|(\d{4})\s*年\s*(\d{1,2})\s*月").fullmatch(s)
    if m:
        return _make_date(int(m[1] or m[3]), int(m[2] or m[4]), 1, text, day_first)
    if s:
        day, _period, rest = _split_day(s, now, text, day_first)
        if day is not None and not rest:
            return day
    sample = "31/03/2026" if day_first else "03/31/2026"
    raise InvalidInput(_("Could not read '{text}' as a date.").format(text=text.strip()),
                       _("Type it like 2026-03-31, 31.03.2026, {sample}, 2026-03, yesterday, вчера, 昨天 or ieri.")
                       .format(sample=sample))


_H_UNITS = "hours|hour|hrs|hr|h|часов|часа|час|ч|小时|小時|钟头|鐘頭|ore|ora"
_M_UNITS = "minutes|minute|mins|min|m|минуты|минута|минут|мин|м|分钟|分鐘|分|minuti|minuto"
_S_UNITS = "seconds|second|secs|sec|s|секунды|секунда|секунд|сек|с|秒钟|秒鐘|秒|secondi|secondo"
_NUM = r"\d+(?:\.\d+)?"
_DURATION = (rf"(?:(?P<h>{_NUM})\s*(?:{_H_UNITS})\.?)?\s*(?:(?P<m>{_NUM})\s*(?:{_M_UNITS})\.?)?"
             rf"\s*(?:(?P<s>{_NUM})\s*(?:{_S_UNITS})\.?)?")


def parse_duration(text: str) -> float:
    """Seconds from '75', '75s', '1:15' (MM:SS), '1:02:03' (H:MM:SS), '2m30s', '2 мин', '2分30秒'."""
    s = _clean(text).replace(",", ".")  # "1,5 мин"
    hint = _("Type seconds (75), minutes and seconds (1:15) or with units: 2m30s, 2 мин 30 сек, 2分30秒.")
    if s.startswith("-"):
        raise InvalidInput(_("A duration cannot be negative: '{text}'.").format(text=text.strip()), hint)
    m = _rx(_NUM).fullmatch(s)
    if m:
        return float(s)
    m = _rx(r"(?:(\d+):)?(\d+):(\d{2})").fullmatch(s)
    if m and int(m[3]) < 60 and (m[1] is None or int(m[2]) < 60):
        return float(int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3]))
    m = _rx(_DURATION).fullmatch(s)
    if s and m and any(m.groups()):
        return float(m["h"] or 0) * 3600 + float(m["m"] or 0) * 60 + float(m["s"] or 0)
    raise InvalidInput(_("Could not read '{text}' as a duration.").format(text=text.strip()), hint)


def parse_iso_record_time(text: str, tz: str) -> datetime:
    """Strict ISO 8601 date-time from an imported record: aware, in ``tz``.

    Without an offset it is local time in ``tz`` (the first occurrence when the clocks went
    back). Raises ValueError, which importers report against the line.
    """
    s = text.strip()
    try:
        when = datetime.fromisoformat(s)
    except ValueError:
        raise ValueError(_("'{text}' is not an ISO 8601 date-time (e.g. 2026-03-03T22:30:00)").format(text=s)) from None
    # fromisoformat also takes a bare date (midnight) and any separator; a contact needs its
    # time of day, and "2026-03-03x22:30" is not ISO 8601.
    if len(s) <= 10 or (s[4] == "-" and s[10] not in "Tt "):
        raise ValueError(_("'{text}' is not an ISO 8601 date-time with a time of day (e.g. 2026-03-03T22:30:00)")
                         .format(text=s))
    try:
        zone = _zone(tz)
    except (KeyError, ValueError):
        raise ValueError(_("unknown time zone '{tz}'").format(tz=tz)) from None
    if when.tzinfo is not None:
        return when.astimezone(zone)
    later = _gap_suggestion(when, zone)
    if later is not None:
        raise ValueError(_("{text} does not exist in {tz}: the clocks moved forward then (did you mean {later}?)")
                         .format(text=s, tz=tz, later=later.isoformat()))
    return when.replace(tzinfo=zone, fold=0)
