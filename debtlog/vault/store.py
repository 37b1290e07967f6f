"""The vault file: header, encrypted body, atomic save, and the writers' lock.

Layout (docs/vault-format.md has the byte-level description and a 30-line decryptor):

    b"DEBTLOG\\0"                      8 bytes, magic
    format version                    2 bytes, big-endian (1)
    header length N                   4 bytes, big-endian
    header                            N bytes, UTF-8 JSON (KDF, salt, wrapped data key)
    SHA-256 of the header             32 bytes (catches accidental damage of the header)
    body                              the SQLite database, sealed as a chunked AEAD stream

The data key is random; the passphrase-derived key only wraps it, so ``passwd`` rewrites the
header and copies the sealed body byte for byte.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import io
import json
import os
import secrets
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import DebtlogError, InvalidInput, VaultDamaged, VaultLocked, WrongPassphrase
from ..i18n import _
from ..fsutil import NO_SPACE, NOT_WRITABLE, atomic_file, make_private_folder, write_problem
from . import crypto

MAGIC = b"DEBTLOG\x00"
FORMAT_VERSION = 1
_PREFIX = struct.Struct(">8sHI")
KEY_AAD = b"debtlog data key v1|"
BODY_PURPOSE = b"vault body|"
DEFAULT_LOCK_TIMEOUT = 5.0


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"), validate=True)


@dataclass(frozen=True)
class Header:
    vault_id: bytes
    kdf: crypto.KdfParams
    salt: bytes
    key_nonce: bytes
    wrapped_key: bytes
    created: str

    def to_json(self) -> bytes:
        doc = {
            "format": FORMAT_VERSION,
            "vault_id": _b64(self.vault_id),
            "cipher": "AES-256-GCM",
            "kdf": {**self.kdf.to_dict(), "salt": _b64(self.salt)},
            "key": {"nonce": _b64(self.key_nonce), "wrapped": _b64(self.wrapped_key)},
            "created": self.created,
        }
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def key_aad(self) -> bytes:
        # The wrapped key is bound to this vault and to its KDF parameters and salt.
        kdf = json.dumps({**self.kdf.to_dict(), "salt": _b64(self.salt)}, sort_keys=True, separators=(",", ":"))
        return KEY_AAD + self.vault_id + b"|" + kdf.encode("ascii")

    def body_purpose(self) -> bytes:
        return BODY_PURPOSE + self.vault_id

    @classmethod
    def from_json(cls, raw: bytes, path: Path) -> Header:
        try:
            doc = json.loads(raw.decode("utf-8"))
            kdf = doc["kdf"]
            if kdf["name"] != "argon2id":
                raise ValueError("unknown KDF")
            header = cls(
                vault_id=_unb64(doc["vault_id"]),
                kdf=crypto.KdfParams(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"])),
                salt=_unb64(kdf["salt"]),
                key_nonce=_unb64(doc["key"]["nonce"]),
                wrapped_key=_unb64(doc["key"]["wrapped"]),
                created=str(doc.get("created", "")),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
            raise _damaged(path, _("its header cannot be read ({e})").format(e=e)) from None
        crypto.check_kdf_params(header.kdf)
        return header


def _damaged(path: Path, why: str) -> VaultDamaged:
    return VaultDamaged(
        _("The vault {path} is damaged: {why}.").format(path=path, why=why),
        _("Restore it from a backup copy (debtlog never overwrites a vault in place, "
          "so a copy made before the damage is complete)."),
    )


def read_header(f, path: Path) -> Header:
    prefix = f.read(_PREFIX.size)
    if not prefix:
        raise _damaged(path, _("the file is empty"))
    if not (prefix[: len(MAGIC)] == MAGIC or MAGIC.startswith(prefix)):
        raise InvalidInput(
            _("{path} is not a debtlog vault.").format(path=path),
            _("Check --vault or DEBTLOG_VAULT; create a new vault with: debtlog init"),
        )
    if len(prefix) < _PREFIX.size:
        raise _damaged(path, _("the file is truncated"))
    magic, version, length = _PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise InvalidInput(
            _("{path} is not a debtlog vault.").format(path=path),
            _("Check --vault or DEBTLOG_VAULT; create a new vault with: debtlog init"),
        )
    if version < 1:
        raise _damaged(path, _("its format version is {v}, which no debtlog writes").format(v=version))
    if version != FORMAT_VERSION:
        raise VaultDamaged(
            _("The vault {path} has format version {v}; this debtlog reads version {mine}.").format(
                path=path, v=version, mine=FORMAT_VERSION
            ),
            _("Upgrade debtlog to open it. If no newer debtlog has written it, the file is damaged: "
              "restore it from a backup copy."),
        )
    if length > 1 << 20:
        raise _damaged(path, _("the header length is implausible"))
    raw = f.read(length)
    digest = f.read(32)
    if len(raw) != length or len(digest) != 32:
        raise _damaged(path, _("the file is truncated inside its header"))
    if hashlib.sha256(raw).digest() != digest:
        raise _damaged(path, _("its header does not match its checksum"))
    return Header.from_json(raw, path)


def _unlock_key(header: Header, kek: bytes, path: Path) -> bytes:
    data_key = crypto.aead_open(kek, header.key_nonce, header.wrapped_key, header.key_aad())
    if data_key is None:
        raise WrongPassphrase(
            _("Wrong passphrase for the vault {path}.").format(path=path),
            _("Type it again exactly; letters are case-sensitive and the keyboard layout matters."),
        )
    return data_key


class WriteLock:
    """An exclusive advisory lock on ``<vault>.lock``, held by one writer at a time."""

    def __init__(self, path: Path):
        self.path = path.with_name(path.name + ".lock")
        self._fd: int | None = None

    def acquire(self, timeout: float) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as e:  # a read-only file system, a folder not ours
            if e.errno not in NOT_WRITABLE and e.errno not in NO_SPACE:
                raise
            why, hint = write_problem(e, self.path.parent, vault=True)
            raise DebtlogError(
                _("Could not lock the vault for changing ({path}): {why}. Nothing was changed.").format(
                    path=self.path, why=why), hint) from None
        deadline = time.monotonic() + timeout
        delay = 0.02
        while True:
            try:
                _lock_fd(fd)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise VaultLocked(
                        _("The vault is being changed by another debtlog process (waited {s:g} s).").format(s=timeout),
                        _("Wait for the other command to finish and try again. If none is running, "
                          "the lock is released automatically when its process ends."),
                    ) from None
                time.sleep(delay)
                delay = min(delay * 1.5, 0.2)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            _unlock_fd(self._fd)
            os.close(self._fd)
            self._fd = None


def _lock_fd(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_fd(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def lock_timeout() -> float:
    raw = os.environ.get("DEBTLOG_LOCK_TIMEOUT")
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise InvalidInput(_("DEBTLOG_LOCK_TIMEOUT must be a number of seconds, not '{v}'.").format(v=raw)) from None


class VaultFile:
    """One vault on disk. Reading needs no lock (saves are atomic renames); writing does."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.exists()

    # -- creating -------------------------------------------------------------------------
    def create(self, passphrase: str, db_bytes: bytes, kdf: crypto.KdfParams | None = None) -> bytes:
        """Write a new vault holding ``db_bytes``; returns the data key."""
        if self.path.exists():
            raise InvalidInput(
                _("A vault already exists at {path}.").format(path=self.path),
                _("Use it (debtlog list), or choose another place with --vault PATH."),
            )
        folder = self.path.parent
        try:
            make_private_folder(folder)
        except OSError as e:
            why, hint = write_problem(e, folder)
            raise DebtlogError(_("Could not create the folder {folder}: {why}.").format(folder=folder, why=why),
                               hint) from None
        lock = WriteLock(self.path)
        lock.acquire(lock_timeout())
        try:
            if self.path.exists():  # someone created it while we waited
                raise InvalidInput(_("A vault already exists at {path}.").format(path=self.path))
            data_key = secrets.token_bytes(32)
            header = self._new_header(passphrase, data_key, kdf or crypto.kdf_params_from_env(), vault_id=None)
            self._write(header, data_key, db_bytes)
            return data_key
        finally:
            lock.release()

    def _new_header(self, passphrase: str, data_key: bytes, kdf: crypto.KdfParams, vault_id: bytes | None,
                    created: str | None = None) -> Header:
        from datetime import datetime, timezone

        salt = secrets.token_bytes(16)
        proto = Header(
            vault_id=vault_id or secrets.token_bytes(16),
            kdf=kdf,
            salt=salt,
            key_nonce=b"",
            wrapped_key=b"",
            created=created or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        )
        kek = crypto.derive_key(passphrase, salt, kdf)
        nonce, wrapped = crypto.aead_seal(kek, data_key, proto.key_aad())
        return Header(proto.vault_id, kdf, salt, nonce, wrapped, proto.created)

    # -- reading --------------------------------------------------------------------------
    def _open_file(self):
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise InvalidInput(
                _("There is no vault at {path}.").format(path=self.path),
                _("Create one with: debtlog init --jurisdiction RU --timezone Europe/Moscow "
                  "(or point --vault / DEBTLOG_VAULT at an existing vault)."),
            ) from None
        except IsADirectoryError:
            raise InvalidInput(_("{path} is a folder, not a vault file.").format(path=self.path)) from None
        except PermissionError:
            raise InvalidInput(_("debtlog may not read {path} (permission denied).").format(path=self.path)) from None

    def _read_all(self) -> bytes:
        with self._open_file() as f:
            return f.read()

    def unlock(self, passphrase: str, write: bool = False) -> OpenVault:
        """Decrypt the vault. With ``write``, hold the writers' lock until ``close()``.

        The body is decrypted straight from the open file, chunk by chunk: the sealed file is
        never held in memory whole (at a million contacts that is 840 MB less at every open).
        A save replaces the file by renaming, so the open file stays the version whose header
        was read.
        """
        f = self._open_file()
        try:
            return self._unlock(f, passphrase, write)
        finally:
            f.close()

    def _unlock(self, f, passphrase: str, write: bool) -> OpenVault:
        # Derive the key before taking the lock: the slow part should not hold up others.
        header = read_header(f, self.path)
        kek = crypto.derive_key(passphrase, header.salt, header.kdf)
        data_key = _unlock_key(header, kek, self.path)
        lock = None
        if write:
            lock = WriteLock(self.path)
            lock.acquire(lock_timeout())
            try:
                self._remove_stale_temporaries()
                newer_file = self._open_file()  # another writer may have saved while we derived the key
                try:
                    newer = read_header(newer_file, self.path)
                except BaseException:
                    newer_file.close()
                    raise
                f.close()
                f = newer_file
                if (newer.salt, newer.kdf, newer.wrapped_key) != (header.salt, header.kdf, header.wrapped_key):
                    header = newer
                    data_key = _unlock_key(header, crypto.derive_key(passphrase, header.salt, header.kdf), self.path)
            except BaseException:
                f.close()
                lock.release()
                raise
        try:
            with f:
                db_bytes = self._decrypt_body(f, header, data_key)
        except BaseException:
            if lock:
                lock.release()
            raise
        return OpenVault(self, header, data_key, db_bytes, lock)

    def _decrypt_body(self, src, header: Header, data_key: bytes) -> bytearray:
        """Decrypt the body from ``src``, positioned just after the header."""
        out = bytearray()
        try:
            for chunk in crypto.open_stream(data_key, header.body_purpose(), src, _("its body")):
                out += chunk
        except VaultDamaged as e:
            raise _damaged(self.path, e.message.rstrip(".")) from None
        return out  # not bytes(out): that would be one more copy of the whole database

    def _remove_stale_temporaries(self) -> None:
        # Only called under the lock: any temporary file now is a leftover of a killed writer.
        prefix = self.path.name + ".tmp-"
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.path.parent):
                if entry.name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    # -- writing --------------------------------------------------------------------------
    def _write(self, header: Header, data_key: bytes, db_bytes: bytes | None, sealed_body: bytes | None = None) -> None:
        """Atomic save: temporary file, fsync, rename over the vault, fsync the folder."""
        raw_header = header.to_json()
        try:
            with atomic_file(self.path) as f:
                f.write(_PREFIX.pack(MAGIC, FORMAT_VERSION, len(raw_header)))
                f.write(raw_header)
                f.write(hashlib.sha256(raw_header).digest())
                if sealed_body is not None:
                    f.write(sealed_body)
                else:
                    view = memoryview(db_bytes or b"")
                    pieces = (view[i : i + crypto.CHUNK_SIZE] for i in range(0, len(view), crypto.CHUNK_SIZE))
                    crypto.seal_stream(data_key, header.body_purpose(), (bytes(p) for p in pieces), f)
        except OSError as e:
            raise _write_error(self.path, e) from None


def _write_error(path: Path, e: OSError) -> DebtlogError:
    why, hint = write_problem(e, path.parent, vault=True)
    return DebtlogError(
        _("Could not save the vault {path}: {why}. Nothing was changed; the vault is as it was before this command.")
        .format(path=path, why=why),
        hint,
    )


class OpenVault:
    """A decrypted vault: the SQLite bytes, and (for writers) the lock and the key to save."""

    def __init__(self, file: VaultFile, header: Header, data_key: bytes, db_bytes: bytes, lock: WriteLock | None):
        self.file = file
        self.header = header
        self.data_key = data_key
        self.db_bytes = db_bytes
        self.lock = lock

    def save(self, db_bytes: bytes) -> None:
        if self.lock is None:
            raise RuntimeError("vault opened read-only")
        self.file._write(self.header, self.data_key, db_bytes)

    def change_passphrase(self, new_passphrase: str, kdf: crypto.KdfParams | None = None) -> None:
        """Rewrap the data key; the sealed body is copied byte for byte."""
        if self.lock is None:
            raise RuntimeError("vault opened read-only")
        raw = self.file._read_all()
        src = io.BytesIO(raw)
        read_header(src, self.file.path)
        body = raw[src.tell():]
        header = self.file._new_header(
            new_passphrase, self.data_key, kdf or crypto.kdf_params_from_env(), self.header.vault_id, self.header.created
        )
        self.file._write(header, self.data_key, None, sealed_body=body)
        self.header = header

    def rewrapped(self, new_passphrase: str, kdf: crypto.KdfParams | None = None) -> bytes:
        """The whole file as ``change_passphrase`` would write it (for a caller that renames several at once)."""
        if self.lock is None:
            raise RuntimeError("vault opened read-only")
        raw = self.file._read_all()
        src = io.BytesIO(raw)
        read_header(src, self.file.path)
        header = self.file._new_header(
            new_passphrase, self.data_key, kdf or crypto.kdf_params_from_env(), self.header.vault_id, self.header.created
        )
        raw_header = header.to_json()
        return _PREFIX.pack(MAGIC, FORMAT_VERSION, len(raw_header)) + raw_header + hashlib.sha256(raw_header).digest() \
            + raw[src.tell():]

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


@contextlib.contextmanager
def opened(path: Path, passphrase: str, write: bool = False) -> Iterator[OpenVault]:
    ov = VaultFile(path).unlock(passphrase, write=write)
    try:
        yield ov
    finally:
        ov.close()
