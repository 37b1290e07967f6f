"""docs/rules.md, generated from the packs, and the text ``rules list`` / ``rules show`` print.

Regenerate the document with::

    python -m debtlog.rules.docs > docs/rules.md

tests/rules/test_docs.py fails when the committed file differs from what the packs say.
"""

from __future__ import annotations

from typing import Any

from .describe import summary
from .loader import PARAMS, available_jurisdictions, load_pack
from .pack import CATEGORIES, KINDS, SEVERITIES, Rule, RulePack

SEVERITY_TEXT = {
    "violation": "a bright-line rule of a statute or regulation",
    "presumption": "a rebuttable presumption (US Reg F 7-in-7)",
    "likely_violation": "a standard that needs context to decide",
    "code_of_conduct": "an industry code or recommended standard: binds its members only",
    "info": "a hint, not a breach by itself",
}
KIND_TEXT = {
    "hours": "contacts outside allowed time windows; day types from the national calendar",
    "cap": "at most N counted contacts per calendar day, week, month or rolling window",
    "cooldown": "no counted contact within N days after a trigger (a conversation)",
    "third_party": "contacts with someone other than the debtor: without consent, repeated, or any",
    "disclosure": "a third-party contact whose notes mention the debt (word list per language)",
    "hidden_number": "contacts from a withheld number",
    "identification": "contacts recorded with identified = false",
    "robot": "calls by an automated voice agent",
    "stop": "contacts after a milestone that stops them (refusal, cease, representative, bankruptcy)",
    "early_contact": "contacts earlier than N months after the debt became overdue",
    "content": "phrases found by the content lexicons (debtlog.rules.content)",
}


def _dates(rule: Rule) -> str:
    a = rule.effective_from.isoformat() if rule.effective_from else ""
    b = rule.effective_to.isoformat() if rule.effective_to else ""
    if a and b:
        return f"{a} to {b}"
    if a:
        return f"from {a}"
    return f"until {b}" if b else "always"


def rule_rows(pack: RulePack) -> list[dict[str, Any]]:
    """One row per rule, for ``rules list``: id, title, category, severity, confidence,
    citation, effective dates, enabled, and where the rule came from."""
    return [
        {
            "id": r.id,
            "title": r.title,
            "kind": r.kind,
            "category": r.category,
            "severity": r.severity,
            "confidence": r.confidence,
            "citation": r.citation,
            "effective": _dates(r),
            "enabled": r.enabled,
            "pack": r.pack,
            "origin": pack.origin,
        }
        for r in pack.rules
    ]


def _same(text: str) -> str:
    return text


def N_(text: str) -> str:  # marks a label for the catalog (debtlog.i18n); the caller's tr translates it
    return text


# Translators: a rule's kind and category in `rules show` (the English is the pack's own value,
# as a pack author writes it in TOML).
KIND_LABEL = {
    "hours": N_("hours"), "cap": N_("cap"), "cooldown": N_("cooldown"), "third_party": N_("third_party"),
    "disclosure": N_("disclosure"), "hidden_number": N_("hidden_number"), "identification": N_("identification"),
    "robot": N_("robot"), "stop": N_("stop"), "early_contact": N_("early_contact"), "content": N_("content"),
}
CATEGORY_LABEL = {
    "hours": N_("hours"), "frequency": N_("frequency"), "third_party": N_("third_party"),
    "disclosure": N_("disclosure"), "hidden_number": N_("hidden_number"), "identification": N_("identification"),
    "abusive_content": N_("abusive_content"), "after_stop": N_("after_stop"), "workplace": N_("workplace"),
    "robot": N_("robot"), "other": N_("other"),
}
# The same words as the rules list and check (debtlog/cli/checking.py) use.
SEVERITY_WORD = {"violation": N_("violation"), "presumption": N_("presumption"),
                 "likely_violation": N_("likely violation"), "code_of_conduct": N_("code of conduct"),
                 "info": N_("info")}
CONFIDENCE_WORD = {"H": N_("high"), "M": N_("medium"), "L": N_("low")}


def _word(table: dict, value: str, tr) -> str:
    return tr(table[value]) if value in table else value


def _dates_text(rule: Rule, tr) -> str:
    """When the rule is in force, in the reader's language and date format."""
    from ..i18n.formats import format_date  # noqa: PLC0415

    a = format_date(rule.effective_from) if rule.effective_from else ""
    b = format_date(rule.effective_to) if rule.effective_to else ""
    if a and b:
        return tr(N_("{start} to {end}")).format(start=a, end=b)
    if a:
        return tr(N_("from {date}")).format(date=a)
    return tr(N_("until {date}")).format(date=b) if b else tr(N_("always"))


def rule_text(rule: Rule, pack: RulePack | None = None, tr=_same) -> str:
    """Everything about one rule, as plain text, for ``rules show ID``.

    ``tr`` translates the labels, the title and the description (the CLI passes debtlog.i18n's
    ``_``); with a ``tr``, the summary generated from the parameters is worded in the command's
    language too (debtlog.i18n); without one everything stays English (docs/rules.md)."""
    from .text import localized  # noqa: PLC0415

    wording = None if tr is _same else localized()
    if tr is _same:  # English, as docs/rules.md and the packs write them
        kind, category, severity, confidence, dates = (rule.kind, rule.category, rule.severity, rule.confidence,
                                                       _dates(rule))
    else:
        kind, category = _word(KIND_LABEL, rule.kind, tr), _word(CATEGORY_LABEL, rule.category, tr)
        severity, confidence = _word(SEVERITY_WORD, rule.severity, tr), _word(CONFIDENCE_WORD, rule.confidence, tr)
        dates = _dates_text(rule, tr)
    origin = pack.origin if pack is not None else None
    lines = [
        f"{rule.id}: {tr(rule.title)}",
        tr(N_("  kind: {kind}    category: {category}    severity: {severity}    confidence: {confidence}")).format(
            kind=kind, category=category, severity=severity, confidence=confidence)
        + ("" if rule.enabled else "    " + tr(N_("(disabled)"))),
        tr(N_("  citation: {citation}")).format(citation=tr(rule.citation)),
        tr(N_("  in force: {dates}")).format(dates=dates),
        "",
        tr(N_("What it checks:")),
        "  " + summary(rule, pack, wording),
        "",
        tr(N_("Why, and the choices made:")),
        "  " + tr(rule.description),
    ]
    if rule.sources:
        lines += ["", tr(N_("Sources:"))]
        lines += [f"  [{s.id}] {s.title}" + (f" <{s.url}>" if s.url else "") for s in rule.sources]
    if pack is not None:
        lines += ["", tr(N_("Pack: {id} ({origin}), version {version}")).format(
            id=pack.id, origin=tr(N_("built-in")) if origin in (None, "", "built-in") else origin,
            version=pack.version)]
    return "\n".join(lines)


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _params_md(rule: Rule) -> str:
    parts = []
    for k, v in rule.params.items():
        parts.append(f"`{k} = {_toml_value(v)}`")
    return "; ".join(parts)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def render_pack_markdown(pack: RulePack) -> str:
    out = [f"## {pack.jurisdiction}: {pack.title}", ""]
    out.append(f"Pack `{pack.id}`, version {pack.version}" + (f", as of {pack.as_of.isoformat()}" if pack.as_of else "")
               + (f"; national calendar: `{pack.calendar}`" if pack.calendar else "; no national calendar needed")
               + (f"; treated as the debtor: {', '.join(pack.consumer_relations)}" if pack.consumer_relations else "")
               + ".")
    out.append("")
    if pack.description:
        out += [pack.description, ""]
    out += [
        "| id | what | category | severity | conf. | citation | in force |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in pack.rules:
        flag = "" if r.enabled else " (disabled)"
        out.append(
            f"| `{r.id}` | {_md_cell(r.title)}{flag} | {r.category} | {r.severity} | {r.confidence} | "
            f"{_md_cell(r.citation)} | {_dates(r)} |"
        )
    out.append("")
    for r in pack.rules:
        out += [f"### `{r.id}`: {r.title}", ""]
        out += [
            f"*{r.kind}, {r.category}, {r.severity}, confidence {r.confidence}, {_dates(r)}"
            + ("" if r.enabled else ", disabled")
            + f".* Citation: {r.citation}.",
            "",
            f"**Checks.** {summary(r, pack)}",
            "",
            f"**Why, and the choices made.** {r.description}",
            "",
        ]
        if r.sources:
            out.append("**Sources.** " + "; ".join(
                f"[{s.id}] [{_md_cell(s.title)}]({s.url})" if s.url else f"[{s.id}] {s.title}" for s in r.sources
            ))
            out.append("")
        if r.params:
            out += [f"**Parameters.** {_params_md(r)}", ""]
    if pack.debt_words:
        out += ["Words that mark a mention of the debt (disclosure rules; `stem*` matches any word starting "
                "with the stem):", ""]
        for lang, words in sorted(pack.debt_words.items()):
            out.append(f"- {lang}: " + ", ".join(words))
        out.append("")
    return "\n".join(out)


def render_rules_markdown() -> str:
    """The whole of docs/rules.md."""
    packs = [load_pack(code) for code in available_jurisdictions()]
    total = sum(len(p.rules) for p in packs)
    out = [
        "# Rules",
        "",
        "<!-- Generated by `python -m debtlog.rules.docs > docs/rules.md` from debtlog/rules/packs/*.toml."
        " Do not edit by hand: tests/rules/test_docs.py fails when this file is stale. -->",
        "",
        f"debtlog checks a contact log against {total} rules in {len(packs)} packs, one per jurisdiction. "
        "Each rule is data (`debtlog/rules/packs/*.toml`) with a citation, a confidence label, effective "
        "dates and parameters, so a lawyer or volunteer can audit it here or with `debtlog rules show ID`. "
        "The research behind every figure is in the rules reference (`rules-reference.md`). "
        "A finding means *likely violation, check it*; it is not legal advice.",
        "",
        "## How to read a rule",
        "",
        "**Severity** says what kind of rule it is:",
        "",
    ]
    out += [f"- `{s}`: {SEVERITY_TEXT[s]}" for s in SEVERITIES]
    out += [
        "",
        "**Confidence**: `H` the statute or official text was seen, or two independent sources agree; "
        "`M` one secondary source; `L` unverified or conflicting (such rules ship as `info` or disabled).",
        "",
        "**Category** (as in `check --json`): " + ", ".join(f"`{c}`" for c in CATEGORIES) + ".",
        "",
        "**Times** are read in the debtor's timezone (the profile's), DST-correct; day types (working day, "
        "rest day, holiday, a Saturday made a working day by a transfer) come from the `holidays` package. "
        "**Counted contacts** are by default those the collector started (`direction = incoming`) with you "
        "as the target, and never calls that did not connect (`outcome = failed`); each rule's "
        "\"Checks\" line says exactly what it counts. A milestone with a date and no time applies from the "
        "next day.",
        "",
        "**Findings**: `entries` are the contacts that break the rule (for a cap, the ones over it); "
        "`context` the others it counted.",
        "",
        "## Rule kinds",
        "",
    ]
    for k in KINDS:
        specific, required = PARAMS[k]
        keys = ", ".join(f"`{p}`" + ("*" if p in required else "") for p in specific) or "none"
        out.append(f"- `{k}`: {KIND_TEXT[k]}. Parameters: {keys}.")
    out += [
        "",
        "Every kind also takes the contact filter: `channels`, `directions` (default `[\"incoming\"]`), "
        "`outcomes` (`conversation` means a conversation took place; `none` no outcome recorded), "
        "`exclude_outcomes` (default `[\"failed\"]`), `targets` (`debtor`, `consumer` (the default: the "
        "debtor and the relations the pack treats as the debtor), `third_party`, `any`) and `robot`. "
        "Parameters marked * are required.",
        "",
        "## Your own rules",
        "",
        "A pack of your own (a regional law, a new amendment, a stricter threshold) is a TOML file with "
        "the same shape. With `extends` it starts from a built-in pack: a rule with an existing id changes "
        "only the keys you give (`params` merge key by key; `enabled = false` switches it off), a new id "
        "adds a rule. Mistakes are reported with the file, the rule id and key, and what was expected.",
        "",
        "```toml",
        "[pack]",
        'id = "ru-moscow-strict"',
        'extends = "RU"',
        "",
        "[[rule]]",
        'id = "ru.230fz.pressure"',
        "params = { limits = [{ window = \"day\", max = 1 }] }   # flag the 2nd unanswered call a day",
        "",
        "[[rule]]",
        'id = "ru.230fz.messages.rolling"',
        "enabled = false",
        "```",
        "",
    ]
    for pack in packs:
        out.append(render_pack_markdown(pack))
    return "\n".join(out).rstrip() + "\n"


def main() -> None:
    import sys

    sys.stdout.write(render_rules_markdown())


if __name__ == "__main__":
    main()
