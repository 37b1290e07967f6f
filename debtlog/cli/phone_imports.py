"""debtlog import sms-backup | android | adb | ios | csv | whatsapp | recordings | auto, and
debtlog contacts import | list: what the phone already knows.

Importing this module adds its commands to ``import_app`` (debtlog.cli.importing). Nothing
heavy is imported at module level: each command imports its reader when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Callable, List, Optional

import typer

from ..errors import InvalidInput
from ..i18n import N_, _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt
from .importing import _Bar, _open_source, _report, import_app

contacts_app = typer.Typer(help="The debtor's own address book (encrypted in the vault): who is family, "
                                "who is the employer.", no_args_is_help=True)

AllOpt = Annotated[bool, typer.Option("--all", help="Import every record, not only those of known collector numbers.")]
PartialOpt = Annotated[bool, typer.Option("--partial", help="If the file is cut off or broken, import the records "
                                                            "before the break and list the break in the errors.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Check and count, but save nothing.")]
NumberOpt = Annotated[Optional[List[str]], typer.Option(
    "--number", help="A collector's number (or SMS sender name) to keep; may be repeated. Saved in the registry.")]
AgencyOpt = Annotated[Optional[str], typer.Option(
    "--agency", help="The collector the --number values belong to; SMS from a sender of this name are kept too.")]
HiddenOpt = Annotated[bool, typer.Option("--hidden", help="Also keep calls from withheld (hidden) numbers.")]
ReviewOpt = Annotated[bool, typer.Option("--review", help="First show the numbers that look like collectors "
                                                         "(many calls, not in your address book, short codes) and "
                                                         "let you mark them (needs a terminal).")]

# Translators: where a problem is in an imported file, before its number: "Line 4: ..." (the
# first problem) and "line 5: ..." (the further ones); "Row" for spreadsheet-like files. The
# message around them is "{what} {line}: {msg}".
PLACE_WORDS = (N_("Line"), N_("line"), N_("Row"), N_("row"))


class _Filter:
    """Which phone-log records to keep without --all: known collector numbers and sender names."""

    def __init__(self, log, region: str, numbers: list[str] | None, agency: str | None, hidden: bool,
                 keep_all: bool):
        from ..phones import normalize_number
        from ..vault.log import fold

        self.keep_all = keep_all
        self.hidden = hidden
        self.broke = False  # set by apply() when the file breaks part-way
        self.known = dict(log.known_numbers())
        self.agency_key = fold(agency) if agency else None
        self.agency = agency
        given = [normalize_number(n, region) for n in (numbers or []) if n and n.strip()]
        if given and agency:
            log.save_collector(agency, numbers=given, result=False)
            self.known = dict(log.known_numbers())
        else:
            for n in given:
                self.known.setdefault(n, None)
        self._fold = fold
        self._sender_keys = {fold(n): owner for n, owner in self.known.items() if n and not n.startswith("+")}

    def owner(self, record) -> tuple[bool, str | None]:
        n = record.number
        if n is not None:
            if n in self.known:
                return True, self.known[n]
            if not n.startswith("+"):
                key = self._fold(n)
                if key in self._sender_keys:
                    return True, self._sender_keys[key]
                if self.agency_key and key == self.agency_key:
                    return True, self.agency
        elif record.number_hidden and self.hidden:
            return True, None
        return False, None

    def apply(self, items):
        """The records to store, the others wrapped in _Skip; notes whether the file broke."""
        from dataclasses import replace

        from ..importers import RecordProblem, WithAttachments
        from ..models import Contact

        collectors, keep_all = self.known, self.keep_all
        self.broke = False
        for pos, item in items:
            cls = item.__class__
            if cls is Contact:  # the common case first: a number in E.164 no collector uses
                n = item.number
                if n is not None and n[:1] == "+" and n not in collectors:
                    yield pos, (item if keep_all else _Skip(item))
                    continue
            elif cls is RecordProblem:
                if item.is_break:
                    self.broke = True
                yield pos, item
                continue
            rec = item.record if cls is WithAttachments else item
            if hasattr(rec, "number"):
                known, agency = self.owner(rec)
                if known and agency and not rec.agency:
                    rec = replace(rec, agency=agency)
                    item = WithAttachments(rec, item.files) if isinstance(item, WithAttachments) else rec
                if not known and not self.keep_all:
                    item = _Skip(item)
            yield pos, item


class _Skip:
    __slots__ = ("item", "source_id")

    def __init__(self, item):
        self.item = item
        self.source_id = None


def _keep(item) -> bool:
    return not isinstance(item, _Skip)


def _attach_parts(log, entry_id: int, parts: list) -> None:
    """Store decoded MMS parts (or files) as encrypted attachments of the entry."""
    from ..vault.attachments import store_stream

    ov = log.vault_file
    for part in parts:
        stored = store_stream(ov.file.path, ov.data_key, ov.header.vault_id, part.chunks(), what=part.filename)
        if stored["size"] == 0:
            continue
        exists = log.conn.execute("SELECT 1 FROM attachments WHERE entry_id = ? AND sha256 = ?",
                                  (entry_id, stored["sha256"])).fetchone()
        if not exists:
            log.add_attachment(entry_id, sha256=stored["sha256"], size=stored["size"], filename=part.filename,
                               media_type=part.media_type)


def run_phone_import(path: str, make_reader: Callable[..., Any], *, keep_all: bool, partial: bool, json_out: bool,
                     dry_run: bool, numbers: list[str] | None = None, agency: str | None = None,
                     hidden: bool = False, review: bool = False, what: str = "line", label: str | None = None,
                     media: bool = False, open_binary: bool = True) -> None:
    """Open the vault, read the file with ``make_reader(src, timezone=, region=, progress=)``, ingest."""
    import contextlib

    from ..importers import ImportFailed, ingest
    from ..vault.attachments import cleanup_on_failure
    from .entries import open_vault

    if open_binary:
        src, size = _open_source(path)
    else:
        p = Path(path)
        if not p.exists():
            raise InvalidInput(_("The file {p} does not exist.").format(p=path))
        src, size = p, 0  # a database is read by rows: no byte progress to show
    try:
        guard = cleanup_on_failure() if (media and not dry_run) else contextlib.nullcontext()
        with guard, open_vault(write=True) as log:
            unchanged = log.conn.total_changes
            profile = log.profile
            if review and not keep_all:
                numbers = list(numbers or []) + _review(log, path, make_reader, profile, open_binary)
            flt = _Filter(log, profile.jurisdiction, numbers, agency, hidden, keep_all)
            with _Bar(size, label or _("Importing")) as bar:
                if open_binary and review and src is not sys.stdin.buffer:
                    try:
                        src.seek(0)
                    except OSError:
                        pass
                records = make_reader(src, timezone=profile.timezone, region=profile.jurisdiction,
                                      progress=bar.advance)
                try:
                    summary = ingest(log, flt.apply(records), keep=_keep, what=what, partial=partial,
                                     attach=_attach_parts if (media and not dry_run) else None)
                except ImportFailed as e:
                    if json_out:
                        common.print_json(e.summary.to_dict())
                    if flt.broke:
                        e.hint = _("Nothing was imported. To import the records before the break, run the "
                                   "command again with --partial.")
                    raise
            # Nothing new (a re-import): the vault file is left as it is rather than rewritten.
            log.discard = dry_run or log.conn.total_changes == unchanged
    finally:
        if open_binary and src is not sys.stdin.buffer:
            src.close()
    if summary.errors and not json_out:
        for err in summary.errors[:5]:
            common.warn(_("{what} {line}: {msg}").format(what=_(what.capitalize()), line=err["line"], msg=err["message"]))
    if not keep_all and summary.skipped and not json_out:
        common.say(_("{n} record(s) of numbers not known as collectors were left out; add them with --number, "
                     "or import everything with --all.").format(n=summary.skipped))
    _report(summary, json_out, dry_run)


def _review(log, path: str, make_reader, profile, open_binary: bool = True) -> list[str]:
    """Show the numbers that look like collectors and let the person mark them."""
    from ..importers.review import candidates

    if not common.interactive():
        raise InvalidInput(_("--review needs a terminal to ask on."),
                           _("Give the collectors' numbers with --number instead."))
    import contextlib

    if path == "-":
        raise InvalidInput(_("--review needs a file, not standard input."))
    src = _open_source(path)[0] if open_binary else Path(path)
    with (src if open_binary else contextlib.nullcontext()):
        records = make_reader(src, timezone=profile.timezone, region=profile.jurisdiction, progress=None)
        book = _address_book_numbers(log)
        found = candidates(records, known=set(log.known_numbers()), address_book=book)
    if not found:
        common.say(_("No number looks like a collector's."))
        return []
    from rich.table import Table

    from ..phones import display_number

    table = Table(title=_("Numbers that look like collectors"))
    for col in ("#", _("number"), _("calls"), _("messages"), _("why")):
        table.add_column(col)
    for i, c in enumerate(found, 1):
        table.add_row(str(i), display_number(c["number"]), str(c["calls"]), str(c["messages"]), _(", ").join(_(w) for w in c["why"]))
    console = common.err_console()
    console.print(table)
    marked = []
    for c in found:
        if common.confirm(_("Is {n} a collector?").format(n=display_number(c["number"])), default=False, console=console):
            marked.append(c["number"])
    return marked


def _address_book_numbers(log) -> set[str]:
    try:
        from ..vault.addressbook import AddressBook

        return AddressBook(log).numbers()
    except Exception:  # noqa: BLE001 - no address book yet
        return set()


# -- the commands ------------------------------------------------------------------------------

@import_app.command("sms-backup")
def sms_backup(
    path: Annotated[str, typer.Argument(help="calls-*.xml or sms-*.xml from SMS Backup & Restore, or - for stdin.",
                                        metavar="PATH")],
    keep_all: AllOpt = False,
    partial: PartialOpt = False,
    number: NumberOpt = None,
    agency: AgencyOpt = None,
    hidden: HiddenOpt = False,
    review: ReviewOpt = False,
    no_media: Annotated[bool, typer.Option("--no-media", help="Do not store MMS pictures and audio as attachments.")] = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import calls, SMS and MMS from an SMS Backup & Restore XML file (see docs/importing.md)."""
    from ..importers.sbr import read_sbr

    common.use_options(vault, passphrase_file)
    media = not no_media and not dry_run

    def reader(src, **kw):
        return read_sbr(src, media=media, **kw)

    run_phone_import(path, reader, keep_all=keep_all, partial=partial, json_out=json_out, dry_run=dry_run,
                     numbers=number, agency=agency, hidden=hidden, review=review, what="line", media=media)


def _sqlite_command(path, reader, **kw) -> None:
    run_phone_import(path, reader, open_binary=False, what="row", **kw)


@import_app.command("android")
def android(
    path: Annotated[str, typer.Argument(help="calllog.db from the phone (its 'calls' table).", metavar="PATH")],
    keep_all: AllOpt = False,
    partial: PartialOpt = False,
    number: NumberOpt = None,
    agency: AgencyOpt = None,
    hidden: HiddenOpt = False,
    review: ReviewOpt = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import calls from Android's calllog.db (see docs/importing.md)."""
    from ..importers.android import read_calllog_db

    common.use_options(vault, passphrase_file)
    _sqlite_command(path, read_calllog_db, keep_all=keep_all, partial=partial, json_out=json_out, dry_run=dry_run,
                    numbers=number, agency=agency, hidden=hidden, review=review)


@import_app.command("adb")
def adb(
    path: Annotated[str, typer.Argument(help="What 'adb shell content query --uri content://call_log/calls' "
                                             "printed, or - for stdin.", metavar="PATH")],
    keep_all: AllOpt = False,
    partial: PartialOpt = False,
    number: NumberOpt = None,
    agency: AgencyOpt = None,
    hidden: HiddenOpt = False,
    review: ReviewOpt = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import calls from the text output of adb's content query of the call log."""
    from ..importers.android import read_adb

    common.use_options(vault, passphrase_file)
    run_phone_import(path, read_adb, keep_all=keep_all, partial=partial, json_out=json_out, dry_run=dry_run,
                     numbers=number, agency=agency, hidden=hidden, review=review, what="line")


@import_app.command("ios")
def ios(
    path: Annotated[str, typer.Argument(help="CallHistory.storedata from an iPhone backup.", metavar="PATH")],
    keep_all: AllOpt = False,
    partial: PartialOpt = False,
    number: NumberOpt = None,
    agency: AgencyOpt = None,
    hidden: HiddenOpt = False,
    review: ReviewOpt = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import calls from the iPhone's call history (CallHistory.storedata)."""
    from ..importers.ios import read_ios_calls

    common.use_options(vault, passphrase_file)
    _sqlite_command(path, read_ios_calls, keep_all=keep_all, partial=partial, json_out=json_out, dry_run=dry_run,
                    numbers=number, agency=agency, hidden=hidden, review=review)


@import_app.command("whatsapp")
def whatsapp(
    path: Annotated[str, typer.Argument(help="WhatsApp's CallHistory.sqlite from an iPhone backup.", metavar="PATH")],
    keep_all: AllOpt = False,
    partial: PartialOpt = False,
    number: NumberOpt = None,
    agency: AgencyOpt = None,
    review: ReviewOpt = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import WhatsApp calls (iOS CallHistory.sqlite, ZWACDCALLEVENT) as messenger contacts."""
    from ..importers.whatsapp import read_whatsapp_ios

    common.use_options(vault, passphrase_file)
    _sqlite_command(path, read_whatsapp_ios, keep_all=keep_all, partial=partial, json_out=json_out, dry_run=dry_run,
                    numbers=number, agency=agency, review=review)


@import_app.command("csv")
def csv_log(
    path: Annotated[str, typer.Argument(help="A CSV of calls or messages (a carrier's detail, a phone app's "
                                             "export), or - for stdin.", metavar="PATH")],
    mapping: Annotated[Optional[List[str]], typer.Option(
        "--map", help="FIELD=COLUMN pairs, e.g. occurred_at=Date,number=Phone,duration=Duration (fields: "
                      "occurred_at or date+time, number, direction, outcome, duration, channel, content, id).")] = None,
    preset: Annotated[Optional[str], typer.Option("--preset", help="A known layout: att, verizon, tmobile, mts, "
                                                                   "megafon, beeline, tim, china-mobile, "
                                                                   "call-log-export.")] = None,
    date_format: Annotated[Optional[str], typer.Option("--date-format", help="strptime codes, e.g. '%d.%m.%Y %H:%M' "
                                                                            "(default: detected).")] = None,
    keep_all: AllOpt = False,
    partial: PartialOpt = False,
    number: NumberOpt = None,
    agency: AgencyOpt = None,
    hidden: HiddenOpt = False,
    review: ReviewOpt = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import calls and messages from a CSV with a column mapping or a preset (see docs/importing.md)."""
    from ..importers.csvlog import parse_map, read_csv_log

    common.use_options(vault, passphrase_file)
    cols = parse_map(mapping)

    def reader(src, **kw):
        return read_csv_log(src, mapping=cols, preset=preset, date_format=date_format, **kw)

    run_phone_import(path, reader, keep_all=keep_all, partial=partial, json_out=json_out, dry_run=dry_run,
                     numbers=number, agency=agency, hidden=hidden, review=review, what="line")


@import_app.command("recordings")
def recordings(
    folder: Annotated[Path, typer.Argument(help="The folder the recorder app saves to (searched with its "
                                                "subfolders).", metavar="FOLDER")],
    pattern: Annotated[Optional[List[str]], typer.Option(
        "--pattern", help="A regular expression for your recorder's file names, with groups y, mo, d, h, mi, s, "
                          "number, dir (may be repeated).")] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", help="Seconds a recording's time may be off the "
                                                                 "call's.")] = 120.0,
    no_file_time: Annotated[bool, typer.Option("--no-file-time", help="Skip files whose name has no time "
                                                                      "(instead of using the file's time).")] = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Attach call recordings to the calls they belong to, by the number and time in the file name."""
    import hashlib
    import re

    from ..errors import DebtlogError
    from ..importers import ImportSummary
    from ..importers.recordings import match, scan
    from ..vault.attachments import attach_files, cleanup_on_failure
    from .entries import open_vault

    common.use_options(vault, passphrase_file)
    if not folder.is_dir():
        raise InvalidInput(_("{p} is not a folder.").format(p=folder),
                           _("Give the folder your call recorder saves to."))
    for pat in pattern or []:
        try:
            re.compile(pat)
        except re.error as e:
            raise InvalidInput(_("--pattern '{p}' is not a regular expression: {e}").format(p=pat, e=e)) from None
    summary = ImportSummary()
    matches: list[dict] = []
    unmatched: list[str] = []
    with cleanup_on_failure(), open_vault(write=True) as log:
        profile = log.profile
        found, skipped = scan(folder, timezone=profile.timezone, region=profile.jurisdiction,
                              patterns=pattern or [], by_file_time=not no_file_time)
        calls = [e for e in log.entries(type="contact") if e.record.channel in ("call", "messenger")]
        summary.read = len(found) + len(skipped)
        summary.skipped = len(skipped)
        for path, why in skipped:
            unmatched.append(f"{path}: {why}")
        for i, rec in enumerate(found, 1):
            entry = match(rec, calls, tolerance)
            if entry is None:
                summary.skipped += 1
                unmatched.append(str(rec.path))
                continue
            digest = hashlib.sha256()
            with open(rec.path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
            if log.conn.execute("SELECT 1 FROM attachments WHERE entry_id = ? AND sha256 = ?",
                                (entry.id, digest.hexdigest())).fetchone():
                summary.duplicates += 1
                continue
            if not dry_run:
                try:
                    attach_files(log, entry.id, [rec.path])
                except DebtlogError as e:
                    summary.errors.append({"line": i, "message": f"{rec.path.name}: {e.message}"})
                    continue
            summary.imported += 1
            matches.append({"file": str(rec.path), "entry": entry.id, "how": rec.how,
                            "occurred_at": entry.record.occurred_at.isoformat()})
        log.discard = dry_run
    if json_out:
        doc = summary.to_dict()
        doc["matches"] = matches
        doc["unmatched"] = unmatched
        common.print_json(doc)
        return
    for m in matches:
        common.say(_("{file} -> entry {entry} ({how})").format(**m))
    for u in unmatched[:20]:
        common.warn(_("no call matches {f}").format(f=u))
    for err in summary.errors[:10]:
        common.warn(err["message"])
    _report(summary, False, dry_run)


@import_app.command("auto")
def auto(
    path: Annotated[str, typer.Argument(help="Any supported export: the format is read from its content.",
                                        metavar="PATH")],
    keep_all: AllOpt = False,
    partial: PartialOpt = False,
    number: NumberOpt = None,
    agency: AgencyOpt = None,
    hidden: HiddenOpt = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import a file whose format debtlog works out from its content (see: debtlog import --list-formats)."""
    from ..importers.formats import detect

    common.use_options(vault, passphrase_file)
    if path == "-":
        raise InvalidInput(_("'import auto' needs a file; for standard input name the format, e.g. "
                             "debtlog import jsonl -"))
    p = Path(path)
    if not p.exists():
        raise InvalidInput(_("The file {p} does not exist.").format(p=path))
    fmt = detect(p, kinds=("calls", "records", "recordings"))
    if fmt is None and detect(p, kinds=("contacts",)) is not None:
        raise InvalidInput(_("{p} is an address book, not a log.").format(p=path),
                           _("Import it with: debtlog contacts import {p}").format(p=path))
    if fmt is None:
        raise InvalidInput(_("The format of {p} is not one debtlog recognises.").format(p=path),
                           _("See the formats with: debtlog import --list-formats"))
    if not json_out:
        common.say(_("Format: {f}").format(f=fmt))
    kw = dict(keep_all=keep_all, partial=partial, json_out=json_out, dry_run=dry_run, numbers=number, agency=agency,
              hidden=hidden)
    if fmt == "jsonl":
        from .importing import jsonl

        jsonl(path, dry_run=dry_run, json_out=json_out)
    elif fmt == "sms-backup":
        from ..importers.sbr import read_sbr

        media = not dry_run
        run_phone_import(path, lambda src, **k: read_sbr(src, media=media, **k), media=media, **kw)
    elif fmt == "adb":
        from ..importers.android import read_adb

        run_phone_import(path, read_adb, **kw)
    elif fmt == "csv":
        from ..importers.csvlog import read_csv_log

        run_phone_import(path, read_csv_log, **kw)
    elif fmt == "android":
        from ..importers.android import read_calllog_db

        _sqlite_command(path, read_calllog_db, **kw)
    elif fmt == "ios":
        from ..importers.ios import read_ios_calls

        _sqlite_command(path, read_ios_calls, **kw)
    elif fmt == "whatsapp":
        from ..importers.whatsapp import read_whatsapp_ios

        _sqlite_command(path, read_whatsapp_ios, **kw)
    elif fmt == "recordings":
        recordings(p, dry_run=dry_run, json_out=json_out)


_ORIGINAL_CALLBACK = import_app.registered_callback


@import_app.callback(invoke_without_command=True)
def import_main(
    ctx: typer.Context,
    list_formats: Annotated[bool, typer.Option("--list-formats", help="List the formats debtlog imports and "
                                                                      "exit.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Import records from files: JSON Lines, phone call logs, messages, recordings (see docs/importing.md)."""
    if list_formats:
        from ..importers.formats import FORMATS

        if json_out:
            common.print_json([{"format": k, "kind": v[0], "command": "debtlog " + v[1], "description": v[2]}
                               for k, v in FORMATS.items()])
        else:
            from rich.table import Table

            table = Table()
            for col in (_("format"), _("command"), _("what")):
                table.add_column(col)
            for k, (_kind, cmd, desc) in FORMATS.items():
                table.add_row(k, "debtlog " + cmd, _(desc))
            common.out_console().print(table)
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


import_callback_info = import_app.registered_callback


# -- the address book ----------------------------------------------------------------------------

CONTACT_FORMATS = ("vcard", "google-csv", "ios")


def _contacts_reader(path: str, fmt: str | None):
    """The reader for an address-book file: ``fmt`` or the one its content shows."""
    if fmt is None:
        from ..importers.formats import detect

        fmt = detect(Path(path), kinds=("contacts",))
        if fmt is None:
            raise InvalidInput(_("{p} is not a vCard, a Google Contacts CSV or an iOS AddressBook database.")
                               .format(p=path), _("Give the format with --format ({f}).").format(
                                   f=", ".join(CONTACT_FORMATS)))
    if fmt == "vcard":
        from ..importers.vcard import read_vcards

        return fmt, read_vcards
    if fmt == "google-csv":
        from ..importers.google_csv import read_google_csv

        return fmt, read_google_csv
    if fmt == "ios":
        from ..importers.ios import read_ios_addressbook

        return fmt, read_ios_addressbook
    raise InvalidInput(_("Unknown address-book format '{f}'.").format(f=fmt),
                       _("Use one of: {f}.").format(f=", ".join(CONTACT_FORMATS)))


@contacts_app.command("import")
def contacts_import(
    path: Annotated[str, typer.Argument(help="A .vcf file (vCard 2.1, 3.0, 4.0), a Google Contacts CSV, or an "
                                             "iOS AddressBook.sqlitedb.", metavar="PATH")],
    fmt: Annotated[Optional[str], typer.Option("--format", help="vcard, google-csv or ios (default: from the "
                                                                "content).")] = None,
    partial: PartialOpt = False,
    dry_run: DryRunOpt = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import the debtor's address book, to recognise relatives' and the employer's numbers."""
    from ..importers import ImportFailed, ImportSummary, RecordProblem, _finish
    from ..vault.addressbook import AddressBook
    from .entries import open_vault

    common.use_options(vault, passphrase_file)
    p = Path(path)
    if not p.exists():
        raise InvalidInput(_("The file {p} does not exist.").format(p=path))
    if p.is_dir():
        raise InvalidInput(_("{p} is a folder; give the file to import.").format(p=path))
    fmt, reader = _contacts_reader(path, fmt)
    summary = ImportSummary()
    with open_vault(write=True) as log:
        region = log.profile.jurisdiction
        book = AddressBook(log)
        cards = []  # saved together at the end: see AddressBook.save_all
        src = p if fmt == "ios" else open(p, "rb")
        try:
            with _Bar(p.stat().st_size, _("Importing contacts")) as bar:
                for line, card in reader(src, region=region, progress=bar.advance):
                    if isinstance(card, RecordProblem):
                        if not card.is_break:
                            summary.read += 1
                        if not card.fatal:
                            summary.skipped += 1
                            if len(summary.errors) < 20:
                                summary.errors.append({"line": line, "message": card.message})
                        elif partial:
                            summary.errors.append({"line": line, "message": card.message})
                        else:
                            summary.add_error(line, card.message)
                        continue
                    summary.read += 1
                    if summary.error_count:
                        continue
                    cards.append(card)
        finally:
            if fmt != "ios":
                src.close()
        if not summary.error_count:
            for result in book.save_all(cards):
                if result == "duplicate":
                    summary.duplicates += 1
                else:
                    summary.imported += 1
        try:
            _finish(summary, "line")
        except ImportFailed as e:
            if json_out:
                common.print_json(e.summary.to_dict())
            raise
        log.discard = dry_run
    _report(summary, json_out, dry_run)


@contacts_app.command("list")
def contacts_list(
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """The address book, with each person's relation and how many collector contacts reached them."""
    from ..vault.addressbook import AddressBook
    from .entries import open_vault

    common.use_options(vault, passphrase_file)
    with open_vault() as log:
        book = AddressBook(log)
        people = book.people()
        reached = book.reached()
    for person in people:
        person["reached_entries"] = reached.get(person["id"], [])
    if json_out:
        common.print_json(people)
        return
    if not people:
        common.say(_("The address book is empty. Import it with: debtlog contacts import contacts.vcf"))
        return
    from rich.table import Table

    from ..phones import display_number

    table = Table()
    for col in ("#", _("name"), _("relation"), _("numbers"), _("reached by collectors")):
        table.add_column(col)
    for person in people:
        table.add_row(str(person["id"]), person["name"] or "", person["relation"] or "",
                      ", ".join(display_number(n["number"]) for n in person["numbers"]),
                      str(len(person["reached_entries"])) if person["reached_entries"] else "")
    common.out_console().print(table)


@contacts_app.command("relate")
def contacts_relate(
    person: Annotated[int, typer.Argument(help="The person's number in `debtlog contacts list`.")],
    relation: Annotated[str, typer.Argument(help="spouse, relative, employer, colleague, friend, neighbor, other "
                                                 "or none.")],
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Say how a person of the address book is related to you (kept in the log)."""
    from ..models import RELATIONS
    from ..vault.addressbook import AddressBook
    from .entries import open_vault

    common.use_options(vault, passphrase_file)
    rel = relation.strip().lower()
    if rel not in RELATIONS and rel != "none":
        raise InvalidInput(_("'{r}' is not a relation.").format(r=relation),
                           _("Use one of: {c}, or none.").format(c=", ".join(RELATIONS)))
    with open_vault(write=True) as log:
        saved = AddressBook(log).set_relation(person, None if rel == "none" else rel)
    if json_out:
        common.print_json(saved)
        return
    common.ok(_("{name}: {rel}").format(name=saved["name"], rel=saved["relation"] or "-"))
