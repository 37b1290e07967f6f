"""Reg F 7-in-7 (12 CFR 1006.14(b)(2)): both prongs, with the examples in the reference (§5.2)."""

from __future__ import annotations

from .helpers import Log, check, flagged, one, tp

NY = "America/New_York"
CALLS = "us.regf.7in7.calls"
CONV = "us.regf.7in7.conversation"


def week(log: Log, start_day: int, n: int = 7, **kw) -> list[int]:
    """One call a day on 1..n March 2026 (Sunday 1 March), starting at start_day."""
    return [log.add(f"2026-03-{start_day + i:02d} 10:00", outcome="missed", **kw) for i in range(n)]


def test_e1_seven_calls_in_seven_days_comply():
    log = Log(NY)
    week(log, 1)
    assert check(log, "US", CALLS) == []


def test_e1_an_eighth_call_on_day_seven_is_presumed_to_violate():
    log = Log(NY)
    ids = week(log, 1)
    eighth = log.add("2026-03-07 18:00", outcome="missed")
    f = one(check(log, "US", CALLS))
    assert f.entries == (eighth,) and set(f.context) == set(ids)
    assert f.severity == "presumption" and "presumed" in f.explanation
    assert "8th call within 7 consecutive days (1-7 March 2026)" in f.explanation
    assert "the limit is 7" in f.explanation


def test_e1_an_eighth_call_on_day_eight_opens_a_new_window():
    log = Log(NY)
    week(log, 1)
    log.add("2026-03-08 10:00", outcome="missed")  # window 2-8 March holds 7 calls
    assert check(log, "US", CALLS) == []


def test_unanswered_and_voicemail_calls_count_calls_that_never_connected_do_not():
    # E3: 2 busy signals and 1 network error, plus 7 connected-but-unanswered calls: 7 counted.
    log = Log(NY)
    ids = week(log, 1)
    log.add("2026-03-03 11:00", outcome="failed")
    log.add("2026-03-04 11:00", outcome="failed")
    log.add("2026-03-05 11:00", outcome="failed")
    assert check(log, "US", CALLS) == []
    log.add("2026-03-05 12:00", outcome="voicemail")
    assert flagged(check(log, "US", CALLS)) == [ids[6]]  # the 7 March call is now the 8th placed


def test_calls_you_made_do_not_count():
    log = Log(NY)
    week(log, 1)
    log.add("2026-03-06 12:00", direction="outgoing", outcome="missed")
    assert check(log, "US", CALLS) == []


def test_counted_per_debt_and_per_person():
    log = Log(NY)
    ids = week(log, 1, debt="card")
    log.add("2026-03-05 12:00", outcome="missed", debt="car loan")
    log.add("2026-03-05 13:00", outcome="missed", target="third_party", third_party=tp("Mom", "relative"))
    assert check(log, "US", CALLS) == []
    log.add("2026-03-06 12:00", outcome="missed", debt="card")
    f = one(check(log, "US", CALLS))
    assert f.entries == (ids[6],) and "about debt card" in f.explanation


def test_a_long_burst_is_one_finding_with_every_call_over():
    log = Log(NY)
    ids = [log.add(f"2026-03-02 {h:02d}:00", outcome="missed") for h in range(8, 20)]  # 12 in one day
    f = one(check(log, "US", CALLS))
    assert f.entries == tuple(ids[7:])
    assert "4 more calls" in f.explanation


# ---- the conversation prong ------------------------------------------------------------------------


def test_e2_five_calls_after_a_conversation_you_started():
    # Tue 8 Sep 2026 the consumer calls in and talks to the collector; the collector then calls
    # on Wed 9, Thu 10, Fri 11, Sat 12 and Mon 14: 5 presumptive violations; 15 Sep is allowed.
    log = Log(NY)
    conv = log.add("2026-09-08 11:00", direction="outgoing", outcome="answered")
    calls = [log.add(f"2026-09-{d:02d} 10:00", outcome="missed") for d in (9, 10, 11, 12, 14)]
    log.add("2026-09-15 10:00", outcome="missed")
    f = one(check(log, "US", CONV))
    assert f.entries == tuple(calls) and f.context == (conv,)
    assert "5 calls placed within 7 days after the telephone conversation with you on Tuesday 8 September 2026" \
        in f.explanation
    assert "8-14 September 2026" in f.explanation and "allowed from 15 September 2026" in f.explanation


def test_the_conversation_day_is_day_one():
    log = Log(NY)
    log.add("2026-09-08 11:00")  # collector's call, answered: a conversation
    day7 = log.add("2026-09-14 23:00", outcome="missed")
    log.add("2026-09-15 00:30", outcome="missed")
    assert flagged(check(log, "US", CONV)) == [day7]


def test_a_later_call_on_the_conversation_day_counts():
    log = Log(NY)
    log.add("2026-09-08 11:00")
    later = log.add("2026-09-08 16:00", outcome="missed")
    assert flagged(check(log, "US", CONV)) == [later]


def test_no_call_within_seven_days_is_fine():
    log = Log(NY)
    log.add("2026-09-08 11:00")
    log.add("2026-09-15 10:00")
    log.add("2026-09-22 10:00")
    log.add("2026-09-10 10:00", outcome="failed")  # never connected: not a placed call that counts
    log.add("2026-09-10 11:00", "sms")  # texts are not telephone calls
    assert check(log, "US", CONV) == []


def test_an_unanswered_call_is_not_a_conversation():
    log = Log(NY)
    log.add("2026-09-08 11:00", outcome="voicemail")
    log.add("2026-09-09 11:00", outcome="missed")
    assert check(log, "US", CONV) == []


def test_conversation_about_another_debt_does_not_start_this_debts_period():
    log = Log(NY)
    log.add("2026-09-08 11:00", debt="card")
    log.add("2026-09-09 11:00", outcome="missed", debt="car loan")
    other = log.add("2026-09-09 12:00", outcome="missed", debt="card")
    assert flagged(check(log, "US", CONV)) == [other]


def test_a_new_conversation_restarts_the_period():
    log = Log(NY)
    log.add("2026-09-01 11:00")
    c2 = log.add("2026-09-06 11:00")  # a call within the period, answered: itself flagged
    c3 = log.add("2026-09-12 11:00", outcome="missed")  # day 7 of the period from 6 Sep
    f = check(log, "US", CONV)
    assert flagged(f) == [c2, c3]
    assert len(f) == 2


def test_spouse_is_a_separate_person_for_call_counting():
    log = Log(NY)
    log.add("2026-09-08 11:00")
    log.add("2026-09-09 11:00", outcome="missed", target="third_party", third_party=tp("Sam", "spouse"))
    assert check(log, "US", CONV) == []
