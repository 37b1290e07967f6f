"""Wording helpers for findings and docs: dates, ordinals, channel names.

The ``fmt_*``, ``plural``, ``count_noun`` and ``join_list`` functions are English only (docs/rules.md
and the pinned English wording use them). The engine and ``rules show`` word their sentences
through ``_()`` and ``ngettext()`` below, which follow the ``Wording`` in force: English by default
(what ``check --json``, the dossier's findings.json and the tests get, whatever the command's
language) or the command's language when the caller asks for it (``wording(localized())``).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Callable, Iterator, Optional

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


# --- wording in a language ---------------------------------------------------------------------------


def _identity(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


class Wording:
    """How findings and rule summaries are worded: the translation functions and the language
    of the dates. ``ENGLISH`` keeps today's text exactly (its dates are ``fmt_date`` and co.)."""

    def __init__(self, gettext: Callable[[str], str] = _identity,
                 ngettext: Callable[[str, str, int], str] = _english_plural, lang: str = "en"):
        self.gettext = gettext
        self.ngettext = ngettext
        self.lang = lang

    @property
    def english_dates(self) -> bool:
        return self.lang not in ("ru", "it", "zh_CN")


ENGLISH = Wording()
_current: ContextVar[Wording] = ContextVar("debtlog_rules_wording", default=ENGLISH)


def localized() -> Wording:
    """The command's language (debtlog.i18n), looked up when a message is worded."""
    from .. import i18n

    return Wording(lambda m: i18n._(m), lambda s, p, n: i18n.ngettext(s, p, n), i18n.language())


@contextmanager
def wording(w: Optional[Wording]) -> Iterator[Wording]:
    """Word the findings and summaries made inside the block with ``w`` (None: English)."""
    token = _current.set(w or ENGLISH)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _(message: str) -> str:
    return _current.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.get().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog; ``_()`` translates it where it is shown."""
    return message


def _babel_date(d: date, pattern: str) -> str:
    from babel.dates import format_date

    return format_date(d, pattern, locale=_current.get().lang)


def date_text(d: date) -> str:
    """3 March 2026 (in the wording's language)."""
    return fmt_date(d) if _current.get().english_dates else _babel_date(d, "long")


def span_text(start: date, end: date) -> str:
    """3 March 2026 to 5 March 2026, or just 3 March 2026 when both are the same day."""
    if start == end:
        return date_text(start)
    # Translators: a span of dates: "3 March 2026 to 5 March 2026".
    return _("{start} to {end}").format(start=date_text(start), end=date_text(end))


def day_text(d: date) -> str:
    """Tuesday 3 March 2026."""
    return fmt_day(d) if _current.get().english_dates else _babel_date(d, "full")


def month_text(d: date) -> str:
    """March 2026."""
    if _current.get().english_dates:
        return fmt_month(d)
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", d, locale=_current.get().lang)


def range_text(a: date, b: date) -> str:
    """16-22 March 2026."""
    if _current.get().english_dates:
        return fmt_range(a, b)
    if a == b:
        return date_text(a)
    from babel.dates import format_interval

    return format_interval(a, b, "yMMMMd", locale=_current.get().lang)


def ordinal_text(n: int) -> str:
    """5th: the English suffix picks the message; a translation may use one form for all."""
    if 10 <= n % 100 <= 20:
        msg = _("{n}th")
    else:
        msg = {1: _("{n}st"), 2: _("{n}nd"), 3: _("{n}rd")}.get(n % 10) or _("{n}th")
    return msg.format(n=n)


def list_text(items: list[str]) -> str:
    """a, b and c."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    # Translators: separates the items of a list, before the last one: "a, b and c".
    sep = _(", ")
    # Translators: the end of a list: "{first}" is "a, b" (or "a"), "{last}" is "c".
    return _("{first} and {last}").format(first=sep.join(items[:-1]), last=items[-1])


# Channel names as nouns in a sentence ("{what} at {time}"); "robot call" for a robot's call.
# Translators: a kind of contact, as a noun inside a sentence ("call at 22:30").
CHANNEL_NOUNS = {"call": N_("call"), "sms": N_("SMS"), "messenger": N_("messenger message"),
                 "email": N_("e-mail"), "visit": N_("visit"), "letter": N_("letter"),
                 "portal": N_("portal message"), "robot call": N_("robot call")}


def channel_text(channel: str, robot: bool = False) -> str:
    name = channel_name(channel, robot)
    key = "robot call" if robot and channel == "call" else channel
    return _(CHANNEL_NOUNS[key]) if key in CHANNEL_NOUNS else name


# A count of something, per English noun (the msgids reproduce ``count_noun``'s English); the
# nouns are the channel names, the packs' ``noun`` values and the engine's own. A noun from a
# user's pack that is not here stays English.
COUNTS: dict[str, Callable[[int], str]] = {
    "contact": lambda n: ngettext("{n} contact", "{n} contacts", n),
    "call": lambda n: ngettext("{n} call", "{n} calls", n),
    "SMS": lambda n: ngettext("{n} SMS", "{n} SMSs", n),
    "messenger message": lambda n: ngettext("{n} messenger message", "{n} messenger messages", n),
    "e-mail": lambda n: ngettext("{n} e-mail", "{n} e-mails", n),
    "visit": lambda n: ngettext("{n} visit", "{n} visits", n),
    "letter": lambda n: ngettext("{n} letter", "{n} letters", n),
    "portal message": lambda n: ngettext("{n} portal message", "{n} portal messages", n),
    "robot call": lambda n: ngettext("{n} robot call", "{n} robot calls", n),
    "automated (robot) call": lambda n: ngettext("{n} automated (robot) call", "{n} automated (robot) calls", n),
    "unanswered call": lambda n: ngettext("{n} unanswered call", "{n} unanswered calls", n),
    "answered call": lambda n: ngettext("{n} answered call", "{n} answered calls", n),
    "connected call": lambda n: ngettext("{n} connected call", "{n} connected calls", n),
    "conversation": lambda n: ngettext("{n} conversation", "{n} conversations", n),
    "meeting": lambda n: ngettext("{n} meeting", "{n} meetings", n),
    "message": lambda n: ngettext("{n} message", "{n} messages", n),
    "portal notification": lambda n: ngettext("{n} portal notification", "{n} portal notifications", n),
}
# The same nouns without a count, singular and plural ("the 5th call", "5th to 7th calls").
# Translators: a kind of contact counted by a rule, as a noun inside a sentence.
NOUNS: dict[str, tuple[str, str]] = {
    "contact": (N_("contact"), N_("contacts")),
    "call": (N_("call"), N_("calls")),
    "SMS": (N_("SMS"), N_("SMSs")),
    "messenger message": (N_("messenger message"), N_("messenger messages")),
    "e-mail": (N_("e-mail"), N_("e-mails")),
    "visit": (N_("visit"), N_("visits")),
    "letter": (N_("letter"), N_("letters")),
    "portal message": (N_("portal message"), N_("portal messages")),
    "robot call": (N_("robot call"), N_("robot calls")),
    "unanswered call": (N_("unanswered call"), N_("unanswered calls")),
    "answered call": (N_("answered call"), N_("answered calls")),
    "connected call": (N_("connected call"), N_("connected calls")),
    "conversation": (N_("conversation"), N_("conversations")),
    "meeting": (N_("meeting"), N_("meetings")),
    "message": (N_("message"), N_("messages")),
    "portal notification": (N_("portal notification"), N_("portal notifications")),
}


def count_text(n: int, noun: str) -> str:
    """"3 calls", in the wording's language."""
    f = COUNTS.get(noun)
    return f(n).format(n=n) if f else count_noun(n, noun)


def noun_text(noun: str, n: int = 1) -> str:
    """"call" (n == 1) or "calls", in the wording's language."""
    pair = NOUNS.get(noun)
    return _(pair[0] if n == 1 else pair[1]) if pair else plural(noun, n)


# Translators: appended to a finding's explanation, by its severity.
SEVERITY_NOTE_MSGS = {
    "presumption": N_("This is presumed to break the rule; the collector may rebut the presumption."),
    "likely_violation": N_("This is likely a breach; whether it is one depends on the circumstances."),
    "code_of_conduct": N_("This likely breaks an industry code, which binds only the firms that signed it."),
    "info": N_("For information: not a breach by itself."),
}


def severity_note(severity: str) -> str:
    msg = SEVERITY_NOTE_MSGS.get(severity)
    return _(msg) if msg else SEVERITY_NOTES.get(severity, "")
