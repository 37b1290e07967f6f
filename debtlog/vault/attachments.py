"""Attachments (recordings, screenshots): originals kept byte for byte, each sealed in its own file.

They live in ``<vault>.attachments/``, one file each, named by an HMAC of the original's
SHA-256 under the vault key (the name does not reveal which recording it is). Each is a
chunked AEAD stream (crypto.seal_stream), so a 2 GB recording never needs 2 GB of memory.
A blob is written (temporary file, fsync, rename) before the database that refers to it is
saved: a crash in between leaves an unreferenced blob, never a reference without a blob.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import DebtlogError, InvalidInput, VaultDamaged
from ..i18n import _
from . import crypto

READ_SIZE = 1 << 20
PURPOSE = b"attachment|"

MAGIC_TYPES = (
    (b"#!AMR-WB\n", "audio/amr-wb"),
    (b"#!AMR\n", "audio/amr"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"\x1aE\xdf\xa3", "audio/webm"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF", "application/pdf"),
)


def sniff_media_type(head: bytes, filename: str = "") -> str:
    """The media type from the content (the extension may lie)."""
    for magic, mtype in MAGIC_TYPES:
        if head.startswith(magic):
            return mtype
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"RIFF" and head[8:12] == b"QLCM":
        return "audio/qcelp"
    if head[4:8] == b"ftyp":
        brand = head[8:11]
        if brand == b"3g2":
            return "audio/3gpp2"
        if brand == b"3gp":
            return "audio/3gpp"
        return "audio/mp4"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "audio/aac"  # ADTS
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg"
    return "application/octet-stream"


def store_dir(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".attachments")


def blob_name(data_key: bytes, sha256: str) -> str:
    return hmac.new(data_key, b"attachment name|" + sha256.encode(), hashlib.sha256).hexdigest()


def _purpose(vault_id: bytes) -> bytes:
    # Every blob has its own random stream salt (so its own key); the SHA-256 checked after
    # decryption binds the content to the record that names it.
    return PURPOSE + vault_id


def store_file(vault_path: Path, data_key: bytes, vault_id: bytes, src: Path) -> dict:
    """Seal one file into the attachment store; returns its sha256, size and media type."""
    folder = store_dir(vault_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    tmp = folder / f".tmp-{os.getpid()}-{secrets.token_hex(4)}"
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        f = open(src, "rb")
    except OSError as e:
        raise InvalidInput(_("Could not read {p}: {e}").format(p=src, e=e.strerror)) from None
    def pieces() -> Iterator[bytes]:
        nonlocal size, head
        while True:
            chunk = f.read(READ_SIZE)
            if not chunk:
                return
            if not head:
                head = chunk[:64]
            digest.update(chunk)
            size += len(chunk)
            yield chunk

    try:
        with f, open(tmp, "xb") as out:
            os.chmod(tmp, 0o600)
            crypto.seal_stream(data_key, _purpose(vault_id), pieces(), out)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        final = folder / blob_name(data_key, sha)
        os.replace(tmp, final)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise DebtlogError(_("Could not store the attachment {p}: {e}. Nothing was changed.").format(
            p=src, e=e.strerror or e)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return {"sha256": sha, "size": size, "media_type": sniff_media_type(head, src.name)}


def open_blob(vault_path: Path, data_key: bytes, vault_id: bytes, sha256: str) -> Iterator[bytes]:
    """Yield the original bytes of an attachment, checking its SHA-256 at the end."""
    path = store_dir(vault_path) / blob_name(data_key, sha256)
    what = _("attachment {sha}").format(sha=sha256[:16])
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise VaultDamaged(_("The file of {what} is missing from {d}.").format(what=what, d=path.parent),
                           _("Restore the attachments folder from a backup.")) from None
    digest = hashlib.sha256()
    with f:
        for chunk in crypto.open_stream(data_key, _purpose(vault_id), f, what):
            digest.update(chunk)
            yield chunk
    if digest.hexdigest() != sha256:
        raise VaultDamaged(_("{what} does not match its SHA-256.").format(what=what))


def attach_files(log, entry_id: int, paths: list[Path]) -> list[dict]:
    ov = log.vault_file
    out = []
    for p in paths:
        if p.stat().st_size == 0:
            raise InvalidInput(_("The file {p} is empty.").format(p=p))
        info = store_file(ov.file.path, ov.data_key, ov.header.vault_id, p)
        out.append(log.add_attachment(entry_id, filename=p.name, **info))
    return out


def copy_out(log, sha256: str, dest: BinaryIO) -> int:
    ov = log.vault_file
    n = 0
    for chunk in open_blob(ov.file.path, ov.data_key, ov.header.vault_id, sha256):
        dest.write(chunk)
        n += len(chunk)
    return n


def check_blobs(log) -> list[tuple[str, int, str]]:
    """Decrypt every attachment and check its SHA-256: ``(sha256, entry_id, problem)`` for each bad one."""
    ov = log.vault_file
    bad = []
    for a in log.attachments():
        try:
            for _chunk in open_blob(ov.file.path, ov.data_key, ov.header.vault_id, a["sha256"]):
                pass
        except VaultDamaged as e:
            bad.append((a["sha256"], a["entry_id"], e.message))
    return bad
