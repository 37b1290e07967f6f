"""Dates, numbers and money for people to read, in the command's language.

English keeps debtlog's own compact forms (``Tue 03.03.2026 22:30``, ``15000.50 RUB``), so
what English users and the tests see does not change. The other languages use Babel (CLDR
data): weekday names, separators and currency signs as a Russian, Chinese or Italian reader
expects them. Babel is imported on first use only (it costs ~30 ms), never for ``--help``.
JSON output never comes through here: it stays ISO 8601 and plain numbers (CONTRACT.md).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from . import language

# Fixed-width patterns per language, so table columns line up (CLDR's "medium" forms vary in
# length with the month name). EEE: the short weekday name.
PATTERNS = {
    "ru": {"datetime": "EEE dd.MM.yyyy HH:mm", "short": "dd.MM.yy HH:mm", "date": "dd.MM.yyyy",
           "day": "EEE dd.MM.yyyy"},
    "it": {"datetime": "EEE dd/MM/yyyy HH:mm", "short": "dd/MM/yy HH:mm", "date": "dd/MM/yyyy",
           "day": "EEE dd/MM/yyyy"},
    "zh_CN": {"datetime": "yyyy-MM-dd EEE HH:mm", "short": "yy-MM-dd HH:mm", "date": "yyyy-MM-dd",
              "day": "MM-dd EEE"},
}


def _locale(lang: str | None) -> str:
    return lang or language()


def format_datetime(dt: datetime, short: bool = False, lang: str | None = None) -> str:
    code = _locale(lang)
    if code not in PATTERNS:
        from ..cli.render import WEEKDAYS

        return f"{dt:%d.%m.%y %H:%M}" if short else f"{WEEKDAYS[dt.weekday()]} {dt:%d.%m.%Y %H:%M}"
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(dt, PATTERNS[code]["short" if short else "datetime"], tzinfo=dt.tzinfo, locale=code)


def format_date(d: date, lang: str | None = None) -> str:
    code = _locale(lang)
    if isinstance(d, datetime):
        d = d.date()
    if code not in PATTERNS:
        return f"{d:%d.%m.%Y}"
    from babel.dates import format_date as babel_date

    return babel_date(d, PATTERNS[code]["date"], locale=code)


def format_day(d: date, lang: str | None = None) -> str:
    """A day with its weekday, for a chart's rows: ``Tue 03.03.2026``."""
    code = _locale(lang)
    if isinstance(d, datetime):
        d = d.date()
    if code not in PATTERNS:
        from ..cli.render import WEEKDAYS

        return f"{WEEKDAYS[d.weekday()]} {d:%d.%m.%Y}"
    from babel.dates import format_date as babel_date

    return babel_date(d, PATTERNS[code]["day"], locale=code)


def weekday_short(index: int, lang: str | None = None) -> str:
    """Monday = 0, as datetime.weekday()."""
    code = _locale(lang)
    if code not in PATTERNS:
        from ..cli.render import WEEKDAYS

        return WEEKDAYS[index]
    from babel.dates import get_day_names

    return get_day_names("abbreviated", locale=code)[index]


def format_number(n, lang: str | None = None) -> str:
    code = _locale(lang)
    if code not in PATTERNS:
        return str(n)
    from babel.numbers import format_decimal

    return format_decimal(n, locale=code)


def format_money(amount, currency: str | None, lang: str | None = None) -> str:
    """``15000.50`` ``RUB`` -> ``15 000,50 ₽`` (ru), ``RUB 15,000.50``-like forms per language."""
    code = _locale(lang)
    if amount in (None, ""):
        return currency or ""
    if code not in PATTERNS:
        return " ".join(str(x) for x in (amount, currency) if x)
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return " ".join(str(x) for x in (amount, currency) if x)
    from babel.numbers import format_currency, format_decimal

    if not currency:
        return format_decimal(value, locale=code)
    try:
        return format_currency(value, currency, locale=code)
    except Exception:  # noqa: BLE001 - an unknown currency code: the number and the code as given
        return f"{format_decimal(value, locale=code)} {currency}"
