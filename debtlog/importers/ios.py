"""iOS: the call history (``CallHistory.storedata``) and the address book (``AddressBook.sqlitedb``).

Both come from an unencrypted iTunes/Finder backup (tools such as iMazing or
``idevicebackup2`` extract them) or a full file-system image:

- /private/var/mobile/Library/CallHistoryDB/CallHistory.storedata, table ZCALLRECORD: ZDATE
  counts seconds from 2001-01-01 UTC (Core Data); ZADDRESS is text or a blob; ZORIGINATED 1
  for a call the phone made; ZANSWERED 1 when it connected; ZSERVICE_PROVIDER tells a
  phone call (com.apple.Telephony) from FaceTime and from messenger calls that go through
  CallKit (WhatsApp, Telegram, Viber): those are ``messenger`` contacts.
- /private/var/mobile/Library/AddressBook/AddressBook.sqlitedb: ABPerson, and ABMultiValue
  rows with property 3 (phone numbers) and a label from ABMultiValueLabel.
"""

from __future__ import annotations

from typing import Callable, Iterator

from ..i18n import _
from . import RecordProblem
from .common import Localiser, SqliteCopy, break_problem, guard_damage, is_hidden_number, make_contact, \
    number_normaliser, stable_id, text_of
from .relations import relation_from

TELEPHONY = "com.apple.telephony"


def read_ios_calls(path, *, timezone: str, region: str, progress: Callable[[int], None] | None = None
                   ) -> Iterator[tuple[int, object]]:
    """Yield ``(Z_PK, Contact | RecordProblem)`` for every ZCALLRECORD row (the ordinal if Z_PK is no integer)."""
    return guard_damage(path, _read_ios_calls(path, timezone=timezone, region=region))


def _read_ios_calls(path, *, timezone: str, region: str) -> Iterator[tuple[int, object]]:
    loc, norm = Localiser(timezone), number_normaliser(region)
    with SqliteCopy(path) as conn:
        cols = {r[1].upper() for r in conn.execute("PRAGMA table_info(ZCALLRECORD)")}
        if not {"ZDATE", "ZADDRESS", "ZORIGINATED"} <= cols:
            yield 0, break_problem(_("this database has no iOS call history (ZCALLRECORD)"))
            return
        want = ["Z_PK", "ZDATE", "ZDURATION", "ZADDRESS", "ZORIGINATED", "ZANSWERED", "ZCALLTYPE",
                "ZSERVICE_PROVIDER", "ZUNIQUE_ID", "ZNAME", "ZNUMBER_AVAILABILITY", "ZFILTERED_OUT_REASON",
                "ZDISCONNECTED_CAUSE"]
        select = ", ".join(c if c in cols else "NULL" for c in want)
        for i, values in enumerate(conn.execute(f"SELECT {select} FROM ZCALLRECORD ORDER BY ZDATE"), 1):
            r = dict(zip(want, values))
            yield r["Z_PK"] if r["Z_PK"].__class__ is int else i, _ios_call(r, loc, norm, timezone)


def _ios_call(r: dict, loc: Localiser, norm, tz: str):
    if r["ZDATE"] is None:
        return RecordProblem(_("the call has no date (ZDATE)"))
    try:
        when = loc.from_apple(float(r["ZDATE"]))
    except (TypeError, ValueError, OverflowError):
        return RecordProblem(_("the call's date is not a number: {v!r}").format(v=r["ZDATE"]))
    raw = text_of(r["ZADDRESS"])
    hidden = is_hidden_number(raw) or (r["ZNUMBER_AVAILABILITY"] not in (None, 0))
    outgoing = bool(r["ZORIGINATED"])
    answered = bool(r["ZANSWERED"])
    duration = None
    if r["ZDURATION"] is not None:
        try:
            duration = round(float(r["ZDURATION"]), 1)
        except (TypeError, ValueError):
            return RecordProblem(_("the call's duration is not a number: {v!r}").format(v=r["ZDURATION"]))
    app = r["ZSERVICE_PROVIDER"]
    app = text_of(app) if isinstance(app, (str, bytes)) else None  # a number here is no app's name
    provider = (app or "").lower()
    channel = "call" if (not provider or provider == TELEPHONY or "facetime" in provider) else "messenger"
    notes = []
    if channel == "messenger":
        notes.append(_("Call through {app}").format(app=app))
    elif r["ZCALLTYPE"] in (8, 16):
        notes.append(_("FaceTime call"))
    if outgoing:
        outcome = "answered" if answered and (duration or 0) > 0 else None
    elif answered:
        outcome = "answered"
    elif r["ZFILTERED_OUT_REASON"]:
        outcome = "rejected"
        notes.append(_("Silenced or blocked by the phone"))
    else:
        outcome = "missed"
    shown = text_of(r["ZNAME"]) if r["ZNAME"] is not None else None  # text, or a blob of it in some stores
    if shown:
        notes.append(_("Name shown: {name}").format(name=shown))
    uid = r["ZUNIQUE_ID"] or f"{r['ZDATE']}|{raw}|{int(outgoing)}"
    return make_contact(occurred_at=when, channel=channel, timezone=tz, source_id=stable_id("ios-call", uid),
                        direction="outgoing" if outgoing else "incoming", outcome=outcome,
                        number=None if hidden else norm(raw), number_hidden=hidden, duration_s=duration,
                        content="\n".join(notes))


def read_ios_addressbook(path, *, region: str, progress: Callable[[int], None] | None = None
                         ) -> Iterator[tuple[int, object]]:
    """Yield ``(ROWID, Card | RecordProblem)`` for every person of AddressBook.sqlitedb."""
    return guard_damage(path, _read_ios_addressbook(path, region=region))


def _read_ios_addressbook(path, *, region: str) -> Iterator[tuple[int, object]]:
    from ..phones import normalize_number
    from ..vault.addressbook import Card

    with SqliteCopy(path) as conn:
        tables = {r[0].lower() for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "abperson" not in tables or "abmultivalue" not in tables:
            yield 0, break_problem(_("this database is not an iOS address book (no ABPerson table)"))
            return
        pcols = _columns(conn, "ABPerson")
        labels = {}
        if "abmultivaluelabel" in tables and "value" in _columns(conn, "ABMultiValueLabel"):
            labels = {rowid: text_of(v) for rowid, v in conn.execute("SELECT ROWID, value FROM ABMultiValueLabel")}
        phones: dict[int, list[tuple[str, str | None]]] = {}
        related: dict[int, list[str]] = {}
        vcols = _columns(conn, "ABMultiValue")
        if {"record_id", "property", "value"} <= vcols:  # without them no row says whose number it is
            rows = conn.execute("SELECT record_id, property, " + ("label" if "label" in vcols else "NULL")
                                + ", value FROM ABMultiValue WHERE property IN (3, 23)")
        else:
            rows = []
        for rid, prop, label, value in rows:
            lab = labels.get(label)
            if lab:
                lab = lab.replace("_$!<", "").replace(">!$_", "")
            value = text_of(value)
            if prop == 3 and value:
                phones.setdefault(rid, []).append((value, lab))
            elif prop == 23 and lab:
                related.setdefault(rid, []).append(lab)
        cols = [c for c in ("rowid", "first", "middle", "last", "organization", "nickname", "guid")
                if c == "rowid" or c in pcols]
        for i, values in enumerate(conn.execute(f"SELECT {', '.join(cols)} FROM ABPerson ORDER BY ROWID"), 1):
            # names, organisation and guid as text, whatever the column holds (a number, a blob of UTF-8)
            p = {c: v if c == "rowid" else text_of(v) for c, v in zip(cols, values)}
            rowid = p["rowid"]
            pos = rowid if rowid.__class__ is int else i  # a column called ROWID may hold anything
            name = " ".join(x for x in (p.get("first"), p.get("middle"), p.get("last")) if x) or \
                p.get("nickname") or p.get("organization") or None
            numbers, seen = [], set()
            for raw, lab in phones.get(rowid, []):
                n = normalize_number(raw, region)
                if n not in seen:
                    seen.add(n)
                    numbers.append({"number": n, "label": lab})
            if not name and not numbers:
                yield pos, RecordProblem(_("a person with neither a name nor a phone number"), fatal=False)
                continue
            uid = ("ios-ab:" + p["guid"]) if p.get("guid") else stable_id("ios-ab", name,
                                                                        ",".join(sorted(n["number"] for n in numbers)))
            hints = related.get(rowid, []) + [n["label"] for n in numbers if n["label"]
                                                  and n["label"].lower() not in ("mobile", "home", "work", "main",
                                                                                  "iphone", "other", "pager")]
            yield pos, Card(uid=uid, name=name, numbers=numbers, organization=p.get("organization"),
                            relation=relation_from(name, hints, p.get("organization")), source="ios",
                            derived_uid=not p.get("guid"))


def _columns(conn, table: str) -> set[str]:
    return {r[1].lower() for r in conn.execute(f'PRAGMA table_info("{table}")')}
