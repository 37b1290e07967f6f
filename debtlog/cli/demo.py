"""debtlog demo: a worked example case, in a vault of its own."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import _
from . import common


def demo(
    folder: Annotated[Optional[Path], typer.Option("--dir", help="Where to create the demo vault (default: a new temporary folder).")] = None,
    json_out: common.JsonOpt = False,
) -> None:
    """Build an example case (a Russian borrower, four weeks of collector contacts) and show it.

    Your own vault is not touched: the demo has a vault of its own, with a passphrase that is
    printed (it is an example, not a secret).
    """
    import json
    import tempfile

    from ..demo import DEMO_DEBT, DEMO_PASSPHRASE, DEMO_PROFILE, demo_records
    from ..errors import InvalidInput
    from ..importers import ingest
    from ..importers.jsonl import read_jsonl
    from ..models import Profile
    from ..vault import create_vault, open_log
    from ..vault.crypto import MINIMUM_KDF

    base = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="debtlog-demo-"))
    base.mkdir(parents=True, exist_ok=True)
    path = base / "demo.debtlog"
    if path.exists():
        raise InvalidInput(_("A demo vault already exists at {p}.").format(p=path), _("Choose another --dir."))
    profile = Profile(**DEMO_PROFILE)
    create_vault(path, DEMO_PASSPHRASE, profile, kdf=MINIMUM_KDF)
    lines = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in demo_records()]
    with open_log(path, DEMO_PASSPHRASE, write=True) as log:
        summary = ingest(log, read_jsonl(iter(lines), timezone=profile.timezone, region=profile.jurisdiction))
        log.save_debt(**DEMO_DEBT)
    from ..rules import evaluate, load_pack

    from ..dossier import build as build_dossier, export as export_dossier

    dossier_path = base / "demo-dossier.zip"
    with open_log(path, DEMO_PASSPHRASE) as log:
        entries = log.entries()
        report = log.verify()
        contacts, milestones = log.contacts(), log.milestones()
        export_dossier(build_dossier(log), dossier_path, log.signing_key())
    pack = load_pack(profile.jurisdiction)
    findings = evaluate(contacts, milestones, profile, [pack], localized=not json_out)
    if json_out:
        common.print_json({"vault": str(path), "passphrase": DEMO_PASSPHRASE, "imported": summary.imported,
                           "verified": report.ok, "dossier": str(dossier_path),
                           "entries": [e.to_json() for e in entries],
                           "findings": [f.to_dict() for f in findings]})
        return
    from .render import entries_table

    console = common.out_console()
    console.print(_("[bold]debtlog demo[/bold]: {who}, {tz}; {n} records in a new encrypted vault.")
                  .format(who=profile.name, tz=profile.timezone, n=summary.imported))
    console.print(entries_table(entries, profile.timezone, console.width))
    console.print(_("The hash chain verifies: {ok} ({links} links).").format(ok=_("yes") if report.ok else _("NO"),
                                                                            links=report.links))
    from .charts_term import heatmap
    from .checking import full_disclaimer, render_findings

    console.print()
    render_findings(console, findings, {e.id: e for e in entries if e.type == "contact"}, profile.timezone, pack)
    console.print(heatmap(contacts, profile.timezone, pack))
    console.print()
    console.print(full_disclaimer(pack.disclaimer), style="italic", markup=False)
    console.print(_("A signed demo dossier (HTML, PDF, data; check it with: debtlog verify {p}) is at:\n  {p}")
                  .format(p=dossier_path), markup=False, highlight=False)
    console.print(_("\nExplore it yourself:\n  export DEBTLOG_VAULT={path}\n  export DEBTLOG_PASSPHRASE='{pw}'\n"
                    "  debtlog list\n  debtlog show 6\n  debtlog check\n  debtlog verify").format(path=path, pw=DEMO_PASSPHRASE),
                  markup=False, highlight=False)
