"""Fixtures for the dossier tests: a small case with the awkward parts (third parties, markup, formulas)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ..conftest import write_jsonl

MOTHER = "Петрова Галина"
MOTHER_NUMBER = "+79000000404"
SCRIPT = "<script>alert('x')</script>"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"

RECORDS = [
    {"type": "milestone", "source_id": "m1", "kind": "overdue-start", "at": "2025-11-01", "creditor": "МФО Заём"},
    {"source_id": "a", "occurred_at": "2026-03-03T22:30:00", "channel": "call", "direction": "incoming",
     "outcome": "answered", "number": "+79161234567", "agency": "ООО ПКО Взыскание", "creditor": "МФО Заём",
     "duration_s": 75, "content": "Напоминаем о задолженности. Звонок в 22:30."},
    {"source_id": "b", "occurred_at": "2026-03-04T10:00:00", "channel": "sms", "direction": "incoming",
     "number": "+79161234567", "agency": "ООО ПКО Взыскание", "content": SCRIPT + " Оплатите долг"},
    {"source_id": "c", "occurred_at": "2026-03-05T11:00:00", "channel": "call", "direction": "incoming",
     "outcome": "answered", "number": "+79161234567", "agency": "ООО ПКО Взыскание", "target": "third_party",
     "third_party": {"name": MOTHER, "relation": "relative", "number": MOTHER_NUMBER},
     "content": f"Позвонили маме ({MOTHER}, {MOTHER_NUMBER}) и рассказали о долге."},
    {"source_id": "d", "occurred_at": "2026-03-06T12:00:00", "channel": "sms", "direction": "incoming",
     "number": "+79161234568", "agency": "ООО ПКО Взыскание", "content": FORMULA},
    {"source_id": "e", "occurred_at": "2026-03-07T12:00:00", "channel": "messenger", "direction": "incoming",
     "number": "+79161234568", "agency": "ООО ПКО Взыскание", "content": "催收：请立即还款 12378"},
]


@pytest.fixture(autouse=True)
def export_registered():
    """Until the lead registers `export` in app.py, register it here (a no-op afterwards)."""
    from debtlog.cli.app import app
    from debtlog.cli.export_cmd import export_app

    added = None
    if not any(g.name == "export" for g in app.registered_groups):
        app.add_typer(export_app, name="export")
        added = app.registered_groups[-1]
    yield
    if added is not None:  # leave the app as it was: the command reference tests read it
        app.registered_groups.remove(added)


@pytest.fixture
def case(cli, vault, tmp_path):
    """The RU vault with RECORDS, one debt, one correction and one retraction."""
    src = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    r = cli("import", "jsonl", str(src), "--json")
    assert r.code == 0, r.err
    r = cli("debts", "add", "--creditor", "МФО Заём", "--reference", "000-123", "--amount", "18400", "--currency", "RUB")
    assert r.code == 0, r.err
    ids = {e["source_id"]: e["id"] for e in cli("list", "--json").json()}
    assert cli("edit", str(ids["a"]), "--duration", "80", "--reason", "the call lasted 80 s").code == 0
    assert cli("void", str(ids["d"]), "--reason", "duplicate of another SMS").code == 0
    return ids


def export(cli, out: Path, *args: str):
    r = cli("export", "dossier", "--out", str(out), *args)
    assert r.code == 0, r.err
    return r


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rewrite(src: Path, dst: Path, change) -> None:
    """Copy a ZIP, letting ``change(name, data)`` return new bytes, or None to drop the member."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for n in zin.namelist():
            data = change(n, zin.read(n))
            if data is not None:
                zout.writestr(n, data)


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    # pypdf reads a NUL before each glyph of the CFF (Chinese) font; poppler's pdftotext does not.
    return text.replace("\x00", "")
