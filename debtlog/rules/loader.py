"""Reading rule packs: the built-in ones (package data) and a user's own TOML files.

Every pack, built-in or not, goes through the same validation, so a typo in a user's pack
gets the same clear message a typo in ours would: the file, the rule id and key path, and
what was expected there. Errors are ``debtlog.errors.InvalidInput`` (exit 2).
"""

from __future__ import annotations

import copy
import re
import tomllib
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from ..errors import InvalidInput
from ..models import CHANNELS, DIRECTIONS, MILESTONE_KINDS, OUTCOMES, RELATIONS
from .pack import CATEGORIES, CONFIDENCES, CONTENT_CATEGORIES, KINDS, SEVERITIES, Rule, RulePack, Source

PACKS_DIR = "packs"
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
DAY_KEYS = ("any", "working", "rest", "holiday", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
TARGETS = ("debtor", "consumer", "third_party", "any")
GROUP_KEYS = ("creditor", "collector", "debt", "person")
WINDOWS = ("day", "week", "month", "rolling")


class _Invalid(Exception):
    """A validation failure at a key path; turned into InvalidInput with the file name."""

    def __init__(self, path: str, expected: str, got: Any = ...):
        self.path = path
        self.expected = expected
        self.got = got
        super().__init__(path)

    def text(self) -> str:
        got = "" if self.got is ... else f", got {self.got!r}"
        return f"{self.path}: expected {self.expected}{got}"


# --- small validators: each takes (value, path) and returns the value or raises _Invalid ---------

Check = Callable[[Any, str], Any]


def _str(v: Any, path: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise _Invalid(path, "a non-empty string", v)
    return v


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise _Invalid(path, "true or false", v)
    return v


def _int(minimum: int) -> Check:
    def check(v: Any, path: str) -> int:
        if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
            raise _Invalid(path, f"a whole number of at least {minimum}", v)
        return v

    return check


def _one_of(options: tuple[str, ...]) -> Check:
    def check(v: Any, path: str) -> str:
        if v not in options:
            raise _Invalid(path, "one of " + ", ".join(options), v)
        return v

    return check


def _list_of(options: tuple[str, ...]) -> Check:
    def check(v: Any, path: str) -> list[str]:
        if not isinstance(v, list) or not v:
            raise _Invalid(path, "a non-empty list of " + ", ".join(options), v)
        for i, item in enumerate(v):
            _one_of(options)(item, f"{path}[{i}]")
        return v

    return check


def _date(v: Any, path: str) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v)
        except ValueError:
            pass
    raise _Invalid(path, "a date like 2025-09-01", v)


def _hhmm(v: Any, path: str) -> str:
    if not isinstance(v, str) or not HHMM.match(v):
        raise _Invalid(path, 'a time "HH:MM" from 00:00 to 24:00', v)
    return v


def _windows(v: Any, path: str) -> dict[str, list[list[str]]]:
    """{day_key: [["08:00", "22:00"], ...]}; a single pair may be written without the outer list."""
    if not isinstance(v, dict) or not v:
        raise _Invalid(path, "a table of day types (" + ", ".join(DAY_KEYS) + ") to time windows", v)
    out: dict[str, list[list[str]]] = {}
    for key, spans in v.items():
        p = f"{path}.{key}"
        _one_of(DAY_KEYS)(key, p)
        if isinstance(spans, list) and len(spans) == 2 and all(isinstance(s, str) for s in spans):
            spans = [spans]
        if not isinstance(spans, list):
            raise _Invalid(p, 'a list of ["HH:MM", "HH:MM"] windows ([] for none)', spans)
        for i, span in enumerate(spans):
            if not (isinstance(span, list) and len(span) == 2):
                raise _Invalid(f"{p}[{i}]", 'a window ["HH:MM", "HH:MM"]', span)
            start, end = _hhmm(span[0], f"{p}[{i}][0]"), _hhmm(span[1], f"{p}[{i}][1]")
            if start >= end:
                raise _Invalid(f"{p}[{i}]", "a window whose start is before its end", span)
        out[key] = [list(s) for s in spans]
    return out


def _limits(v: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(v, list) or not v:
        raise _Invalid(path, 'a list of limits like {window = "day", max = 1}', v)
    for i, lim in enumerate(v):
        p = f"{path}[{i}]"
        if not isinstance(lim, dict):
            raise _Invalid(p, 'a limit like {window = "week", max = 2}', lim)
        _keys(lim, {"window", "max", "days", "minutes"}, p)
        if "window" not in lim or "max" not in lim:
            raise _Invalid(p, "both window and max")
        _one_of(WINDOWS)(lim["window"], f"{p}.window")
        _int(0)(lim["max"], f"{p}.max")
        if lim["window"] == "rolling":
            spans = [k for k in ("days", "minutes") if k in lim]
            if len(spans) != 1:
                raise _Invalid(p, "a rolling window with exactly one of days or minutes")
            _int(1)(lim[spans[0]], f"{p}.{spans[0]}")
        elif "days" in lim or "minutes" in lim:
            raise _Invalid(p, "days or minutes only with window = \"rolling\"")
    return v


def _words(v: Any, path: str) -> dict[str, list[str]]:
    if not isinstance(v, dict) or not v:
        raise _Invalid(path, "a table of language code to a list of words", v)
    for lang, words in v.items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise _Invalid(f"{path}.{lang}", "a non-empty list of words", words)
    return v


FILTER: dict[str, Check] = {
    "channels": _list_of(CHANNELS),
    "directions": _list_of(DIRECTIONS),
    "outcomes": _list_of(OUTCOMES + ("conversation", "none")),
    "exclude_outcomes": _list_of(OUTCOMES + ("none",)),
    "targets": _one_of(TARGETS),
    "robot": _bool,
}


def _filter_table(v: Any, path: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Invalid(path, "a table of " + ", ".join(FILTER), v)
    _keys(v, set(FILTER), path)
    for k, check in FILTER.items():
        if k in v:
            check(v[k], f"{path}.{k}")
    return v


# Parameters each kind takes (besides the contact filter keys) and which are required.
PARAMS: dict[str, tuple[dict[str, Check], set[str]]] = {
    "hours": ({"windows": _windows, "end_inclusive": _bool}, {"windows"}),
    "cap": (
        {
            "limits": _limits,
            "group_by": _list_of(GROUP_KEYS),
            "noun": _str,
            "beyond": _str,
            "robot_from": _date,
        },
        {"limits", "noun"},
    ),
    "cooldown": (
        {"days": _int(1), "trigger": _filter_table, "group_by": _list_of(GROUP_KEYS), "noun": _str},
        {"days", "trigger", "noun"},
    ),
    "third_party": ({"mode": _one_of(("consent", "any", "repeat"))}, {"mode"}),
    "disclosure": ({"words": _words, "consent_exempts": _bool}, set()),
    "hidden_number": ({}, set()),
    "identification": ({}, set()),
    "robot": ({"mode": _one_of(("each", "summary"))}, {"mode"}),
    "stop": (
        {
            "milestone": _one_of(MILESTONE_KINDS),
            "min_overdue_months": _int(0),
            "grace_days": _int(0),
        },
        {"milestone"},
    ),
    "early_contact": ({"months": _int(1)}, {"months"}),
    "content": ({"categories": _list_of(CONTENT_CATEGORIES)}, {"categories"}),
}

RULE_KEYS: dict[str, Check] = {
    "id": _str,
    "kind": _one_of(KINDS),
    "category": _one_of(CATEGORIES),
    "severity": _one_of(SEVERITIES),
    "confidence": _one_of(CONFIDENCES),
    "citation": _str,
    "title": _str,
    "description": _str,
    "sources": lambda v, p: v,  # checked against the pack's source index below
    "effective_from": _date,
    "effective_to": _date,
    "params": lambda v, p: v,  # checked per kind below
    "enabled": _bool,
}
RULE_REQUIRED = ("id", "kind", "category", "severity", "confidence", "citation", "title", "description")
PACK_KEYS = {
    "id",
    "jurisdiction",
    "title",
    "version",
    "as_of",
    "calendar",
    "consumer_relations",
    "debt_words",
    "description",
    "disclaimer",
    "extends",
}
TOP_KEYS = {"pack", "source", "rule"}


def _keys(table: dict[str, Any], allowed: set[str], path: str) -> None:
    for k in table:
        if k not in allowed:
            where = f"{path}.{k}" if path else k
            raise _Invalid(where, "one of the known keys: " + ", ".join(sorted(allowed)) + f" (unknown key {k!r})")


# --- building -------------------------------------------------------------------------------------


def _build_rule(raw: Any, index: int, sources: dict[str, Source], pack_id: str) -> Rule:
    if not isinstance(raw, dict):
        raise _Invalid(f"rule #{index + 1}", "a [[rule]] table", raw)
    label = f"rule {raw['id']!r}" if isinstance(raw.get("id"), str) else f"rule #{index + 1}"
    try:
        _keys(raw, set(RULE_KEYS), "")
        for k in RULE_REQUIRED:
            if k not in raw:
                raise _Invalid(k, "a value (this key is required)")
        for k, check in RULE_KEYS.items():
            if k in raw:
                check(raw[k], k)
        if not RULE_ID.match(raw["id"]):
            raise _Invalid("id", "lower-case letters, digits, '.', '_' or '-'", raw["id"])
        src_ids = raw.get("sources", [])
        if not isinstance(src_ids, list):
            raise _Invalid("sources", "a list of source ids from the pack's [[source]] tables", src_ids)
        for i, s in enumerate(src_ids):
            if s not in sources:
                known = ", ".join(sorted(sources)) or "none defined"
                raise _Invalid(f"sources[{i}]", f"a source id defined in a [[source]] table ({known})", s)
        params = raw.get("params", {})
        if not isinstance(params, dict):
            raise _Invalid("params", "a table", params)
        specific, required = PARAMS[raw["kind"]]
        allowed = dict(FILTER)
        allowed.update(specific)
        _keys(params, set(allowed), "params")
        for k in sorted(required):
            if k not in params:
                raise _Invalid(f"params.{k}", f"a value (required for kind {raw['kind']!r})")
        clean: dict[str, Any] = {}
        for k, v in params.items():
            clean[k] = allowed[k](v, f"params.{k}")
        eff_from = _date(raw["effective_from"], "effective_from") if "effective_from" in raw else None
        eff_to = _date(raw["effective_to"], "effective_to") if "effective_to" in raw else None
        if eff_from and eff_to and eff_to < eff_from:
            raise _Invalid("effective_to", "a date on or after effective_from", raw["effective_to"])
    except _Invalid as e:
        raise _Invalid(f"{label}: {e.path}", e.expected, e.got) from None
    return Rule(
        id=raw["id"],
        kind=raw["kind"],
        category=raw["category"],
        severity=raw["severity"],
        confidence=raw["confidence"],
        citation=raw["citation"].strip(),
        title=raw["title"].strip(),
        description=" ".join(raw["description"].split()),
        sources=tuple(sources[s] for s in src_ids),
        effective_from=eff_from,
        effective_to=eff_to,
        params=clean,
        enabled=raw.get("enabled", True),
        pack=pack_id,
    )


def _build_pack(data: dict[str, Any], origin: str) -> RulePack:
    _keys(data, TOP_KEYS, "")
    meta = data.get("pack")
    if not isinstance(meta, dict):
        raise _Invalid("[pack]", "a [pack] table with at least id and jurisdiction")
    _keys(meta, PACK_KEYS, "pack")
    for k in ("id", "jurisdiction"):
        if k not in meta:
            raise _Invalid(f"pack.{k}", "a value (this key is required)")
        _str(meta[k], f"pack.{k}")
    for k in ("title", "version", "description", "disclaimer", "calendar"):
        if k in meta:
            _str(meta[k], f"pack.{k}")
    relations = meta.get("consumer_relations", [])
    if relations:
        _list_of(RELATIONS)(relations, "pack.consumer_relations")
    debt_words = _words(meta["debt_words"], "pack.debt_words") if "debt_words" in meta else {}
    as_of = _date(meta["as_of"], "pack.as_of") if "as_of" in meta else None

    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        raise _Invalid("[[source]]", "a list of [[source]] tables", raw_sources)
    sources: dict[str, Source] = {}
    for i, s in enumerate(raw_sources):
        p = f"source #{i + 1}"
        if not isinstance(s, dict):
            raise _Invalid(p, "a [[source]] table with id, title and url", s)
        _keys(s, {"id", "title", "url"}, p)
        for k in ("id", "title"):
            if k not in s:
                raise _Invalid(f"{p}.{k}", "a value (this key is required)")
            _str(s[k], f"{p}.{k}")
        sources[s["id"]] = Source(id=s["id"], title=s["title"], url=s.get("url", ""))

    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise _Invalid("[[rule]]", "a list of [[rule]] tables", raw_rules)
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_rules):
        owner = raw.pop("_pack", meta["id"]) if isinstance(raw, dict) else meta["id"]
        rule = _build_rule(raw, i, sources, owner)
        if rule.id in seen:
            raise _Invalid(f"rule {rule.id!r}: id", "an id used by one rule only (it appears twice)")
        seen.add(rule.id)
        rules.append(rule)
    for rule in rules:
        beyond = rule.params.get("beyond")
        if beyond is not None and beyond not in seen:
            raise _Invalid(f"rule {rule.id!r}: params.beyond", "the id of another rule in the pack", beyond)
    return RulePack(
        id=meta["id"],
        jurisdiction=meta["jurisdiction"].upper(),
        title=meta.get("title", meta["id"]),
        version=str(meta.get("version", "")),
        rules=tuple(rules),
        sources=tuple(sources.values()),
        calendar=meta.get("calendar"),
        consumer_relations=tuple(relations),
        debt_words={k: tuple(v) for k, v in debt_words.items()},
        description=" ".join(meta.get("description", "").split()),
        disclaimer=" ".join(meta.get("disclaimer", "").split()),
        as_of=as_of,
        origin=origin,
    )


# --- built-in packs ---------------------------------------------------------------------------------


def available_jurisdictions() -> list[str]:
    """Jurisdiction codes with a built-in pack, e.g. ['CN', 'GB', 'IN', 'IT', 'RU', 'US']."""
    folder = resources.files("debtlog.rules").joinpath(PACKS_DIR)
    return sorted(p.name[: -len(".toml")].upper() for p in folder.iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=None)
def _builtin_raw(code: str) -> dict[str, Any]:
    text = resources.files("debtlog.rules").joinpath(PACKS_DIR, f"{code.lower()}.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=None)
def load_pack(jurisdiction: str) -> RulePack:
    """The built-in pack for a jurisdiction code (case-insensitive)."""
    code = (jurisdiction or "").strip().upper()
    known = available_jurisdictions()
    if code not in known:
        raise InvalidInput(
            f"No rule pack for jurisdiction {jurisdiction!r}.",
            hint="Built-in packs: " + ", ".join(known) + ". A pack of your own can extend one of them.",
        )
    where = f"debtlog/rules/{PACKS_DIR}/{code.lower()}.toml"
    try:
        return _build_pack(copy.deepcopy(_builtin_raw(code)), origin="built-in")
    except _Invalid as e:  # a bug in a shipped pack: the tests keep this from happening
        raise InvalidInput(f"{where}: {e.text()}") from None


# --- user packs -------------------------------------------------------------------------------------


def load_pack_file(path: str | Path) -> RulePack:
    """A user's pack. With ``[pack] extends = "RU"`` its rules override the RU rules by id
    (only the keys given change; ``params`` merge key by key; ``enabled = false`` switches a
    rule off) and rules with new ids are added. Without ``extends`` it stands alone."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as e:
        raise InvalidInput(f"{p}: cannot read the rule pack ({e.strerror or e}).") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{p}: the rule pack is not UTF-8 text.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InvalidInput(f"{p}: not valid TOML: {e}.") from None
    try:
        meta = data.get("pack")
        if isinstance(meta, dict) and "extends" in meta:
            data = _extend(data, meta["extends"])
        return _build_pack(data, origin=str(p))
    except _Invalid as e:
        raise InvalidInput(
            f"{p}: {e.text()}.",
            hint="See docs/rules.md for the keys each rule kind takes.",
        ) from None


def _extend(user: dict[str, Any], base_code: Any) -> dict[str, Any]:
    _str(base_code, "pack.extends")
    code = base_code.upper()
    if code not in available_jurisdictions():
        raise _Invalid("pack.extends", "a built-in jurisdiction (" + ", ".join(available_jurisdictions()) + ")", base_code)
    base = copy.deepcopy(_builtin_raw(code))
    meta_u = dict(user["pack"])
    _keys(meta_u, PACK_KEYS, "pack")
    meta = dict(base["pack"])
    meta.update({k: v for k, v in meta_u.items() if k not in ("extends", "debt_words")})
    if "jurisdiction" in meta_u and str(meta_u["jurisdiction"]).upper() != base["pack"]["jurisdiction"]:
        raise _Invalid("pack.jurisdiction", f"{base['pack']['jurisdiction']} (the pack it extends)", meta_u["jurisdiction"])
    meta.setdefault("id", base["pack"]["id"])
    if "id" not in meta_u:
        meta["id"] = f"{base['pack']['id']}+user"
    if "debt_words" in meta_u:
        words = dict(meta.get("debt_words", {}))
        words.update(_words(meta_u["debt_words"], "pack.debt_words"))
        meta["debt_words"] = words
    meta["extends"] = code

    sources = {s["id"]: s for s in base.get("source", [])}
    user_sources = user.get("source", [])
    if not isinstance(user_sources, list):
        raise _Invalid("[[source]]", "a list of [[source]] tables", user_sources)
    for s in user_sources:
        if isinstance(s, dict) and "id" in s:
            sources[s["id"]] = s
        else:
            raise _Invalid("source", "a [[source]] table with id, title and url", s)

    rules = [dict(r, _pack=base["pack"]["id"]) for r in base.get("rule", [])]
    by_id = {r["id"]: i for i, r in enumerate(rules)}
    user_rules = user.get("rule", [])
    if not isinstance(user_rules, list):
        raise _Invalid("[[rule]]", "a list of [[rule]] tables", user_rules)
    for i, r in enumerate(user_rules):
        if not isinstance(r, dict) or not isinstance(r.get("id"), str):
            raise _Invalid(f"rule #{i + 1}: id", "a rule id (to override a rule of the pack, use its id)")
        r = dict(r, _pack=meta["id"])
        if r["id"] in by_id:
            merged = dict(rules[by_id[r["id"]]])
            params = dict(merged.get("params", {}))
            if "params" in r:
                if not isinstance(r["params"], dict):
                    raise _Invalid(f"rule {r['id']!r}: params", "a table", r["params"])
                params.update(r["params"])
            merged.update(r)
            merged["params"] = params
            rules[by_id[r["id"]]] = merged
        else:
            by_id[r["id"]] = len(rules)
            rules.append(r)
    out = {"pack": meta, "source": list(sources.values()), "rule": rules}
    for extra in set(user) - TOP_KEYS:
        raise _Invalid(extra, "only [pack], [[source]] and [[rule]] tables", extra)
    return out
