"""The rule engine's explanations ("why" a contact was flagged) and rule summaries go through
the catalog (issue #8), while English stays as it was and ``check --json`` stays English."""

from __future__ import annotations

import json
import re
import string
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from debtlog import i18n
from debtlog.demo import DEMO_PROFILE, demo_records
from debtlog.models import Contact, Milestone, Profile, ThirdParty
from debtlog.rules import available_jurisdictions, evaluate, load_pack
from debtlog.rules import text as T
from debtlog.rules.describe import summary

from ..conftest import write_jsonl

TODAY = date(2026, 6, 1)
TZ = {"RU": "Europe/Moscow", "US": "America/New_York", "CN": "Asia/Shanghai", "IT": "Europe/Rome",
      "GB": "Europe/London", "IN": "Asia/Kolkata"}


# --- the cases --------------------------------------------------------------------------------------


def _demo_case():
    """The demo case (debtlog demo) as the engine sees it."""
    from debtlog.importers.jsonl import read_jsonl

    profile = Profile(**DEMO_PROFILE)
    lines = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in demo_records()]
    contacts, milestones = [], []
    for line, record in read_jsonl(iter(lines), timezone=profile.timezone, region=profile.jurisdiction):
        assert isinstance(record, (Contact, Milestone)), record
        record = replace(record, id=line)
        (milestones if isinstance(record, Milestone) else contacts).append(record)
    return contacts, milestones, profile


def _busy_case(code: str):
    """A month of everything a rule can flag, in one jurisdiction: night calls, too many calls,
    a weekend, robots, hidden numbers, third parties, a refusal (void and valid), threats."""
    tz = ZoneInfo(TZ[code])
    contacts: list[Contact] = []

    def add(when: datetime, channel: str = "call", **kw):
        kw.setdefault("outcome", "answered" if channel == "call" else None)
        kw.setdefault("creditor", "Bank")
        kw.setdefault("agency", "Agency")
        contacts.append(Contact(occurred_at=when, channel=channel, id=len(contacts) + 1, **kw))

    start = datetime(2026, 3, 2, 8, 0, tzinfo=tz)  # a Monday
    for day in range(28):
        base = start + timedelta(days=day)
        for k in range(1 + day % 4):
            add(base + timedelta(hours=k, minutes=7 * k), "call", outcome=("answered", "missed", "rejected")[k % 3])
        if day % 3 == 0:
            add(base + timedelta(hours=14), "sms", content="Pay the debt now")
        if day % 5 == 0:
            add(base.replace(hour=23, minute=30), "call", number_hidden=True, identified=False)
        if day % 6 == 0:
            add(base.replace(hour=6, minute=10), "call", robot=True, outcome="answered")
        if day % 7 == 1:
            add(base + timedelta(hours=3), "call", target="third_party",
                third_party=ThirdParty(name="Ivan", relation="employer"), content="tell him about his debt")
            add(base + timedelta(hours=4), "call", target="third_party",
                third_party=ThirdParty(relation="friend", number="+15550100"), content="debito долг 债务")
        if day % 9 == 2:
            add(base + timedelta(hours=5), "visit", content="we will break your legs, you will go to prison",
                debt="D1")
        if day % 4 == 3:
            for m in range(0, 50, 10):
                add(base + timedelta(hours=9, minutes=m), "call", outcome="missed")
    milestones = [
        Milestone(kind="overdue-start", at=date(2026, 2, 1), id=1, creditor="Bank"),
        Milestone(kind="refusal", at=date(2026, 3, 10), id=2, creditor="Bank"),
        Milestone(kind="cease", at=date(2026, 3, 12), id=3),
        Milestone(kind="representative", at=datetime(2026, 3, 20, 12, 0, tzinfo=tz), id=4, agency="Agency"),
        Milestone(kind="dispute", at=date(2026, 3, 15), id=5, debt="D1"),
        Milestone(kind="bankruptcy", at=date(2026, 3, 25), id=6),
    ]
    return contacts, milestones, Profile(jurisdiction=code, timezone=TZ[code])


def _cases():
    yield "demo", _demo_case(), [load_pack("RU")]
    for code in available_jurisdictions():
        contacts, milestones, profile = _busy_case(code)
        # Every pack against the same log, so every kind of rule gets something to say.
        yield code, (contacts, milestones, profile), [load_pack(code)]
        for other in available_jurisdictions():
            if other != code:
                yield f"{code}-as-{other}", (contacts, milestones, Profile(jurisdiction=other,
                                                                         timezone=TZ[code])), [load_pack(other)]


CASES = list(_cases())


# --- a fake catalog -------------------------------------------------------------------------------------


def _shout(message: str) -> str:
    """The message uppercased outside its {placeholders}, in «...»: what a translation looks like."""
    out = []
    for literal, field, spec, conv in string.Formatter().parse(message):
        out.append(literal.upper().replace("{", "{{").replace("}", "}}"))
        if field is not None:
            out.append("{" + field + ("!" + conv if conv else "") + (":" + spec if spec else "") + "}")
    return "«" + "".join(out) + "»"


def _shout_plural(singular: str, plural: str, n: int) -> str:
    return _shout(singular if n == 1 else plural)


FAKE = T.Wording(_shout, _shout_plural, "ru")  # Russian dates: no English words from the calendar
_BRACKETED = re.compile(r"«[^«»]*»")
_WORD = re.compile(r"[A-Za-z]+")


def _english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """Latin words not in capitals (a fake translation uppercases the catalog's), minus data."""
    return [w for w in _WORD.findall(text) if w != w.upper() and w.lower() not in allowed]


def _outside(text: str) -> str:
    """What is left of a text once every «...» (nested too) is taken out."""
    while True:
        stripped = _BRACKETED.sub("", text)
        if stripped == text:
            return text
        text = stripped


def _data_words(contacts, milestones, profile) -> set[str]:
    """Words that come from the records themselves (names, notes), not from debtlog's sentences."""
    words: set[str] = set()
    for c in contacts:
        for v in (c.agency, c.creditor, c.debt, c.content, c.number,
                  c.third_party.name if c.third_party else None):
            words.update(re.findall(r"[a-z]+", (v or "").lower()))
    for m in milestones:
        for v in (m.creditor, m.agency, m.debt):
            words.update(re.findall(r"[a-z]+", (v or "").lower()))
    words.update(re.findall(r"[a-z]+", profile.timezone.lower()))
    return words | HOLIDAY_WORDS


def _holiday_words() -> set[str]:
    """Public holidays' names come from the `holidays` package, as it names them (data, like a
    contact's notes): "allowed on that day (a public holiday or day off: {holiday})"."""
    import holidays

    words: set[str] = set()
    for code in TZ:
        for name in holidays.country_holidays(code, years=(2025, 2026)).values():
            words.update(re.findall(r"[a-z]+", name.lower()))
    return words


HOLIDAY_WORDS = _holiday_words()


# --- (a) English is unchanged ----------------------------------------------------------------------------


@pytest.mark.parametrize("name,case,packs", CASES[:7], ids=[c[0] for c in CASES[:7]])
def test_english_wording_is_todays_text(name, case, packs):
    """With the English catalog, the command's language gives exactly the JSON's (English) text."""
    contacts, milestones, profile = case
    english = evaluate(contacts, milestones, profile, packs, today=TODAY)
    i18n.set_language("en")
    worded = evaluate(contacts, milestones, profile, packs, today=TODAY, localized=True)
    assert english, name
    assert [f.explanation for f in worded] == [f.explanation for f in english]


def test_demo_explanations_keep_their_english_wording():
    contacts, milestones, profile = _demo_case()
    texts = [f.explanation for f in evaluate(contacts, milestones, profile, today=TODAY)]
    assert any(re.fullmatch(r"(Call|SMS|Robot call|Visit) at \d\d:\d\d on \w+day \d+ March 2026; allowed on that "
                            r"day \([^)]*\): .*\. Times are Europe/Moscow time\.", t) for t in texts), texts
    assert any(" after your refusal of interaction received on " in t for t in texts), texts


def test_rule_summaries_keep_their_english_wording():
    """docs/rules.md is generated in English (tests/rules/test_docs.py compares it)."""
    i18n.set_language("en")
    for code in available_jurisdictions():
        pack = load_pack(code)
        for rule in pack.rules:
            assert summary(rule, pack, T.localized()) == summary(rule, pack), rule.id


# --- (b) every sentence goes through the catalog ----------------------------------------------------------


@pytest.mark.parametrize("name,case,packs", CASES, ids=[c[0] for c in CASES])
def test_every_explanation_goes_through_the_catalog(name, case, packs):
    contacts, milestones, profile = case
    english = evaluate(contacts, milestones, profile, packs, today=TODAY)
    from debtlog.rules.engine import run

    shouted = run(contacts, milestones, profile, packs, today=TODAY, wording=FAKE)
    assert [(f.rule, f.entries) for f in shouted] == [(f.rule, f.entries) for f in english]
    allowed = _data_words(contacts, milestones, profile)
    for f in shouted:
        left = _outside(f.explanation)
        assert not re.search(r"[A-Za-z]", left), f"{f.rule}: text outside the catalog: {left!r} in {f.explanation!r}"
        english_words = _english_words(f.explanation, allowed)
        assert not english_words, f"{f.rule}: untranslated words {english_words} in {f.explanation!r}"


def test_the_demo_case_covers_the_kinds_of_rule():
    kinds = set()
    for _name, (contacts, milestones, profile), packs in CASES:
        got = {f.rule for f in evaluate(contacts, milestones, profile, packs, today=TODAY)}
        kinds |= {r.kind for p in packs for r in p.rules if r.id in got}
    from debtlog.rules import KINDS

    assert kinds == set(KINDS), set(KINDS) - kinds


def test_the_command_language_is_used(monkeypatch):
    """evaluate(localized=True) asks debtlog.i18n: a translated catalog reaches the findings."""
    monkeypatch.setattr(i18n, "_", _shout)
    monkeypatch.setattr(i18n, "ngettext", _shout_plural)
    contacts, milestones, profile = _demo_case()
    worded = evaluate(contacts, milestones, profile, today=TODAY, localized=True)
    english = evaluate(contacts, milestones, profile, today=TODAY)
    assert worded and all(f.explanation.startswith("«") for f in worded)
    assert not any(f.explanation.startswith("«") for f in english)


def test_rule_summaries_go_through_the_catalog():
    for code in available_jurisdictions():
        pack = load_pack(code)
        for rule in pack.rules:
            text = summary(rule, pack, FAKE)
            left = _outside(text)
            assert not re.search(r"[A-Za-z]{2,}", left), f"{rule.id}: {left!r}"
            # What the pack names by its identifiers stays as written: categories of the content
            # lexicons, a milestone's kind (what the user types), another rule's id, language codes.
            p = rule.params
            ids = " ".join([*p.get("categories", []), p.get("milestone", ""), p.get("beyond", ""),
                            *(p.get("words") or pack.debt_words or {})])
            words = _english_words(text, set(re.findall(r"[a-z]+", ids)))
            assert not words, f"{rule.id}: untranslated words {words} in {text!r}"


# --- (c) check --json is the same in every language ------------------------------------------------------


class _FakeCatalog:
    def gettext(self, message):
        return _shout(message)

    def ngettext(self, singular, plural, n):
        return _shout_plural(singular, plural, n)


@pytest.fixture
def demo_vault(cli, vault_path, tmp_path):
    r = cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow")
    assert r.code == 0, r.err
    src = write_jsonl(tmp_path / "demo.jsonl", demo_records())
    r = cli("import", "jsonl", str(src))
    assert r.code == 0, r.err


@pytest.mark.parametrize("fake", [False, True], ids=["catalogs", "fake-ru-catalog"])
def test_check_json_is_identical_in_russian_and_english(cli, demo_vault, monkeypatch, fake):
    if fake:  # as if the Russian catalog translated every message
        real = i18n.catalog
        monkeypatch.setattr(i18n, "catalog", lambda code: _FakeCatalog() if code == "ru" else real(code))
    monkeypatch.setenv("DEBTLOG_LANG", "en")
    i18n.reset()
    english = cli("check", "--json")
    assert english.code == 0, english.err
    monkeypatch.setenv("DEBTLOG_LANG", "ru")
    i18n.reset()
    russian = cli("check", "--json")
    assert russian.code == 0, russian.err
    assert russian.out == english.out
    assert english.json()["findings"]
    if fake:
        human = cli("check", "--no-charts")
        assert human.code == 0, human.err
        first = english.json()["findings"][0]["explanation"]
        assert first not in human.out  # the person reads the (fake) translation...
        assert "«" in human.out and "TIMES ARE" in human.out
