"""Audio speed: attaching a 60-minute recording, and `audio list` on a vault with 500 recordings.

    python benchmarks/bench_audio.py [--minutes 60] [--list-size 500] [--big]

Prints figures (not a test). Each command runs as a fresh process, the way a person runs it,
with the standard key derivation. Peak memory is the largest resident size of the process
(ru_maxrss); the bundled ffmpeg runs in its own process and is reported apart.

- attach: a 60-minute recording in the formats phones produce (WAV 8 kHz mono 57.6 MB, M4A/AAC,
  MP3, AMR); with --big also a 60-minute 44.1 kHz stereo WAV (635 MB). The time is split into
  probing (ffmpeg and mutagen, before the vault opens) and storing (SHA-256 + AES-256-GCM).
- encryption alone: store_file on the same files, MB/s.
- audio list: 500 recordings attached to 500 contacts.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASS = "benchmark passphrase"
RUNNER = """
import sys
from debtlog.cli import audio_cmd
from debtlog.cli.app import app
if not any(c.name == "attach" for c in app.registered_commands):
    app.command("attach")(audio_cmd.attach)
if not any(g.name == "audio" for g in app.registered_groups):
    app.add_typer(audio_cmd.audio_app, name="audio")
from debtlog.cli.main import main
main(sys.argv[1:])
"""


def ffmpeg() -> str:
    from debtlog.audio import ffmpeg_exe

    return ffmpeg_exe()


def make(folder: Path, minutes: int, big: bool) -> dict[str, Path]:
    secs = str(minutes * 60)
    src = ["-f", "lavfi", "-i", f"sine=frequency=310:sample_rate=8000:duration={secs}"]
    out = {}
    specs = {
        "wav 8k mono": ("call.wav", ["-ac", "1", "-c:a", "pcm_s16le"]),
        "m4a aac 32k": ("call.m4a", ["-ac", "1", "-c:a", "aac", "-b:a", "32k"]),
        "mp3 32k": ("call.mp3", ["-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k"]),
    }
    if big:
        specs["wav 44.1k stereo"] = ("big.wav", ["-ar", "44100", "-ac", "2", "-c:a", "pcm_s16le"])
    for label, (name, args) in specs.items():
        p = folder / name
        subprocess.run([ffmpeg(), "-v", "error", "-y", *src, *args, str(p)], check=True)
        out[label] = p
    amr = folder / "call.amr"  # no AMR encoder in the bundled ffmpeg: 12.2 kbit/s frames, arbitrary bits
    frames = minutes * 60 * 50
    with open(amr, "wb") as f:
        f.write(b"#!AMR\n")
        for i in range(0, frames, 1000):
            f.write(b"".join(b"\x3c" + os.urandom(31) for _ in range(min(1000, frames - i))))
    out["amr 12.2k"] = amr
    return out


def run(env, *args) -> tuple[float, int, subprocess.CompletedProcess]:
    """Time a CLI process; returns seconds, its peak RSS in MB, and the result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    script = ("import resource, runpy, sys\n"
              "sys.argv = ['debtlog'] + sys.argv[1:]\n"
              "try:\n"
              "    exec(compile(" + repr(RUNNER) + ", 'runner', 'exec'))\n"
              "finally:\n"
              "    sys.stderr.write('\\nPEAK_RSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    r = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True)
    dt = time.perf_counter() - t
    peak = 0
    for line in r.stderr.decode(errors="replace").splitlines():
        if line.startswith("PEAK_RSS_KB="):
            peak = int(line.split("=")[1]) // 1024
    del before
    return dt, peak, r


def bench_attach(files: dict[str, Path], base: Path, env: dict) -> None:
    from debtlog.audio import probe

    print(f"{'recording':<18}{'size MB':>9}{'probe s':>9}{'attach s':>10}{'store s':>9}{'store MB/s':>12}"
          f"{'peak MB':>9}")
    fixed = None
    for label, path in files.items():
        vault = base / f"v-{path.name}.debtlog"
        e = dict(env, DEBTLOG_VAULT=str(vault))
        r = subprocess.run([sys.executable, "-m", "debtlog", "init", "-j", "RU", "-t", "Europe/Moscow"], env=e,
                           capture_output=True)
        assert r.returncode == 0, r.stderr
        subprocess.run([sys.executable, "-m", "debtlog", "add", "--at", "2026-03-03T22:30", "--channel", "call",
                        "--number", "+79161234567", "--duration", "60:00"], env=e, capture_output=True, check=True)
        t = time.perf_counter()
        probe(path)
        probe_s = time.perf_counter() - t
        dt, peak, res = run(e, "attach", "1", str(path))
        assert res.returncode == 0, res.stderr.decode()
        size = path.stat().st_size / 1e6
        # The store time: the whole attach minus the probe and the fixed cost of a command
        # (start-up + key derivation), measured below with an empty `audio list`.
        if fixed is None:
            fixed = sorted(run(e, "audio", "list", "--json")[0] for _ in range(3))[1]
        store_s = max(dt - probe_s - fixed, 1e-3)
        print(f"{label:<18}{size:>9.1f}{probe_s:>9.2f}{dt:>10.2f}{store_s:>9.2f}{size / store_s:>12.0f}{peak:>9}")
    print(f"(attach = start-up and key derivation {fixed:.2f} s + probe + store; store = SHA-256, AES-256-GCM, "
          "write and fsync)")


def bench_encryption(files: dict[str, Path], base: Path) -> None:
    import hashlib
    import tracemalloc

    from debtlog.vault.attachments import store_file

    print(f"\n{'encryption only':<18}{'size MB':>9}{'seconds':>9}{'MB/s':>8}{'sha256 MB/s':>13}{'py peak MB':>12}")
    key, vid = os.urandom(32), os.urandom(16)
    for label, path in files.items():
        vault = base / "enc.debtlog"
        tracemalloc.start()
        t = time.perf_counter()
        store_file(vault, key, vid, path)
        dt = time.perf_counter() - t
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        t = time.perf_counter()
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        hs = time.perf_counter() - t
        size = path.stat().st_size / 1e6
        print(f"{label:<18}{size:>9.1f}{dt:>9.2f}{size / dt:>8.0f}{size / hs:>13.0f}{peak / 1e6:>12.1f}")


def bench_list(n: int, base: Path, env: dict) -> None:
    import wave

    from debtlog.audio import probe
    from debtlog.models import Contact
    from debtlog.vault import open_log
    from debtlog.vault.attachments import attach_files, cleanup_on_failure

    vault = base / "list.debtlog"
    e = dict(env, DEBTLOG_VAULT=str(vault))
    subprocess.run([sys.executable, "-m", "debtlog", "init", "-j", "RU", "-t", "Europe/Moscow"], env=e,
                   capture_output=True, check=True)
    folder = base / "many"
    folder.mkdir()
    paths = []
    for i in range(n):
        p = folder / f"rec{i:04d}.wav"
        with wave.open(str(p), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(i.to_bytes(4, "little") * 2000)
        paths.append(p)
    info = probe(paths[0])
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    t0 = datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("Europe/Moscow"))
    t = time.perf_counter()
    with cleanup_on_failure(), open_log(vault, PASS, write=True) as log:
        for i, p in enumerate(paths):
            entry = log.add(Contact(occurred_at=t0 + timedelta(hours=i), channel="call", number="+79161234567"))
            attach_files(log, entry.id, [p], [info])
    build = time.perf_counter() - t
    print(f"\naudio list with {n} recordings (vault built in {build:.1f} s)")
    for args in (["audio", "list", "--json"], ["audio", "list"], ["audio", "list", "--all"], ["list", "--json"], ["list"]):
        times = sorted(run(dict(e, COLUMNS="160"), *args)[0] for _ in range(3))
        print(f"  debtlog {' '.join(args):<22} median {times[1]:.2f} s")
    kdf = sorted(_kdf_time() for _ in range(3))[1]
    print(f"  (of which the standard key derivation: {kdf:.2f} s)")


def _kdf_time() -> float:
    from debtlog.vault import crypto

    t = time.perf_counter()
    crypto.derive_key(PASS, b"s" * 16, crypto.STANDARD_KDF)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=int, default=60)
    ap.add_argument("--list-size", type=int, default=500)
    ap.add_argument("--big", action="store_true", help="also a 60-minute 44.1 kHz stereo WAV (635 MB)")
    a = ap.parse_args()
    env = dict(os.environ, DEBTLOG_PASSPHRASE=PASS, NO_COLOR="1")
    env.pop("DEBTLOG_KDF_PROFILE", None)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env["DEBTLOG_HOME"] = str(base / "home")
        files = make(base, a.minutes, a.big)
        print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; {a.minutes}-minute recordings\n")
        bench_attach(files, base, env)
        bench_encryption(files, base)
        bench_list(a.list_size, base, env)


if __name__ == "__main__":
    main()
