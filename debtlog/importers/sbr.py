"""SMS Backup & Restore (SyncTech) XML: ``calls-*.xml`` and ``sms-*.xml``, streamed.

The app writes what Android's call log and message store hold, one element per record:

    <calls count="2"><call number="+7916..." duration="45" date="1709494200000" type="1"
        presentation="1" subscription_id="1" contact_name="Мама" readable_date="..."/></calls>
    <smses count="3"><sms address="900" date="..." type="1" body="..."/>
        <mms date="..." msg_box="1" address="..." m_id="..."><parts><part ct="text/plain" text="..."/>
        <part ct="image/jpeg" cl="IMG.jpg" data="BASE64..."/></parts><addrs><addr address="..." type="137"/></addrs></mms>
    </smses>

Real exports are not always well-formed XML: emoji are written as UTF-16 surrogate pairs
(``&#55357;&#56832;``), which XML forbids; files are cut off mid-record when the phone ran
out of space; ``count`` is often wrong. The byte stream is therefore repaired on the fly
(surrogate pairs become one character reference, lone surrogates and control characters
U+FFFD) and fed to expat in 1 MiB pieces, records are yielded as each one ends, and a break
is reported with its line and column and the number of records read before it. ``count``
is ignored.

Memory stays bounded: one record (one MMS with its base64 parts) at a time.
"""

from __future__ import annotations

import re
from datetime import datetime
from hashlib import sha256 as _sha256
from typing import BinaryIO, Callable, Iterator

from ..i18n import _
from ..models import Contact
from . import RecordProblem, WithAttachments
from .common import (
    HIDDEN_PRESENTATIONS,
    Localiser,
    break_problem,
    call_fields,
    MAX_DURATION_S as _MAX_DURATION,
    clean,
    contact_defaults,
    describe_break,
    is_hidden_number,
    make_contact,
    number_normaliser,
    stable_id,
)

READ_SIZE = 1 << 20
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
MEDIA_PREFIXES = ("image/", "audio/", "video/")
# SMS types (Telephony.TextBasedSmsColumns.TYPE): 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
SMS_DIRECTION = {1: "incoming", 2: "outgoing", 4: "outgoing", 5: "outgoing", 6: "outgoing"}
# MMS addr types (PduHeaders): 137 FROM, 151 TO, 130 CC, 129 BCC.
MMS_FROM = "137"
# Dates beyond the year 3000 are damage, not contacts (and beyond 9999 datetime cannot hold them).
_MAX_MS = 32_503_680_000_000
_fromtimestamp = datetime.fromtimestamp
_new_contact = object.__new__


def _code(m: re.Match) -> int:
    hexa, dec = m.group(1), m.group(2)
    try:
        return int(hexa, 16) if hexa is not None else int(dec)
    except ValueError:
        return -1


def _valid_xml_char(c: int) -> bool:
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF


def repair_charrefs(data: bytes) -> bytes:
    """Join surrogate-pair character references; replace ones XML forbids with U+FFFD."""
    if b"&#" not in data:
        return data
    out = []
    pos = 0
    pending_high: tuple[int, int] | None = None  # (start offset, code) of a high surrogate reference
    last_end = 0
    for m in _CHARREF.finditer(data):
        c = _code(m)
        if pending_high is not None:
            hs_start, hi = pending_high
            pending_high = None
            if 0xDC00 <= c <= 0xDFFF and m.start() == last_end:
                joined = 0x10000 + ((hi - 0xD800) << 10) + (c - 0xDC00)
                out.append(data[pos:hs_start])
                out.append(b"&#%d;" % joined)
                pos = m.end()
                last_end = m.end()
                continue
            out.append(data[pos:hs_start])
            out.append(b"&#xFFFD;")
            pos = last_end
        if 0xD800 <= c <= 0xDBFF:
            pending_high = (m.start(), c)
            last_end = m.end()
            continue
        if not _valid_xml_char(c):
            out.append(data[pos:m.start()])
            out.append(b"&#xFFFD;")
            pos = m.end()
        last_end = m.end()
    if pending_high is not None:
        out.append(data[pos:pending_high[0]])
        out.append(b"&#xFFFD;")
        pos = last_end
    if not out:
        return data
    out.append(data[pos:])
    return b"".join(out)


_TRAILING_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));\Z")


def _split_safe(buf: bytes) -> int:
    """Where to cut ``buf`` so that no character reference (or surrogate pair) is split."""
    cut = buf.rfind(b"&", max(0, len(buf) - 40))
    if cut == -1:
        return len(buf)
    m = _TRAILING_REF.search(buf, max(0, cut - 16), cut)
    if m and 0xD800 <= _code(m) <= 0xDBFF:
        return m.start()  # a high surrogate waits for its low half
    return cut


def repaired_chunks(src: BinaryIO, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    carry = b""
    while True:
        chunk = src.read(READ_SIZE)
        if progress is not None and chunk:
            progress(len(chunk))
        if not chunk:
            if carry:
                yield repair_charrefs(carry)
            return
        buf = carry + chunk
        cut = _split_safe(buf)
        carry = buf[cut:]
        yield repair_charrefs(buf[:cut])


class MediaPart:
    """An MMS picture, audio or video part, still base64; decoded only when it is stored."""

    __slots__ = ("filename", "media_type", "data")

    def __init__(self, filename: str, media_type: str, data: str):
        self.filename = filename
        self.media_type = media_type
        self.data = data

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        import base64
        import binascii

        data = "".join(self.data.split()) if any(c in self.data[:200] for c in " \n\r\t") else self.data
        step = size // 3 * 4
        for i in range(0, len(data), step):
            piece = data[i:i + step]
            try:
                yield base64.b64decode(piece + "=" * (-len(piece) % 4))
            except (binascii.Error, ValueError):
                return


def read_sbr(src: BinaryIO, *, timezone: str, region: str, progress: Callable[[int], None] | None = None,
             media: bool = False) -> Iterator[tuple[int, object]]:
    """Yield ``(line, Contact | WithAttachments | RecordProblem)`` for every call, sms and mms.

    ``media``: keep MMS picture/audio/video parts (as ``WithAttachments``); otherwise only
    their text is kept and the base64 is dropped as soon as the element is read.
    """
    import pyexpat

    loc = Localiser(timezone)
    norm = number_normaliser(region)
    calls = _CallCache(timezone)
    parser = pyexpat.ParserCreate("UTF-8")
    parser.buffer_text = True
    out: list[tuple[int, object]] = []
    state = {"root": None, "records": 0}
    mms: dict | None = None
    parts: list[dict] = []
    addrs: list[dict] = []

    def start(name: str, attrs: dict) -> None:
        nonlocal mms, parts, addrs
        if state["root"] is None:
            state["root"] = name
        line = parser.CurrentLineNumber
        if name == "call":
            state["records"] += 1
            out.append((line, _call(attrs, loc, norm, timezone, calls)))
        elif name == "sms":
            state["records"] += 1
            rec = _sms(attrs, loc, norm, timezone)
            if rec is not None:
                out.append((line, rec))
        elif name == "mms":
            mms, parts, addrs = dict(attrs), [], []
            mms["_line"] = line
        elif name == "part" and mms is not None:
            ct = (attrs.get("ct") or "").lower()
            if ct.startswith("text/plain"):
                parts.append({"text": attrs.get("text")})
            elif media and ct.startswith(MEDIA_PREFIXES) and attrs.get("data"):
                name_ = clean(attrs.get("cl")) or clean(attrs.get("name")) or clean(attrs.get("fn")) or "part"
                parts.append({"media": MediaPart(name_, ct, attrs["data"])})
            elif ct.startswith(MEDIA_PREFIXES):
                parts.append({"media_name": clean(attrs.get("cl")) or clean(attrs.get("name")) or ct})
        elif name == "addr" and mms is not None:
            addrs.append({"address": attrs.get("address"), "type": attrs.get("type")})

    def end(name: str) -> None:
        nonlocal mms, parts, addrs
        if name == "mms" and mms is not None:
            state["records"] += 1
            rec = _mms(mms, parts, addrs, loc, norm, timezone)
            if rec is not None:
                out.append((mms["_line"], rec))
            mms, parts, addrs = None, [], []

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    any_data = False
    try:
        for chunk in repaired_chunks(src, progress):
            any_data = any_data or bool(chunk.strip())
            parser.Parse(chunk, False)
            if out:
                yield from out
                out.clear()
        parser.Parse(b"", True)
    except pyexpat.ExpatError as e:
        yield from out
        out.clear()
        if not any_data:
            yield 0, break_problem(_("the file is empty"))
            return
        reason = pyexpat.ErrorString(e.code)
        line = e.lineno
        yield line, break_problem(describe_break(_("file"), line, e.offset + 1, state["records"], reason))
        return
    yield from out
    if state["root"] not in ("calls", "smses", None):
        yield 1, RecordProblem(_("this is not an SMS Backup & Restore file (its root element is <{root}>, "
                                 "expected <calls> or <smses>)").format(root=state["root"]))


def _int(v: str | None, default: int | None = None) -> int | None:
    if v is None:
        return default
    try:
        return int(v)
    except ValueError:
        try:
            return int(float(v))
        except (ValueError, OverflowError):  # "nan", "1e999"
            return default


def _sim(attrs: dict) -> str:
    sim = attrs.get("subscription_id") or attrs.get("sub_id")
    if sim and sim not in ("-1", "null"):
        return _("SIM {sim}").format(sim=sim.strip())
    return ""


def _note(*parts: str) -> str:
    return "\n".join([p for p in parts if p])


class _CallCache:
    """Per-import memo of what repeats across a phone's calls: the number's normal form, the note."""

    def __init__(self, tz: str = ""):
        self.numbers: dict[tuple, tuple[bool, str | None, str]] = {}
        self.notes: dict[tuple, tuple[str, str | None, str]] = {}
        # A call's fields that are the same for every call: make_contact's defaults plus these
        self.defaults = dict(contact_defaults(), channel="call", timezone=tz, agency=None)


def _call(a: dict, loc: Localiser, norm, tz: str, cache: _CallCache | None = None):
    if cache is None:
        cache = _CallCache(tz)
    get = a.get
    date_text = get("date")
    try:
        date = int(date_text)
    except (TypeError, ValueError):
        date = _int(date_text)
    if date is None or not 0 < date < _MAX_MS:
        return RecordProblem(_("<call> has no valid 'date' ({v!r})").format(v=date_text))
    type_text = get("type") or "0"
    dur_text = get("duration")
    try:
        duration = int(dur_text) if dur_text is not None else None
    except ValueError:
        duration = _int(dur_text, None)
    raw = get("number")
    presentation = get("presentation")
    known = cache.numbers.get((raw, presentation))
    if known is None:
        hidden = presentation in HIDDEN_PRESENTATIONS or is_hidden_number(raw)
        # (hidden, the stored number, the number as the source id reads it)
        known = (hidden, None, "") if hidden else (False, norm(raw), raw.strip())
        cache.numbers[(raw, presentation)] = known
    hidden, number, raw_id = known
    nkey = (type_text, bool(duration), get("contact_name"), get("subscription_id") or get("sub_id"))
    noted = cache.notes.get(nkey)
    if noted is None:
        call_type = _int(type_text, 0) or 0
        direction, outcome, note = call_fields(call_type, duration)
        name = a.get("contact_name")
        if name is not None:
            name = clean(name)
        sim = _sim(a)
        content = _note(_(note) if note else "", _("Saved on the phone as: {name}").format(name=name) if name else "",
                        sim) if (note or name or sim) else ""
        noted = (direction, outcome, content)
        cache.notes[nkey] = noted
    direction, outcome, content = noted
    # stable_id("android-call", date, number, type), written out: it runs for every call
    source_id = "android-call:" + _sha256(
        f"{date_text.strip()}\x1f{raw_id}\x1f{type_text.strip()}".encode("utf-8")).hexdigest()[:24]
    if duration.__class__ is int and 0 <= duration <= _MAX_DURATION:
        # make_contact's work for the common case (an int duration in range), written out
        obj = _new_contact(Contact)
        od = obj.__dict__
        od.update(cache.defaults)
        od["occurred_at"] = _fromtimestamp(date / 1000.0, loc.zone)
        od["source_id"] = source_id
        od["direction"] = direction
        od["outcome"] = outcome
        od["number"] = number
        od["number_hidden"] = hidden
        od["duration_s"] = duration
        od["content"] = content
        return obj
    return make_contact(
        occurred_at=loc.from_ms(date), channel="call", timezone=tz, source_id=source_id,
        direction=direction, outcome=outcome, number=number, number_hidden=hidden,
        duration_s=duration, content=content,
    )


def _sms(a: dict, loc: Localiser, norm, tz: str):
    date = _int(a.get("date"))
    if date is None or not 0 < date < _MAX_MS:
        return RecordProblem(_("<sms> has no valid 'date' ({v!r})").format(v=a.get("date")))
    sms_type = _int(a.get("type"), 1) or 1
    direction = SMS_DIRECTION.get(sms_type)
    body = a.get("body") or ""
    raw = a.get("address")
    if direction is None:  # a draft: never sent, not a contact
        return None
    hidden = is_hidden_number(raw)
    return make_contact(
        occurred_at=loc.from_ms(date), channel="sms", timezone=tz,
        source_id=stable_id("sbr-sms", date, raw, sms_type, body),
        direction=direction, number=None if hidden else norm(raw), number_hidden=hidden,
        outcome="failed" if sms_type == 5 else None, content=body,
    )


def _mms(a: dict, parts: list[dict], addrs: list[dict], loc: Localiser, norm, tz: str):
    date = _int(a.get("date"))
    if date is None or not 0 < date < _MAX_MS:
        return RecordProblem(_("<mms> has no valid 'date' ({v!r})").format(v=a.get("date")))
    if date < 100_000_000_000:  # MMS dates are sometimes seconds
        date *= 1000
    box = _int(a.get("msg_box"), 1) or 1
    direction = SMS_DIRECTION.get(box)
    if direction is None:
        return None
    raw = clean(a.get("address")) or ""
    if direction == "incoming":
        senders = [x["address"] for x in addrs if x.get("type") == "137" and clean(x.get("address"))]
        if senders:
            raw = senders[0]
    raw = raw.split("~")[0] if direction == "incoming" else raw
    texts = [p["text"] for p in parts if p.get("text") and clean(p["text"])]
    media = [p["media"] for p in parts if "media" in p]
    names = [p["media_name"] for p in parts if "media_name" in p] + [m.filename for m in media]
    subject = clean(a.get("sub"))
    content = _note(subject or "", "\n".join(texts),
                    _("Attached: {files}").format(files=", ".join(names)) if names else "")
    hidden = is_hidden_number(raw)
    number = None if hidden else (norm(raw) if "~" not in raw else raw)
    m_id = clean(a.get("m_id"))
    record = make_contact(
        occurred_at=loc.from_ms(date), channel="sms", timezone=tz,
        source_id=stable_id("sbr-mms", m_id or "", date, raw, box, "" if m_id else content),
        direction=direction, number=number, number_hidden=hidden, content=content,
    )
    return WithAttachments(record, media) if media else record


def sniff(head: bytes) -> bool:
    text = head[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<?xml") and (b"<calls" in text or b"<smses" in text) or text.startswith((b"<calls", b"<smses"))
