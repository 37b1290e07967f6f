"""Legal-aid volunteers: the volunteer's key, sharing a case with one, and the volunteer's cases.

The library is debtlog.sharing; this module parses arguments, calls it and renders.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..fsutil import write_errors_reported
from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt

volunteer_app = typer.Typer(help="A legal-aid volunteer's key pair: borrowers seal their cases to it.",
                            no_args_is_help=True)
cases_app = typer.Typer(help="A volunteer's cases: import shares, list them, open one, keep notes apart.",
                        no_args_is_help=True)


def _volunteer_passphrase() -> str:
    return common.passphrase(what=_("Volunteer passphrase"))


# -- volunteer ------------------------------------------------------------------------------

@volunteer_app.command("init")
def volunteer_init(json_out: JsonOpt = False, passphrase_file: PassphraseFileOpt = None) -> None:
    """Create your volunteer key pair (X25519 to receive cases, Ed25519 to sign), sealed with a passphrase."""
    from ..sharing.keys import create_identity, identity_path

    common.use_options(None, passphrase_file)
    home = common.home()
    if identity_path(home).exists():
        create_identity(home, "")  # raises the "already have a key" message before asking anything
    secret = common.passphrase(new=True, what=_("Choose a passphrase for your volunteer key"))
    with write_errors_reported(home):
        public = create_identity(home, secret)
    if json_out:
        common.print_json({"public_key": str(public), "fingerprint": public.fingerprint})
        return
    common.ok(_("Created your volunteer key."))
    common.say(_("Send this key to a borrower (debtlog volunteer key prints it again):"))
    common.out_console().print(str(public), markup=False, soft_wrap=True)
    common.say(_("Fingerprint, to read aloud on the phone: {fp}").format(fp=public.fingerprint))
    common.say(_("Keep the passphrase safe: without it no case sealed to this key can be opened."))


@volunteer_app.command("key")
def volunteer_key(json_out: JsonOpt = False) -> None:
    """Print your public key (to paste to a borrower) and its fingerprint (to read aloud)."""
    from ..sharing.keys import load_public

    public = load_public(common.home())
    if json_out:
        common.print_json({"public_key": str(public), "fingerprint": public.fingerprint})
        return
    common.out_console().print(str(public), markup=False, soft_wrap=True)
    common.say(_("Fingerprint: {fp}").format(fp=public.fingerprint))
    common.say(_("The borrower runs: debtlog share --to <the key above> --out case.dlshare, "
                 "and reads you the fingerprints it prints."))


@volunteer_app.command("passwd")
def volunteer_passwd(
    new_passphrase_file: Annotated[Optional[Path], typer.Option(
        "--new-passphrase-file", help="Read the new passphrase from this file (or set DEBTLOG_NEW_PASSPHRASE).",
        show_default=False)] = None,
    json_out: JsonOpt = False,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Change your volunteer passphrase: your key and every case at once; the keys and fingerprint stay."""
    import os

    from ..errors import InvalidInput
    from ..sharing.keys import unlock_identity
    from ..sharing.passwd import change_passphrase

    common.use_options(None, passphrase_file)
    home = common.home()
    old = common.passphrase(what=_("Current volunteer passphrase"))
    unlock_identity(home, old)  # a wrong passphrase says so before a new one is asked
    if new_passphrase_file:
        new = common._read_passphrase_file(new_passphrase_file)
    elif os.environ.get("DEBTLOG_NEW_PASSPHRASE"):
        new = os.environ["DEBTLOG_NEW_PASSPHRASE"]
    elif common.interactive():
        new = common._ask(True, _("New volunteer passphrase"))
    else:
        raise InvalidInput(_("No new passphrase: there is no terminal to ask on."),
                           _("Set DEBTLOG_NEW_PASSPHRASE or pass --new-passphrase-file PATH."))
    if len(new) < common.MIN_PASSPHRASE:
        raise InvalidInput(_("The new passphrase is too short; use at least {m} characters.").format(
            m=common.MIN_PASSPHRASE))
    with write_errors_reported(home):
        result = change_passphrase(home, old, new)
    if json_out:
        common.print_json(result)
        return
    common.ok(_("Passphrase changed for your volunteer key and {n} case(s); the old one no longer opens them.")
              .format(n=result["cases"]))
    common.say(_("Your public key and its fingerprint ({fp}) are unchanged: borrowers keep sharing with the same key.")
               .format(fp=result["fingerprint"]))


# -- share ----------------------------------------------------------------------------------

def share(
    to: Annotated[str, typer.Option("--to", help="The volunteer's public key (the line 'debtlog volunteer key' prints).",
                                    show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the sealed case, e.g. case.dlshare.",
                                      show_default=False)],
    since: Annotated[Optional[str], typer.Option("--since", help="Share only the contacts and milestones from this "
                                                 "date (as for list --since); the rest of the log is withheld.",
                                                 show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Share only those up to and including this date.",
                                                 show_default=False)] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Seal your case (log and recordings) to a volunteer's key, signed with your vault's key.

    With --since/--until only that period is shared: the other entries and their recordings are
    withheld, and the volunteer can still check that what they got is an unaltered part of your log.
    """
    from ..sharing.keys import PublicKey
    from ..sharing.share import write_share

    common.use_options(vault, passphrase_file)
    recipient = PublicKey.parse(to)
    window = None
    if since or until:
        from . import forms

        def window(log):
            w = forms.list_filters(log, since, until, None)
            return w.get("since"), w.get("until")

    summary = write_share(common.vault_path(), common.passphrase(), recipient, out, window=window)
    if json_out:
        common.print_json({"out": str(summary.path), "to": summary.recipient, "fingerprint": summary.vault_fingerprint,
                           "case_id": summary.case_id, "head": summary.head, "links": summary.links,
                           "entries": summary.entries, "attachments": summary.blobs, "size": summary.size,
                           "partial": summary.partial})
        return
    if summary.partial:
        from ..sharing.partial import describe

        common.ok(_("Sealed the part of your case from {period} ({n} entries, {a} files; {w} entries outside it "
                    "withheld) to the volunteer with key {to}: {p}").format(
            period=describe(summary.partial), n=summary.entries, a=summary.blobs,
            w=summary.partial["withheld_entries"], to=summary.recipient, p=summary.path))
    else:
        common.ok(_("Sealed your case ({n} entries, {a} files) to the volunteer with key {to}: {p}").format(
            n=summary.entries, a=summary.blobs, to=summary.recipient, p=summary.path))
    common.say(_("Only that volunteer can open it. Before you send it, call them and compare:\n"
                 "  their key's fingerprint:  {to}   (they read it from 'debtlog volunteer key')\n"
                 "  your vault's fingerprint: {fp}   (read it to them when they import)").format(
        to=summary.recipient, fp=summary.vault_fingerprint))


# -- cases ----------------------------------------------------------------------------------

@cases_app.command("import")
def cases_import(
    path: Annotated[Path, typer.Argument(help="The share file the borrower sent.", show_default=False)],
    name: Annotated[Optional[str], typer.Option("--name", help="A name for a new case (default: country and the "
                                                "start of the borrower's fingerprint).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm the borrower's fingerprint.")] = False,
    json_out: JsonOpt = False,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Verify a share and import it as a case; a newer share of the same case updates it."""
    from ..sharing.cases import import_share, peek_recipient

    common.use_options(None, passphrase_file)
    home = common.home()
    peek_recipient(home, path)  # a share for someone else: say so before asking for a passphrase
    secret = _volunteer_passphrase()
    asking = common.interactive() and not yes

    def confirm(fp: str, header: dict) -> bool:
        common.say(_("New case from a borrower whose vault fingerprint is:\n    {fp}\n"
                     "({j}, {n} entries, shared {at})").format(fp=fp, j=header.get("jurisdiction"),
                                                                 n=header.get("entries"), at=header.get("exported_at")))
        if header.get("partial"):
            say_partial(header["partial"])
        if not asking:
            common.say(_("Compare it with the fingerprint the borrower's 'debtlog share' printed."))
            return True
        return common.confirm(_("Does the borrower read you the same fingerprint?"), default=False)

    with write_errors_reported(home):
        result = import_share(home, path, secret, name=name, confirm=confirm)
    if json_out:
        common.print_json(result.to_dict())
        return
    from ..sharing.partial import describe

    if result.status == "imported":
        common.ok(_("Imported case {name}: {n} entries, {a} files; the borrower's log verifies ({links} links).")
                  .format(name=result.name, n=result.entries, a=result.blobs, links=result.links))
        common.say(_("Work on it with: debtlog --case {name} check   (or: debtlog cases open {name})")
                   .format(name=result.name))
    elif result.status == "updated":
        common.ok(_("Updated case {name} with a newer share (exported {at}): {changes}.").format(
            name=result.name, at=result.exported_at, changes=describe_changes(result.changes)))
        if result.partial:
            say_partial(result.partial)
    elif result.held != result.partial:
        common.ok(_("Case {name} already holds everything in this share: it covers {part} of the same log, the "
                    "case holds {held}. Nothing was changed.").format(
            name=result.name, part=describe(result.partial), held=describe(result.held)))
    else:
        common.ok(_("Case {name} is already up to date: this share ends at the same link ({links}).").format(
            name=result.name, links=result.links))


def say_partial(partial: dict) -> None:
    from ..sharing.partial import describe

    common.warn(_("This is a partial share: it covers {period}; {n} entries ({links} links) outside it were "
                  "withheld by the borrower. The hash chain still verifies up to the head the borrower signed.")
                .format(period=describe(partial), n=partial.get("withheld_entries"),
                        links=partial.get("withheld_links")))


def describe_changes(c: dict) -> str:
    labels = (("contacts", _("{n} new contact(s)")), ("milestones", _("{n} new milestone(s)")),
              ("corrections", _("{n} correction(s)")), ("retractions", _("{n} retraction(s)")),
              ("attachments", _("{n} new recording(s) or file(s)")), ("other", _("{n} other change(s)")),
              ("revealed", _("{n} earlier entry(ies) now included")),
              ("withheld", _("{n} new link(s) withheld")))
    parts = [text.format(n=c[k]) for k, text in labels if c.get(k)]
    return ", ".join(parts) or _("{n} new link(s)").format(n=c.get("links", 0))


@cases_app.command("list")
def cases_list(json_out: JsonOpt = False, passphrase_file: PassphraseFileOpt = None) -> None:
    """Every case: jurisdiction, period, likely violations, last contact."""
    from ..sharing.cases import list_cases

    common.use_options(None, passphrase_file)
    rows = list_cases(common.home(), _volunteer_passphrase())
    if json_out:
        common.print_json(rows)
        return
    if not rows:
        common.say(_("No cases yet. Import one with: debtlog cases import FILE"))
        return
    from rich.table import Table

    t = Table(header_style="bold")
    for col in (_("Case"), _("Country"), _("Period"), _("Contacts"), _("Likely violations"), _("Last contact"),
                _("Notes"), _("Borrower fingerprint")):
        t.add_column(col)
    from ..sharing.partial import describe

    for r in rows:
        period = r.get("period") or {}
        span = "–".join(x[:10] for x in (period.get("first"), period.get("last")) if x)
        if r.get("partial"):
            span += "\n" + _("partial share {period}, {n} withheld").format(
                period=describe(r["partial"]), n=r["partial"].get("withheld_entries"))
        lv = r.get("likely_violations")
        t.add_row(("▶ " if r["current"] else "") + r["name"] + (" " + _("(file missing)") if r["missing"] else ""),
                  r.get("jurisdiction") or "", span, str(r.get("contacts") or 0), "?" if lv is None else str(lv),
                  (r.get("last_contact") or "")[:16].replace("T", " "), str(r["notes"]), r["borrower_fingerprint"])
    common.out_console().print(t)


@cases_app.command("show")
def cases_show(
    name: Annotated[str, typer.Argument(help="The case's name (see: debtlog cases list).", show_default=False)],
    json_out: JsonOpt = False,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """A case's summary, share history and your notes."""
    from ..sharing.cases import case_details

    common.use_options(None, passphrase_file)
    d = case_details(common.home(), _volunteer_passphrase(), name)
    if json_out:
        common.print_json(d)
        return
    from rich.text import Text

    s = d.get("summary", {})
    console = common.out_console()
    console.print(Text(_("Case {name}").format(name=d["name"]), style="bold"))
    lines = [
        (_("Borrower fingerprint"), d["borrower_fingerprint"]),
        (_("Country, time zone"), f"{s.get('jurisdiction')}, {s.get('timezone')}"),
        (_("Entries"), str(s.get("entries"))),
        (_("Likely violations"), "?" if s.get("likely_violations") is None else str(s.get("likely_violations"))),
        (_("Last contact"), s.get("last_contact") or "-"),
        (_("Log"), _("{n} links, head {h}").format(n=d["links"], h=d["head"][:16])),
        (_("Shared"), d["exported_at"]),
    ]
    if d.get("partial"):
        from ..sharing.partial import describe

        lines.append((_("Partial share"), _("covers {period}; {n} entries ({links} links) withheld").format(
            period=describe(d["partial"]), n=d["partial"].get("withheld_entries"),
            links=d["partial"].get("withheld_links"))))
    for k, v in lines:
        console.print(Text(f"{k}: {v}"))
    console.print(Text(_("Shares received:"), style="bold"))
    for h in d.get("history", []):
        change = describe_changes(h["changes"]) if h.get("changes") else _("first import")
        # Translators: one share received, in cases show: when, how many links, what it changed.
        console.print(Text("  " + _("{at}  {n} link(s)  ({change})").format(at=h["at"], n=h["links"], change=change)))
    console.print(Text(_("Your notes (not part of the borrower's log):"), style="bold"))
    for n in d.get("notes", []) or []:
        console.print(Text(f"  {n['at']}  {n['text']}"))
    if not d.get("notes"):
        console.print(Text("  " + _("none yet: debtlog cases note {name} TEXT").format(name=d["name"])))


@cases_app.command("note")
def cases_note(
    name: Annotated[str, typer.Argument(help="The case's name.", show_default=False)],
    text: Annotated[str, typer.Argument(help="Your note (kept apart from the borrower's evidence).",
                                        show_default=False)],
    json_out: JsonOpt = False,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Add a note of your own to a case; the borrower's evidence stays unchanged."""
    from ..sharing.cases import add_note

    common.use_options(None, passphrase_file)
    with write_errors_reported(common.home()):
        note = add_note(common.home(), _volunteer_passphrase(), name, text)
    if json_out:
        common.print_json(note)
        return
    common.ok(_("Note added to case {name}.").format(name=name))


@cases_app.command("remove")
def cases_remove(
    name: Annotated[str, typer.Argument(help="The case's name (see: debtlog cases list).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (for scripts).")] = False,
    json_out: JsonOpt = False,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Delete a case from this computer: the borrower's evidence, its recordings and your notes on it."""
    from ..errors import InvalidInput
    from ..sharing.cases import case_to_remove, remove_case

    common.use_options(None, passphrase_file)
    home = common.home()
    secret = _volunteer_passphrase()
    info = case_to_remove(home, secret, name)
    if not yes:
        if not common.interactive():
            raise InvalidInput(_("Removing case {n} needs a confirmation and there is no terminal to ask on; "
                                 "nothing was removed.").format(n=info["case"]),
                               _("Add --yes to remove it without asking."))
        common.say(_("Case {n}: {e} entries, {a} recording(s) or file(s), {k} note(s) of yours, borrower "
                     "fingerprint {fp}.").format(n=info["case"], e=info["entries"], a=info["attachments"],
                                                 k=info["notes"], fp=info["borrower_fingerprint"]))
        if not common.confirm(_("Delete it from this computer? This cannot be undone."), default=False):
            common.say(_("Kept case {n}; nothing was removed.").format(n=info["case"]))
            if json_out:
                common.print_json({**info, "removed": False})
            return
    with write_errors_reported(home):
        done = remove_case(home, secret, name)
    if json_out:
        common.print_json({**done, "removed": True})
        return
    common.ok(_("Removed case {n}: its evidence, {a} recording(s) or file(s) and {k} note(s) are deleted from this "
                "computer.").format(n=done["case"], a=done["attachments"], k=done["notes"]))
    common.say(_("The share file the borrower sent, if you kept it, can import the case again."))


@cases_app.command("open")
def cases_open(name: Annotated[str, typer.Argument(help="The case's name.", show_default=False)]) -> None:
    """Make read commands (list, check, export dossier, verify) work on this case until 'cases close'."""
    from ..sharing.cases import open_case

    open_case(common.home(), name)
    common.ok(_("Case {name} is open: debtlog list, check, export dossier and verify now read it "
                "(read-only). Close it with: debtlog cases close").format(name=name))


@cases_app.command("close")
def cases_close() -> None:
    """Go back to your own vault."""
    from ..sharing.cases import close_case

    name = close_case(common.home())
    if name:
        common.ok(_("Closed case {name}.").format(name=name))
    else:
        common.say(_("No case was open."))
