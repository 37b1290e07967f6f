"""The encrypted, append-only, hash-chained evidence vault.

``create_vault`` makes one; ``open_log`` opens one for reading or (under the writers' lock)
for changing. A change is saved only when the ``with`` block ends without an exception, so
a failed command leaves the vault exactly as it was.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from ..errors import VaultDamaged
from ..i18n import _
from ..models import Profile
from .log import EvidenceLog
from .store import VaultFile

__all__ = ["EvidenceLog", "VaultFile", "create_vault", "open_log"]


def _connect(db_bytes: bytes | None, path: Path):
    """An in-memory SQLite connection holding the decrypted database.

    Plain sqlite3 on the hot path: importing sqlite-utils costs about 40 ms of the 350 ms a
    command may take (docs/performance.md); migrations, which are rare, get a
    sqlite_utils.Database over the same connection.
    """
    import sqlite3

    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if db_bytes is not None:
        try:
            conn.deserialize(db_bytes)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            raise VaultDamaged(
                _("The vault {path} decrypted, but the database inside is damaged ({e}).").format(path=path, e=e),
                _("Restore it from a backup copy."),
            ) from None
    # No rollback journal: a failed command never rolls back, it drops the connection and
    # leaves the file untouched (the file's own save is what is atomic).
    conn.execute("PRAGMA journal_mode=OFF")
    return conn


def _serialize(conn) -> bytes:
    return conn.serialize()


def create_vault(path: Path, passphrase: str, profile: Profile, kdf=None) -> str:
    """Create a vault with the debtor's profile; returns the chain head (genesis link)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from .schema import migrate

    db = _connect(None, path)
    db.execute("BEGIN")
    migrate(db)
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    log = EvidenceLog(db)
    log.initialise(profile, public, private)
    db.execute("COMMIT")
    VaultFile(path).create(passphrase, _serialize(db), kdf)
    return log.head


@contextlib.contextmanager
def open_log(path: Path, passphrase: str, write: bool = False) -> Iterator[EvidenceLog]:
    """Open the vault. With ``write``, changes are saved atomically when the block succeeds.

    Set ``log.discard = True`` inside the block to throw the changes away (``--dry-run``).
    """
    from .schema import migrate, pending

    opened = VaultFile(path).unlock(passphrase, write=write)
    try:
        db = _connect(opened.db_bytes, path)
        opened.db_bytes = b""  # let the plaintext copy go as soon as SQLite has its own
        db.execute("BEGIN")
        if pending(db):
            migrate(db)  # read-only commands upgrade in memory; the next write saves it
        log = EvidenceLog(db)
        log.vault_file = opened
        yield log
        if write and not log.discard:
            db.execute("COMMIT")
            opened.save(_serialize(db))
    finally:
        opened.close()
