"""Checking a dossier ZIP without the vault: the signature, then every file against the manifest.

The public key is inside the signed manifest, so a valid signature proves only that whoever
holds that key made the package: the reader compares the key's fingerprint with the one the
borrower gave them separately. docs/dossier.md shows the same check in a dozen lines of
Python with the ``cryptography`` package.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _
from .bundle import FORMAT, MANIFEST, SIGNATURE, safe_member
from .model import key_fingerprint

CHUNK = 1 << 20


@dataclass
class Problem:
    file: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "message": self.message}


@dataclass
class DossierReport:
    path: str
    problems: list[Problem] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    fingerprint: str | None = None
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        m = self.manifest or {}
        vault = m.get("vault") or {}
        return {
            "ok": self.ok,
            "dossier": self.path,
            "files": self.files,
            "key_fingerprint": self.fingerprint,
            "chain_head": vault.get("chain_head"),
            "created_at": m.get("created_at"),
            "tool": m.get("tool"),
            "options": m.get("options"),
            "redaction": m.get("redaction"),
            "problems": [p.to_dict() for p in self.problems],
        }


def is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def verify_dossier(path: Path) -> DossierReport:
    """Every problem found, each naming the file it is about (an empty list: the dossier verifies)."""
    report = DossierReport(str(path))
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        report.problems.append(Problem(str(Path(path).name), _("not a readable ZIP file ({e})").format(e=e)))
        return report
    with zf:
        names = [i.filename for i in zf.infolist()]
        dupes = sorted({n for n in names if names.count(n) > 1}) if len(set(names)) != len(names) else []
        for n in dupes:
            report.problems.append(Problem(n, _("appears more than once in the ZIP")))
        manifest_bytes = _read(zf, MANIFEST, report)
        sig_text = _read(zf, SIGNATURE, report)
        if manifest_bytes is None or sig_text is None:
            return report
        try:
            manifest = json.loads(manifest_bytes)
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ValueError("format")
            public_key = base64.b64decode(manifest["vault"]["public_key"], validate=True)
            listed = manifest["files"]
            if not isinstance(listed, list):
                raise ValueError("files")
        except (ValueError, KeyError, TypeError, binascii.Error):
            report.problems.append(Problem(MANIFEST, _("is not a debtlog dossier manifest")))
            return report
        report.manifest = manifest
        vault = manifest["vault"]
        x25519 = None
        if vault.get("signed_by") == "volunteer" and vault.get("volunteer_x25519_public_key"):
            try:
                x25519 = base64.b64decode(vault["volunteer_x25519_public_key"], validate=True)
            except (ValueError, binascii.Error):
                x25519 = None
        report.fingerprint = key_fingerprint(public_key, vault.get("signed_by", "vault"), x25519)
        if not _signature_ok(public_key, manifest_bytes, sig_text):
            report.problems.append(Problem(MANIFEST, _("does not match its signature ({sig}): the manifest was "
                                                       "changed, or signed with another key").format(sig=SIGNATURE)))
        seen = set()
        for item in listed:
            try:
                name, want, size = item["path"], item["sha256"], int(item["size"])
            except (KeyError, TypeError, ValueError):
                report.problems.append(Problem(MANIFEST, _("has a malformed file entry")))
                continue
            seen.add(name)
            report.files += 1
            if not isinstance(name, str) or not safe_member(name) or name in (MANIFEST, SIGNATURE):
                report.problems.append(Problem(str(name), _("has an unsafe name")))
                continue
            if name not in names:
                report.problems.append(Problem(name, _("is listed in the manifest but missing from the ZIP")))
                continue
            got, got_size = _hash_member(zf, name)
            if got is None:
                report.problems.append(Problem(name, _("cannot be read: the ZIP is damaged there")))
            elif got != want or got_size != size:
                report.problems.append(Problem(name, _("does not match its SHA-256 in the manifest: it was changed "
                                                       "after the dossier was signed")))
        for name in names:
            if name not in seen and name not in (MANIFEST, SIGNATURE):
                report.problems.append(Problem(name, _("is not listed in the manifest: it was added after the dossier "
                                                       "was signed")))
    return report


def _read(zf: zipfile.ZipFile, name: str, report: DossierReport) -> bytes | None:
    try:
        with zf.open(name) as f:
            data = f.read(64 << 20)
            return data
    except KeyError:
        report.problems.append(Problem(name, _("is missing: this is not a signed debtlog dossier")))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
        report.problems.append(Problem(name, _("cannot be read: the ZIP is damaged there")))
    return None


def _hash_member(zf: zipfile.ZipFile, name: str) -> tuple[str | None, int]:
    h = hashlib.sha256()
    n = 0
    try:
        with zf.open(name) as f:
            while True:
                chunk = f.read(CHUNK)
                if not chunk:
                    break
                h.update(chunk)
                n += len(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
        return None, n
    return h.hexdigest(), n


def _signature_ok(public_key: bytes, data: bytes, sig_text: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        sig = base64.b64decode(sig_text.strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(sig, data)
        return True
    except (InvalidSignature, ValueError, binascii.Error):
        return False
