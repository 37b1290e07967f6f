"""debtlog check and debtlog rules: which contacts likely broke which rule, and the rules themselves."""

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..errors import InvalidInput
from ..i18n import N_, _, ngettext
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt

rules_app = typer.Typer(help="The rule packs: what each rule checks, its citation and confidence.",
                        no_args_is_help=True)

SEVERITY_ORDER = ("violation", "presumption", "likely_violation", "code_of_conduct", "info")
SEVERITY_LABEL = {
    "violation": N_("Likely violations of a bright-line rule"),
    "presumption": N_("Presumed violations (the collector may rebut them)"),
    "likely_violation": N_("Possible violations (depend on the circumstances)"),
    "code_of_conduct": N_("Breaches of an industry code (binds its members only)"),
    "info": N_("For information"),
}
# Translators: a rule's severity in the rules list (the contract's words, shown to people).
SEVERITY_NAME = {"violation": N_("violation"), "presumption": N_("presumption"),
                 "likely_violation": N_("likely violation"), "code_of_conduct": N_("code of conduct"),
                 "info": N_("info")}
SEVERITY_STYLE = {"violation": "bold red", "presumption": "red", "likely_violation": "yellow",
                  "code_of_conduct": "magenta", "info": "cyan"}
CONFIDENCE_TEXT = {"H": N_("high"), "M": N_("medium"), "L": N_("low")}
DEFAULT_DISCLAIMER = N_("A finding means: likely violation, check it. It is not legal advice and not proof; "
                        "a lawyer, a legal-aid volunteer or the regulator decides.")


def _packs(jurisdiction: Optional[str], pack_files: List[Path], profile):
    from ..profile import check_jurisdiction
    from ..rules import load_pack, load_pack_file

    code = check_jurisdiction(jurisdiction) if jurisdiction else profile.jurisdiction
    packs = [load_pack(code)]
    for f in pack_files:
        packs.append(load_pack_file(f))
    return code, packs


def check(
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", "-j", help="Evaluate against another country's rules (default: your profile's).")] = None,
    pack: Annotated[Optional[List[Path]], typer.Option("--pack", help="Your own rule pack (TOML) on top of the built-in one; repeat for several.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only findings about contacts from this date.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only findings about contacts up to this date.")] = None,
    charts: Annotated[bool, typer.Option("--charts/--no-charts", help="Show the weekday x hour heatmap and contacts per day.")] = True,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Show which contacts likely broke which rule of your jurisdiction, why, and the citation."""
    from ..perf import paused_gc
    from ..rules import evaluate
    from .entries import open_vault

    common.use_options(vault, passphrase_file)
    with paused_gc(), open_vault() as log:
        profile = log.profile
        code, packs = _packs(jurisdiction, pack or [], profile)
        contacts = log.contacts()
        milestones = log.milestones()
        # The full entries (with attachments) only for the terminal listing of a few per finding.
        entries = {} if json_out else {e.id: e for e in log.entries(type="contact")}
        from ..sharing.partial import marker

        partial = marker(log.conn)  # a volunteer's case from a partial share
        window = None
        if since or until:
            from . import forms

            window = forms.list_filters(log, since, until, None)
    if code != profile.jurisdiction:
        from dataclasses import replace

        profile = replace(profile, jurisdiction=code)
    with paused_gc():
        # JSON keeps the English explanations (CONTRACT.md); a person reads them in their language.
        findings = evaluate(contacts, milestones, profile, packs, localized=not json_out)
    if window:
        lo = window.get("since")
        hi = window.get("until")

        when = {c.id: c.occurred_at for c in contacts}

        def inside(i: int) -> bool:
            t = when.get(i)
            return t is not None and (lo is None or t >= lo) and (hi is None or t < hi)

        findings = [f for f in findings if any(inside(i) for i in f.entries)]
    disclaimer = packs[0].disclaimer or DEFAULT_DISCLAIMER
    if json_out:
        common.print_json({
            "jurisdiction": code, "timezone": profile.timezone,
            "packs": [{"id": p.id, "title": p.title, "version": p.version, "origin": p.origin} for p in packs],
            "findings": [f.to_dict() for f in findings],
            "disclaimer": disclaimer,
        })
        return
    if partial is not None:
        from ..sharing.partial import describe

        common.warn(_("This case is a partial share covering {period}: the rules saw only those contacts and "
                      "milestones; {n} entries outside it were withheld and could change a finding near its "
                      "edges.").format(period=describe(partial), n=partial.get("withheld_entries")))
    console = common.out_console()
    render_findings(console, findings, entries, profile.timezone, packs[0])
    if charts and contacts:
        from .charts_term import day_chart, heatmap

        console.print(heatmap(contacts, profile.timezone, packs[0]))
        console.print(day_chart(contacts, profile.timezone, packs[0]))
    console.print()
    console.print(full_disclaimer(disclaimer), style="italic", markup=False)


def full_disclaimer(disclaimer: str | None) -> str:
    """The pack's disclaimer, always saying plainly that this is not legal advice (translated:
    the English text is the msgid, so the check for the words runs on it)."""
    text = disclaimer or DEFAULT_DISCLAIMER
    return _(text) if "legal advice" in text.lower() else _("Not legal advice. ") + _(text)


def severity_count(severity: str, n: int) -> str:
    """"3 likely violation(s)": how many findings of one severity, in the summary line."""
    # Translators: how many findings of one severity, in the summary line of check.
    if severity == "violation":
        text = ngettext("{n} likely violation(s)", "{n} likely violation(s)", n)
    elif severity == "presumption":
        text = ngettext("{n} presumed violation(s)", "{n} presumed violation(s)", n)
    elif severity == "likely_violation":
        text = ngettext("{n} possible violation(s)", "{n} possible violation(s)", n)
    elif severity == "code_of_conduct":
        text = ngettext("{n} industry-code breach(es)", "{n} industry-code breach(es)", n)
    elif severity == "info":
        text = ngettext("{n} for information", "{n} for information", n)
    else:
        text = "{n} " + severity
    return text.format(n=n)


def render_findings(console, findings, entries, tz: str, pack) -> None:
    from rich.text import Text

    from .render import entry_line

    if not findings:
        console.print(_("No likely violations found under {pack}.").format(pack=_(pack.title)), style="green",
                      markup=False)
        return
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}
    summary = _(", ").join(severity_count(s, n) for s, n in counts.items() if n)
    console.print(Text(_("{n} finding(s) under {pack}: {summary}").format(n=len(findings), pack=_(pack.title),
                                                                          summary=summary), style="bold"))
    for severity in SEVERITY_ORDER:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        console.print()
        console.print(Text(_(SEVERITY_LABEL[severity]), style=SEVERITY_STYLE[severity] + " underline"))
        for f in group:
            head = Text()
            head.append("● ", style=SEVERITY_STYLE[severity])
            head.append(_(f.title), style="bold")
            confidence = _(CONFIDENCE_TEXT[f.confidence]) if f.confidence in CONFIDENCE_TEXT else f.confidence
            head.append("  " + _("[{rule}; confidence {level}]").format(rule=f.rule, level=confidence),
                        style="dim")
            _print_indented(console, head, 2, first=0)
            # Indented as a block: a long explanation or entry line wraps under itself, not at column 0.
            _print_indented(console, Text(f.explanation), 2)
            if f.matched:
                _print_indented(console, Text(_("Matched: ") + "; ".join(f"«{m}»" for m in f.matched), style="yellow"), 2)
            _print_indented(console, Text(_("Citation: ") + _(f.citation), style="cyan"), 2)
            shown = [i for i in f.entries if i in entries][:5]
            for i in shown:
                _print_indented(console, Text(f"#{i}  " + entry_line(entries[i]), style="dim"), 4)
            rest = len(f.entries) - len(shown)
            if rest > 0:
                _print_indented(console, Text(_("...and {n} more: debtlog show ID").format(n=rest), style="dim"), 4)


def _print_indented(console, text, left: int, first: int | None = None) -> None:
    """Print ``text`` indented by ``left`` columns, its wrapped lines too (no trailing spaces).

    ``first``: the first line's indent, when it differs (a bulleted heading: 0)."""
    from rich.text import Text

    first = left if first is None else first
    for n, line in enumerate(text.wrap(console, max(console.width - left, 20))):
        line.rstrip()
        console.print(Text(" " * (first if n == 0 else left)).append_text(line), no_wrap=True, overflow="ignore")


@rules_app.command("list")
def rules_list(
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", "-j", help="RU, CN, IT, US, GB or IN (default: all).")] = None,
    pack: Annotated[Optional[List[Path]], typer.Option("--pack", help="Also list the rules of your own pack file.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """List the rules of one jurisdiction or all of them."""
    from ..profile import check_jurisdiction
    from ..rules import available_jurisdictions, load_pack, load_pack_file, rule_rows

    codes = [check_jurisdiction(jurisdiction)] if jurisdiction else list(available_jurisdictions())
    packs = [load_pack(c) for c in codes] + [load_pack_file(p) for p in pack or []]
    rows = [row for p in packs for row in rule_rows(p)]
    if json_out:
        common.print_json(rows)
        return
    from rich.table import Table

    t = Table(header_style="bold")
    for col in (_("Rule"), _("What it checks"), _("Severity"), _("Conf."), _("Citation")):
        t.add_column(col, overflow="fold")
    for r in rows:
        severity = _(SEVERITY_NAME[r["severity"]]) if r["severity"] in SEVERITY_NAME else r["severity"]
        t.add_row(r["id"] + ("" if r.get("enabled", True) else " " + _("(off)")), _(r["title"]),
                  severity, _(CONFIDENCE_TEXT[r["confidence"]]) if r["confidence"] in CONFIDENCE_TEXT else r["confidence"],
                  _(r["citation"]))
    common.out_console().print(t)
    common.say(_("Details of one rule: debtlog rules show RULE_ID"))


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. ru.230fz.hours.", metavar="RULE_ID")],
    pack: Annotated[Optional[List[Path]], typer.Option("--pack", help="Look in your own pack file too.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Everything about one rule: what it checks, citation, confidence, dates, sources, choices made."""
    from ..rules import available_jurisdictions, describe_rule, load_pack, load_pack_file

    packs = [load_pack_file(p) for p in pack or []] + [load_pack(c) for c in available_jurisdictions()]
    for p in packs:
        if rule_id in p.rule_ids:
            rule = p.rule(rule_id)
            if json_out:
                common.print_json({
                    "id": rule.id, "pack": p.id, "kind": rule.kind, "category": rule.category,
                    "severity": rule.severity, "confidence": rule.confidence, "citation": rule.citation,
                    "title": rule.title, "description": rule.description,
                    "effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
                    "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
                    "enabled": rule.enabled, "params": rule.params,
                    "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in rule.sources],
                })
                return
            common.out_console().print(describe_rule(rule, p, _), markup=False, highlight=False)
            return
    raise InvalidInput(_("There is no rule '{id}'.").format(id=rule_id), _("See the rule ids with: debtlog rules list"))
