"""Load: vaults of 10,000, 100,000 and 1,000,000 contacts; every command timed, with its memory.

    python benchmarks/bench_load.py                                   # 10k, 100k, 1M (about 30 minutes)
    python benchmarks/bench_load.py --sizes 10000,100000 --repeat 3
    python benchmarks/bench_load.py --sizes 1000000 --dossier-max 1000000 --keep /tmp/load

Each vault is built through the real import path (`debtlog import jsonl` of generated
records, one import per vault, as a person importing a phone's whole history would), then
each command runs as a fresh process, the way a person runs it. For each command the table
gives the wall time (median of --repeat runs for the quick ones, one run for the slow ones),
the peak resident memory of that process (its own VmHWM, polled every 20 ms; else the rusage) and the
vault's size. The key derivation is the standard profile (Argon2id 64 MiB, t=3, p=4: what
users get; DEBTLOG_KDF_PROFILE=standard), timed on its own in a fresh process and printed
first, so it can be subtracted.

Commands: open (``list --since D --until D`` matching no row: decrypt, deserialise, one
indexed query), add, list --since (one day:
288 rows, in a table), list --json (everything, to a file), check
--json, verify, export dossier (ZIP, up to --dossier-max contacts; see below), backup.

The dossier renders every entry into HTML, PDF, CSV and JSON; at a million contacts that is
a PDF of tens of thousands of pages, so it runs only up to --dossier-max (default 100,000)
and is given --timeout seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASS = "benchmark passphrase"
DAY = 24 * 12  # contacts per generated day: one every five minutes


def records(n: int):
    """n contacts, one every five minutes from 2020-01-01, over 40 agencies and 5,000 numbers."""
    for i in range(n):
        day, minute = divmod(i, DAY)
        month = 1 + (day // 28) % 12
        d = 1 + day % 28
        year = 2020 + day // (28 * 12)
        yield {"source_id": f"b{i}",
               "occurred_at": f"{year}-{month:02d}-{d:02d}T{minute // 12:02d}:{(minute % 12) * 5:02d}:00",
               "channel": "call" if i % 3 else "sms", "direction": "incoming",
               "outcome": "answered" if i % 3 else None, "number": f"+7916{i % 5000:07d}",
               "agency": f"Agency {i % 40}", "duration_s": 60 + i % 300,
               "content": "Напоминаем о задолженности по договору займа, оплатите сегодня."}


def last_day(n: int) -> str:
    day = (n - 1) // DAY
    return f"{2020 + day // (28 * 12)}-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"


class Failed(Exception):
    pass


def run(args: list[str], env: dict, timeout: float | None = None, stdout_path: str | None = None) -> tuple[float, int]:
    """Run debtlog in a fresh process; return (seconds, peak RSS in bytes of that process alone)."""
    out = open(stdout_path or os.devnull, "wb")
    err = tempfile.TemporaryFile()
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "debtlog", *args], env=env, stdout=out, stderr=err,
                         stdin=subprocess.DEVNULL)
    deadline = None if timeout is None else t + timeout
    hwm = 0  # the child's own peak (VmHWM), polled: ru_maxrss survives exec and can report this process's size
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        try:
            with open(f"/proc/{p.pid}/status") as f:
                hwm = max(hwm, int(next(line for line in f if line.startswith("VmHWM:")).split()[1]))
        except (OSError, StopIteration, ValueError):
            pass
        if deadline is not None and time.perf_counter() > deadline:
            p.kill()
            os.wait4(p.pid, 0)
            out.close()
            raise Failed(f"timeout after {timeout:.0f} s")
        time.sleep(0.02)
    elapsed = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    if p.returncode != 0:
        err.seek(0)
        raise Failed(f"exit {p.returncode}: {err.read().decode('utf-8', 'replace').strip()[-300:]}")
    return elapsed, (hwm or usage.ru_maxrss) * 1024  # both in KiB on Linux


KDF_PROBE = """
import os, time
from debtlog.vault.crypto import STANDARD_KDF, derive_key
t = time.perf_counter()
derive_key("benchmark passphrase", os.urandom(16), STANDARD_KDF)
print(time.perf_counter() - t)
"""


def fmt_t(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.1f} s" if s < 100 else f"{s:.0f} s"


def fmt_mb(b: float) -> str:
    return f"{b / 1e6:.0f} MB" if b < 1e9 else f"{b / 1e9:.2f} GB"


def bench_size(n: int, base: Path, env0: dict, repeat: int, dossier_max: int, timeout: float,
               only: set[str] | None = None) -> list[tuple]:
    folder = base / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    vault = folder / "v.debtlog"
    env = dict(env0, DEBTLOG_VAULT=str(vault), DEBTLOG_HOME=str(folder / "home"), DEBTLOG_LOCK_TIMEOUT="60")
    rows: list[tuple] = []

    def timed(label: str, args: list[str], times: int = 1, **kw) -> None:
        if only and args[0] not in only:
            return
        try:
            results = [run(args, env, timeout=timeout, **kw) for _ in range(times)]
            rows.append((n, label, statistics.median(r[0] for r in results), max(r[1] for r in results),
                         vault.stat().st_size, ""))
        except Failed as e:
            rows.append((n, label, None, None, vault.stat().st_size if vault.exists() else 0, str(e)))
        print("  ", *(x for x in rows[-1][1:]), flush=True)

    if not vault.exists():
        src = folder / "in.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for r in records(n):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        run(["init", "-j", "RU", "-t", "Europe/Moscow"], env)
        timed("import jsonl (whole vault)", ["import", "jsonl", str(src), "--json"])
        src.unlink()
    last = last_day(n)
    timed("open (list --since, no rows)", ["list", "--since", "2019-06-01", "--until", "2019-06-01"], repeat)
    timed("add", ["add", "--at", "2019-12-01T10:00", "--channel", "call", "--number", "+79161234567",
                  "--content", "bench", "--no-input"], repeat)
    timed("list --since (one day, 288 rows)", ["list", "--since", last, "--until", last], repeat)
    timed("list --json (everything)", ["list", "--json"], stdout_path=str(folder / "list.json"))
    size_json = (folder / "list.json").stat().st_size if (folder / "list.json").exists() else 0
    with open(folder / "list.json", "wb"):
        pass
    timed("check --json", ["check", "--json"], stdout_path=str(folder / "check.json"))
    timed("verify", ["verify", "--json"])
    if only and "export" not in only:
        pass
    elif n <= dossier_max:
        out = folder / "dossier.zip"
        out.unlink(missing_ok=True)
        timed("export dossier", ["export", "dossier", "--out", str(out), "--lang", "en"])
        if out.exists():
            rows[-1] = rows[-1][:5] + (f"dossier {fmt_mb(out.stat().st_size)}",)
            out.unlink()
    else:
        rows.append((n, "export dossier", None, None, vault.stat().st_size,
                     f"skipped (> --dossier-max {dossier_max:,})"))
    backup = folder / "b.backup"
    backup.unlink(missing_ok=True)
    timed("backup (write, read back, verify)", ["backup", "--out", str(backup)])
    backup.unlink(missing_ok=True)
    if size_json:
        print(f"   list --json wrote {fmt_mb(size_json)}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the quick commands (open, add, list --since)")
    ap.add_argument("--dossier-max", type=int, default=100_000)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds any one command may take")
    ap.add_argument("--keep", type=Path, help="build the vaults here and keep them (re-used on the next run)")
    ap.add_argument("--kdf", default="standard", choices=("standard", "minimum"))
    ap.add_argument("--only", help="run only these commands on vaults kept with --keep (e.g. list,add,verify)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    env0 = dict(os.environ, DEBTLOG_PASSPHRASE=PASS, NO_COLOR="1", DEBTLOG_KDF_PROFILE=args.kdf)
    env0.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: bytecode is cached
    for var in ("DEBTLOG_PASSPHRASE_FILE", "DEBTLOG_DEBUG"):
        env0.pop(var, None)
    kdf = statistics.median(
        float(subprocess.run([sys.executable, "-c", KDF_PROBE], capture_output=True, text=True, check=True,
                             env=env0).stdout) for _ in range(3))
    print(f"Argon2id ({args.kdf} profile), in a fresh process: {kdf * 1000:.0f} ms; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs", flush=True)
    run(["--version"], env0)
    ctx = tempfile.TemporaryDirectory(prefix="debtlog-load-") if args.keep is None else None
    base = Path(ctx.name) if ctx else args.keep
    rows: list[tuple] = []
    try:
        for n in sizes:
            print(f"{n:,} contacts", flush=True)
            rows += bench_size(n, base, env0, args.repeat, args.dossier_max, args.timeout,
                               set(args.only.split(",")) if args.only else None)
    finally:
        if ctx:
            ctx.cleanup()
    print()
    print("| contacts | command | time | peak memory | vault size | note |")
    print("|---:|---|---:|---:|---:|---|")
    for n, label, t, rss, size, note in rows:
        print(f"| {n:,} | {label} | {fmt_t(t) if t is not None else '—'} | {fmt_mb(rss) if rss else '—'} | "
              f"{fmt_mb(size)} | {note} |")


if __name__ == "__main__":
    main()
