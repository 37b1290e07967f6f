"""Plain-words summaries of what a rule checks, generated from its parameters.

Used by ``rules show`` and by docs/rules.md, so what a volunteer audits is what the engine
runs, not a separate prose that can drift from it.
"""

from __future__ import annotations

from typing import Any

from ..models import MILESTONE_LABELS
from . import text as T
from .engine import RELATIONS
from .pack import Rule, RulePack
from .text import N_, _


# Translators: the days a time window applies to, in "rules show" ("working days 08:00-22:00").
DAY_NAMES = {
    "any": N_("every day"),
    "working": N_("working days"),
    "rest": N_("weekends and days off"),
    "holiday": N_("public holidays"),
    "mon": N_("Monday"),
    "tue": N_("Tuesday"),
    "wed": N_("Wednesday"),
    "thu": N_("Thursday"),
    "fri": N_("Friday"),
    "sat": N_("Saturday"),
    "sun": N_("Sunday"),
}
# Translators: who a rule looks at, in "rules show" ("calls started by the collector to you").
TARGET_NAMES = {
    "debtor": N_("you"),
    "consumer": N_("you"),
    "third_party": N_("third parties"),
    "any": N_("anyone (you or third parties)"),
}
# Translators: how a rule groups what it counts, in "rules show".
GROUP_NAMES = {
    "creditor": N_("per creditor (its agencies added together)"),
    "collector": N_("per collector"),
    "debt": N_("per debt"),
    "person": N_("per person called"),
}
WINDOW_NAMES = {"day": "calendar day", "week": "calendar week (Monday to Sunday)", "month": "calendar month"}


# Translators: how contacts ended, in "rules show" ("calls ... that were missed").
OUTCOME_PHRASES = {
    "conversation": N_("ended in a conversation"),
    "answered": N_("were answered"),
    "missed": N_("were missed"),
    "rejected": N_("were rejected"),
    "voicemail": N_("went to voicemail"),
    "failed": N_("never connected"),
    "none": N_("have no outcome recorded"),
}


def _label(table: dict[str, str], key: str) -> str:
    return _(table[key]) if key in table else key


def _outcomes(values: list[str]) -> str:
    # Translators: joins alternatives in "rules show": "were missed or were rejected".
    return _(" or ").join(_label(OUTCOME_PHRASES, o) for o in values)


def _filter_text(p: dict[str, Any], pack: RulePack | None, default_target: str = "consumer") -> str:
    """E.g. 'calls started by the collector to you that ended in a conversation'."""
    channels = p.get("channels")
    what = (T.list_text([T.noun_text(T.channel_name(c), 2) for c in channels]) if channels
            else _("contacts of any kind"))
    robot = p.get("robot")
    if robot is not None:
        what = (_("{contacts} by an automated voice agent") if robot
                else _("{contacts} by a human caller")).format(contacts=what)
    directions = p.get("directions", ["incoming"])
    if directions == ["incoming"]:
        who = _("started by the collector")
    elif directions == ["outgoing"]:
        who = _("started by you (or the person contacted)")
    else:
        who = _("started by either side")
    target = p.get("targets", default_target)
    to = _label(TARGET_NAMES, target)
    if target == "consumer" and pack is not None and pack.consumer_relations:
        relations = T.list_text([_(RELATIONS[r]) if r in RELATIONS else r for r in pack.consumer_relations])
        to = _("{target} (or your {relations}, whom the law treats as you)").format(target=to, relations=relations)
    # Translators: the contacts a rule looks at: "{contacts}" is e.g. "calls", "{who}" "started by the
    # collector", "{target}" "you".
    text = _("{contacts} {who} to {target}").format(contacts=what, who=who, target=to)
    outcomes = p.get("outcomes")
    if outcomes:
        text = _("{contacts} that {outcomes}").format(contacts=text, outcomes=_outcomes(outcomes))
    excl = [o for o in p.get("exclude_outcomes", ["failed"]) if not outcomes or o in outcomes]
    if excl == ["failed"] and channels and "call" not in channels:
        excl = []  # only calls can fail to connect
    if excl:
        text = _("{contacts} (leaving out those that {outcomes})").format(contacts=text, outcomes=_outcomes(excl))
    return text


def _windows_text(windows: dict[str, list[list[str]]]) -> str:
    parts = []
    for key, spans in windows.items():
        if spans:
            allowed = _(" and ").join(_("{start}-{end}").format(start=a, end=b) for a, b in spans)
        else:
            allowed = _("no contact")
        # Translators: a time window of an hours rule: "working days 08:00-22:00".
        parts.append(_("{days} {hours}").format(days=_label(DAY_NAMES, key), hours=allowed))
    # Translators: separates the time windows of an hours rule.
    return _("; ").join(parts)


def _limit_text(lim: dict[str, Any]) -> str:
    mx = lim["max"]
    w = lim["window"]
    # Translators: a limit of a frequency rule, in "rules show": "2 a calendar day", "7 within any 7 consecutive days".
    if w == "rolling" and "days" in lim:
        return _("{max} within any {days} consecutive days").format(max=mx, days=lim["days"])
    if w == "rolling":
        return _("{max} within any {minutes} minutes").format(max=mx, minutes=lim["minutes"])
    if w == "day":
        return _("{max} a calendar day").format(max=mx)
    if w == "week":
        return _("{max} a calendar week (Monday to Sunday)").format(max=mx)
    if w == "month":
        return _("{max} a calendar month").format(max=mx)
    return f"{mx} a {w}"


def _groups(p: dict[str, Any]) -> str:
    return _(", ").join(_label(GROUP_NAMES, g) for g in p.get("group_by", []))


def summary(rule: Rule, pack: RulePack | None = None, wording: T.Wording | None = None) -> str:
    """What the rule checks, in plain words (``wording``: the language; None: English, for docs/rules.md)."""
    with T.wording(wording):
        return _summary(rule, pack)


def _summary(rule: Rule, pack: RulePack | None) -> str:
    p = rule.params
    k = rule.kind
    if k == "hours":
        text = _("Checks the time of {contacts} against the hours allowed in your timezone: {windows}.").format(
            contacts=_filter_text(p, pack), windows=_windows_text(p["windows"]))
        if p.get("end_inclusive"):
            text += " " + _("The end time itself is still allowed.")
        if set(p["windows"]) & {"working", "rest", "holiday"}:
            code = pack.calendar if pack else None
            if code:
                text += " " + _("Day types follow the {calendar} national calendar (holidays and transferred "
                                "days).").format(calendar=code)
        return text
    if k == "cap":
        groups = _groups(p)
        nouns = T.noun_text(p["noun"], 2)
        limits = T.list_text([_limit_text(lim) for lim in p["limits"]])
        if groups:
            text = _("Counts {nouns}: {contacts}; {groups}. Limits: {limits}; the ones over a limit are "
                     "reported.").format(nouns=nouns, contacts=_filter_text(p, pack), groups=groups, limits=limits)
        else:
            text = _("Counts {nouns}: {contacts}. Limits: {limits}; the ones over a limit are reported.").format(
                nouns=nouns, contacts=_filter_text(p, pack), limits=limits)
        if p.get("robot_from"):
            text += " " + _("Automated calls count from {date}.").format(date=T.date_text(p["robot_from"]))
        if p.get("beyond"):
            text += " " + _("Reports only {nouns} not already reported by {rule}.").format(nouns=nouns,
                                                                                          rule=p["beyond"])
        return text
    if k == "cooldown":
        groups = _groups(p)
        args = dict(trigger=_filter_text(p["trigger"], pack, "consumer"), contacts=_filter_text(p, pack),
                    days=p["days"], groups=groups)
        if groups:
            return _("After a trigger ({trigger}), flags {contacts} within {days} days, the trigger's day being "
                     "day one; {groups}.").format(**args)
        return _("After a trigger ({trigger}), flags {contacts} within {days} days, the trigger's day being "
                 "day one.").format(**args)
    if k == "third_party":
        mode = p["mode"]
        base = _filter_text(dict(p, targets="third_party"), pack)
        if mode == "consent":
            return _("Flags {contacts} when no consent is on record for that person (a third-party-consent "
                     "milestone naming them, not followed by a consent-withdrawn one).").format(contacts=base)
        if mode == "repeat":
            return _("Flags the second and later {contacts}, per person, unless a consent is on record.").format(
                contacts=base)
        return _("Flags every one of {contacts}.").format(contacts=base)
    if k == "disclosure":
        words = p.get("words") or (pack.debt_words if pack else {})
        langs = ", ".join(sorted(words)) if words else _("none")
        text = _("Flags {contacts} whose notes mention the debt (a word list per language: {languages}).").format(
            contacts=_filter_text(p, pack, "third_party"), languages=langs)
        if p.get("consent_exempts", True):
            text += " " + _("A recorded consent for that person exempts the contact.")
        return text
    if k == "hidden_number":
        return _("Flags {contacts} recorded as coming from a hidden (withheld) number.").format(
            contacts=_filter_text(p, pack))
    if k == "identification":
        return _("Flags {contacts} recorded with identified = false (no name and organisation given).").format(
            contacts=_filter_text(p, pack))
    if k == "robot":
        if p["mode"] == "each":
            return _("Reports each day's {contacts} made by an automated voice agent.").format(
                contacts=_filter_text(p, pack))
        return _("Reports all {contacts} made by an automated voice agent.").format(contacts=_filter_text(p, pack))
    if k == "stop":
        text = _("Flags {contacts} after a {milestone} milestone (scoped to its creditor, agency or debt when it "
                 "names one). A milestone with a date only applies from the next day.").format(
            contacts=_filter_text(p, pack), milestone=_(MILESTONE_LABELS[p["milestone"]])
            if p["milestone"] in MILESTONE_LABELS else p["milestone"])
        months = p.get("min_overdue_months")
        if months:
            text += " " + _("The statement is void when it was received less than {months} months after the debt "
                            "became overdue (the overdue-start milestone); contacts after a void one are not "
                            "flagged.").format(months=months)
        if p.get("grace_days"):
            text += " " + _("The collector gets {days} days to act on it.").format(days=p["grace_days"])
        return text
    if k == "early_contact":
        return _("Flags {contacts} earlier than {months} months after the debt became overdue (the overdue-start "
                 "milestone).").format(contacts=_filter_text(p, pack), months=p["months"])
    if k == "content":
        return _("Scans the notes of {contacts} with the phrase lexicons (categories: {categories}). A match "
                 "needs human review.").format(contacts=_filter_text(p, pack), categories=", ".join(p["categories"]))
    return _(rule.description) if rule.description else rule.description
