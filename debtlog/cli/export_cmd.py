"""debtlog export dossier: the signed package for a volunteer, a regulator or a court."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InvalidInput
from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt

export_app = typer.Typer(help="Export the case: a signed dossier (HTML, PDF, data and recordings in one ZIP).",
                         no_args_is_help=True)


def _format(fmt: Optional[str], out: Path) -> str:
    if fmt:
        f = fmt.strip().lower()
        if f not in ("zip", "html", "pdf"):
            raise InvalidInput(_("Unknown format '{f}'.").format(f=fmt), _("Use zip, html or pdf."))
        return f
    suffix = out.suffix.lower()
    return {".html": "html", ".htm": "html", ".pdf": "pdf"}.get(suffix, "zip")


@export_app.command("dossier")
def dossier(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the dossier (e.g. dossier.zip).", show_default=False)],
    fmt: Annotated[Optional[str], typer.Option("--format", help="zip (signed: HTML, PDF, CSV, JSON, recordings), html or pdf. Default: from --out's extension, else zip.", show_default=False)] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of the dossier: en, ru, it or zh (default: your jurisdiction's). The records stay as recorded.", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only contacts from this date (2026-03-01).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only contacts up to and including this date.")] = None,
    redact: Annotated[bool, typer.Option("--redact-third-parties", help="Mask the names and numbers of relatives and other third parties everywhere in the package.")] = False,
    with_audio: Annotated[bool, typer.Option("--with-audio/--without-audio", help="Include the recordings (originals and playable copies) in the ZIP.")] = True,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Export a dossier: cover, summary, findings with citations, the full log, charts, a complaint draft.

    The ZIP holds dossier.html, dossier.pdf, contacts.csv, contacts.json, findings.json, the
    recordings, manifest.json (SHA-256 of every file) and its Ed25519 signature. Anyone can
    check it with: debtlog verify DOSSIER.zip (no vault needed).
    """
    from ..dossier import Options, build, export
    from .entries import open_vault

    common.use_options(vault, passphrase_file)
    fmt_name = _format(fmt, out)
    with open_vault() as log:
        window = {}
        if since or until:
            from . import forms

            window = forms.list_filters(log, since, until, None)
        options = Options(lang=lang, since=window.get("since"), until=window.get("until"),
                          redact_third_parties=redact, with_audio=with_audio, format=fmt_name)
        d = build(log, options)
        _check_key(log.signing_key(), d.public_key)
        if d.signer == "volunteer":
            d.signer_x25519 = _volunteer_x25519(d.public_key)
        result = export(d, out, log.signing_key())
    doc = {"path": str(result.path), "format": result.format, "files": result.files, "size": result.size,
           "lang": d.lang, "key_fingerprint": result.fingerprint, "chain_head": result.head,
           "contacts": len(d.contacts), "findings": len(d.findings), "recordings": result.recordings,
           "playable_copies": result.playable, "redacted": bool(d.redaction)}
    if json_out:
        common.print_json(doc)
        return
    common.ok(_("Dossier written to {p} ({n} contacts, {f} findings, {size}).").format(
        p=result.path, n=len(d.contacts), f=len(d.findings), size=common.size_text(result.size)))
    if result.format == "zip":
        missing = sum(1 for r in d.recordings if r.original_path and not r.playable_path
                      and (r.media_type or "").startswith("audio/"))
        if missing:
            common.warn(_("{n} recording(s) have no playable copy (ffmpeg could not convert them); the originals "
                          "are included.").format(n=missing))
        common.say(_("Signing key fingerprint: {fp}").format(fp=result.fingerprint))
        common.say(_("Give this fingerprint to the reader separately (in person, by phone or in a letter); "
                     "they check the dossier with: debtlog verify {p}").format(p=result.path))
    else:
        common.say(_("A single {f} file is not signed; export the ZIP (the default) for a dossier anyone can "
                     "verify.").format(f=result.format.upper()))


def _check_key(private: bytes, public: bytes) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ..errors import VaultDamaged

    derived = Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if derived != public:
        raise VaultDamaged(_("The vault's signing key does not match the public key in its first link."),
                           _("Restore the vault from a backup."))


def _volunteer_x25519(ed25519: bytes) -> bytes | None:
    """The volunteer's X25519 public key, so the dossier shows the fingerprint 'volunteer key' prints."""
    from ..errors import DebtlogError
    from ..sharing.keys import load_public

    try:
        mine = load_public(common.home())
    except DebtlogError:
        return None
    return mine.x25519 if mine.ed25519 == ed25519 else None
