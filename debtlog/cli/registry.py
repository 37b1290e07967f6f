"""Milestones, collectors and debts: the facts around the contacts."""

from typing import Annotated, List, Optional

import typer

from ..errors import InvalidInput
from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt
from .entries import open_vault

milestone_app = typer.Typer(help="Dated events that change what collectors may do (refusal, representative, ...).",
                            no_args_is_help=True)
collectors_app = typer.Typer(help="Collection agencies: their numbers and people, so a number is recognised.",
                             no_args_is_help=True)
debts_app = typer.Typer(help="Your debts as collectors state them: creditor, agency, reference, amount.",
                        no_args_is_help=True)

KIND_HELP = ("overdue-start, refusal (RU 230-FZ art. 8, the date the creditor received it), representative, "
             "cease (US written request to stop), dispute, bankruptcy, third-party-consent, consent-withdrawn")


@milestone_app.command("add")
def milestone_add(
    kind: Annotated[str, typer.Option("--kind", "-k", help=KIND_HELP)],
    at: Annotated[str, typer.Option("--at", help="The date (2026-03-01, 01.03.2026) or date and time.")],
    creditor: Annotated[Optional[str], typer.Option("--creditor")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", "-a")] = None,
    debt: Annotated[Optional[str], typer.Option("--debt")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Details: how it was sent, reference numbers.")] = None,
    third_party: Annotated[Optional[str], typer.Option("--third-party", help="For consents: the person's name.")] = None,
    relation: Annotated[Optional[str], typer.Option("--relation")] = None,
    third_party_number: Annotated[Optional[str], typer.Option("--third-party-number")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Record a milestone, e.g. the day the creditor received your refusal of interaction."""
    from ..phones import parse_number_strict
    from ..records import RecordError, milestone_from_dict
    from ..timeparse import parse_date, parse_iso_record_time
    from . import forms

    common.use_options(vault, passphrase_file)
    with open_vault(write=True) as log:
        p = log.profile
        text = at.strip()
        if any(ch in text for ch in (":", "点")):
            at_value = forms.parse_time(log, text).isoformat()
        else:
            at_value = parse_date(text, p.timezone, day_first=p.jurisdiction != "US").isoformat()
        from ..models import MILESTONE_KINDS

        doc = {"kind": forms._choice(kind, MILESTONE_KINDS, "--kind"), "at": at_value, "creditor": creditor, "agency": agency, "debt": debt,
               "note": note}
        if third_party or relation or third_party_number:
            doc["third_party"] = {
                "name": third_party, "relation": relation.strip().lower() if relation else None,
                "number": parse_number_strict(third_party_number, p.jurisdiction) if third_party_number else None,
            }
        try:
            record = milestone_from_dict(doc, timezone=p.timezone, normalize_number=lambda n: n,
                                         parse_time=parse_iso_record_time)
        except RecordError as e:
            raise InvalidInput(str(e)) from None
        entry = log.add(record)
    if json_out:
        common.print_json(entry.to_json())
        return
    from ..models import MILESTONE_LABELS
    from .render import label_of, milestone_when

    common.ok(_("Recorded milestone {kind} on {at} as entry {id}.").format(
        kind=label_of(MILESTONE_LABELS, record.kind), at=milestone_when(record.at), id=entry.id))


@milestone_app.command("list")
def milestone_list(json_out: JsonOpt = False, vault: VaultOpt = None, passphrase_file: PassphraseFileOpt = None) -> None:
    """List the milestones."""
    common.use_options(vault, passphrase_file)
    with open_vault() as log:
        entries = log.entries(type="milestone")
        tz = log.profile.timezone
    if json_out:
        common.print_json([e.to_json() for e in entries])
        return
    if not entries:
        common.say(_("No milestones yet. Add one with: debtlog milestone add --kind refusal --at 2026-03-01"))
        return
    from .render import entries_table

    console = common.out_console()
    console.print(entries_table(entries, tz, console.width))


@collectors_app.command("list")
def collectors_list(json_out: JsonOpt = False, vault: VaultOpt = None, passphrase_file: PassphraseFileOpt = None) -> None:
    """List the collectors with their numbers and people."""
    from ..phones import display_number

    common.use_options(vault, passphrase_file)
    with open_vault() as log:
        rows = log.collectors()
    if json_out:
        common.print_json(rows)
        return
    if not rows:
        common.say(_("No collectors yet. They are added as you record contacts with --agency and --number, "
                     "or with: debtlog collectors add NAME --number ..."))
        return
    from rich.table import Table

    t = Table(header_style="bold")
    for col in (_("ID"), _("Collector"), _("Numbers"), _("People"), _("Contacts"), _("Last contact")):
        t.add_column(col)
    for r in rows:
        t.add_row(str(r["id"]), r["name"], "\n".join(display_number(n) for n in r["numbers"]),
                  "\n".join(r["people"]), str(r["contacts"]), (r["last_contact"] or "")[:16].replace("T", " "))
    common.out_console().print(t)


@collectors_app.command("add")
def collectors_add(
    name: Annotated[str, typer.Argument(help="The agency's name, e.g. 'ООО ПКО Пример'.")],
    number: Annotated[Optional[List[str]], typer.Option("--number", "-n", help="A number it uses (repeat).")] = None,
    person: Annotated[Optional[List[str]], typer.Option("--person", "-p", help="A person who called (repeat).")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="E.g. its registry entry or address.")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Add a collector, or add numbers and people to one you have."""
    from ..phones import parse_number_strict

    common.use_options(vault, passphrase_file)
    with open_vault(write=True) as log:
        numbers = [parse_number_strict(n, log.profile.jurisdiction) for n in (number or [])]
        saved = log.save_collector(name, numbers=numbers, people=person or [], note=note)
    if json_out:
        common.print_json(saved)
        return
    common.ok(_("Saved collector {name} with {n} number(s).").format(name=saved["name"], n=len(saved["numbers"])))


def _debt_fields(creditor, agency, reference, amount, currency, origin, note) -> dict:
    fields = {"creditor": creditor, "agency": agency, "reference": reference, "origin": origin, "note": note}
    if amount is not None:
        from decimal import Decimal, InvalidOperation

        text = amount.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise InvalidInput(_("The amount '{a}' is not a number; write it like 15000.50.").format(a=amount)) from None
        if value < 0:
            raise InvalidInput(_("The amount cannot be negative."))
        fields["amount"] = str(value)
    if currency is not None:
        c = currency.strip().upper()
        if len(c) != 3 or not c.isalpha():
            raise InvalidInput(_("The currency must be a 3-letter code such as RUB, CNY, EUR, USD, GBP or INR."))
        fields["currency"] = c
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if v is not None}


@debts_app.command("add")
def debts_add(
    creditor: Annotated[Optional[str], typer.Option("--creditor", help="The lender (or current owner of the debt).")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", "-a", help="The agency collecting it.")] = None,
    reference: Annotated[Optional[str], typer.Option("--reference", help="Contract, account or case number.")] = None,
    amount: Annotated[Optional[str], typer.Option("--amount", help="The amount they claim, e.g. 15000.50.")] = None,
    currency: Annotated[Optional[str], typer.Option("--currency", help="RUB, CNY, EUR, USD, GBP, INR...")] = None,
    origin: Annotated[Optional[str], typer.Option("--origin", help="Where the claim comes from, as a letter states it.")] = None,
    note: Annotated[Optional[str], typer.Option("--note")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Record a debt as the collector states it."""
    common.use_options(vault, passphrase_file)
    fields = _debt_fields(creditor, agency, reference, amount, currency, origin, note)
    with open_vault(write=True) as log:
        saved = log.save_debt(**fields)
    if json_out:
        common.print_json(saved)
        return
    common.ok(_("Saved debt {id}.").format(id=saved["id"]))


@debts_app.command("edit")
def debts_edit(
    debt_id: Annotated[int, typer.Argument(metavar="ID")],
    creditor: Annotated[Optional[str], typer.Option("--creditor")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", "-a")] = None,
    reference: Annotated[Optional[str], typer.Option("--reference")] = None,
    amount: Annotated[Optional[str], typer.Option("--amount")] = None,
    currency: Annotated[Optional[str], typer.Option("--currency")] = None,
    origin: Annotated[Optional[str], typer.Option("--origin")] = None,
    note: Annotated[Optional[str], typer.Option("--note")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Update a debt (the earlier version stays in the hash chain)."""
    common.use_options(vault, passphrase_file)
    fields = _debt_fields(creditor, agency, reference, amount, currency, origin, note)
    if not fields:
        raise InvalidInput(_("Say what to change, e.g. --amount 12000."))
    with open_vault(write=True) as log:
        saved = log.save_debt(debt_id, **fields)
    if json_out:
        common.print_json(saved)
        return
    common.ok(_("Updated debt {id}.").format(id=debt_id))


@debts_app.command("list")
def debts_list(json_out: JsonOpt = False, vault: VaultOpt = None, passphrase_file: PassphraseFileOpt = None) -> None:
    """List the debts."""
    common.use_options(vault, passphrase_file)
    with open_vault() as log:
        rows = log.debts()
    if json_out:
        common.print_json(rows)
        return
    if not rows:
        common.say(_("No debts recorded. Add one with: debtlog debts add --creditor BANK --amount 15000 --currency RUB"))
        return
    from rich.table import Table

    from ..i18n.formats import format_money

    t = Table(header_style="bold")
    for col in (_("ID"), _("Creditor"), _("Agency"), _("Reference"), _("Amount"), _("Origin")):
        t.add_column(col)
    for r in rows:
        amount = format_money(r.get("amount"), r.get("currency"))
        t.add_row(str(r["id"]), r.get("creditor") or "", r.get("agency") or "", r.get("reference") or "", amount,
                  r.get("origin") or "")
    common.out_console().print(t)
