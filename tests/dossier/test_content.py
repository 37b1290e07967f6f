"""What the dossier says: escaping, the log with revisions, languages, the complaint draft, the period."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import FORMULA, MOTHER, SCRIPT, export, members, pdf_text


@pytest.fixture
def files(cli, case, tmp_path):
    out = tmp_path / "d.zip"
    export(cli, out)
    return members(out)


def test_what_a_collector_wrote_is_escaped(files):
    html = files["dossier.html"].decode("utf-8")
    assert SCRIPT not in html and "<script" not in html.lower()
    assert "&lt;script&gt;alert(" in html
    assert "script-src 'none'" in html  # and the page forbids scripts anyway


def test_csv_cells_are_formula_escaped(files):
    rows = list(csv.DictReader(io.StringIO(files["contacts.csv"].decode("utf-8-sig"))))
    contents = [r["content"] for r in rows]
    assert "'" + FORMULA in contents
    assert FORMULA not in contents
    assert any(r["number"] == "+79161234567" for r in rows)  # numbers stay usable


def test_the_log_shows_both_times_revisions_and_retractions(files, case):
    html = files["dossier.html"].decode("utf-8")
    assert "2026-03-03 22:30" in html  # when it happened, debtor's time
    assert "Записано" in html  # when it was logged
    assert "the call lasted 80 s" in html  # the correction's reason
    assert "duplicate of another SMS" in html and "ОТОЗВАНО" in html  # the retraction, kept and disclosed
    assert 'id="e%d"' % case["d"] in html
    exported = {e["source_id"]: e for e in json.loads(files["contacts.json"])}
    assert exported["d"]["voided"] is True and exported["a"]["revision"] == 2


def test_sections_and_charts_are_there(files):
    html = files["dossier.html"].decode("utf-8")
    for anchor in ("summary", "findings", "charts", "milestones", "log", "complaint", "integrity"):
        assert f'id="{anchor}"' in html
    assert html.count("<svg") >= 3
    assert "ru.230fz.hours" in html  # the finding for the 22:30 call, with its rule id
    assert "230-ФЗ" in html  # and its citation, as a Russian lawyer writes it (the dossier is in Russian)
    assert "ООО ПКО Взыскание" in html and "+79161234568" in html  # numbers by collector


def test_the_complaint_draft_is_marked_and_asks_for_the_fssp_evidence(files):
    text = files["complaint-draft.txt"].decode("utf-8")
    assert text.startswith("ПРОЕКТ")
    assert "ФССП" in text and "14.57 КоАП" in text
    assert "+79161234567" in text  # the numbers the FSSP asks for since 2025
    assert "Детализация звонков и СМС" in text and "кредитный" in text.lower()
    assert "согласие" in text.lower()
    assert "[ ]" in text and "[x]" in text  # what the dossier has, and what the borrower must add


@pytest.mark.parametrize("jurisdiction, tz, needle", [
    ("US", "America/Chicago", "Consumer Financial Protection Bureau"),
    ("CN", "Asia/Shanghai", "12378"),
    ("IT", "Europe/Rome", "Garante"),
    ("GB", "Europe/London", "Financial Ombudsman"),
])
def test_complaint_drafts_per_jurisdiction(cli, tmp_path, monkeypatch, jurisdiction, tz, needle):
    from ..conftest import write_jsonl

    monkeypatch.setenv("DEBTLOG_VAULT", str(tmp_path / f"{jurisdiction}.debtlog"))
    assert cli("init", "--jurisdiction", jurisdiction, "--timezone", tz).code == 0
    src = write_jsonl(tmp_path / "x.jsonl", [
        {"source_id": "late", "occurred_at": "2026-03-03T23:30:00", "channel": "call", "outcome": "answered",
         "number": "+12025550123", "agency": "Acme Collections", "content": "pay now"}])
    assert cli("import", "jsonl", str(src)).code == 0
    out = tmp_path / "d.zip"
    export(cli, out, "--lang", "en")
    files = members(out)
    text = files["complaint-draft.txt"].decode("utf-8")
    assert needle in text and text.startswith("DRAFT")
    assert cli("verify", str(out)).code == 0


@pytest.mark.parametrize("lang, title", [("en", "Evidence dossier"), ("ru", "Досье доказательств"),
                                         ("it", "Fascicolo delle prove"), ("zh", "证据档案")])
def test_languages(cli, case, tmp_path, lang, title):
    out = tmp_path / f"d-{lang}.zip"
    export(cli, out, "--lang", lang)
    files = members(out)
    html = files["dossier.html"].decode("utf-8")
    assert f'<html lang="{lang}">' in html and title in html
    assert "Напоминаем о задолженности" in html  # records stay as recorded
    text = pdf_text(files["dossier.pdf"])
    assert title in text


def test_since_until_limit_the_period(cli, case, tmp_path):
    out = tmp_path / "d.zip"
    export(cli, out, "--since", "2026-03-04", "--until", "2026-03-05")
    files = members(out)
    exported = {e["source_id"] for e in json.loads(files["contacts.json"])}
    assert exported == {"b", "c"}
    manifest = json.loads(files["manifest.json"])
    assert manifest["options"]["since"].startswith("2026-03-04") and manifest["period"] == ["2026-03-04", "2026-03-05"]
    r = cli("export", "dossier", "--out", str(tmp_path / "x.zip"), "--since", "2026-03-06", "--until", "2026-03-01")
    assert r.code == 2


def test_safe_names():
    from debtlog.dossier.bundle import safe_member, safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\evil<>.mp3") == "evil_.mp3"
    assert safe_name("запись звонка.m4a") == "m4a" or safe_name("запись звонка.m4a").endswith(".m4a")
    assert safe_name("") == "file" and safe_name("....") == "file"
    assert len(safe_name("a" * 300 + ".amr")) <= 60 and safe_name("a" * 300 + ".amr").endswith(".amr")
    assert safe_member("recordings/00001-abc-x.mp3")
    for bad in ("../x", "/etc/x", "a/../b", "a\\b", "a//b", "rec/зап.mp3", ""):
        assert not safe_member(bad)


def test_redaction_masks_third_parties_everywhere(cli, case, tmp_path):
    out = tmp_path / "r.zip"
    r = export(cli, out, "--redact-third-parties", "--json")
    assert r.json()["redacted"] is True
    files = members(out)
    manifest = json.loads(files["manifest.json"])
    assert manifest["options"]["redact_third_parties"] is True
    assert manifest["redaction"]["third_parties_masked"] is True
    secrets = [MOTHER, "Петрова", "+79000000404", "79000000404", "9000000404"]
    for name, data in files.items():
        text = pdf_text(data) if name.endswith(".pdf") else data.decode("utf-8", "replace")
        for s in secrets:
            assert s not in text, f"{s} is in {name}"
    html = files["dossier.html"].decode("utf-8")
    assert "[третье лицо 1]" in html and "[номер третьего лица 1]" in html
    assert cli("verify", str(out)).code == 0
    # the unredacted export does have them
    out2 = tmp_path / "plain.zip"
    export(cli, out2)
    assert MOTHER in members(out2)["dossier.html"].decode("utf-8")
