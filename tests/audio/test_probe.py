"""Probing: format from the content, durations, and refusing what is not a usable recording."""

from __future__ import annotations

import wave

import pytest

from debtlog.audio import BadAudio, amr_frames, decode_segment, fmt_duration, parse_offset, peaks, probe, waveform_svg
from debtlog.errors import InvalidInput

from .conftest import encode, make_amr, make_wav


@pytest.mark.parametrize("fmt,media_type,codec", [
    ("wav", "audio/wav", "pcm_s16le"),
    ("mp3", "audio/mpeg", "mp3"),
    ("m4a", "audio/mp4", "aac"),
    ("opus", "audio/ogg", "opus"),
    ("ogg", "audio/ogg", "vorbis"),
    ("webm", "audio/webm", "opus"),
])
def test_probe_formats(recordings, fmt, media_type, codec):
    info = probe(recordings[fmt])
    assert info.media_type == media_type
    assert info.codec == codec
    assert info.playable
    assert info.duration_s == pytest.approx(6.0, abs=0.1)
    assert info.channels == 1
    assert info.file_times["modified"]


def test_raw_amr_duration_counts_frames(recordings):
    info = probe(recordings["amr"])
    assert info.media_type == "audio/amr" and info.codec == "amr_nb"
    assert info.duration_s == 6.0 and info.duration_source == "AMR frame count"
    assert amr_frames(recordings["amr"], "audio/amr") == (300, False)


def test_extension_that_lies_is_ignored(recordings, tmp_path):
    liar = tmp_path / "call.wav"
    liar.write_bytes(recordings["mp3"].read_bytes())
    info = probe(liar)
    assert info.media_type == "audio/mpeg" and info.codec == "mp3"


@pytest.mark.parametrize("content,what", [
    (b"%PDF-1.4\n" + b"x" * 2000, "PDF"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 2000, "PNG"),
    ("Здравствуйте, это не запись.\n".encode() * 50, "not a recording"),
])
def test_not_audio_is_refused(tmp_path, content, what):
    p = tmp_path / "call.mp3"
    p.write_bytes(content)
    with pytest.raises(BadAudio) as e:
        probe(p)
    assert "not audio" in e.value.message and what in e.value.message and ".mp3" in e.value.message


def test_empty_and_header_only_files(tmp_path):
    empty = tmp_path / "e.wav"
    empty.write_bytes(b"")
    with pytest.raises(BadAudio, match="empty"):
        probe(empty)
    header_only = tmp_path / "h.wav"
    with wave.open(str(header_only), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
    assert header_only.stat().st_size == 44
    with pytest.raises(BadAudio) as e:
        probe(header_only)
    assert "empty" in e.value.message


@pytest.mark.parametrize("fmt", ["wav", "mp3", "m4a", "opus", "ogg", "webm", "amr"])
def test_truncated_files_are_refused(recordings, tmp_path, fmt):
    data = recordings[fmt].read_bytes()
    cut = tmp_path / f"cut.{fmt}"
    cut.write_bytes(data[: len(data) * 6 // 10 + 1])
    with pytest.raises(BadAudio) as e:
        probe(cut)
    assert "truncated" in e.value.message or "damaged" in e.value.message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InvalidInput, match="does not exist"):
        probe(tmp_path / "nope.mp3")
    with pytest.raises(InvalidInput, match="folder"):
        probe(tmp_path)


def test_decode_segment_wraps_pcm_in_pydub(recordings):
    seg = decode_segment(recordings["m4a"])
    assert seg.frame_rate == 16000 and seg.channels == 1 and seg.sample_width == 2
    assert len(seg) == pytest.approx(6000, abs=100)  # milliseconds
    # A pipe of chunks works as well as a path (how decrypted attachments are decoded).
    data = recordings["mp3"].read_bytes()
    piped = decode_segment((data[i:i + 1000] for i in range(0, len(data), 1000)), rate=8000, channels=1)
    assert len(piped) == pytest.approx(6000, abs=150)


def test_waveform_peaks_and_svg(tmp_path):
    wav = make_wav(tmp_path / "w.wav", seconds=3.0, rate=8000)
    from debtlog.audio import pcm

    levels = peaks(pcm(wav, rate=8000), 3.0, buckets=30)
    assert len(levels) == 30
    assert levels[0] > 0.25 and levels[15] < 0.03 and levels[-1] > 0.25  # loud, quiet pause, loud
    svg = waveform_svg(levels, 3.0, title="a <call>")
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and "a &lt;call&gt;" in svg


def test_offsets_and_durations():
    assert parse_offset("75") == 75 and parse_offset("1:15") == 75 and parse_offset("1:02:03") == 3723
    with pytest.raises(InvalidInput):
        parse_offset("soon")
    assert fmt_duration(75) == "1:15" and fmt_duration(3723) == "1:02:03" and fmt_duration(None) == "–"


def test_amr_wb_and_truncated_frame(tmp_path):
    wb = tmp_path / "x.awb"
    wb.write_bytes(b"#!AMR-WB\n" + (b"\x44" + b"\x11" * 60) * 100)  # FT 8: 60-byte frames
    assert amr_frames(wb, "audio/amr-wb") == (100, False)
    cut = make_amr(tmp_path / "c.amr", 10)
    cut.write_bytes(cut.read_bytes()[:-3])
    assert amr_frames(cut, "audio/amr") == (9, True)


def test_encode_helper_makes_real_files(recordings, tmp_path):
    assert encode(recordings["wav"], tmp_path / "x.mp3").stat().st_size > 1000
