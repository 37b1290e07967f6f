"""A user's own pack: extending a built-in one, adding rules, and clear errors for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from debtlog.errors import InvalidInput
from debtlog.models import Profile
from debtlog.rules import evaluate, load_pack, load_pack_file

from .helpers import Log, flagged


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, "utf-8")
    return p


STRICT = """
[pack]
id = "ru-strict"
extends = "RU"

[[source]]
id = "ME-1"
title = "My regional ordinance"
url = "https://example.org/ordinance"

[[rule]]
id = "ru.230fz.pressure"
params = { limits = [{ window = "day", max = 1 }] }

[[rule]]
id = "ru.230fz.messages.rolling"
enabled = false

[[rule]]
id = "ru.local.sunday"
kind = "hours"
category = "hours"
severity = "likely_violation"
confidence = "L"
citation = "My regional ordinance s.1"
sources = ["ME-1", "RU-1"]
effective_from = 2026-01-01
title = "Contact on a Sunday"
description = "No collection contact on Sundays (a local ordinance)."
params = { windows = { sun = [] }, channels = ["call"] }
"""


def test_extends_overrides_params_disables_and_adds(tmp_path):
    pack = load_pack_file(write(tmp_path, STRICT))
    base = load_pack("RU")
    assert pack.jurisdiction == "RU" and pack.id == "ru-strict" and pack.origin.endswith("mine.toml")
    assert len(pack.rules) == len(base.rules) + 1
    pressure = pack.rule("ru.230fz.pressure")
    assert pressure.params["limits"] == [{"window": "day", "max": 1}]
    assert pressure.params["outcomes"] == base.rule("ru.230fz.pressure").params["outcomes"]  # merged
    assert pressure.citation == base.rule("ru.230fz.pressure").citation and pressure.pack == "ru-strict"
    assert pack.rule("ru.230fz.calls").pack == "ru"
    assert not pack.rule("ru.230fz.messages.rolling").enabled
    sunday = pack.rule("ru.local.sunday")
    assert [s.id for s in sunday.sources] == ["ME-1", "RU-1"]


def test_user_rules_are_evaluated(tmp_path):
    pack = load_pack_file(write(tmp_path, STRICT))
    log = Log()
    log.add("2026-03-08 12:00")  # Sunday
    a = log.add("2026-03-09 10:00", outcome="missed")
    b = log.add("2026-03-09 11:00", outcome="missed")
    findings = evaluate(log.contacts, [], Profile("RU", "Europe/Moscow"), packs=[pack])
    assert flagged(findings, "ru.local.sunday") == [1]
    assert flagged(findings, "ru.230fz.pressure") == [b]
    assert a not in flagged(findings, "ru.230fz.pressure")


def test_a_standalone_pack_layered_after_a_builtin_one_overrides_by_id(tmp_path):
    text = """
[pack]
id = "mine"
jurisdiction = "RU"

[[rule]]
id = "ru.230fz.hours"
kind = "hours"
category = "hours"
severity = "info"
confidence = "M"
citation = "test"
title = "Hours"
description = "Test override."
params = { windows = { any = [["10:00", "11:00"]] } }
"""
    mine = load_pack_file(write(tmp_path, text))
    log = Log()
    log.add("2026-03-03 12:00")
    f = evaluate(log.contacts, [], Profile("RU", "Europe/Moscow"), packs=[load_pack("RU"), mine])
    assert [(x.rule, x.severity) for x in f] == [("ru.230fz.hours", "info")]


def test_packs_none_uses_the_profile_jurisdiction():
    log = Log("America/New_York")
    log.add("2026-03-03 22:00")
    f = evaluate(log.contacts, [], Profile("US", "America/New_York"))
    assert [x.rule for x in f] == ["us.fdcpa.hours"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ('[[rule]]\nid = "ru.230fz.hours"\nseverity = "serious"\n',
         ["mine.toml", "rule 'ru.230fz.hours'", "severity", "violation, presumption", "'serious'"]),
        ('[[rule]]\nid = "ru.230fz.calls"\nparams = { limits = [{ window = "week", max = "two" }] }\n',
         ["rule 'ru.230fz.calls'", "params.limits[0].max", "whole number", "'two'"]),
        ('[[rule]]\nid = "ru.230fz.calls"\nparams = { limit = 3 }\n',
         ["rule 'ru.230fz.calls'", "params.limit", "unknown key 'limit'"]),
        ('[[rule]]\nid = "ru.230fz.hours"\nparams = { windows = { weekday = [["08:00", "22:00"]] } }\n',
         ["params.windows.weekday", "one of any, working, rest"]),
        ('[[rule]]\nid = "ru.230fz.hours"\nparams = { windows = { any = [["22:00", "08:00"]] } }\n',
         ["params.windows.any[0]", "start is before its end"]),
        ('[[rule]]\nid = "ru.230fz.hours"\nparams = { windows = { any = [["8am", "22:00"]] } }\n',
         ["params.windows.any[0][0]", "HH:MM"]),
        ('[[rule]]\nid = "ru.new"\nkind = "cap"\n',
         ["rule 'ru.new'", "category", "required"]),
        ('[[rule]]\nid = "ru.230fz.calls"\nsources = ["NOPE-1"]\n',
         ["rule 'ru.230fz.calls'", "sources[0]", "NOPE-1", "RU-1"]),
        ('[[rule]]\nid = "ru.230fz.calls.rolling"\nparams = { beyond = "ru.nothing" }\n',
         ["params.beyond", "ru.nothing"]),
        ('[[rule]]\nid = "ru.230fz.refusal"\neffective_from = "yesterday"\n',
         ["effective_from", "a date like 2025-09-01"]),
        ('[[rule]]\nid = "ru.230fz.calls"\nparams = { limits = [{ window = "rolling", max = 2 }] }\n',
         ["params.limits[0]", "exactly one of days or minutes"]),
        ('[[rule]]\nid = "ru.230fz.content.threats"\nparams = { categories = ["rudeness"] }\n',
         ["params.categories[0]", "threats_violence"]),
        ('[[rule]]\nid = "ru.230fz.hours"\nparams = { channels = ["fax"] }\n',
         ["params.channels[0]", "call, sms"]),
        ('[[rule]]\nid = "ru.230fz.hours"\ncolour = "red"\n',
         ["rule 'ru.230fz.hours'", "unknown key 'colour'"]),
    ],
)
def test_validation_errors_name_the_file_rule_key_and_expectation(tmp_path, body, expected):
    path = write(tmp_path, '[pack]\nid = "mine"\nextends = "RU"\n\n' + body)
    with pytest.raises(InvalidInput) as e:
        load_pack_file(path)
    msg = e.value.message
    assert str(path) in msg
    for part in expected:
        assert part in msg, f"{part!r} not in {msg!r}"


def test_file_level_errors(tmp_path):
    with pytest.raises(InvalidInput, match="cannot read"):
        load_pack_file(tmp_path / "missing.toml")
    with pytest.raises(InvalidInput, match="not valid TOML"):
        load_pack_file(write(tmp_path, "[pack\nid = 1"))
    with pytest.raises(InvalidInput, match=r"pack.extends.*built-in jurisdiction.*'XX'"):
        load_pack_file(write(tmp_path, '[pack]\nid = "m"\nextends = "XX"\n'))
    with pytest.raises(InvalidInput, match=r"\[pack\]"):
        load_pack_file(write(tmp_path, '[[rule]]\nid = "x"\n'))
    with pytest.raises(InvalidInput, match="jurisdiction"):
        load_pack_file(write(tmp_path, '[pack]\nid = "m"\n'))
    with pytest.raises(InvalidInput, match="appears twice"):
        rule = ('[[rule]]\nid = "a.b"\nkind = "robot"\ncategory = "robot"\nseverity = "info"\nconfidence = "M"\n'
                'citation = "c"\ntitle = "t"\ndescription = "d"\nparams = { mode = "each" }\n')
        load_pack_file(write(tmp_path, '[pack]\nid = "m"\njurisdiction = "RU"\n' + rule + rule))


def test_unknown_builtin_jurisdiction():
    with pytest.raises(InvalidInput, match="No rule pack for jurisdiction 'ZZ'"):
        load_pack("ZZ")


def test_a_disabled_low_confidence_rule_can_be_switched_on(tmp_path):
    log = Log()
    log.many(["2026-03-03 10:00", "2026-03-03 11:00"], "portal")
    third = log.add("2026-03-03 12:00", "portal")
    profile = Profile("RU", "Europe/Moscow")
    assert flagged(evaluate(log.contacts, [], profile), "ru.467fz.portal_messages") == []
    pack = load_pack_file(write(tmp_path, '[pack]\nid = "m"\nextends = "RU"\n[[rule]]\n'
                                          'id = "ru.467fz.portal_messages"\nenabled = true\n'))
    f = evaluate(log.contacts, [], profile, packs=[pack])
    assert flagged(f, "ru.467fz.portal_messages") == [third]
    log = Log()
    log.many(["2026-03-03 10:00", "2026-03-04 11:00"], "portal")
    assert flagged(evaluate(log.contacts, [], profile, packs=[pack]), "ru.467fz.portal_messages") == []
