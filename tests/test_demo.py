"""debtlog demo: the README's main job."""

from __future__ import annotations


def test_demo_builds_a_verified_case(cli, tmp_path):
    r = cli("demo", "--dir", str(tmp_path / "d"), "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["verified"] is True
    assert doc["imported"] >= 20
    contents = " ".join(e.get("content") or "" for e in doc["entries"])
    assert "уголовное дело" in contents  # written in Russian, like the borrower's case
    assert any(e["type"] == "milestone" and e["kind"] == "refusal" for e in doc["entries"])
    assert (tmp_path / "d" / "demo.debtlog").exists()


def test_demo_table_and_instructions(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("DEBTLOG_PASSPHRASE")  # the demo needs none: its passphrase is printed
    r = cli("demo", "--dir", str(tmp_path / "d2"))
    assert r.code == 0, r.err
    assert "ПКО" in r.out and "DEBTLOG_VAULT=" in r.out
    r = cli("demo", "--dir", str(tmp_path / "d2"))
    assert r.code == 2 and "already exists" in r.err


def test_demo_does_not_touch_the_users_vault(cli, vault_path, tmp_path):
    assert cli("demo", "--dir", str(tmp_path / "d3")).code == 0
    assert not vault_path.exists()
