"""Rules: which contacts likely broke the law (or an industry code) where the debtor lives.

The public API:

- ``evaluate(contacts, milestones, profile, packs=None, today=None) -> list[Finding]``
- ``load_pack(jurisdiction) -> RulePack`` (built-in packs), ``available_jurisdictions()``
- ``load_pack_file(path) -> RulePack`` (a user's pack; may ``extends`` a built-in one)
- ``RulePack``, ``Rule``, ``Source``
- ``rule_rows(pack)`` for ``rules list``, ``describe_rule(rule, pack)`` for ``rules show ID``

Packs are data (``packs/*.toml``), each rule with its citation, confidence and effective
dates; ``engine.py`` evaluates them and does no I/O. Importing this package is light: the
`holidays` package is imported only when a rule needs a national calendar.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from pathlib import Path

from ..models import Contact, Finding, Milestone, Profile
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
    "rule_rows",
]


def available_jurisdictions() -> list[str]:
    """Jurisdiction codes with a built-in pack: ['CN', 'GB', 'IN', 'IT', 'RU', 'US']."""
    from .loader import available_jurisdictions as codes  # noqa: PLC0415 - keep import light

    return codes()


def load_pack(jurisdiction: str) -> RulePack:
    """The built-in pack of a jurisdiction (case-insensitive); InvalidInput when there is none."""
    from .loader import load_pack as load  # noqa: PLC0415

    return load(jurisdiction)


def load_pack_file(path: str | Path) -> RulePack:
    """A user's pack (TOML). ``[pack] extends = "RU"`` starts from the built-in RU pack: rules
    with an existing id are overridden key by key (``params`` merged), new ids are added.
    Mistakes raise InvalidInput naming the file, the rule id and key path, and what was expected."""
    from .loader import load_pack_file as load  # noqa: PLC0415

    return load(path)


def evaluate(
    contacts: Sequence[Contact],
    milestones: Sequence[Milestone],
    profile: Profile,
    packs: Sequence[RulePack] | None = None,
    today: date | None = None,
    localized: bool = False,
) -> list[Finding]:
    """Findings for the contacts, most serious first (then by rule id, then first entry).

    The explanations are English (what ``check --json`` and the dossier's findings.json carry)
    unless ``localized``: then they are worded in the command's language (debtlog.i18n), for a
    person to read.

    ``packs=None`` uses the built-in pack for ``profile.jurisdiction``. Given packs are used
    as they are, in order: a later pack's rule replaces an earlier one with the same id, so
    ``[load_pack("RU"), load_pack_file("mine.toml")]`` layers a user's pack on the built-in
    one (a user pack with ``extends = "RU"`` already contains the RU rules). Voided contacts
    and milestones are ignored.
    """
    from .engine import run  # noqa: PLC0415

    if packs is None:
        packs = [load_pack(profile.jurisdiction)]
    wording = None
    if localized:
        from .text import localized as command_language  # noqa: PLC0415

        wording = command_language()
    return run(contacts, milestones, profile, list(packs), today=today, wording=wording)


def describe_rule(rule: Rule, pack: RulePack | None = None, tr=None) -> str:
    """Everything about one rule as plain text, for ``rules show ID``: what it checks (generated
    from its parameters), the citation, confidence, dates, the choices made, the sources."""
    from .docs import rule_text  # noqa: PLC0415

    return rule_text(rule, pack) if tr is None else rule_text(rule, pack, tr)


def rule_rows(pack: RulePack) -> list[dict]:
    """One dict per rule of a pack, for ``rules list``: id, title, kind, category, severity,
    confidence, citation, effective, enabled, pack, origin."""
    from .docs import rule_rows as rows  # noqa: PLC0415

    return rows(pack)
