"""The debtor's clock decides: timezones far from the capital, DST changes, day boundaries."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from debtlog.errors import InvalidInput
from debtlog.models import Contact, Profile
from debtlog.rules import evaluate, load_pack

from .helpers import Log, check, flagged, one

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def test_vladivostok_debtor_called_at_moscow_afternoon_is_called_at_night():
    log = Log("Asia/Vladivostok")  # UTC+10, 7 hours ahead of Moscow
    late = log.add(datetime(2026, 3, 3, 15, 30, tzinfo=MSK))  # 22:30 in Vladivostok
    log.add(datetime(2026, 3, 3, 14, 30, tzinfo=MSK))  # 21:30 there
    f = one(check(log, "RU", "ru.230fz.hours"))
    assert f.entries == (late,) and "22:30" in f.explanation and "Asia/Vladivostok" in f.explanation


def test_vladivostok_morning_call_at_moscow_night_is_fine():
    log = Log("Asia/Vladivostok")
    log.add(datetime(2026, 3, 3, 1, 0, tzinfo=MSK))  # 08:00 in Vladivostok
    assert check(log, "RU", "ru.230fz.hours") == []


def test_kaliningrad_is_an_hour_behind_moscow():
    log = Log("Europe/Kaliningrad")
    log.add(datetime(2026, 3, 3, 22, 30, tzinfo=MSK))  # 21:30 in Kaliningrad
    early = log.add(datetime(2026, 3, 4, 8, 30, tzinfo=MSK))  # 07:30 there
    assert flagged(check(log, "RU", "ru.230fz.hours")) == [early]


def test_calendar_week_boundary_follows_the_debtor_timezone():
    # Monday 00:30 in Vladivostok is Sunday 17:30 in Moscow: a new calendar week for the debtor.
    log = Log("Asia/Vladivostok")
    log.add(datetime(2026, 3, 16, 10, 0, tzinfo=MSK))
    log.add(datetime(2026, 3, 18, 10, 0, tzinfo=MSK))
    log.add(datetime(2026, 3, 22, 17, 30, tzinfo=MSK))
    assert check(log, "RU", "ru.230fz.calls") == []
    moscow = Log("Europe/Moscow")
    moscow.contacts = log.contacts
    assert flagged(check(moscow, "RU", "ru.230fz.calls")) == [3]


def test_us_spring_forward():
    # 8 March 2026: New York moves from EST (UTC-5) to EDT (UTC-4).
    log = Log("America/New_York")
    before = log.add(datetime(2026, 3, 7, 12, 30, tzinfo=UTC))  # 07:30 EST
    log.add(datetime(2026, 3, 8, 12, 30, tzinfo=UTC))  # 08:30 EDT (07:30 with a fixed offset)
    after = log.add(datetime(2026, 3, 8, 11, 30, tzinfo=UTC))  # 07:30 EDT
    assert sorted(flagged(check(log, "US", "us.fdcpa.hours"))) == sorted([before, after])


def test_us_fall_back():
    # 1 November 2026: New York moves back to EST; 01:00-02:00 happens twice.
    log = Log("America/New_York")
    early = log.add(datetime(2026, 11, 1, 12, 30, tzinfo=UTC))  # 07:30 EST (08:30 with EDT)
    log.add(datetime(2026, 10, 31, 12, 30, tzinfo=UTC))  # 08:30 EDT
    first = log.add(datetime(2026, 11, 1, 5, 30, tzinfo=UTC))  # 01:30 EDT
    second = log.add(datetime(2026, 11, 1, 6, 30, tzinfo=UTC))  # 01:30 EST, an hour later
    f = check(log, "US", "us.fdcpa.hours")
    assert flagged(f) == [first, second, early]


def test_rome_dst_night_moves_the_calendar_day():
    # 29 March 2026, 00:30 CET is 28 March 23:30 UTC; the next day the offset is +2.
    log = Log("Europe/Rome")
    log.add(datetime(2026, 3, 28, 9, 0, tzinfo=UTC))  # Saturday 10:00
    sunday = log.add(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))  # Sunday 00:30
    f = one(check(log, "IT", "it.unirec.hours"))
    assert f.entries == (sunday,) and "Sunday 29 March 2026" in f.explanation


def test_rolling_seven_days_across_dst():
    log = Log("America/New_York")
    ids = [log.add(f"2026-03-{d:02d} 08:30", outcome="missed") for d in range(5, 12)]  # across 8 March
    assert check(log, "US", "us.regf.7in7.calls") == []
    over = log.add("2026-03-11 20:00", outcome="missed")
    assert flagged(check(log, "US", "us.regf.7in7.calls")) == [over]
    assert len(ids) == 7


def test_naive_times_are_read_in_the_debtor_timezone():
    c = Contact(occurred_at=datetime(2026, 3, 3, 22, 30), channel="call", id=1, outcome="answered")
    f = evaluate([c], [], Profile("RU", "Europe/Moscow"), packs=[load_pack("RU")])
    assert [x.rule for x in f] == ["ru.230fz.hours"]


def test_unknown_timezone_is_invalid_input():
    c = Contact(occurred_at=datetime(2026, 3, 3, 12, 0, tzinfo=MSK), channel="call", id=1)
    with pytest.raises(InvalidInput, match="timezone"):
        evaluate([c], [], Profile("RU", "Mars/Olympus"))


def test_contacts_are_judged_in_the_zone_they_were_logged_in():
    """A debtor who moved from Moscow to Vladivostok: the old call stays judged in Moscow time."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from debtlog.models import Contact, Profile
    from debtlog.rules import evaluate

    msk, vvo = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Vladivostok")
    old = Contact(id=1, occurred_at=datetime(2026, 3, 3, 21, 30, tzinfo=msk), channel="call", outcome="answered",
                  timezone="Europe/Moscow")  # 21:30 in Moscow = 04:30 next day in Vladivostok
    new = Contact(id=2, occurred_at=datetime(2026, 3, 10, 21, 30, tzinfo=vvo), channel="call", outcome="answered",
                  timezone="Asia/Vladivostok")
    findings = evaluate([old, new], [], Profile("RU", "Asia/Vladivostok"))
    assert not [f for f in findings if f.rule == "ru.230fz.hours"]
    late = Contact(id=3, occurred_at=datetime(2026, 3, 3, 22, 30, tzinfo=msk), channel="call", outcome="answered",
                   timezone="Europe/Moscow")
    findings = evaluate([late], [], Profile("RU", "Asia/Vladivostok"))
    assert [f.entries for f in findings if f.rule == "ru.230fz.hours"] == [(3,)]
