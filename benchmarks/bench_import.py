"""Phone-log import speed and memory: prints figures (not a test; machines here are noisy).

    python benchmarks/bench_import.py [--calls 100000] [--mms-mb 1000] [--repeat 3] [--phases]

1. ``import sms-backup --all`` of an SMS Backup & Restore file of N calls into an empty vault,
   as a fresh process the way a person runs it (KDF included, the minimum profile so the
   figure is about the import), against the plain floor measured on the same machine:
   stream-parse the same file with expat, insert one row per call into SQLite,
   serialise and seal the database with AES-256-GCM. The issue asks for at most twice the floor.
   ``--phases`` also splits the import into its steps, in this process (CPU seconds, so a
   busy machine disturbs them less): opening the vault, reading the file alone, the import
   with the time spent inside SQLite counted apart, and saving.
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


def floor(path: Path) -> tuple[float, float]:
    """Stream-parse, insert into SQLite, seal with AES-GCM: the least any importer must do.

    Returns wall-clock and CPU seconds.
    """
    import pyexpat
    import sqlite3

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    t = time.perf_counter()
    cpu = time.process_time()
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
    return time.perf_counter() - t, time.process_time() - cpu


def vault_floor(path: Path) -> tuple[float, float]:
    """The plain floor, but writing the rows the vault format needs: the least any importer into a vault must do.

    Per call: one chain link (a canonical-JSON payload of the call's 19 fields from one
    f-string, its SHA-256 over the previous hash) and one entry row, into debtlog's own
    ``chain`` and ``entries`` tables with their indexes built at the end; then serialise
    and seal. No validation, no number normalisation, no source id, no time zone: what is
    left is what the format itself costs (docs/importing.md, "Speed and memory").
    """
    import hashlib
    import pyexpat
    import sqlite3

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from debtlog.vault.log import BULK_INDEX_TABLES, CHAIN_INSERT, ENTRY_INSERT_NEW
    from debtlog.vault.schema import migrate

    t = time.perf_counter()
    cpu = time.process_time()
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("BEGIN")
    migrate(conn)
    marks = ",".join("?" * len(BULK_INDEX_TABLES))
    indexes = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "
                           "AND sql IS NOT NULL", BULK_INDEX_TABLES).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    chain, entries = [], []
    state = [0, "0" * 64]
    sha = hashlib.sha256

    def start(name, a):
        if name == "call":
            seq = state[0] + 1
            payload = ('{"agency":null,"caller":null,"channel":"call","content":"","creditor":null,"debt":null,'
                       f'"direction":"incoming","duration_s":{a["duration"]},"identified":null,'
                       f'"number":"{a["number"]}","number_hidden":false,"occurred_at":"{a["date"]}",'
                       f'"outcome":null,"robot":false,"source_id":"{a["date"]}","target":"debtor",'
                       '"third_party":null,"timezone":"Europe/Moscow"}')
            prev = state[1]
            h = sha(f"{prev}\n{seq}\n{payload}".encode()).hexdigest()
            chain.append((seq, "contact", "create", seq, "2026-01-01T00:00:00+03:00", payload, prev, h))
            entries.append((seq, "contact", a["date"], seq, seq, 1, 0, int(a["date"]) / 1000, "call", a["number"],
                            None))
            state[0], state[1] = seq, h

    p = pyexpat.ParserCreate()
    p.StartElementHandler = start
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            p.Parse(chunk, False)
            conn.executemany(CHAIN_INSERT, chain)
            conn.executemany(ENTRY_INSERT_NEW, entries)
            chain.clear()
            entries.clear()
    p.Parse(b"", True)
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    data = conn.serialize()
    AESGCM(os.urandom(32)).encrypt(os.urandom(12), data, b"")
    return time.perf_counter() - t, time.process_time() - cpu


def run(args: list[str], env: dict) -> tuple[float, float, float]:
    """Seconds, peak RSS (MB) and CPU seconds of one debtlog command in a fresh process.

    The CPU seconds (this process's own) are steadier than the wall clock on a shared machine.
    The peak is the child's own VmHWM on Linux: ``ru_maxrss`` survives ``exec`` and reports
    this benchmark's own size when that was larger (after ``--phases``: 619 MB for an import
    whose real peak is 50 MB).
    """
    code = ("import resource, sys, time\n"
            "from debtlog.cli.main import main\n"
            "import debtlog.cli.phone_imports\n"
            "t = time.perf_counter()\n"
            "c = time.process_time()\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    rc = e.code\nelse:\n    rc = 0\n"
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "try:\n"
            "    with open('/proc/self/status') as f:\n"
            "        peak = int(next(l for l in f if l.startswith('VmHWM:')).split()[1])\n"
            "except (OSError, StopIteration):\n    pass\n"
            "print(time.perf_counter() - t, peak, rc, time.process_time() - c, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True)
    last = r.stderr.strip().splitlines()[-1].split()
    if last[2] not in ("0", "None"):
        raise SystemExit(f"debtlog {' '.join(args)} failed: {r.stderr[-800:]}")
    return float(last[0]), float(last[1]) / 1024, float(last[3])


class _TimedConnection:
    """Forwards to a sqlite3 connection, counting the CPU time spent in execute/executemany."""

    def __init__(self, conn):
        self._conn = conn
        self.seconds = 0.0

    def _timed(self, name):
        method = getattr(self._conn, name)

        def call(*args):
            t = time.process_time()
            try:
                return method(*args)
            finally:
                self.seconds += time.process_time() - t

        return call

    def __getattr__(self, name):
        if name in ("execute", "executemany"):
            return self._timed(name)
        return getattr(self._conn, name)


def phases(path: Path, tmp: Path) -> None:
    """Where the time of one import goes (CPU seconds, in this process)."""
    import gc

    from debtlog.cli.phone_imports import _Filter, _keep
    from debtlog.importers import ingest
    from debtlog.importers.sbr import read_sbr
    from debtlog.models import Profile
    from debtlog.vault import create_vault, open_log
    from debtlog.vault.crypto import MINIMUM_KDF

    vault = tmp / "phases.debtlog"
    create_vault(vault, PASS, Profile(jurisdiction="RU", timezone="Europe/Moscow"), kdf=MINIMUM_KDF)

    def read():
        with open(path, "rb") as f:
            for _item in read_sbr(f, timezone="Europe/Moscow", region="RU"):
                pass

    read()  # phone numbers are normalised once per process (lru_cache); the import pays that once too
    gc.disable()
    t = time.process_time()
    read()
    reading = time.process_time() - t
    gc.enable()
    t = time.process_time()
    cm = open_log(vault, PASS, write=True)
    log = cm.__enter__()
    opening = time.process_time() - t
    timed = log.conn = _TimedConnection(log.conn)
    t = time.process_time()
    with open(path, "rb") as f:
        flt = _Filter(log, "RU", None, None, False, True)
        ingest(log, flt.apply(read_sbr(f, timezone="Europe/Moscow", region="RU")), keep=_keep)
    importing = time.process_time() - t
    log.conn = timed._conn
    t = time.process_time()
    cm.__exit__(None, None, None)
    saving = time.process_time() - t
    print(f"  phases (CPU s): open {opening:.2f}; read alone {reading:.2f}; import {importing:.2f} = "
          f"reading + records, JSON, hash chain {importing - timed.seconds:.2f} + inside SQLite (inserts, "
          f"indexes) {timed.seconds:.2f}; save (serialise, seal, write) {saving:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--mms-mb", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--phases", action="store_true", help="also split one import into its steps")
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        calls = tmp / "calls.xml"
        write_calls(calls, ns.calls)
        floors = [floor(calls) for _ in range(ns.repeat)]
        vault_floors = [vault_floor(calls) for _ in range(ns.repeat)]
        env = dict(os.environ, DEBTLOG_PASSPHRASE=PASS, DEBTLOG_KDF_PROFILE="minimum", NO_COLOR="1",
                   DEBTLOG_HOME=str(tmp / "home"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's machine caches bytecode
        times, cpus = [], []
        for i in range(ns.repeat):
            env["DEBTLOG_VAULT"] = str(tmp / f"v{i}.debtlog")
            run(["init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow"], env)
            t, _rss, c = run(["import", "sms-backup", str(calls), "--all", "--json"], env)
            times.append(t)
            cpus.append(c)
        f, t = statistics.median(w for w, _c in floors), statistics.median(times)
        fc, c = statistics.median(c for _w, c in floors), statistics.median(cpus)
        print(f"sms-backup, {ns.calls:,} calls ({calls.stat().st_size / 1e6:.1f} MB), medians of {ns.repeat}:")
        print(f"  floor (expat + sqlite insert + AES-GCM seal): {f:.2f} s (CPU {fc:.2f} s)")
        vf, vfc = statistics.median(w for w, _c in vault_floors), statistics.median(c for _w, c in vault_floors)
        print(f"  vault-format floor (the same, writing the vault's chain and entry rows and indexes): {vf:.2f} s "
              f"(CPU {vfc:.2f} s)")
        print(f"  debtlog import sms-backup --all (whole command): {t:.2f} s = {t / f:.2f} x floor, "
              f"{t / vf:.2f} x vault-format floor (CPU {c:.2f} s = {c / fc:.2f} x, {c / vfc:.2f} x)")
        print("  re-import (all duplicates):", end=" ")
        t2, _, c2 = run(["import", "sms-backup", str(calls), "--all", "--json"], env)
        print(f"{t2:.2f} s (CPU {c2:.2f} s)")
        if ns.phases:
            phases(calls, tmp)
        calls.unlink()
        if ns.mms_mb:
            big = tmp / "sms.xml"
            n = write_mms(big, ns.mms_mb)
            env["DEBTLOG_VAULT"] = str(tmp / "mms.debtlog")
            run(["init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow"], env)
            t, rss, _c = run(["import", "sms-backup", str(big), "--all", "--json"], env)
            print(f"sms-backup, {big.stat().st_size / 1e6:.0f} MB of MMS ({n:,} pictures stored as attachments):")
            print(f"  {t:.1f} s, peak memory {rss:.0f} MB")
            env["DEBTLOG_VAULT"] = str(tmp / "mms2.debtlog")
            run(["init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow"], env)
            t, rss, _c = run(["import", "sms-backup", str(big), "--all", "--no-media", "--json"], env)
            print(f"  --no-media: {t:.1f} s, peak memory {rss:.0f} MB")


if __name__ == "__main__":
    main()
