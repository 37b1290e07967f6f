"""``volunteer passwd``: a new passphrase for the volunteer's key and every case, all at once.

The volunteer's identity and each case are vault files protected by the same passphrase. Each
keeps its random data key; only its header is rewritten (the sealed body is copied byte for
byte), so the keys, the fingerprint, the casebook and every case's contents stay as they are.

All or nothing, even if the process is killed: every new file is first written beside its
original (``.passwd-<token>-<name>``) and fsynced; then a journal listing the renames
(``volunteer/passwd.journal``) is written atomically: that is the moment of the change. The
renames follow, and the journal is removed. A run killed before the journal leaves the old
passphrase in force (the leftovers are removed by the next ``volunteer passwd``); one killed
after it is finished by the next command that opens the volunteer's key or a case
(``finish_pending``), so the new passphrase opens everything.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from ..errors import VaultDamaged
from ..i18n import _

TEMP_PREFIX = ".passwd-"


def journal_path(home: Path) -> Path:
    from .keys import volunteer_dir

    return volunteer_dir(home) / "passwd.journal"


def finish_pending(home: Path) -> bool:
    """Complete a passphrase change that was interrupted after its journal was written."""
    from ..fsutil import fsync_dir

    path = journal_path(home)
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return False
    try:
        pairs = [(home / a, home / b) for a, b in json.loads(raw.decode("utf-8"))["rename"]]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise VaultDamaged(_("The record of an interrupted passphrase change {p} is damaged.").format(p=path),
                           _("Restore the folder {d} from a backup.").format(d=home)) from None
    for tmp, final in pairs:
        with contextlib.suppress(FileNotFoundError):  # renamed already (by us before a crash, or by another process)
            os.replace(tmp, final)
    for folder in {final.parent for _tmp, final in pairs}:
        fsync_dir(folder)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    return True


def _files(home: Path) -> list[Path]:
    from .cases import cases_dir
    from .keys import identity_path

    cases = sorted(p for p in cases_dir(home).glob("*.debtlog") if not p.name.startswith(".")) \
        if cases_dir(home).is_dir() else []
    return [identity_path(home)] + cases


def _remove_leftovers(home: Path) -> None:
    from .cases import cases_dir
    from .keys import volunteer_dir

    for folder in (volunteer_dir(home), cases_dir(home)):
        with contextlib.suppress(OSError):
            for p in folder.glob(TEMP_PREFIX + "*"):
                with contextlib.suppress(OSError):
                    os.unlink(p)


def change_passphrase(home: Path, old: str, new: str, *, _after_journal=None) -> dict[str, Any]:
    """Rewrap the volunteer's key and every case with ``new``; ``old`` must open them all.

    Wrong ``old``: WrongPassphrase (exit 3), nothing changed. ``_after_journal`` is for the
    crash tests: called between the journal and the renames.
    """
    from ..fsutil import atomic_file
    from ..vault.store import VaultFile
    from .cases import casebook_lock
    from .keys import unlock_identity, write_private_file

    with casebook_lock(home):  # no import, note or removal meanwhile
        finish_pending(home)
        identity = unlock_identity(home, old)
        _remove_leftovers(home)
        token = secrets.token_hex(6)
        renames: list[tuple[Path, Path]] = []
        opened = []
        journal_written = False
        try:
            for path in _files(home):
                ov = VaultFile(path).unlock(old, write=True)  # a case that does not open: nothing changes
                ov.db_bytes = b""
                opened.append(ov)
                tmp = path.with_name(f"{TEMP_PREFIX}{token}-{path.name}")
                renames.append((tmp, path))
                data = ov.rewrapped(new)
                with atomic_file(tmp) as f:
                    f.write(data)
            write_private_file(journal_path(home), json.dumps(
                {"rename": [[str(t.relative_to(home)), str(p.relative_to(home))] for t, p in renames]}).encode())
            journal_written = True
            if _after_journal is not None:
                _after_journal()
            finish_pending(home)
        except BaseException:
            if not journal_written:
                for tmp, _path in renames:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
            raise
        finally:
            for ov in opened:
                ov.close()
    return {"fingerprint": identity.public.fingerprint, "public_key": str(identity.public),
            "cases": len(renames) - 1}
