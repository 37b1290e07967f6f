"""debtlog import ...: bring records in from files."""

import sys
from typing import Annotated

import typer

from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt

import_app = typer.Typer(help="Import records from files: phone call logs and messages (SMS Backup & Restore, Android, "
                              "iOS, WhatsApp, carrier CSV), recordings, and JSON Lines. See: debtlog import --list-formats",
                         no_args_is_help=True)

PROGRESS_MIN_BYTES = 2_000_000  # show a bar only when the import takes a noticeable time


def _open_source(path: str):
    from ..errors import InvalidInput

    if path == "-":
        return sys.stdin.buffer, None
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise InvalidInput(_("The file {p} does not exist.").format(p=path)) from None
    except IsADirectoryError:
        raise InvalidInput(_("{p} is a folder; give the file to import.").format(p=path)) from None
    except OSError as e:
        raise InvalidInput(_("Could not open {p}: {e}").format(p=path, e=e.strerror)) from None
    import os

    return f, os.fstat(f.fileno()).st_size


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Bar:
    """A rich progress bar on stderr for big files on a terminal; silent otherwise."""

    def __init__(self, total: int | None, label: str):
        self.progress = None
        if _stderr_is_terminal() and (total is None or total >= PROGRESS_MIN_BYTES):
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                                     TimeRemainingColumn(), console=common.err_console(), transient=True)
            self.task = self.progress.add_task(label, total=total)

    def __enter__(self):
        if self.progress:
            self.progress.start()
        return self

    def advance(self, n: int) -> None:
        if self.progress:
            self.progress.advance(self.task, n)

    def __exit__(self, *exc):
        if self.progress:
            self.progress.stop()


def _report(summary, json_out: bool, dry_run: bool) -> None:
    if json_out:
        common.print_json(summary.to_dict())
        return
    if dry_run:
        common.say(_("Dry run: nothing was saved."))
    common.ok(_("Read {read}, imported {imported}, duplicates {dup}, skipped {skipped}.").format(
        read=summary.read, imported=summary.imported, dup=summary.duplicates, skipped=summary.skipped))


@import_app.command("jsonl")
def jsonl(
    path: Annotated[str, typer.Argument(help="A JSON Lines file, or - for standard input.", metavar="PATH|-")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and count, but save nothing.")] = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Import contacts and milestones from JSON Lines (one record per line; see docs/jsonl.md)."""
    from ..importers import ImportFailed, ingest
    from ..importers.jsonl import read_jsonl
    from .entries import open_vault

    common.use_options(vault, passphrase_file)
    src, size = _open_source(path)
    try:
        with open_vault(write=True) as log:
            profile = log.profile
            with _Bar(size, _("Importing")) as bar:
                records = read_jsonl(src, timezone=profile.timezone, region=profile.jurisdiction, progress=bar.advance)
                try:
                    summary = ingest(log, records, what="line")
                except ImportFailed as e:
                    if json_out:
                        common.print_json(e.summary.to_dict())
                    raise
            log.discard = dry_run
    finally:
        if src is not sys.stdin.buffer:
            src.close()
    _report(summary, json_out, dry_run)
