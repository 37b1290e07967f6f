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
    # Sorts (building an index, a big ORDER BY) stay in memory. SQLite's default spills them
    # to an unencrypted temporary file in /var/tmp, even for an in-memory database: the
    # decrypted log must never reach the disk.
    conn.execute("PRAGMA temp_store=MEMORY")
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


def refuse_case_write(conn, path: Path) -> None:
    """A volunteer's case (meta row 'case') holds a borrower's signed evidence: no command may change it.

    Only ``debtlog.sharing.cases`` writes a case, when it imports a newer share (it saves the
    verified database through the vault file, never through ``open_log``).
    """
    from ..errors import InvalidInput

    try:
        row = conn.execute("SELECT 1 FROM meta WHERE key = 'case'").fetchone()
    except Exception:  # noqa: BLE001 - no meta table: not a case (the command reports what is wrong)
        row = None
    if row is not None:
        raise InvalidInput(
            _("{path} is a case a borrower shared with you: their evidence is read-only, and nothing was "
              "changed.").format(path=path),
            _("Add your own notes with: debtlog cases note NAME TEXT. A newer share from the borrower updates it: "
              "debtlog cases import FILE"),
        )


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
        if write:
            refuse_case_write(db, path)
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
