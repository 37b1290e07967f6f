"""attach, add --audio and the audio commands, end to end through the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys

import pytest

from ..conftest import PASS
from .conftest import make_wav

CALL = ("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567")


def store_of(vault_path):
    return vault_path.with_name(vault_path.name + ".attachments")


def blobs(vault_path):
    d = store_of(vault_path)
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def test_add_audio_fills_the_duration(cli, vault, recordings):
    r = cli(*CALL, "--audio", str(recordings["m4a"]), "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["duration_s"] == 6
    [att] = doc["attachments"]
    assert set(att) == {"sha256", "filename", "media_type", "size", "duration_s"}
    assert att["media_type"] == "audio/mp4" and att["duration_s"] == pytest.approx(6.0, abs=0.1)
    assert att["sha256"] == hashlib.sha256(recordings["m4a"].read_bytes()).hexdigest()
    assert cli("list", "--json").json()[0]["attachments"] == [att]


def test_add_audio_shows_a_duration_mismatch(cli, vault, recordings):
    r = cli(*CALL, "--duration", "5:00", "--audio", str(recordings["mp3"]), "--json")
    assert r.code == 0, r.err
    assert r.json()["duration_s"] == 300
    assert "differs" in r.err and "5:00" in r.err and "0:06" in r.err
    rows = cli("audio", "list", "--json").json()
    assert rows[0]["duration_mismatch"] is True and rows[0]["logged_duration_s"] == 300


def test_attach_to_an_entry_fills_a_missing_length_by_revision(cli, vault, recordings):
    assert cli(*CALL).code == 0
    r = cli("attach", "1", str(recordings["amr"]), str(recordings["opus"]), "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert [a["media_type"] for a in doc["attachments"]] == ["audio/amr", "audio/ogg"]
    assert doc["duration_s"] is None  # two recordings: parts of one call or not, debtlog does not guess
    assert cli("verify").code == 0
    assert cli(*CALL[:2], "2026-03-04T10:00", *CALL[3:]).code == 0
    r = cli("attach", "2", str(recordings["wav"]), "--json")
    assert r.code == 0, r.err
    assert r.json()["duration_s"] == 6 and r.json()["revision"] == 2
    history = cli("show", "2", "--json").json()["history"]
    assert history[-1]["reason"] == "length taken from the attached recording"


def test_audio_list_info_and_export(cli, vault, vault_path, recordings, tmp_path):
    assert cli(*CALL, "--audio", str(recordings["m4a"])).code == 0
    sha = hashlib.sha256(recordings["m4a"].read_bytes()).hexdigest()
    r = cli("audio", "list")
    assert r.code == 0 and sha[:12] in r.out and "aac" in r.out
    info = cli("audio", "info", sha[:8], "--json").json()
    assert info["sha256"] == sha and info["codec"] == "aac" and info["sample_rate"] == 16000
    assert info["channels"] == 1 and info["size"] == recordings["m4a"].stat().st_size
    assert info["file_times"]["modified"] and info["container"].startswith("mov")
    assert cli("audio", "info", sha[:8]).code == 0
    out = tmp_path / "out.m4a"
    r = cli("audio", "export", sha[:6], "--out", str(out))
    assert r.code == 0, r.err
    assert out.read_bytes() == recordings["m4a"].read_bytes()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # A file with content is not replaced without --force.
    r = cli("audio", "export", sha[:6], "--out", str(out))
    assert r.code == 2 and "--force" in r.err
    assert cli("audio", "export", sha[:6], "--out", str(out), "--force").code == 0
    # Unknown and malformed SHA-256s.
    assert cli("audio", "export", "ffff0000", "--out", str(tmp_path / "x")).code == 2
    assert cli("audio", "export", "zz", "--out", str(tmp_path / "x")).code == 2
    for p in store_of(vault_path).iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_ambiguous_and_unknown_prefixes():
    from debtlog.errors import InvalidInput
    from debtlog.vault.derived import resolve

    class FakeLog:
        def attachments(self):
            return [{"sha256": "abcd" + "0" * 60, "entry_id": 1}, {"sha256": "abcd" + "1" * 60, "entry_id": 2},
                    {"sha256": "abcd" + "1" * 60, "entry_id": 3}]

    with pytest.raises(InvalidInput, match="give more digits"):
        resolve(FakeLog(), "ABCD")
    assert resolve(FakeLog(), "abcd1")["entry_id"] == 2
    with pytest.raises(InvalidInput, match="No attachment"):
        resolve(FakeLog(), "abce")
    with pytest.raises(InvalidInput, match="not a SHA-256"):
        resolve(FakeLog(), "abc")


def test_prepare_makes_a_loud_mono_copy_and_a_waveform(cli, vault, recordings, tmp_path):
    quiet = make_wav(tmp_path / "quiet.wav", seconds=4.0, rate=8000, channels=2, amplitude=0.01)
    assert cli(*CALL, "--audio", str(quiet)).code == 0
    sha = hashlib.sha256(quiet.read_bytes()).hexdigest()
    r = cli("audio", "prepare", sha[:8], "--json")
    assert r.code == 0, r.err
    assert r.json()["prepared"][0]["made"] == ["playable", "waveform"]
    assert cli("audio", "prepare", "--all", "--json").json()["prepared"][0]["made"] == []
    mp3 = tmp_path / "p.mp3"
    assert cli("audio", "export", sha[:8], "--playable", "--out", str(mp3)).code == 0
    from debtlog.audio import decode_segment, probe

    info = probe(mp3)
    assert info.codec == "mp3" and info.channels == 1
    assert decode_segment(mp3).dBFS > decode_segment(quiet).dBFS + 15  # loudness-normalised
    svg = tmp_path / "w.svg"
    assert cli("audio", "export", sha[:8], "--waveform", "--out", str(svg)).code == 0
    assert svg.read_text().startswith("<svg")
    # The original is untouched, and derived items are in the chain.
    out = tmp_path / "o.wav"
    assert cli("audio", "export", sha[:8], "--out", str(out)).code == 0
    assert out.read_bytes() == quiet.read_bytes()
    assert cli("verify").code == 0
    kinds = [d["kind"] for d in cli("audio", "info", sha[:8], "--json").json()["derived"]]
    assert kinds == ["playable", "waveform"]


def test_export_playable_without_prepare_makes_it_on_the_fly(cli, vault, recordings, tmp_path):
    assert cli(*CALL, "--audio", str(recordings["m4a"])).code == 0  # MP4: spooled, seekable
    sha = hashlib.sha256(recordings["m4a"].read_bytes()).hexdigest()
    out = tmp_path / "p.mp3"
    r = cli("audio", "export", sha[:8], "--playable", "--out", str(out))
    assert r.code == 0, r.err
    from debtlog.audio import probe

    assert probe(out).duration_s == pytest.approx(6.0, abs=0.2)
    assert cli("audio", "info", sha[:8], "--json").json()["derived"] == []  # nothing stored by an export


def test_clips_record_their_offsets(cli, vault, recordings, tmp_path):
    assert cli(*CALL, "--audio", str(recordings["opus"])).code == 0
    sha = hashlib.sha256(recordings["opus"].read_bytes()).hexdigest()
    r = cli("audio", "clip", sha[:8], "--start", "1", "--end", "0:03.5", "--note", "threat", "--json")
    assert r.code == 0, r.err
    clip = r.json()
    assert clip["params"]["start_s"] == 1 and clip["params"]["end_s"] == 3.5 and clip["params"]["note"] == "threat"
    assert clip["source_sha256"] == sha and clip["kind"] == "clip"
    out = tmp_path / "clip.mp3"
    assert cli("audio", "export", sha[:8], "--clip", str(clip["id"]), "--out", str(out)).code == 0
    from debtlog.audio import probe

    assert probe(out).duration_s == pytest.approx(2.5, abs=0.15)
    assert cli("audio", "clip", sha[:8], "--start", "5", "--end", "2").code == 2
    assert cli("audio", "clip", sha[:8], "--start", "60", "--end", "70").code == 2
    rows = cli("audio", "list", "--json").json()
    assert rows[0]["derived"]["clips"][0]["start_s"] == 1
    assert cli("verify").code == 0


def test_play_pipes_to_a_player_or_says_how_to_export(cli, vault, recordings, tmp_path, monkeypatch):
    assert cli(*CALL, "--audio", str(recordings["mp3"])).code == 0
    sha = hashlib.sha256(recordings["mp3"].read_bytes()).hexdigest()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    r = cli("audio", "play", sha[:8])
    assert r.code == 2 and "No audio player" in r.err and "audio export" in r.err
    heard = tmp_path / "heard.mp3"
    player = bin_dir / "mpv"
    player.write_text(f"#!{sys.executable}\nimport sys\nopen({str(heard)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    player.chmod(0o755)
    r = cli("audio", "play", sha[:8])
    assert r.code == 0, r.err
    from debtlog.audio import probe

    assert probe(heard).codec == "mp3"


def test_verify_checks_derived_items(cli, vault, vault_path, recordings):
    assert cli(*CALL, "--audio", str(recordings["wav"])).code == 0
    sha = hashlib.sha256(recordings["wav"].read_bytes()).hexdigest()
    assert cli("audio", "prepare", sha[:8]).code == 0
    from debtlog.vault import open_log
    from debtlog.vault.attachments import blob_name, store_dir
    from debtlog.vault.derived import check_derived, items

    with open_log(vault_path, PASS) as log:
        assert check_derived(log) == []
        playable = [i for i in items(log) if i["kind"] == "playable"][0]
        path = store_dir(vault_path) / blob_name(log.vault_file.data_key, playable["sha256"])
    raw = bytearray(path.read_bytes())
    raw[100] ^= 1
    path.write_bytes(bytes(raw))
    with open_log(vault_path, PASS, write=True) as log:
        problems = check_derived(log)
        assert len(problems) == 1 and playable["sha256"][:16] in problems[0]
        log.conn.execute("UPDATE derived SET params = '{}' WHERE kind = 'waveform'")
        assert any("does not match the hash chain" in p for p in check_derived(log, blobs=False))
        log.discard = True


def test_attach_keeps_pictures_but_add_audio_refuses_them(cli, vault, vault_path, tmp_path):
    png = tmp_path / "sms.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    assert cli(*CALL).code == 0
    r = cli("attach", "1", str(png), "--json")
    assert r.code == 0, r.err
    assert r.json()["attachments"][0]["media_type"] == "image/png"
    before = vault_path.read_bytes()
    r = cli(*CALL, "--audio", str(png))
    assert r.code == 2 and "not audio" in r.err
    assert vault_path.read_bytes() == before


def test_audio_commands_import_nothing_heavy():
    code = "import debtlog.cli.audio_cmd, sys; print(sorted(m for m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    mods = json.loads(r.stdout.replace("'", '"'))
    heavy = [m for m in mods if m.split(".")[0] in {"pydub", "mutagen", "cryptography", "sqlite3", "sqlite_utils"}
             or m in {"debtlog.vault", "debtlog.audio"}]
    assert heavy == []


def test_wav_players_get_wav(cli, vault, recordings, tmp_path, monkeypatch):
    assert cli(*CALL, "--audio", str(recordings["amr"])).code == 0
    sha = hashlib.sha256(recordings["amr"].read_bytes()).hexdigest()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    heard = tmp_path / "heard.wav"
    player = bin_dir / "aplay"
    player.write_text(f"#!{sys.executable}\nimport sys\nopen({str(heard)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    player.chmod(0o755)
    r = cli("audio", "play", sha[:8])
    assert r.code == 0, r.err
    assert heard.read_bytes()[:4] == b"RIFF"


def test_the_recorders_own_time_stamp_is_kept(cli, vault, recordings, tmp_path):
    from debtlog.audio import ffmpeg_exe

    m4a = tmp_path / "stamped.m4a"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(recordings["wav"]), "-metadata",
                    "creation_time=2026-03-03T19:30:00Z", "-c:a", "aac", str(m4a)], check=True)
    assert cli(*CALL, "--audio", str(m4a)).code == 0
    sha = hashlib.sha256(m4a.read_bytes()).hexdigest()
    times = cli("audio", "info", sha[:8], "--json").json()["file_times"]
    assert times["container_created"].startswith("2026-03-03T19:30:00")
    assert set(times) >= {"modified", "changed"}
