"""Which numbers in a phone's log look like collectors (for ``import ... --review``).

A collector's number is typically: not in the debtor's address book, calling often (many
incoming calls, many of them unanswered), or an SMS short code / sender name that is not
a known bank or operator. This only ranks; the person decides.
"""

from __future__ import annotations

from typing import Iterable

from ..i18n import N_
from ..models import Contact
from . import WithAttachments

MIN_CALLS = 3


def candidates(items: Iterable[tuple[int, object]], *, known: set[str], address_book: set[str],
               limit: int = 30) -> list[dict]:
    stats: dict[str, dict] = {}
    for _pos, item in items:
        rec = item.record if isinstance(item, WithAttachments) else item
        if not isinstance(rec, Contact) or not rec.number or rec.number in known or rec.number in address_book:
            continue
        s = stats.setdefault(rec.number, {"number": rec.number, "calls": 0, "messages": 0, "missed": 0,
                                          "incoming": 0, "outgoing": 0})
        if rec.channel == "call":
            s["calls"] += 1
            if rec.outcome in ("missed", "rejected"):
                s["missed"] += 1
        else:
            s["messages"] += 1
        s["incoming" if rec.direction == "incoming" else "outgoing"] += 1
    out = []
    for s in stats.values():
        why = []
        short = not s["number"].startswith("+")
        if s["incoming"] >= MIN_CALLS:
            why.append(N_("many contacts"))
        if s["missed"] >= 2:
            why.append(N_("unanswered calls"))
        if short:
            why.append(N_("short code or sender name"))
        if s["outgoing"] == 0 and s["incoming"]:
            why.append(N_("never called back"))
        if (s["incoming"] >= MIN_CALLS or short) and why:
            s["why"] = why
            s["score"] = s["incoming"] + 2 * s["missed"] + (3 if short else 0) - 2 * s["outgoing"]
            out.append(s)
    out.sort(key=lambda s: (-s["score"], s["number"]))
    return out[:limit]
