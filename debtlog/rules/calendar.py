"""National working-day calendars: which days are working days, rest days, public holidays.

Built on the `holidays` package, which models Russian day transfers (a Saturday made a
working day; a weekday made a day off) and Chinese make-up working days. `holidays` is
imported on first use, not when debtlog.rules is imported, to keep start-up fast; one
calendar object is built per (country, subdivision, year) and kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DayType:
    """What kind of day a date is in one national calendar."""

    working: bool  # a working day (transfers included)
    holiday: str | None  # the public holiday's name (transferred days off included), or None
    weekday: int  # 0 = Monday
    # Where the name came from, to name the holiday in the reader's language (not compared).
    country: str | None = field(default=None, compare=False)
    subdiv: str | None = field(default=None, compare=False)
    day: date | None = field(default=None, compare=False)

    def describe(self) -> str:
        """What kind of day it is, in the findings' wording (the holiday's name comes from `holidays`,
        in the reader's language where `holidays` has it: Russian, Chinese and Italian do)."""
        from .text import _, _current  # noqa: PLC0415

        # Translators: the kind of a day, inside a finding ("allowed on that day (a rest day): ...").
        if self.holiday:
            name = self.holiday
            lang = _current.get().lang
            if lang != "en" and self.country and self.day is not None:
                name = _holiday_name(self.country, self.subdiv, self.day, lang) or name
            return _("a public holiday or day off: {holiday}").format(holiday=name)
        if self.weekday >= 5 and self.working:
            return _("a working day by transfer")
        return _("a working day") if self.working else _("a rest day")


@lru_cache(maxsize=None)
def _calendar(country: str, subdiv: str | None, year: int) -> Any:
    import holidays  # noqa: PLC0415 - heavy, imported only when a rule needs a calendar

    try:
        return holidays.country_holidays(country, subdiv=subdiv, years=year)
    except NotImplementedError:
        if subdiv is None:
            raise
        # An unknown subdivision: fall back to the national calendar rather than fail.
        return holidays.country_holidays(country, years=year)


# debtlog's language -> the `holidays` package's language codes to try, in order.
_HOLIDAY_LANGUAGES = {"ru": ("ru",), "zh_CN": ("zh_CN",), "it": ("it_IT", "it")}


@lru_cache(maxsize=None)
def _localized_calendar(country: str, subdiv: str | None, year: int, language: str) -> Any:
    import holidays  # noqa: PLC0415

    try:
        return holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)
    except NotImplementedError:
        return holidays.country_holidays(country, years=year, language=language)


def _holiday_name(country: str, subdiv: str | None, d: date, lang: str) -> str | None:
    """The holiday's name in ``lang`` when `holidays` has that language for the country."""
    supported = set(getattr(_calendar(country, subdiv, d.year), "supported_languages", ()) or ())
    for code in _HOLIDAY_LANGUAGES.get(lang, ()):
        if code in supported:
            return _localized_calendar(country, subdiv, d.year, code).get(d)
    return None


@lru_cache(maxsize=65536)
def day_type(country: str | None, subdiv: str | None, d: date) -> DayType:
    """The day type of `d`; without a country, Monday-Friday work and weekends rest."""
    if not country:
        return DayType(working=d.weekday() < 5, holiday=None, weekday=d.weekday())
    cal = _calendar(country, subdiv, d.year)
    name = cal.get(d)
    working = cal.is_working_day(d)
    return DayType(working=working, holiday=None if working else name, weekday=d.weekday(),
                   country=country, subdiv=subdiv, day=d)
