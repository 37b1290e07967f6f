"""Phone-log import speed and memory: prints figures (not a test; machines here are noisy).

    python benchmarks/bench_import.py [--calls 100000] [--mms-mb 1000] [--repeat 3]

1. ``import sms-backup --all`` of an SMS Backup & Restore file of N calls into an empty vault,
   as a fresh process the way a person runs it (KDF included, the minimum profile so the
   figure is about the import), against the plain floor measured on the same machine:
   stream-parse the same file with expat, insert one row per call into SQLite,
   serialise and seal the database with AES-256-GCM. The issue asks for at most twice the floor.
2. Peak memory (max RSS of the child process) of ``import sms-backup`` on an ``sms.xml`` of
   MMS full of base64 pictures (default 1000 MB; the issue asks for under 200 MB). The
   pictures are stored as encrypted attachments unless ``--no-media`` is given.
"""

from __future__ import annotations

import argparse
import base64
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASS = "benchmark passphrase"
BASE_MS = 1_700_000_000_000


def write_calls(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        f.write(f'<calls count="{n}" backup_set="bench" backup_date="{BASE_MS}" type="full">\n')
        for i in range(n):
            number = f"+7916{i % 3000:07d}" if i % 4 else f"8916{i % 3000:07d}"
            f.write(f'  <call number="{number}" duration="{i % 300}" date="{BASE_MS + i * 61_000}" '
                    f'type="{1 + i % 6}" presentation="1" subscription_id="1" post_dial_digits="" '
                    f'readable_date="14 нояб. 2023 г. 22:13:20" contact_name="(Unknown)" />\n')
        f.write("</calls>\n")


def write_mms(path: Path, megabytes: int) -> int:
    picture = base64.b64encode(os.urandom(750_000)).decode()  # a 1 MB base64 photo
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n")
        while f.tell() < megabytes * 1_000_000:
            f.write(f'  <mms date="{BASE_MS + n * 1000}" msg_box="1" address="+7916{n % 1000:07d}" m_id="b{n}" '
                    f'sub="null" ct_t="application/vnd.wap.multipart.related" read="1" m_type="132">'
                    f'<parts><part seq="0" ct="text/plain" text="Фото {n}" />'
                    f'<part seq="0" ct="image/jpeg" cl="p{n}.jpg" data="{picture}" /></parts>'
                    f'<addrs><addr address="+7916{n % 1000:07d}" type="137" charset="106" /></addrs></mms>\n')
            n += 1
        f.write("</smses>\n")
    return n


def floor(path: Path) -> float:
    """Stream-parse, insert into SQLite, seal with AES-GCM: the least any importer must do."""
    import pyexpat
    import sqlite3

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    t = time.perf_counter()
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE c (date INTEGER, number TEXT, duration INTEGER, type INTEGER)")
    conn.execute("BEGIN")
    rows = []

    def start(name, a):
        if name == "call":
            rows.append((int(a["date"]), a["number"], int(a["duration"]), int(a["type"])))

    p = pyexpat.ParserCreate()
    p.StartElementHandler = start
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            p.Parse(chunk, False)
            conn.executemany("INSERT INTO c VALUES (?,?,?,?)", rows)
            rows.clear()
    p.Parse(b"", True)
    conn.execute("COMMIT")
    data = conn.serialize()
    AESGCM(os.urandom(32)).encrypt(os.urandom(12), data, b"")
    return time.perf_counter() - t


def run(args: list[str], env: dict) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one debtlog command in a fresh process."""
    code = ("import resource, sys, time\n"
            "from debtlog.cli.main import main\n"
            "import debtlog.cli.phone_imports\n"
            "t = time.perf_counter()\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    rc = e.code\nelse:\n    rc = 0\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rc, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True)
    last = r.stderr.strip().splitlines()[-1].split()
    if last[2] not in ("0", "None"):
        raise SystemExit(f"debtlog {' '.join(args)} failed: {r.stderr[-800:]}")
    return float(last[0]), float(last[1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--mms-mb", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        calls = tmp / "calls.xml"
        write_calls(calls, ns.calls)
        floors = [floor(calls) for _ in range(ns.repeat)]
        env = dict(os.environ, DEBTLOG_PASSPHRASE=PASS, DEBTLOG_KDF_PROFILE="minimum", NO_COLOR="1",
                   DEBTLOG_HOME=str(tmp / "home"))
        times = []
        for i in range(ns.repeat):
            env["DEBTLOG_VAULT"] = str(tmp / f"v{i}.debtlog")
            run(["init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow"], env)
            t, _rss = run(["import", "sms-backup", str(calls), "--all", "--json"], env)
            times.append(t)
        f, t = statistics.median(floors), statistics.median(times)
        print(f"sms-backup, {ns.calls:,} calls ({calls.stat().st_size / 1e6:.1f} MB):")
        print(f"  floor (expat + sqlite insert + AES-GCM seal): {f:.2f} s")
        print(f"  debtlog import sms-backup --all (whole command): {t:.2f} s = {t / f:.2f} x floor")
        print(f"  re-import (all duplicates):", end=" ")
        t2, _ = run(["import", "sms-backup", str(calls), "--all", "--json"], env)
        print(f"{t2:.2f} s")
        calls.unlink()
        if ns.mms_mb:
            big = tmp / "sms.xml"
            n = write_mms(big, ns.mms_mb)
            env["DEBTLOG_VAULT"] = str(tmp / "mms.debtlog")
            run(["init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow"], env)
            t, rss = run(["import", "sms-backup", str(big), "--all", "--json"], env)
            print(f"sms-backup, {big.stat().st_size / 1e6:.0f} MB of MMS ({n:,} pictures stored as attachments):")
            print(f"  {t:.1f} s, peak memory {rss:.0f} MB")
            env["DEBTLOG_VAULT"] = str(tmp / "mms2.debtlog")
            run(["init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow"], env)
            t, rss = run(["import", "sms-backup", str(big), "--all", "--no-media", "--json"], env)
            print(f"  --no-media: {t:.1f} s, peak memory {rss:.0f} MB")


if __name__ == "__main__":
    main()
