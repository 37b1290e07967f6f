"""What a dossier contains: a pure data model built from the evidence log.

``build(log, options)`` reads the log through its library API (entries, history, debts,
collectors, attachments, verify) and runs the rules; the renderers (HTML, PDF) and the
bundle only ever see the ``Dossier`` it returns. Redaction happens here, once, so every
renderer and every file in the package gets the same masked data.
"""

from __future__ import annotations

import base64
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

from ..errors import InvalidInput, VerificationFailed
from ..i18n import _
from ..models import Contact, Finding, Milestone, Profile
from .strings import DEFAULT_LANG, LANGS

FORMATS = ("zip", "html", "pdf")
# A playable copy made at export, when the vault has none yet: mono MP3 like audio.PLAYABLE_ARGS,
# but with ffmpeg's speechnorm instead of loudnorm (4x faster: 50 half-minute calls in ~7 s
# rather than ~26 s on two cores), which also makes quiet speech audible.
PLAYABLE_ARGS = ["-vn", "-ac", "1", "-af", "speechnorm=e=6.25:r=0.00001:l=1", "-ar", "22050",
                 "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", "pipe:1"]


@dataclass(frozen=True)
class Options:
    """How to export: language, period, redaction, recordings, package format."""

    lang: str | None = None  # None: the jurisdiction's language (ru, zh, it), else en
    since: datetime | None = None  # from this instant (inclusive)
    until: datetime | None = None  # up to this instant (exclusive)
    redact_third_parties: bool = False
    with_audio: bool = True
    format: str = "zip"

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {"lang": lang, "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "redact_third_parties": self.redact_third_parties, "with_audio": self.with_audio,
                "format": self.format}


@dataclass
class LogRow:
    """One entry of the chronological log, as the dossier shows it (already redacted)."""

    id: int
    type: str  # contact | milestone
    when: str  # ISO 8601 (occurred_at, or the milestone's date)
    when_local: str  # "2026-03-03 22:30" in the debtor's zone (a date for date-only milestones)
    logged: str  # recorded_at, "2026-03-03 22:41"
    record: dict[str, Any]  # the contract object (redacted)
    revision: int
    voided: bool
    void_reason: str | None
    history: list[dict[str, Any]]  # [{"action", "recorded_at", "reason"}]
    attachments: list[dict[str, Any]]
    hash: str
    rules: list[str] = field(default_factory=list)  # ids of the rules that flagged it

    def get(self, key: str, default: Any = None) -> Any:
        return self.record.get(key, default)


@dataclass
class Recording:
    entry_id: int
    sha256: str
    filename: str | None
    media_type: str | None
    size: int
    duration_s: float | None
    original_path: str | None = None  # path inside the ZIP; None when not included
    playable_path: str | None = None
    withheld: str | None = None  # why it is not included (redaction)


@dataclass
class ComplaintDraft:
    jurisdiction: str
    body: str  # who receives it
    how: str  # how to file
    language: str  # language of the text
    title: str
    paragraphs: list[str]
    evidence: list[tuple[str, bool]]  # (what the body asks for, whether the dossier has it)

    def text(self, mark: str) -> str:
        lines = [mark, "", self.title, "", self.body, self.how, ""]
        lines += [p for para in self.paragraphs for p in (para, "")]
        lines.append("—")
        lines += [("[x] " if have else "[ ] ") + what for what, have in self.evidence]
        return "\n".join(lines) + "\n"


@dataclass
class Dossier:
    options: Options
    lang: str
    profile: Profile
    created_at: datetime
    tool_version: str
    head: str
    links: int
    public_key: bytes
    period: tuple[date, date] | None
    debts: list[dict[str, Any]]
    collectors: list[dict[str, Any]]
    rows: list[LogRow]  # every entry in the period, retracted ones included, in order
    contacts: list[Contact]  # the contacts in the period that stand (not retracted)
    milestones: list[Milestone]
    findings: list[Finding]
    rows_by_id: dict[int, LogRow]
    pack_title: str
    disclaimer: str
    summary: dict[str, Any]
    heatmap: Any
    per_day: list[Any]
    caps: dict[str, int]
    numbers_by_agency: list[tuple[str, list[tuple[str, int]]]]
    recordings: list[Recording]
    complaint: ComplaintDraft | None
    records_json: list[dict[str, Any]]  # contacts.json: the contract's list --json objects (redacted)
    findings_json: dict[str, Any]
    redaction: dict[str, Any] | None
    # How the bundle reads recordings: original bytes, and a playable copy (or None).
    signer: str = "vault"  # "volunteer" for a dossier exported from an imported case
    signer_x25519: bytes | None = None  # the volunteer's other public key (for the fingerprint)
    partial: dict[str, Any] | None = None  # a case from a partial share: its period and what was withheld
    open_original: Callable[[str], Iterator[bytes]] | None = None
    open_playable: Callable[[Recording], Iterator[bytes] | None] | None = None

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key, self.signer, self.signer_x25519)


def key_fingerprint(public_key: bytes, signer: str = "vault", x25519: bytes | None = None) -> str:
    """The fingerprint people compare, in debtlog's one scheme (debtlog/sharing/keys.py).

    A vault's key: what ``debtlog share`` prints as "your vault's fingerprint". A volunteer's
    (a dossier exported from a case): what ``debtlog volunteer key`` prints, which covers
    both of the volunteer's public keys, so the manifest carries the X25519 one too.
    """
    from ..sharing.keys import fingerprint, vault_fingerprint

    if signer == "volunteer" and x25519:
        return fingerprint(x25519 + public_key)
    return vault_fingerprint(public_key)


def resolve_lang(lang: str | None, jurisdiction: str) -> str:
    if lang is None:
        return DEFAULT_LANG.get(jurisdiction, "en")
    low = lang.strip().lower()
    if low not in LANGS:
        # The codes --lang takes for the tool itself work here too: zh_CN, zh-CN, zh_Hans, ru_RU.UTF-8.
        from ..i18n import normalize

        code = normalize(lang)
        low = "zh" if code == "zh_CN" else (code or low)
    if low not in LANGS:
        raise InvalidInput(_("Unknown dossier language '{l}'.").format(l=lang),
                           _("Use one of: {langs}.").format(langs=", ".join(LANGS)))
    return low


# -- redaction -------------------------------------------------------------------------------

class Redactor:
    """Masks the names and numbers of third parties, everywhere the dossier shows text."""

    def __init__(self, label: Callable[[int], str], number_label: Callable[[int], str]):
        self.label = label
        self.number_label = number_label
        self.people: dict[str, int] = {}  # folded name or number -> person index
        self.replacements: list[tuple[str, str]] = []

    def learn(self, tp: dict[str, Any] | None) -> None:
        if not tp:
            return
        name, number = tp.get("name"), tp.get("number")
        idx = None
        for key in (name and name.casefold(), number):
            if key and key in self.people:
                idx = self.people[key]
        if idx is None:
            idx = len({v for v in self.people.values()}) + 1
        if name:
            self.people[name.casefold()] = idx
            self.replacements.append((name, self.label(idx)))
        if number:
            self.people[number] = idx
            for variant in _number_variants(number):
                self.replacements.append((variant, self.number_label(idx)))

    def finish(self) -> None:
        # Longest first, so "Petrova Galina" is masked before "Petrova".
        self.replacements = sorted(set(self.replacements), key=lambda r: -len(r[0]))

    def text(self, s: str | None) -> str | None:
        if not s or not self.replacements:
            return s
        import re

        for old, new in self.replacements:
            if old.casefold() in s.casefold():
                s = re.sub(re.escape(old), new, s, flags=re.IGNORECASE)
        return s

    def third_party(self, tp: dict[str, Any] | None) -> dict[str, Any] | None:
        if not tp:
            return tp
        out = dict(tp)
        idx = self.people.get((tp.get("name") or "").casefold()) or self.people.get(tp.get("number") or "")
        if tp.get("name"):
            out["name"] = self.label(idx or 0)
        if tp.get("number"):
            out["number"] = self.number_label(idx or 0)
        return out

    def record(self, rec: dict[str, Any]) -> dict[str, Any]:
        out = dict(rec)
        if "third_party" in out:
            out["third_party"] = self.third_party(out.get("third_party"))
        for key in ("content", "note", "caller"):
            if isinstance(out.get(key), str):
                out[key] = self.text(out[key])
        if out.get("target") == "third_party" and out.get("number") and out["number"] in self.people:
            out["number"] = self.number_label(self.people[out["number"]])
        return out


def _number_variants(number: str) -> list[str]:
    """How a number may be written in a message: +79161234567, 79161234567, 89161234567, 9161234567."""
    digits = "".join(ch for ch in number if ch.isdigit())
    out = {number, digits}
    if len(digits) >= 10:
        out.add(digits[-10:])
        if number.startswith("+7"):
            out.add("8" + digits[-10:])
    return [v for v in out if len(v) >= 6]


# -- building --------------------------------------------------------------------------------

def _local(dt: datetime, zone: ZoneInfo) -> str:
    return dt.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _in_period(entry, options: Options, tz: str) -> bool:
    if options.since is None and options.until is None:
        return True
    rec = entry.record
    if isinstance(rec, Contact):
        t = rec.occurred_at
    else:
        at = rec.at
        t = at if isinstance(at, datetime) else datetime.combine(at, datetime.min.time(), ZoneInfo(rec.timezone or tz))
    if options.since is not None and t < options.since:
        return False
    if options.until is not None and t >= options.until:
        return False
    return True


def build(log, options: Options | None = None, *, packs=None, now: datetime | None = None) -> Dossier:
    """Everything a dossier shows, from the log. Refuses (exit 1) when the log does not verify."""
    from .. import __version__
    from ..charts import daily_caps, per_day, weekday_hour
    from ..rules import evaluate, load_pack
    from .complaints import draft_complaint
    from .strings import Words

    options = options or Options()
    if options.format not in FORMATS:
        raise InvalidInput(_("Unknown dossier format '{f}'.").format(f=options.format),
                           _("Use one of: {f}.").format(f=", ".join(FORMATS)))
    profile: Profile = log.profile
    lang = resolve_lang(options.lang, profile.jurisdiction)
    w = Words(lang)
    zone = ZoneInfo(profile.timezone)

    report = log.verify()
    if not report.ok:
        first = report.problems[0]
        raise VerificationFailed(_("The vault does not verify ({msg}); a dossier would certify altered records, "
                                   "so none was made.").format(msg=first.message),
                                 _("Run: debtlog verify"))
    genesis = log.links()[0] if report.links else None
    public_key = base64.b64decode(genesis.payload["public_key"]) if genesis and genesis.kind == "vault" else b""
    signer = "vault"
    try:  # a case a volunteer imported: the dossier is signed with the volunteer's key
        from ..sharing.cases import case_signing_public_key
    except ImportError:  # pragma: no cover - the sharing package is optional here
        case_signing_public_key = None
    if case_signing_public_key is not None:
        case_key = case_signing_public_key(log)
        if case_key:
            public_key, signer = case_key, "volunteer"
    from ..sharing.partial import marker as partial_marker

    partial = partial_marker(log.conn)

    all_entries = log.entries(include_voided=True)
    standing_contacts = [e.record for e in all_entries if e.type == "contact" and not e.voided]
    milestones = [e.record for e in all_entries if e.type == "milestone" and not e.voided]
    if packs is None:
        packs = [load_pack(profile.jurisdiction)]
    pack = packs[-1] if packs else None
    findings_all = evaluate(standing_contacts, milestones, profile, packs)

    in_period = [e for e in all_entries if _in_period(e, options, profile.timezone)]
    period_ids = {e.id for e in in_period if e.type == "contact"}
    findings = [f for f in findings_all if set(f.entries) & period_ids]

    redactor = None
    if options.redact_third_parties:
        redactor = Redactor(lambda n: w("third_party_label", n=n), lambda n: w("number_label", n=n))
        for e in all_entries:
            redactor.learn(e.payload.get("third_party"))
        redactor.finish()

    flagged: dict[int, list[str]] = defaultdict(list)
    for f in findings:
        for i in f.entries:
            if f.rule not in flagged[i]:
                flagged[i].append(f.rule)

    rows: list[LogRow] = []
    records_json: list[dict[str, Any]] = []
    for e in in_period:
        rec = {k: v for k, v in e.payload.items()}
        if redactor is not None:
            rec = redactor.record(rec)
        history: list[dict[str, Any]] = []
        if e.revision > 1 or e.voided:
            for link in log.history(e.id):
                reason = link.payload.get("reason") if link.action != "create" else None
                history.append({"action": link.action, "recorded_at": link.recorded_at,
                                "reason": redactor.text(reason) if redactor else reason})
        r = e.record
        if isinstance(r, Contact):
            when_local = _local(r.occurred_at, zone)
            when = r.occurred_at.isoformat()
        else:
            when = r.at.isoformat()
            when_local = _local(r.at, zone) if isinstance(r.at, datetime) else r.at.isoformat()
        logged = e.recorded_at.replace("T", " ")[:16]
        void_reason = redactor.text(e.void_reason) if redactor else e.void_reason
        row = LogRow(e.id, e.type, when, when_local, logged, rec, e.revision, e.voided, void_reason, history,
                     e.attachments, e.hash, flagged.get(e.id, []))
        rows.append(row)
        j = e.to_json()
        if redactor is not None:
            j = redactor.record(j)
            if j.get("void_reason"):
                j["void_reason"] = redactor.text(j["void_reason"])
        records_json.append(j)
    rows_by_id = {r.id: r for r in rows}

    if redactor is not None:
        from dataclasses import replace as dc_replace

        findings = [dc_replace(f, title=redactor.text(f.title) or "", explanation=redactor.text(f.explanation) or "",
                               matched=tuple(redactor.text(m) or "" for m in f.matched)) for f in findings]

    contacts = [e.record for e in in_period if e.type == "contact" and not e.voided]
    period = _period(options, contacts, zone)

    # The rule titles in the dossier's language (the catalog's; findings.json stays English).
    from dataclasses import replace as _with
    from ..i18n import translator

    english_findings = findings
    tr = translator(lang)
    findings = [_with(f, title=tr(f.title), citation=tr(f.citation)) for f in findings]
    if tr is not translator("en"):
        # The explanations too: worded again in the dossier's language (same rules, same order).
        from ..rules.engine import run
        from ..rules.text import Wording
        from ..i18n import normalize, catalog

        code = normalize(lang) or "en"
        wording = Wording(tr, catalog(code).ngettext, code)
        worded = run(standing_contacts, milestones, profile, list(packs), wording=wording)
        by_key = {(f.rule, f.entries): f.explanation for f in worded}
        for i, f in enumerate(findings):
            text = by_key.get((f.rule, f.entries))
            if text is not None:
                findings[i] = _with(f, explanation=(redactor.text(text) or "") if redactor is not None else text)

    # summary ---------------------------------------------------------------------------
    by_channel = Counter(c.channel for c in contacts)
    by_agency = Counter(c.agency or "" for c in contacts)
    number_counts: Counter = Counter()
    number_agency: dict[str, str] = {}
    per_agency_numbers: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row.type != "contact" or row.voided:
            continue
        n = row.get("number") or ("hidden" if row.get("number_hidden") else "")
        if not n:
            continue
        number_counts[n] += 1
        number_agency.setdefault(n, row.get("agency") or "")
        if row.get("direction", "incoming") == "incoming":
            per_agency_numbers[row.get("agency") or ""][n] += 1
    by_rule: dict[str, dict[str, Any]] = {}
    for f in findings:
        d = by_rule.setdefault(f.rule, {"rule": f.rule, "title": f.title, "severity": f.severity,
                                        "citation": f.citation, "findings": 0, "entries": set()})
        d["findings"] += 1
        d["entries"].update(i for i in f.entries if i in period_ids)
    summary = {
        "contacts": len(contacts),
        "incoming": sum(1 for c in contacts if c.direction == "incoming"),
        "flagged": len({i for f in findings for i in f.entries if i in period_ids}),
        "by_channel": by_channel.most_common(),
        "by_agency": by_agency.most_common(),
        "by_number": [(n, number_agency.get(n, ""), k) for n, k in number_counts.most_common()],
        "by_rule": [{**d, "entries": len(d["entries"])} for d in by_rule.values() if d["severity"] != "info"],
    }

    heatmap = weekday_hour(contacts, profile.timezone, pack)
    days = per_day(contacts, profile.timezone)
    caps = daily_caps(pack) if pack is not None else {}
    numbers_by_agency = [(agency, counter.most_common()) for agency, counter in
                         sorted(per_agency_numbers.items(), key=lambda kv: -sum(kv[1].values()))]

    # recordings ----------------------------------------------------------------------------
    recordings: list[Recording] = []
    for row in rows:
        for a in row.attachments:
            rec = Recording(row.id, a["sha256"], a.get("filename"), a.get("media_type"), a.get("size") or 0,
                            a.get("duration_s"))
            if redactor is not None and row.get("target") == "third_party":
                rec.withheld = w("redacted_recording")
            if redactor is not None and rec.filename:
                rec.filename = redactor.text(rec.filename)
            recordings.append(rec)

    debts = log.debts()
    collectors = log.collectors()
    if redactor is not None:
        debts = [{k: (redactor.text(v) if isinstance(v, str) else v) for k, v in d.items()} for d in debts]

    findings_json = {
        "jurisdiction": profile.jurisdiction, "timezone": profile.timezone,
        "pack": {"id": pack.id, "title": pack.title, "version": pack.version} if pack else None,
        "findings": [f.to_dict() for f in english_findings],
        "disclaimer": (pack.disclaimer if pack and pack.disclaimer else w("disclaimer")),
    }
    created = (now or datetime.now(zone)).astimezone(zone).replace(microsecond=0)
    d = Dossier(
        options=options, lang=lang, profile=profile, created_at=created, tool_version=__version__,
        head=report.head, links=report.links, public_key=public_key, period=period, debts=debts,
        collectors=collectors, rows=rows, contacts=contacts, milestones=milestones, findings=findings,
        rows_by_id=rows_by_id, pack_title=tr(pack.title) if pack else profile.jurisdiction,
        disclaimer=w("disclaimer"), summary=summary, heatmap=heatmap, per_day=days, caps=caps,
        numbers_by_agency=numbers_by_agency, recordings=recordings, complaint=None, records_json=records_json,
        findings_json=findings_json,
        redaction={"third_parties": len(set(redactor.people.values())), "recordings_withheld":
                   sum(1 for r in recordings if r.withheld)} if redactor is not None else None,
        signer=signer,
    )
    d.partial = partial
    d.complaint = draft_complaint(d)
    if options.with_audio and options.format == "zip" and recordings:
        _attach_sources(log, d)
    return d


def _period(options: Options, contacts: list[Contact], zone: ZoneInfo) -> tuple[date, date] | None:
    from datetime import timedelta

    lo = options.since.astimezone(zone).date() if options.since else None
    hi = (options.until.astimezone(zone) - timedelta(seconds=1)).date() if options.until else None
    if contacts:
        lo = lo or min(c.occurred_at for c in contacts).astimezone(zone).date()
        hi = hi or max(c.occurred_at for c in contacts).astimezone(zone).date()
    if lo is None or hi is None:
        return None
    return lo, hi


def _attach_sources(log, d: Dossier) -> None:
    """How the bundle reads originals and playable copies (the vault stays open meanwhile)."""
    from ..vault import derived
    from ..vault.attachments import open_blob

    ov = log.vault_file
    if ov is None:
        return
    playable = {}
    for item in derived.items(log, kind="playable"):
        if item.get("sha256") and not (item.get("params") or {}).get("start_s"):
            playable.setdefault(item["source_sha256"], item["sha256"])

    def open_original(sha: str) -> Iterator[bytes]:
        return open_blob(ov.file.path, ov.data_key, ov.header.vault_id, sha)

    def open_playable(rec: Recording) -> Iterator[bytes] | None:
        have = playable.get(rec.sha256)
        if have:
            return open_blob(ov.file.path, ov.data_key, ov.header.vault_id, have)
        if not (rec.media_type or "").startswith("audio/"):
            return None
        from ..audio import ffmpeg_stream

        return ffmpeg_stream(open_original(rec.sha256), PLAYABLE_ARGS, media_type=rec.media_type,
                             spool_dir=ov.file.path.parent)

    d.open_original = open_original
    d.open_playable = open_playable
