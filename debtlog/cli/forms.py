"""Turning flags and answers at the prompts into records.

The guided prompts ask only for what the flags left out, offer defaults (now; the agency a
known number belongs to; the last agency) and re-ask with a hint when an answer is invalid.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import InvalidInput
from ..i18n import _
from ..models import CHANNELS, DIRECTIONS, OUTCOMES, RELATIONS, Contact, Milestone
from ..records import RecordError, contact_from_dict
from . import common


@dataclass
class ContactFlags:
    at: Optional[str] = None
    channel: Optional[str] = None
    direction: Optional[str] = None
    outcome: Optional[str] = None
    number: Optional[str] = None
    hidden_number: Optional[bool] = None
    agency: Optional[str] = None
    creditor: Optional[str] = None
    caller: Optional[str] = None
    third_party: Optional[str] = None
    relation: Optional[str] = None
    third_party_number: Optional[str] = None
    duration: Optional[str] = None
    content: Optional[str] = None
    content_file: Optional[Path] = None
    robot: Optional[bool] = None
    identified: Optional[bool] = None
    debt: Optional[str] = None
    note: Optional[str] = None

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "ContactFlags":
        """From a command's parameters (its ``locals()``): the fields of the form, nothing else."""
        return cls(**{f.name: params[f.name] for f in fields(cls) if f.name in params})

    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def missing_essentials(self) -> bool:
        return self.at is None or self.channel is None or (self.number is None and self.hidden_number is None
                                                           and self.channel not in ("visit", "letter"))


def _day_first(log) -> bool:
    return log.profile.jurisdiction != "US"


def parse_time(log, text: str) -> datetime:
    from ..timeparse import parse_when

    return parse_when(text, log.profile.timezone, day_first=_day_first(log))


def _choice(value: str | None, allowed: tuple[str, ...], flag: str) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v not in allowed:
        raise InvalidInput(_("{flag} must be one of {allowed}, not '{v}'.").format(flag=flag, allowed=", ".join(allowed), v=value))
    return v


def _read_content(flags: ContactFlags) -> str | None:
    if flags.content is not None and flags.content_file is not None:
        raise InvalidInput(_("Give either --content or --content-file, not both."))
    if flags.content_file is not None:
        try:
            return flags.content_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidInput(_("The file {p} does not exist.").format(p=flags.content_file)) from None
        except UnicodeDecodeError:
            raise InvalidInput(_("The file {p} is not UTF-8 text.").format(p=flags.content_file),
                               _("Save it as UTF-8 (most editors offer it under 'Save as').")) from None
        except OSError as e:
            raise InvalidInput(_("Could not read {p}: {e}").format(p=flags.content_file, e=e.strerror)) from None
    return flags.content


def _overrides(log, flags: ContactFlags) -> dict[str, Any]:
    """The record keys the flags set, parsed and checked (phone numbers strictly)."""
    from ..phones import parse_number_strict
    from ..timeparse import parse_duration

    region = log.profile.jurisdiction
    d: dict[str, Any] = {}
    if flags.at is not None:
        d["occurred_at"] = parse_time(log, flags.at)
    if flags.channel is not None:
        d["channel"] = _choice(flags.channel, CHANNELS, "--channel")
    if flags.direction is not None:
        d["direction"] = _choice(flags.direction, DIRECTIONS, "--direction")
    if flags.outcome is not None:
        d["outcome"] = _choice(flags.outcome, OUTCOMES, "--outcome")
    if flags.number is not None and flags.hidden_number:
        raise InvalidInput(_("Give either --number or --hidden-number, not both."))
    if flags.number is not None:
        d["number"] = parse_number_strict(flags.number, region)
        d["number_hidden"] = False
    if flags.hidden_number is not None:
        d["number_hidden"] = flags.hidden_number
        if flags.hidden_number:
            d["number"] = None
    for key in ("agency", "creditor", "caller", "debt"):
        value = getattr(flags, key)
        if value is not None:
            d[key] = value.strip() or None
    if flags.duration is not None:
        d["duration_s"] = parse_duration(flags.duration)
    content = _read_content(flags)
    if content is not None:
        d["content"] = content
    if flags.robot is not None:
        d["robot"] = flags.robot
    if flags.identified is not None:
        d["identified"] = flags.identified
    if flags.relation is not None:
        _choice(flags.relation, RELATIONS, "--relation")
    if flags.third_party is not None or flags.relation is not None or flags.third_party_number is not None:
        d["third_party"] = {
            "name": (flags.third_party or "").strip() or None,
            "relation": flags.relation.strip().lower() if flags.relation else None,
            "number": parse_number_strict(flags.third_party_number, region) if flags.third_party_number else None,
        }
        d["target"] = "third_party"
    return d


def _to_record_dict(values: dict[str, Any]) -> dict[str, Any]:
    d = dict(values)
    when = d.get("occurred_at")
    if isinstance(when, datetime):
        d["occurred_at"] = when.isoformat()
    d.pop("type", None)
    return d


def _validate(log, values: dict[str, Any]) -> Contact:
    from ..phones import normalize_number
    from ..timeparse import parse_iso_record_time

    region = log.profile.jurisdiction
    try:
        return contact_from_dict(
            _to_record_dict(values),
            timezone=log.profile.timezone,
            normalize_number=lambda n: normalize_number(n, region),
            parse_time=parse_iso_record_time,
        )
    except RecordError as e:
        raise InvalidInput(str(e)) from None


def build_contact(log, flags: ContactFlags, ask: bool) -> Contact:
    values = _overrides(log, flags)
    if ask:
        values = Prompter(log).complete(values, flags)
    values.setdefault("occurred_at", datetime.now().astimezone())
    values.setdefault("channel", "call")
    if not values.get("agency") and values.get("number"):
        known = log.collector_for_number(values["number"])
        if known:
            values["agency"] = known
    contact = _validate(log, values)
    if flags.note is not None:
        raise InvalidInput(_("--note is for milestones; for a contact use --content."))
    return contact


def revised_record(log, current, flags: ContactFlags) -> Contact | Milestone:
    if current.type == "milestone":
        m: Milestone = current.record
        changes: dict[str, Any] = {}
        if flags.at is not None:
            changes["at"] = parse_time(log, flags.at) if ":" in flags.at or " " in flags.at.strip() else _date(log, flags.at)
        for key in ("agency", "creditor", "debt", "note"):
            if getattr(flags, key) is not None:
                changes[key] = getattr(flags, key).strip() or None
        other = [f.name for f in fields(flags) if getattr(flags, f.name) is not None and f.name not in ("at", "agency", "creditor", "debt", "note")]
        if other:
            raise InvalidInput(_("A milestone has no field {f}; it takes --at, --agency, --creditor, --debt and --note.")
                               .format(f="--" + other[0].replace("_", "-")))
        return replace(m, **changes)
    values = {k: v for k, v in current.payload.items() if k not in ("type", "timezone")}
    values.update(_overrides(log, flags))
    return _validate(log, values)


def _date(log, text: str):
    from ..timeparse import parse_date

    return parse_date(text, log.profile.timezone, day_first=_day_first(log))


def list_filters(log, since: str | None, until: str | None, number: str | None) -> dict[str, Any]:
    from ..phones import normalize_number
    from ..vault.log import day_bounds

    out: dict[str, Any] = {}
    tz = log.profile.timezone
    if since:
        out["since"] = day_bounds(_date(log, since), tz)[0]
    if until:
        end = _date(log, until)
        if re.fullmatch(r"\s*\d{4}-\d{1,2}\s*", until):  # a month: up to its last day
            end = (end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        out["until"] = day_bounds(end, tz)[1]
    if since and until and out["since"] >= out["until"]:
        raise InvalidInput(_("--since is after --until."))
    if number:
        out["number"] = normalize_number(number, log.profile.jurisdiction)
    return out


def check_audio_paths(paths: list[Path]) -> list[Path]:
    for p in paths:
        if not p.exists():
            raise InvalidInput(_("The recording {p} does not exist.").format(p=p))
        if not p.is_file():
            raise InvalidInput(_("{p} is not a file.").format(p=p))
    return paths


class Prompter:
    """Guided questions for what the flags did not say. Each answer is checked at once."""

    def __init__(self, log):
        self.log = log
        self.console = common.err_console()

    def ask(self, question: str, default: str | None = None, parse: Callable[[str], Any] | None = None,
            allow_empty: bool = False) -> Any:
        while True:
            answer = common.ask(question, default=default, console=self.console, show_default=default is not None)
            answer = (answer or "").strip()
            if not answer and allow_empty:
                return None
            if not answer and default is None:
                self.console.print(_("Please answer, or press Ctrl+C to stop without saving."), style="yellow")
                continue
            if parse is None:
                return answer
            try:
                return parse(answer)
            except InvalidInput as e:
                self.console.print(e.message, style="red", markup=False)
                if e.hint:
                    self.console.print(e.hint, style="yellow", markup=False)

    def choose(self, question: str, options: tuple[str, ...], default: str, labels: dict | None = None) -> str:
        """A numbered choice; the options are shown as words of the language (``labels``, the
        render tables), and a number, a word of the language or the English value is accepted."""
        from .render import label_of

        shown = [label_of(labels, o) if labels else o for o in options]
        menu = " ".join(f"[{i}] {w}" for i, w in enumerate(shown, 1))

        def parse(a: str) -> str:
            a = a.strip().lower()
            if a.isdigit() and 1 <= int(a) <= len(options):
                return options[int(a) - 1]
            for o, w in zip(options, shown):
                if a in (o, w.lower()):
                    return o
            matches = {o for o, w in zip(options, shown) if o.startswith(a) or w.lower().startswith(a)}
            if len(matches) == 1:
                return matches.pop()
            raise InvalidInput(_("Type a number from 1 to {n} or one of: {o}.").format(n=len(options), o=_(", ").join(shown)))

        return self.ask(f"{question} {menu}", default=shown[options.index(default)], parse=parse)

    def yes(self, question: str, default: bool = False) -> bool:
        return common.confirm(question, default=default, console=self.console)

    def complete(self, values: dict[str, Any], flags: ContactFlags) -> dict[str, Any]:
        from ..phones import display_number, parse_number_strict
        from ..timeparse import parse_duration
        from .render import CHANNEL_LABEL, OUTCOME_LABEL, RELATION_LABEL

        log = self.log
        region = log.profile.jurisdiction
        # markup=False: the translation's "[valore predefinito]" would otherwise be read as a style tag and vanish.
        self.console.print(_("Recording a collector contact. Press Enter to accept the [default]; Ctrl+C stops without saving."),
                           style="bold", markup=False)
        if "occurred_at" not in values:
            # Translators: the default answer to "When did it happen?"; a word the time parser reads
            # (debtlog/timeparse.py _NOW_WORDS: сейчас, 现在, adesso).
            values["occurred_at"] = self.ask(_("When did it happen? (e.g. 22:30, yesterday 21:15, 03.03.2026 22:30)"),
                                             default=_("now"), parse=lambda a: parse_time(log, a))
        if "channel" not in values:
            values["channel"] = self.choose(_("How did they contact you?"), CHANNELS, "call", CHANNEL_LABEL)
        channel = values["channel"]
        if "number" not in values and "number_hidden" not in values and channel not in ("visit", "letter"):
            label = _("Which number or sender? (press Enter if it was hidden)")
            number = self.ask(label, parse=lambda a: parse_number_strict(a, region), allow_empty=True)
            values["number"] = number
            values["number_hidden"] = number is None and channel in ("call", "sms", "messenger")
        number = values.get("number")
        known = log.collector_for_number(number)
        if known:
            self.console.print(_("{n} is a number of {agency}.").format(n=display_number(number), agency=known),
                               style="cyan", markup=False)
        if "agency" not in values:
            default = known or log.last_agency()
            values["agency"] = self.ask(_("Which agency or bank? (Enter to skip)"), default=default, allow_empty=True)
        if channel in ("call", "messenger") and "outcome" not in values:
            values["outcome"] = self.choose(_("What happened with the call?"), OUTCOMES[:4], "answered", OUTCOME_LABEL)
        if values.get("outcome") == "answered" or channel == "visit":
            if "duration_s" not in values:
                values["duration_s"] = self.ask(_("How long did it last? (e.g. 2:30; Enter to skip)"),
                                                parse=parse_duration, allow_empty=True)
            if "robot" not in values and channel == "call":
                values["robot"] = self.yes(_("Was it a robot or a recorded voice?"), default=False)
            if "caller" not in values:
                values["caller"] = self.ask(_("The caller's name, if they gave one (Enter to skip)"), allow_empty=True)
        if "third_party" not in values:
            if self.yes(_("Did they contact someone else instead of you (a relative, your employer)?"), default=False):
                name = self.ask(_("Who? (name)"), allow_empty=True)
                relation = self.choose(_("Their relation to you?"), RELATIONS, "relative", RELATION_LABEL)
                tp_number = self.ask(_("Their number (Enter to skip)"), parse=lambda a: parse_number_strict(a, region),
                                     allow_empty=True)
                values["third_party"] = {"name": name, "relation": relation, "number": tp_number}
                values["target"] = "third_party"
        if "content" not in values:
            values["content"] = self.ask(_("What did they say or write? (one line; Enter to skip)"), allow_empty=True) or ""
        return values


__all__ = ["ContactFlags", "build_contact", "revised_record", "list_filters"]
