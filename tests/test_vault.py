"""The vault file: encryption, damage detection, passphrase change, lock, atomic save."""

from __future__ import annotations

import json
import os
import stat
import struct
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from debtlog.errors import InvalidInput, VaultDamaged, VaultLocked, WrongPassphrase
from debtlog.models import Contact, Profile
from debtlog.vault import create_vault, open_log
from debtlog.vault.crypto import MINIMUM_KDF
from debtlog.vault.store import MAGIC, VaultFile

from .conftest import PASS

PROFILE = Profile(jurisdiction="RU", timezone="Europe/Moscow")
MSK = ZoneInfo("Europe/Moscow")


def _contact(hour: int = 12, **kw) -> Contact:
    return Contact(occurred_at=datetime(2026, 3, 3, hour, 0, tzinfo=MSK), channel="call", **kw)


@pytest.fixture
def made(vault_path):
    create_vault(vault_path, PASS, PROFILE, kdf=MINIMUM_KDF)
    return vault_path


def test_roundtrip_and_nothing_in_clear(made):
    with open_log(made, PASS, write=True) as log:
        log.add(_contact(content="Секретное сообщение коллектора", number="+79161234567"))
    raw = made.read_bytes()
    assert raw.startswith(MAGIC)
    for needle in ("Секретное".encode(), b"79161234567", b"Europe/Moscow", b"SQLite format"):
        assert needle not in raw
    with open_log(made, PASS) as log:
        [entry] = log.entries()
        assert entry.record.content == "Секретное сообщение коллектора"
        assert entry.record.number == "+79161234567"


def test_files_are_private(made):
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    lock = made.with_name(made.name + ".lock")
    with open_log(made, PASS, write=True) as log:
        log.add(_contact())
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600


def test_wrong_passphrase(made):
    with pytest.raises(WrongPassphrase) as e:
        with open_log(made, "not the passphrase"):
            pass
    assert e.value.exit_code == 3


def test_unicode_passphrase_is_normalised(vault_path):
    # "й" typed as one code point or as и + combining breve opens the same vault.
    create_vault(vault_path, "пароль-й-очень-длинный", PROFILE, kdf=MINIMUM_KDF)
    with open_log(vault_path, "пароль-и\u0306-очень-длинный"):
        pass


def test_truncated_vault_is_damaged_not_wrong_passphrase(made):
    with open_log(made, PASS, write=True) as log:
        for h in range(9, 18):
            log.add(_contact(h))
    raw = made.read_bytes()
    for cut in (len(raw) - 1, len(raw) - 40, len(raw) // 2, 100, 20, 5, 0):
        made.write_bytes(raw[:cut])
        with pytest.raises(VaultDamaged) as e:
            with open_log(made, PASS):
                pass
        assert e.value.exit_code == 5
        assert "backup" in (e.value.hint or "")


def test_flipped_body_bit_is_damaged(made):
    raw = bytearray(made.read_bytes())
    raw[-30] ^= 0x01
    made.write_bytes(bytes(raw))
    with pytest.raises(VaultDamaged, match="damaged"):
        with open_log(made, PASS):
            pass


def test_flipped_header_bit_is_damaged(made):
    raw = bytearray(made.read_bytes())
    raw[20] ^= 0x04  # inside the header JSON
    made.write_bytes(bytes(raw))
    with pytest.raises(VaultDamaged):
        with open_log(made, PASS):
            pass


def _rewrite_header(path, change):
    raw = path.read_bytes()
    _magic, version, length = struct.unpack(">8sHI", raw[:14])
    header = json.loads(raw[14:14 + length])
    change(header)
    import hashlib

    new = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    body = raw[14 + length + 32:]
    path.write_bytes(struct.pack(">8sHI", MAGIC, version, len(new)) + new + hashlib.sha256(new).digest() + body)


def test_kdf_downgrade_is_refused(made):
    def weaken(h):
        h["kdf"]["memory_kib"] = 1024
        h["kdf"]["iterations"] = 1

    _rewrite_header(made, weaken)
    with pytest.raises(VaultDamaged, match="weaker"):
        with open_log(made, PASS):
            pass


def test_not_a_vault(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello")
    with pytest.raises(InvalidInput, match="not a debtlog vault"):
        with open_log(p, PASS):
            pass


def test_missing_vault(tmp_path):
    with pytest.raises(InvalidInput, match="no vault"):
        with open_log(tmp_path / "nope", PASS):
            pass


def test_failed_block_saves_nothing(made):
    before = made.read_bytes()
    with pytest.raises(RuntimeError):
        with open_log(made, PASS, write=True) as log:
            log.add(_contact())
            raise RuntimeError("boom")
    assert made.read_bytes() == before


def test_passwd_rewrites_only_the_header(made):
    with open_log(made, PASS, write=True) as log:
        log.add(_contact())
    before = made.read_bytes()
    ov = VaultFile(made).unlock(PASS, write=True)
    try:
        ov.change_passphrase("a brand new passphrase", kdf=MINIMUM_KDF)
    finally:
        ov.close()
    after = made.read_bytes()

    def body(raw):
        length = struct.unpack(">I", raw[10:14])[0]
        return raw[14 + length + 32:]

    assert body(after) == body(before)
    with pytest.raises(WrongPassphrase):
        with open_log(made, PASS):
            pass
    with open_log(made, "a brand new passphrase") as log:
        assert len(log.entries()) == 1


def test_stale_temporary_files_are_removed(made):
    stale = made.with_name(made.name + ".tmp-99999-deadbeef")
    stale.write_bytes(b"half a vault")
    with open_log(made, PASS):
        pass
    assert stale.exists()  # readers never delete: a writer might be busy
    with open_log(made, PASS, write=True):
        pass
    assert not stale.exists()


def test_lock_blocks_a_second_writer(made, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LOCK_TIMEOUT", "0.3")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('locked', flush=True); time.sleep(5)", str(made) + ".lock"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(VaultLocked) as e:
            with open_log(made, PASS, write=True):
                pass
        assert e.value.exit_code == 4
        assert time.monotonic() - started >= 0.25
        with open_log(made, PASS) as log:  # readers are not blocked
            assert log.profile.jurisdiction == "RU"
    finally:
        holder.kill()
        holder.wait()
    with open_log(made, PASS, write=True):  # released when the holder died
        pass


def test_save_failure_leaves_vault_as_it_was(made, monkeypatch):
    before = made.read_bytes()
    real_replace = os.replace

    def full_disk(src, dst):
        import errno

        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    from debtlog.errors import DebtlogError

    with pytest.raises(DebtlogError, match="disk is full"):
        with open_log(made, PASS, write=True) as log:
            log.add(_contact())
    monkeypatch.setattr(os, "replace", real_replace)
    assert made.read_bytes() == before
    assert not list(made.parent.glob(made.name + ".tmp-*"))


def test_empty_and_large_bodies_roundtrip(tmp_path):
    from io import BytesIO

    from debtlog.vault import crypto

    key = os.urandom(32)
    for size in (0, 1, crypto.CHUNK_SIZE - 1, crypto.CHUNK_SIZE, crypto.CHUNK_SIZE + 1, 3 * crypto.CHUNK_SIZE):
        data = os.urandom(size)
        out = BytesIO()
        crypto.seal_stream(key, b"t", iter([data[:7], data[7:]]), out)
        got = b"".join(crypto.open_stream(key, b"t", BytesIO(out.getvalue()), "test"))
        assert got == data
        if size >= crypto.CHUNK_SIZE:
            # Dropping the last chunk must not pass as a shorter valid stream.
            cut = out.getvalue()[: crypto.SALT + crypto.CHUNK_SIZE + crypto.TAG]
            if len(cut) < len(out.getvalue()):
                with pytest.raises(VaultDamaged):
                    b"".join(crypto.open_stream(key, b"t", BytesIO(cut), "test"))
