"""Flipped bits anywhere: in the vault's header and body, a recording, each file of a dossier,
its manifest and signature, and a share. Each gives the contract's exit code and a message
that names what is wrong; a damaged vault is exit 5 (damaged), never 3 (wrong passphrase).

The artefacts are made once per module (a vault with a recording, its dossier, a share);
each test flips one bit of a fresh copy.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from ..conftest import PASS, make_wav, run_cli

VOLUNTEER_PASS = "volunteer passphrase long"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("tamper")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("DEBTLOG_PASSPHRASE_FILE", "DEBTLOG_NEW_PASSPHRASE", "DEBTLOG_DEBUG", "DEBTLOG_LOCK_TIMEOUT"):
            mp.delenv(var, raising=False)
        mp.setenv("DEBTLOG_LANG", "en")
        mp.setenv("NO_COLOR", "1")
        mp.setenv("DEBTLOG_KDF_PROFILE", "minimum")
        mp.setenv("DEBTLOG_HOME", str(base / "volunteer-home"))
        mp.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
        r = run_cli("volunteer", "init", "--json")
        assert r.code == 0, r.err
        key = r.json()["public_key"]
        mp.setenv("DEBTLOG_HOME", str(base / "home"))
        mp.setenv("DEBTLOG_VAULT", str(base / "vault.debtlog"))
        mp.setenv("DEBTLOG_PASSPHRASE", PASS)
        assert run_cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow").code == 0
        wav = make_wav(base / "call.wav", seconds=1.0)
        for i, extra in enumerate([["--audio", str(wav)], [], []]):
            r = run_cli("add", "--at", f"2026-03-0{3 + i}T22:30", "--channel", "call", "--number", "+79161234567",
                        "--agency", "ООО Пример", "--content", f"звонок {i}", *extra)
            assert r.code == 0, r.err
        r = run_cli("export", "dossier", "--out", str(base / "d.zip"), "--lang", "en")
        assert r.code == 0, r.err
        r = run_cli("share", "--to", key, "--out", str(base / "case.dlshare"))
        assert r.code == 0, r.err
    return base


def flip(data: bytes, pos: int, mask: int = 0x01) -> bytes:
    raw = bytearray(data)
    raw[pos] ^= mask
    return bytes(raw)


def no_traceback(r):
    assert "Traceback" not in r.err and "Internal error" not in r.err, r.err


# -- the vault ---------------------------------------------------------------------------------

def _vault_layout(made) -> dict[str, int]:
    raw = (made / "vault.debtlog").read_bytes()
    n = struct.unpack(">I", raw[10:14])[0]
    body = 14 + n + 32
    return {
        "version": 9, "header length (high byte)": 10, "header length (low byte)": 13,
        "header json start": 14, "header json (kdf)": 14 + raw[14:14 + n].find(b'"kdf"') + 8,
        "header json (wrapped key)": 14 + raw[14:14 + n].find(b'"wrapped"') + 12, "header json end": 14 + n - 1,
        "header checksum start": 14 + n, "header checksum end": body - 1,
        "body salt start": body, "body salt end": body + 31, "body first chunk": body + 32,
        "body middle": (body + len(raw)) // 2, "body tag": len(raw) - 8, "body last byte": len(raw) - 1,
    }


VAULT_POSITIONS = ["version", "header length (high byte)", "header length (low byte)", "header json start",
                   "header json (kdf)", "header json (wrapped key)", "header json end", "header checksum start",
                   "header checksum end", "body salt start", "body salt end", "body first chunk", "body middle",
                   "body tag", "body last byte"]


def _install_vault(made, vault_path: Path, change=None) -> None:
    data = (made / "vault.debtlog").read_bytes()
    vault_path.write_bytes(change(data) if change else data)
    shutil.copytree(made / "vault.debtlog.attachments", vault_path.with_name("vault.debtlog.attachments"))


@pytest.mark.parametrize("where", VAULT_POSITIONS)
def test_flipped_bit_in_the_vault_is_damage_not_a_wrong_passphrase(cli, made, vault_path, where):
    pos = _vault_layout(made)[where]
    _install_vault(made, vault_path, lambda d: flip(d, pos))
    for args in (["list"], ["verify"], ["add", "--at", "2026-03-09T10:00", "--channel", "sms", "--number", "900"]):
        r = cli(*args)
        no_traceback(r)
        assert r.code == 5, (where, args, r.code, r.err)
        assert "damaged" in r.err and str(vault_path) in r.err, r.err
        assert "backup" in r.err  # what to do
    # A wrong passphrase on a damaged header is still reported as damage (the header is read first);
    # on a damaged body, the key is checked first: exit 3 is then the truth.


def test_flipped_magic_is_not_a_vault(cli, made, vault_path):
    _install_vault(made, vault_path, lambda d: flip(d, 0))
    r = cli("list")
    no_traceback(r)
    assert r.code == 2 and "not a debtlog vault" in r.err


def test_untouched_copy_opens(cli, made, vault_path):
    """The control: the same copy without a flipped bit opens and verifies."""
    _install_vault(made, vault_path)
    assert cli("verify").code == 0
    assert len(cli("list", "--json").json()) == 3


# -- a recording -------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["salt", "first chunk", "middle", "tag"])
def test_flipped_bit_in_a_recording(cli, made, vault_path, tmp_path, where):
    _install_vault(made, vault_path)
    (blob,) = vault_path.with_name("vault.debtlog.attachments").iterdir()
    raw = blob.read_bytes()
    pos = {"salt": 3, "first chunk": 40, "middle": len(raw) // 2, "tag": len(raw) - 3}[where]
    blob.write_bytes(flip(raw, pos))
    sha = cli("list", "--json").json()[0]["attachments"][0]["sha256"]
    r = cli("verify")
    no_traceback(r)
    assert r.code == 1, (where, r.code, r.err)
    assert sha[:12] in r.err or "recording" in r.err.lower() or "attachment" in r.err.lower(), r.err
    r = cli("audio", "export", sha[:16], "--out", str(tmp_path / "out.wav"))
    no_traceback(r)
    assert r.code in (1, 5), (where, r.code, r.err)
    assert "damaged" in r.err or "does not" in r.err, r.err
    assert not (tmp_path / "out.wav").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("out.wav")]


# -- the dossier -------------------------------------------------------------------------------

def _members(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as zf:
        return zf.infolist()


def _data_offset(raw: bytes, info: zipfile.ZipInfo) -> int:
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


DOSSIER_FILES = ["dossier.html", "dossier.pdf", "contacts.csv", "contacts.json", "findings.json",
                 "complaint-draft.txt", "manifest.json", "manifest.json.sig", "recording"]


@pytest.mark.parametrize("part", ["start", "middle", "end"])
@pytest.mark.parametrize("victim", DOSSIER_FILES)
def test_flipped_bit_in_each_dossier_file_is_named(cli, made, tmp_path, monkeypatch, victim, part):
    monkeypatch.delenv("DEBTLOG_PASSPHRASE")  # anyone can verify a dossier: no vault, no passphrase
    src = made / "d.zip"
    raw = src.read_bytes()
    infos = {i.filename: i for i in _members(src)}
    if victim == "recording":
        victim = next(n for n in infos if n.startswith("recordings/") or n.endswith((".wav", ".mp3")))
    info = infos[victim]
    start = _data_offset(raw, info)
    pos = {"start": start, "middle": start + info.compress_size // 2, "end": start + info.compress_size - 1}[part]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(flip(raw, pos))
    r = cli("verify", str(bad))
    no_traceback(r)
    if _contents(bad) == _contents(src):
        # The bit was one the content does not depend on (deflate's "last block" flag, the padding
        # after the last block): the signature covers the files, not their ZIP encoding, and
        # every file is still exactly as signed, so the dossier rightly verifies.
        assert r.code == 0, (victim, part, r.code, r.err)
        return
    assert r.code == 1, (victim, part, r.code, r.err)
    assert victim in r.err, (victim, r.err)


def _contents(path: Path) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(path) as zf:
            return {n: zf.read(n) for n in zf.namelist()}
    except Exception:  # noqa: BLE001 - any failure to read means the content is not intact
        return None


def test_a_content_changing_flip_in_every_file_is_caught(cli, made, tmp_path, monkeypatch):
    """At least one flip per file changes its content, and every such flip is caught (not vacuous)."""
    monkeypatch.delenv("DEBTLOG_PASSPHRASE")
    src = made / "d.zip"
    raw, original = src.read_bytes(), _contents(src)
    for info in _members(src):
        start = _data_offset(raw, info)
        caught = False
        for pos in range(start + 1, start + info.compress_size, max(1, info.compress_size // 7)):
            bad = tmp_path / "bad.zip"
            bad.write_bytes(flip(raw, pos, 0x20))
            if _contents(bad) == original:
                continue
            r = cli("verify", str(bad))
            assert r.code == 1 and info.filename in r.err, (info.filename, pos, r.code, r.err)
            caught = True
        assert caught, info.filename


@pytest.mark.parametrize("where", ["central directory", "end of central directory"])
def test_flipped_bit_in_the_zip_structure(cli, made, tmp_path, where):
    raw = (made / "d.zip").read_bytes()
    cd = raw.rfind(b"PK\x01\x02")
    eocd = raw.rfind(b"PK\x05\x06")
    pos = {"central directory": cd + 46 + 2, "end of central directory": eocd + 17}[where]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(flip(raw, pos, 0x10))
    r = cli("verify", str(bad))
    no_traceback(r)
    assert r.code in (1, 2), (where, r.code, r.err)
    assert "bad.zip" in r.err or "dossier" in r.err.lower(), r.err


# -- a share -----------------------------------------------------------------------------------

@pytest.mark.parametrize("fraction", [0.0, 0.004, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.97, 0.99, 1.0])
def test_flipped_bit_in_a_share(cli, made, tmp_path, monkeypatch, fraction):
    shutil.copytree(made / "volunteer-home", tmp_path / "home")
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    raw = (made / "case.dlshare").read_bytes()
    pos = min(len(raw) - 1, int(len(raw) * fraction))
    bad = tmp_path / "bad.dlshare"
    bad.write_bytes(flip(raw, pos))
    r = cli("cases", "import", str(bad))
    no_traceback(r)
    if pos < 8:  # the magic: no longer a share at all
        assert r.code == 2 and "not a debtlog share" in r.err, r.err
    else:
        assert r.code == 1, (pos, r.code, r.err)
        assert "does not verify" in r.err and "Nothing was imported" in r.err, r.err
    assert cli("cases", "list", "--json").json() == []
