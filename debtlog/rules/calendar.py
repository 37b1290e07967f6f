"""National working-day calendars: which days are working days, rest days, public holidays.

Built on the `holidays` package, which models Russian day transfers (a Saturday made a
working day; a weekday made a day off) and Chinese make-up working days. `holidays` is
imported on first use, not when debtlog.rules is imported, to keep start-up fast; one
calendar object is built per (country, subdivision, year) and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
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

    def describe(self) -> str:
        """What kind of day it is, in the findings' wording (the holiday's name comes from `holidays`)."""
        from .text import _  # noqa: PLC0415

        # Translators: the kind of a day, inside a finding ("allowed on that day (a rest day): ...").
        if self.holiday:
            return _("a public holiday or day off: {holiday}").format(holiday=self.holiday)
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


@lru_cache(maxsize=65536)
def day_type(country: str | None, subdiv: str | None, d: date) -> DayType:
    """The day type of `d`; without a country, Monday-Friday work and weekends rest."""
    if not country:
        return DayType(working=d.weekday() < 5, holiday=None, weekday=d.weekday())
    cal = _calendar(country, subdiv, d.year)
    name = cal.get(d)
    working = cal.is_working_day(d)
    return DayType(working=working, holiday=None if working else name, weekday=d.weekday())
