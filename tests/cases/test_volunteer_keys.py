"""volunteer init / key: the key pair, the string to paste, the fingerprint to read aloud."""

from __future__ import annotations

import re
import stat

import pytest

from .conftest import VOLUNTEER_PASS, as_volunteer

FP = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_init_and_key(cli, monkeypatch, tmp_path):
    as_volunteer(monkeypatch)
    r = cli("volunteer", "init")
    assert r.code == 0, r.err
    key = r.out.strip()
    assert key.startswith("dlvk1") and len(key) == 114
    r = cli("volunteer", "key")
    assert r.code == 0 and r.out.strip() == key
    fp = re.search(r"Fingerprint: (\S+)", r.err).group(1)
    assert FP.match(fp)
    assert cli("volunteer", "key", "--json").json() == {"public_key": key, "fingerprint": fp}
    folder = tmp_path / "home" / "volunteer"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for f in folder.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    secret = (folder / "identity.debtlog").read_bytes()
    assert key.encode() not in secret  # the private part is sealed; nothing readable


def test_init_twice_is_refused(cli, monkeypatch):
    as_volunteer(monkeypatch)
    first = cli("volunteer", "key", "--json")
    assert first.code == 2 and "volunteer init" in first.err
    assert cli("volunteer", "init").code == 0
    key = cli("volunteer", "key").out
    r = cli("volunteer", "init")
    assert r.code == 2 and "already have a volunteer key" in r.err
    assert cli("volunteer", "key").out == key


def test_init_without_passphrase_or_short(cli, monkeypatch):
    monkeypatch.delenv("DEBTLOG_PASSPHRASE")
    r = cli("volunteer", "init")
    assert r.code == 2 and "DEBTLOG_PASSPHRASE" in r.err
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "short")
    assert cli("volunteer", "init").code == 2


def test_key_parsing_catches_typos():
    from debtlog.errors import InvalidInput
    from debtlog.sharing.keys import PublicKey

    key = str(PublicKey(bytes(range(32)), bytes(range(32, 64))))
    assert PublicKey.parse(key) == PublicKey(bytes(range(32)), bytes(range(32, 64)))
    assert PublicKey.parse(key.upper()[:40] + "\n  " + key[40:]).raw == bytes(range(64))  # case, line breaks
    typo = key[:50] + ("a" if key[50] != "a" else "b") + key[51:]
    for bad in (typo, key[:-3], "ssh-ed25519 AAAA", ""):
        with pytest.raises(InvalidInput):
            PublicKey.parse(bad)


def test_fingerprint_is_stable_and_short():
    from debtlog.sharing.keys import PublicKey, fingerprint, vault_fingerprint

    k = PublicKey(b"\x01" * 32, b"\x02" * 32)
    assert FP.match(k.fingerprint)
    assert k.fingerprint == fingerprint(b"\x01" * 32 + b"\x02" * 32)
    assert vault_fingerprint(b"\x02" * 32) != fingerprint(b"\x02" * 32)  # labels separate the two kinds


def test_wrong_volunteer_passphrase_is_exit_3(cli, monkeypatch, volunteer):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not the volunteer passphrase")
    r = cli("cases", "list")
    assert r.code == 3 and "volunteer key" in r.err and "Traceback" not in r.err
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    assert cli("cases", "list", "--json").json() == []


def test_a_swapped_public_key_file_is_caught(cli, monkeypatch, tmp_path):
    from debtlog.sharing.keys import PublicKey

    as_volunteer(monkeypatch)
    real = cli("volunteer", "init").out.strip()
    fake = str(PublicKey(b"\x05" * 32, b"\x06" * 32))
    (tmp_path / "home" / "volunteer" / "public-key.txt").write_text(fake + "\n")
    r = cli("cases", "list")
    assert r.code == 5 and "does not match your private keys" in r.err and real in r.err


def test_every_one_character_typo_in_a_key_is_refused():
    """Including the last character, whose padding bit base32 decoding would ignore."""
    import os

    import pytest

    from debtlog.errors import InvalidInput
    from debtlog.sharing.keys import PublicKey

    key = PublicKey(os.urandom(32), os.urandom(32))
    text = str(key)
    assert PublicKey.parse(text).raw == key.raw
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    for pos in range(len("dlvk1"), len(text)):
        for ch in alphabet:
            if ch == text[pos]:
                continue
            with pytest.raises(InvalidInput):
                PublicKey.parse(text[:pos] + ch + text[pos + 1:])
