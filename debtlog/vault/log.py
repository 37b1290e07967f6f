"""The evidence log: records in, records out, every change a link in the hash chain.

This is debtlog's library API (the CLI only parses arguments and calls it). It works on the
in-memory SQLite connection holding the decrypted vault; ``debtlog.vault.open_log`` opens
and saves it. Nothing here knows about rules or rendering.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any, Iterable, Iterator
from zoneinfo import ZoneInfo

from ..errors import InvalidInput
from ..i18n import _
from ..models import Contact, Milestone, Profile
from ..records import (
    canonical_json,
    contact_from_payload,
    contact_json,
    milestone_from_payload,
    payload_of,
)

GENESIS = "0" * 64
_sha256 = hashlib.sha256
CHAIN_INSERT = "INSERT INTO chain (seq, kind, action, ref, recorded_at, payload, prev, hash) VALUES (?,?,?,?,?,?,?,?)"
ENTRY_INSERT = ("INSERT OR REPLACE INTO entries (id, type, source_id, link, first_link, revision, voided, occurred_utc,"
                " channel, number, agency_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
# A new entry (a batched ``add``): its id is new and its source id was checked, so a plain INSERT,
# which SQLite does in about two thirds of the time of INSERT OR REPLACE (no conflict search), and
# which fails loudly instead of replacing a row if that ever stopped being true.
ENTRY_INSERT_NEW = ENTRY_INSERT.replace("INSERT OR REPLACE", "INSERT", 1)
# During a big bulk insert the secondary indexes of these tables are dropped and built again
# at the end: building an index from sorted rows costs about a third of maintaining it row by
# row (docs/importing.md, "Speed and memory").
BULK_INDEX_TABLES = ("chain", "entries")
LINK_PREFIX = "debtlog-link-v1"
# A link of a partial share whose content the borrower withheld: only seq, prev and hash are
# kept (debtlog/sharing/partial.py). verify accepts it only where meta 'partial' says so.
WITHHELD = "withheld"


def link_hash(prev: str, seq: int, kind: str, action: str, ref: int | None, recorded_at: str, payload: str) -> str:
    """SHA-256 of one chain link (docs/vault-format.md, "Hash chain")."""
    text = "\n".join((LINK_PREFIX, prev, str(seq), kind, action, "" if ref is None else str(ref), recorded_at, payload))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def readable_filename(name: str) -> str:
    """A file name as text that can be stored and hashed.

    A name that is not UTF-8 on disk (cp1251 from an old SD card) reaches Python with its
    undecodable bytes as lone surrogates, which no JSON text may hold: those bytes are kept,
    written as \\xNN, so nothing of the name is lost or guessed.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        import os

        return os.fsencode(name).decode("utf-8", "backslashreplace")


def fold(name: str | None) -> str | None:
    """The matching key of a name: case- and space-insensitive, for any script."""
    return " ".join(name.casefold().split()) if name else None


def _utc_seconds(record: Contact | Milestone, tz: str) -> float:
    if isinstance(record, Contact):
        return record.occurred_at.timestamp()
    at = record.at
    if isinstance(at, datetime):
        return at.timestamp()
    return datetime.combine(at, time(0), ZoneInfo(record.timezone or tz)).timestamp()


@dataclass
class Entry:
    """A contact or milestone as stored: the record plus its place in the log."""

    id: int
    type: str
    record: Contact | Milestone
    payload: dict[str, Any]
    recorded_at: str
    hash: str
    revision: int
    voided: bool
    void_reason: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The contract's ``list --json`` entry object."""
        d: dict[str, Any] = {"id": self.id}
        d.update({k: v for k, v in self.payload.items() if k != "timezone"})
        d["timezone"] = self.payload.get("timezone")
        d["recorded_at"] = self.recorded_at
        d["revision"] = self.revision
        d["voided"] = self.voided
        if self.voided:
            d["void_reason"] = self.void_reason
        d["attachments"] = self.attachments
        d["hash"] = self.hash
        return d


@dataclass
class Link:
    seq: int
    kind: str
    action: str
    ref: int | None
    recorded_at: str
    payload: dict[str, Any]
    prev: str
    hash: str


@dataclass
class ChainProblem:
    seq: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"link": self.seq, "message": self.message}


@dataclass
class VerifyReport:
    links: int
    head: str
    problems: list[ChainProblem]
    withheld: int = 0  # links whose content a partial share withheld (only their hash is known)

    @property
    def ok(self) -> bool:
        return not self.problems


class EvidenceLog:
    discard = False  # set by --dry-run: the session then does not save
    vault_file = None  # the OpenVault this log came from (for passwd)

    def __init__(self, conn):
        self.conn = conn
        self._profile: Profile | None = None
        self._head: tuple[int, str] | None = None
        self._collector_numbers: dict[str, str] | None = None
        self._next_id: int | None = None
        self._tz: ZoneInfo | None = None
        self._batch: dict[str, list] | None = None
        self._batch_size = 2000
        self._pending_sources: set[str] = set()
        self._learned: dict[str, list[str]] = {}
        self._bulk_rows = 0
        self._bulk_base: int | None = None
        self._dropped: list[str] | None = None
        self._keep_indexes = False

    # -- the chain ------------------------------------------------------------------------
    def _chain_head(self) -> tuple[int, str]:
        if self._head is None:
            row = self.conn.execute("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
            self._head = (row[0], row[1]) if row else (0, GENESIS)
        return self._head

    def _now(self) -> str:
        """recorded_at: stamped by the tool, in the debtor's time zone, to the second."""
        if self._tz is None:
            self._tz = ZoneInfo(self.profile.timezone)
        return datetime.now(self._tz).isoformat(timespec="seconds")

    def append(self, kind: str, action: str, ref: int | None, payload: dict[str, Any],
               recorded_at: str | None = None) -> tuple[int, str]:
        seq, prev = self._chain_head()
        seq += 1
        text = canonical_json(payload)
        recorded_at = recorded_at or self._now()
        h = link_hash(prev, seq, kind, action, ref, recorded_at, text)
        row = (seq, kind, action, ref, recorded_at, text, prev, h)
        if self._batch is not None:
            self._batch["chain"].append(row)
        else:
            self.conn.execute(CHAIN_INSERT, row)
        self._head = (seq, h)
        return seq, h

    @contextlib.contextmanager
    def bulk(self, size: int = 2000) -> Iterator[None]:
        """Batch the inserts of many ``add`` calls (imports): one executemany per ``size`` rows.

        When the batch grows as large as the log already was, the secondary indexes of the
        chain and the entries are dropped and built again when the block ends (the same
        indexes, from their own SQL): the rows and the chain are exactly what ``add`` one by
        one would have stored. A read that needs them (``add_attachment``) builds them first.
        """
        self._batch = {"chain": [], "entries": []}
        self._batch_size = size
        self._bulk_rows = 0
        self._bulk_base = None
        self._dropped = None
        self._keep_indexes = False
        try:
            yield
        finally:
            try:
                self._flush()
            finally:
                self._restore_indexes()
            self._batch = None
            self._pending_sources = set()
            learned, self._learned = self._learned, {}
            for agency, numbers in learned.items():
                for n in numbers:
                    del self._collector_numbers[n]  # not saved yet: let save_collector add them
                self.save_collector(agency, numbers=numbers, result=False)

    def _flush(self, more_to_come: bool = False) -> None:
        if self._batch:
            if more_to_come and self._dropped is None and not self._keep_indexes:
                self._maybe_drop_indexes()
            self.conn.executemany(CHAIN_INSERT, self._batch["chain"])
            self.conn.executemany(ENTRY_INSERT_NEW, self._batch["entries"])
            self._bulk_rows += len(self._batch["entries"])
            self._batch["chain"].clear()
            self._batch["entries"].clear()

    def _maybe_drop_indexes(self) -> None:
        """Drop the secondary indexes once this bulk insert is at least as big as the log was."""
        if self._bulk_base is None:
            self._bulk_base = self.conn.execute("SELECT COUNT(*) FROM chain").fetchone()[0]
        if self._bulk_rows + len(self._batch["chain"]) < self._bulk_base:
            return
        marks = ",".join("?" * len(BULK_INDEX_TABLES))
        rows = self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) AND sql IS NOT NULL "
            "ORDER BY rowid", BULK_INDEX_TABLES).fetchall()
        for name, _sql in rows:
            self.conn.execute(f'DROP INDEX "{name}"')
        self._dropped = [r[1] for r in rows]

    def _restore_indexes(self) -> None:
        """Build the indexes dropped for a bulk insert again; no more are dropped in this bulk."""
        self._keep_indexes = True
        dropped, self._dropped = self._dropped, None
        for sql in dropped or ():
            self.conn.execute(sql)

    @property
    def head(self) -> str:
        return self._chain_head()[1]

    def links(self, kind: str | None = None, ref: int | None = None) -> list[Link]:
        sql = "SELECT seq, kind, action, ref, recorded_at, payload, prev, hash FROM chain"
        args: list[Any] = []
        if kind is not None:
            sql += " WHERE kind = ? AND ref = ?"
            args = [kind, ref]
        sql += " ORDER BY seq"
        return [Link(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in self.conn.execute(sql, args)]

    # -- the profile ----------------------------------------------------------------------
    def initialise(self, profile: Profile, public_key: bytes, private_key: bytes) -> None:
        import base64

        self.conn.execute("INSERT INTO meta (key, value) VALUES ('profile', ?)", (canonical_json(profile.to_dict()),))
        self.conn.execute("INSERT INTO meta (key, value) VALUES ('signing_key', ?)",
                          (base64.b64encode(private_key).decode(),))
        self._profile = profile
        self.append("vault", "create", None, {
            "profile": profile.to_dict(),
            "public_key": base64.b64encode(public_key).decode(),
            "tool": "debtlog",
        })

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            row = self.conn.execute("SELECT value FROM meta WHERE key='profile'").fetchone()
            if row is None:
                raise InvalidInput(_("This vault has no profile yet."), _("Run: debtlog init"))
            self._profile = Profile(**json.loads(row[0]))
        return self._profile

    def set_profile(self, profile: Profile, reason: str | None = None) -> None:
        self.conn.execute("UPDATE meta SET value = ? WHERE key = 'profile'", (canonical_json(profile.to_dict()),))
        self._profile = profile
        self._tz = None
        self.append("profile", "update", None, {"profile": profile.to_dict(), "reason": reason})

    def signing_key(self) -> bytes:
        import base64

        row = self.conn.execute("SELECT value FROM meta WHERE key='signing_key'").fetchone()
        return base64.b64decode(row[0])

    # -- adding records -------------------------------------------------------------------
    def has_source_id(self, source_id: str) -> bool:
        if source_id in self._pending_sources:
            return True
        return self.conn.execute("SELECT 1 FROM entries WHERE source_id = ?", (source_id,)).fetchone() is not None

    def add(self, record: Contact | Milestone, recorded_at: str | None = None, fast: bool = False) -> Entry | int:
        """Append a contact or milestone; returns it with its id and chain hash.

        ``fast`` (bulk imports): the caller has checked for duplicates; only the new id is returned.
        """
        if fast and self._batch is not None and record.__class__ is Contact:
            return self._add_contact(record, recorded_at or self._now())
        if record.timezone is None:
            record = replace(record, timezone=self.profile.timezone)
        if not fast and record.source_id is not None and self.has_source_id(record.source_id):
            raise InvalidInput(_("A record with source_id '{s}' is already in the log.").format(s=record.source_id))
        if self._next_id is None:
            self._next_id = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0] + 1
        entry_id = self._next_id
        self._next_id += 1
        kind = "contact" if isinstance(record, Contact) else "milestone"
        payload = payload_of(record)
        recorded_at = recorded_at or self._now()
        seq, h = self.append(kind, "create", entry_id, payload, recorded_at)
        self._index(entry_id, kind, record, seq, seq, 1, False)
        if isinstance(record, Contact) and record.agency and record.number:
            self.learn_number(record.agency, record.number)
        if fast:
            return entry_id
        return self._entry_from(entry_id, kind, payload, recorded_at, h, 1, False)

    def _add_contact(self, record: Contact, recorded_at: str) -> int:
        """``add(record, fast=True)`` inside ``bulk()``: the same link and row, without the detours.

        The payload's canonical JSON comes from a template (``contact_json``), the link hash
        is computed in place, and the rows go straight into the batch. What is stored is
        exactly what ``append`` and ``_index`` store (tests/test_bulk_write.py compares the two).
        """
        d = record.__dict__
        tz = d["timezone"]
        if tz is None:
            tz = self.profile.timezone
        text = contact_json(record, tz)
        if self._next_id is None:
            self._next_id = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0] + 1
        entry_id = self._next_id
        self._next_id = entry_id + 1
        seq, prev = self._head or self._chain_head()
        seq += 1
        h = _sha256(f"{LINK_PREFIX}\n{prev}\n{seq}\ncontact\ncreate\n{entry_id}\n{recorded_at}\n{text}"
                    .encode("utf-8")).hexdigest()
        self._head = (seq, h)
        batch = self._batch
        batch["chain"].append((seq, "contact", "create", entry_id, recorded_at, text, prev, h))
        entries = batch["entries"]
        agency = d["agency"]
        source_id = d["source_id"]
        number = d["number"]
        entries.append((entry_id, "contact", source_id, seq, seq, 1, 0, d["occurred_at"].timestamp(), d["channel"],
                        number, " ".join(agency.casefold().split()) if agency else None))
        if source_id is not None:
            self._pending_sources.add(source_id)
        if agency and number:
            self.learn_number(agency, number)
        if len(entries) >= self._batch_size:
            self._flush(more_to_come=True)
        return entry_id

    def _index(self, entry_id, kind, record, link, first_link, revision, voided) -> None:
        is_contact = isinstance(record, Contact)
        row = (
            entry_id, kind, record.source_id, link, first_link, revision, int(voided),
            _utc_seconds(record, self.profile.timezone),
            record.channel if is_contact else None,
            record.number if is_contact else None,
            fold(record.agency),
        )
        if self._batch is not None and revision == 1:
            self._batch["entries"].append(row)
            if record.source_id is not None:
                self._pending_sources.add(record.source_id)
            if len(self._batch["entries"]) >= self._batch_size:
                self._flush(more_to_come=True)
        else:
            self.conn.execute(ENTRY_INSERT, row)

    def _entry_from(self, entry_id, kind, payload, recorded_at, h, revision, voided, void_reason=None) -> Entry:
        extra = {"id": entry_id, "revision": revision, "voided": voided}
        record = contact_from_payload(payload, **extra) if kind == "contact" else milestone_from_payload(payload, **extra)
        return Entry(entry_id, kind, record, payload, recorded_at, h, revision, voided, void_reason)

    # -- correcting -----------------------------------------------------------------------
    def revise(self, entry_id: int, record: Contact | Milestone, reason: str) -> Entry:
        """A new revision of an entry; the old one stays in the chain, visible in ``history``."""
        current = self.get(entry_id)
        if current.voided:
            raise InvalidInput(_("Entry {id} was voided; a voided entry cannot be edited.").format(id=entry_id))
        if not reason or not reason.strip():
            raise InvalidInput(_("A correction needs a reason (--reason)."),
                               _("Say why, e.g. --reason \"wrong time, the call was at 22:40\"."))
        kind = current.type
        record = replace(record, timezone=record.timezone or current.record.timezone, source_id=current.record.source_id)
        payload = payload_of(record)
        if payload == current.payload:
            raise InvalidInput(_("Nothing to change: the new values are the same as entry {id}'s.").format(id=entry_id))
        first = self.conn.execute("SELECT first_link FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
        seq, h = self.append(kind, "revise", entry_id, {"record": payload, "reason": reason.strip(),
                                                          "replaces": current.hash})
        self._index(entry_id, kind, record, seq, first, current.revision + 1, False)
        return self.get(entry_id)

    def void(self, entry_id: int, reason: str) -> Entry:
        current = self.get(entry_id)
        if current.voided:
            raise InvalidInput(_("Entry {id} is already voided.").format(id=entry_id))
        if not reason or not reason.strip():
            raise InvalidInput(_("A retraction needs a reason (--reason)."))
        self.append(current.type, "void", entry_id, {"reason": reason.strip(), "replaces": current.hash})
        self.conn.execute("UPDATE entries SET voided = 1 WHERE id = ?", (entry_id,))
        return self.get(entry_id)

    # -- reading --------------------------------------------------------------------------
    def get(self, entry_id: int) -> Entry:
        rows = list(self._query("WHERE e.id = ?", [entry_id]))
        if not rows:
            raise InvalidInput(_("There is no entry {id}.").format(id=entry_id), _("See the ids with: debtlog list"))
        return rows[0]

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def entries(self, *, since: datetime | None = None, until: datetime | None = None, agency: str | None = None,
                number: str | None = None, channel: str | None = None, type: str | None = None,
                include_voided: bool = False, last: int | None = None) -> list[Entry]:
        where, args = [], []
        if since is not None:
            where.append("e.occurred_utc >= ?")
            args.append(since.timestamp())
        if until is not None:
            where.append("e.occurred_utc < ?")
            args.append(until.timestamp())
        if agency:
            where.append("e.agency_key = ?")
            args.append(fold(agency))
        if number:
            where.append("e.number = ?")
            args.append(number)
        if channel:
            where.append("e.channel = ?")
            args.append(channel)
        if type:
            where.append("e.type = ?")
            args.append(type)
        if not include_voided:
            where.append("e.voided = 0")
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        if last is not None:
            rows = list(self._query(clause, args, order="ORDER BY e.occurred_utc DESC, e.id DESC", limit=last))
            rows.reverse()
            return rows
        return list(self._query(clause, args))

    def _query(self, clause: str, args: list, order: str = "ORDER BY e.occurred_utc, e.id",
               limit: int | None = None) -> Iterator[Entry]:
        sql = (
            "SELECT e.id, e.type, e.revision, e.voided, c.kind, c.action, c.payload, c.hash, "
            " (SELECT recorded_at FROM chain WHERE seq = e.first_link), "
            " (SELECT payload FROM chain WHERE kind = e.type AND ref = e.id AND action = 'void' ORDER BY seq DESC LIMIT 1) "
            f"FROM entries e JOIN chain c ON c.seq = e.link {clause} {order}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.conn.execute(sql, args).fetchall()
        attachments = self._attachments_for([r[0] for r in rows])
        for r in rows:
            payload = json.loads(r[6])
            if r[5] == "revise":
                payload = payload["record"]
            void_reason = json.loads(r[9])["reason"] if r[9] else None
            e = self._entry_from(r[0], r[1], payload, r[8], r[7], r[2], bool(r[3]), void_reason)
            e.attachments = attachments.get(r[0], [])
            # The entry's hash is its newest link, the void included.
            if r[3]:
                e.hash = self.conn.execute(
                    "SELECT hash FROM chain WHERE kind = ? AND ref = ? ORDER BY seq DESC LIMIT 1", (r[1], r[0])
                ).fetchone()[0]
            yield e

    def _attachments_for(self, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        if not ids or not self.conn.execute("SELECT 1 FROM attachments LIMIT 1").fetchone():
            return {}
        out: dict[int, list[dict[str, Any]]] = {}
        for chunk_start in range(0, len(ids), 500):
            part = ids[chunk_start:chunk_start + 500]
            q = ",".join("?" * len(part))
            for r in self.conn.execute(
                f"SELECT entry_id, sha256, filename, media_type, size, duration_s FROM attachments "
                f"WHERE entry_id IN ({q}) ORDER BY link", part
            ):
                out.setdefault(r[0], []).append(
                    {"sha256": r[1], "filename": r[2], "media_type": r[3], "size": r[4], "duration_s": r[5]}
                )
        return out

    def contacts(self) -> list[Contact]:
        """Every live (not voided) contact, current revisions, in time order: what the rules read."""
        return self._records("contact", contact_from_payload)  # type: ignore[return-value]

    def milestones(self) -> list[Milestone]:
        return self._records("milestone", milestone_from_payload)  # type: ignore[return-value]

    def _records(self, kind: str, build) -> list:
        # check reads every contact, so this is lean: no attachments or void reasons, and the
        # payloads come back as ONE JSON array built by SQLite (one json.loads, not one per row:
        # about a quarter less time at 100,000 contacts).
        text = self.conn.execute(
            "SELECT '[' || group_concat(item, ',') || ']' FROM (SELECT '[' || e.occurred_utc || ',' || e.id || ',' "
            "|| e.revision || ',' || CASE WHEN c.action = 'revise' THEN json_extract(c.payload, '$.record') "
            "ELSE c.payload END || ']' AS item FROM entries e JOIN chain c ON c.seq = e.link "
            "WHERE e.type = ? AND e.voided = 0)", (kind,)
        ).fetchone()[0]
        if not text:
            return []
        rows = json.loads(text)
        rows.sort(key=lambda r: (r[0], r[1]))
        return [build(p, id=entry_id, revision=revision) for _t, entry_id, revision, p in rows]

    def history(self, entry_id: int) -> list[Link]:
        kind = self.get(entry_id).type
        return self.links(kind, entry_id)

    def last_agency(self) -> str | None:
        row = self.conn.execute(
            "SELECT c.payload, c.action FROM entries e JOIN chain c ON c.seq = e.link "
            "WHERE e.agency_key IS NOT NULL AND e.voided = 0 ORDER BY e.link DESC LIMIT 1"
        ).fetchone()
        if not row:
            return None
        payload = json.loads(row[0])
        return (payload["record"] if row[1] == "revise" else payload).get("agency")

    # -- attachments ----------------------------------------------------------------------
    def add_attachment(self, entry_id: int, *, sha256: str, size: int, filename: str | None,
                       media_type: str | None, duration_s: float | None = None) -> dict[str, Any]:
        """Link a stored original to an entry (the blob is written before this is saved)."""
        if filename is not None:
            filename = readable_filename(filename)
        if self._batch is not None:
            self._flush()  # during a bulk import the entry may still be in the pending batch
            self._restore_indexes()  # and get() needs them
        self.get(entry_id)
        exists = self.conn.execute("SELECT 1 FROM attachments WHERE entry_id = ? AND sha256 = ?",
                                   (entry_id, sha256)).fetchone()
        if exists:
            raise InvalidInput(_("Entry {id} already has this file (SHA-256 {sha}).").format(id=entry_id, sha=sha256[:16]))
        info = {"entry_id": entry_id, "sha256": sha256, "filename": filename, "media_type": media_type,
                "size": size, "duration_s": duration_s}
        seq, _h = self.append("attachment", "create", entry_id, info)
        self.conn.execute(
            "INSERT INTO attachments (sha256, entry_id, filename, media_type, size, duration_s, link) VALUES (?,?,?,?,?,?,?)",
            (sha256, entry_id, filename, media_type, size, duration_s, seq),
        )
        return info

    def attachments(self) -> list[dict[str, Any]]:
        return [
            {"sha256": r[0], "entry_id": r[1], "filename": r[2], "media_type": r[3], "size": r[4], "duration_s": r[5]}
            for r in self.conn.execute(
                "SELECT sha256, entry_id, filename, media_type, size, duration_s FROM attachments ORDER BY link")
        ]

    # -- collectors -----------------------------------------------------------------------
    # A collector's links store what changed (new numbers, new people, a note), so learning
    # one more number costs one small link, not a copy of everything known so far.
    def collectors(self) -> list[dict[str, Any]]:
        out = []
        numbers: dict[int, list[str]] = {}
        for n, cid in self.conn.execute("SELECT number, collector_id FROM collector_numbers ORDER BY rowid"):
            numbers.setdefault(cid, []).append(n)
        tz = ZoneInfo(self.profile.timezone)
        for cid, name, people, note in self.conn.execute("SELECT id, name, people, note FROM collectors ORDER BY key"):
            count, last = self.conn.execute(
                "SELECT COUNT(*), MAX(occurred_utc) FROM entries WHERE agency_key = ? AND voided = 0", (fold(name),)
            ).fetchone()
            out.append({"id": cid, "name": name, "numbers": numbers.get(cid, []), "people": json.loads(people),
                        "note": note, "contacts": count,
                        "last_contact": datetime.fromtimestamp(last, tz).isoformat() if last is not None else None})
        return out

    def collector_for_number(self, number: str | None) -> str | None:
        if not number:
            return None
        return self.known_numbers().get(number)

    def known_numbers(self) -> dict[str, str]:
        """Every number known to belong to a collector, with the collector's name."""
        if self._collector_numbers is None:
            self._collector_numbers = dict(self.conn.execute(
                "SELECT n.number, c.name FROM collector_numbers n JOIN collectors c ON c.id = n.collector_id"))
        return self._collector_numbers

    def save_collector(self, name: str, numbers: Iterable[str] = (), people: Iterable[str] = (),
                       note: str | None = None, result: bool = True) -> dict[str, Any] | None:
        """Create a collector or add numbers, people or a note to it (nothing is ever removed)."""
        name = " ".join(name.split())
        if not name:
            raise InvalidInput(_("A collector needs a name."))
        row = self.conn.execute("SELECT id, name, people, note FROM collectors WHERE key = ?", (fold(name),)).fetchone()
        if row:
            cid, name, known_people, old_note = row[0], row[1], json.loads(row[2]), row[3]
            action = "update"
        else:
            cid = (self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM collectors").fetchone()[0]) + 1
            known_people, old_note, action = [], None, "create"
        owners = self.known_numbers()
        new_numbers = []
        for n in dict.fromkeys(numbers):
            owner = owners.get(n)
            if owner is None:
                new_numbers.append(n)
            elif fold(owner) != fold(name):
                raise InvalidInput(_("The number {n} already belongs to the collector '{owner}'.").format(n=n, owner=owner))
        new_people = [p for p in dict.fromkeys(" ".join(p.split()) for p in people) if p and p not in known_people]
        new_note = note.strip() if note and note.strip() and note.strip() != old_note else None
        if row and not (new_numbers or new_people or new_note):
            return self._collector_dict(cid)
        seq, _h = self.append("collector", action, cid,
                              {"name": name, "numbers": new_numbers, "people": new_people, "note": new_note})
        self.conn.execute(
            "INSERT OR REPLACE INTO collectors (id, name, key, link, people, note) VALUES (?,?,?,?,?,?)",
            (cid, name, fold(name), seq, canonical_json(known_people + new_people), new_note or old_note),
        )
        self.conn.executemany("INSERT INTO collector_numbers (number, collector_id) VALUES (?, ?)",
                              [(n, cid) for n in new_numbers])
        for n in new_numbers:
            owners[n] = name
        return self._collector_dict(cid) if result else None

    def _collector_dict(self, cid: int) -> dict[str, Any]:
        name, people, note = self.conn.execute("SELECT name, people, note FROM collectors WHERE id = ?", (cid,)).fetchone()
        numbers = [r[0] for r in self.conn.execute(
            "SELECT number FROM collector_numbers WHERE collector_id = ? ORDER BY rowid", (cid,))]
        return {"id": cid, "name": name, "numbers": numbers, "people": json.loads(people), "note": note}

    def learn_number(self, agency: str, number: str) -> None:
        """Remember which agency used a number, so it is recognised next time.

        During a bulk import the numbers are gathered and saved as one link per agency.
        """
        known = self.known_numbers()
        if number in known:
            return
        if self._batch is not None:
            self._learned.setdefault(agency, []).append(number)
            known[number] = agency
            return
        self.save_collector(agency, numbers=[number], result=False)

    # -- debts ----------------------------------------------------------------------------
    DEBT_KEYS = ("creditor", "agency", "reference", "amount", "currency", "origin", "note")

    def save_debt(self, debt_id: int | None = None, **fields: Any) -> dict[str, Any]:
        unknown = set(fields) - set(self.DEBT_KEYS)
        if unknown:
            raise InvalidInput(_("Unknown debt field(s): {f}").format(f=", ".join(sorted(unknown))))
        if debt_id is None:
            if not (fields.get("creditor") or fields.get("reference")):
                raise InvalidInput(_("A debt needs at least a creditor or a reference (--creditor, --reference)."))
            debt_id = (self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM debts").fetchone()[0]) + 1
            payload = {k: fields.get(k) for k in self.DEBT_KEYS}
            action = "create"
        else:
            current = self.debt(debt_id)
            payload = {k: current.get(k) for k in self.DEBT_KEYS}
            payload.update({k: v for k, v in fields.items() if v is not None})
            action = "update"
        seq, _h = self.append("debt", action, debt_id, payload)
        self.conn.execute("INSERT OR REPLACE INTO debts (id, link) VALUES (?, ?)", (debt_id, seq))
        return {"id": debt_id, **payload}

    def debt(self, debt_id: int) -> dict[str, Any]:
        row = self.conn.execute(
            "SELECT c.payload FROM debts d JOIN chain c ON c.seq = d.link WHERE d.id = ?", (debt_id,)
        ).fetchone()
        if not row:
            raise InvalidInput(_("There is no debt {id}.").format(id=debt_id), _("See them with: debtlog debts list"))
        return {"id": debt_id, **json.loads(row[0])}

    def debts(self) -> list[dict[str, Any]]:
        return [
            {"id": r[0], **json.loads(r[1])}
            for r in self.conn.execute("SELECT d.id, c.payload FROM debts d JOIN chain c ON c.seq = d.link ORDER BY d.id")
        ]

    # -- verification ---------------------------------------------------------------------
    def verify(self) -> VerifyReport:
        """Walk the hash chain, then check that the tables agree with it."""
        problems: list[ChainProblem] = []
        prev = GENESIS
        expected_seq = 1
        count = 0
        withheld = 0
        partial = self.conn.execute("SELECT 1 FROM meta WHERE key = 'partial'").fetchone() is not None
        rows = self.conn.execute(
            "SELECT seq, kind, action, ref, recorded_at, payload, prev, hash FROM chain ORDER BY seq"
        )
        state: dict[tuple[str, int], dict[str, Any]] = {}
        collectors: dict[int, dict[str, Any]] = {}
        debts: dict[int, int] = {}
        for seq, kind, action, ref, recorded_at, payload, stored_prev, stored_hash in rows:
            count += 1
            if seq != expected_seq:
                problems.append(ChainProblem(seq, _("link {n} is missing: the chain jumps from {a} to {b}")
                                             .format(n=expected_seq, a=expected_seq - 1, b=seq)))
                break
            if stored_prev != prev:
                problems.append(ChainProblem(seq, _("link {n} does not point to the link before it "
                                                    "(a link was removed, inserted or replaced)").format(n=seq)))
                break
            if kind == WITHHELD and partial:  # its place in the chain is all a partial share shows
                prev = stored_hash
                expected_seq += 1
                withheld += 1
                continue
            if link_hash(prev, seq, kind, action, ref, recorded_at, payload) != stored_hash:
                what = _describe(kind, action, ref, recorded_at)
                problems.append(ChainProblem(seq, _("link {n} ({what}) does not match its hash: "
                                                    "it was altered after it was recorded").format(n=seq, what=what)))
                break
            prev = stored_hash
            expected_seq += 1
            if kind in ("contact", "milestone"):
                key = (kind, ref)
                if action == "create":
                    state[key] = {"link": seq, "first": seq, "revision": 1, "voided": False}
                elif action == "revise" and key in state:
                    state[key].update(link=seq, revision=state[key]["revision"] + 1)
                elif action == "void" and key in state:
                    state[key]["voided"] = True
            elif kind == "collector":
                c = collectors.setdefault(ref, {"link": seq, "numbers": [], "people": [], "note": None})
                p = json.loads(payload)
                c["link"] = seq
                c["name"] = p["name"]
                c["numbers"] += p.get("numbers", [])
                c["people"] += p.get("people", [])
                c["note"] = p.get("note") or c["note"]
            elif kind == "debt":
                debts[ref] = seq
        if problems:
            return VerifyReport(count, prev, problems, withheld)
        problems.extend(self._check_index(state, collectors, debts))
        return VerifyReport(count, prev, problems, withheld)

    def _check_index(self, state, collectors, debts) -> list[ChainProblem]:
        problems: list[ChainProblem] = []
        tz = self.profile.timezone
        seen = set()
        for row in self.conn.execute(
            "SELECT e.id, e.type, e.source_id, e.link, e.first_link, e.revision, e.voided, e.occurred_utc, e.channel,"
            " e.number, e.agency_key, c.action, c.payload FROM entries e LEFT JOIN chain c ON c.seq = e.link"
        ):
            eid, kind = row[0], row[1]
            seen.add((kind, eid))
            s = state.get((kind, eid))
            if s is None or s["link"] != row[3] or s["first"] != row[4] or s["revision"] != row[5] \
                    or s["voided"] != bool(row[6]) or row[12] is None:
                problems.append(ChainProblem(row[3], _("entry {id} in the table of entries does not match the chain")
                                             .format(id=eid)))
                continue
            payload = json.loads(row[12])
            if row[11] == "revise":
                payload = payload["record"]
            record = contact_from_payload(payload) if kind == "contact" else milestone_from_payload(payload)
            is_contact = kind == "contact"
            expected = (record.source_id, _utc_seconds(record, tz), record.channel if is_contact else None,
                        record.number if is_contact else None, fold(record.agency))
            if expected != (row[2], row[7], row[8], row[9], row[10]):
                problems.append(ChainProblem(row[3], _("entry {id}'s indexed fields (time, channel, number, agency or "
                                                       "source id) were changed outside debtlog").format(id=eid)))
        for missing in sorted(set(state) - seen):
            problems.append(ChainProblem(state[missing]["link"], _("entry {id} is in the chain but was removed from "
                                                                   "the table of entries").format(id=missing[1])))
        stored_debts = dict(self.conn.execute("SELECT id, link FROM debts").fetchall())
        if stored_debts != debts:
            problems.append(ChainProblem(None, _("the {table} table does not match the chain").format(table="debts")))
        numbers: dict[int, list[str]] = {}
        for n, cid in self.conn.execute("SELECT number, collector_id FROM collector_numbers ORDER BY rowid"):
            numbers.setdefault(cid, []).append(n)
        stored_collectors = {
            cid: {"link": link, "name": name, "numbers": numbers.get(cid, []), "people": json.loads(people), "note": note}
            for cid, link, name, people, note in self.conn.execute("SELECT id, link, name, people, note FROM collectors")
        }
        if stored_collectors != collectors:
            problems.append(ChainProblem(None, _("the {table} table does not match the chain").format(table="collectors")))
        from .addressbook import check_addressbook

        problems.extend(ChainProblem(None, m) for m in check_addressbook(self))
        for sha, eid, link in self.conn.execute("SELECT sha256, entry_id, link FROM attachments"):
            row = self.conn.execute("SELECT payload FROM chain WHERE seq = ? AND kind = 'attachment'", (link,)).fetchone()
            if not row or json.loads(row[0]).get("sha256") != sha or json.loads(row[0]).get("entry_id") != eid:
                problems.append(ChainProblem(link, _("attachment {sha} of entry {id} does not match the chain")
                                             .format(sha=sha[:12], id=eid)))
        return problems


def _describe(kind: str, action: str, ref: int | None, recorded_at: str) -> str:
    if kind in ("contact", "milestone"):
        return _("{action} of entry {ref}, recorded {at}").format(action=action, ref=ref, at=recorded_at)
    return _("{kind} {action}, recorded {at}").format(kind=kind, action=action, at=recorded_at)


def day_bounds(d: date, tz: str) -> tuple[datetime, datetime]:
    from datetime import timedelta

    z = ZoneInfo(tz)
    return datetime.combine(d, time(0), z), datetime.combine(d + timedelta(days=1), time(0), z)
