"""Attachments (recordings, screenshots): originals kept byte for byte, each sealed in its own file.

They live in ``<vault>.attachments/``, one file each, named by an HMAC of the original's
SHA-256 under the vault key (the name does not reveal which recording it is). Each is a
chunked AEAD stream (crypto.seal_stream), so a 2 GB recording never needs 2 GB of memory.
A blob is written (temporary file, fsync, rename) before the database that refers to it is
saved: a crash in between leaves an unreferenced blob, never a reference without a blob.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import hashlib
import hmac
import os
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..errors import DebtlogError, InvalidInput, VaultDamaged
from ..i18n import _
from . import crypto

READ_SIZE = 1 << 20
PURPOSE = b"attachment|"
SPACE_MARGIN = 4 << 20  # the encryption adds 16 bytes a MiB and a header; keep some room besides

# Blobs this command wrote that nothing referred to before: removed again if the command fails.
_CREATED: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar("debtlog_new_blobs", default=None)


@contextlib.contextmanager
def cleanup_on_failure() -> Iterator[None]:
    """Wrap a command that stores blobs: if it fails (the vault is then not saved), delete them.

    ``with cleanup_on_failure(), open_vault(write=True) as log:`` covers a failed save too,
    so a failure never leaves half-stored recordings behind.
    """
    created: list[Path] = []
    token = _CREATED.set(created)
    try:
        yield
    except BaseException:
        for p in created:
            with contextlib.suppress(OSError):
                os.unlink(p)
        raise
    finally:
        _CREATED.reset(token)


def sniff_media_type(head: bytes, filename: str = "") -> str:
    """The media type from the content (the extension may lie)."""
    from ..audio import sniff_media_type as sniff

    return sniff(head, filename)


def store_dir(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".attachments")


def blob_name(data_key: bytes, sha256: str) -> str:
    return hmac.new(data_key, b"attachment name|" + sha256.encode(), hashlib.sha256).hexdigest()


def _purpose(vault_id: bytes) -> bytes:
    # Every blob has its own random stream salt (so its own key); the SHA-256 checked after
    # decryption binds the content to the record that names it.
    return PURPOSE + vault_id


def _no_space(src, need: int | None, free: int | None) -> InvalidInput:
    if need is not None and free is not None:
        why = _("there is not enough free disk space to store {p} ({need} needed, {free} free)").format(
            p=src, need=_mb(need), free=_mb(free))
    else:
        why = _("the disk became full while storing {p}").format(p=src)
    return InvalidInput(why[0].upper() + why[1:] + _(". Nothing was stored."),
                        _("Free some space on the disk that holds the vault, then run the command again."))


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n < 1e9 else f"{n / 1e9:.2f} GB"


def store_stream(vault_path: Path, data_key: bytes, vault_id: bytes, chunks: Iterable[bytes],
                 what: str = "", expected_size: int | None = None) -> dict:
    """Seal a stream of bytes into the store; returns its sha256, size and first bytes.

    Memory stays at a few MiB whatever the size: the bytes are hashed and sealed as they come.
    """
    folder = store_dir(vault_path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as e:
        from ..fsutil import write_problem

        why, hint = write_problem(e, folder.parent, vault=True)
        raise DebtlogError(_("Could not store {p}: {e}. Nothing was stored.").format(p=what, e=why), hint) from None
    if expected_size is not None:
        free = shutil.disk_usage(folder).free
        if expected_size + SPACE_MARGIN > free:
            raise _no_space(what, expected_size, free)
    tmp = folder / f".tmp-{os.getpid()}-{secrets.token_hex(4)}"
    digest = hashlib.sha256()
    size = 0
    head = b""

    def pieces() -> Iterator[bytes]:
        nonlocal size, head
        for chunk in chunks:
            if not chunk:
                continue
            if len(head) < 4096:
                head += chunk[:4096 - len(head)]
            digest.update(chunk)
            size += len(chunk)
            yield chunk

    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            crypto.seal_stream(data_key, _purpose(vault_id), pieces(), out)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        final = folder / blob_name(data_key, sha)
        existed = final.exists()
        if existed:  # the same bytes are stored already (another entry): leave that blob as it is
            os.unlink(tmp)
        else:
            os.replace(tmp, final)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise _no_space(what, None, None) from None
        from ..fsutil import write_problem

        why, hint = write_problem(e, folder.parent, vault=True)
        raise DebtlogError(_("Could not store {p}: {e}. Nothing was stored.").format(p=what, e=why), hint) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    created = _CREATED.get()
    if created is not None and not existed:
        created.append(final)
    return {"sha256": sha, "size": size, "head": head}


def store_file(vault_path: Path, data_key: bytes, vault_id: bytes, src: Path) -> dict:
    """Seal one file into the attachment store; returns its sha256, size and media type."""
    try:
        f = open(src, "rb")
        expected = os.fstat(f.fileno()).st_size
    except OSError as e:
        raise InvalidInput(_("Could not read {p}: {e}").format(p=src, e=e.strerror)) from None

    def chunks() -> Iterator[bytes]:
        while True:
            chunk = f.read(READ_SIZE)
            if not chunk:
                return
            yield chunk

    with f:
        info = store_stream(vault_path, data_key, vault_id, chunks(), what=str(src), expected_size=expected)
    if info["size"] != expected:
        raise InvalidInput(_("{p} changed while it was being stored (it is still being written?). "
                             "Nothing was stored.").format(p=src),
                           _("Wait until the recording is finished, then attach it."))
    return {"sha256": info["sha256"], "size": info["size"], "media_type": sniff_media_type(info["head"], src.name)}


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


def prepare_files(paths: list[Path], audio_only: bool = True) -> list:
    """Probe every file before anything is stored: a bad one stops the command (exit 2).

    Returns an AudioInfo per file (``None`` for a picture or PDF when ``audio_only`` is False).
    """
    from ..audio import IMAGE_TYPES, BadAudio, probe, sniff_media_type as sniff

    out = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise InvalidInput(_("The file {p} does not exist.").format(p=p))
        if not p.is_file():
            raise InvalidInput(_("{p} is not a file.").format(p=p))
        if p.stat().st_size == 0:
            raise InvalidInput(_("The file {p} is empty. Nothing was stored.").format(p=p),
                               _("Copy the recording from the phone again (the whole file) and retry."))
        if not audio_only:
            with open(p, "rb") as f:
                if sniff(f.read(64)) in IMAGE_TYPES:
                    out.append(None)
                    continue
        try:
            out.append(probe(p))
        except BadAudio:
            raise
    return out


def recording_duration(infos: list) -> float | None:
    """The length to log for a contact with these recordings (only when there is exactly one)."""
    known = [i.duration_s for i in infos if i is not None and i.duration_s]
    return known[0] if len(known) == 1 and len(infos) == 1 else None


def attach_files(log, entry_id: int, paths: list[Path], infos: list | None = None,
                 audio_only: bool = True) -> list[dict]:
    """Store the originals and link them to an entry (in the hash chain), with what the probe found.

    Call inside ``cleanup_on_failure()`` so a failure leaves no blob behind.
    """
    from . import derived

    paths = [Path(p) for p in paths]
    if infos is None:
        infos = prepare_files(paths, audio_only=audio_only)
    ov = log.vault_file
    total = sum(p.stat().st_size for p in paths)
    folder = store_dir(ov.file.path)
    free = shutil.disk_usage(folder if folder.exists() else ov.file.path.parent).free
    if total + SPACE_MARGIN > free:
        raise _no_space(", ".join(str(p) for p in paths), total, free)
    log.get(entry_id)
    out = []
    for p, info in zip(paths, infos, strict=True):
        stored = store_file(ov.file.path, ov.data_key, ov.header.vault_id, p)
        media_type = info.media_type if info is not None else stored["media_type"]
        duration = info.duration_s if info is not None else None
        out.append(log.add_attachment(entry_id, filename=p.name, sha256=stored["sha256"], size=stored["size"],
                                      media_type=media_type, duration_s=duration))
        if info is not None:
            derived.record_metadata(log, entry_id, stored["sha256"], info)
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
