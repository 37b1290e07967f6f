"""Writing files so that a crash leaves the old file or the new one, never half of one.

One mechanism for every file debtlog writes whole: the vault, backups, dossiers, a
volunteer's keys and casebook. Write to a temporary file beside the target (same folder,
so the rename is atomic), fsync it, rename it over the target, fsync the folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path
from typing import BinaryIO, Iterator

NO_SPACE = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None), getattr(errno, "EFBIG", None)) if e)
NOT_WRITABLE = frozenset((errno.EROFS, errno.EACCES, errno.EPERM))


def write_problem(e: OSError, folder: Path, *, vault: bool = False) -> tuple[str, str]:
    """What went wrong writing into ``folder``, and what to do: ``(why, hint)`` for a message.

    One wording for every command (the vault, recordings, backups, dossiers): a full disk says
    to free space; a read-only folder says to choose one the person can write to.
    """
    from .i18n import _

    if e.errno in NO_SPACE:
        return (_("the disk is full"),
                _("Free some space on the disk that holds {folder} (or choose another folder), "
                  "then run the command again.").format(folder=folder))
    if e.errno in NOT_WRITABLE:
        why = _("the folder {folder} is read-only or not writable by you").format(folder=folder)
        if vault:
            return why, _("Fix the folder's permissions, or move the vault to a folder you can write to and "
                          "point --vault at it, then run the command again.")
        return why, _("Choose a folder you can write to (or fix the permissions of {folder}), "
                      "then run the command again.").format(folder=folder)
    return (e.strerror or str(e),
            _("Check the disk that holds {folder}, then run the command again.").format(folder=folder))


@contextlib.contextmanager
def write_errors_reported(folder: Path) -> Iterator[None]:
    """A full disk or a read-only folder met inside the block becomes the message every command gives
    (exit 2). The code inside must already have undone what it started: this only words the error."""
    try:
        yield
    except OSError as e:
        if e.errno not in NO_SPACE and e.errno not in NOT_WRITABLE:
            raise
        from .errors import DebtlogError
        from .i18n import _

        where = Path(os.fsdecode(e.filename)).parent if isinstance(e.filename, (str, bytes)) else Path(folder)
        why, hint = write_problem(e, where)
        raise DebtlogError(_("Could not save your changes: {why}. Nothing was changed.").format(why=why),
                           hint) from None


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened: Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each 0700 (``mkdir(parents=True)`` would give
    the parents the umask's default, often 0755). Folders that exist are left as they are."""
    folder = Path(folder)
    missing = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            continue
        with contextlib.suppress(OSError):
            os.chmod(d, 0o700)  # mkdir's mode is masked by the umask


def temporary_name(path: Path) -> Path:
    """``<name>.tmp-<pid>-<random>`` beside ``path`` (the vault removes leftovers of this form)."""
    return path.with_name(f"{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")


@contextlib.contextmanager
def atomic_file(path: Path, mode: int = 0o600) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces ``path`` atomically and durably.

    On any exception the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    tmp = temporary_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent if str(path.parent) else Path("."))
