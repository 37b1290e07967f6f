"""debtlog verify: prove the log was not altered."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import VerificationFailed
from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt


def verify(
    path: Annotated[Optional[Path], typer.Argument(help="A vault file to check (default: your vault).", show_default=False)] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Check the vault's hash chain and that every table agrees with it (exit 1 if not)."""
    from ..vault import open_log
    from ..vault.store import MAGIC

    common.use_options(vault, passphrase_file)
    target = path or common.vault_path()
    if path is not None and path.is_file():
        with open(path, "rb") as f:
            magic = f.read(len(MAGIC))
        if magic != MAGIC:
            from ..errors import InvalidInput

            raise InvalidInput(_("{p} is not a debtlog vault.").format(p=path),
                               _("Dossier verification arrives with 'debtlog export dossier'."))
    from ..vault.attachments import check_blobs
    from ..vault.log import ChainProblem

    with open_log(target, common.passphrase()) as log:
        report = log.verify()
        entries = log.count()
        for sha, entry_id, problem in check_blobs(log):
            report.problems.append(ChainProblem(None, _("attachment {sha} of entry {id}: {problem}").format(
                sha=sha[:16], id=entry_id, problem=problem)))
    doc = {"ok": report.ok, "vault": str(target), "links": report.links, "entries": entries, "head": report.head,
           "problems": [p.to_dict() for p in report.problems]}
    if json_out:
        common.print_json(doc)
    if not report.ok:
        first = report.problems[0]
        raise VerificationFailed(
            _("The vault does not verify: {msg}.").format(msg=first.message),
            _("Entries before link {n} are intact. Restore a backup to recover the rest.").format(n=first.seq)
            if first.seq else None,
        )
    if not json_out:
        common.ok(_("The vault verifies: {links} links in the hash chain, {n} entries, head {head}.")
                  .format(links=report.links, n=entries, head=report.head[:16]))
