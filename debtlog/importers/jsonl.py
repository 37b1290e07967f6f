"""JSON Lines: one contract record per line (shared/CONTRACT.md, "JSON Lines import").

Streams the file line by line; memory stays bounded whatever its size.
"""

from __future__ import annotations

import json
import re
from typing import BinaryIO, Callable, Iterator

from ..i18n import N_, _
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
            doc = _loads(text)
        except json.JSONDecodeError as e:
            yield number, RecordProblem(_("not valid JSON: {msg} at column {col}").format(msg=json_error(e.msg),
                                                                                       col=e.colno))
            continue
        except RecursionError:  # "[[[[...": more levels than Python's parser can follow
            yield number, RecordProblem(_("not valid JSON: {msg} at column {col}").format(
                msg=json_error("nested too deeply"), col=_too_deep(text)))
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


# A \uD800-\uDFFF escape in the text (JSON allows a lone one, Unicode text does not).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _loads(text: str):
    """json.loads, with what Python cannot hold turned into values the record checks refuse or keep: an
    integer of more than 4,300 digits (int() refuses it) becomes a float (infinite, so refused), and a
    lone surrogate escape ("\\ud800") becomes U+FFFD (a pair is already one character), as the vCard and
    SB&R readers do."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        doc = json.loads(text, parse_int=lambda s: int(s) if len(s) <= 4000 else float(s))
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        doc = _valid_text(doc)
    return doc


def _valid_text(value):
    if value.__class__ is str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value
    if value.__class__ is list:
        return [_valid_text(v) for v in value]
    if value.__class__ is dict:
        return {_valid_text(k): _valid_text(v) for k, v in value.items()}
    return value


def _too_deep(text: str, limit: int = 100) -> int:
    """The column where the nesting of arrays and objects goes deeper than ``limit``."""
    depth, quoted, escaped = 0, False, False
    for i, ch in enumerate(text):
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return i + 1
        elif ch in "]}":
            depth -= 1
    return 1


# Translators: what is wrong in a line of JSON (Python's parser says it in English).
JSON_ERRORS = {
    "Expecting value": N_("a value was expected"),
    "Expecting property name enclosed in double quotes": N_("a key in double quotes was expected"),
    "Expecting ':' delimiter": N_("a ':' was expected"),
    "Expecting ',' delimiter": N_("a ',' was expected"),
    "Unterminated string starting at": N_("a text value is not closed (a missing \"?)"),
    "Invalid control character at": N_("a control character (such as a tab) inside a text value"),
    "Invalid \\uXXXX escape": N_("a broken \\uXXXX escape"),
    "Invalid \\escape": N_("a backslash that starts no valid escape"),
    "Extra data": N_("more text after the end of the JSON object"),
    "Illegal trailing comma before end of object": N_("a comma just before the end of an object"),
    "Illegal trailing comma before end of array": N_("a comma just before the end of a list"),
    "nested too deeply": N_("nested too deeply"),
}


def json_error(msg: str) -> str:
    """Python's JSON error message in the user's language (as it is when not known)."""
    for english, text in JSON_ERRORS.items():
        if msg.startswith(english):
            return _(text)
    return msg
