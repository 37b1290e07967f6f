"""vCard 2.1, 3.0 and 4.0 into address-book cards, streamed card by card.

Written by hand because real files break general parsers (design.md: vobject crashes on
vCard 2.1 quoted-printable soft line breaks): Android and feature phones write 2.1 with
``ENCODING=QUOTED-PRINTABLE`` values continued by a trailing ``=``, legacy ``CHARSET=``
(SHIFT_JIS, windows-1251, GB2312...), bare type parameters (``TEL;CELL;PREF:``); iOS writes
``item1.TEL`` groups with ``item1.X-ABLabel``; 4.0 writes ``TEL;VALUE=uri:tel:+1-...``.
Only what the address book needs is kept: the name, every number with its label, the
organisation, and hints of the relation (labels, groups, RELATED, Android's relation rows).
Photos are skipped without being decoded.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Callable, Iterator

from ..i18n import _
from . import RecordProblem
from .common import stable_id
from .relations import relation_from

_TEL_CLEAN = re.compile(r"[^\d+#*]")
_POST_DIAL = re.compile(r"[pPwW;,].*$")
SKIP_PROPS = {"PHOTO", "LOGO", "SOUND", "KEY", "AGENT"}


def _split_unquoted(text: str, sep: str) -> list[str]:
    out, cur, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def _colon(text: str) -> int:
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return i
    return -1


def _decode_qp(value: bytes) -> bytes:
    import binascii

    return binascii.a2b_qp(value)


def _decode(raw: bytes, charset: str | None) -> str:
    if charset:
        try:
            text = raw.decode(charset)
        except (LookupError, ValueError):  # an unknown or malformed CHARSET (ValueError: "UTF\0...")
            pass
        else:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                # Some codecs (UTF-7 "+2AA-", unicode_escape "\ud800") yield lone surrogates, which
                # no file or vault can hold: pairs become their character, the rest U+FFFD.
                text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        for enc in ("cp1251", "shift_jis", "gb18030", "latin-1"):
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                continue
    return raw.decode("utf-8", "replace")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class _Rest:
    """``src`` with its first bytes (already read) put back in front, for a text reader."""

    def __init__(self, head: bytes, src: BinaryIO):
        self.head, self.src = head, src

    def read(self, n: int = -1) -> bytes:
        head, self.head = self.head, b""
        if n is None or n < 0:
            return head + self.src.read()
        return head + self.src.read(max(n - len(head), 0)) if head else self.src.read(n)


def _byte_lines(src: BinaryIO, progress: Callable[[int], None] | None) -> Iterator[bytes]:
    """The file's lines as bytes. A UTF-16 file (Windows tools write them, with a byte-order
    mark) is turned into UTF-8 as it is read, so the rest of the reader sees one encoding."""
    head = src.read(2)
    if head in _UTF16_BOMS:
        import codecs

        for line in codecs.getreader("utf-16")(_Rest(head, src), errors="replace"):
            data = line.encode("utf-8", "replace")
            if progress is not None:
                progress(len(data))
            yield data
        return
    first = head + (src.readline() if head and not head.endswith(b"\n") else b"")
    for raw in first.splitlines(keepends=True):  # two bytes read ahead may hold a line end
        if progress is not None:
            progress(len(raw))
        yield raw
    for raw in src:
        if progress is not None:
            progress(len(raw))
        yield raw


def logical_lines(src: BinaryIO, progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, bytes]]:
    """Unfold: continuation lines (leading space or tab) and quoted-printable soft breaks.

    Yields ``(line number of the first physical line, logical line without its line end)``.
    """
    current: bytearray | None = None
    start = 0
    qp_soft = False
    for number, raw in enumerate(_byte_lines(src, progress), 1):
        line = raw.rstrip(b"\r\n")
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if current is not None and qp_soft:
            current += line
            qp_soft = line.endswith(b"=") and not line.endswith(b"==")
            if qp_soft:
                del current[-1]
            continue
        if current is not None and line[:1] in (b" ", b"\t"):
            current += line[1:]
            continue
        if current is not None:
            yield start, bytes(current)
        if not line.strip():
            current = None
            continue
        current = bytearray(line)
        start = number
        head = line.split(b":", 1)[0].upper()
        qp_soft = b"QUOTED-PRINTABLE" in head and line.endswith(b"=")
        if qp_soft:
            del current[-1]
    if current is not None:
        yield start, bytes(current)


def _params(parts: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    params: dict[str, list[str]] = {}
    types: list[str] = []
    for p in parts:
        if not p:
            continue
        if "=" in p:
            k, v = p.split("=", 1)
            values = [x.strip('"') for x in _split_unquoted(v, ",")]
            params.setdefault(k.strip().upper(), []).extend(values)
            if k.strip().upper() == "TYPE":
                types.extend(x.strip('"').lower() for x in values)
        else:
            types.append(p.strip().lower())  # vCard 2.1 bare types: TEL;CELL;PREF
    return params, types


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def read_vcards(src: BinaryIO, *, region: str, progress: Callable[[int], None] | None = None,
                source: str = "vcard") -> Iterator[tuple[int, object]]:
    """Yield ``(line, Card | RecordProblem)`` for every BEGIN:VCARD ... END:VCARD."""
    from ..phones import normalize_number
    from ..vault.addressbook import Card

    card: dict | None = None
    began = 0
    seen_any = False
    for line_no, raw in logical_lines(src, progress):
        colon = raw.find(b":")
        head_bytes = raw if colon < 0 else raw[:colon]
        if b'"' in head_bytes:  # a colon inside a quoted parameter: find the real one
            text_try = raw.decode("latin-1")
            colon = _colon(text_try)
            head_bytes = raw if colon < 0 else raw[:colon]
        if colon < 0:
            if card is not None:
                continue  # a stray line inside a card (AOSP v21_invalid_multiple_line): ignore it
            continue
        head = head_bytes.decode("latin-1")
        value_bytes = raw[colon + 1:]
        head_parts = _split_unquoted(head, ";")
        name = head_parts[0].strip()
        group = ""
        if "." in name:
            group, name = name.rsplit(".", 1)
        name = name.upper()
        if name == "BEGIN" and value_bytes.strip().upper() == b"VCARD":
            card = {"fn": None, "n": None, "tels": [], "org": None, "labels": {}, "hints": [], "uid": None,
                    "related": []}
            began = line_no
            seen_any = True
            continue
        if card is None:
            continue
        if name == "END" and value_bytes.strip().upper() == b"VCARD":
            yield began, _finish(card, region, normalize_number, Card, source)
            card = None
            continue
        if name in SKIP_PROPS:
            continue
        params, types = _params(head_parts[1:])
        enc = (params.get("ENCODING", [""])[0] or "").upper()
        if "QUOTED-PRINTABLE" in types or enc == "QUOTED-PRINTABLE":
            value_bytes = _decode_qp(value_bytes)
            types = [t for t in types if t != "quoted-printable"]
        charset = (params.get("CHARSET", [None])[0])
        value = _decode(value_bytes, charset)
        if name == "FN":
            card["fn"] = _unescape(value).strip() or card["fn"]
        elif name == "N":
            fields = [_unescape(x).strip() for x in _split_escaped(value)]
            card["n"] = fields
        elif name == "TEL":
            if value.lower().startswith("tel:"):
                value = value[4:]
            types = [t for t in types if t not in ("voice", "pref", "x-pref")]
            card["tels"].append({"raw": value.strip(), "types": types, "group": group})
        elif name == "ORG":
            org = "; ".join(x.replace("\\;", ";").strip() for x in _split_escaped(_unescape_keep_semicolons(value))
                            if x.strip())
            card["org"] = card["org"] or org or None
        elif name == "X-ABLABEL" and group:
            label = value.strip()
            m = re.fullmatch(r"_\$!<(.*)>!\$_", label)
            card["labels"][group] = (m.group(1) if m else label)
        elif name in ("CATEGORIES", "X-GROUP-MEMBERSHIP"):
            card["hints"].extend(x.strip() for x in _unescape(value).split(","))
        elif name == "RELATED":
            card["hints"].extend(types)
        elif name == "X-ANDROID-CUSTOM" and value.startswith("vnd.android.cursor.item/relation"):
            bits = _split_escaped(value)
            if len(bits) > 2:
                card["related"].append(bits[2])  # the relation type number
        elif name == "UID":
            card["uid"] = value.strip() or None
        elif name in ("X-RELATION", "X-ABRELATEDNAMES"):
            card["hints"].append(value.strip())
    if card is not None:
        yield began, RecordProblem(_("the file ends inside a vCard that began on line {line} (no END:VCARD)")
                                   .format(line=began), is_break=True)
    elif not seen_any:
        yield 1, RecordProblem(_("no vCard found (a vCard file starts with BEGIN:VCARD)"), is_break=True)


def _split_escaped(value: str) -> list[str]:
    return re.split(r"(?<!\\);", value)


def _unescape_keep_semicolons(value: str) -> str:
    return value.replace("\\,", ",").replace("\\n", " ").replace("\\\\", "\\")


ANDROID_RELATIONS = {"1": "assistant", "2": "brother", "3": "child", "4": "domestic partner", "5": "father",
                     "6": "friend", "7": "manager", "8": "mother", "9": "parent", "10": "partner",
                     "11": "referred by", "12": "relative", "13": "sister", "14": "spouse"}


def _finish(card: dict, region: str, normalize_number, Card, source: str):
    name = card["fn"]
    if not name and card["n"]:
        n = card["n"] + [""] * 5
        name = " ".join(x for x in (n[3], n[1], n[2], n[0], n[4]) if x).strip() or None
    numbers = []
    seen = set()
    for t in card["tels"]:
        raw = _POST_DIAL.sub("", t["raw"]) if not t["raw"][:1] in "pPwW" else t["raw"]
        cleaned = raw.strip()
        if not _TEL_CLEAN.sub("", cleaned):
            cleaned = t["raw"].strip()
        if not cleaned:
            continue
        number = normalize_number(cleaned, region)
        label = card["labels"].get(t["group"]) if t["group"] else None
        label = label or (",".join(x for x in t["types"] if x) or None)
        if number in seen:
            continue
        seen.add(number)
        numbers.append({"number": number, "label": label})
    hints = list(card["hints"]) + [ANDROID_RELATIONS.get(r, r) for r in card["related"]]
    hints += list(card["labels"].values())
    relation = relation_from(name, hints, card["org"])
    if not name and not numbers:
        return RecordProblem(_("a vCard with neither a name nor a phone number"), fatal=False)
    uid = card["uid"] or stable_id("vcard", name, ",".join(sorted(n["number"] for n in numbers)))
    return Card(uid=uid if card["uid"] is None else "vcard-uid:" + card["uid"], name=name, numbers=numbers,
                relation=relation, organization=card["org"], source=source, derived_uid=card["uid"] is None)


def sniff(head: bytes) -> bool:
    if head[:2] in _UTF16_BOMS:
        head = head[: len(head) & ~1].decode("utf-16", "replace").encode("utf-8", "replace")
    return head.lstrip(b"\xef\xbb\xbf \r\n\t")[:11].upper() == b"BEGIN:VCARD"
