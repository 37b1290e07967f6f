"""Allowed hours: national calendars (weekends, holidays, transferred days), each pack's windows."""

from __future__ import annotations

from .helpers import Log, check, flagged, one, tp

# ---- RU: 08-22 on working days, 09-20 on weekends and non-working holidays ----------------------


def test_ru_working_day_late_call_is_flagged():
    log = Log()
    late = log.add("2026-03-03 22:30")  # Tuesday
    log.add("2026-03-03 21:59")
    f = one(check(log, "RU", "ru.230fz.hours"))
    assert f.entries == (late,)
    assert f.severity == "violation" and f.category == "hours" and f.confidence == "H"
    assert "22:30" in f.explanation and "08:00-22:00" in f.explanation and "Tuesday 3 March 2026" in f.explanation


def test_ru_working_day_inside_hours_is_not_flagged():
    log = Log()
    log.add("2026-03-03 08:00")
    log.add("2026-03-03 21:59:59")
    assert check(log, "RU", "ru.230fz.hours") == []


def test_ru_22_00_exactly_is_too_late():
    log = Log()
    c = log.add("2026-03-03 22:00")
    assert flagged(check(log, "RU", "ru.230fz.hours")) == [c]


def test_ru_weekend_window_is_09_to_20():
    log = Log()
    early = log.add("2026-03-07 08:30")  # Saturday
    ok = log.add("2026-03-07 12:00")
    late = log.add("2026-03-08 20:00")  # Sunday, 8 March: also a holiday
    log.add("2026-03-08 19:59")
    got = flagged(check(log, "RU", "ru.230fz.hours"))
    assert got == [early, late] and ok not in got


def test_ru_saturday_made_a_working_day_is_a_working_day():
    # 1 November 2025 (Saturday) was a working day by transfer; 3 November (Monday) a day off.
    log = Log()
    sat_work = log.add("2025-11-01 08:30")
    mon_off = log.add("2025-11-03 08:30")
    f = check(log, "RU", "ru.230fz.hours")
    assert flagged(f) == [mon_off]
    assert sat_work not in flagged(f)
    assert "day off" in f[0].explanation or "holiday" in f[0].explanation


def test_ru_weekday_made_a_day_off_is_a_rest_day():
    # 2 May 2025 (Friday) was a day off transferred from 4 January.
    log = Log()
    c = log.add("2025-05-02 20:30")
    log.add("2025-05-05 20:30")  # an ordinary Monday: fine
    assert flagged(check(log, "RU", "ru.230fz.hours")) == [c]


def test_ru_hours_cover_messages_and_visits_but_not_letters_or_your_own_calls():
    log = Log()
    sms = log.add("2026-03-03 23:00", "sms")
    visit = log.add("2026-03-03 07:00", "visit")
    log.add("2026-03-03 23:30", "letter")
    log.add("2026-03-03 23:40", direction="outgoing")
    log.add("2026-03-03 23:50", outcome="failed")  # never connected
    assert sorted(flagged(check(log, "RU", "ru.230fz.hours"))) == sorted([sms, visit])


def test_ru_hours_group_by_day():
    log = Log()
    a = log.add("2026-03-03 22:10")
    b = log.add("2026-03-03 23:10", "sms")
    c = log.add("2026-03-04 06:00")
    f = check(log, "RU", "ru.230fz.hours")
    assert [x.entries for x in f] == [(a, b), (c,)]
    assert "2 contacts" in f[0].explanation


def test_regional_holiday_subdivision_is_accepted():
    log = Log()
    log.add("2026-03-03 12:00")
    assert check(log, "RU", "ru.230fz.hours", region="RU-TA") == []
    assert check(log, "RU", "ru.230fz.hours", region="XX-NOPE") == []


# ---- US: 08:00-21:00 at the consumer's location, spouse counts -----------------------------------


def test_us_after_9pm_is_flagged_9pm_itself_is_not():
    log = Log("America/New_York")
    log.add("2026-03-03 21:00")
    late = log.add("2026-03-03 21:01")
    early = log.add("2026-03-04 07:59", "sms")
    f = check(log, "US", "us.fdcpa.hours")
    assert flagged(f) == [late, early]


def test_us_hours_inside_window_not_flagged_and_spouse_counts_as_consumer():
    log = Log("America/New_York")
    log.add("2026-03-03 08:00")
    log.add("2026-03-03 20:59", "email")
    spouse = log.add("2026-03-05 22:00", target="third_party", third_party=tp("Sam", "spouse"))
    log.add("2026-03-05 22:30", target="third_party", third_party=tp("Boss", "employer"))
    assert flagged(check(log, "US", "us.fdcpa.hours")) == [spouse]


# ---- CN, GB, IN: fixed windows ------------------------------------------------------------------------


def test_cn_22_to_08_is_flagged():
    log = Log("Asia/Shanghai")
    night = log.add("2026-03-03 22:00")
    log.add("2026-03-03 21:59")
    morning = log.add("2026-03-04 07:30", "sms")
    log.add("2026-03-04 08:00")
    f = check(log, "CN", "cn.gbt45251.hours")
    assert flagged(f) == [night, morning]
    assert all(x.severity == "code_of_conduct" for x in f)


def test_cn_hours_not_before_the_guidelines():
    log = Log("Asia/Shanghai")
    log.add("2023-03-03 23:00")
    assert check(log, "CN", "cn.gbt45251.hours") == []


def test_gb_unreasonable_hours_are_likely_violations():
    log = Log("Europe/London")
    c = log.add("2026-03-03 21:15")
    log.add("2026-03-03 20:45")
    f = one(check(log, "GB", "gb.conc.hours"))
    assert f.entries == (c,) and f.severity == "likely_violation"
    assert "likely" in f.explanation


def test_gb_hours_inside_window_not_flagged():
    log = Log("Europe/London")
    log.add("2026-03-03 08:00")
    log.add("2026-03-07 20:59")
    assert check(log, "GB", "gb.conc.hours") == []


def test_in_hours_08_to_19():
    log = Log("Asia/Kolkata")
    log.add("2026-03-03 19:00")
    late = log.add("2026-03-03 19:30")
    early = log.add("2026-03-04 07:45", "visit")
    log.add("2026-03-04 12:00")
    log.add("2026-03-04 21:00", "sms")  # the 2022 circular speaks of calls
    assert flagged(check(log, "IN", "in.rbi.hours")) == [late, early]


def test_in_hours_inside_window_not_flagged():
    log = Log("Asia/Kolkata")
    log.add("2026-03-03 08:00")
    log.add("2026-03-03 18:59")
    assert check(log, "IN", "in.rbi.hours") == []


# ---- IT: UNIREC Mon-Fri 08:30-21:00, Sat 08:30-15:00, never Sundays or holidays -------------------


def test_it_unirec_saturday_afternoon_sunday_and_holiday_are_flagged():
    log = Log("Europe/Rome")
    sat = log.add("2026-03-07 15:30")  # Saturday
    log.add("2026-03-07 14:59")
    sun = log.add("2026-03-08 11:00")  # Sunday
    holiday = log.add("2026-06-02 11:00")  # Festa della Repubblica, a Tuesday
    early = log.add("2026-03-09 08:15")
    f = check(log, "IT", "it.unirec.hours")
    assert flagged(f) == [sat, sun, holiday, early]
    assert "no contact at all" in f[1].explanation


def test_it_unirec_weekday_inside_hours_not_flagged():
    log = Log("Europe/Rome")
    log.add("2026-03-09 08:30")
    log.add("2026-03-09 20:59", "visit")
    log.add("2026-03-08 11:00", "sms")  # messages are not phone contacts
    assert check(log, "IT", "it.unirec.hours") == []
