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
    """What an importer yields in place of a record that could not be read."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def ingest(log, items: Iterable[tuple[int, Any]], *, keep: Callable[[Any], bool] | None = None,
           what: str = "line") -> ImportSummary:
    """Store the records, skipping duplicates; raise ImportFailed if any record is invalid.

    Every record is still read after the first error, so the message lists them all (up to
    MAX_REPORTED_ERRORS) and the user can fix the file in one pass.
    """
    import gc

    summary = ImportSummary()
    # One recorded_at for the whole import: it is when these records were logged.
    recorded_at = log._now()
    # The records form no reference cycles; the cyclic collector would only rescan the
    # growing heap again and again (about a fifth of the time of a 100,000-record import).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with log.bulk():
            _ingest(log, items, summary, keep, recorded_at)
    finally:
        if gc_was_enabled:
            gc.enable()
    return _finish(summary, what)


def _ingest(log, items, summary: ImportSummary, keep, recorded_at: str) -> None:
    for position, item in items:
        summary.read += 1
        if isinstance(item, RecordProblem):
            summary.add_error(position, item.message)
            continue
        if summary.error_count:
            continue  # already failing: validate the rest, store nothing more
        if keep is not None and not keep(item):
            summary.skipped += 1
            continue
        if item.source_id is not None and log.has_source_id(item.source_id):
            summary.duplicates += 1
            continue
        log.add(item, recorded_at=recorded_at, fast=True)
        summary.imported += 1


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
