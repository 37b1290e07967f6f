"""Partial shares (``share --since/--until``): part of a log that still verifies against the whole.

The borrower's link hash covers a link's whole text, so a link cannot be checked without its
content. A partial share therefore keeps the **skeleton** of the whole chain and the content of
what it covers:

- every link of a contact or milestone that occurred in the period (its current revision's time)
  is kept whole, with all its revisions, its retraction, its attachments and what debtlog
  derived from them (playable copies, transcripts): an included entry's history is complete;
- links that are not about one entry (the vault's first link, profile changes, collectors,
  debts, the address book) are kept whole: they are the case's parties, not its events;
- every other link becomes a *withheld* link: ``seq``, ``prev`` and ``hash`` are kept,
  ``kind`` becomes ``withheld`` and its action, entry, time and payload are blanked; the rows
  of the entries, attachments and derived tables that belong to it are deleted, and the
  recordings of withheld entries are not in the share. ``secure_delete`` and ``VACUUM`` leave
  no copy of withheld content in free pages.

A ``meta`` row ``partial`` (also in the signed header) records the period and the counts.
``verify`` accepts withheld links only where that row exists; every kept link is recomputed
from its content and every link, kept or withheld, must name the one before it, so the chain
still ends at the head the borrower's key signed. What a volunteer cannot check alone is that
a withheld link's hash really commits to the link before it: that rests on the borrower's
signature, and anyone who later sees the whole log (a full share, the borrower's own dossier
or vault) can check that every kept link sits at the same place under the same head.

The format is specified in docs/volunteer-guide.md ("Partial shares"); keep the two in step.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import InvalidInput
from ..i18n import _

WITHHELD = "withheld"
ENTRY_KINDS = ("contact", "milestone", "attachment", "derived")  # ref = the entry's id
WHOLE_KINDS = ("vault", "profile", "collector", "debt", "addressbook")  # always kept whole


def coverage(since: datetime | None, until: datetime | None, tz: str) -> dict[str, Any]:
    """The period a share covers: instants (``since`` inclusive, ``until`` exclusive) and the days shown."""
    zone = ZoneInfo(tz)
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "from": since.astimezone(zone).date().isoformat() if since else None,
        "to": (until.astimezone(zone) - timedelta(seconds=1)).date().isoformat() if until else None,
    }


def describe(partial: dict[str, Any] | None) -> str:
    """'2026-03-01..2026-03-31' (an open end shows as '...'); the whole log for None."""
    if not partial:
        return _("the whole log")
    return f"{partial.get('from') or '…'}..{partial.get('to') or '…'}"


def redact(conn, since: datetime | None, until: datetime | None, tz: str) -> dict[str, Any]:
    """Withhold, in place, everything outside [since, until); returns the ``partial`` record."""
    lo = since.timestamp() if since else float("-inf")
    hi = until.timestamp() if until else float("inf")
    kept: set[int] = set()
    withheld_entries = 0
    for eid, t in conn.execute("SELECT id, occurred_utc FROM entries"):
        if lo <= t < hi:
            kept.add(eid)
        else:
            withheld_entries += 1
    unknown = [k for (k,) in conn.execute("SELECT DISTINCT kind FROM chain")
               if k not in ENTRY_KINDS and k not in WHOLE_KINDS]
    if unknown:
        raise InvalidInput(_("This vault has links of a kind a partial share cannot handle ({k}).").format(
            k=", ".join(sorted(unknown))), _("Share the whole log (without --since/--until), or upgrade debtlog."))
    drop = [seq for seq, kind, ref in conn.execute("SELECT seq, kind, ref FROM chain ORDER BY seq")
            if kind in ENTRY_KINDS and ref not in kept]
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("BEGIN")
    conn.executemany("UPDATE chain SET kind = ?, action = '', ref = NULL, recorded_at = '', payload = '{}' "
                     "WHERE seq = ?", [(WITHHELD, s) for s in drop])
    conn.execute("CREATE TEMP TABLE kept (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO kept (id) VALUES (?)", [(i,) for i in kept])
    # attachments, derived, and any later table that hangs off an entry (by an entry_id column)
    tables = [t for (t,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
    for table in tables:
        columns = {r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')}
        if "entry_id" in columns:
            conn.execute(f'DELETE FROM main."{table}" WHERE entry_id NOT IN (SELECT id FROM kept)')
    conn.execute("DELETE FROM entries WHERE id NOT IN (SELECT id FROM kept)")
    conn.execute("DROP TABLE kept")
    partial = {**coverage(since, until, tz), "entries": len(kept), "withheld_entries": withheld_entries,
               "withheld_links": len(drop)}
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('partial', ?)",
                 (json.dumps(partial, sort_keys=True),))
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    return partial


def marker(conn) -> dict[str, Any] | None:
    """The ``partial`` record of a share's (or a case's) database; None for the whole log."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'partial'").fetchone()
    except Exception:  # noqa: BLE001 - no meta table: not a debtlog database, verify says so
        return None
    return json.loads(row[0]) if row else None


def check(conn, header_partial: dict[str, Any] | None, withheld_links: int) -> str | None:
    """Why a share's partial database is inconsistent with its signed header (None: it is consistent).

    Run after ``verify`` passed: the chain links up and the tables match the kept links.
    """
    mine = marker(conn)
    if mine != header_partial:
        return _("its database and its signed header disagree about which part of the log it holds")
    if mine is None:
        return _("it withholds links but does not say so") if withheld_links else None
    if mine.get("withheld_links") != withheld_links:
        return _("it withholds {n} links but says {m}").format(n=withheld_links, m=mine.get("withheld_links"))
    if conn.execute("SELECT kind FROM chain WHERE seq = 1").fetchone() != ("vault",):
        return _("its first link is withheld")
    lo = datetime.fromisoformat(mine["since"]).timestamp() if mine.get("since") else float("-inf")
    hi = datetime.fromisoformat(mine["until"]).timestamp() if mine.get("until") else float("inf")
    (outside,) = conn.execute("SELECT COUNT(*) FROM entries WHERE occurred_utc < ? OR occurred_utc >= ?",
                              (lo, hi)).fetchone()
    if outside:
        return _("{n} of its entries lie outside the period it covers").format(n=outside)
    if conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] != mine.get("entries"):
        return _("it holds a different number of entries than it says")
    # An included entry's history is complete: each correction or retraction names a kept link
    # of the same entry (a withheld one would hide a version of it).
    kept = {h: (k, r) for h, k, r in conn.execute("SELECT hash, kind, ref FROM chain WHERE kind IN "
                                                  "('contact', 'milestone')")}
    for seq, kind, ref, payload in conn.execute(
            "SELECT seq, kind, ref, payload FROM chain WHERE kind IN ('contact', 'milestone') AND action != 'create'"):
        replaces = json.loads(payload).get("replaces")
        if replaces is not None and kept.get(replaces) != (kind, ref):
            return _("link {n} corrects or retracts a version of entry {id} that the share does not hold").format(
                n=seq, id=ref)
    return None


def contains(outer: dict[str, Any] | None, inner: dict[str, Any] | None) -> bool:
    """Whether a share covering ``outer`` holds every entry one covering ``inner`` holds (None: whole log)."""
    if outer is None:
        return True
    if inner is None:
        return False

    def t(v, default):
        return datetime.fromisoformat(v).timestamp() if v else default

    return (t(outer.get("since"), float("-inf")) <= t(inner.get("since"), float("-inf"))
            and t(outer.get("until"), float("inf")) >= t(inner.get("until"), float("inf")))
