"""What a rule pack is: the dataclasses the loader builds and the engine reads.

A pack is data a lawyer can read (``packs/*.toml``); these classes are its validated,
immutable form. Vocabularies a pack may use live here too, so the loader, the engine and
the docs agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The contract's finding vocabulary (CONTRACT.md, "check --json").
CATEGORIES = (
    "hours",
    "frequency",
    "third_party",
    "disclosure",
    "hidden_number",
    "identification",
    "abusive_content",
    "after_stop",
    "workplace",
    "robot",
    "other",
)
# Most serious first: findings sort in this order.
SEVERITIES = ("violation", "presumption", "likely_violation", "code_of_conduct", "info")
CONFIDENCES = ("H", "M", "L")

# What the engine can evaluate. Each kind's parameters are listed in loader.PARAMS.
KINDS = (
    "hours",  # contact outside allowed time windows of the (national) calendar day
    "cap",  # at most N counted contacts per calendar day/week/month or rolling window
    "cooldown",  # no counted contact within N days after a trigger (Reg F conversation prong)
    "third_party",  # contact with someone other than the debtor (consent, repeat, any)
    "disclosure",  # a third-party contact whose notes mention the debt
    "hidden_number",  # the collector's number was withheld
    "identification",  # the caller did not state name and organisation
    "robot",  # an automated voice agent made the call
    "stop",  # contact after a milestone that stops it (refusal, cease, bankruptcy, ...)
    "early_contact",  # contact earlier than N months after the debt became overdue
    "content",  # phrases found by debtlog.rules.content.scan
)

# Categories of debtlog.rules.content.ContentMatch ("other_pressure" is the lexicons' name for
# what the brief called "other"; both are accepted).
CONTENT_CATEGORIES = (
    "threats_violence",
    "false_authority",
    "impersonation",
    "insults",
    "threat_to_tell",
    "other_pressure",
    "other",
)


@dataclass(frozen=True)
class Source:
    """One entry of the reference's source index (docs/rules-reference.md §10)."""

    id: str
    title: str
    url: str = ""


@dataclass(frozen=True, eq=False)
class Rule:
    """One rule of a pack: what it checks, how sure we are, where the law says so."""

    id: str
    kind: str
    category: str
    severity: str
    confidence: str
    citation: str
    title: str
    description: str
    sources: tuple[Source, ...] = ()
    effective_from: date | None = None
    effective_to: date | None = None
    params: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    pack: str = ""  # id of the pack the rule came from (a user pack when overridden there)

    def in_force(self, day: date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        if self.effective_to is not None and day > self.effective_to:
            return False
        return True


@dataclass(frozen=True, eq=False)
class RulePack:
    """The rules of one jurisdiction (or a user's additions and overrides to them)."""

    id: str
    jurisdiction: str
    title: str
    version: str
    rules: tuple[Rule, ...]
    sources: tuple[Source, ...] = ()
    calendar: str | None = None  # country code for the `holidays` package; None: no calendar
    consumer_relations: tuple[str, ...] = ()  # third parties the law treats as the debtor (US: spouse)
    debt_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> words
    description: str = ""
    disclaimer: str = ""
    as_of: date | None = None
    origin: str = ""  # "built-in" or the path of a user pack

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)
