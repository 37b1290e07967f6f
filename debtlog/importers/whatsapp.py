"""WhatsApp call history on iOS: ``CallHistory.sqlite`` in WhatsApp's shared app group.

Tables (Core Data): ZWACDCALLEVENT (one call: ZDATE in seconds from 2001, ZDURATION,
ZOUTCOME, Z1CALLEVENTS -> the aggregate), ZWAAGGREGATECALLEVENT (ZINCOMING, ZMISSED,
ZVIDEO), ZWACDCALLEVENTPARTICIPANT (ZJIDSTRING ``79161234567@s.whatsapp.net`` of each other
party, Z1PARTICIPANTS -> the call). Collectors call through messengers too; these are
``messenger`` contacts with the number from the JID.
"""

from __future__ import annotations

from typing import Callable, Iterator

from ..i18n import _
from . import RecordProblem
from .common import Localiser, SqliteCopy, break_problem, guard_damage, make_contact, number_normaliser, stable_id, \
    text_of

# ZOUTCOME as iLEAPP reads it: 0 ended, 1 missed, 2 busy, 3 unavailable, 4 cancelled/declined.
OUTCOMES = {1: "missed", 2: "failed", 3: "failed", 4: "rejected", 5: "rejected"}


def _number_of(jid: str | None) -> str | None:
    if not jid:
        return None
    user = jid.split("@", 1)[0].split(":", 1)[0]
    return "+" + user if user.isdigit() else user


def read_whatsapp_ios(path, *, timezone: str, region: str, progress: Callable[[int], None] | None = None
                      ) -> Iterator[tuple[int, object]]:
    """Yield ``(Z_PK, Contact | RecordProblem)`` for every ZWACDCALLEVENT row (the ordinal if Z_PK is no integer)."""
    return guard_damage(path, _read_whatsapp_ios(path, timezone=timezone, region=region))


def _columns(conn, table: str) -> set[str]:
    return {r[1].upper() for r in conn.execute(f'PRAGMA table_info("{table}")')}


def _read_whatsapp_ios(path, *, timezone: str, region: str) -> Iterator[tuple[int, object]]:
    loc, norm = Localiser(timezone), number_normaliser(region)
    with SqliteCopy(path) as conn:
        tables = {r[0].upper() for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        ecols = _columns(conn, "ZWACDCALLEVENT") if "ZWACDCALLEVENT" in tables else set()
        if "ZDATE" not in ecols:
            yield 0, break_problem(_("this database has no WhatsApp call history (ZWACDCALLEVENT)"))
            return
        acols = _columns(conn, "ZWAAGGREGATECALLEVENT") if "ZWAAGGREGATECALLEVENT" in tables else set()
        has_agg = {"Z_PK", "ZINCOMING", "ZMISSED", "ZVIDEO"} <= acols and "Z1CALLEVENTS" in ecols
        participants: dict[int, list[str]] = {}
        if "ZWACDCALLEVENTPARTICIPANT" in tables and {"Z1PARTICIPANTS", "ZJIDSTRING"} <= _columns(
                conn, "ZWACDCALLEVENTPARTICIPANT"):
            for call, jid in conn.execute("SELECT Z1PARTICIPANTS, ZJIDSTRING FROM ZWACDCALLEVENTPARTICIPANT"):
                jid = text_of(jid)
                if jid and call is not None:
                    participants.setdefault(call, []).append(jid)

        def col(c: str) -> str:
            return "e." + c if c in ecols else "NULL"

        sql = ("SELECT " + ", ".join(col(c) for c in ("Z_PK", "ZDATE", "ZDURATION", "ZOUTCOME",
                                                      "ZGROUPCALLCREATORUSERJIDSTRING", "ZGROUPJIDSTRING"))
               + (", a.ZINCOMING, a.ZMISSED, a.ZVIDEO " if has_agg else ", NULL, NULL, NULL ")
               + "FROM ZWACDCALLEVENT e "
               + ("LEFT JOIN ZWAAGGREGATECALLEVENT a ON a.Z_PK = e.Z1CALLEVENTS " if has_agg else "")
               + "ORDER BY e.ZDATE")
        for i, (pk, zdate, duration, outcome, creator, group, incoming, missed, video) in enumerate(
                conn.execute(sql), 1):
            pos = pk if pk.__class__ is int else i
            if zdate is None:
                yield pos, RecordProblem(_("the call has no date (ZDATE)"))
                continue
            try:
                when = loc.from_apple(float(zdate))
            except (TypeError, ValueError, OverflowError):
                yield pos, RecordProblem(_("the call's date is not a number: {v!r}").format(v=zdate))
                continue
            if duration is not None:
                try:
                    duration = float(duration)
                except (TypeError, ValueError):
                    yield pos, RecordProblem(_("the call's duration is not a number: {v!r}").format(v=duration))
                    continue
            creator, group = text_of(creator), text_of(group)
            others = (participants.get(pk) if pk is not None else None) or ([creator] if creator else [])
            raw = _number_of(others[0]) if others else None
            is_incoming = bool(incoming) if incoming is not None else (creator is not None and creator in others)
            if missed:
                result = "missed" if is_incoming else None
            elif outcome in OUTCOMES:
                result = OUTCOMES[outcome]
            else:
                result = "answered" if (duration or 0) > 0 else ("missed" if is_incoming else None)
            notes = [_("WhatsApp video call") if video else _("WhatsApp call")]
            if group or len(others) > 1:
                notes.append(_("Group call with {n}").format(n=", ".join(_number_of(o) or o for o in others)))
            yield pos, make_contact(
                occurred_at=when, channel="messenger", timezone=timezone,
                source_id=stable_id("whatsapp-call", zdate, raw or "", int(is_incoming)),
                direction="incoming" if is_incoming else "outgoing", outcome=result,
                number=norm(raw) if raw else None, number_hidden=raw is None,
                duration_s=round(duration, 1) if duration is not None else None, content="\n".join(notes))
