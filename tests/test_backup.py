"""backup and restore: an encrypted copy, checked after writing; restore keeps what it replaces."""

from __future__ import annotations

import tarfile

from .conftest import make_wav


def _seed(cli, tmp_path):
    audio = make_wav(tmp_path / "rec.wav", seconds=0.5)
    assert cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567",
               "--audio", str(audio)).code == 0
    assert cli("add", "--at", "2026-03-04T10:00", "--channel", "sms", "--number", "900", "--content", "долг").code == 0


def test_backup_and_restore_round_trip(cli, vault, vault_path, tmp_path):
    _seed(cli, tmp_path)
    out = tmp_path / "usb" / "case.backup"
    r = cli("backup", "--out", str(out), "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["verified"] and doc["entries"] == 2 and doc["attachments"] == 1
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    raw = out.read_bytes()
    assert "долг".encode() not in raw and b"79161234567" not in raw  # everything inside is encrypted
    # Lose the vault, then restore it somewhere new.
    other = tmp_path / "new" / "vault.debtlog"
    r = cli("restore", str(out), "--vault", str(other), "--json")
    assert r.code == 0, r.err
    assert r.json()["kept"] is None
    r = cli("list", "--json", "--vault", str(other))
    assert [e["content"] for e in r.json()] == ["", "долг"]
    assert r.json()[0]["attachments"][0]["size"] == (tmp_path / "rec.wav").stat().st_size
    assert cli("verify", "--vault", str(other)).code == 0


def test_restore_over_an_existing_vault_keeps_it(cli, vault, vault_path, tmp_path):
    _seed(cli, tmp_path)
    out = tmp_path / "b.backup"
    assert cli("backup", "--out", str(out)).code == 0
    assert cli("add", "--at", "2026-03-05T10:00", "--channel", "sms", "--number", "900").code == 0
    r = cli("restore", str(out))
    assert r.code == 2 and "--force" in r.err
    r = cli("restore", str(out), "--force", "--json")
    assert r.code == 0, r.err
    kept = r.json()["kept"]
    assert len(cli("list", "--json").json()) == 2
    assert len(cli("list", "--json", "--vault", kept).json()) == 3
    assert cli("verify", "--vault", kept).code == 0
    assert cli("verify").code == 0


def test_backup_errors(cli, vault, vault_path, tmp_path, monkeypatch):
    out = tmp_path / "b.backup"
    assert cli("backup", "--out", str(out)).code == 0
    r = cli("backup", "--out", str(out))
    assert r.code == 2 and "already exists" in r.err
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "wrong passphrase!")
    r = cli("backup", "--out", str(tmp_path / "c.backup"))
    assert r.code == 3
    assert not (tmp_path / "c.backup").exists()
    r = cli("restore", str(out), "--vault", str(tmp_path / "x.debtlog"))
    assert r.code == 3
    assert not (tmp_path / "x.debtlog").exists()


def test_damaged_backups_are_refused(cli, vault, vault_path, tmp_path):
    _seed(cli, tmp_path)
    out = tmp_path / "b.backup"
    assert cli("backup", "--out", str(out)).code == 0
    before = vault_path.read_bytes()
    # Truncated.
    cut = tmp_path / "cut.backup"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 3])
    r = cli("restore", str(cut), "--force")
    assert r.code in (2, 5) and "Traceback" not in r.err
    # A flipped bit inside the vault inside the backup.
    flipped = tmp_path / "flip.backup"
    raw = bytearray(out.read_bytes())
    with tarfile.open(out) as tar:
        member = tar.getmember("vault.debtlog")
    raw[member.offset_data + member.size - 10] ^= 1
    flipped.write_bytes(bytes(raw))
    r = cli("restore", str(flipped), "--force")
    assert r.code == 5 and "damaged" in r.err
    # Not a backup at all.
    junk = tmp_path / "junk.backup"
    junk.write_text("hello")
    r = cli("restore", str(junk), "--force")
    assert r.code == 2 and "not a debtlog backup" in r.err
    # A tar with something else in it.
    evil = tmp_path / "evil.backup"
    with tarfile.open(evil, "w") as tar:
        tar.add(vault_path, arcname="vault.debtlog")
        tar.add(vault_path, arcname="../escape")
    r = cli("restore", str(evil), "--force")
    assert r.code == 2 and "unexpected entry" in r.err
    assert vault_path.read_bytes() == before
    assert not (tmp_path.parent / "escape").exists()
    assert cli("verify").code == 0
