"""Stop rules: the RU refusal (and its 4-month rule), representatives, cease, bankruptcy, disputes;
and contact too early in the arrears."""

from __future__ import annotations

from datetime import date

from .helpers import Log, check, flagged, one

REFUSAL = "ru.230fz.refusal"


# ---- RU refusal of interaction (230-FZ art. 8) -----------------------------------------------------


def test_ru_contacts_after_a_valid_refusal():
    log = Log()
    log.milestone("overdue-start", "2025-11-01")
    log.milestone("refusal", "2026-03-10")  # 4 months after the overdue start: 1 March 2026
    log.add("2026-03-10 15:00")  # the day it was received: not flagged (date only)
    call = log.add("2026-03-11 10:00")
    sms = log.add("2026-03-12 10:00", "sms")
    log.add("2026-03-13 10:00", "letter")  # post is still allowed
    log.add("2026-03-14 10:00", direction="outgoing")  # you called them
    f = one(check(log, "RU", REFUSAL))
    assert f.entries == (call, sms) and f.severity == "violation" and f.category == "after_stop"
    assert "refusal of interaction received on 10 March 2026" in f.explanation
    assert "1 call" in f.explanation and "1 SMS" in f.explanation


def test_ru_no_contacts_after_refusal_is_fine():
    log = Log()
    log.milestone("overdue-start", "2025-11-01")
    log.milestone("refusal", "2026-03-10")
    log.add("2026-03-09 10:00")
    log.add("2026-03-20 10:00", "letter")
    assert check(log, "RU", REFUSAL) == []


def test_ru_refusal_sent_before_four_months_is_void():
    log = Log()
    log.milestone("overdue-start", "2025-11-01")
    log.milestone("refusal", "2026-02-15")  # before 1 March 2026
    after = log.add("2026-02-20 10:00")
    f = one(check(log, "RU", REFUSAL, today=date(2026, 2, 21)))
    assert f.severity == "info" and f.entries == () and f.context == (after,)
    assert "void" in f.explanation and "from 1 March 2026 will be valid" in f.explanation
    f = one(check(log, "RU", REFUSAL, today=date(2026, 3, 5)))
    assert "sent now would be valid" in f.explanation


def test_ru_refusal_exactly_four_months_after_is_valid_and_month_ends_clamp():
    log = Log()
    log.milestone("overdue-start", "2025-10-31")  # + 4 months = 28 February 2026
    log.milestone("refusal", "2026-02-28")
    c = log.add("2026-03-01 10:00")
    f = one(check(log, "RU", REFUSAL))
    assert f.entries == (c,) and f.severity == "violation"


def test_ru_refusal_without_overdue_start_is_assumed_valid_and_says_so():
    log = Log()
    log.milestone("refusal", "2026-03-10")
    c = log.add("2026-03-11 10:00", "messenger")
    f = one(check(log, "RU", REFUSAL))
    assert f.entries == (c,) and "No overdue-start date is recorded" in f.explanation


def test_ru_refusal_with_a_time_applies_from_that_moment():
    log = Log()
    log.milestone("refusal", "2026-03-10T12:00")
    log.add("2026-03-10 11:00")
    c = log.add("2026-03-10 13:00")
    assert flagged(check(log, "RU", REFUSAL)) == [c]


def test_ru_refusal_to_one_creditor_does_not_cover_another():
    log = Log()
    log.milestone("refusal", "2026-03-10", creditor="Bank A")
    log.add("2026-03-11 10:00", creditor="Bank B")
    agent = log.add("2026-03-12 10:00", creditor="Bank A", agency="Agency")
    assert flagged(check(log, "RU", REFUSAL)) == [agent]


def test_voided_milestones_and_contacts_are_ignored():
    from dataclasses import replace

    log = Log()
    m = log.milestone("refusal", "2026-03-10")
    log.milestones[-1] = replace(m, voided=True)
    log.add("2026-03-11 10:00")
    assert check(log, "RU", REFUSAL) == []
    log.milestone("refusal", "2026-03-10")
    log.contacts[-1] = replace(log.contacts[-1], voided=True)
    assert check(log, "RU", REFUSAL) == []


def test_ru_representative():
    log = Log()
    log.milestone("representative", "2026-03-10")
    log.add("2026-03-09 10:00")
    c = log.add("2026-03-11 10:00", "visit")
    assert flagged(check(log, "RU", "ru.230fz.representative")) == [c]


def test_ru_representative_no_direct_contact_is_fine():
    log = Log()
    log.milestone("representative", "2026-03-10")
    log.add("2026-03-11 10:00", "letter")
    assert check(log, "RU", "ru.230fz.representative") == []


def test_ru_bankruptcy_bars_calls_and_meetings():
    log = Log()
    log.milestone("bankruptcy", "2026-03-10")
    call = log.add("2026-03-11 10:00", robot=True)
    log.add("2026-03-11 11:00", "sms")  # messages are not direct interaction
    assert flagged(check(log, "RU", "ru.230fz.bankruptcy")) == [call]


def test_ru_bankruptcy_before_the_date_is_fine():
    log = Log()
    log.milestone("bankruptcy", "2026-03-10")
    log.add("2026-03-09 10:00")
    assert check(log, "RU", "ru.230fz.bankruptcy") == []


# ---- US ---------------------------------------------------------------------------------------------


def test_us_cease_flags_everything_but_letters_and_covers_the_spouse():
    from .helpers import tp

    log = Log("America/New_York")
    log.milestone("cease", "2026-03-10")
    sms = log.add("2026-03-11 10:00", "sms")
    log.add("2026-03-12 10:00", "letter")
    spouse = log.add("2026-03-13 10:00", target="third_party", third_party=tp("Sam", "spouse"))
    f = one(check(log, "US", "us.fdcpa.cease"))
    assert f.entries == (sms, spouse)


def test_us_cease_before_the_request_is_fine():
    log = Log("America/New_York")
    log.milestone("cease", "2026-03-10")
    log.add("2026-03-10 09:00")
    assert check(log, "US", "us.fdcpa.cease") == []


def test_us_attorney_and_bankruptcy_include_letters():
    log = Log("America/New_York")
    log.milestone("representative", "2026-03-10")
    log.milestone("bankruptcy", "2026-04-01")
    letter = log.add("2026-03-11 10:00", "letter")
    call = log.add("2026-04-02 10:00")
    f = check(log, "US", "us.fdcpa.attorney", "us.bankruptcy.stay")
    assert flagged(f, "us.fdcpa.attorney") == [letter, call]
    assert flagged(f, "us.bankruptcy.stay") == [call]


def test_us_attorney_and_bankruptcy_nothing_after():
    log = Log("America/New_York")
    log.milestone("representative", "2026-03-10")
    log.milestone("bankruptcy", "2026-04-01")
    log.add("2026-03-01 10:00")
    assert check(log, "US", "us.fdcpa.attorney", "us.bankruptcy.stay") == []


def test_us_dispute_is_information():
    log = Log("America/New_York")
    log.milestone("dispute", "2026-03-10")
    c = log.add("2026-03-12 10:00")
    f = one(check(log, "US", "us.fdcpa.dispute"))
    assert f.entries == (c,) and f.severity == "info"
    log = Log("America/New_York")
    log.add("2026-03-12 10:00")
    assert check(log, "US", "us.fdcpa.dispute") == []


# ---- IT, GB ---------------------------------------------------------------------------------------------


def test_it_unirec_representative_and_dispute():
    log = Log("Europe/Rome")
    log.milestone("representative", "2026-03-10", creditor="Banca")
    log.milestone("dispute", "2026-03-20")
    a = log.add("2026-03-11 10:00", creditor="Banca")
    b = log.add("2026-03-21 10:00", "email", creditor="Altra")
    f = check(log, "IT", "it.unirec.representative", "it.unirec.dispute")
    assert flagged(f, "it.unirec.representative") == [a]
    assert flagged(f, "it.unirec.dispute") == [b]
    assert all(x.severity == "code_of_conduct" for x in f)


def test_it_unirec_stop_rules_not_flagged_without_milestones():
    log = Log("Europe/Rome")
    log.add("2026-03-11 10:00")
    assert check(log, "IT", "it.unirec.representative", "it.unirec.dispute") == []


def test_gb_bankruptcy():
    log = Log("Europe/London")
    log.milestone("bankruptcy", "2026-03-10")
    log.add("2026-03-09 10:00")
    c = log.add("2026-03-11 10:00", "letter")
    f = one(check(log, "GB", "gb.insolvency.bankruptcy"))
    assert f.entries == (c,) and f.severity == "likely_violation"
    log = Log("Europe/London")
    log.add("2026-03-11 10:00")
    assert check(log, "GB", "gb.insolvency.bankruptcy") == []


# ---- contact too early in the arrears ------------------------------------------------------------------


def test_it_home_visit_in_the_first_two_months():
    log = Log("Europe/Rome")
    log.milestone("overdue-start", "2026-01-15")
    early = log.add("2026-03-10 10:00", "visit")
    log.add("2026-03-16 10:00", "visit")  # 15 March is two months on
    log.add("2026-02-10 10:00")  # calls are fine
    f = one(check(log, "IT", "it.unirec.early_visit"))
    assert f.entries == (early,) and "15 March 2026" in f.explanation


def test_it_home_visit_without_overdue_start_is_not_flagged():
    log = Log("Europe/Rome")
    log.add("2026-03-10 10:00", "visit")
    assert check(log, "IT", "it.unirec.early_visit") == []
