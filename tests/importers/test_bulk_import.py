"""A phone-log import as a user runs it, through the bulk write path: big enough for the
indexes to be dropped and built again, checked against what ``list`` and ``verify`` show;
and a re-import that finds nothing new leaves the vault file untouched."""

from __future__ import annotations

from .fixtures import ms, sbr_calls
from .test_sbr import CALLS

START = ms("2026-03-01T09:00:00+03:00")


def many_calls(n: int, offset: int = 0) -> list[dict]:
    return [{"number": f"+7916{i % 97:07d}" if i % 10 else f"8 916 {i % 97:07d}", "date": START + (offset + i) * 61_000,
             "type": 1 + i % 6, "duration": i % 300} for i in range(n)]


def test_a_big_import_reads_back_and_verifies(phone_cli, vault, tmp_path):
    src = tmp_path / "calls.xml"
    src.write_text(sbr_calls(CALLS + many_calls(5000)), encoding="utf-8")
    r = phone_cli("import", "sms-backup", str(src), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 5009
    v = phone_cli("verify", "--json")
    assert v.code == 0 and v.json()["ok"] and v.json()["entries"] == 5009
    # the indexes built again after the import serve the queries that need them
    one = phone_cli("list", "--json", "--number", "+79160000005")
    assert one.code == 0, one.err
    assert len(one.json()) == len([i for i in range(5000) if i % 97 == 5])
    assert all(e["number"] == "+79160000005" for e in one.json())
    day = phone_cli("list", "--json", "--since", "2026-03-02", "--until", "2026-03-02")  # one whole day
    assert {e["occurred_at"][:10] for e in day.json()} == {"2026-03-02"}
    # a newer export overlapping this one adds only the new calls
    src.write_text(sbr_calls(many_calls(6000)), encoding="utf-8")
    r = phone_cli("import", "sms-backup", str(src), "--all", "--json")
    assert (r.json()["imported"], r.json()["duplicates"]) == (1000, 5000)
    assert phone_cli("verify").code == 0


def test_a_reimport_with_nothing_new_leaves_the_vault_file_as_it_was(phone_cli, vault, tmp_path, vault_path):
    src = tmp_path / "calls.xml"
    src.write_text(sbr_calls(CALLS), encoding="utf-8")
    assert phone_cli("import", "sms-backup", str(src), "--all").code == 0
    before = vault_path.read_bytes()
    r = phone_cli("import", "sms-backup", str(src), "--all", "--json")
    assert r.code == 0, r.err
    assert r.json() == {"read": 9, "imported": 0, "duplicates": 9, "skipped": 0, "errors": []}
    assert vault_path.read_bytes() == before  # not even re-encrypted
    # learning a collector is a change, even when no record is new
    r = phone_cli("import", "sms-backup", str(src), "--number", "+79161234567", "--agency", "ПКО Пример", "--json")
    assert r.code == 0 and r.json()["imported"] == 0
    assert vault_path.read_bytes() != before
    assert phone_cli("collectors", "list", "--json").json()[0]["numbers"] == ["+79161234567"]
