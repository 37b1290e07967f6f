"""Frequency caps: calendar day, week and month, rolling windows, what counts, grouping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import Log, check, flagged, one, tp

# ---- RU 230-FZ: conversations 1/2/8 -------------------------------------------------------------


def test_ru_third_conversation_in_a_calendar_week():
    log = Log()
    a = log.add("2026-03-16 10:00")  # Monday
    b = log.add("2026-03-18 10:00")
    c = log.add("2026-03-20 10:00")
    f = one(check(log, "RU", "ru.230fz.calls"))
    assert f.entries == (c,) and f.context == (a, b)
    assert "3rd conversation in the calendar week 16-22 March 2026" in f.explanation
    assert "the limit is 2" in f.explanation


def test_ru_two_conversations_in_a_week_on_different_days_are_fine():
    log = Log()
    log.add("2026-03-16 10:00")
    log.add("2026-03-22 19:00")  # Sunday, same calendar week
    log.add("2026-03-23 10:00")  # Monday: a new calendar week
    assert check(log, "RU", "ru.230fz.calls") == []


def test_ru_second_conversation_in_a_day():
    log = Log()
    a = log.add("2026-03-16 10:00")
    b = log.add("2026-03-16 15:00")
    f = one(check(log, "RU", "ru.230fz.calls"))
    assert f.entries == (b,) and f.context == (a,)
    assert "2nd conversation on Monday 16 March 2026" in f.explanation and "the limit is 1" in f.explanation


def test_ru_ninth_conversation_in_a_calendar_month():
    log = Log()
    days = ["03-01", "03-02", "03-04", "03-09", "03-11", "03-16", "03-18", "03-23", "03-25"]
    ids = log.many([f"2026-{d} 12:00" for d in days])  # never more than 2 in a calendar week
    f = one(check(log, "RU", "ru.230fz.calls"))
    assert f.entries == (ids[-1],) and f.context == tuple(ids[:-1])
    assert "9th conversation in the calendar month March 2026" in f.explanation


def test_ru_only_conversations_started_by_the_creditor_count():
    log = Log()
    log.add("2026-03-16 10:00")
    log.add("2026-03-16 11:00", outcome="missed")
    log.add("2026-03-16 12:00", outcome="rejected")
    log.add("2026-03-16 13:00", outcome="failed")
    log.add("2026-03-16 14:00", direction="outgoing")  # you called them
    log.add("2026-03-16 15:00", "sms")
    assert check(log, "RU", "ru.230fz.calls") == []


def test_ru_each_creditor_has_its_own_allowance_and_agents_add_up():
    log = Log()
    log.add("2026-03-16 10:00", creditor="Bank A")
    log.add("2026-03-16 11:00", creditor="Bank B")
    assert check(log, "RU", "ru.230fz.calls") == []
    # An agency seen working for Bank A: its calls that name no creditor count against Bank A.
    log.add("2026-03-17 10:00", creditor="Bank A", agency="Agency")
    over = log.add("2026-03-17 12:00", creditor=None, agency="Agency")
    f = check(log, "RU", "ru.230fz.calls")
    assert over in flagged(f)
    assert all("Bank A" in x.explanation for x in f)


def test_ru_robot_calls_count_from_february_2024():
    log = Log()
    log.add("2024-01-15 10:00", robot=True)
    log.add("2024-01-15 11:00")
    assert check(log, "RU", "ru.230fz.calls") == []
    log.add("2024-02-05 10:00", robot=True)
    second = log.add("2024-02-05 11:00")
    assert flagged(check(log, "RU", "ru.230fz.calls")) == [second]


def test_ru_rolling_week_is_info_only_beyond_the_calendar_week():
    log = Log()
    log.add("2026-03-20 10:00")  # Friday
    log.add("2026-03-21 10:00")  # Saturday (same calendar week: 2, fine)
    third = log.add("2026-03-23 10:00")  # Monday: new calendar week, but 3 in 7 days
    assert check(log, "RU", "ru.230fz.calls") == []
    f = one(check(log, "RU", "ru.230fz.calls.rolling"))
    assert f.entries == (third,) and f.severity == "info"
    assert "3rd conversation within 7 consecutive days (17-23 March 2026)" in f.explanation


def test_ru_rolling_rule_does_not_repeat_calendar_findings():
    log = Log()
    log.many(["2026-03-16 10:00", "2026-03-17 10:00", "2026-03-18 10:00"])
    assert flagged(check(log, "RU", "ru.230fz.calls", "ru.230fz.calls.rolling"), "ru.230fz.calls") == [3]
    assert flagged(check(log, "RU", "ru.230fz.calls", "ru.230fz.calls.rolling"), "ru.230fz.calls.rolling") == []


def test_ru_messages_2_4_16():
    log = Log()
    day = log.many(["2026-03-02 10:00", "2026-03-02 11:00", "2026-03-02 12:00"], "sms")
    f = check(log, "RU", "ru.230fz.messages")
    assert flagged(f) == [day[2]]
    log = Log()
    week = log.many(["2026-03-02 10:00", "2026-03-03 10:00", "2026-03-04 10:00", "2026-03-05 10:00",
                     "2026-03-06 10:00"], "messenger")
    f = one(check(log, "RU", "ru.230fz.messages"))
    assert f.entries == (week[4],) and "5th message in the calendar week 2-8 March 2026" in f.explanation
    log = Log()
    month = [f"2026-03-{d:02d} 10:00" for d in (2, 3, 4, 5, 9, 10, 11, 12, 16, 17, 18, 19, 23, 24, 25, 26, 30)]
    ids = log.many(month, "sms")
    f = one(check(log, "RU", "ru.230fz.messages"))
    assert f.entries == (ids[-1],) and "17th message in the calendar month March 2026" in f.explanation
    assert "the limit is 16" in f.explanation


def test_ru_messages_within_caps_not_flagged():
    log = Log()
    log.many(["2026-03-02 10:00", "2026-03-02 11:00", "2026-03-04 10:00", "2026-03-06 10:00"], "sms")
    log.add("2026-03-02 12:00", "sms", direction="outgoing")  # your own message
    log.add("2026-03-02 13:00", "letter")
    assert check(log, "RU", "ru.230fz.messages") == []


def test_ru_messages_rolling_is_info():
    log = Log()
    log.many(["2026-03-07 10:00", "2026-03-07 11:00", "2026-03-08 10:00", "2026-03-08 11:00"], "sms")
    fifth = log.add("2026-03-09 10:00", "sms")  # new calendar week, but 5 in 3 days
    assert check(log, "RU", "ru.230fz.messages") == []
    f = one(check(log, "RU", "ru.230fz.messages.rolling"))
    assert f.entries == (fifth,) and f.severity == "info"


def test_ru_messages_rolling_not_flagged_when_spread():
    log = Log()
    log.many(["2026-03-02 10:00", "2026-03-05 10:00", "2026-03-09 10:00", "2026-03-12 10:00"], "sms")
    assert check(log, "RU", "ru.230fz.messages.rolling") == []


def test_ru_one_meeting_a_week():
    log = Log()
    log.add("2026-03-16 10:00", "visit")
    second = log.add("2026-03-19 10:00", "visit")
    log.add("2026-03-23 10:00", "visit")  # next week
    assert flagged(check(log, "RU", "ru.230fz.visits")) == [second]


def test_ru_visit_nobody_met_is_not_a_meeting():
    log = Log()
    log.add("2026-03-16 10:00", "visit")
    log.add("2026-03-19 10:00", "visit", outcome="missed")
    assert check(log, "RU", "ru.230fz.visits") == []


def test_ru_pressure_by_unanswered_attempts():
    log = Log()
    log.add("2026-03-16 10:00", outcome="missed")
    log.add("2026-03-16 10:05", outcome="rejected")
    third = log.add("2026-03-16 10:10", outcome="voicemail")
    f = one(check(log, "RU", "ru.230fz.pressure"))
    assert f.entries == (third,) and f.severity == "likely_violation" and "likely" in f.explanation


def test_ru_pressure_two_unanswered_a_day_is_fine():
    log = Log()
    log.add("2026-03-16 10:00", outcome="missed")
    log.add("2026-03-16 10:05", outcome="missed")
    log.add("2026-03-16 10:10", outcome="failed")
    log.add("2026-03-17 10:10", outcome="missed")
    assert check(log, "RU", "ru.230fz.pressure") == []


# ---- CN: three separate sources ---------------------------------------------------------------------


def test_cn_fourth_answered_call_in_a_day():
    log = Log("Asia/Shanghai")
    ids = log.many(["2026-03-03 09:00", "2026-03-03 10:00", "2026-03-03 11:00", "2026-03-03 12:00"])
    f = check(log, "CN", "cn.gbt45251.calls", "cn.nifa2024.calls")
    assert flagged(f, "cn.gbt45251.calls") == [ids[3]]
    assert flagged(f, "cn.nifa2024.calls") == [ids[3]]


def test_cn_three_answered_calls_are_fine_and_dates_apply():
    log = Log("Asia/Shanghai")
    log.many(["2026-03-03 09:00", "2026-03-03 10:00", "2026-03-03 11:00"])
    log.add("2026-03-03 12:00", outcome="missed")
    assert check(log, "CN", "cn.gbt45251.calls", "cn.nifa2024.calls") == []
    log = Log("Asia/Shanghai")  # mid-2024: the NIFA guideline applies, the standard not yet
    log.many(["2024-06-03 09:00", "2024-06-03 10:00", "2024-06-03 11:00", "2024-06-03 12:00"])
    f = check(log, "CN", "cn.gbt45251.calls", "cn.nifa2024.calls")
    assert [x.rule for x in f] == ["cn.nifa2024.calls"]


def test_cn_seventh_unanswered_call_in_a_day():
    log = Log("Asia/Shanghai")
    ids = log.many([f"2026-03-03 {h:02d}:00" for h in range(9, 16)], outcome="missed")
    assert flagged(check(log, "CN", "cn.cba2026.unanswered")) == [ids[6]]


def test_cn_six_unanswered_calls_are_fine_and_not_before_2026_guideline():
    log = Log("Asia/Shanghai")
    log.many([f"2026-03-03 {h:02d}:00" for h in range(9, 15)], outcome="missed")
    log.many([f"2025-03-03 {h:02d}:00" for h in range(9, 18)], outcome="missed")
    assert check(log, "CN", "cn.cba2026.unanswered") == []


# ---- IT: UNIREC 1/3 conversations, 4 messages a month; art. 660 c.p. --------------------------------


def test_it_unirec_conversations_day_and_week():
    log = Log("Europe/Rome")
    a = log.many(["2026-03-09 10:00", "2026-03-09 16:00"])
    b = log.many(["2026-03-10 10:00", "2026-03-11 10:00", "2026-03-12 10:00"])
    f = check(log, "IT", "it.unirec.calls")
    assert a[1] in flagged(f)
    assert b[2] in flagged(f)  # the 5th conversation of the week (limit 3)


def test_it_unirec_conversations_within_limits():
    log = Log("Europe/Rome")
    log.many(["2026-03-09 10:00", "2026-03-11 10:00", "2026-03-13 10:00", "2026-03-16 10:00"])
    assert check(log, "IT", "it.unirec.calls") == []


def test_it_unirec_messages_four_a_month():
    log = Log("Europe/Rome")
    ids = log.many([f"2026-03-{d:02d} 10:00" for d in (2, 9, 16, 23, 30)], "sms")
    assert flagged(check(log, "IT", "it.unirec.messages")) == [ids[4]]
    log = Log("Europe/Rome")
    log.many([f"2026-03-{d:02d} 10:00" for d in (2, 9, 16, 23)], "email")
    log.add("2026-04-01 10:00", "sms")
    assert check(log, "IT", "it.unirec.messages") == []


def test_it_molestia_fifth_call_in_a_day():
    log = Log("Europe/Rome")
    ids = log.many([f"2026-03-09 {h:02d}:00" for h in range(9, 14)], outcome="missed")
    f = one(check(log, "IT", "it.cp660.molestia"))
    assert f.entries == (ids[4],) and f.severity == "likely_violation"


def test_it_molestia_four_calls_not_flagged():
    log = Log("Europe/Rome")
    log.many([f"2026-03-09 {h:02d}:00" for h in range(9, 13)], outcome="missed")
    assert check(log, "IT", "it.cp660.molestia") == []


# ---- US rebuttal factors (info) ------------------------------------------------------------------------


def test_us_two_unanswered_calls_within_five_minutes():
    log = Log("America/New_York")
    log.add("2026-03-03 10:00", outcome="missed")
    second = log.add("2026-03-03 10:04", outcome="voicemail")
    f = one(check(log, "US", "us.regf.rapid_calls"))
    assert f.entries == (second,) and f.severity == "info"
    assert "within 5 minutes (10:00 to 10:04" in f.explanation


def test_us_unanswered_calls_six_minutes_apart_are_fine():
    log = Log("America/New_York")
    log.add("2026-03-03 10:00", outcome="missed")
    log.add("2026-03-03 10:06", outcome="missed")
    log.add("2026-03-03 10:07")  # answered: not an unanswered call
    assert check(log, "US", "us.regf.rapid_calls") == []


def test_us_seven_calls_in_one_day():
    log = Log("America/New_York")
    ids = log.many([f"2026-03-03 {h:02d}:00" for h in range(9, 16)], outcome="missed")
    assert flagged(check(log, "US", "us.regf.daily_concentration")) == [ids[6]]
    log = Log("America/New_York")
    log.many([f"2026-03-03 {h:02d}:00" for h in range(9, 15)], outcome="missed")
    assert check(log, "US", "us.regf.daily_concentration") == []


def test_caps_count_third_parties_separately_where_grouped_by_person():
    log = Log("America/New_York")
    log.many([f"2026-03-03 {h:02d}:00" for h in range(9, 13)], outcome="missed")
    log.many([f"2026-03-03 {h:02d}:00" for h in range(13, 16)], outcome="missed",
             target="third_party", third_party=tp("Mom", "relative"))
    assert check(log, "US", "us.regf.daily_concentration") == []


# ---- properties: calendar buckets and rolling windows against brute force ---------------------------

_days = st.lists(st.tuples(st.integers(0, 40), st.integers(8, 20)), min_size=0, max_size=40)


@settings(max_examples=60, deadline=None)
@given(_days)
def test_property_day_cap_flags_exactly_the_excess(calls):
    log = Log()
    for d, h in sorted(calls):
        log.add(log_at(d, h))
    by_day: dict = {}
    for c in log.contacts:
        by_day.setdefault(c.occurred_at.date(), []).append(c.id)
    expected = sorted(i for ids in by_day.values() for i in ids[1:])
    f = [x for x in check(log, "RU", "ru.230fz.calls") if "calendar week" not in x.explanation
         and "calendar month" not in x.explanation]
    assert sorted(flagged(f)) == expected


@settings(max_examples=60, deadline=None)
@given(_days)
def test_property_rolling_window_matches_brute_force(calls):
    from datetime import timedelta

    log = Log("America/New_York")
    for d, h in sorted(calls):
        log.add(log_at(d, h), outcome="missed")
    rows = sorted(log.contacts, key=lambda c: (c.occurred_at, c.id))
    expected = []
    for i, c in enumerate(rows):
        lo = c.occurred_at.date() - timedelta(days=6)
        n = sum(1 for x in rows[: i + 1] if x.occurred_at.date() >= lo)
        if n > 7:
            expected.append(c.id)
    assert sorted(flagged(check(log, "US", "us.regf.7in7.calls"))) == sorted(expected)


def log_at(day: int, hour: int) -> str:
    from datetime import date, timedelta

    d = date(2026, 3, 1) + timedelta(days=day)
    return f"{d.isoformat()} {hour:02d}:00"
