"""Derived copies of attachments: made from an original, never replacing it.

A derived item is what debtlog made from a recording: ``metadata`` (what the probe found:
codec, sample rate, channels, the original file's times), a ``playable`` copy (mono,
loudness-normalised MP3 for dossiers), a ``waveform`` (SVG), ``clip`` s (with their offsets
in the original) and ``transcript`` s (text). Files are sealed in the attachment store like
originals; every item is one ``derived`` link in the hash chain, so verify covers them.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from ..errors import InvalidInput, VaultDamaged
from ..i18n import _
from ..records import canonical_json

KINDS = ("metadata", "playable", "waveform", "clip", "transcript")
COLUMNS = "id, entry_id, source_sha256, kind, sha256, media_type, size, params, text, link"


def _row(r) -> dict[str, Any]:
    return {"id": r[0], "entry_id": r[1], "source_sha256": r[2], "kind": r[3], "sha256": r[4], "media_type": r[5],
            "size": r[6], "params": json.loads(r[7]), "text": r[8], "link": r[9]}


def record(log, entry_id: int, source_sha256: str, kind: str, *, sha256: str | None = None,
           media_type: str | None = None, size: int | None = None, params: dict | None = None,
           text: str | None = None) -> dict[str, Any]:
    """Add a derived item: one link in the hash chain and one row in the table."""
    if kind not in KINDS:
        raise ValueError(kind)
    derived_id = log.conn.execute("SELECT COALESCE(MAX(id), 0) FROM derived").fetchone()[0] + 1
    payload = {"id": derived_id, "entry_id": entry_id, "source_sha256": source_sha256, "kind": kind,
               "sha256": sha256, "media_type": media_type, "size": size, "params": params or {}, "text": text}
    seq, _h = log.append("derived", "create", entry_id, payload)
    log.conn.execute(f"INSERT INTO derived ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (derived_id, entry_id, source_sha256, kind, sha256, media_type, size,
                      canonical_json(params or {}), text, seq))
    return {**payload, "link": seq}


def record_metadata(log, entry_id: int, sha256: str, info) -> dict[str, Any]:
    """What the probe found about an original (codec, rate, channels, file times...)."""
    d = info.to_dict()
    params = {k: d[k] for k in ("container", "codec", "sample_rate", "channels", "bitrate", "playable", "note",
                                "duration_source", "file_times") if d.get(k) is not None}
    return record(log, entry_id, sha256, "metadata", params=params)


def items(log, *, source_sha256: str | None = None, entry_id: int | None = None, kind: str | None = None,
          sources: Iterable[str] | None = None) -> list[dict[str, Any]]:
    where, args = [], []
    if source_sha256 is not None:
        where.append("source_sha256 = ?")
        args.append(source_sha256)
    if entry_id is not None:
        where.append("entry_id = ?")
        args.append(entry_id)
    if kind is not None:
        where.append("kind = ?")
        args.append(kind)
    sql = f"SELECT {COLUMNS} FROM derived" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    rows = [_row(r) for r in log.conn.execute(sql, args)]
    if sources is not None:
        wanted = set(sources)
        rows = [r for r in rows if r["source_sha256"] in wanted]
    return rows


def latest(log, source_sha256: str, kind: str) -> dict[str, Any] | None:
    found = items(log, source_sha256=source_sha256, kind=kind)
    return found[-1] if found else None


def metadata_by_source(log) -> dict[str, dict[str, Any]]:
    """The newest metadata of every original, by its SHA-256 (one query: for list)."""
    out: dict[str, dict[str, Any]] = {}
    for sha, params in log.conn.execute("SELECT source_sha256, params FROM derived WHERE kind = 'metadata' ORDER BY id"):
        out[sha] = json.loads(params)
    return out


def kinds_by_source(log) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for sha, kind in log.conn.execute("SELECT source_sha256, kind FROM derived"):
        out.setdefault(sha, set()).add(kind)
    return out


def store(log, chunks: Iterable[bytes], what: str) -> dict[str, Any]:
    """Seal derived bytes (a stream) into the attachment store."""
    from .attachments import store_stream

    ov = log.vault_file
    return store_stream(ov.file.path, ov.data_key, ov.header.vault_id, chunks, what=what)


def open_item(log, sha256: str) -> Iterator[bytes]:
    from .attachments import open_blob

    ov = log.vault_file
    return open_blob(ov.file.path, ov.data_key, ov.header.vault_id, sha256)


def search_transcripts(log, text: str) -> set[int]:
    """The entries whose transcript contains ``text`` (case-insensitive, any script)."""
    needle = text.casefold()
    return {eid for eid, t in log.conn.execute("SELECT entry_id, text FROM derived WHERE kind = 'transcript'")
            if t and needle in t.casefold()}


def sources_matching(log, text: str) -> set[str]:
    """The recordings (SHA-256 of the original) whose transcript contains ``text``."""
    needle = text.casefold()
    return {sha for sha, t in log.conn.execute("SELECT source_sha256, text FROM derived WHERE kind = 'transcript'")
            if t and needle in t.casefold()}


def transcripts_for(log, ids: Iterable[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    wanted = set(ids)
    for eid, t in log.conn.execute("SELECT entry_id, text FROM derived WHERE kind = 'transcript' ORDER BY id"):
        if eid in wanted and t:
            out[eid] = t
    return out


def check_derived(log, blobs: bool = True) -> list[str]:
    """Problems with derived items: the table against the chain, then (``blobs``) every file.

    For ``debtlog verify``: an empty list means every derived item is intact.
    """
    problems: list[str] = []
    chain: dict[int, tuple[int, dict]] = {}
    for seq, payload in log.conn.execute("SELECT seq, payload FROM chain WHERE kind = 'derived' ORDER BY seq"):
        p = json.loads(payload)
        chain[p["id"]] = (seq, p)
    table = {r["id"]: r for r in items(log)}
    for did, r in table.items():
        seq_p = chain.get(did)
        if seq_p is None:
            problems.append(_("derived item {id} ({kind} of {sha}) is not in the hash chain").format(
                id=did, kind=r["kind"], sha=r["source_sha256"][:16]))
            continue
        seq, p = seq_p
        mine = {k: r[k] for k in ("entry_id", "source_sha256", "kind", "sha256", "media_type", "size", "params", "text")}
        theirs = {k: p.get(k) for k in mine}
        theirs["params"] = p.get("params") or {}
        if r["link"] != seq or mine != theirs:
            problems.append(_("derived item {id} ({kind} of {sha}) does not match the hash chain").format(
                id=did, kind=r["kind"], sha=r["source_sha256"][:16]))
    for did in sorted(set(chain) - set(table)):
        problems.append(_("derived item {id} is in the hash chain but was removed from its table").format(id=did))
    if blobs:
        for r in table.values():
            if not r["sha256"]:
                continue
            try:
                for _chunk in open_item(log, r["sha256"]):
                    pass
            except VaultDamaged as e:
                problems.append(_("derived {kind} {sha} of attachment {src}: {problem}").format(
                    kind=r["kind"], sha=r["sha256"][:16], src=r["source_sha256"][:16], problem=e.message))
    return problems


def resolve(log, prefix: str) -> dict[str, Any]:
    """The attachment whose SHA-256 starts with ``prefix`` (unique), with its entry."""
    p = prefix.strip().lower()
    if len(p) < 4 or any(c not in "0123456789abcdef" for c in p):
        raise InvalidInput(_("'{p}' is not a SHA-256 (or a prefix of at least 4 hex digits).").format(p=prefix),
                           _("See them with: debtlog audio list"))
    found = [a for a in log.attachments() if a["sha256"].startswith(p)]
    shas = {a["sha256"] for a in found}
    if not found:
        raise InvalidInput(_("No attachment has a SHA-256 starting with {p}.").format(p=p),
                           _("See them with: debtlog audio list"))
    if len(shas) > 1:
        raise InvalidInput(_("{n} attachments start with {p}: give more digits.").format(n=len(shas), p=p),
                           ", ".join(sorted(s[:16] for s in shas)))
    return found[0]
