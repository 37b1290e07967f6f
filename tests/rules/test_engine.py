"""The engine as a whole: the contract's finding shape, ordering, and robustness."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from debtlog.models import CHANNELS, OUTCOMES, RELATIONS, Contact, Milestone, Profile, ThirdParty
from debtlog.rules import CATEGORIES, SEVERITIES, available_jurisdictions, evaluate, load_pack
from debtlog.rules.engine import SEVERITY_RANK

from .helpers import TZ, Log, check


def synthetic(n: int, tz: str, seed: int = 7) -> list[Contact]:
    rnd = random.Random(seed)
    start = datetime(2025, 6, 1, tzinfo=ZoneInfo(tz))
    out = []
    for i in range(n):
        third = rnd.random() < 0.05
        out.append(Contact(
            occurred_at=start + timedelta(minutes=rnd.randrange(0, 60 * 24 * 400)),
            channel=rnd.choice(CHANNELS),
            id=i + 1,
            direction="outgoing" if rnd.random() < 0.1 else "incoming",
            outcome=rnd.choice(OUTCOMES + (None,)),
            robot=rnd.random() < 0.1,
            number_hidden=rnd.random() < 0.05,
            creditor=rnd.choice(["Bank A", "Bank B", None]),
            agency=rnd.choice(["Agency", None]),
            identified=rnd.choice([True, False, None]),
            target="third_party" if third else "debtor",
            third_party=ThirdParty(rnd.choice(["Ann", "Bob"]), rnd.choice(RELATIONS)) if third else None,
            debt=rnd.choice([None, "card", "loan"]),
            content=rnd.choice(["", "Pay your debt", "долг", "逾期", "debito"]),
        ))
    return out


MILESTONES = [
    Milestone(kind="overdue-start", at=datetime(2025, 1, 1).date()),
    Milestone(kind="refusal", at=datetime(2026, 2, 1).date()),
    Milestone(kind="cease", at=datetime(2026, 3, 1).date()),
    Milestone(kind="bankruptcy", at=datetime(2026, 5, 1).date()),
    Milestone(kind="representative", at=datetime(2026, 4, 1).date()),
    Milestone(kind="dispute", at=datetime(2026, 4, 1).date()),
    Milestone(kind="third-party-consent", at=datetime(2025, 8, 1).date(), third_party=ThirdParty("Ann")),
]


@pytest.fixture
def content_ready(monkeypatch):
    """The real lexicons when they work, otherwise a scan that finds nothing (they are written
    separately, and this test is about the engine)."""
    try:
        from debtlog.rules import content
    except ImportError:
        return
    try:
        for text in ("Pay your debt", "долг", "逾期", "debito"):
            content.scan(text)
    except Exception:  # noqa: BLE001
        monkeypatch.setattr(content, "scan", lambda text, languages=None: [])


@pytest.mark.parametrize("code", available_jurisdictions())
def test_findings_follow_the_contract_and_are_sorted(code, content_ready):
    contacts = synthetic(2000, TZ[code])
    findings = evaluate(contacts, MILESTONES, Profile(code, TZ[code]))
    assert findings
    ids = {c.id for c in contacts}
    for f in findings:
        d = f.to_dict()
        assert d["category"] in CATEGORIES and d["severity"] in SEVERITIES and d["confidence"] in "HML"
        assert all(isinstance(e, int) and e in ids for e in d["entries"] + d["context"])
        assert not set(f.entries) & set(f.context)
        assert f.title and f.explanation and f.citation
    keys = [(SEVERITY_RANK[f.severity], f.rule, f.entries[:1] or (0,)) for f in findings]
    assert keys == sorted(keys)


def test_explanations_say_likely_unless_the_rule_is_a_bright_line():
    log = Log("Europe/London")
    log.add("2026-03-03 22:00")
    f = check(log, "GB", "gb.conc.hours")[0]
    assert "likely" in f.explanation
    log = Log()
    log.add("2026-03-03 22:00")
    f = check(log, "RU", "ru.230fz.hours")[0]
    assert "likely" not in f.explanation


def test_contacts_without_ids_get_their_position():
    c = Contact(occurred_at=datetime(2026, 3, 3, 23, 0, tzinfo=ZoneInfo("Europe/Moscow")), channel="call")
    f = evaluate([c], [], Profile("RU", "Europe/Moscow"))
    assert f[0].entries == (1,)


def test_no_contacts_no_findings():
    for code in available_jurisdictions():
        assert evaluate([], MILESTONES, Profile(code, TZ[code])) == []


def test_disabled_rules_do_not_run():
    from dataclasses import replace

    pack = load_pack("RU")
    pack = replace(pack, rules=tuple(replace(r, enabled=r.id != "ru.230fz.hours") for r in pack.rules))
    log = Log()
    log.add("2026-03-03 23:00")
    assert check(log, "RU", pack=pack) == []


def test_severity_order():
    log = Log()
    log.add("2026-03-16 10:00", outcome="missed")
    log.add("2026-03-16 10:01", outcome="missed")
    log.add("2026-03-16 10:02", outcome="missed")
    log.add("2026-03-16 23:00")
    f = check(log, "RU", "ru.230fz.hours", "ru.230fz.pressure")
    assert [x.severity for x in f] == ["violation", "likely_violation"]
