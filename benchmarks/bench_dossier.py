"""How long `export dossier` takes: 1,000 contacts with 50 recordings, 10,000 contacts without audio.

Run: python benchmarks/bench_dossier.py [--sizes 1000:50,10000:0] [--seconds 30] [--keep DIR]

The budget (issue #6): 1,000 contacts with 50 recordings within 20 s; 10,000 contacts without
audio within 30 s. Timed from opening the vault to the signed ZIP on disk (what the command
does), with the phases broken down. Setup (a vault of synthetic contacts through the JSONL
importer, WAV recordings of ``--seconds`` each attached to the first contacts) is not timed.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import struct
import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASS = "benchmark passphrase"
TEXTS = [
    "", "Напоминаем о задолженности по договору 000-123. Оплатите сегодня.",
    "Звонили в 22:30, требовали оплатить, представились «службой взыскания», имя не назвали.",
    "您的贷款已逾期，请尽快还款，否则将联系您的家人。", "Your payment is overdue. Please call us back today.",
    "Если не оплатите, сообщим всем вашим родственникам и на работу.",
]


def make_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    rnd = random.Random(path.name)
    freq = rnd.choice([220, 330, 440])
    cycle = [int(9000 * math.sin(2 * math.pi * freq * i / rate) + rnd.randint(-800, 800)) for i in range(rate)]
    frames = struct.pack(f"<{rate}h", *cycle)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        for _ in range(int(seconds)):
            w.writeframes(frames)
    return path


def records(n: int, seed: int = 1):
    rnd = random.Random(seed)
    agencies = [f"ООО ПКО Агентство {i}" for i in range(4)]
    numbers = [f"+7495000{i:04d}" for i in range(40)]
    out = []
    for i in range(n):
        day = i * 700 // n
        month, mday = divmod(day % 336, 28)
        year = 2025 + day // 336
        channel = rnd.choices(["call", "sms", "messenger", "visit", "letter"], [65, 25, 6, 2, 2])[0]
        rec = {"source_id": f"b{i}", "occurred_at": f"{year}-{month + 1:02d}-{mday + 1:02d}T{rnd.randint(6, 23):02d}:"
                                                    f"{rnd.randint(0, 59):02d}:00",
               "channel": channel, "number": rnd.choice(numbers), "agency": rnd.choice(agencies),
               "content": rnd.choice(TEXTS)}
        if channel == "call":
            rec["outcome"] = rnd.choice(["answered", "missed", "rejected"])
            rec["duration_s"] = rnd.randint(0, 400) if rec["outcome"] == "answered" else 0
        if rnd.random() < 0.03:
            rec["target"] = "third_party"
            rec["third_party"] = {"name": "Петрова Галина", "relation": "relative", "number": "+79000000404"}
        out.append(rec)
    return out


def setup(folder: Path, n: int, audio: int, seconds: float) -> Path:
    from debtlog.importers import ingest
    from debtlog.importers.jsonl import read_jsonl
    from debtlog.models import Profile
    from debtlog.vault import create_vault, open_log
    from debtlog.vault.attachments import attach_files, cleanup_on_failure
    from debtlog.vault.crypto import MINIMUM_KDF

    path = folder / f"bench-{n}.debtlog"
    profile = Profile("RU", "Europe/Moscow", "Benchmark Debtor")
    create_vault(path, PASS, profile, kdf=MINIMUM_KDF)
    lines = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records(n)]
    with open_log(path, PASS, write=True) as log:
        ingest(log, read_jsonl(iter(lines), timezone=profile.timezone, region=profile.jurisdiction))
        log.save_debt(creditor="МФО Заём", reference="000-123", amount="18400", currency="RUB")
    if audio:
        wavs = [make_wav(folder / f"call-{i}.wav", seconds) for i in range(audio)]
        with cleanup_on_failure(), open_log(path, PASS, write=True) as log:
            calls = [e.id for e in log.entries(channel="call")][:audio]
            for entry_id, wav in zip(calls, wavs):
                attach_files(log, entry_id, [wav])
    return path


def export_once(path: Path, out: Path, with_audio: bool) -> dict[str, float]:
    from debtlog.dossier import Options, build, export
    from debtlog.vault import open_log

    t = {}
    t0 = time.perf_counter()
    with open_log(path, PASS) as log:
        t["open"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        d = build(log, Options(with_audio=with_audio))
        t["build"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        result = export(d, out, log.signing_key())
        t["write"] = time.perf_counter() - t2
    t["total"] = time.perf_counter() - t0
    t["size_mb"] = result.size / 1e6
    t["recordings"] = result.recordings
    t["playable"] = result.playable
    return t


def phases(path: Path, out: Path) -> dict[str, float]:
    """Where the write time goes (rendering only, no recordings)."""
    from debtlog.dossier import Options, build
    from debtlog.dossier.html import render_html
    from debtlog.dossier.pdf import render_pdf
    from debtlog.vault import open_log

    with open_log(path, PASS) as log:
        d = build(log, Options(with_audio=False))
    t0 = time.perf_counter()
    render_html(d)
    t1 = time.perf_counter()
    render_pdf(d)
    t2 = time.perf_counter()
    return {"html": t1 - t0, "pdf": t2 - t1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000:50,10000:0", help="contacts:recordings pairs")
    ap.add_argument("--seconds", type=float, default=30, help="length of each recording")
    ap.add_argument("--keep", type=Path, help="keep the vaults and dossiers in this folder")
    args = ap.parse_args()
    budgets = {(1000, 50): 20.0, (10000, 0): 30.0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for pair in args.sizes.split(","):
            n, audio = (int(x) for x in pair.split(":"))
            t0 = time.perf_counter()
            path = setup(folder, n, audio, args.seconds)
            setup_s = time.perf_counter() - t0
            t = export_once(path, folder / f"dossier-{n}.zip", with_audio=bool(audio))
            p = phases(path, folder / "x.zip")
            budget = budgets.get((n, audio))
            verdict = "" if budget is None else (" within" if t["total"] <= budget else " OVER") + f" the {budget:.0f} s budget"
            print(f"{n} contacts, {audio} recordings of {args.seconds:.0f} s (setup {setup_s:.1f} s): "
                  f"export {t['total']:.2f} s{verdict} [open {t['open']:.2f}, build {t['build']:.2f}, "
                  f"write {t['write']:.2f} (html {p['html']:.2f}, pdf {p['pdf']:.2f})], "
                  f"{t['recordings']} originals + {t['playable']} playable, {t['size_mb']:.1f} MB")


if __name__ == "__main__":
    main()
