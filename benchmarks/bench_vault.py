"""Vault and command-line speed: prints figures (not a test; machines here are noisy).

    python benchmarks/bench_vault.py [--sizes 1000,10000,100000] [--repeat 5]

For each vault size: `import jsonl` of that many contacts into an empty vault, then
`add` and `list --since` (a few rows) on the full vault, each as a fresh process the way a
person runs it. The key derivation (Argon2id, the standard profile) is timed on its own
and reported separately, as the issue asks; the command times include it.
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


def _records(n: int):
    for i in range(n):
        day, minute = divmod(i, 24 * 12)
        month = 1 + (day // 28) % 12
        d = 1 + day % 28
        year = 2020 + day // (28 * 12)
        yield {"source_id": f"b{i}", "occurred_at": f"{year}-{month:02d}-{d:02d}T{minute // 12:02d}:{(minute % 12) * 5:02d}:00",
               "channel": "call" if i % 3 else "sms", "direction": "incoming", "outcome": "answered" if i % 3 else None,
               "number": f"+7916{i % 5000:07d}", "agency": f"Agency {i % 40}", "duration_s": 60 + i % 300,
               "content": "Напоминаем о задолженности по договору займа, оплатите сегодня."}


def _run(args, env, stdin=None):
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "debtlog", *args], env=env, capture_output=True, text=True, input=stdin)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"debtlog {' '.join(args)} failed ({r.returncode}): {r.stderr[-500:]}")
    return elapsed


KDF_PROBE = """
import os, time
from debtlog.vault.crypto import STANDARD_KDF, derive_key
t = time.perf_counter()
derive_key("benchmark passphrase", os.urandom(16), STANDARD_KDF)
print(time.perf_counter() - t)
"""


def kdf_time(repeat: int) -> float:
    """Argon2id as a command pays for it: in a fresh process (its 64 MiB are touched anew)."""
    times = [float(subprocess.run([sys.executable, "-c", KDF_PROBE], capture_output=True, text=True, check=True).stdout)
             for _ in range(repeat)]
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kdf = kdf_time(args.repeat)
    print(f"Argon2id key derivation (64 MiB, t=3, p=4), in a fresh process: {kdf * 1000:.0f} ms "
          f"(median of {args.repeat})")
    env0 = dict(os.environ, DEBTLOG_PASSPHRASE=PASS, NO_COLOR="1", DEBTLOG_KDF_PROFILE="standard")
    # Measure what a user gets: Python caches compiled bytecode after the first run.
    env0.pop("PYTHONDONTWRITEBYTECODE", None)
    _run(["--version"], env0)
    helps = [_run(["--help"], env0) for _ in range(args.repeat)]
    print(f"debtlog --help: {statistics.median(helps) * 1000:.0f} ms (median, whole process)")
    print()
    print("| contacts | vault size | import jsonl | add | list --since (few rows) | add - KDF | list - KDF "
          "| check --json | check - list |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as d:
            env = dict(env0, DEBTLOG_VAULT=str(Path(d) / "v.debtlog"), DEBTLOG_HOME=d)
            _run(["init", "-j", "RU", "-t", "Europe/Moscow"], env)
            src = Path(d) / "in.jsonl"
            with open(src, "w", encoding="utf-8") as f:
                for r in _records(n):
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            t_import = _run(["import", "jsonl", str(src), "--json"], env)
            size = (Path(d) / "v.debtlog").stat().st_size
            adds, lists = [], []
            for i in range(args.repeat):
                adds.append(_run(["add", "--at", f"2019-12-01T10:{i:02d}", "--channel", "call", "--number",
                                  "+79161234567", "--content", "bench", "--no-input"], env))
                lists.append(_run(["list", "--since", "2019-12-01", "--until", "2019-12-01"], env))
            checks = [_run(["check", "--json"], env) for _ in range(args.repeat)]
            a, li, ch = statistics.median(adds), statistics.median(lists), statistics.median(checks)
            # "check - list": what check costs beyond opening the vault (list --since opens it too).
            print(f"| {n:,} | {size / 1e6:.1f} MB | {t_import:.2f} s | {a * 1000:.0f} ms | {li * 1000:.0f} ms | "
                  f"{(a - kdf) * 1000:.0f} ms | {(li - kdf) * 1000:.0f} ms | {ch:.2f} s | {ch - li:.2f} s |")


if __name__ == "__main__":
    main()
