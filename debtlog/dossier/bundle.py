"""The signed package: a ZIP with the dossier, its data, the recordings, a manifest and a signature.

``manifest.json`` lists the SHA-256 and size of every other file in the ZIP, the vault's
hash-chain head, the tool's version, the export time and options (redaction included) and
the vault's Ed25519 public key; ``manifest.json.sig`` is the Ed25519 signature of the
exact bytes of ``manifest.json`` (base64). The ZIP is written to a temporary file next to
the destination and renamed into place, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import DebtlogError, InvalidInput
from ..i18n import _
from .model import Dossier, Recording

FORMAT = "debtlog-dossier/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str | None, default: str = "file", limit: int = 60) -> str:
    """A file name that is safe inside a ZIP on every system: ASCII letters, digits, . _ - only."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip("._-") or default
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:10] if dot else ""
        base = (stem if dot else base)[: limit - len(ext) - 1].rstrip("._-") + ("." + ext if ext else "")
    return base


def safe_member(path: str) -> bool:
    """Whether a member path is one debtlog writes: relative, no '..', only safe characters."""
    if not path or path.startswith("/") or "\\" in path or len(path) > 200:
        return False
    parts = path.split("/")
    return all(p and p not in (".", "..") and not _UNSAFE.search(p) for p in parts)


def _check_name(name: str) -> None:
    if not safe_member(name):  # names are made here; this guards against a mistake, not the user
        raise DebtlogError(_("Refusing to write an unsafe file name into the dossier: {n}").format(n=name))


@dataclass
class ExportResult:
    path: Path
    format: str
    files: int
    size: int
    fingerprint: str
    head: str
    recordings: int
    playable: int


def plan_recordings(d: Dossier) -> None:
    """Where each recording goes in the ZIP (names sanitised, unique by entry and hash)."""
    if not (d.options.with_audio and d.options.format == "zip" and d.open_original):
        return
    for rec in d.recordings:
        if rec.withheld:
            continue
        folder = "recordings" if (rec.media_type or "").startswith("audio/") else "attachments"
        stem = f"{rec.entry_id:05d}-{rec.sha256[:12]}"
        rec.original_path = f"{folder}/{stem}-{safe_name(rec.filename, 'original')}"
        if folder == "recordings":
            rec.playable_path = f"{folder}/{stem}-playable.mp3"


def _make_playables(d: Dossier, tmpdir: Path) -> dict[str, Path]:
    """Playable copies, made in parallel (each is an ffmpeg process); a failure only drops the copy."""
    from concurrent.futures import ThreadPoolExecutor

    wanted = [r for r in d.recordings if r.playable_path]
    out: dict[str, Path] = {}
    if not wanted or d.open_playable is None:
        return out

    def make(rec: Recording) -> tuple[Recording, Path | None]:
        target = tmpdir / f"{rec.entry_id}-{rec.sha256[:16]}.mp3"
        try:
            chunks = d.open_playable(rec)
            if chunks is None:
                return rec, None
            with open(target, "wb") as f:
                for chunk in chunks:
                    f.write(chunk)
            return rec, target if target.stat().st_size > 0 else None
        except DebtlogError:
            return rec, None
        except OSError:
            return rec, None

    seen: dict[str, Recording] = {}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        for rec, path in pool.map(make, wanted):
            if path is None:
                rec.playable_path = None
            else:
                out[rec.playable_path] = path
            seen[rec.sha256] = rec
    return out


def _csv_bytes(d: Dossier) -> bytes:
    from ..views import write_csv

    buf = io.StringIO()
    write_csv(d.records_json, buf)
    return buf.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read Cyrillic and Chinese


def _json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def export(d: Dossier, out: Path, signing_key: bytes) -> ExportResult:
    """Write the dossier to ``out`` in ``d.options.format`` (zip, html or pdf)."""
    out = Path(out)
    fmt = d.options.format
    if out.exists() and out.is_dir():
        raise InvalidInput(_("{p} is a folder; give a file name for the dossier.").format(p=out))
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.exists():
        raise InvalidInput(_("The folder {p} does not exist.").format(p=parent))
    if fmt == "html":
        from .html import render_html

        data = render_html(d).encode("utf-8")
        _atomic_write(out, [data])
        return ExportResult(out, fmt, 1, len(data), d.fingerprint, d.head, 0, 0)
    if fmt == "pdf":
        from .pdf import render_pdf

        data = render_pdf(d)
        _atomic_write(out, [data])
        return ExportResult(out, fmt, 1, len(data), d.fingerprint, d.head, 0, 0)
    return _write_zip(d, out, parent, signing_key)


def _atomic_write(out: Path, pieces: Iterable[bytes]) -> None:
    from ..fsutil import atomic_file

    try:
        with atomic_file(out) as f:
            for p in pieces:
                f.write(p)
    except OSError as e:
        raise _write_failed(out, e) from None


def _write_failed(out: Path, e: OSError) -> DebtlogError:
    from ..fsutil import write_problem

    why, hint = write_problem(e, out.parent if str(out.parent) else Path("."))
    return DebtlogError(_("Could not write the dossier to {p}: {e}. Nothing was written.").format(p=out, e=why), hint)


def _write_zip(d: Dossier, out: Path, parent: Path, signing_key: bytes) -> ExportResult:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from .html import render_html
    from .pdf import render_pdf

    key = Ed25519PrivateKey.from_private_bytes(signing_key)
    files: list[dict] = []
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".debtlog-dossier-", suffix=".zip", dir=parent)
    except OSError as e:
        raise _write_failed(out, e) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(prefix=".debtlog-audio-", dir=parent) as audio_tmp:
            plan_recordings(d)
            playables = _make_playables(d, Path(audio_tmp))
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:

                def put(name: str, data: bytes, compress: bool = True) -> None:
                    _check_name(name)
                    zf.writestr(zipfile.ZipInfo(name, date_time=d.created_at.timetuple()[:6]), data,
                                compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
                    files.append({"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})

                def put_stream(name: str, chunks: Iterator[bytes]) -> None:
                    _check_name(name)
                    info = zipfile.ZipInfo(name, date_time=d.created_at.timetuple()[:6])
                    info.compress_type = zipfile.ZIP_STORED
                    h, n = hashlib.sha256(), 0
                    with zf.open(info, "w", force_zip64=True) as dest:
                        for chunk in chunks:
                            h.update(chunk)
                            n += len(chunk)
                            dest.write(chunk)
                    files.append({"path": name, "sha256": h.hexdigest(), "size": n})

                put("dossier.html", render_html(d).encode("utf-8"))
                put("dossier.pdf", render_pdf(d))
                put("contacts.csv", _csv_bytes(d))
                put("contacts.json", _json_bytes(d.records_json))
                put("findings.json", _json_bytes(d.findings_json))
                if d.complaint is not None:
                    from .strings import Words

                    put("complaint-draft.txt", d.complaint.text(Words(d.lang)("complaint_draft_mark")).encode("utf-8"))
                recordings = playable = 0
                for rec in d.recordings:
                    if rec.original_path and d.open_original:
                        put_stream(rec.original_path, d.open_original(rec.sha256))
                        recordings += 1
                    if rec.playable_path and rec.playable_path in playables:
                        with open(playables[rec.playable_path], "rb") as f:
                            put_stream(rec.playable_path, iter(lambda: f.read(CHUNK), b""))
                        playable += 1
                manifest = build_manifest(d, files)
                manifest_bytes = _json_bytes(manifest)
                signature = key.sign(manifest_bytes)
                zf.writestr(zipfile.ZipInfo(MANIFEST, date_time=d.created_at.timetuple()[:6]), manifest_bytes,
                            compress_type=zipfile.ZIP_DEFLATED)
                zf.writestr(zipfile.ZipInfo(SIGNATURE, date_time=d.created_at.timetuple()[:6]),
                            base64.b64encode(signature) + b"\n", compress_type=zipfile.ZIP_STORED)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _write_failed(out, e) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return ExportResult(out, "zip", len(files) + 2, out.stat().st_size, d.fingerprint, d.head, recordings, playable)


def build_manifest(d: Dossier, files: list[dict]) -> dict:
    return {
        "format": FORMAT,
        "tool": {"name": "debtlog", "version": d.tool_version},
        "created_at": d.created_at.isoformat(),
        "vault": {
            "jurisdiction": d.profile.jurisdiction,
            "timezone": d.profile.timezone,
            "chain_head": d.head,
            "chain_links": d.links,
            "chain_verified": True,
            "signature_algorithm": "Ed25519",
            "signed_by": d.signer,
            **({"volunteer_x25519_public_key": base64.b64encode(d.signer_x25519).decode()} if d.signer_x25519 else {}),
            "public_key": base64.b64encode(d.public_key).decode(),
            "key_fingerprint": d.fingerprint,
            **({"partial_share": d.partial} if d.partial else {}),
        },
        "options": d.options.to_dict(d.lang),
        "redaction": ({"third_parties_masked": True, **d.redaction} if d.redaction is not None
                      else {"third_parties_masked": False}),
        "period": [d.period[0].isoformat(), d.period[1].isoformat()] if d.period else None,
        "counts": {"entries": len(d.rows), "contacts": len(d.contacts), "findings": len(d.findings),
                   "recordings": sum(1 for r in d.recordings if r.original_path)},
        "files": files,
        "signature": {"file": SIGNATURE, "of": MANIFEST, "encoding": "base64"},
    }
