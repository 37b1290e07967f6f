"""Small builders for rule tests: a contact log with automatic ids, and evaluating one rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, Sequence
from zoneinfo import ZoneInfo

from debtlog.models import Contact, Finding, Milestone, Profile, ThirdParty
from debtlog.rules import RulePack, evaluate, load_pack

TZ = {
    "RU": "Europe/Moscow",
    "US": "America/New_York",
    "CN": "Asia/Shanghai",
    "IT": "Europe/Rome",
    "GB": "Europe/London",
    "IN": "Asia/Kolkata",
}


def at(text: str, tz: str = "Europe/Moscow") -> datetime:
    """'2026-03-03 22:30' in a timezone (aware)."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def tp(name: str | None = None, relation: str | None = None, number: str | None = None) -> ThirdParty:
    return ThirdParty(name=name, relation=relation, number=number)


class Log:
    """A debtor's contact log; ``add`` returns the new contact's id."""

    def __init__(self, tz: str = "Europe/Moscow"):
        self.tz = tz
        self.contacts: list[Contact] = []
        self.milestones: list[Milestone] = []

    def add(self, when: str | datetime, channel: str = "call", **kw: Any) -> int:
        occurred = when if isinstance(when, datetime) else at(when, self.tz)
        kw.setdefault("outcome", "answered" if channel == "call" else None)
        kw.setdefault("creditor", "Bank")
        c = Contact(occurred_at=occurred, channel=channel, id=len(self.contacts) + 1, **kw)
        self.contacts.append(c)
        return c.id

    def many(self, whens: Sequence[str], channel: str = "call", **kw: Any) -> list[int]:
        return [self.add(w, channel, **kw) for w in whens]

    def milestone(self, kind: str, when: str | date | datetime, **kw: Any) -> Milestone:
        if isinstance(when, str):
            when = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(self.tz)) if "T" in when or " " in when \
                else date.fromisoformat(when)
        m = Milestone(kind=kind, at=when, id=len(self.milestones) + 1, **kw)
        self.milestones.append(m)
        return m


def only(pack: RulePack, *rule_ids: str) -> RulePack:
    rules = tuple(r for r in pack.rules if r.id in rule_ids)
    assert len(rules) == len(rule_ids), f"unknown rule ids {set(rule_ids) - {r.id for r in rules}}"
    return replace(pack, rules=rules)


def check(log: Log, jurisdiction: str, *rule_ids: str, region: str | None = None,
          pack: RulePack | None = None, today: date | None = None) -> list[Finding]:
    """Findings of the named rules of a pack (all of its rules when none is named)."""
    pack = pack or load_pack(jurisdiction)
    if rule_ids:
        pack = only(pack, *rule_ids)
    profile = Profile(jurisdiction=jurisdiction, timezone=log.tz, region=region)
    return evaluate(log.contacts, log.milestones, profile, packs=[pack], today=today)


def flagged(findings: Sequence[Finding], rule_id: str | None = None) -> list[int]:
    """All entry ids of the findings (of one rule), in order."""
    return [e for f in findings if rule_id is None or f.rule == rule_id for e in f.entries]


def one(findings: Sequence[Finding], rule_id: str | None = None) -> Finding:
    got = [f for f in findings if rule_id is None or f.rule == rule_id]
    assert len(got) == 1, f"expected one finding, got {[(f.rule, f.entries, f.explanation) for f in got]}"
    return got[0]
