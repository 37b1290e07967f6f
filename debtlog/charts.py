"""Chart data: one function per chart, rendered three ways (terminal now; SVG and PDF for dossiers).

Pure functions over Contacts and a rule pack; no rendering and no I/O here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from .models import Contact

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MESSAGE_CHANNELS = ("sms", "messenger", "email", "portal")


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def hours_windows(pack) -> tuple[dict, str | None]:
    """The allowed-hours windows of the pack's first hours rule, and that rule's id."""
    for rule in pack.rules:
        if rule.kind == "hours" and rule.enabled and "windows" in rule.params:
            return rule.params["windows"], rule.id
    return {}, None


def allowed_for_weekday(windows: dict, weekday: int) -> list[tuple[int, int]] | None:
    """Allowed [start, end) minutes on a usual (non-holiday) weekday; None when the pack has no window."""
    if not windows:
        return None
    key = DAY_KEYS[weekday]
    spans = windows.get(key)
    if spans is None:
        spans = windows.get("any")
    if spans is None:
        spans = windows.get("working" if weekday < 5 else "rest", windows.get("working"))
    if spans is None:
        return None
    return [(_minutes(a), _minutes(b)) for a, b in spans]


def hour_allowed(spans: list[tuple[int, int]] | None, hour: int) -> bool | None:
    """Whether the whole hour lies inside the allowed windows (None: no rule)."""
    if spans is None:
        return None
    start, end = hour * 60, hour * 60 + 60
    return any(a <= start and end <= b for a, b in spans)


@dataclass
class Heatmap:
    counts: list[list[int]]  # [weekday][hour]
    allowed: list[list[bool | None]]  # [weekday][hour]
    total: int
    outside: int
    rule: str | None


def weekday_hour(contacts: list[Contact], tz: str, pack=None) -> Heatmap:
    """Collector-started contacts by weekday and hour, in the debtor's time zone."""
    zone = ZoneInfo(tz)
    counts = [[0] * 24 for _ in range(7)]
    windows, rule_id = hours_windows(pack) if pack is not None else ({}, None)
    allowed = [[hour_allowed(allowed_for_weekday(windows, d), h) for h in range(24)] for d in range(7)]
    total = outside = 0
    for c in contacts:
        if c.voided or c.direction != "incoming" or c.channel == "letter":
            continue
        local = c.occurred_at.astimezone(zone)
        counts[local.weekday()][local.hour] += 1
        total += 1
        if allowed[local.weekday()][local.hour] is False:
            outside += 1
    return Heatmap(counts, allowed, total, outside, rule_id)


@dataclass
class DayCount:
    day: date
    conversations: int
    calls: int
    messages: int
    visits: int


def per_day(contacts: list[Contact], tz: str) -> list[DayCount]:
    """Collector-started contacts per day: answered calls, all calls, messages, visits."""
    zone = ZoneInfo(tz)
    by_day: dict[date, Counter] = defaultdict(Counter)
    for c in contacts:
        if c.voided or c.direction != "incoming":
            continue
        d = c.occurred_at.astimezone(zone).date()
        if c.channel == "call":
            by_day[d]["calls"] += 1
            if c.outcome == "answered":
                by_day[d]["conversations"] += 1
        elif c.channel in MESSAGE_CHANNELS:
            by_day[d]["messages"] += 1
        elif c.channel == "visit":
            by_day[d]["visits"] += 1
    return [DayCount(d, k["conversations"], k["calls"], k["messages"], k["visits"]) for d, k in sorted(by_day.items())]


def daily_caps(pack) -> dict[str, int]:
    """The pack's per-day caps: {"conversations": 1, "messages": 2, "calls": 3...} where it has them."""
    caps: dict[str, int] = {}
    for rule in pack.rules:
        if rule.kind != "cap" or not rule.enabled or rule.severity == "info":
            continue
        channels = set(rule.params.get("channels", ()))
        outcomes = set(rule.params.get("outcomes", ()))
        for limit in rule.params.get("limits", ()):
            if limit.get("window") != "day":
                continue
            if channels == {"call"} and outcomes & {"conversation", "answered", "connected"}:
                key = "conversations"
            elif channels == {"call"} or "call" in channels and not channels & set(MESSAGE_CHANNELS):
                key = "calls"
            elif channels & set(MESSAGE_CHANNELS) and "call" not in channels:
                key = "messages"
            else:
                continue
            caps[key] = min(caps.get(key, limit["max"]), limit["max"])
    return caps
