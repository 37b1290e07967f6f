"""The records debtlog keeps, in the user's words: contacts, milestones, the debtor's profile.

These are plain data. The vault stores them, importers yield them, the rules engine reads
them and the views render them; none of those concerns lives here. Field names and
vocabularies follow the scripting contract (shared/CONTRACT.md, "JSON Lines import").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from .i18n import N_

# Vocabularies from the contract. Order matters only for prompts (most common first).
CHANNELS = ("call", "sms", "messenger", "email", "visit", "letter", "portal")
DIRECTIONS = ("incoming", "outgoing")
OUTCOMES = ("answered", "missed", "rejected", "voicemail", "failed")
TARGETS = ("debtor", "third_party")
RELATIONS = ("spouse", "relative", "employer", "colleague", "friend", "neighbor", "other")
MILESTONE_KINDS = (
    "overdue-start",
    "refusal",
    "representative",
    "cease",
    "dispute",
    "bankruptcy",
    "third-party-consent",
    "consent-withdrawn",
)
# Translators: a milestone's kind, in a table cell or a sentence (the English is the value
# `milestone add --kind` takes).
MILESTONE_LABELS = {"overdue-start": N_("overdue-start"), "refusal": N_("refusal"),
                    "representative": N_("representative"), "cease": N_("cease"), "dispute": N_("dispute"),
                    "bankruptcy": N_("bankruptcy"), "third-party-consent": N_("third-party-consent"),
                    "consent-withdrawn": N_("consent-withdrawn")}
JURISDICTIONS = ("RU", "CN", "IT", "US", "GB", "IN")

# Keys of a contact record, in the order the contract lists them (and list --json prints them).
CONTACT_KEYS = (
    "source_id",
    "occurred_at",
    "channel",
    "direction",
    "outcome",
    "robot",
    "number",
    "number_hidden",
    "agency",
    "creditor",
    "caller",
    "identified",
    "target",
    "third_party",
    "debt",
    "duration_s",
    "content",
)
MILESTONE_KEYS = ("source_id", "kind", "at", "creditor", "agency", "debt", "note", "third_party")
THIRD_PARTY_KEYS = ("name", "relation", "number")


def _contract_object(obj: Any, kind: str, keys: tuple[str, ...], time_key: str) -> dict[str, Any]:
    d: dict[str, Any] = {"type": kind}
    for key in keys:
        value = getattr(obj, key)
        if key == time_key:
            value = value.isoformat()
        elif key == "third_party":
            value = value.to_dict() if value else None
        d[key] = value
    return d


@dataclass(frozen=True)
class ThirdParty:
    """A person other than the debtor whom a collector contacted (or who consented)."""

    name: str | None = None
    relation: str | None = None
    number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "relation": self.relation, "number": self.number}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> ThirdParty | None:
        if d is None:
            return None
        return cls(name=d.get("name"), relation=d.get("relation"), number=d.get("number"))


@dataclass(frozen=True)
class Contact:
    """One collector contact: a call, a message, a visit, a letter.

    ``occurred_at`` is always timezone-aware, expressed in the debtor's timezone at the
    time it was recorded (``timezone``). ``direction == "incoming"`` means the collector
    started it; ``outcome == "answered"`` means a conversation took place.
    """

    occurred_at: datetime
    channel: str
    id: int | None = None
    source_id: str | None = None
    direction: str = "incoming"
    outcome: str | None = None
    robot: bool = False
    number: str | None = None
    number_hidden: bool = False
    agency: str | None = None
    creditor: str | None = None
    caller: str | None = None
    identified: bool | None = None
    target: str = "debtor"
    third_party: ThirdParty | None = None
    debt: str | None = None
    duration_s: float | None = None
    content: str = ""
    timezone: str | None = None
    recorded_at: datetime | None = None
    revision: int = 1
    voided: bool = False

    @property
    def collector_initiated(self) -> bool:
        return self.direction == "incoming"

    @property
    def is_conversation(self) -> bool:
        """A call (or visit) where the parties actually spoke."""
        if self.channel == "visit":
            return self.outcome in (None, "answered")
        return self.outcome == "answered"

    def record(self) -> dict[str, Any]:
        """The contract's contact object (what JSONL import takes and list --json prints)."""
        return _contract_object(self, "contact", CONTACT_KEYS, "occurred_at")


@dataclass(frozen=True)
class Milestone:
    """A dated event that changes what collectors may do: a refusal, a representative..."""

    kind: str
    at: date | datetime
    id: int | None = None
    source_id: str | None = None
    creditor: str | None = None
    agency: str | None = None
    debt: str | None = None
    note: str | None = None
    third_party: ThirdParty | None = None
    timezone: str | None = None
    recorded_at: datetime | None = None
    revision: int = 1
    voided: bool = False

    def record(self) -> dict[str, Any]:
        """The contract's milestone object."""
        return _contract_object(self, "milestone", MILESTONE_KEYS, "at")


@dataclass(frozen=True)
class Profile:
    """The debtor: whose law applies and whose clock the hours rules read."""

    jurisdiction: str
    timezone: str
    name: str | None = None
    region: str | None = None  # ISO 3166-2 subdivision, for regional holidays (optional)
    language: str | None = None  # en, ru, zh_CN or it: the language debtlog speaks (docs/i18n.md)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["language"] is None:
            del d["language"]  # vaults and JSON from before the field stay byte for byte the same
        return d


@dataclass(frozen=True)
class Finding:
    """A likely breach of one rule: what the engine reports, what check --json prints."""

    rule: str
    category: str
    severity: str
    confidence: str
    entries: tuple[int, ...]
    title: str
    explanation: str
    citation: str
    context: tuple[int, ...] = field(default_factory=tuple)
    matched: tuple[str, ...] = field(default_factory=tuple)  # for content rules: the phrases found

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "confidence": self.confidence,
            "entries": list(self.entries),
            "context": list(self.context),
            "title": self.title,
            "explanation": self.explanation,
            "citation": self.citation,
            "matched": list(self.matched),
        }
