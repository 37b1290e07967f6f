"""The rules engine: contacts, milestones and the debtor's profile, against rule packs, give
findings. Pure: no file or network I/O (packs arrive already loaded).

How it works, briefly: every contact becomes a ``Row`` once, with its time in the debtor's
timezone (DST-correct via zoneinfo), its calendar day, and the keys rules group by (creditor,
collector, debt, person). Rows are sorted once. Each rule selects rows with a filter (cached
per distinct filter, so rules sharing one pay once) and runs the evaluator of its kind.
Caps use bucketing (calendar windows) or two pointers (rolling windows): O(n) per rule after
the sort.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from typing import Any, Callable, Iterable, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import InvalidInput
from ..models import Contact, Finding, Milestone, Profile
from . import text as T
from .text import N_, _, ngettext
from .calendar import DayType, day_type
from .pack import SEVERITIES, Rule, RulePack

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\D+")
_norm_cache: dict[str, str] = {}


def _norm(s: str | None) -> str:
    if not s:
        return ""
    v = _norm_cache.get(s)
    if v is None:
        v = _SPACES.sub(" ", s).strip().casefold()
        if len(_norm_cache) < 100_000:
            _norm_cache[s] = v
    return v


def _digits(s: str | None) -> str:
    return _DIGITS.sub("", s) if s else ""


# --- rows: contacts prepared once per evaluation --------------------------------------------------


class Row:
    """A contact as the rules see it: local time, day, and the keys rules group by."""

    __slots__ = (
        "c",
        "id",
        "idx",
        "cd",
        "local",
        "day",
        "ordinal",
        "sod",
        "ts",
        "channel",
        "direction",
        "outcome",
        "conv",
        "robot",
        "third",
        "relation",
        "person",
        "creditor",
        "creditor_label",
        "agency",
        "debt",
    )

    def __init__(self, c: Contact, cid: int, local: datetime, ts: float):
        self.c = c
        self.id = cid
        self.idx = 0  # position in time order, set once all rows are sorted
        self.cd = 0  # code of (channel, direction), for fast selection
        self.local = local
        day = self.day = local.date()
        self.ordinal = day.toordinal()
        self.sod = local.hour * 3600 + local.minute * 60 + local.second
        self.ts = ts
        channel = self.channel = c.channel
        self.direction = c.direction
        out = self.outcome = c.outcome
        self.conv = out == "answered" or (channel == "visit" and out is None)  # Contact.is_conversation
        self.robot = c.robot
        if c.target == "third_party":
            self.third = True
            tp = c.third_party
            self.relation = tp.relation if tp else None
            who = _norm(tp.name) if tp else ""
            num = _digits(tp.number) if tp else ""
            self.person = "tp:" + (who or (f"#{num}" if num else f"rel:{self.relation or ''}"))
        else:
            self.third = False
            self.relation = None
            self.person = "debtor"
        self.agency = _norm(c.agency)
        self.creditor = _norm(c.creditor)  # resolved later (an agency's only creditor)
        self.creditor_label = c.creditor
        self.debt = c.debt.strip() if c.debt else ""

    @property
    def collector(self) -> str:
        """The debt collector (Reg F's unit): the agency, or the creditor collecting itself."""
        return self.agency or _norm(self.c.creditor)

    @property
    def collector_label(self) -> str:
        return self.c.agency or self.c.creditor or ""

    @property
    def person_label(self) -> str:
        """Who was contacted, worded for a sentence ("you", "Anna (spouse)")."""
        if not self.third:
            # Translators: the debtor, as the person a collector contacted ("... with you on ...").
            return _("you")
        tp = self.c.third_party
        rel = (tp.relation if tp else None) or ""
        rel_text = _(RELATIONS[rel]) if rel in RELATIONS else rel
        if tp and tp.name:
            label = tp.name
        elif tp and tp.number:
            label = _("the person at {number}").format(number=tp.number)
        else:
            label = ""
        if label and rel:
            # Translators: a person and how they relate to the debtor: "Anna (spouse)".
            return _("{person} ({relation})").format(person=label, relation=rel_text)
        if label:
            return label
        return _("a third party ({relation})").format(relation=rel_text) if rel else _("a third party")

    def what(self) -> str:
        """The channel's English name (a key for counting)."""
        return T.channel_name(self.channel, bool(self.robot))

    def what_text(self) -> str:
        """The channel's name in the wording's language."""
        return T.channel_text(self.channel, bool(self.robot))

    def hhmm(self) -> str:
        return f"{self.local.hour:02d}:{self.local.minute:02d}"


# Translators: who the collector contacted instead of the debtor, inside a sentence.
RELATIONS = {"spouse": N_("spouse"), "relative": N_("relative"), "employer": N_("employer"),
             "colleague": N_("colleague"), "friend": N_("friend"), "neighbor": N_("neighbor"), "other": N_("other")}


def _resolve_creditors(rows: list[Row]) -> None:
    """Contacts that name only the agency count against the agency's creditor when the log
    shows that agency working for exactly one creditor; otherwise against the agency itself."""
    by_agency: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows:
        if r.agency and r.creditor:
            by_agency[r.agency][r.creditor] = r.creditor_label
    for r in rows:
        if r.creditor:
            continue
        known = by_agency.get(r.agency)
        if known and len(known) == 1:
            (r.creditor, r.creditor_label), = known.items()
        elif r.agency:
            r.creditor, r.creditor_label = "agency:" + r.agency, r.c.agency


# --- filters ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """Which contacts a rule looks at."""

    channels: frozenset[str] | None
    directions: frozenset[str]
    outcomes: frozenset[str] | None
    exclude_outcomes: frozenset[str]
    targets: str
    robot: bool | None
    consumer_relations: frozenset[str]

    @classmethod
    def from_params(cls, params: dict[str, Any], pack: RulePack, **override: Any) -> Filter:
        p = dict(params)
        p.update(override)
        return cls(
            channels=frozenset(p["channels"]) if p.get("channels") else None,
            directions=frozenset(p.get("directions", ["incoming"])),
            outcomes=frozenset(p["outcomes"]) if p.get("outcomes") else None,
            exclude_outcomes=frozenset(p.get("exclude_outcomes", ["failed"])),
            targets=p.get("targets", "consumer"),
            robot=p.get("robot"),
            consumer_relations=frozenset(pack.consumer_relations),
        )

    def match(self, r: Row) -> bool:
        if self.channels is not None and r.channel not in self.channels:
            return False
        return r.direction in self.directions and self.rest()(r)

    def rest(self) -> Callable[[Row], bool]:
        """The checks left once channel and direction are known to match, as one closure."""
        outs = self.outcomes
        conv_ok = outs is not None and "conversation" in outs
        none_ok = outs is not None and "none" in outs
        excl = self.exclude_outcomes
        excl_none = "none" in excl
        robot = self.robot
        t = self.targets
        rels = self.consumer_relations

        def pred(r: Row) -> bool:
            out = r.outcome
            if outs is not None and not (out in outs or (conv_ok and r.conv) or (none_ok and out is None)):
                return False
            if out in excl or (excl_none and out is None):
                return False
            if robot is not None and bool(r.robot) != robot:
                return False
            if t == "any":
                return True
            if not r.third:
                return t != "third_party"
            consumer = r.relation in rels
            if t == "consumer":
                return consumer
            return False if t == "debtor" else not consumer

        return pred


# --- context ----------------------------------------------------------------------------------------


@dataclass
class Ctx:
    rows: list[Row]
    milestones: list[Milestone]
    profile: Profile
    tz: ZoneInfo
    today: date
    codes: dict[tuple[str, str], int] = field(default_factory=dict)  # (channel, direction) -> Row.cd
    _filtered: dict[Filter, list[Row]] = field(default_factory=dict)
    _ids: dict[Filter, set[int]] = field(default_factory=dict)
    _content_hits: list[tuple[Row, list[Any]]] | None = None
    _content_by_cat: dict[Any, list[tuple[Row, list[Any]]]] = field(default_factory=dict)
    _content_missing: bool = False

    def select(self, f: Filter) -> list[Row]:
        """The rows a filter selects, in time order (cached per distinct filter)."""
        got = self._filtered.get(f)
        if got is None:
            codes = {
                code
                for (ch, d), code in self.codes.items()
                if (f.channels is None or ch in f.channels) and d in f.directions
            }
            pred = f.rest()
            if len(codes) == len(self.codes):
                got = [r for r in self.rows if pred(r)]
            elif len(codes) == 1:
                (code,) = codes
                got = [r for r in self.rows if r.cd == code and pred(r)]
            else:
                got = [r for r in self.rows if r.cd in codes and pred(r)]
            self._filtered[f] = got
        return got

    def ids(self, f: Filter) -> set[int]:
        got = self._ids.get(f)
        if got is None:
            got = self._ids[f] = {r.idx for r in self.select(f)}
        return got

    def milestone_ts(self, m: Milestone, next_day_for_dates: bool, grace_days: int = 0) -> float:
        """When a milestone takes effect. A date alone: from the start of that day, or of the
        next day when the collector could not have known of it on the day itself."""
        at = m.at
        if isinstance(at, datetime):
            dt = at if at.tzinfo else at.replace(tzinfo=self.tz)
        else:
            d = at + timedelta(days=1) if next_day_for_dates else at
            dt = datetime.combine(d, time(0), tzinfo=self.tz)
        return (dt + timedelta(days=grace_days)).timestamp()

    def milestone_day(self, m: Milestone) -> date:
        at = m.at
        if isinstance(at, datetime):
            return (at if at.tzinfo else at.replace(tzinfo=self.tz)).astimezone(self.tz).date()
        return at


def _ts(r: Row) -> float:
    return r.ts


def _in_force(rule: Rule, rows: list[Row]) -> list[Row]:
    if rule.effective_from is None and rule.effective_to is None:
        return rows
    # Rows are in time order, so their local dates are too: cut the slice by bisection.
    a = bisect_left(rows, rule.effective_from.toordinal(), key=_ordinal) if rule.effective_from else 0
    b = bisect_right(rows, rule.effective_to.toordinal(), key=_ordinal) if rule.effective_to else len(rows)
    return rows if (a, b) == (0, len(rows)) else rows[a:b]


def _ordinal(r: Row) -> int:
    return r.ordinal


def _finding(
    rule: Rule,
    entries: Sequence[Row],
    context: Sequence[Row],
    explanation: str,
    matched: Sequence[str] = (),
    severity: str | None = None,
) -> Finding:
    sev = severity or rule.severity
    note = T.severity_note(sev)
    entry_ids = tuple(r.id for r in entries)
    seen = set(entry_ids)
    ctx_ids: list[int] = []
    for r in context:
        if r.id not in seen:
            seen.add(r.id)
            ctx_ids.append(r.id)
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=sev,
        confidence=rule.confidence,
        entries=entry_ids,
        title=rule.title,
        explanation=(explanation.rstrip() + (" " + note if note else "")).strip(),
        citation=rule.citation,
        context=tuple(ctx_ids),
        matched=tuple(matched),
    )


def _group_text(keys: Sequence[str], r: Row) -> str:
    """The group a count is about, as the " {group}" part of a sentence (with its leading space)."""
    parts = []
    for k in keys:
        # Translators: the group a rule counted, at the end of a sentence ("5th call on ... from Bank").
        # Keep the leading space.
        if k == "creditor" and r.creditor_label:
            parts.append(_(" from {creditor}").format(creditor=r.creditor_label))
        elif k == "collector" and r.collector_label:
            parts.append(_(" by {collector}").format(collector=r.collector_label))
        elif k == "debt" and r.debt:
            parts.append(_(" about debt {debt}").format(debt=r.debt))
        elif k == "person" and r.third:
            parts.append(_(" to {person}").format(person=r.person_label))
    return "".join(parts)


def _grouper(keys: Sequence[str]) -> Callable[[Row], Any]:
    """A fast key function for grouping rows by the named attributes."""
    if not keys:
        return lambda r: ()
    return attrgetter(*keys)


def _by_day(rows: Iterable[Row]) -> dict[date, list[Row]]:
    out: dict[date, list[Row]] = {}
    for r in rows:
        out.setdefault(r.day, []).append(r)
    return out


def _listing(rows: Sequence[Row], with_time: bool = True, limit: int = 6) -> str:
    # Translators: one contact in a list: "call at 22:30".
    items = [_("{what} at {time}").format(what=r.what_text(), time=r.hhmm()) if with_time else r.what_text()
             for r in rows[:limit]]
    if len(rows) > limit:
        items.append(_more(len(rows) - limit))
    return T.list_text(items)


def _more(n: int) -> str:
    # Translators: the last item of a shortened list: "call at 22:30, SMS at 23:10 and 3 more".
    return ngettext("{n} more", "{n} more", n).format(n=n)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _scope_match(m: Milestone, r: Row) -> bool:
    """A milestone naming a creditor, agency or debt applies to those contacts only."""
    if m.creditor:
        key = _norm(m.creditor)
        if r.creditor != key and r.agency != key and r.creditor != "agency:" + key:
            return False
    if m.agency and r.agency != _norm(m.agency):
        return False
    if m.debt and r.debt and r.debt != m.debt.strip():
        return False
    return True


# --- kinds --------------------------------------------------------------------------------------------

Evaluator = Callable[[Rule, RulePack, Ctx, "set[int] | None"], list[Finding]]


def _parse_hhmm(s: str) -> int:
    h, m = s.split(":")
    return int(h) * 3600 + int(m) * 60


def _hours(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    p = rule.params
    windows = {k: [(_parse_hhmm(a), _parse_hhmm(b)) for a, b in spans] for k, spans in p["windows"].items()}
    inclusive = bool(p.get("end_inclusive", False))
    needs_calendar = bool(set(windows) & {"working", "rest", "holiday"})
    rows = _in_force(rule, ctx.select(Filter.from_params(p, pack)))
    region = ctx.profile.region
    subdiv = region.split("-", 1)[1] if region and "-" in region else region
    cal = pack.calendar

    resolved: dict[date, tuple[list[tuple[int, int]] | None, str, DayType | None]] = {}

    def spans_for(d: date) -> tuple[list[tuple[int, int]] | None, str, DayType | None]:
        got = resolved.get(d)
        if got is not None:
            return got
        dt = day_type(cal, subdiv, d) if needs_calendar else None
        wd = d.weekday()
        key = None
        if dt is not None and dt.holiday and "holiday" in windows:
            key = "holiday"
        elif ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[wd] in windows:
            key = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[wd]
        elif dt is not None and dt.working and "working" in windows:
            key = "working"
        elif dt is not None and not dt.working and "rest" in windows:
            key = "rest"
        elif "any" in windows:
            key = "any"
        got = (windows[key] if key else None, key or "", dt)
        resolved[d] = got
        return got

    flagged: list[Row] = []
    by_ordinal: dict[int, list[tuple[int, int]] | None] = {}
    for r in rows:
        o = r.ordinal
        if o in by_ordinal:
            spans = by_ordinal[o]
        else:
            spans = by_ordinal[o] = spans_for(r.day)[0]
        if spans is None:
            continue
        s = r.sod
        for a, b in spans:
            if a <= s < b or (inclusive and s == b):
                break
        else:
            flagged.append(r)
    findings = []
    for d, day_rows in _by_day(flagged).items():
        spans, _key, dt = spans_for(d)
        # Translators: what kind of day it was, inside a sentence: " (public holiday)". Keep the leading space.
        kind_of_day = _(" ({day_type})").format(day_type=dt.describe()) if dt is not None else ""
        if spans:
            # Translators: a time window: "08:00-22:00"; several are joined with " and ".
            hours = [_("{start}-{end}").format(start=_fmt_s(a), end=_fmt_s(b)) for a, b in spans]
            allowed = _(" and ").join(hours)
        else:
            allowed = _("no contact at all")
        n = len(day_rows)
        if n == 1:
            r = day_rows[0]
            expl = _("{what} at {time} on {day}; allowed on that day{day_type}: {allowed}. "
                     "Times are {timezone} time.").format(what=r.what_text(), time=r.hhmm(), day=T.day_text(d),
                                                          day_type=kind_of_day, allowed=allowed,
                                                          timezone=ctx.profile.timezone)
            expl = expl[:1].upper() + expl[1:]
        else:
            expl = ngettext(
                "{n} contact outside the allowed hours on {day}: {contacts}; allowed on that day{day_type}: "
                "{allowed}. Times are {timezone} time.",
                "{n} contacts outside the allowed hours on {day}: {contacts}; allowed on that day{day_type}: "
                "{allowed}. Times are {timezone} time.", n,
            ).format(n=n, day=T.day_text(d), contacts=_listing(day_rows), day_type=kind_of_day, allowed=allowed,
                     timezone=ctx.profile.timezone)
        findings.append(_finding(rule, day_rows, [], expl))
    return findings


def _fmt_s(s: int) -> str:
    return f"{s // 3600:02d}:{(s % 3600) // 60:02d}"


def _cap(rule: Rule, pack: RulePack, ctx: Ctx, beyond: set[int] | None) -> list[Finding]:
    p = rule.params
    rows = _in_force(rule, ctx.select(Filter.from_params(p, pack)))
    robot_from = p.get("robot_from")
    if robot_from is not None:
        cut = robot_from.toordinal()
        rows = [r for r in rows if not (r.robot and r.ordinal < cut)]
    keys = p.get("group_by", [])
    noun = p["noun"]
    groups: dict[Any, list[Row]] = {}
    key_of = _grouper(keys)
    for r in rows:
        k = key_of(r)
        g = groups.get(k)
        if g is None:
            g = groups[k] = []
        g.append(r)
    findings: list[Finding] = []
    for group_rows in groups.values():
        gtext = _group_text(keys, group_rows[0])
        for lim in p["limits"]:
            w, mx = lim["window"], lim["max"]
            if w == "rolling":
                findings.extend(_rolling(rule, group_rows, lim, noun, gtext, beyond))
                continue
            buckets: dict[Any, list[Row]] = {}
            for r in group_rows:
                if w == "day":
                    k: Any = r.ordinal
                elif w == "week":
                    k = r.ordinal - r.day.weekday()
                else:
                    k = (r.day.year, r.day.month)
                buckets.setdefault(k, []).append(r)
            for bucket in buckets.values():
                if len(bucket) <= mx:
                    continue
                over = bucket[mx:]
                if beyond is not None:
                    over = [r for r in over if r.id not in beyond]
                    if not over:
                        continue
                d0 = bucket[0].day
                if w == "day":
                    period = _("on {day}").format(day=T.day_text(d0))
                elif w == "week":
                    mon = d0 - timedelta(days=d0.weekday())
                    period = _("in the calendar week {dates}").format(dates=T.range_text(mon, mon + timedelta(days=6)))
                else:
                    period = _("in the calendar month {month}").format(month=T.month_text(d0))
                if beyond is None and len(bucket) > mx + 1:
                    expl = _("{first} to {last} {nouns} {period}{group}; the limit is {max}.").format(
                        first=T.ordinal_text(mx + 1), last=T.ordinal_text(len(bucket)), nouns=T.noun_text(noun, 2),
                        period=period, group=gtext, max=mx)
                elif beyond is None:
                    expl = _("{nth} {noun} {period}{group}; the limit is {max}.").format(
                        nth=T.ordinal_text(mx + 1), noun=T.noun_text(noun), period=period, group=gtext, max=mx)
                else:
                    expl = _("{count} {period}{group}; the limit is {max}.").format(
                        count=T.count_text(len(bucket), noun), period=period, group=gtext, max=mx)
                findings.append(_finding(rule, over, bucket, expl))
    return findings


def _rolling(
    rule: Rule, rows: list[Row], lim: dict[str, Any], noun: str, gtext: str, beyond: set[int] | None
) -> list[Finding]:
    mx = lim["max"]
    days = lim.get("days")
    minutes = lim.get("minutes")
    n = len(rows)
    starts = [0] * n
    over: list[int] = []
    j = 0
    for i, r in enumerate(rows):
        if days is not None:
            lo = r.ordinal - days + 1
            while rows[j].ordinal < lo:
                j += 1
        else:
            lo_ts = r.ts - minutes * 60
            while rows[j].ts < lo_ts:
                j += 1
        starts[i] = j
        if i - j + 1 > mx and (beyond is None or r.id not in beyond):
            over.append(i)
    findings = []
    k = 0
    while k < len(over):
        cluster = [over[k]]
        while k + 1 < len(over) and starts[over[k + 1]] <= cluster[-1]:
            k += 1
            cluster.append(over[k])
        k += 1
        first = cluster[0]
        count = first - starts[first] + 1
        r0 = rows[first]
        if days is not None:
            expl = ngettext(
                "{nth} {noun} within {days} consecutive days ({dates}){group}; the limit is {max}.",
                "{nth} {noun} within {days} consecutive days ({dates}){group}; the limit is {max}.", days,
            ).format(nth=T.ordinal_text(count), noun=T.noun_text(noun), days=days,
                     dates=T.range_text(r0.day - timedelta(days=days - 1), r0.day), group=gtext, max=mx)
        else:
            a = rows[starts[first]]
            expl = ngettext(
                "{nth} {noun} within {minutes} minutes ({start} to {end} on {day}){group}; the limit is {max}.",
                "{nth} {noun} within {minutes} minutes ({start} to {end} on {day}){group}; the limit is {max}.",
                minutes,
            ).format(nth=T.ordinal_text(count), noun=T.noun_text(noun), minutes=minutes, start=a.hhmm(),
                     end=r0.hhmm(), day=T.day_text(r0.day), group=gtext, max=mx)
        if len(cluster) > 1:
            last = rows[cluster[-1]]
            more = len(cluster) - 1
            expl += " " + ngettext("{n} more {nouns} up to {date} were also over the limit in their own window.",
                                   "{n} more {nouns} up to {date} were also over the limit in their own window.",
                                   more).format(n=more, nouns=T.noun_text(noun, more), date=T.date_text(last.day))
        context = rows[starts[first] : cluster[-1] + 1]
        findings.append(_finding(rule, [rows[i] for i in cluster], context, expl))
    return findings


def _cooldown(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    p = rule.params
    blocked_f = Filter.from_params(p, pack)
    trig_params = dict(p["trigger"])
    trig_f = Filter.from_params(trig_params, pack)
    blocked = _in_force(rule, ctx.select(blocked_f))
    triggers = _in_force(rule, ctx.select(trig_f))
    blocked_ids = {r.idx for r in blocked}
    trigger_ids = {r.idx for r in triggers}
    keys = p.get("group_by", [])
    days = p["days"]
    noun = p["noun"]
    merged: dict[int, Row] = {r.idx: r for r in blocked}
    merged.update({r.idx: r for r in triggers})
    ordered = [merged[i] for i in sorted(merged)]
    groups: dict[Any, list[Row]] = {}
    key_of = _grouper(keys)
    for r in ordered:
        groups.setdefault(key_of(r), []).append(r)
    findings = []
    for group_rows in groups.values():
        last: Row | None = None
        hits: dict[int, list[Row]] = {}
        convs: dict[int, Row] = {}
        for r in group_rows:
            if (
                r.idx in blocked_ids
                and last is not None
                and last.ordinal <= r.ordinal <= last.ordinal + days - 1
            ):
                hits.setdefault(last.idx, []).append(r)
                convs[last.idx] = last
            if r.idx in trigger_ids:
                last = r
        for cid, rs in hits.items():
            conv = convs[cid]
            end = conv.day + timedelta(days=days - 1)
            expl = ngettext(
                "{count} placed within {days} days after the telephone conversation with {person} on {day} "
                "({dates}; the conversation day is day one){group}; the next call was allowed from {date}.",
                "{count} placed within {days} days after the telephone conversation with {person} on {day} "
                "({dates}; the conversation day is day one){group}; the next call was allowed from {date}.", days,
            ).format(count=T.count_text(len(rs), noun), days=days, person=conv.person_label,
                     day=T.day_text(conv.day), dates=T.range_text(conv.day, end),
                     group=_group_text([k for k in keys if k != "person"], conv),
                     date=T.date_text(end + timedelta(days=1)))
            findings.append(_finding(rule, rs, [conv], expl))
    return findings


# --- consent to contact third parties -------------------------------------------------------------


def _tp_match(m: Milestone, r: Row) -> bool:
    tp = m.third_party
    ctp = r.c.third_party
    if tp is None or ctp is None:
        return False
    if tp.name and ctp.name:
        return _norm(tp.name) == _norm(ctp.name)
    if tp.number and ctp.number:
        return _digits(tp.number)[-10:] == _digits(ctp.number)[-10:]
    if not tp.name and not tp.number and tp.relation:
        return tp.relation == ctp.relation
    return False


class Consents:
    """Recorded consents to contact third parties, and their withdrawals, in time order."""

    def __init__(self, ctx: Ctx):
        events = []
        for m in ctx.milestones:
            if m.kind == "third-party-consent":
                events.append((ctx.milestone_ts(m, next_day_for_dates=False), 1, m))
            elif m.kind == "consent-withdrawn":
                events.append((ctx.milestone_ts(m, next_day_for_dates=True), 0, m))
        events.sort(key=lambda e: (e[0], e[1]))
        self.events = events

    def active(self, r: Row) -> bool:
        state = False
        for ts, is_consent, m in self.events:
            if ts > r.ts:
                break
            if _tp_match(m, r) and _scope_match(m, r):
                state = bool(is_consent)
        return state


def _third_party(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    p = rule.params
    rows = _in_force(rule, ctx.select(Filter.from_params(p, pack, targets="third_party")))
    mode = p["mode"]
    consents = Consents(ctx)
    by_person: dict[str, list[Row]] = {}
    for r in rows:
        by_person.setdefault(r.person, []).append(r)
    findings = []
    for person_rows in by_person.values():
        who = person_rows[0].person_label
        if mode == "repeat":
            counted = [r for r in person_rows if not consents.active(r)]
            if len(counted) < 2:
                continue
            first, over = counted[0], counted[1:]
            if len(counted) == 2:
                expl = _("The collector contacted {person} {n} times ({period}); a third party may be "
                         "asked about your whereabouts only once, so the {nth} contact are over that.")
            else:
                expl = _("The collector contacted {person} {n} times ({period}); a third party may be "
                         "asked about your whereabouts only once, so the {nth} to {last} contacts are over that.")
            expl = expl.format(person=who, n=len(counted), period=T.span_text(counted[0].day, counted[-1].day),
                               nth=T.ordinal_text(2),
                               last=T.ordinal_text(len(counted)))
            findings.append(_finding(rule, over, [first], expl))
            continue
        flagged = [r for r in person_rows if not consents.active(r)] if mode == "consent" else person_rows
        if not flagged:
            continue
        dates = sorted({r.day for r in flagged})
        when = T.span_text(dates[0], dates[-1])
        if mode == "consent":
            expl = ngettext("{n} contact by the collector with {person} ({dates}) with no consent on record.",
                            "{n} contacts by the collector with {person} ({dates}) with no consent on record.",
                            len(flagged))
        else:
            expl = ngettext("{n} contact by the collector with {person} ({dates}).",
                            "{n} contacts by the collector with {person} ({dates}).", len(flagged))
        expl = expl.format(n=len(flagged), person=who, dates=when)
        findings.append(_finding(rule, flagged, [], expl))
    return findings


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_pattern_cache: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a word list: whole words, "stem*" for any word starting with the stem;
    Chinese and Japanese words (no spaces between words) match anywhere."""
    if words in _pattern_cache:
        return _pattern_cache[words]
    parts = []
    for w in sorted(words, key=len, reverse=True):
        w = _norm(w)
        if not w:
            continue
        if _CJK.search(w):
            parts.append(re.escape(w.rstrip("*")))
        elif w.endswith("*"):
            parts.append(r"(?<!\w)" + re.escape(w[:-1]) + r"\w*")
        else:
            parts.append(r"(?<!\w)" + re.escape(w) + r"(?!\w)")
    pat = re.compile("|".join(parts)) if parts else None
    _pattern_cache[words] = pat
    return pat


def _disclosure(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    p = rule.params
    rows = _in_force(rule, ctx.select(Filter.from_params(p, pack, targets=p.get("targets", "third_party"))))
    words_by_lang = p.get("words") or pack.debt_words
    pattern = _word_pattern(tuple(sorted({w for ws in words_by_lang.values() for w in ws})))
    if pattern is None:
        return []
    consents = Consents(ctx) if p.get("consent_exempts", True) else None
    findings = []
    for r in rows:
        content = _norm(r.c.content)
        if not content:
            continue
        hit = pattern.search(content)
        if hit is None:
            continue
        found = hit.group(0)
        if consents is not None and consents.active(r):
            continue
        expl = _('The notes of the {what} with {person} on {day} at {time} mention the debt ("{words}").').format(
            what=r.what_text(), person=r.person_label, day=T.day_text(r.day), time=r.hhmm(), words=found)
        findings.append(_finding(rule, [r], [], expl, matched=[found]))
    return findings


def _per_day(predicate: Callable[[Row], bool], wording: Callable[[int], str]) -> Evaluator:
    """``wording(n)``: the sentence for n contacts on one day, with {n}, {day} and {contacts}."""

    def evaluate(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
        rows = _in_force(rule, ctx.select(Filter.from_params(rule.params, pack)))
        flagged = [r for r in rows if predicate(r)]
        findings = []
        for d, day_rows in _by_day(flagged).items():
            n = len(day_rows)
            expl = wording(n).format(n=n, day=T.day_text(d), contacts=_listing(day_rows))
            findings.append(_finding(rule, day_rows, [], expl))
        return findings

    return evaluate


_hidden = _per_day(
    lambda r: bool(r.c.number_hidden),
    lambda n: ngettext("{n} contact from a hidden (withheld) number on {day}: {contacts}.",
                       "{n} contacts from a hidden (withheld) number on {day}: {contacts}.", n),
)
_identification = _per_day(
    lambda r: r.c.identified is False,
    lambda n: ngettext(
        "{n} contact where the collector did not state who they are and for whom on {day}: {contacts}.",
        "{n} contacts where the collector did not state who they are and for whom on {day}: {contacts}.", n),
)


def _robot(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    rows = [r for r in _in_force(rule, ctx.select(Filter.from_params(rule.params, pack))) if r.robot]
    if not rows:
        return []
    if rule.params["mode"] == "each":
        return [
            _finding(rule, day_rows, [], ngettext("{n} automated (robot) call on {day}: {contacts}.",
                                                  "{n} automated (robot) calls on {day}: {contacts}.",
                                                  len(day_rows)).format(n=len(day_rows), day=T.day_text(d),
                                                                        contacts=_listing(day_rows)))
            for d, day_rows in _by_day(rows).items()
        ]
    expl = ngettext("{n} call made by an automated voice agent ({period}).",
                    "{n} calls made by an automated voice agent ({period}).", len(rows)).format(
        n=len(rows), period=T.span_text(rows[0].day, rows[-1].day))
    return [_finding(rule, rows, [], expl)]


# Translators: a milestone, inside a sentence ("... after your refusal of interaction received on ...").
MILESTONE_NAMES = {
    "refusal": N_("refusal of interaction"),
    "representative": N_("notice that a representative acts for you"),
    "cease": N_("written request to stop communicating"),
    "dispute": N_("dispute of the debt"),
    "bankruptcy": N_("bankruptcy"),
    "overdue-start": N_("overdue start"),
}
# Translators: what a milestone is limited to, after its date. Keep the leading space.
SCOPE_TEXT = {"creditor": N_(" (creditor {name})"), "agency": N_(" (agency {name})"), "debt": N_(" (debt {name})")}


def _stop(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    p = rule.params
    kind = p["milestone"]
    stops = [m for m in ctx.milestones if m.kind == kind]
    if not stops:
        return []
    rows = _in_force(rule, ctx.select(Filter.from_params(p, pack)))
    months = p.get("min_overdue_months", 0)
    grace = p.get("grace_days", 0)
    overdue = [m for m in ctx.milestones if m.kind == "overdue-start"]
    taken: set[int] = set()
    findings = []
    for m in sorted(stops, key=lambda m: ctx.milestone_ts(m, True, grace)):
        start = ctx.milestone_ts(m, next_day_for_dates=True, grace_days=grace)
        first = bisect_left(rows, start, key=_ts)
        after = [r for r in rows[first:] if r.idx not in taken and _scope_match(m, r)]
        if not after:
            continue
        m_day = ctx.milestone_day(m)
        scope = "".join(
            _(SCOPE_TEXT[label]).format(name=v)
            for label, v in (("creditor", m.creditor), ("agency", m.agency), ("debt", m.debt)) if v
        )
        name = _(MILESTONE_NAMES[kind]) if kind in MILESTONE_NAMES else kind
        note = ""
        if months:
            starts = [
                ctx.milestone_day(o)
                for o in overdue
                if (not o.creditor or not m.creditor or _norm(o.creditor) == _norm(m.creditor))
                and (not o.debt or not m.debt or o.debt == m.debt)
            ]
            before = [d for d in starts if d <= m_day]
            if starts and not before:
                od = min(starts)
            elif before:
                od = max(before)
            else:
                od = None
            if od is not None:
                valid_from = _add_months(od, months)
                if m_day < valid_from:
                    if ctx.today >= valid_from:
                        expl = ngettext(
                            "Your {milestone} received on {date}{scope} came before {valid_from}, {months} months "
                            "after the debt became overdue ({overdue}). The law treats such a statement as void, "
                            "so the {count} after it are not counted as breaches of it. A new statement sent now "
                            "would be valid.",
                            "Your {milestone} received on {date}{scope} came before {valid_from}, {months} months "
                            "after the debt became overdue ({overdue}). The law treats such a statement as void, "
                            "so the {count} after it are not counted as breaches of it. A new statement sent now "
                            "would be valid.", months)
                    else:
                        expl = ngettext(
                            "Your {milestone} received on {date}{scope} came before {valid_from}, {months} months "
                            "after the debt became overdue ({overdue}). The law treats such a statement as void, "
                            "so the {count} after it are not counted as breaches of it. A new statement sent from "
                            "{valid_from} will be valid.",
                            "Your {milestone} received on {date}{scope} came before {valid_from}, {months} months "
                            "after the debt became overdue ({overdue}). The law treats such a statement as void, "
                            "so the {count} after it are not counted as breaches of it. A new statement sent from "
                            "{valid_from} will be valid.", months)
                    expl = expl.format(milestone=name, date=T.date_text(m_day), scope=scope,
                                       valid_from=T.date_text(valid_from), months=months, overdue=T.date_text(od),
                                       count=T.count_text(len(after), "contact"))
                    findings.append(_finding(rule, [], after, expl, severity="info"))
                    continue
            else:
                note = " " + ngettext(
                    "No overdue-start date is recorded, so this assumes the statement was sent at least "
                    "{months} months after the debt became overdue.",
                    "No overdue-start date is recorded, so this assumes the statement was sent at least "
                    "{months} months after the debt became overdue.", months).format(months=months)
        taken.update(r.idx for r in after)
        counts: dict[str, int] = {}
        for r in after:
            counts[r.what()] = counts.get(r.what(), 0) + 1
        breakdown = _(", ").join(T.count_text(v, k) for k, v in counts.items())
        n = len(after)
        if kind in ("refusal", "representative", "cease", "dispute"):
            expl = ngettext("{n} contact after your {milestone} received on {date}{scope} ({period}): "
                            "{breakdown}.",
                            "{n} contacts after your {milestone} received on {date}{scope} ({period}): "
                            "{breakdown}.", n)
        else:
            expl = ngettext("{n} contact after your {milestone} from {date}{scope} ({period}): {breakdown}.",
                            "{n} contacts after your {milestone} from {date}{scope} ({period}): "
                            "{breakdown}.", n)
        expl = expl.format(n=n, milestone=name, date=T.date_text(m_day), scope=scope,
                           period=T.span_text(after[0].day, after[-1].day), breakdown=breakdown) + note
        findings.append(_finding(rule, after, [], expl))
    return findings


def _early_contact(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    months = rule.params["months"]
    overdue = sorted(
        ((ctx.milestone_day(m), m) for m in ctx.milestones if m.kind == "overdue-start"), key=lambda dm: dm[0]
    )
    if not overdue:
        return []
    rows = _in_force(rule, ctx.select(Filter.from_params(rule.params, pack)))
    hits: dict[date, list[Row]] = {}
    for r in rows:
        applicable = [d for d, m in overdue if d <= r.day and _scope_match(m, r)]
        if not applicable:
            continue
        od = max(applicable)
        if r.day < _add_months(od, months):
            hits.setdefault(od, []).append(r)
    findings = []
    for od, rs in hits.items():
        days = [T.date_text(r.day) for r in rs[:6]] + ([_more(len(rs) - 6)] if len(rs) > 6 else [])
        expl = ngettext(
            "{count} before {date}, {months} months after the debt became overdue on {overdue}: {dates}.",
            "{count} before {date}, {months} months after the debt became overdue on {overdue}: {dates}.", months,
        ).format(count=T.count_text(len(rs), rs[0].what()), date=T.date_text(_add_months(od, months)),
                 months=months, overdue=T.date_text(od), dates=T.list_text(days))
        findings.append(_finding(rule, rs, [], expl))
    return findings


# Translators: what a phrase found in the notes is, inside a sentence ("... contain threat and insult: ...").
CONTENT_LABELS = {
    "threats_violence": N_("threat"),
    "false_authority": N_("false claim about the law or the authorities"),
    "impersonation": N_("impersonation"),
    "insults": N_("insult"),
    "threat_to_tell": N_("threat to tell others"),
    "other_pressure": N_("pressure"),
    "other": N_("pressure"),
}


_CONTENT_MSGIDS = frozenset(CONTENT_LABELS.values())


def _content_hits(ctx: Ctx) -> list[tuple[Row, list[Any]]] | None:
    """Rows whose notes the lexicons matched, with the matches; None without the content module.
    Each distinct text is scanned once per evaluation, whatever the number of content rules."""
    if ctx._content_hits is not None or ctx._content_missing:
        return ctx._content_hits
    try:
        from . import content as content_mod  # noqa: PLC0415 - written separately; optional
    except ImportError:
        ctx._content_missing = True
        return None
    scan = getattr(content_mod, "scan", None)
    if scan is None:
        ctx._content_missing = True
        return None
    cache: dict[str, list[Any]] = {}
    hits: list[tuple[Row, list[Any]]] = []
    for r in ctx.rows:
        txt = r.c.content
        if not txt or txt.isspace():
            continue
        matches = cache.get(txt)
        if matches is None:
            matches = cache[txt] = list(scan(txt))
        if matches:
            hits.append((r, matches))
    ctx._content_hits = hits
    by_cat: dict[str, list[tuple[Row, list[Any]]]] = {}
    for r, matches in hits:
        for cat in {getattr(m, "category", None) for m in matches}:
            by_cat.setdefault(cat, []).append((r, matches))
    ctx._content_by_cat = by_cat
    return hits


def _content(rule: Rule, pack: RulePack, ctx: Ctx, _beyond: set[int] | None) -> list[Finding]:
    if not _content_hits(ctx):
        return []
    wanted = set(rule.params["categories"])
    candidates: dict[int, tuple[Row, list[Any]]] = {}
    for cat in wanted:
        for r, matches in ctx._content_by_cat.get(cat, ()):
            candidates[r.idx] = (r, matches)
    allowed = ctx.ids(Filter.from_params(rule.params, pack))
    findings = []
    for idx in sorted(candidates):
        r, matches = candidates[idx]
        if idx not in allowed or not rule.in_force(r.day):
            continue
        hits = [m for m in matches if getattr(m, "category", None) in wanted]
        if not hits:
            continue
        phrases: list[str] = []
        for m in hits:
            s = (getattr(m, "matched_text", None) or getattr(m, "phrase", "") or "").strip()
            if s and s not in phrases:
                phrases.append(s)
        kinds = sorted({CONTENT_LABELS.get(m.category, m.category) for m in hits})
        kinds = [_(k) if k in _CONTENT_MSGIDS else k for k in kinds]
        # Translators: a phrase quoted from the notes of a contact.
        quoted = _(", ").join(_('"{phrase}"').format(phrase=s) for s in phrases[:5])
        expl = _("The notes of the {what} on {day} at {time} contain {kinds}: {phrases}.").format(
            what=r.what_text(), day=T.day_text(r.day), time=r.hhmm(), kinds=T.list_text(kinds), phrases=quoted)
        findings.append(_finding(rule, [r], [], expl, matched=phrases))
    return findings


EVALUATORS: dict[str, Evaluator] = {
    "hours": _hours,
    "cap": _cap,
    "cooldown": _cooldown,
    "third_party": _third_party,
    "disclosure": _disclosure,
    "hidden_number": _hidden,
    "identification": _identification,
    "robot": _robot,
    "stop": _stop,
    "early_contact": _early_contact,
    "content": _content,
}


# --- entry point ----------------------------------------------------------------------------------------


def build_context(
    contacts: Sequence[Contact], milestones: Sequence[Milestone], profile: Profile, today: date | None = None
) -> Ctx:
    try:
        tz = ZoneInfo(profile.timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInput(
            f"Unknown timezone {profile.timezone!r}.", hint="Use an IANA name such as Europe/Moscow."
        ) from None
    rows: list[Row] = []
    # Each contact is judged in the debtor's zone when it happened: the zone it was logged in
    # (a debtor who moved keeps old contacts in the old zone); the profile's zone otherwise.
    zones: dict[str, ZoneInfo] = {profile.timezone: tz}
    for i, c in enumerate(contacts):
        if c.voided:
            continue
        at = c.occurred_at
        if at.tzinfo is None:  # the contract's contacts are aware; a naive one is debtor-local time
            at = at.replace(tzinfo=tz)
        zone = tz
        if c.timezone and c.timezone != profile.timezone:
            zone = zones.get(c.timezone)
            if zone is None:
                try:
                    zone = zones[c.timezone] = ZoneInfo(c.timezone)
                except (ZoneInfoNotFoundError, ValueError, TypeError):
                    zone = zones[c.timezone] = tz
        rows.append(Row(c, c.id if c.id is not None else i + 1, at.astimezone(zone), at.timestamp()))
    rows.sort(key=_ts)  # stable: contacts at the same instant keep their input order
    codes: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        r.idx = i
        key = (r.channel, r.direction)
        code = codes.get(key)
        if code is None:
            code = codes[key] = len(codes)
        r.cd = code
    _resolve_creditors(rows)
    live = [m for m in milestones if not m.voided]
    return Ctx(rows=rows, milestones=live, profile=profile, tz=tz, today=today or date.today(), codes=codes)


def merge_packs(packs: Sequence[RulePack]) -> list[tuple[Rule, RulePack]]:
    """Rules of all packs; a later pack's rule replaces an earlier one with the same id."""
    chosen: dict[str, tuple[Rule, RulePack]] = {}
    for pack in packs:
        for rule in pack.rules:
            chosen[rule.id] = (rule, pack)
    return list(chosen.values())


def run(
    contacts: Sequence[Contact],
    milestones: Sequence[Milestone],
    profile: Profile,
    packs: Sequence[RulePack],
    today: date | None = None,
    wording: T.Wording | None = None,
) -> list[Finding]:
    """``wording``: the language of the explanations (None: English, as ``check --json`` prints them)."""
    with T.wording(wording):
        return _run(contacts, milestones, profile, packs, today)


def _run(
    contacts: Sequence[Contact],
    milestones: Sequence[Milestone],
    profile: Profile,
    packs: Sequence[RulePack],
    today: date | None,
) -> list[Finding]:
    ctx = build_context(contacts, milestones, profile, today)
    rules = [(r, p) for r, p in merge_packs(packs) if r.enabled]
    findings: list[Finding] = []
    entries_by_rule: dict[str, set[int]] = {}
    first = [rp for rp in rules if "beyond" not in rp[0].params]
    later = [rp for rp in rules if "beyond" in rp[0].params]
    for rule, pack in first + later:
        beyond = None
        if "beyond" in rule.params:
            beyond = entries_by_rule.get(rule.params["beyond"], set())
        got = EVALUATORS[rule.kind](rule, pack, ctx, beyond)
        entries_by_rule[rule.id] = {e for f in got for e in f.entries}
        findings.extend(got)
    findings.sort(key=lambda f: (SEVERITY_RANK.get(f.severity, 99), f.rule, f.entries[:1] or (0,), f.context[:1]))
    return findings
