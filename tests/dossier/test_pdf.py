"""The PDF renders Latin, Cyrillic and Chinese (text extracted back from the file)."""

from __future__ import annotations

import json

import pytest

from .conftest import export, members, pdf_text


@pytest.mark.parametrize("lang", ["en", "ru", "it", "zh"])
def test_pdf_text_in_every_script(cli, case, tmp_path, lang):
    out = tmp_path / "d.zip"
    export(cli, out, "--lang", lang)
    files = members(out)
    text = " ".join(pdf_text(files["dossier.pdf"]).split())
    head = json.loads(files["manifest.json"])["vault"]["chain_head"]
    assert "Напоминаем о задолженности" in text  # Cyrillic, as recorded
    assert "催收：请立即还款 12378" in text  # Chinese, as recorded (the fallback font)
    assert "ООО ПКО Взыскание" in text and "+79161234567" in text
    assert "SHA-256" in text and head[:16] in text  # Latin runs between Chinese ones are not lost
    assert "ФССП" in text  # the Russian complaint draft, whatever the dossier's language
    assert "debtlog" in text


def test_long_logs_are_shortened_in_the_pdf_only(cli, vault, tmp_path, monkeypatch):
    from debtlog.dossier import pdf as pdfmod

    from ..conftest import write_jsonl

    monkeypatch.setattr(pdfmod, "FULL_TEXT_LIMIT", 3)
    long_text = "Очень длинное сообщение. " * 40 + "КОНЕЦ"
    recs = [{"source_id": f"s{i}", "occurred_at": f"2026-03-0{i + 1}T12:00:00", "channel": "sms",
             "number": "+79161234567", "content": long_text} for i in range(5)]
    assert cli("import", "jsonl", str(write_jsonl(tmp_path / "x.jsonl", recs))).code == 0
    out = tmp_path / "d.zip"
    export(cli, out, "--lang", "en")
    files = members(out)
    text = pdf_text(files["dossier.pdf"])
    assert "КОНЕЦ" not in text and "shortens long texts" in " ".join(text.split())
    assert "КОНЕЦ" in files["dossier.html"].decode("utf-8") and "КОНЕЦ" in files["contacts.csv"].decode("utf-8-sig")


def test_fonts_are_bundled_with_their_licence():
    from importlib import resources

    folder = resources.files("debtlog.dossier") / "fonts"
    names = {p.name for p in folder.iterdir()}
    assert {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansSC-Regular-GB2312.otf", "OFL.txt"} <= names
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text(encoding="utf-8")
    total = sum((folder / n).stat().st_size for n in names if n.endswith((".ttf", ".otf")))
    assert total < 5_000_000


def test_a_huge_message_does_not_stall_the_pdf(cli, vault, tmp_path):
    import time

    from ..conftest import write_jsonl

    huge = "Ж" * 300_000 + "ХВОСТ"
    recs = [{"source_id": "big", "occurred_at": "2026-03-01T12:00:00", "channel": "sms", "content": huge}]
    assert cli("import", "jsonl", str(write_jsonl(tmp_path / "x.jsonl", recs))).code == 0
    t = time.perf_counter()
    out = tmp_path / "d.zip"
    export(cli, out)
    assert time.perf_counter() - t < 20
    files = members(out)
    assert "ХВОСТ" in files["dossier.html"].decode("utf-8") and "ХВОСТ" not in pdf_text(files["dossier.pdf"])
