"""Validating the contract's record objects and turning them into Contacts and Milestones.

One validator serves JSONL import, ``add``, ``edit`` and the phone-log importers, so every
way into the vault accepts exactly the same records. Errors are RecordError (a ValueError)
with a message that names the key; importers add the line number.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from .i18n import N_, _, ngettext
from .models import (
    CHANNELS,
    CONTACT_KEYS,
    DIRECTIONS,
    MILESTONE_KEYS,
    MILESTONE_KINDS,
    OUTCOMES,
    RELATIONS,
    TARGETS,
    THIRD_PARTY_KEYS,
    Contact,
    Milestone,
    ThirdParty,
)

MAX_TEXT = 1_000_000  # one message or note; anything longer is almost certainly not a record


class RecordError(ValueError):
    pass


# One encoder, built once: json.dumps with these options would build a new one on every call,
# which costs as much as the encoding itself in a 100,000-record import.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(obj: Any) -> str:
    """The one serialisation used for hashing and storing records."""
    return _CANONICAL.encode(obj)


def derived_source_id(record: dict[str, Any]) -> str:
    """A stable id for a record that came without one: re-importing it is then a duplicate."""
    return "sha256:" + hashlib.sha256(canonical_json(record).encode("utf-8")).hexdigest()[:32]


def _type_name(v: Any) -> str:
    # Translators: the kind of a JSON value in "'key' must be text, not {t}".
    names = {bool: N_("true/false"), int: N_("a number"), float: N_("a number"), str: N_("text"), list: N_("a list"),
             dict: N_("an object"), type(None): "null"}
    return _(names[type(v)]) if type(v) in names and type(v) is not type(None) else names.get(type(v), type(v).__name__)


def _string(d: dict, key: str, *, nullable: bool = True, max_len: int = 500) -> str | None:
    v = d.get(key)
    if v is None:
        if nullable:
            return None
        raise RecordError(_("'{key}' is required").format(key=key))
    if not isinstance(v, str):
        raise RecordError(_("'{key}' must be text, not {t}").format(key=key, t=_type_name(v)))
    v = v.strip()
    if len(v) > max_len:
        raise RecordError(_("'{key}' is too long ({n} characters, at most {m})").format(key=key, n=len(v), m=max_len))
    if "\x00" in v:
        raise RecordError(_("'{key}' contains a NUL character").format(key=key))
    return v or None


def _bool(d: dict, key: str, *, nullable: bool = False, default: bool | None = False) -> bool | None:
    v = d.get(key)
    if v is None:
        if key in d and not nullable:
            raise RecordError(_("'{key}' must be true or false, not null").format(key=key))
        return default
    if not isinstance(v, bool):
        raise RecordError(_("'{key}' must be true or false, not {t}").format(key=key, t=_type_name(v)))
    return v


def _choice(d: dict, key: str, choices: tuple[str, ...], *, default: str | None = None, nullable: bool = True):
    v = d.get(key)
    if v is None:
        if default is None and not nullable:
            raise RecordError(_("'{key}' is required: one of {c}").format(key=key, c=", ".join(choices)))
        return default
    if not isinstance(v, str) or v not in choices:
        raise RecordError(
            _("'{key}' must be one of {c}, not {v}").format(key=key, c=", ".join(choices), v=json.dumps(v, ensure_ascii=False))
        )
    return v


def _unknown_keys(d: dict, allowed: tuple[str, ...], where: str = "") -> None:
    unknown = [k for k in d if k not in allowed]
    if unknown:
        raise RecordError(
            ngettext("unknown key {keys}{where}; allowed: {allowed}",
                     "unknown keys {keys}{where}; allowed: {allowed}", len(unknown)).format(
                keys=", ".join(repr(k) for k in unknown),
                where=where,
                allowed=", ".join(allowed),
            )
        )


def third_party_from(v: Any, normalize_number) -> ThirdParty | None:
    if v is None:
        return None
    if not isinstance(v, dict):
        raise RecordError(_("'third_party' must be an object like {{\"name\": ..., \"relation\": ...}}, not {t}")
                          .format(t=_type_name(v)))
    _unknown_keys(v, THIRD_PARTY_KEYS, _(" in 'third_party'"))
    name = _string(v, "name")
    relation = _choice(v, "relation", RELATIONS)
    number = _string(v, "number", max_len=64)
    if number is not None:
        number = normalize_number(number)
    if name is None and relation is None and number is None:
        return None
    return ThirdParty(name=name, relation=relation, number=number)


def contact_from_dict(d: dict[str, Any], *, timezone: str, normalize_number, parse_time) -> Contact:
    """Validate a contract contact object. ``parse_time(text, tz)`` returns an aware datetime."""
    if not isinstance(d, dict):
        raise RecordError(_("a record must be a JSON object, not {t}").format(t=_type_name(d)))
    _unknown_keys(d, ("type", *CONTACT_KEYS))
    source_id = _string(d, "source_id", max_len=200)
    when = d.get("occurred_at")
    if when is None:
        raise RecordError(_("'occurred_at' is required (ISO 8601, e.g. 2026-03-03T22:30:00)"))
    if not isinstance(when, str):
        raise RecordError(_("'occurred_at' must be text in ISO 8601, not {t}").format(t=_type_name(when)))
    try:
        occurred_at = parse_time(when, timezone)
    except ValueError as e:
        raise RecordError(_("'occurred_at': {e}").format(e=e)) from None
    channel = _choice(d, "channel", CHANNELS, nullable=False)
    direction = _choice(d, "direction", DIRECTIONS, default="incoming")
    outcome = _choice(d, "outcome", OUTCOMES)
    number = _string(d, "number", max_len=64)
    if number is not None:
        number = normalize_number(number)
    duration = d.get("duration_s")
    if duration is not None:
        if isinstance(duration, bool) or not isinstance(duration, (int, float)):
            raise RecordError(_("'duration_s' must be a number of seconds, not {t}").format(t=_type_name(duration)))
        if duration < 0 or duration != duration or duration > 7 * 86400:
            raise RecordError(_("'duration_s' must be between 0 and a week, not {v}").format(v=duration))
        duration = int(duration) if float(duration).is_integer() else float(duration)
    content = d.get("content", "")
    if content is None:
        content = ""
    if not isinstance(content, str):
        raise RecordError(_("'content' must be text, not {t}").format(t=_type_name(content)))
    if len(content) > MAX_TEXT:
        raise RecordError(_("'content' is too long ({n} characters)").format(n=len(content)))
    target = _choice(d, "target", TARGETS, default="debtor")
    third_party = third_party_from(d.get("third_party"), normalize_number)
    return Contact(
        occurred_at=occurred_at,
        channel=channel,
        source_id=source_id,
        direction=direction,
        outcome=outcome,
        robot=bool(_bool(d, "robot")),
        number=number,
        number_hidden=bool(_bool(d, "number_hidden")),
        agency=_string(d, "agency"),
        creditor=_string(d, "creditor"),
        caller=_string(d, "caller"),
        identified=_bool(d, "identified", nullable=True, default=None),
        target=target,
        third_party=third_party,
        debt=_string(d, "debt"),
        duration_s=duration,
        content=content,
        timezone=timezone,
    )


def milestone_from_dict(d: dict[str, Any], *, timezone: str, normalize_number, parse_time) -> Milestone:
    if not isinstance(d, dict):
        raise RecordError(_("a record must be a JSON object, not {t}").format(t=_type_name(d)))
    _unknown_keys(d, ("type", *MILESTONE_KEYS))
    kind = _choice(d, "kind", MILESTONE_KINDS, nullable=False)
    at_raw = d.get("at")
    if at_raw is None:
        raise RecordError(_("'at' is required (a date like 2026-03-01 or a date-time)"))
    if not isinstance(at_raw, str):
        raise RecordError(_("'at' must be a date in ISO 8601, not {t}").format(t=_type_name(at_raw)))
    at: date | datetime
    text = at_raw.strip()
    if len(text) == 10:
        try:
            at = date.fromisoformat(text)
        except ValueError:
            raise RecordError(_("'at': {v} is not a date (expected YYYY-MM-DD)").format(v=json.dumps(at_raw))) from None
    else:
        try:
            at = parse_time(text, timezone)
        except ValueError as e:
            raise RecordError(_("'at': {e}").format(e=e)) from None
    return Milestone(
        kind=kind,
        at=at,
        source_id=_string(d, "source_id", max_len=200),
        creditor=_string(d, "creditor"),
        agency=_string(d, "agency"),
        debt=_string(d, "debt"),
        note=_string(d, "note", max_len=MAX_TEXT),
        third_party=third_party_from(d.get("third_party"), normalize_number),
        timezone=timezone,
    )


def record_from_dict(d: Any, *, timezone: str, normalize_number, parse_time) -> Contact | Milestone:
    if not isinstance(d, dict):
        raise RecordError(_("a record must be a JSON object, not {t}").format(t=_type_name(d)))
    kind = d.get("type", "contact")
    if kind == "contact":
        return contact_from_dict(d, timezone=timezone, normalize_number=normalize_number, parse_time=parse_time)
    if kind == "milestone":
        return milestone_from_dict(d, timezone=timezone, normalize_number=normalize_number, parse_time=parse_time)
    raise RecordError(_("'type' must be \"contact\" or \"milestone\", not {v}").format(v=json.dumps(kind, ensure_ascii=False)))


_CONTACT_DEFAULTS: dict[str, Any] | None = None


def contact_from_payload(p: dict[str, Any], **extra) -> Contact:
    """Rebuild a Contact from a stored (already validated) payload.

    This runs for every contact on every ``check`` (100,000 of them in a big case), so it fills
    the instance's attribute dictionary in one step instead of going through the frozen
    dataclass's ``__init__``, field by field: about three times faster, the same object.
    """
    global _CONTACT_DEFAULTS
    if _CONTACT_DEFAULTS is None:
        import dataclasses

        _CONTACT_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Contact)
                             if f.default is not dataclasses.MISSING}
    d = dict(_CONTACT_DEFAULTS)
    d.update(p)
    d.pop("type", None)
    d["occurred_at"] = datetime.fromisoformat(p["occurred_at"])
    d["direction"] = d["direction"] or "incoming"
    d["target"] = d["target"] or "debtor"
    d["robot"] = bool(d["robot"])
    d["number_hidden"] = bool(d["number_hidden"])
    d["content"] = d["content"] or ""
    tp = p.get("third_party")
    d["third_party"] = ThirdParty(tp.get("name"), tp.get("relation"), tp.get("number")) if tp else None
    d.update(extra)
    contact = object.__new__(Contact)
    object.__setattr__(contact, "__dict__", d)
    return contact


def milestone_from_payload(p: dict[str, Any], **extra) -> Milestone:
    at_text = p["at"]
    at: date | datetime = date.fromisoformat(at_text) if len(at_text) == 10 else datetime.fromisoformat(at_text)
    return Milestone(
        kind=p["kind"],
        at=at,
        source_id=p.get("source_id"),
        creditor=p.get("creditor"),
        agency=p.get("agency"),
        debt=p.get("debt"),
        note=p.get("note"),
        third_party=ThirdParty.from_dict(p.get("third_party")),
        timezone=p.get("timezone"),
        **extra,
    )


def payload_of(record: Contact | Milestone) -> dict[str, Any]:
    """What the chain stores for a record: the contract object plus the entry's timezone."""
    p = record.record()
    p["timezone"] = record.timezone
    return p


# -- the bulk write path ---------------------------------------------------------------------
# canonical_json(payload_of(contact)) builds a dict of 19 keys and sorts them, for every record
# of an import (9 us of a 100,000-call import's ~40 us per record). The keys of a contact's
# payload never change, so their sorted order is written out once here; only the values are
# encoded, each exactly as the C encoder behind canonical_json encodes it. Anything but the
# plain value types (a third party, a float that is not finite, a subclass) goes through
# canonical_json itself; tests/test_bulk_write.py checks the two agree.
from json.encoder import encode_basestring as _encode_str  # noqa: E402  (ensure_ascii=False, as _CANONICAL)

_FLOAT_REPR = float.__repr__
_INT_REPR = int.__repr__
_INF = float("inf")

_CONTACT_TEMPLATE = (
    '{"agency":%s,"caller":%s,"channel":%s,"content":%s,"creditor":%s,"debt":%s,"direction":%s,'
    '"duration_s":%s,"identified":%s,"number":%s,"number_hidden":%s,"occurred_at":%s,"outcome":%s,'
    '"robot":%s,"source_id":%s,"target":%s,"third_party":%s,"timezone":%s,"type":"contact"}'
)


def _json_value(v: Any) -> str:
    """One value, as canonical_json writes it."""
    if v is None:
        return "null"
    c = v.__class__
    if c is str:
        return _encode_str(v)
    if c is bool:
        return "true" if v else "false"
    if c is int:
        return _INT_REPR(v)
    if c is float and -_INF < v < _INF:
        return _FLOAT_REPR(v)
    return canonical_json(v)


# What repeats across the contacts of one phone log (who, which channel, the direction and
# outcome, the time zone) is encoded once: the payload's text between the values that change
# from record to record (content, duration, number, time, source id) is cached by the values
# that repeat.
_FRAGMENTS: dict[tuple, tuple[str, ...]] = {}
_GAP = "\x00"  # canonical JSON never holds a raw NUL (it is written \u0000), so it marks the gaps


def _fragments(d: dict[str, Any], timezone: str | None) -> tuple[str, ...]:
    j = _json_value
    text = _CONTACT_TEMPLATE % (
        j(d["agency"]), j(d["caller"]), j(d["channel"]), _GAP, j(d["creditor"]), j(d["debt"]),
        j(d["direction"]), _GAP, j(d["identified"]), _GAP, j(d["number_hidden"]), '"' + _GAP + '"', j(d["outcome"]),
        j(d["robot"]), _GAP, j(d["target"]), "null", j(timezone))
    return tuple(text.split(_GAP))


def _cacheable(key: tuple) -> bool:
    # Text or null in the text fields, true/false/null in the others: then equal keys are
    # written alike (as keys, True == 1 == 1.0, which JSON writes differently).
    return all(v is None or v.__class__ is str for v in key[:6]) and all(
        v is None or v.__class__ is bool for v in key[6:9]) and all(
        v is None or v.__class__ is str for v in key[9:])


def contact_json(record: Contact, timezone: str | None) -> str:
    """``canonical_json(payload_of(record))`` for a contact whose timezone is ``timezone``.

    The same text, byte for byte, in about a third of the time.
    """
    d = record.__dict__
    robot, hidden, identified = d["robot"], d["number_hidden"], d["identified"]
    if d["third_party"] is None and robot.__class__ is bool and hidden.__class__ is bool and (
            identified is None or identified.__class__ is bool):
        key = (d["agency"], d["caller"], d["channel"], d["creditor"], d["debt"], d["direction"],
               identified, hidden, robot, d["outcome"], d["target"], timezone)
        frags = _FRAGMENTS.get(key)
        if frags is None:
            frags = _fragments(d, timezone)
            if _cacheable(key):
                if len(_FRAGMENTS) >= 4096:
                    _FRAGMENTS.clear()
                _FRAGMENTS[key] = frags
        j = _json_value
        content, duration, number, source_id = d["content"], d["duration_s"], d["number"], d["source_id"]
        return (frags[0] + (_encode_str(content) if content.__class__ is str else j(content))
                + frags[1] + (_INT_REPR(duration) if duration.__class__ is int else j(duration))
                + frags[2] + (_encode_str(number) if number.__class__ is str else j(number))
                + frags[3] + d["occurred_at"].isoformat()
                + frags[4] + (_encode_str(source_id) if source_id.__class__ is str else j(source_id)) + frags[5])
    tp = d["third_party"]
    j = _json_value
    return _CONTACT_TEMPLATE % (
        j(d["agency"]), j(d["caller"]), j(d["channel"]), j(d["content"]), j(d["creditor"]), j(d["debt"]),
        j(d["direction"]), j(d["duration_s"]), j(d["identified"]), j(d["number"]), j(d["number_hidden"]),
        '"' + d["occurred_at"].isoformat() + '"', j(d["outcome"]), j(d["robot"]), j(d["source_id"]), j(d["target"]),
        "null" if tp is None else canonical_json(tp.to_dict()), j(timezone),
    )
