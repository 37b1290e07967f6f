"""check and rules through the command line (the engine itself is tested in tests/rules/)."""

from __future__ import annotations

from .conftest import write_jsonl

CATEGORIES = {"hours", "frequency", "third_party", "disclosure", "hidden_number", "identification",
              "abusive_content", "after_stop", "workplace", "robot", "other"}
SEVERITIES = {"violation", "presumption", "likely_violation", "code_of_conduct", "info"}


def _night_call(cli, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"source_id": "a", "occurred_at": "2026-03-03T22:30:00", "channel": "call", "outcome": "answered",
         "number": "+79161234567", "agency": "Agency", "creditor": "Bank", "content": "Напоминаем о задолженности."},
        {"source_id": "b", "occurred_at": "2026-03-04T12:00:00", "channel": "call", "outcome": "answered",
         "number": "+79161234567", "agency": "Agency", "creditor": "Bank"},
    ])
    assert cli("import", "jsonl", str(src)).code == 0


def test_check_json_follows_the_contract(cli, vault, tmp_path):
    _night_call(cli, tmp_path)
    r = cli("check", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["jurisdiction"] == "RU" and doc["timezone"] == "Europe/Moscow"
    assert "not legal advice" in doc["disclaimer"].lower()
    hours = [f for f in doc["findings"] if f["rule"] == "ru.230fz.hours"]
    assert len(hours) == 1
    f = hours[0]
    assert f["entries"] == [1] and f["category"] == "hours" and f["severity"] == "violation"
    assert "22:30" in f["explanation"] and f["citation"].startswith("230-FZ art. 7")
    for fd in doc["findings"]:
        assert fd["category"] in CATEGORIES and fd["severity"] in SEVERITIES
        assert fd["confidence"] in ("H", "M", "L")


def test_check_terminal_output(cli, vault, tmp_path):
    _night_call(cli, tmp_path)
    r = cli("check")
    assert r.code == 0, r.err
    assert "Contact outside the allowed hours" in r.out
    assert "230-FZ art. 7 part 3 item 1" in r.out
    assert "#1" in r.out
    assert "by weekday and hour" in r.out and "1!" in r.out
    assert "not legal advice" in r.out.lower()
    assert r.out.lower().count("legal advice") == 1


def test_check_against_another_jurisdiction(cli, vault, tmp_path):
    _night_call(cli, tmp_path)
    doc = cli("check", "--jurisdiction", "US", "--json").json()
    assert doc["jurisdiction"] == "US"
    assert any(f["rule"].startswith("us.") and f["category"] == "hours" for f in doc["findings"])
    assert not any(f["rule"].startswith("ru.") for f in doc["findings"])
    r = cli("check", "--jurisdiction", "ZZ")
    assert r.code == 2 and "ZZ" in r.err


def test_check_with_no_contacts(cli, vault):
    r = cli("check")
    assert r.code == 0
    assert "No likely violations" in r.out


def test_check_with_a_bad_user_pack(cli, vault, tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('[pack]\nid = "mine"\nextends = "RU"\n[[rule]]\nid = "x"\nkind = "teleport"\n', encoding="utf-8")
    r = cli("check", "--pack", str(bad))
    assert r.code == 2
    assert "mine.toml" in r.err
    r = cli("check", "--pack", str(tmp_path / "none.toml"))
    assert r.code == 2


def test_check_since_until(cli, vault, tmp_path):
    _night_call(cli, tmp_path)
    doc = cli("check", "--since", "2026-03-04", "--json").json()
    assert not any(f["rule"] == "ru.230fz.hours" for f in doc["findings"])


def test_rules_list_and_show(cli):
    r = cli("rules", "list", "--json")
    assert r.code == 0
    ids = {row["id"] for row in r.json()}
    assert {"ru.230fz.hours", "ru.230fz.calls"} <= ids
    assert any(i.startswith("us.regf") for i in ids) and any(i.startswith("cn.") for i in ids)
    r = cli("rules", "list", "-j", "RU")
    assert r.code == 0 and "ru.230fz.hours" in r.out
    r = cli("rules", "show", "ru.230fz.hours")
    assert r.code == 0 and "230-FZ" in r.out and "22:00" in r.out
    doc = cli("rules", "show", "ru.230fz.hours", "--json").json()
    assert doc["confidence"] == "H" and doc["sources"]
    r = cli("rules", "show", "no.such.rule")
    assert r.code == 2 and "rules list" in r.err


def test_demo_shows_findings(cli, tmp_path):
    r = cli("demo", "--dir", str(tmp_path / "d"), "--json")
    rules = {f["rule"] for f in r.json()["findings"]}
    assert {"ru.230fz.hours", "ru.230fz.calls", "ru.230fz.third_party", "ru.230fz.refusal"} <= rules
    r = cli("demo", "--dir", str(tmp_path / "d2"))
    assert "Contact outside the allowed hours" in r.out


def test_check_wraps_each_finding_under_its_indent(cli, vault, tmp_path, monkeypatch):
    """On a narrow terminal a long explanation or entry line used to continue at column 0,
    where it read as the start of something else."""
    _night_call(cli, tmp_path)
    monkeypatch.setenv("COLUMNS", "50")
    r = cli("check", "--no-charts")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    start = next(i for i, line in enumerate(lines) if "Contact outside the allowed hours" in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("●") or not lines[i].strip())
    block = lines[start:end]
    assert len(block) > 4  # the explanation and the entry line wrapped at 50 columns
    assert all(line.startswith("  ") for line in block[1:]), block
    assert all(len(line) <= 50 and line == line.rstrip() for line in block), block
    entry = next(i for i, line in enumerate(block) if line.startswith("    #1 "))
    assert block[entry + 1].startswith("    ")  # the entry line continues under itself


def test_check_chart_legend_names_the_country(cli, vault, tmp_path, monkeypatch):
    """The legend said "Daily caps in ru" (the pack's file id)."""
    _night_call(cli, tmp_path)
    r = cli("check")
    assert r.code == 0, r.err
    assert "Daily caps (Russia): " in r.out
    monkeypatch.setenv("DEBTLOG_LANG", "ru")
    assert "Суточные лимиты (Россия): " in cli("check").out
