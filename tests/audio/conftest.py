"""Fixtures for the audio tests: recordings made here (wave + the bundled ffmpeg), and the CLI."""

from __future__ import annotations

import math
import struct
import subprocess
import wave
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def audio_commands():
    """Register `attach` and `audio` on the app for these tests if app.py does not yet (then remove them)."""
    from debtlog.cli import audio_cmd
    from debtlog.cli.app import app

    added_cmd = added_group = None
    if not any(c.name == "attach" for c in app.registered_commands):
        app.command("attach")(audio_cmd.attach)
        added_cmd = app.registered_commands[-1]
    if not any(g.name == "audio" for g in app.registered_groups):
        app.add_typer(audio_cmd.audio_app, name="audio")
        added_group = app.registered_groups[-1]
    yield
    if added_cmd is not None:
        app.registered_commands.remove(added_cmd)
    if added_group is not None:
        app.registered_groups.remove(added_group)


def make_wav(path: Path, seconds: float = 3.0, rate: int = 8000, channels: int = 1, freq: float = 440.0,
             amplitude: float = 0.3) -> Path:
    """A sine tone (with a quiet pause in the middle) as 16-bit PCM WAV."""
    n = int(seconds * rate)
    frames = bytearray()
    for i in range(n):
        t = i / rate
        a = amplitude * (0.05 if seconds / 3 <= t < 2 * seconds / 3 else 1.0)
        v = int(32767 * a * math.sin(2 * math.pi * freq * t))
        frames += struct.pack("<h", v) * channels
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


def encode(src: Path, dest: Path, *args: str) -> Path:
    from debtlog.audio import ffmpeg_exe

    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(src), *args, str(dest)],
                   check=True)
    return dest


def make_amr(path: Path, frames: int = 250) -> Path:
    """A raw AMR-NB file of 12.2 kbit/s frames (20 ms each) with arbitrary speech bits."""
    import random

    rnd = random.Random(5)
    path.write_bytes(b"#!AMR\n" + b"".join(b"\x3c" + bytes(rnd.getrandbits(8) for _ in range(31))
                                           for _ in range(frames)))
    return path


@pytest.fixture
def tone(tmp_path) -> Path:
    return make_wav(tmp_path / "call.wav", seconds=3.0)


@pytest.fixture
def recordings(tmp_path) -> dict[str, Path]:
    """The same 6-second call in the formats phones produce."""
    wav = make_wav(tmp_path / "src.wav", seconds=6.0, rate=16000)
    return {
        "wav": wav,
        "mp3": encode(wav, tmp_path / "call.mp3", "-c:a", "libmp3lame", "-b:a", "32k"),
        "m4a": encode(wav, tmp_path / "call.m4a", "-c:a", "aac", "-b:a", "32k"),
        "opus": encode(wav, tmp_path / "call.opus", "-c:a", "libopus", "-b:a", "24k"),
        "ogg": encode(wav, tmp_path / "call.ogg", "-c:a", "libvorbis"),
        "webm": encode(wav, tmp_path / "call.webm", "-c:a", "libopus"),
        "amr": make_amr(tmp_path / "call.amr", frames=300),
    }
