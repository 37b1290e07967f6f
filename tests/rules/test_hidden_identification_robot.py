"""Hidden numbers, identification of the caller, robot callers."""

from __future__ import annotations

from .helpers import Log, check, flagged, one

# ---- hidden numbers --------------------------------------------------------------------------------


def test_ru_hidden_number_banned_from_september_2025():
    log = Log()
    log.add("2025-08-31 12:00", number_hidden=True)
    call = log.add("2025-09-01 12:00", number_hidden=True, outcome="missed")
    sms = log.add("2025-09-01 13:00", "sms", number_hidden=True)
    f = one(check(log, "RU", "ru.137fz.hidden_number"))
    assert f.entries == (call, sms) and f.category == "hidden_number" and f.severity == "violation"
    assert "hidden" in f.explanation and "Monday 1 September 2025" in f.explanation


def test_ru_visible_number_is_fine():
    log = Log()
    log.add("2025-09-02 12:00", number="+74950000000")
    log.add("2025-09-02 13:00", number_hidden=True, direction="outgoing")
    assert check(log, "RU", "ru.137fz.hidden_number") == []


def test_it_us_in_hidden_numbers_with_their_severities():
    for code, rule, sev in (("IT", "it.unirec.hidden_number", "code_of_conduct"),
                            ("US", "us.fdcpa.hidden_number", "info"),
                            ("IN", "in.rbi.anonymous_calls", "likely_violation")):
        log = Log()
        c = log.add("2026-03-03 12:00", number_hidden=True)
        log.add("2026-03-03 13:00")
        f = one(check(log, code, rule))
        assert f.entries == (c,) and f.severity == sev, code


def test_it_us_in_visible_numbers_not_flagged():
    for code, rule in (("IT", "it.unirec.hidden_number"), ("US", "us.fdcpa.hidden_number"),
                       ("IN", "in.rbi.anonymous_calls")):
        log = Log()
        log.add("2026-03-03 12:00", number="+10000000000")
        assert check(log, code, rule) == [], code


# ---- identification ----------------------------------------------------------------------------------


def test_ru_caller_did_not_identify():
    log = Log()
    c = log.add("2026-03-03 12:00", identified=False)
    log.add("2026-03-03 13:00", identified=True)
    log.add("2026-03-03 14:00", identified=None)  # not recorded: not flagged
    log.add("2026-03-03 15:00", identified=False, outcome="missed")  # nobody spoke
    assert flagged(check(log, "RU", "ru.230fz.identification")) == [c]


def test_ru_identification_not_flagged_when_identified():
    log = Log()
    log.add("2026-03-03 12:00", "visit", identified=True)
    assert check(log, "RU", "ru.230fz.identification") == []


def test_ru_message_sender_from_september_2025():
    log = Log()
    log.add("2025-08-20 12:00", "sms", identified=False)
    c = log.add("2025-09-20 12:00", "sms", identified=False)
    log.add("2025-09-20 13:00", "sms", identified=True)
    assert flagged(check(log, "RU", "ru.137fz.message_sender")) == [c]


def test_ru_message_sender_identified_is_fine():
    log = Log()
    log.add("2025-09-20 12:00", "messenger", identified=True)
    log.add("2025-09-20 13:00", identified=False)  # a call: the other rule
    assert check(log, "RU", "ru.137fz.message_sender") == []


def test_us_it_cn_identification():
    for code, rule, sev in (("US", "us.fdcpa.identification", "violation"),
                            ("IT", "it.tulps.identification", "violation"),
                            ("CN", "cn.nifa2018.identification", "code_of_conduct")):
        log = Log()
        c = log.add("2026-03-03 12:00", identified=False)
        f = one(check(log, code, rule))
        assert f.entries == (c,) and f.severity == sev and f.category == "identification", code


def test_us_it_cn_identified_callers_not_flagged():
    for code, rule in (("US", "us.fdcpa.identification"), ("IT", "it.tulps.identification"),
                       ("CN", "cn.nifa2018.identification")):
        log = Log()
        log.add("2026-03-03 12:00", identified=True)
        log.add("2026-03-03 13:00", identified=False, outcome="voicemail")
        assert check(log, code, rule) == [], code


# ---- robots ---------------------------------------------------------------------------------------------


def test_ru_robot_calls_summary_from_february_2024():
    log = Log()
    log.add("2024-01-10 12:00", robot=True)
    a = log.add("2024-03-10 12:00", robot=True)
    b = log.add("2024-03-12 12:00", robot=True, outcome="missed")
    log.add("2024-03-12 13:00")
    f = one(check(log, "RU", "ru.467fz.robot"))
    assert f.entries == (a, b) and f.severity == "info" and f.category == "robot"
    assert "2 calls made by an automated voice agent" in f.explanation
    assert "(10 March 2024 to 12 March 2024)" in f.explanation


def test_ru_robot_calls_on_one_day_name_the_day_once():
    log = Log()
    a = log.add("2024-03-12 12:00", robot=True)
    b = log.add("2024-03-12 15:00", robot=True)
    f = one(check(log, "RU", "ru.467fz.robot"))
    assert f.entries == (a, b)
    assert f.explanation.startswith("2 calls made by an automated voice agent (12 March 2024).")


def test_ru_no_robot_calls_no_finding():
    log = Log()
    log.add("2024-03-10 12:00")
    assert check(log, "RU", "ru.467fz.robot") == []


def test_it_prerecorded_calls_each_day():
    log = Log("Europe/Rome")
    a = log.add("2026-03-03 12:00", robot=True)
    b = log.add("2026-03-04 12:00", robot=True)
    log.add("2026-03-04 13:00")
    f = check(log, "IT", "it.garante.robot")
    assert [x.entries for x in f] == [(a,), (b,)] and f[0].severity == "violation"


def test_it_human_calls_not_flagged_as_robots():
    log = Log("Europe/Rome")
    log.add("2026-03-03 12:00")
    assert check(log, "IT", "it.garante.robot") == []


def test_us_tcpa_robot_information():
    log = Log("America/New_York")
    c = log.add("2026-03-03 12:00", robot=True)
    assert flagged(check(log, "US", "us.tcpa.robot")) == [c]
    log = Log("America/New_York")
    log.add("2026-03-03 12:00")
    assert check(log, "US", "us.tcpa.robot") == []
