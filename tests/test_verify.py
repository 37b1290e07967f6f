"""verify: someone with the passphrase alters the decrypted database; the chain tells."""

from __future__ import annotations

import sqlite3

import pytest

from debtlog.vault.store import VaultFile

from .conftest import PASS


def _seed(cli):
    for i, (at, content) in enumerate([("2026-03-03T22:30", "ночной звонок"), ("2026-03-04T10:00", "SMS"),
                                       ("2026-03-05T11:00", "угрозы")], 1):
        r = cli("add", "--at", at, "--channel", "call", "--number", "+79161234567", "--agency", "A",
                "--content", content)
        assert r.code == 0, r.err
    assert cli("edit", "2", "--content", "SMS: оплатите", "--reason", "full text").code == 0


def tamper(vault_path, *statements):
    """Decrypt, run SQL on the database, and save it back under the same key."""
    opened = VaultFile(vault_path).unlock(PASS, write=True)
    try:
        conn = sqlite3.connect(":memory:")
        conn.deserialize(opened.db_bytes)
        for sql in statements:
            conn.execute(sql)
        conn.commit()
        opened.save(conn.serialize())
    finally:
        opened.close()


def test_untouched_vault_verifies(cli, vault):
    _seed(cli)
    r = cli("verify", "--json")
    assert r.code == 0
    doc = r.json()
    assert doc["ok"] is True and doc["entries"] == 3 and doc["problems"] == []
    assert doc["links"] >= 6  # genesis, 3 contacts, a collector, a revision
    assert "verifies" in cli("verify").err


@pytest.mark.parametrize(
    "sql, fragment",
    [
        # Change what a collector said, in the chain itself.
        ("UPDATE chain SET payload = replace(payload, 'ночной звонок', 'дневной звонок') WHERE kind='contact'",
         "does not match its hash"),
        # Move the time of a call from 22:30 to 21:30 in the chain.
        ("UPDATE chain SET payload = replace(payload, '22:30:00', '21:30:00')", "does not match its hash"),
        # Delete a link: the chain no longer connects.
        ("DELETE FROM chain WHERE seq = 3", "missing"),
        # Change only the index table (what list filters on).
        ("UPDATE entries SET occurred_utc = occurred_utc - 3600 WHERE id = 1", "entry 1"),
        ("UPDATE entries SET voided = 1 WHERE id = 3", "entry 3"),
        ("DELETE FROM entries WHERE id = 2", "entry 2"),
        # Point entry 2 back at its first revision (hiding the correction).
        ("UPDATE entries SET link = first_link, revision = 1 WHERE id = 2", "entry 2"),
        ("UPDATE collectors SET link = 1", "collectors"),
    ],
)
def test_tampering_is_detected(cli, vault, vault_path, sql, fragment):
    _seed(cli)
    tamper(vault_path, sql)
    r = cli("verify", "--json")
    assert r.code == 1, r.err
    doc = r.json()
    assert doc["ok"] is False
    assert fragment in doc["problems"][0]["message"]
    assert "does not verify" in r.err


def test_rehashed_forgery_still_breaks_the_next_link(cli, vault, vault_path):
    """Recomputing one link's hash is not enough: the next link points to the old one."""
    _seed(cli)
    import json

    from debtlog.vault.log import link_hash

    opened = VaultFile(vault_path).unlock(PASS, write=True)
    try:
        conn = sqlite3.connect(":memory:")
        conn.deserialize(opened.db_bytes)
        seq, kind, action, ref, at, payload, prev = conn.execute(
            "SELECT seq, kind, action, ref, recorded_at, payload, prev FROM chain WHERE kind='contact' ORDER BY seq LIMIT 1"
        ).fetchone()
        p = json.loads(payload)
        p["content"] = "вежливый звонок"
        new_payload = json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        conn.execute("UPDATE chain SET payload = ?, hash = ? WHERE seq = ?",
                     (new_payload, link_hash(prev, seq, kind, action, ref, at, new_payload), seq))
        conn.commit()
        opened.save(conn.serialize())
    finally:
        opened.close()
    r = cli("verify", "--json")
    assert r.code == 1
    assert "does not point to the link before it" in r.json()["problems"][0]["message"]


def test_verify_a_vault_file_by_path(cli, vault, vault_path, tmp_path):
    assert cli("verify", str(vault_path)).code == 0
    other = tmp_path / "x.txt"
    other.write_text("not a vault")
    r = cli("verify", str(other))
    assert r.code == 2 and "not a debtlog vault" in r.err


@pytest.mark.parametrize("name", ["dossier.zip", "case.debtlog"])
def test_verify_a_path_that_does_not_exist(cli, vault, tmp_path, name):
    """A mistyped dossier path used to be answered with "There is no vault ... debtlog init"."""
    r = cli("verify", str(tmp_path / name))
    assert r.code == 2
    assert f"There is no file {tmp_path / name}" in r.err
    assert "init" not in r.err
