"""Wording helpers for findings and docs: dates, ordinals, channel names. English only here;
translations of findings belong to the views."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CHANNEL_NAMES = {
    "call": "call",
    "sms": "SMS",
    "messenger": "messenger message",
    "email": "e-mail",
    "visit": "visit",
    "letter": "letter",
    "portal": "portal message",
}
SEVERITY_NOTES = {
    "violation": "",
    "presumption": "This is presumed to break the rule; the collector may rebut the presumption.",
    "likely_violation": "This is likely a breach; whether it is one depends on the circumstances.",
    "code_of_conduct": "This likely breaks an industry code, which binds only the firms that signed it.",
    "info": "For information: not a breach by itself.",
}


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def fmt_day(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {fmt_date(d)}"


def fmt_month(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def fmt_range(a: date, b: date) -> str:
    """16-22 March 2026; 30 March-5 April 2026; 28 December 2026-3 January 2027."""
    if a == b:
        return fmt_date(a)
    if a.year != b.year:
        return f"{fmt_date(a)}-{fmt_date(b)}"
    if a.month != b.month:
        return f"{a.day} {MONTHS[a.month - 1]}-{fmt_date(b)}"
    return f"{a.day}-{fmt_date(b)}"


def plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def channel_name(channel: str, robot: bool = False) -> str:
    name = CHANNEL_NAMES.get(channel, channel)
    return f"robot {name}" if robot and channel == "call" else name


def count_noun(n: int, noun: str) -> str:
    return f"{n} {plural(noun, n)}"


def join_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
