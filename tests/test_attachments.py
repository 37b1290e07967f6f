"""add --audio: originals kept byte for byte, encrypted, checked by verify."""

from __future__ import annotations

import hashlib

import pytest

from .conftest import SAMPLES, make_wav


def test_add_with_audio_keeps_the_original(cli, vault, vault_path, tmp_path):
    audio = make_wav(tmp_path / "call.wav", seconds=200)  # 3.2 MB: several 1 MiB chunks
    data = audio.read_bytes()
    r = cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567",
            "--audio", str(audio), "--json")
    assert r.code == 0, r.err
    [att] = r.json()["attachments"]
    assert att["sha256"] == hashlib.sha256(data).hexdigest()
    assert att["size"] == len(data) and att["media_type"].startswith("audio/") and att["filename"] == "call.wav"
    store = vault_path.with_name(vault_path.name + ".attachments")
    [blob] = list(store.iterdir())
    assert data[100:164] not in blob.read_bytes()
    assert att["sha256"] not in blob.name
    from debtlog.vault import open_log
    from debtlog.vault.attachments import copy_out

    import io

    from .conftest import PASS

    out = io.BytesIO()
    with open_log(vault_path, PASS) as log:
        copy_out(log, att["sha256"], out)
    assert out.getvalue() == data
    assert cli("verify").code == 0
    # Damage the stored recording: verify names it.
    raw = bytearray(blob.read_bytes())
    raw[5000] ^= 1
    blob.write_bytes(bytes(raw))
    r = cli("verify", "--json")
    assert r.code == 1
    assert att["sha256"][:16] in r.json()["problems"][0]["message"]


def test_empty_audio_is_refused(cli, vault, vault_path, tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    before = vault_path.read_bytes()
    r = cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567", "--audio", str(empty))
    assert r.code == 2 and "empty" in r.err
    assert vault_path.read_bytes() == before


@pytest.mark.samples
@pytest.mark.skipif(not (SAMPLES / "audio").exists(), reason="../shared/samples is absent")
def test_media_type_from_content_not_extension(cli, vault):
    r = cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567",
            "--audio", str(SAMPLES / "audio" / "pydub__wrong_extension.aac"),
            "--audio", str(SAMPLES / "audio" / "mimetype__amr.amr"), "--json")
    assert r.code == 0, r.err
    types = [a["media_type"] for a in r.json()["attachments"]]
    assert types == ["audio/mp4", "audio/amr"]
