"""Third parties: consent (and its withdrawal), disclosure of the debt, repeat location calls."""

from __future__ import annotations

from debtlog.models import ThirdParty

from .helpers import Log, check, flagged, one, tp

MOTHER = tp("Anna Petrova", "relative", "+79160000001")


# ---- RU: two written consents needed --------------------------------------------------------------


def test_ru_third_party_without_consent():
    log = Log()
    a = log.add("2026-03-03 12:00", target="third_party", third_party=MOTHER)
    b = log.add("2026-03-05 12:00", "sms", target="third_party", third_party=MOTHER)
    log.add("2026-03-05 13:00")  # you
    f = one(check(log, "RU", "ru.230fz.third_party"))
    assert f.entries == (a, b) and f.category == "third_party" and f.severity == "violation"
    assert "Anna Petrova (relative)" in f.explanation and "no consent on record" in f.explanation


def test_ru_third_party_with_consent_is_fine_until_withdrawn():
    log = Log()
    log.milestone("third-party-consent", "2026-03-01", third_party=ThirdParty(name="anna  petrova"))
    log.add("2026-03-03 12:00", target="third_party", third_party=MOTHER)
    assert check(log, "RU", "ru.230fz.third_party") == []
    log.milestone("consent-withdrawn", "2026-03-10", third_party=ThirdParty(name="Anna Petrova"))
    log.add("2026-03-10 12:00", target="third_party", third_party=MOTHER)  # the day itself: grace
    after = log.add("2026-03-11 12:00", target="third_party", third_party=MOTHER)
    assert flagged(check(log, "RU", "ru.230fz.third_party")) == [after]


def test_ru_consent_matches_by_number_or_relation_and_by_creditor():
    log = Log()
    log.milestone("third-party-consent", "2026-03-01", third_party=ThirdParty(number="8 916 000-00-01"))
    log.milestone("third-party-consent", "2026-03-01", third_party=ThirdParty(relation="employer"),
                  creditor="Bank")
    log.add("2026-03-03 12:00", target="third_party", third_party=tp(None, "relative", "+79160000001"))
    log.add("2026-03-03 13:00", target="third_party", third_party=tp("HR", "employer"))
    other = log.add("2026-03-03 14:00", creditor="Other Bank", target="third_party", third_party=tp("HR", "employer"))
    assert flagged(check(log, "RU", "ru.230fz.third_party")) == [other]


def test_ru_contacts_started_by_the_third_party_are_not_flagged():
    log = Log()
    log.add("2026-03-03 12:00", direction="outgoing", target="third_party", third_party=MOTHER)
    assert check(log, "RU", "ru.230fz.third_party") == []


def test_ru_disclosure_when_the_notes_mention_the_debt():
    log = Log()
    c = log.add("2026-03-03 12:00", target="third_party", third_party=MOTHER,
                content="Передайте сыну, что у него просрочка по кредиту")
    f = one(check(log, "RU", "ru.230fz.disclosure"))
    assert f.entries == (c,) and f.category == "disclosure" and f.matched


def test_ru_no_disclosure_without_debt_words_or_with_consent():
    log = Log()
    log.add("2026-03-03 12:00", target="third_party", third_party=MOTHER, content="Он долго не берёт трубку")
    log.add("2026-03-03 12:30", content="У вас долг")  # said to you: not a disclosure
    assert check(log, "RU", "ru.230fz.disclosure") == []
    log.milestone("third-party-consent", "2026-03-01", third_party=ThirdParty(name="Anna Petrova"))
    log.add("2026-03-04 12:00", target="third_party", third_party=MOTHER, content="Напомните про долг")
    assert check(log, "RU", "ru.230fz.disclosure") == []


# ---- US: spouse counts as the consumer; location calls once ----------------------------------------


def test_us_disclosure_to_a_third_party_not_the_spouse():
    log = Log("America/New_York")
    log.add("2026-03-03 12:00", target="third_party", third_party=tp("Sam", "spouse"), content="about his debt")
    boss = log.add("2026-03-03 13:00", target="third_party", third_party=tp("Boss", "employer"),
                   content="Your employee owes us money")
    f = one(check(log, "US", "us.fdcpa.disclosure"))
    assert f.entries == (boss,) and '"owes"' in f.explanation


def test_us_location_call_without_debt_talk_is_not_a_disclosure():
    log = Log("America/New_York")
    log.add("2026-03-03 13:00", target="third_party", third_party=tp("Boss", "employer"),
            content="Asked to confirm her address and phone number")
    assert check(log, "US", "us.fdcpa.disclosure") == []


def test_us_location_contact_only_once():
    log = Log("America/New_York")
    first = log.add("2026-03-03 13:00", target="third_party", third_party=tp("Boss", "employer"))
    second = log.add("2026-03-10 13:00", target="third_party", third_party=tp("Boss", "employer"))
    log.add("2026-03-10 14:00", target="third_party", third_party=tp("Sam", "spouse"))
    log.add("2026-03-11 14:00", target="third_party", third_party=tp("Sam", "spouse"))
    f = one(check(log, "US", "us.fdcpa.location_repeat"))
    assert f.entries == (second,) and f.context == (first,)


def test_us_one_location_contact_per_person_is_fine():
    log = Log("America/New_York")
    log.add("2026-03-03 13:00", target="third_party", third_party=tp("Boss", "employer"))
    log.add("2026-03-04 13:00", target="third_party", third_party=tp("Neighbour", "neighbor"))
    assert check(log, "US", "us.fdcpa.location_repeat") == []


# ---- CN, IT, GB, IN ------------------------------------------------------------------------------------


def test_cn_third_party_and_disclosure():
    log = Log("Asia/Shanghai")
    c = log.add("2026-03-03 12:00", target="third_party", third_party=tp("王丽", "colleague"),
                content="告诉他尽快还款，他的贷款已经逾期")
    f = check(log, "CN", "cn.third_party", "cn.disclosure")
    assert flagged(f, "cn.third_party") == [c] and flagged(f, "cn.disclosure") == [c]


def test_cn_designated_contact_without_debt_talk_is_fine():
    log = Log("Asia/Shanghai")
    log.milestone("third-party-consent", "2026-01-01", third_party=ThirdParty(name="王丽"))
    log.add("2026-03-03 12:00", target="third_party", third_party=tp("王丽", "friend"), content="请他回电话")
    assert check(log, "CN", "cn.third_party", "cn.disclosure") == []


def test_it_garante_disclosure():
    log = Log("Europe/Rome")
    c = log.add("2026-03-03 12:00", target="third_party", third_party=tp("Maria", "neighbor"),
                content="Il suo vicino ha un debito con noi")
    log.add("2026-03-03 13:00", target="third_party", third_party=tp("Maria", "neighbor"),
            content="Chiedeva quando rientra")
    assert flagged(check(log, "IT", "it.garante.disclosure")) == [c]


def test_it_no_disclosure_when_speaking_to_you():
    log = Log("Europe/Rome")
    log.add("2026-03-03 12:00", content="Lei ha un debito con noi")
    assert check(log, "IT", "it.garante.disclosure") == []


def test_gb_disclosure_and_third_party_contact():
    log = Log("Europe/London")
    c = log.add("2026-03-03 12:00", target="third_party", third_party=tp("Jo", "colleague"),
                content="Told my colleague I am in arrears")
    f = check(log, "GB", "gb.conc.disclosure", "gb.conc.third_party")
    assert flagged(f, "gb.conc.disclosure") == [c]
    assert flagged(f, "gb.conc.third_party") == [c]
    assert one(f, "gb.conc.third_party").severity == "info"


def test_gb_no_third_party_findings_for_contacts_with_you():
    log = Log("Europe/London")
    log.add("2026-03-03 12:00", content="You are in arrears")
    assert check(log, "GB", "gb.conc.disclosure", "gb.conc.third_party") == []


def test_in_disclosure_and_draft_third_party_rule_from_july_2026():
    log = Log("Asia/Kolkata")
    early = log.add("2026-06-03 12:00", target="third_party", third_party=tp("Ravi", "friend"),
                    content="Tell him his EMI is overdue")
    late = log.add("2026-07-03 12:00", target="third_party", third_party=tp("Ravi", "friend"))
    f = check(log, "IN", "in.rbi.disclosure", "in.rbi2026.third_party")
    assert flagged(f, "in.rbi.disclosure") == [early]
    assert flagged(f, "in.rbi2026.third_party") == [late]


def test_in_no_third_party_findings_for_you():
    log = Log("Asia/Kolkata")
    log.add("2026-07-03 12:00", content="Your EMI is overdue")
    assert check(log, "IN", "in.rbi.disclosure", "in.rbi2026.third_party") == []
