"""Plain-words summaries of what a rule checks, generated from its parameters.

Used by ``rules show`` and by docs/rules.md, so what a volunteer audits is what the engine
runs, not a separate prose that can drift from it.
"""

from __future__ import annotations

from typing import Any

from . import text as T
from .pack import Rule, RulePack

DAY_NAMES = {
    "any": "every day",
    "working": "working days",
    "rest": "weekends and days off",
    "holiday": "public holidays",
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
TARGET_NAMES = {
    "debtor": "you",
    "consumer": "you",
    "third_party": "third parties",
    "any": "anyone (you or third parties)",
}
GROUP_NAMES = {
    "creditor": "per creditor (its agencies added together)",
    "collector": "per collector",
    "debt": "per debt",
    "person": "per person called",
}
WINDOW_NAMES = {"day": "calendar day", "week": "calendar week (Monday to Sunday)", "month": "calendar month"}


OUTCOME_PHRASES = {
    "conversation": "ended in a conversation",
    "answered": "were answered",
    "missed": "were missed",
    "rejected": "were rejected",
    "voicemail": "went to voicemail",
    "failed": "never connected",
    "none": "have no outcome recorded",
}


def _filter_text(p: dict[str, Any], pack: RulePack | None, default_target: str = "consumer") -> str:
    """E.g. 'calls started by the collector to you that ended in a conversation'."""
    channels = p.get("channels")
    what = T.join_list([T.plural(T.channel_name(c), 2) for c in channels]) if channels else "contacts of any kind"
    robot = p.get("robot")
    if robot is not None:
        what += " by an automated voice agent" if robot else " by a human caller"
    directions = p.get("directions", ["incoming"])
    if directions == ["incoming"]:
        who = "started by the collector"
    elif directions == ["outgoing"]:
        who = "started by you (or the person contacted)"
    else:
        who = "started by either side"
    target = p.get("targets", default_target)
    to = TARGET_NAMES.get(target, target)
    if target == "consumer" and pack is not None and pack.consumer_relations:
        to += " (or your " + T.join_list(list(pack.consumer_relations)) + ", whom the law treats as you)"
    text = f"{what} {who} to {to}"
    outcomes = p.get("outcomes")
    if outcomes:
        text += " that " + " or ".join(OUTCOME_PHRASES.get(o, o) for o in outcomes)
    excl = [o for o in p.get("exclude_outcomes", ["failed"]) if not outcomes or o in outcomes]
    if excl == ["failed"] and channels and "call" not in channels:
        excl = []  # only calls can fail to connect
    if excl:
        text += " (leaving out those that " + " or ".join(OUTCOME_PHRASES.get(o, o) for o in excl) + ")"
    return text


def _windows_text(windows: dict[str, list[list[str]]]) -> str:
    parts = []
    for key, spans in windows.items():
        allowed = " and ".join(f"{a}-{b}" for a, b in spans) if spans else "no contact"
        parts.append(f"{DAY_NAMES.get(key, key)} {allowed}")
    return "; ".join(parts)


def summary(rule: Rule, pack: RulePack | None = None) -> str:
    p = rule.params
    k = rule.kind
    if k == "hours":
        cal = ""
        if set(p["windows"]) & {"working", "rest", "holiday"}:
            code = pack.calendar if pack else None
            cal = f" Day types follow the {code} national calendar (holidays and transferred days)." if code else ""
        incl = " The end time itself is still allowed." if p.get("end_inclusive") else ""
        return (
            f"Checks the time of {_filter_text(p, pack)} against the hours allowed in your timezone: "
            f"{_windows_text(p['windows'])}.{incl}{cal}"
        )
    if k == "cap":
        limits = []
        for lim in p["limits"]:
            if lim["window"] == "rolling":
                span = f"{lim['days']} consecutive days" if "days" in lim else f"{lim['minutes']} minutes"
                limits.append(f"{lim['max']} within any {span}")
            else:
                limits.append(f"{lim['max']} a {WINDOW_NAMES[lim['window']]}")
        groups = ", ".join(GROUP_NAMES[g] for g in p.get("group_by", []))
        extra = ""
        if p.get("robot_from"):
            extra += f" Automated calls count from {T.fmt_date(p['robot_from'])}."
        if p.get("beyond"):
            extra += f" Reports only {T.plural(p['noun'], 2)} not already reported by {p['beyond']}."
        return (
            f"Counts {T.plural(p['noun'], 2)}: {_filter_text(p, pack)}"
            + (f"; {groups}" if groups else "")
            + f". Limits: {T.join_list(limits)}; the ones over a limit are reported.{extra}"
        )
    if k == "cooldown":
        groups = ", ".join(GROUP_NAMES[g] for g in p.get("group_by", []))
        return (
            f"After a trigger ({_filter_text(p['trigger'], pack, 'consumer')}), flags "
            f"{_filter_text(p, pack)} within {p['days']} days, the trigger's day being day one"
            + (f"; {groups}" if groups else "")
            + "."
        )
    if k == "third_party":
        mode = p["mode"]
        base = _filter_text(dict(p, targets="third_party"), pack)
        if mode == "consent":
            return (
                f"Flags {base} when no consent is on record for that person (a third-party-consent "
                "milestone naming them, not followed by a consent-withdrawn one)."
            )
        if mode == "repeat":
            return f"Flags the second and later {base}, per person, unless a consent is on record."
        return f"Flags every one of {base}."
    if k == "disclosure":
        words = p.get("words") or (pack.debt_words if pack else {})
        langs = ", ".join(sorted(words)) if words else "none"
        exempt = " A recorded consent for that person exempts the contact." if p.get("consent_exempts", True) else ""
        return (
            f"Flags {_filter_text(p, pack, 'third_party')} whose notes mention the debt "
            f"(a word list per language: {langs}).{exempt}"
        )
    if k == "hidden_number":
        return f"Flags {_filter_text(p, pack)} recorded as coming from a hidden (withheld) number."
    if k == "identification":
        return f"Flags {_filter_text(p, pack)} recorded with identified = false (no name and organisation given)."
    if k == "robot":
        how = "each day's" if p["mode"] == "each" else "all"
        return f"Reports {how} {_filter_text(p, pack)} made by an automated voice agent."
    if k == "stop":
        months = p.get("min_overdue_months")
        valid = (
            f" The statement is void when it was received less than {months} months after the debt became "
            "overdue (the overdue-start milestone); contacts after a void one are not flagged."
            if months
            else ""
        )
        grace = f" The collector gets {p['grace_days']} days to act on it." if p.get("grace_days") else ""
        return (
            f"Flags {_filter_text(p, pack)} after a {p['milestone']} milestone (scoped to its creditor, agency "
            f"or debt when it names one). A milestone with a date only applies from the next day.{valid}{grace}"
        )
    if k == "early_contact":
        return (
            f"Flags {_filter_text(p, pack)} earlier than {p['months']} months after the debt became overdue "
            "(the overdue-start milestone)."
        )
    if k == "content":
        cats = ", ".join(p["categories"])
        return (
            f"Scans the notes of {_filter_text(p, pack)} with the phrase lexicons (categories: {cats}). "
            "A match needs human review."
        )
    return rule.description
