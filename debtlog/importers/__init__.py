"""Importers: one module per source format, each yielding records; ``ingest`` stores them.

An importer never writes to the vault itself. It yields ``(position, record_or_error)``
pairs; ``ingest`` skips duplicates (same ``source_id``), counts, and collects errors. The
whole import is one transaction: the session saves only if ``ingest`` returns normally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..errors import InvalidInput
from ..i18n import _

MAX_REPORTED_ERRORS = 20


@dataclass
class ImportSummary:
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "imported": self.imported, "duplicates": self.duplicates,
                "skipped": self.skipped, "errors": self.errors}

    def add_error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"line": line, "message": message})


class ImportFailed(InvalidInput):
    """The input is invalid: nothing was imported. Carries the summary with the errors."""

    def __init__(self, summary: ImportSummary, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.summary = summary


class RecordProblem:
    """What an importer yields in place of a record that could not be read.

    ``is_break``: the file itself stops being readable here (cut off, not well-formed); the
    importer yields nothing after it. With ``ingest(..., partial=True)`` problems are listed
    in the summary's errors and the readable records are imported.
    """

    __slots__ = ("message", "fatal", "is_break")

    def __init__(self, message: str, fatal: bool = True, is_break: bool = False):
        self.message = message
        self.fatal = fatal
        self.is_break = is_break


class WithAttachments:
    """A record plus files to attach once it is stored (MMS pictures and audio, recordings).

    ``files`` is a list of objects the ``attach`` callback of ``ingest`` understands; they are
    only touched when the record is actually added (not for duplicates or skipped records).
    """

    __slots__ = ("record", "files")

    def __init__(self, record, files: list):
        self.record = record
        self.files = files

    @property
    def source_id(self):
        return self.record.source_id


def ingest(log, items: Iterable[tuple[int, Any]], *, keep: Callable[[Any], bool] | None = None,
           what: str = "line", partial: bool = False,
           attach: Callable[[Any, int, list], None] | None = None) -> ImportSummary:
    """Store the records, skipping duplicates; raise ImportFailed if any record is invalid.

    Every record is still read after the first error, so the message lists them all (up to
    MAX_REPORTED_ERRORS) and the user can fix the file in one pass.

    ``partial``: unreadable records and a break are listed in ``errors`` and the rest is
    imported (the contract's ``--partial``). ``attach(log, entry_id, files)`` stores the files
    of a ``WithAttachments`` item after its record is added (without it they are dropped).
    """
    from ..perf import paused_gc

    summary = ImportSummary()
    # One recorded_at for the whole import: it is when these records were logged.
    recorded_at = log._now()
    with paused_gc(), log.bulk():
        _ingest(log, items, summary, keep, recorded_at, partial, attach)
    return _finish(summary, what)


def _ingest(log, items, summary: ImportSummary, keep, recorded_at: str, partial: bool = False,
            attach=None) -> None:
    seen: set[str] | None = None  # source ids in the vault and in this import (one query, not one per record)
    add = log.add
    # Counted in locals (written back at the end): this loop runs once per record.
    read = imported = duplicates = skipped = 0
    try:
        for position, item in items:
            if item.__class__ is RecordProblem:
                if not item.is_break:
                    read += 1
                if partial or not item.fatal:
                    if len(summary.errors) < MAX_REPORTED_ERRORS:
                        summary.errors.append({"line": position, "message": item.message})
                else:
                    summary.add_error(position, item.message)
                continue
            read += 1
            if summary.error_count:
                continue  # already failing: validate the rest, store nothing more
            files = None
            if item.__class__ is WithAttachments:
                item, files = item.record, item.files
            if keep is not None and not keep(item):
                skipped += 1
                continue
            sid = item.source_id
            if sid is not None:
                if seen is None:
                    seen = _stored_source_ids(log)
                if sid in seen:
                    duplicates += 1
                    continue
                seen.add(sid)
            entry_id = add(item, recorded_at, True)
            imported += 1
            if files and attach is not None:
                attach(log, entry_id, files)
    finally:
        summary.read += read
        summary.imported += imported
        summary.duplicates += duplicates
        summary.skipped += skipped


def _stored_source_ids(log) -> set[str]:
    return {r[0] for r in log.conn.execute("SELECT source_id FROM entries WHERE source_id IS NOT NULL")}


def _finish(summary: ImportSummary, what: str) -> ImportSummary:
    if summary.error_count:
        first = summary.errors[0]
        more = summary.error_count - 1
        message = _("{what} {line}: {msg}").format(what=_(what.capitalize()), line=first["line"], msg=first["message"])
        if more:
            message += "\n" + _("...and {n} more invalid record(s):").format(n=more)
            for e in summary.errors[1:6]:
                message += "\n  " + _("{what} {line}: {msg}").format(what=_(what), line=e["line"], msg=e["message"])
        summary.imported = summary.duplicates = summary.skipped = 0
        raise ImportFailed(summary, message, _("Nothing was imported. Fix the file and run the import again."))
    return summary
