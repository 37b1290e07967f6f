"""Bad input: another volunteer's share, altered, truncated or re-signed shares, a wrong passphrase.

Each gives a clear message and the contract's exit code, and imports nothing.
"""

from __future__ import annotations

import pytest

from .conftest import VOLUNTEER_PASS, as_volunteer, attach, make_share

RECORDING = b"#!AMR\n" + bytes(range(256)) * 30


@pytest.fixture
def share_file(cli, monkeypatch, tmp_path, borrower, volunteer):
    attach(borrower, 1, RECORDING, tmp_path)
    make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    as_volunteer(monkeypatch)
    return tmp_path / "case.dlshare"


def _nothing_imported(cli, tmp_path):
    cases = tmp_path / "home" / "cases"
    leftovers = [p.name for p in cases.iterdir() if p.name not in ("casebook.sealed.lock",)] if cases.exists() else []
    assert leftovers == [], leftovers
    assert cli("cases", "list", "--json").json() == []


def _import(cli, path):
    r = cli("cases", "import", str(path))
    assert "Traceback" not in r.err and "Internal error" not in r.err, r.err
    return r


def test_sealed_to_another_volunteer(cli, monkeypatch, tmp_path, borrower, volunteer):
    other_home = tmp_path / "other"
    monkeypatch.setenv("DEBTLOG_HOME", str(other_home))
    as_volunteer(monkeypatch)
    other = cli("volunteer", "init", "--json").json()
    monkeypatch.setenv("DEBTLOG_HOME", str(tmp_path / "home"))
    make_share(cli, monkeypatch, other["public_key"], tmp_path / "theirs.dlshare")
    as_volunteer(monkeypatch)
    mine = cli("volunteer", "key", "--json").json()["fingerprint"]
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "wrong but never asked")
    r = _import(cli, tmp_path / "theirs.dlshare")
    assert r.code == 2
    assert other["fingerprint"] in r.err and mine in r.err and "another volunteer" in r.err
    as_volunteer(monkeypatch)
    _nothing_imported(cli, tmp_path)


def test_wrong_passphrase(cli, share_file, monkeypatch, tmp_path):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not my passphrase at all")
    r = _import(cli, share_file)
    assert r.code == 3 and "Wrong passphrase" in r.err
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    _nothing_imported(cli, tmp_path)


def test_not_a_share(cli, volunteer, monkeypatch, tmp_path, borrower):
    as_volunteer(monkeypatch)
    for content in (b"", b"hello world, not a share", borrower.read_bytes()):
        p = tmp_path / "x.dlshare"
        p.write_bytes(content)
        r = _import(cli, p)
        assert r.code == 2 and "not a debtlog share" in r.err
    assert _import(cli, tmp_path / "missing.dlshare").code == 2
    assert _import(cli, tmp_path).code == 2
    _nothing_imported(cli, tmp_path)


@pytest.mark.parametrize("where", ["envelope", "header", "payload-start", "payload-middle", "payload-end",
                                   "signature"])
def test_altered_byte(cli, share_file, tmp_path, where):
    import struct

    raw = bytearray(share_file.read_bytes())
    env_len = struct.unpack(">I", raw[10:14])[0]
    header_at = 14 + env_len + 4
    header_len = struct.unpack(">I", raw[14 + env_len:header_at])[0]
    payload_at = header_at + header_len
    offset = {"envelope": 30, "header": header_at + 5, "payload-start": payload_at + 40,
              "payload-middle": (payload_at + len(raw)) // 2, "payload-end": len(raw) - 100,
              "signature": len(raw) - 10}[where]
    raw[offset] ^= 0x01
    share_file.write_bytes(bytes(raw))
    r = _import(cli, share_file)
    assert r.code == 1, (where, r.code, r.err)
    assert "does not verify" in r.err and "Nothing was imported" in r.err
    _nothing_imported(cli, tmp_path)


def test_truncated_anywhere(cli, share_file, tmp_path):
    raw = share_file.read_bytes()
    cuts = sorted({1, 7, 8, 12, 14, 40, 100, 200, 300, len(raw) // 3, len(raw) // 2, len(raw) - 93, len(raw) - 92,
                   len(raw) - 91, len(raw) - 1})
    for cut in cuts:
        share_file.write_bytes(raw[:cut])
        r = _import(cli, share_file)
        assert r.code in (1, 2), (cut, r.code, r.err)
        assert ("truncated" in r.err or "does not verify" in r.err or "not a debtlog share" in r.err), (cut, r.err)
    share_file.write_bytes(raw + b"\0")
    assert _import(cli, share_file).code == 1
    _nothing_imported(cli, tmp_path)


def test_signature_that_does_not_match(cli, share_file, tmp_path):
    """A share whose sealed signature is valid Ed25519 but by another key: refused before decrypting."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from debtlog.sharing import share as sh
    from debtlog.sharing.keys import unlock_identity

    home = tmp_path / "home"
    identity = unlock_identity(home, VOLUNTEER_PASS)
    env = sh.read_envelope(share_file)
    shared = identity.x25519().exchange(
        __import__("cryptography.hazmat.primitives.asymmetric.x25519", fromlist=["X"]).X25519PublicKey
        .from_public_bytes(env.epk))
    k1, _k2 = sh._keys(shared, env.epk, identity.public.x25519, env.raw)
    raw = share_file.read_bytes()
    body = raw[:-sh.SIG_BOX]
    forged = Ed25519PrivateKey.generate().sign(b"anything")
    share_file.write_bytes(body + sh.SIG_NONCE + AESGCM(k1).encrypt(sh.SIG_NONCE, forged, sh.SIG_AAD))
    r = _import(cli, share_file)
    assert r.code == 1 and "signature does not match" in r.err
    _nothing_imported(cli, tmp_path)


def test_share_with_a_bad_key(cli, borrower, tmp_path, volunteer):
    for bad in ("dlvk1abc", volunteer[:-1] + ("a" if volunteer[-1] != "a" else "b"), "hello"):
        r = cli("share", "--to", bad, "--out", str(tmp_path / "x.dlshare"))
        assert r.code == 2 and "volunteer key" in r.err, r.err
    assert not (tmp_path / "x.dlshare").exists()
    r = cli("share", "--to", volunteer, "--out", str(tmp_path / "no" / "such" / "x.dlshare"))
    assert r.code == 2


def test_share_needs_the_vault_passphrase(cli, monkeypatch, borrower, tmp_path, volunteer):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not the vault passphrase")
    r = cli("share", "--to", volunteer, "--out", str(tmp_path / "x.dlshare"))
    assert r.code == 3
    assert not list(tmp_path.glob("*.dlshare*")) and not list(tmp_path.glob(".x.dlshare*"))


def _case_state(cli, tmp_path):
    files = sorted((p.name, p.read_bytes()) for p in (tmp_path / "home" / "cases").rglob("*") if p.is_file()
                   and not p.name.endswith(".lock"))
    return cli("cases", "list", "--json").json(), files


@pytest.mark.parametrize("bad", ["altered", "truncated", "signature", "wrong-passphrase", "other-volunteer",
                                 "partial-altered"])
def test_a_bad_update_leaves_the_case_as_it_was(cli, monkeypatch, tmp_path, borrower, volunteer, bad):
    """The same bad inputs against a case the volunteer already holds: clear message, exit code, no change."""
    from .conftest import as_borrower

    attach(borrower, 1, RECORDING, tmp_path)
    make_share(cli, monkeypatch, volunteer, tmp_path / "v1.dlshare")
    as_volunteer(monkeypatch)
    assert cli("cases", "import", str(tmp_path / "v1.dlshare")).code == 0
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-06T23:00", "--channel", "sms", "--content", "новое").code == 0
    attach(borrower, 4, RECORDING + b"2", tmp_path, "second.amr")
    new = tmp_path / "v2.dlshare"
    extra = ("--since", "2026-03-01") if bad == "partial-altered" else ()
    if bad == "other-volunteer":
        monkeypatch.setenv("DEBTLOG_HOME", str(tmp_path / "other"))
        as_volunteer(monkeypatch)
        other = cli("volunteer", "init", "--json").json()["public_key"]
        monkeypatch.setenv("DEBTLOG_HOME", str(tmp_path / "home"))
        make_share(cli, monkeypatch, other, new)
    else:
        make_share(cli, monkeypatch, volunteer, new, *extra)
    raw = bytearray(new.read_bytes())
    if bad in ("altered", "partial-altered"):
        raw[len(raw) // 2] ^= 0x40
    elif bad == "truncated":
        raw = raw[: len(raw) - 200]
    elif bad == "signature":
        raw[-5] ^= 0x01
    new.write_bytes(bytes(raw))
    as_volunteer(monkeypatch)
    before = _case_state(cli, tmp_path)
    if bad == "wrong-passphrase":
        monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not my passphrase at all")
    r = _import(cli, new)
    expected = {"wrong-passphrase": 3, "other-volunteer": 2}.get(bad, 1)
    assert r.code == expected, (bad, r.code, r.err)
    message = {"wrong-passphrase": "Wrong passphrase", "other-volunteer": "another volunteer"}.get(bad, "does not verify")
    assert message in r.err and ("Nothing was imported" in r.err or bad == "wrong-passphrase"), r.err
    as_volunteer(monkeypatch)
    assert _case_state(cli, tmp_path) == before
