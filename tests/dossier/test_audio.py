"""Recordings in the dossier: originals byte for byte, playable copies, --without-audio, redaction."""

from __future__ import annotations

import hashlib
import json

from ..conftest import make_wav
from .conftest import export, members


def _case_with_audio(cli, vault, tmp_path, **kw):
    wav = make_wav(tmp_path / "звонок 1.wav", seconds=1.5)
    r = cli("add", "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+79161234567",
            "--agency", "Agency", "--content", "recorded call", "--audio", str(wav), "--json")
    assert r.code == 0, r.err
    tp = make_wav(tmp_path / "mother.wav", seconds=1.0, freq=300)
    r = cli("add", "--at", "2026-03-04T12:00", "--channel", "call", "--number", "+79161234567",
            "--agency", "Agency", "--third-party", "Иванова Мария", "--relation", "relative",
            "--third-party-number", "+79000000505", "--content", "called my mother", "--audio", str(tp), "--json")
    assert r.code == 0, r.err
    return wav.read_bytes(), tp.read_bytes()


def test_originals_and_playable_copies(cli, vault, tmp_path):
    original, _tp = _case_with_audio(cli, vault, tmp_path)
    out = tmp_path / "d.zip"
    doc = export(cli, out, "--json").json()
    assert doc["recordings"] == 2 and doc["playable_copies"] == 2
    files = members(out)
    recs = sorted(n for n in files if n.startswith("recordings/"))
    originals = [n for n in recs if not n.endswith("-playable.mp3")]
    assert len(originals) == 2 and all(n.isascii() for n in recs)
    sha = hashlib.sha256(original).hexdigest()
    match = [n for n in originals if sha[:12] in n]
    assert match and files[match[0]] == original  # byte for byte
    playable = [n for n in recs if n.endswith("-playable.mp3")]
    assert len(playable) == 2 and all(files[n][:3] == b"ID3" or files[n][:2] == b"\xff\xfb" for n in playable)
    html = files["dossier.html"].decode("utf-8")
    assert f'src="{playable[0]}"' in html or f'src="{playable[1]}"' in html
    manifest = json.loads(files["manifest.json"])
    assert set(recs) <= {f["path"] for f in manifest["files"]}
    assert cli("verify", str(out)).code == 0


def test_without_audio_and_redacted(cli, vault, tmp_path):
    _case_with_audio(cli, vault, tmp_path)
    out = tmp_path / "d.zip"
    doc = export(cli, out, "--without-audio", "--json").json()
    assert doc["recordings"] == 0
    assert not [n for n in members(out) if n.startswith("recordings/")]
    out2 = tmp_path / "r.zip"
    doc = export(cli, out2, "--redact-third-parties", "--json").json()
    files = members(out2)
    assert doc["recordings"] == 1  # the call to the mother is withheld
    manifest = json.loads(files["manifest.json"])
    assert manifest["redaction"]["recordings_withheld"] == 1
    for name, data in files.items():
        if name.endswith((".html", ".csv", ".json", ".txt")):
            assert "Иванова" not in data.decode("utf-8") and "79000000505" not in data.decode("utf-8"), name
