"""Google Contacts CSV (contacts.google.com, Export, "Google CSV") into address-book cards.

Two layouts are in use: the older one (``Name, Given Name, Family Name, ... Group Membership,
Phone 1 - Type, Phone 1 - Value, Organization 1 - Name, Relation 1 - Type``) and the one
since 2023 (``First Name, Middle Name, Last Name, ... Labels, Phone 1 - Label, Phone 1 -
Value, Organization Name, Relation 1 - Label``). Several values in one cell are separated
by `` ::: `` (``+7 916 ... ::: +7 903 ...``). Outlook's CSV (``Mobile Phone``, ``Home
Phone``, ``Business Phone``) is read too.
"""

from __future__ import annotations

import csv
import io
import re
from typing import BinaryIO, Callable, Iterator

from ..i18n import _
from . import RecordProblem
from .common import stable_id
from .relations import relation_from

_PHONE_VALUE = re.compile(r"^Phone (\d+) - Value$")
OUTLOOK_PHONES = ("Mobile Phone", "Home Phone", "Home Phone 2", "Business Phone", "Business Phone 2",
                  "Primary Phone", "Other Phone", "Car Phone", "Company Main Phone")


def _text_stream(src: BinaryIO) -> io.TextIOBase:
    head = src.peek(4096)[:4096] if hasattr(src, "peek") else b""
    encoding = "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start < len(head) - 4:
                encoding = "cp1251"
    return io.TextIOWrapper(src, encoding=encoding, newline="", errors="replace")


def read_google_csv(src: BinaryIO, *, region: str, progress: Callable[[int], None] | None = None,
                    source: str = "google-csv") -> Iterator[tuple[int, object]]:
    from ..phones import normalize_number
    from ..vault.addressbook import Card

    text = _text_stream(src)
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        yield 1, RecordProblem(_("the file is empty"), is_break=True)
        return
    except csv.Error as e:
        yield 1, RecordProblem(_("not a CSV file: {e}").format(e=e), is_break=True)
        return
    col = {h.strip(): i for i, h in enumerate(header)}
    phone_cols = []
    for h, i in col.items():
        m = _PHONE_VALUE.match(h)
        if m:
            n = m.group(1)
            label_i = col.get(f"Phone {n} - Type", col.get(f"Phone {n} - Label"))
            phone_cols.append((i, label_i))
    phone_cols += [(col[h], None) for h in OUTLOOK_PHONES if h in col]
    if not phone_cols and "Name" not in col and "First Name" not in col:
        yield 1, RecordProblem(_("this CSV has no Google Contacts columns (expected 'Phone 1 - Value' and a name)"),
                               is_break=True)
        return
    rel_cols = [(col[h], col.get(h.replace("Value", "Type"), col.get(h.replace("Value", "Label"))))
                for h in col if re.fullmatch(r"Relation \d+ - Value", h)]

    def get(row, *names):
        for n in names:
            i = col.get(n)
            if i is not None and i < len(row) and row[i].strip():
                return row[i].strip()
        return None

    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            name = get(row, "Name", "File As")
            if not name:
                parts = [get(row, k) for k in ("Given Name", "First Name", "Additional Name", "Middle Name",
                                               "Family Name", "Last Name")]
                name = " ".join(p for p in parts if p) or get(row, "Nickname", "Organization 1 - Name",
                                                               "Organization Name", "Company")
            numbers, seen = [], set()
            for vi, li in phone_cols:
                if vi >= len(row) or not row[vi].strip():
                    continue
                label = row[li].strip().lstrip("* ") if li is not None and li < len(row) else None
                for raw in row[vi].split(":::"):
                    raw = raw.strip()
                    if not raw:
                        continue
                    number = normalize_number(raw, region)
                    if number not in seen:
                        seen.add(number)
                        numbers.append({"number": number, "label": label or None})
            groups = get(row, "Group Membership", "Labels", "Categories") or ""
            hints = [g.strip().lstrip("* ") for g in groups.split(":::") if g.strip()]
            for vi, ti in rel_cols:
                if ti is not None and ti < len(row) and row[ti].strip():
                    hints.append(row[ti].strip())
            org = get(row, "Organization 1 - Name", "Organization Name", "Company")
            if not name and not numbers:
                yield line, RecordProblem(_("a row with neither a name nor a phone number"), fatal=False)
                continue
            uid = stable_id("gcsv", name, ",".join(sorted(n["number"] for n in numbers)))
            yield line, Card(uid=uid, name=name, numbers=numbers, relation=relation_from(name, hints, org),
                             organization=org, source=source, derived_uid=True)
    except csv.Error as e:
        yield line + 1, RecordProblem(_("the CSV breaks here: {e}").format(e=e), is_break=True)


def sniff(head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return b"Phone 1 - Value" in first or (b"Given Name" in first and b"Group Membership" in first) or (
        b"First Name" in first and b"Labels" in first and b"Phone" in first)
