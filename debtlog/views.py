"""Shared renderings that are not terminal-specific: CSV with spreadsheet-formula escaping."""

from __future__ import annotations

import csv
import json
import re
from typing import IO, Any, Iterable

CSV_COLUMNS = (
    "id", "type", "source_id", "occurred_at", "timezone", "recorded_at", "channel", "direction", "outcome", "robot",
    "number", "number_hidden", "agency", "creditor", "caller", "identified", "target", "third_party_name",
    "third_party_relation", "third_party_number", "debt", "duration_s", "content", "kind", "at", "note",
    "revision", "voided", "void_reason", "attachments", "hash",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d .()\-]*\d[\d .()\-]*$")


def escape_cell(value: Any) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (CSV injection).

    Phone numbers and plain numbers ("+79161234567", "-5") cannot carry a formula and are
    left as they are, so they stay usable; anything else starting with = + - @ or a tab is
    prefixed with an apostrophe.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def flatten(entry: dict[str, Any]) -> dict[str, Any]:
    row = dict(entry)
    tp = row.pop("third_party", None) or {}
    row["third_party_name"] = tp.get("name")
    row["third_party_relation"] = tp.get("relation")
    row["third_party_number"] = tp.get("number")
    row["attachments"] = " ".join(a["sha256"] for a in row.get("attachments") or [])
    return row


def write_csv(entries: Iterable[dict[str, Any]], out: IO[str]) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in entries:
        row = flatten(e)
        w.writerow([escape_cell(row.get(c)) for c in CSV_COLUMNS])
