"""docs/rules.md is generated from the packs and must not drift from them."""

from __future__ import annotations

from pathlib import Path

from debtlog.rules import available_jurisdictions, describe_rule, load_pack, rule_rows
from debtlog.rules.docs import render_rules_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    expected = render_rules_markdown()
    current = DOC.read_text("utf-8") if DOC.exists() else ""
    assert current == expected, (
        "docs/rules.md is stale: regenerate it with `python -m debtlog.rules.docs > docs/rules.md`"
    )


def test_docs_mention_every_rule_with_citation_and_confidence():
    text = render_rules_markdown()
    for code in available_jurisdictions():
        for rule in load_pack(code).rules:
            assert f"`{rule.id}`" in text
            assert rule.citation in text


def test_rules_show_text_has_what_why_and_sources():
    pack = load_pack("RU")
    text = describe_rule(pack.rule("ru.230fz.refusal"), pack)
    for part in ("ru.230fz.refusal", "confidence: H", "230-FZ art. 8", "What it checks:", "void",
                 "Sources:", "[RU-4]", "http"):
        assert part in text


def test_rules_list_rows():
    rows = rule_rows(load_pack("US"))
    row = next(r for r in rows if r["id"] == "us.regf.7in7.calls")
    assert row["severity"] == "presumption" and row["confidence"] == "H" and row["origin"] == "built-in"
    assert row["effective"] == "from 2021-11-30" and row["enabled"] is True
