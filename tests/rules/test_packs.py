"""The built-in packs: valid, audited (citations, sources, descriptions), and every rule tested."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from debtlog.rules import CATEGORIES, SEVERITIES, available_jurisdictions, load_pack

HERE = Path(__file__).resolve().parent
PACKS = {code: load_pack(code) for code in available_jurisdictions()}


def test_the_six_jurisdictions_have_packs():
    assert set(PACKS) == {"RU", "US", "CN", "IT", "GB", "IN"}


@pytest.mark.parametrize("code", sorted(PACKS))
def test_pack_rules_are_audited(code):
    pack = PACKS[code]
    assert pack.jurisdiction == code and pack.title and pack.version and pack.sources
    prefix = code.lower() + "."
    for r in pack.rules:
        assert r.id.startswith(prefix), r.id
        assert r.category in CATEGORIES and r.severity in SEVERITIES
        assert r.citation and r.title and len(r.description) > 40, r.id
        assert r.sources and all(s.url.startswith("http") for s in r.sources), r.id
        assert r.effective_from is not None, r.id
        if r.confidence == "L":  # the reference: ship L rules disabled or as info only
            assert r.severity == "info" or not r.enabled, r.id


def test_rule_ids_are_unique_across_packs():
    ids = [r.id for p in PACKS.values() for r in p.rules]
    assert len(ids) == len(set(ids))


def test_required_rules_exist():
    for rid in ("ru.230fz.hours", "ru.230fz.calls", "ru.230fz.messages", "ru.230fz.pressure",
                "ru.137fz.hidden_number", "ru.230fz.third_party", "ru.230fz.disclosure", "ru.230fz.refusal",
                "us.regf.7in7.calls", "us.regf.7in7.conversation", "us.fdcpa.hours", "us.fdcpa.cease",
                "cn.gbt45251.hours", "cn.gbt45251.calls", "cn.nifa2024.calls", "it.unirec.hours",
                "gb.conc.hours", "in.rbi.hours"):
        assert any(rid in p.rule_ids for p in PACKS.values()), rid
    assert PACKS["RU"].rule("ru.137fz.hidden_number").effective_from.isoformat() == "2025-09-01"
    assert PACKS["IT"].rule("it.unirec.hours").severity == "code_of_conduct"
    assert PACKS["GB"].rule("gb.conc.hours").severity == "likely_violation"
    assert PACKS["US"].rule("us.regf.7in7.calls").severity == "presumption"


def test_every_rule_has_tests():
    """Each rule id must appear in the topic test files (a flag test and a no-flag test each)."""
    sources = "\n".join(p.read_text("utf-8") for p in HERE.glob("test_*.py") if p.name != "test_packs.py")
    content_rules_parametrized = "CONTENT_RULES" in sources
    missing = []
    for pack in PACKS.values():
        for r in pack.rules:
            if r.kind == "content" and content_rules_parametrized:
                continue
            if not re.search(re.escape(f'"{r.id}"'), sources):
                missing.append(r.id)
    assert not missing, f"rules without tests: {missing}"


def test_importing_the_rules_package_is_light():
    code = (
        "import sys, debtlog.rules; "
        "heavy = [m for m in ('holidays', 'tomllib', 'debtlog.rules.engine') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert "holidays" not in out and "debtlog.rules.engine" not in out
