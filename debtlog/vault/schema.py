"""Schema migrations: an ordered list of functions, each applied once (after simonw/llm).

Never edit a migration that has shipped; add a new one. Each runs inside the command's
transaction, so a failed upgrade leaves the vault as it was.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

MIGRATIONS: list[Callable] = []


def migration(fn: Callable) -> Callable:
    MIGRATIONS.append(fn)
    return fn


def migrate(conn) -> list[str]:
    """Apply pending migrations to a connection; returns the names applied.

    Each migration gets a ``sqlite_utils.Database`` over the same connection (its
    ``transform()`` and ``add_column()`` make schema changes boring), inside the open
    transaction.
    """
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ in done:
            continue
        fn(db)
        conn.execute(
            "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
            (fn.__name__, datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
        applied.append(fn.__name__)
    return applied


def pending(conn) -> bool:
    names = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _migrations"
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name='_migrations'").fetchone()
            else "SELECT NULL WHERE 0"
        )
    }
    return any(fn.__name__ not in names for fn in MIGRATIONS)


def _script(db, sql: str) -> None:
    """Run several statements inside the current transaction (executescript would commit it)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            db.conn.execute(statement)


@migration
def m001_initial(db) -> None:
    _script(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        -- The evidence log itself: append-only, each row a link in the SHA-256 hash chain.
        -- payload is canonical JSON; hash covers prev, the row's fields and payload
        -- (docs/vault-format.md, "Hash chain").
        CREATE TABLE chain (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            action TEXT NOT NULL,
            ref INTEGER,
            recorded_at TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX chain_ref ON chain (kind, ref);

        -- Current state of each contact and milestone: an index over the chain, rebuilt
        -- from it by verify to prove the two agree. The record's data lives in chain.payload.
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            source_id TEXT,
            link INTEGER NOT NULL REFERENCES chain (seq),
            first_link INTEGER NOT NULL REFERENCES chain (seq),
            revision INTEGER NOT NULL,
            voided INTEGER NOT NULL DEFAULT 0,
            occurred_utc REAL NOT NULL,
            channel TEXT,
            number TEXT,
            agency_key TEXT  -- the agency, casefolded (SQLite's NOCASE folds ASCII only)
        );
        CREATE UNIQUE INDEX entries_source_id ON entries (source_id);
        CREATE INDEX entries_time ON entries (occurred_utc);
        CREATE INDEX entries_number ON entries (number);
        CREATE INDEX entries_agency ON entries (agency_key);

        CREATE TABLE attachments (
            sha256 TEXT NOT NULL,
            entry_id INTEGER NOT NULL REFERENCES entries (id),
            filename TEXT,
            media_type TEXT,
            size INTEGER NOT NULL,
            duration_s REAL,
            link INTEGER NOT NULL REFERENCES chain (seq),
            PRIMARY KEY (entry_id, sha256)
        );
        CREATE INDEX attachments_sha ON attachments (sha256);

        CREATE TABLE collectors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,  -- the name casefolded: "ООО Пример" and "ооо пример" are one
            link INTEGER NOT NULL REFERENCES chain (seq),
            people TEXT NOT NULL DEFAULT '[]',
            note TEXT
        );
        CREATE TABLE collector_numbers (
            number TEXT PRIMARY KEY,
            collector_id INTEGER NOT NULL REFERENCES collectors (id)
        );
        CREATE INDEX collector_numbers_collector ON collector_numbers (collector_id);

        CREATE TABLE debts (
            id INTEGER PRIMARY KEY,
            link INTEGER NOT NULL REFERENCES chain (seq)
        );
        """
    )


@migration
def m003_audio(db) -> None:
    _script(
        db,
        """
        -- What debtlog made from an attachment, never replacing it: the probe's findings
        -- (codec, rate, channels, file times), a playable copy, a waveform, clips, transcripts.
        -- Each row is also a 'derived' link in the hash chain (debtlog/vault/derived.py).
        CREATE TABLE derived (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id),
            source_sha256 TEXT NOT NULL,   -- the original attachment it comes from
            kind TEXT NOT NULL,            -- metadata, playable, waveform, clip, transcript
            sha256 TEXT,                   -- its own encrypted blob (files), or NULL (metadata, text)
            media_type TEXT,
            size INTEGER,
            params TEXT NOT NULL DEFAULT '{}',  -- canonical JSON: offsets, settings, tool versions
            text TEXT,                     -- a transcript
            link INTEGER NOT NULL REFERENCES chain (seq)
        );
        CREATE INDEX derived_source ON derived (source_sha256, kind);
        CREATE INDEX derived_entry ON derived (entry_id);
        """
    )


@migration
def m002_address_book(db) -> None:
    _script(
        db,
        """
        -- The debtor's own address book (vCard, Google Contacts CSV, the phone's database):
        -- to recognise that a number belongs to the debtor's mother or employer, and which of
        -- the debtor's contacts a collector reached. Each change is an 'addressbook' link in
        -- the hash chain (debtlog/vault/addressbook.py); these tables index the newest state.
        CREATE TABLE address_book (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,      -- the source's id (vCard UID) or one derived from its fields
            name TEXT,
            relation TEXT,                 -- spouse, relative, employer, colleague, friend, neighbor, other
            link INTEGER NOT NULL REFERENCES chain (seq)
        );
        CREATE TABLE address_book_numbers (
            number TEXT NOT NULL,          -- E.164 when it parses for the vault's country
            contact_id INTEGER NOT NULL REFERENCES address_book (id),
            label TEXT,
            PRIMARY KEY (number, contact_id)
        );
        CREATE INDEX address_book_numbers_number ON address_book_numbers (number);
        """
    )
