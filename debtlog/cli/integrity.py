"""debtlog verify: prove the log was not altered."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import VerificationFailed
from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt


def verify(
    path: Annotated[Optional[Path], typer.Argument(help="A vault file or an exported dossier ZIP to check (default: your vault).", show_default=False)] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Check the vault's hash chain and that every table agrees with it, or check a dossier ZIP (exit 1 if not).

    A dossier is checked without any vault or passphrase: its signature, then every file
    against the signed manifest.
    """
    from ..vault import open_log
    from ..vault.store import MAGIC

    common.use_options(vault, passphrase_file)
    target = path or common.vault_path()
    if path is not None and not path.exists():
        from ..errors import InvalidInput

        raise InvalidInput(_("There is no file {p}.").format(p=path),
                           _("Give the path of a vault, or of a dossier made with: debtlog export dossier"))
    if path is not None and path.is_file():
        with open(path, "rb") as f:
            magic = f.read(max(len(MAGIC), 4))
        if magic[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            return _verify_dossier(path, json_out)
        if magic[:len(MAGIC)] != MAGIC:
            from ..errors import InvalidInput

            raise InvalidInput(_("{p} is not a debtlog vault, nor a dossier ZIP.").format(p=path),
                               _("Give the path of a vault, or of a dossier made with: debtlog export dossier"))
    from ..vault.attachments import check_blobs
    from ..vault.log import ChainProblem

    with open_log(target, common.passphrase()) as log:
        report = log.verify()
        entries = log.count()
        for sha, entry_id, problem in check_blobs(log):
            report.problems.append(ChainProblem(None, _("attachment {sha} of entry {id}: {problem}").format(
                sha=sha[:16], id=entry_id, problem=problem)))
        from ..vault.derived import check_derived

        for problem in check_derived(log):
            report.problems.append(ChainProblem(None, problem))
        from ..sharing.partial import marker

        partial = marker(log.conn)
    doc = {"ok": report.ok, "vault": str(target), "links": report.links, "entries": entries, "head": report.head,
           "problems": [p.to_dict() for p in report.problems]}
    if partial is not None:
        doc["partial"] = {**partial, "withheld_links_in_chain": report.withheld}
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
        if partial is not None:
            from ..sharing.partial import describe

            common.warn(_("This case is a partial share covering {period}: {n} entries ({links} links) were withheld "
                          "by the borrower. Each withheld link is checked only by its place in the chain; every "
                          "other link is recomputed from its content.").format(
                period=describe(partial), n=partial.get("withheld_entries"), links=report.withheld))


def _verify_dossier(path: Path, json_out: bool) -> None:
    from ..dossier import verify_dossier

    report = verify_dossier(path)
    if json_out:
        common.print_json(report.to_dict())
    if not report.ok:
        first = report.problems[0]
        more = len(report.problems) - 1
        raise VerificationFailed(
            _("The dossier does not verify: {file} {msg}.").format(file=first.file, msg=first.message)
            + (_(" ({n} more problem(s); see --json.)").format(n=more) if more else ""),
            _("Do not rely on this copy; ask the borrower for the original.") if report.manifest else None,
        )
    if not json_out:
        m = report.manifest or {}
        common.ok(_("The dossier verifies: {n} files match the signed manifest (exported {at}, chain head {head}).")
                  .format(n=report.files, at=m.get("created_at"), head=(m.get("vault") or {}).get("chain_head", "")[:16]))
        if (m.get("redaction") or {}).get("third_parties_masked"):
            common.say(_("This copy has third parties' names and numbers masked."))
        partial = (m.get("vault") or {}).get("partial_share")
        if partial:
            common.say(_("Made from a partial share: the borrower shared only {since}..{until}; {n} entries outside "
                         "it were withheld.").format(since=partial.get("from") or "…", until=partial.get("to") or "…",
                                                     n=partial.get("withheld_entries")))
        if (m.get("vault") or {}).get("signed_by") == "volunteer":
            common.say(_("Signed by a legal-aid volunteer's key {fp}: compare it with the fingerprint the volunteer "
                         "gave you.").format(fp=report.fingerprint))
        else:
            common.say(_("Signed with the key {fp}: compare it with the fingerprint the borrower gave you.")
                       .format(fp=report.fingerprint))
