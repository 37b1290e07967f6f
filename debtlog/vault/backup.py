"""Backups: one file holding the encrypted vault and its attachments, checked after writing.

A backup is an uncompressed tar archive (``vault.debtlog`` plus ``attachments/<blob>``):
everything in it is already encrypted, so it is as safe as the vault and opens with the
same passphrase. It is written to a temporary file, fsynced and renamed, then read back,
decrypted and verified before the command reports success.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import DebtlogError, InvalidInput, VerificationFailed
from ..i18n import _
from ..fsutil import atomic_file, fsync_dir, make_private_folder, write_problem
from .attachments import store_dir
from .store import WriteLock, lock_timeout

VAULT_NAME = "vault.debtlog"
ATTACHMENTS = "attachments"


@dataclass
class BackupReport:
    path: Path
    size: int
    entries: int
    attachments: int
    head: str


def _verify_copy(vault: Path, passphrase: str) -> tuple[int, int, str]:
    from . import open_log
    from .attachments import check_blobs

    with open_log(vault, passphrase) as log:
        report = log.verify()
        bad = check_blobs(log)
        if not report.ok or bad:
            what = report.problems[0].message if report.problems else bad[0][2]
            raise VerificationFailed(_("The backup does not verify: {what}.").format(what=what))
        return log.count(), len(log.attachments()), report.head


def create_backup(vault: Path, out: Path, passphrase: str) -> BackupReport:
    """Copy the vault and its attachments into ``out`` under the writers' lock, then verify the copy."""
    if out.exists():
        raise InvalidInput(_("{p} already exists; choose a new name for the backup.").format(p=out))
    if not vault.exists():
        raise InvalidInput(_("There is no vault at {p}.").format(p=vault))
    # Check the passphrase (and the vault) before writing anything.
    _verify_copy(vault, passphrase)
    try:
        make_private_folder(out.parent)
    except OSError as e:
        why, hint = write_problem(e, out.parent)
        raise DebtlogError(_("Could not write the backup {p}: {e}. Your vault is unchanged.").format(p=out, e=why),
                           hint) from None
    lock = WriteLock(vault)
    lock.acquire(lock_timeout())  # no writer may change the vault while we copy it
    try:
        with atomic_file(out) as f:
            with tarfile.open(fileobj=f, mode="w", format=tarfile.PAX_FORMAT) as tar:
                tar.add(vault, arcname=VAULT_NAME, recursive=False)
                blobs = store_dir(vault)
                if blobs.is_dir():
                    for blob in sorted(blobs.iterdir()):
                        if blob.is_file() and not blob.name.startswith("."):
                            tar.add(blob, arcname=f"{ATTACHMENTS}/{blob.name}", recursive=False)
    except OSError as e:
        why, hint = write_problem(e, out.parent)
        raise DebtlogError(_("Could not write the backup {p}: {e}. Your vault is unchanged.").format(p=out, e=why),
                           hint) from None
    finally:
        lock.release()
    try:
        entries, attachments, head = verify_backup(out, passphrase)
    except DebtlogError:
        with contextlib.suppress(OSError):
            os.unlink(out)
        raise
    return BackupReport(out, out.stat().st_size, entries, attachments, head)


@contextlib.contextmanager
def _extracted(backup: Path, where: Path):
    """Unpack a backup into a private temporary folder inside ``where``."""
    tmpdir = Path(tempfile.mkdtemp(prefix=".debtlog-restore-", dir=where))
    try:
        try:
            with tarfile.open(backup, mode="r:") as tar:
                members = tar.getmembers()
                names = [m.name for m in members]
                if VAULT_NAME not in names:
                    raise InvalidInput(_("{p} is not a debtlog backup (it holds no vault).").format(p=backup))
                for m in members:
                    if not m.isfile() or not (m.name == VAULT_NAME or (m.name.startswith(ATTACHMENTS + "/")
                                                                      and "/" not in m.name[len(ATTACHMENTS) + 1:]
                                                                      and ".." not in m.name)):
                        raise InvalidInput(_("{p} holds an unexpected entry '{n}'; it is not a debtlog backup.")
                                           .format(p=backup, n=m.name))
                if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
                    tar.extractall(tmpdir, members=members, filter="data")
                else:  # the names and types were checked above
                    tar.extractall(tmpdir, members=members)
        except tarfile.ReadError:
            raise InvalidInput(_("{p} is not a debtlog backup, or it is truncated.").format(p=backup)) from None
        except FileNotFoundError:
            raise InvalidInput(_("The backup {p} does not exist.").format(p=backup)) from None
        vault = tmpdir / "restored.debtlog"
        os.replace(tmpdir / VAULT_NAME, vault)
        if (tmpdir / ATTACHMENTS).is_dir():
            os.replace(tmpdir / ATTACHMENTS, store_dir(vault))
        yield vault
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def verify_backup(backup: Path, passphrase: str) -> tuple[int, int, str]:
    with tempfile.TemporaryDirectory(prefix="debtlog-verify-") as d:
        with _extracted(backup, Path(d)) as vault:
            return _verify_copy(vault, passphrase)


def restore_backup(backup: Path, vault: Path, passphrase: str, force: bool) -> tuple[BackupReport, Path | None]:
    """Put a verified backup in place of the vault; the vault it replaces is kept aside."""
    if vault.exists() and not force:
        raise InvalidInput(_("A vault already exists at {p}.").format(p=vault),
                           _("Add --force to replace it (it is kept as a copy beside it, not deleted)."))
    from .store import _write_error

    try:
        make_private_folder(vault.parent)
    except OSError as e:
        raise _write_error(vault, e) from None
    lock = WriteLock(vault)
    lock.acquire(lock_timeout())
    kept: Path | None = None
    added: list[Path] = []  # recordings this restore put into the vault's folder (undone on failure)
    made_store = False
    try:
        with _extracted(backup, vault.parent) as restored:
            entries, attachments, head = _verify_copy(restored, passphrase)
            if vault.exists():
                # Keep the replaced vault beside it (hard links: instant, no extra space).
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                kept = vault.with_name(f"{vault.name}.before-restore-{stamp}")
                _link_or_copy(vault, kept)
                if store_dir(vault).is_dir():
                    store_dir(kept).mkdir(mode=0o700)
                    for blob in store_dir(vault).iterdir():
                        _link_or_copy(blob, store_dir(kept) / blob.name)
            # Recordings first, then the vault in one rename: a crash at any moment leaves the
            # old vault or the restored one at the vault's path, never neither.
            if store_dir(restored).is_dir():
                made_store = not store_dir(vault).is_dir()
                store_dir(vault).mkdir(mode=0o700, exist_ok=True)
                for blob in store_dir(restored).iterdir():
                    dst = store_dir(vault) / blob.name
                    if not dst.exists():  # a blob's name depends on its content: an existing one is the same
                        added.append(dst)
                    os.replace(blob, dst)
            os.replace(restored, vault)
            fsync_dir(vault.parent)
    except OSError as e:  # a full disk, a read-only folder: put back what was moved, keep the vault as it was
        for p in added:
            with contextlib.suppress(OSError):
                os.unlink(p)
        if made_store:
            with contextlib.suppress(OSError):
                os.rmdir(store_dir(vault))
        if kept is not None:
            shutil.rmtree(store_dir(kept), ignore_errors=True)
            with contextlib.suppress(OSError):
                os.unlink(kept)
        raise _write_error(vault, e) from None
    finally:
        lock.release()
    return BackupReport(backup, backup.stat().st_size, entries, attachments, head), kept


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
