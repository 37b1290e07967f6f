"""debtlog backup and restore."""

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt


def backup(
    out: Annotated[Path, typer.Option("--out", "-o", help="The backup file to write (e.g. on a USB stick).")],
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Write an encrypted copy of the vault and its recordings to one file, and check it."""
    from ..vault.backup import create_backup

    common.use_options(vault, passphrase_file)
    report = create_backup(common.vault_path(), out, common.passphrase())
    doc = {"backup": str(report.path), "size": report.size, "entries": report.entries,
           "attachments": report.attachments, "head": report.head, "verified": True}
    if json_out:
        common.print_json(doc)
        return
    common.ok(_("Backup written and verified: {p} ({n} entries, {a} recordings, {size}).").format(
        p=report.path, n=report.entries, a=report.attachments, size=common.size_text(report.size)))
    common.say(_("It opens with the vault's current passphrase. Keep it somewhere other than this computer."))


def restore(
    backup_file: Annotated[Path, typer.Argument(help="A backup written by debtlog backup.", metavar="BACKUP")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing vault (it is kept beside it).")] = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Check a backup and put it in place of the vault (an existing vault is kept, not deleted)."""
    from ..vault.backup import restore_backup

    common.use_options(vault, passphrase_file)
    target = common.vault_path()
    common.refuse_case_file(target, _("A newer share from the borrower updates a case: debtlog cases import FILE"))
    report, kept = restore_backup(backup_file, target, common.passphrase(), force)
    if json_out:
        common.print_json({"vault": str(target), "entries": report.entries, "attachments": report.attachments,
                           "head": report.head, "kept": str(kept) if kept else None})
        return
    common.ok(_("Restored {n} entries and {a} recordings into {p}.").format(
        n=report.entries, a=report.attachments, p=target))
    if kept:
        common.say(_("The vault it replaced is kept as {k}.").format(k=kept))
