"""Rules: which contacts likely broke the law (or an industry code) where the debtor lives.

The public API:

- ``evaluate(contacts, milestones, profile, packs=None, today=None) -> list[Finding]``
- ``load_pack(jurisdiction) -> RulePack`` (built-in packs), ``available_jurisdictions()``
- ``load_pack_file(path) -> RulePack`` (a user's pack; may ``extends`` a built-in one)
- ``RulePack``, ``Rule``, ``Source``; ``describe_rule(rule)`` for ``rules show``

Packs are data (``packs/*.toml``), each rule with its citation, confidence and effective
dates; ``engine.py`` evaluates them and does no I/O. Importing this package is light: the
`holidays` package is imported only when a rule needs a national calendar.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from ..models import Contact, Finding, Milestone, Profile
from .loader import available_jurisdictions, load_pack, load_pack_file
from .pack import CATEGORIES, CONFIDENCES, KINDS, SEVERITIES, Rule, RulePack, Source

__all__ = [
    "CATEGORIES",
    "CONFIDENCES",
    "KINDS",
    "SEVERITIES",
    "Rule",
    "RulePack",
    "Source",
    "available_jurisdictions",
    "describe_rule",
    "evaluate",
    "load_pack",
    "load_pack_file",
]


def evaluate(
    contacts: Sequence[Contact],
    milestones: Sequence[Milestone],
    profile: Profile,
    packs: Sequence[RulePack] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Findings for the contacts, most serious first (then by rule id, then first entry).

    ``packs=None`` uses the built-in pack for ``profile.jurisdiction``. Given packs are used
    as they are, in order: a later pack's rule replaces an earlier one with the same id, so
    ``[load_pack("RU"), load_pack_file("mine.toml")]`` layers a user's pack on the built-in
    one (a user pack with ``extends = "RU"`` already contains the RU rules). Voided contacts
    and milestones are ignored.
    """
    from .engine import run  # noqa: PLC0415

    if packs is None:
        packs = [load_pack(profile.jurisdiction)]
    return run(contacts, milestones, profile, list(packs), today=today)


def describe_rule(rule: Rule) -> str:
    """What a rule checks, in plain words generated from its parameters (for ``rules show``)."""
    from .describe import summary  # noqa: PLC0415

    return summary(rule)
