"""A volunteer's cases: each imported share is its own vault, read-only, with notes kept apart.

On disk, in ``DEBTLOG_HOME/cases/`` (folder 0700, files 0600):

- ``<name>.debtlog`` (+ ``<name>.debtlog.attachments/``): a vault file (docs/vault-format.md)
  protected by the volunteer's passphrase. Its database is the borrower's, as shared: the
  hash chain and every table ``verify`` checks are the borrower's bytes; only the ``meta``
  table differs (the borrower's private signing key never leaves the borrower's vault; the
  volunteer's signing key and a ``case`` marker take its place). Every recording is re-sealed
  into this vault's own attachment store.
- ``casebook.sealed``: the volunteer's own records, sealed with the storage key from the
  volunteer's identity: per case the borrower's key and fingerprint, the share history,
  a summary for ``cases list`` (so listing 30 cases costs one key derivation, not 30) and
  the volunteer's notes. Nothing here is part of the borrower's hash chain.
- ``current``: the case ``cases open`` chose (a name, nothing secret).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import struct
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import DebtlogError, InvalidInput, VaultDamaged, VerificationFailed
from ..i18n import _
from .keys import Identity, load_public, unlock_identity, vault_fingerprint, write_private_file
from .share import VerifiedShare, _not_verified, check_recipient, open_share, read_envelope

CASEBOOK_MAGIC = b"DLCASES\x00"
CASEBOOK_VERSION = 1
CASEBOOK_PURPOSE = b"casebook"
NAME_RE = re.compile(r"^[^\W][\w.-]{0,63}$")


def cases_dir(home: Path) -> Path:
    return home / "cases"


def case_path(home: Path, name: str) -> Path:
    return cases_dir(home) / f"{name}.debtlog"


def casebook_path(home: Path) -> Path:
    return cases_dir(home) / "casebook.sealed"


def current_path(home: Path) -> Path:
    return cases_dir(home) / "current"


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not NAME_RE.match(name):
        raise InvalidInput(_("'{n}' cannot be a case name: use letters, digits, '.', '-' or '_' (at most 64), "
                             "starting with a letter or digit.").format(n=name))
    return name


def _ensure_dir(home: Path) -> Path:
    d = cases_dir(home)
    from ..fsutil import make_private_folder

    make_private_folder(d)  # DEBTLOG_HOME too, when debtlog creates it
    with contextlib.suppress(OSError):
        os.chmod(d, 0o700)
    return d


# -- the casebook ---------------------------------------------------------------------------

def load_casebook(home: Path, storage_key: bytes) -> dict[str, Any]:
    import io

    from ..vault import crypto

    path = casebook_path(home)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {"format": 1, "cases": {}}
    if raw[:len(CASEBOOK_MAGIC)] != CASEBOOK_MAGIC or len(raw) < len(CASEBOOK_MAGIC) + 2:
        raise VaultDamaged(_("Your casebook {p} is damaged.").format(p=path),
                           _("Restore it from a backup; the cases themselves are in the same folder."))
    src = io.BytesIO(raw[len(CASEBOOK_MAGIC) + 2:])
    out = bytearray()
    try:
        for chunk in crypto.open_stream(storage_key, CASEBOOK_PURPOSE, src, _("the casebook")):
            out += chunk
        doc = json.loads(out.decode("utf-8"))
    except VaultDamaged:
        raise VaultDamaged(_("Your casebook {p} is damaged (it does not authenticate).").format(p=path),
                           _("Restore it from a backup; the cases themselves are in the same folder.")) from None
    except (ValueError, UnicodeDecodeError):
        raise VaultDamaged(_("Your casebook {p} is damaged.").format(p=path)) from None
    doc.setdefault("cases", {})
    return doc


def save_casebook(home: Path, storage_key: bytes, doc: dict[str, Any]) -> None:
    import io

    from ..vault import crypto

    _ensure_dir(home)
    buf = io.BytesIO()
    buf.write(CASEBOOK_MAGIC + struct.pack(">H", CASEBOOK_VERSION))
    crypto.seal_stream(storage_key, CASEBOOK_PURPOSE, iter([json.dumps(doc, ensure_ascii=False).encode("utf-8")]), buf)
    write_private_file(casebook_path(home), buf.getvalue())


@contextlib.contextmanager
def casebook_lock(home: Path) -> Iterator[None]:
    from ..vault.store import WriteLock, lock_timeout

    _ensure_dir(home)
    lock = WriteLock(casebook_path(home))
    lock.acquire(lock_timeout())
    try:
        yield
    finally:
        lock.release()


# -- what a case holds ----------------------------------------------------------------------

def summarize(db_bytes: bytes, path: Path) -> dict[str, Any]:
    """Jurisdiction, period, counts and findings of a case, for ``cases list``."""
    from ..vault import _connect
    from ..vault.log import EvidenceLog
    from ..vault.schema import migrate, pending

    conn = _connect(db_bytes, path)
    conn.execute("BEGIN")
    if pending(conn):
        migrate(conn)  # in memory only: the stored bytes stay the borrower's
    log = EvidenceLog(conn)
    p = log.profile
    contacts = log.entries(type="contact")
    times = [e.record.occurred_at for e in contacts]
    doc: dict[str, Any] = {
        "jurisdiction": p.jurisdiction, "timezone": p.timezone, "name": p.name,
        "entries": log.count(), "contacts": len(contacts), "milestones": len(log.entries(type="milestone")),
        "attachments": len(log.attachments()),
        "period": {"first": min(times).isoformat() if times else None,
                   "last": max(times).isoformat() if times else None},
        "last_contact": max(times).isoformat() if times else None,
        "findings": None, "likely_violations": None,
        "partial": None,
    }
    from .partial import marker

    doc["partial"] = marker(conn)
    try:
        from ..rules import evaluate, load_pack

        findings = evaluate(log.contacts(), log.milestones(), p, [load_pack(p.jurisdiction)])
        by = Counter(f.severity for f in findings)
        doc["findings"] = dict(sorted(by.items()))
        doc["likely_violations"] = sum(by.get(s, 0) for s in ("violation", "presumption", "likely_violation"))
    except Exception:  # noqa: BLE001 - no rules for this jurisdiction, or a rule fails: the case still imports
        pass
    conn.close()
    return doc


def _chain_hash_at(conn, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM chain WHERE seq = ?", (seq,)).fetchone()
    return row[0] if row else None


def check_database(share: VerifiedShare, db_bytes: bytes):
    """The decrypted database must be the chain the signed header describes."""
    import hashlib

    from ..vault import _connect
    from ..vault.log import EvidenceLog

    h = share.header
    if hashlib.sha256(db_bytes).hexdigest() != h["db"]["sha256"]:
        raise _not_verified(share.path, _("its database does not match its hash"))
    try:
        conn = _connect(db_bytes, share.path)
    except VaultDamaged:
        raise _not_verified(share.path, _("its database cannot be read")) from None
    report = EvidenceLog(conn).verify()
    if not report.ok:
        raise _not_verified(share.path, _("the borrower's log inside does not verify ({msg})").format(
            msg=report.problems[0].message))
    genesis = conn.execute("SELECT hash, kind, payload FROM chain WHERE seq = 1").fetchone()
    if genesis is None or genesis[1] != "vault" or genesis[0] != h["case_id"] \
            or json.loads(genesis[2]).get("public_key") != base64.b64encode(share.vault_key).decode():
        raise _not_verified(share.path, _("the log's first link does not name the key that signed the share"))
    if report.head != h["head"] or report.links != h["links"]:
        raise _not_verified(share.path, _("the log's head does not match the signed header"))
    from . import partial

    why = partial.check(conn, h.get("partial"), report.withheld)
    if why:
        raise _not_verified(share.path, why)
    return conn


class _Bytes:
    """Take exact byte counts from a stream of chunks."""

    def __init__(self, chunks: Iterator[bytes]):
        self.chunks = chunks
        self.buf = b""

    def take(self, n: int) -> Iterator[bytes]:
        while n > 0:
            if not self.buf:
                self.buf = next(self.chunks, b"")
                if not self.buf:
                    raise EOFError
            piece, self.buf = self.buf[:n], self.buf[n:]
            n -= len(piece)
            yield piece

    def finish(self) -> bool:
        """True when nothing is left (this also authenticates the stream's last chunk)."""
        extra = len(self.buf)
        for chunk in self.chunks:
            extra += len(chunk)
        return extra == 0


def _store_blob(vault_path: Path, data_key: bytes, vault_id: bytes, pieces: Iterator[bytes], sha256: str,
                share_path: Path, created: list[Path]) -> None:
    import hashlib

    from ..vault import crypto
    from ..vault.attachments import PURPOSE, blob_name, store_dir

    folder = store_dir(vault_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    final = folder / blob_name(data_key, sha256)
    tmp = folder / f".tmp-{os.getpid()}-{secrets.token_hex(4)}"
    digest = hashlib.sha256()

    def hashed() -> Iterator[bytes]:
        for p in pieces:
            digest.update(p)
            yield p

    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            crypto.seal_stream(data_key, PURPOSE + vault_id, hashed(), out)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise _not_verified(share_path, _("recording {sha} does not match its hash").format(sha=sha256[:16]))
        if not final.exists():  # a blob's name depends on its content: one the case has is left as it is
            os.replace(tmp, final)
            created.append(final)
    except EOFError:
        raise _not_verified(share_path, _("its contents end early")) from None
    except OSError as e:
        from ..fsutil import write_problem

        why, hint = write_problem(e, folder)
        raise DebtlogError(_("Could not store a recording of the case: {e}. Nothing was imported.").format(
            e=why), hint) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _case_db(db_bytes: bytes, identity: Identity, case_id: str, borrower_fp: str, path: Path) -> bytes:
    """The borrower's database with the case marker and the volunteer's signing key in ``meta``."""
    from ..vault import _connect

    conn = _connect(db_bytes, path)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('signing_key', ?)",
                 (base64.b64encode(identity.ed25519_private).decode(),))
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('case', ?)", (json.dumps(
        {"case_id": case_id, "borrower_fingerprint": borrower_fp,
         "volunteer_fingerprint": identity.public.fingerprint}, sort_keys=True),))
    out = conn.serialize()
    conn.close()
    return out


CHANGE_KINDS = (("contact", "create", "contacts"), ("milestone", "create", "milestones"),
                ("contact", "revise", "corrections"), ("milestone", "revise", "corrections"),
                ("contact", "void", "retractions"), ("milestone", "void", "retractions"),
                ("attachment", "create", "attachments"))


def _changes(conn, after: int, old: dict | None = None) -> dict[str, int]:
    """What a newer share adds: links after ``after`` by kind; ``withheld``: of them, withheld by a partial
    share; ``revealed``: entries from before that the case did not hold (a share covering more)."""
    out = {"links": 0, "contacts": 0, "milestones": 0, "corrections": 0, "retractions": 0, "attachments": 0,
           "other": 0, "withheld": 0, "revealed": 0}
    names = {(k, a): n for k, a, n in CHANGE_KINDS}
    names[("withheld", "")] = "withheld"
    for kind, action in conn.execute("SELECT kind, action FROM chain WHERE seq > ?", (after,)):
        out["links"] += 1
        out[names.get((kind, action), "other")] += 1
    if old is not None:
        (before,) = conn.execute("SELECT COUNT(*) FROM entries WHERE first_link <= ?", (after,)).fetchone()
        out["revealed"] = max(0, before - int((old.get("summary") or {}).get("entries") or 0))
    return out


# -- import ---------------------------------------------------------------------------------

@dataclass
class ImportResult:
    status: str  # imported | updated | unchanged
    name: str
    case_id: str
    borrower_fingerprint: str
    head: str
    links: int
    entries: int
    blobs: int
    exported_at: str
    changes: dict[str, int] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    partial: dict[str, Any] | None = None  # this share is partial: its period and what it withheld
    held: dict[str, Any] | None = None  # "unchanged": what the case holds (None: the whole log)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "case": self.name, "case_id": self.case_id,
                "borrower_fingerprint": self.borrower_fingerprint, "head": self.head, "links": self.links,
                "entries": self.entries, "attachments": self.blobs, "exported_at": self.exported_at,
                "changes": self.changes, "summary": self.summary, "partial": self.partial}


def peek_recipient(home: Path, path: Path) -> None:
    """Before any passphrase is asked: is this a share, and is it sealed to us?"""
    envelope = read_envelope(path)
    check_recipient(path, envelope, load_public(home))


def import_share(home: Path, path: Path, passphrase: str, name: str | None = None,
                 confirm: Callable[[str, dict], bool] | None = None) -> ImportResult:
    """Verify a share and import it as a new case, or update the case it belongs to.

    ``confirm(borrower_fingerprint, header)`` is asked only for a case not seen before;
    returning False imports nothing.
    """
    from ..vault.store import VaultFile, read_header

    envelope = read_envelope(path)
    check_recipient(path, envelope, load_public(home))
    identity = unlock_identity(home, passphrase)
    share = open_share(path, envelope, identity)  # signature verified: now decrypt
    h = share.header
    borrower_fp = share.vault_fingerprint
    reader = _Bytes(share.chunks())
    try:
        db_bytes = b"".join(reader.take(int(h["db"]["size"])))
    except EOFError:
        raise _not_verified(path, _("its contents end early")) from None
    conn = check_database(share, db_bytes)

    with casebook_lock(home):
        book = load_casebook(home, identity.storage_key)
        existing = next((n for n, c in book["cases"].items() if c["case_id"] == h["case_id"]), None)
        changes: dict[str, int] = {}
        if existing is not None:
            from . import partial as pm

            old = book["cases"][existing]
            old_cov, new_cov = old.get("partial"), h.get("partial")
            wider, narrower = pm.contains(new_cov, old_cov), pm.contains(old_cov, new_cov)
            if old["head"] == h["head"]:
                if narrower:  # the same share, or a part of what the case already holds
                    conn.close()
                    return _result("unchanged", existing, h, borrower_fp, {}, old.get("summary", {}))
                if not wider:
                    conn.close()
                    _refuse_other_period(existing, old_cov, new_cov)
                changes = _changes(conn, old["links"], old)
            elif h["links"] > old["links"] and _chain_hash_at(conn, old["links"]) == old["head"]:
                if not wider:
                    conn.close()
                    _refuse_other_period(existing, old_cov, new_cov, newer=True)
                changes = _changes(conn, old["links"], old)
            else:
                conn.close()
                _refuse_older_or_fork(home, existing, old, h, passphrase, path)
            name = existing
        else:
            if confirm is not None and not confirm(borrower_fp, h):
                raise VerificationFailed(_("Not imported: the borrower's fingerprint was not confirmed."),
                                         _("Call the borrower and compare the fingerprint their 'debtlog share' "
                                           "printed; import again when they match."))
            name = check_name(name) if name else _default_name(book, h, borrower_fp)
            if name in book["cases"] or case_path(home, name).exists():
                raise InvalidInput(_("There is already a case called {n}.").format(n=name),
                                   _("Choose another name with --name."))
        conn.close()
        case_db = _case_db(db_bytes, identity, h["case_id"], borrower_fp, path)
        summary = summarize(db_bytes, path)
        del db_bytes
        created: list[Path] = []
        target = case_path(home, name)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        entry = book["cases"].get(name) or {"imported_at": now, "notes": [], "history": []}
        entry.update({"case_id": h["case_id"], "borrower_key": h["vault_key"], "borrower_fingerprint": borrower_fp,
                      "head": h["head"], "links": h["links"], "exported_at": h["exported_at"], "updated_at": now,
                      "summary": summary, "partial": h.get("partial")})
        entry["history"].append({"at": now, "head": h["head"], "links": h["links"], "exported_at": h["exported_at"],
                                 "changes": changes or None, "partial": h.get("partial")})
        book["cases"][name] = entry
        from ..vault.attachments import store_dir

        # The case and the casebook change together: if the casebook cannot be saved (a full disk),
        # the case is put back as it was, so the two never disagree.
        if existing is None:
            _ensure_dir(home)
            staging = cases_dir(home) / f".import-{secrets.token_hex(6)}.debtlog"
            moved_store = placed = False
            try:
                data_key = VaultFile(staging).create(passphrase, case_db)
                with open(staging, "rb") as f:
                    vault_id = read_header(f, staging).vault_id
                _receive_blobs(reader, h, staging, data_key, vault_id, path, created)
                if store_dir(staging).exists():
                    os.replace(store_dir(staging), store_dir(target))
                    moved_store = True
                os.replace(staging, target)
                placed = True
                save_casebook(home, identity.storage_key, book)
            except BaseException:
                shutil.rmtree(store_dir(staging), ignore_errors=True)
                with contextlib.suppress(OSError):
                    os.unlink(staging)
                if moved_store:
                    shutil.rmtree(store_dir(target), ignore_errors=True)
                if placed:
                    with contextlib.suppress(OSError):
                        os.unlink(target)
                raise
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(staging.with_name(staging.name + ".lock"))
        else:
            opened = VaultFile(target).unlock(passphrase, write=True)
            before = cases_dir(home) / f".import-{secrets.token_hex(6)}.before"  # the case as it was
            saved = False
            try:
                _receive_blobs(reader, h, target, opened.data_key, opened.header.vault_id, path, created)
                try:
                    os.link(target, before)  # instant, no space
                except OSError:
                    shutil.copy2(target, before)
                opened.save(case_db)
                saved = True
                save_casebook(home, identity.storage_key, book)
            except BaseException:
                if saved:
                    with contextlib.suppress(OSError):
                        os.replace(before, target)
                for p in created:
                    with contextlib.suppress(OSError):
                        os.unlink(p)
                raise
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(before)
                opened.close()
    return _result("updated" if existing else "imported", name, h, borrower_fp, changes, summary)


def _result(status, name, h, fp, changes, summary) -> ImportResult:
    return ImportResult(status, name, h["case_id"], fp, h["head"], h["links"], h.get("entries", 0), len(h["blobs"]),
                        h["exported_at"], changes, summary, h.get("partial"), summary.get("partial"))


def _receive_blobs(reader: _Bytes, h: dict, vault: Path, data_key: bytes, vault_id: bytes, share_path: Path,
                   created: list[Path]) -> None:
    for b in h["blobs"]:
        _store_blob(vault, data_key, vault_id, reader.take(int(b["size"])), b["sha256"], share_path, created)
    if not reader.finish():
        raise _not_verified(share_path, _("its contents are longer than its header says"))


def _refuse_older_or_fork(home: Path, name: str, old: dict, h: dict, passphrase: str, path: Path) -> None:
    from ..vault import _connect
    from ..vault.store import VaultFile

    opened = VaultFile(case_path(home, name)).unlock(passphrase)
    conn = _connect(opened.db_bytes, case_path(home, name))
    try:
        older = h["links"] < old["links"] and _chain_hash_at(conn, h["links"]) == h["head"]
    finally:
        conn.close()
    if older:
        raise InvalidInput(
            _("This share of case {n} is older than the one you have: it ends at link {a} (exported {ta}); "
              "yours ends at link {b} (exported {tb}). Nothing was changed.").format(
                n=name, a=h["links"], ta=h["exported_at"], b=old["links"], tb=old["exported_at"]),
            _("Ask the borrower for a new share if you expected newer records."),
        )
    raise VerificationFailed(
        _("This share of case {n} does not continue the log you have: the borrower's log now has {a} links "
          "ending in {ha}, yours has {b} ending in {hb}, and neither contains the other. "
          "Nothing was changed.").format(n=name, a=h["links"], ha=h["head"][:16], b=old["links"],
                                           hb=old["head"][:16]),
        _("The borrower's log was rewritten or restored from an older backup: ask them why before relying on "
          "either version. Keep the share file."),
    )


def _refuse_other_period(name: str, old_cov: dict | None, new_cov: dict | None, newer: bool = False) -> None:
    from .partial import describe

    if newer:
        msg = _("This newer share of case {n} covers {new}, but the case holds {old}: importing it would hide "
                "entries you have. Nothing was changed.")
    else:
        msg = _("This share of case {n} covers {new}, a different part of the same log than the {old} you hold. "
                "Nothing was changed.")
    raise InvalidInput(msg.format(n=name, new=describe(new_cov), old=describe(old_cov)),
                       _("Ask the borrower for a share covering at least {old} (or the whole log: share without "
                         "--since/--until).").format(old=describe(old_cov)))


def _default_name(book: dict, h: dict, fp: str) -> str:
    """Not the borrower's name: file names are readable by anyone who sees the folder."""
    base = f"{str(h.get('jurisdiction') or 'case').lower()}-{fp[:9].lower()}"
    name, i = base, 2
    while name in book["cases"]:
        name, i = f"{base}-{i}", i + 1
    return name


# -- signing what a volunteer hands on -----------------------------------------------------

def case_marker(log) -> dict[str, Any] | None:
    """For a case vault: ``{"case_id", "borrower_fingerprint", "volunteer_fingerprint"}``; else None."""
    row = log.conn.execute("SELECT value FROM meta WHERE key = 'case'").fetchone()
    return json.loads(row[0]) if row else None


def case_signing_public_key(log) -> bytes | None:
    """The public key that signs a dossier exported from a case: the volunteer's, not the borrower's.

    The borrower's private key never leaves the borrower's vault, so a dossier made from a case
    is signed by the volunteer (who attests what they received); None for an ordinary vault.
    """
    if case_marker(log) is None:
        return None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(log.signing_key()).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# -- listing, notes, the current case -------------------------------------------------------

def known_case(home: Path, name: str) -> Path:
    from .passwd import finish_pending

    name = check_name(name)
    finish_pending(home)  # a passphrase change killed half-way: complete it first
    path = case_path(home, name)
    if not path.exists():
        raise InvalidInput(_("There is no case called {n}.").format(n=name),
                           _("See your cases with: debtlog cases list (if a case is open: debtlog cases close)"))
    return path


def list_cases(home: Path, passphrase: str) -> list[dict[str, Any]]:
    identity = unlock_identity(home, passphrase)
    book = load_casebook(home, identity.storage_key)
    current = current_case(home)
    out = []
    for name in sorted(book["cases"]):
        c = book["cases"][name]
        s = c.get("summary", {})
        out.append({
            "name": name, "case_id": c["case_id"], "borrower_fingerprint": c["borrower_fingerprint"],
            "jurisdiction": s.get("jurisdiction"), "timezone": s.get("timezone"), "period": s.get("period"),
            "entries": s.get("entries"), "contacts": s.get("contacts"), "attachments": s.get("attachments"),
            "likely_violations": s.get("likely_violations"), "findings": s.get("findings"),
            "last_contact": s.get("last_contact"), "head": c["head"], "links": c["links"],
            "exported_at": c["exported_at"], "imported_at": c["imported_at"], "updated_at": c["updated_at"],
            "partial": c.get("partial"),
            "notes": len(c.get("notes", [])), "current": name == current,
            "missing": not case_path(home, name).exists(),
        })
    return out


def case_details(home: Path, passphrase: str, name: str) -> dict[str, Any]:
    name = check_name(name)
    identity = unlock_identity(home, passphrase)
    book = load_casebook(home, identity.storage_key)
    if name not in book["cases"]:
        raise InvalidInput(_("There is no case called {n}.").format(n=name), _("See your cases with: debtlog cases list"))
    return {"name": name, **book["cases"][name]}


def add_note(home: Path, passphrase: str, name: str, text: str) -> dict[str, Any]:
    name = check_name(name)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("The note is empty."))
    identity = unlock_identity(home, passphrase)
    with casebook_lock(home):
        book = load_casebook(home, identity.storage_key)
        if name not in book["cases"]:
            raise InvalidInput(_("There is no case called {n}.").format(n=name),
                               _("See your cases with: debtlog cases list"))
        note = {"at": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"), "text": text,
                "by": identity.public.fingerprint}
        book["cases"][name].setdefault("notes", []).append(note)
        save_casebook(home, identity.storage_key, book)
    return note


def current_case(home: Path) -> str | None:
    try:
        name = current_path(home).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def open_case(home: Path, name: str) -> Path:
    path = known_case(home, name)
    write_private_file(current_path(home), (check_name(name) + "\n").encode("utf-8"))
    return path


def close_case(home: Path) -> str | None:
    name = current_case(home)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(current_path(home))
    return name


__all__ = ["import_share", "list_cases", "add_note", "case_details", "open_case", "close_case", "current_case",
           "peek_recipient", "vault_fingerprint"]


# -- removing a case ------------------------------------------------------------------------

def case_names(home: Path, book: dict[str, Any] | None = None) -> list[str]:
    """Every case: those in the casebook and any case file in the folder."""
    names = set((book or {}).get("cases", {}))
    with contextlib.suppress(OSError):
        names.update(p.name[:-len(".debtlog")] for p in cases_dir(home).glob("*.debtlog") if not p.name.startswith("."))
    return sorted(names)


def no_such_case(name: str, names: list[str]) -> InvalidInput:
    return InvalidInput(
        _("There is no case called {n}.").format(n=name),
        _("Your cases: {names}.").format(names=", ".join(names)) if names else _("You have no cases yet."),
    )


def case_to_remove(home: Path, passphrase: str, name: str) -> dict[str, Any]:
    """What ``remove_case`` would delete (for the confirmation): checks the name and the passphrase."""
    name = check_name(name)
    identity = unlock_identity(home, passphrase)
    book = load_casebook(home, identity.storage_key)
    if name not in book["cases"] and not case_path(home, name).exists():
        raise no_such_case(name, case_names(home, book))
    return _removal_summary(home, name, book)


def _removal_summary(home: Path, name: str, book: dict[str, Any]) -> dict[str, Any]:
    from ..vault.attachments import store_dir

    c = book["cases"].get(name, {})
    s = c.get("summary") or {}
    store = store_dir(case_path(home, name))
    files = sum(1 for p in store.iterdir() if p.is_file()) if store.is_dir() else 0
    return {"case": name, "case_id": c.get("case_id"), "borrower_fingerprint": c.get("borrower_fingerprint"),
            "entries": s.get("entries"), "attachments": files, "notes": len(c.get("notes") or [])}


def remove_case(home: Path, passphrase: str, name: str) -> dict[str, Any]:
    """Delete a case: its vault, its recordings and the volunteer's notes on it.

    Crash-safe order: the case's files are first renamed out of the way (one atomic rename
    each), then the casebook is saved without the case, then the renamed files are deleted. A
    crash before the casebook is saved leaves a listed case with its file missing (removing it
    again finishes the job); after, only a ``.removed-*`` leftover that the next removal deletes.
    """
    from ..vault.attachments import store_dir

    name = check_name(name)
    identity = unlock_identity(home, passphrase)
    with casebook_lock(home):
        book = load_casebook(home, identity.storage_key)
        path = case_path(home, name)
        if name not in book["cases"] and not path.exists():
            raise no_such_case(name, case_names(home, book))
        summary = _removal_summary(home, name, book)
        folder = cases_dir(home)
        for old in folder.glob(".removed-*"):  # left by a removal that was killed
            _delete(old)
        token = secrets.token_hex(6)
        moved: list[tuple[Path, Path]] = []
        try:
            for p in (path, store_dir(path)):
                if p.exists():
                    target = folder / f".removed-{token}-{p.name}"
                    os.replace(p, target)
                    moved.append((p, target))
            if name in book["cases"]:
                del book["cases"][name]
                save_casebook(home, identity.storage_key, book)
        except OSError:  # a full disk, a read-only folder: put the case back, nothing is removed
            for p, target in reversed(moved):
                with contextlib.suppress(OSError):
                    os.replace(target, p)
            raise
        with contextlib.suppress(OSError):
            os.unlink(path.with_name(path.name + ".lock"))
        for _p, target in moved:
            _delete(target)
    if current_case(home) == name:
        close_case(home)
    return summary


def _delete(p: Path) -> None:
    if p.is_dir():
        shutil.rmtree(p, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(p)
