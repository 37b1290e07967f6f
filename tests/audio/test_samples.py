"""The real recordings in ../shared/samples/audio (skipped when the folder is absent; never copied here)."""

from __future__ import annotations

import hashlib

import pytest

from ..conftest import SAMPLES

AUDIO = SAMPLES / "audio"
pytestmark = [pytest.mark.samples, pytest.mark.skipif(not AUDIO.exists(), reason="../shared/samples is absent")]

# file: (media type from the content, codec, duration in seconds)
EXPECTED = {
    "mimetype__3g2.3g2": ("audio/3gpp2", "aac", 2.05),
    "mimetype__3gp.3gp": ("audio/3gpp", "amr_nb", 5.52),
    "mimetype__aac.aac": ("audio/aac", "aac", 3.41),
    "mimetype__amr.amr": ("audio/amr", "amr_nb", 33.9),
    "mimetype__qcp.qcp": ("audio/qcelp", "qcelp", 34.22),  # 1711 packets; ffmpeg's header estimate says 36.82
    "mimetype__speex.oga": ("audio/ogg", "speex", 15.46),
    "mutagen__example.opus": ("audio/ogg", "opus", 11.355),
    "mutagen__no-tags.m4a": ("audio/mp4", "aac", 3.708),
    "mutagen__silence_16k_8bit.wav": ("audio/wav", "pcm_u8", 2.0),
    "pydub__bach.ogg": ("audio/ogg", "flac", 3.055),
    "pydub__format_test.m4a": ("audio/mp4", "aac", 9.66),
    "pydub__tessst.mp3": ("audio/mpeg", "mp3", 1.567),
    "pydub__test5.webm": ("audio/webm", "opus", 1.51),
    "pydub__wrong_extension.aac": ("audio/mp4", "aac", 9.66),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_probe_sample(name):
    from debtlog.audio import probe

    info = probe(AUDIO / name)
    media_type, codec, duration = EXPECTED[name]
    assert (info.media_type, info.codec) == (media_type, codec)
    assert info.duration_s == pytest.approx(duration, abs=0.02)
    assert info.sample_rate and info.channels


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_decodes_through_pydub(name):
    from debtlog.audio import decode_segment

    seg = decode_segment(AUDIO / name, rate=8000, channels=1)
    assert len(seg) / 1000 == pytest.approx(EXPECTED[name][2], rel=0.05, abs=0.1)


def test_the_empty_wav_is_refused(cli, vault, vault_path):
    before = vault_path.read_bytes()
    r = cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567",
            "--audio", str(AUDIO / "pydub__test1_empty.wav"))
    assert r.code == 2 and "empty" in r.err
    assert vault_path.read_bytes() == before


def test_attach_every_sample_then_verify_and_export(cli, vault, tmp_path):
    assert cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567").code == 0
    names = sorted(EXPECTED)
    # pydub__wrong_extension.aac is pydub__format_test.m4a byte for byte: one entry cannot hold it twice.
    r = cli("attach", "1", *[str(AUDIO / n) for n in names])
    assert r.code == 2 and "already has this file" in r.err
    assert cli("audio", "list", "--json").json() == []
    store = vault.with_name(vault.name + ".attachments")
    assert not store.exists() or list(store.iterdir()) == []  # the blobs stored before the refusal are gone
    names.remove("pydub__wrong_extension.aac")
    r = cli("attach", "1", *[str(AUDIO / n) for n in names], "--json")
    assert r.code == 0, r.err
    got = {a["filename"]: a for a in r.json()["attachments"]}
    assert {n: got[n]["media_type"] for n in names} == {n: EXPECTED[n][0] for n in names}
    assert cli("verify").code == 0
    rows = cli("audio", "list", "--json").json()
    assert len(rows) == len(names)
    assert all(r["playable"] for r in rows)
    sha = got["mimetype__amr.amr"]["sha256"]
    out = tmp_path / "x.amr"
    assert cli("audio", "export", sha, "--out", str(out)).code == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == sha


def test_prepare_old_phone_formats(cli, vault, tmp_path):
    """AMR, 3GP and QCELP (old phones) become a playable MP3 and a waveform."""
    from debtlog.audio import probe

    assert cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567").code == 0
    names = ["mimetype__amr.amr", "mimetype__3gp.3gp", "mimetype__qcp.qcp", "mimetype__speex.oga"]
    r = cli("attach", "1", *[str(AUDIO / n) for n in names], "--json")
    assert r.code == 0, r.err
    r = cli("audio", "prepare", "--all", "--json")
    assert r.code == 0, r.err
    assert all(p["made"] == ["playable", "waveform"] for p in r.json()["prepared"])
    for a in cli("audio", "list", "--json").json():
        out = tmp_path / (a["sha256"][:8] + ".mp3")
        assert cli("audio", "export", a["sha256"], "--playable", "--out", str(out)).code == 0
        assert probe(out).duration_s == pytest.approx(a["duration_s"], rel=0.05, abs=0.2)
    assert cli("verify").code == 0
