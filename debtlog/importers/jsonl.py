"""JSON Lines: one contract record per line (shared/CONTRACT.md, "JSON Lines import").

Streams the file line by line; memory stays bounded whatever its size.
"""

from __future__ import annotations

import json
from typing import BinaryIO, Callable, Iterator

from ..i18n import _
from ..records import RecordError, derived_source_id, record_from_dict
from . import RecordProblem


def read_jsonl(src: BinaryIO, *, timezone: str, region: str,
               progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, object]]:
    """Yield ``(line_number, Contact | Milestone | RecordProblem)`` for each non-blank line."""
    from ..phones import normalize_number
    from ..timeparse import parse_iso_record_time

    def norm(n: str) -> str:
        return normalize_number(n, region)

    for number, raw in enumerate(src, 1):
        if progress is not None:
            progress(len(raw))
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a UTF-8 byte-order mark, as Windows editors write
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield number, RecordProblem(_("not UTF-8 text (byte {pos})").format(pos=e.start + 1))
            continue
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            yield number, RecordProblem(_("not valid JSON: {msg} at column {col}").format(msg=e.msg, col=e.colno))
            continue
        try:
            record = record_from_dict(doc, timezone=timezone, normalize_number=norm, parse_time=parse_iso_record_time)
        except RecordError as e:
            yield number, RecordProblem(str(e))
            continue
        if record.source_id is None:
            from dataclasses import replace

            record = replace(record, source_id=derived_source_id(doc))
        yield number, record
