"""Start-up time of `debtlog --help` in English and in the translated languages.

    python benchmarks/bench_i18n.py [RUNS]

Prints the median and the best wall time of RUNS (default 15) runs per language, and the
difference to English. The budget (issue #8): a language may add at most 20 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

LANGS = ("en", "ru", "zh_CN", "it")


def measure(lang: str, runs: int, args=("--help",)) -> list[float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "DEBTLOG_"))}
    env.update({"DEBTLOG_LANG": lang, "NO_COLOR": "1", "COLUMNS": "100"})
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "debtlog", *args], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    for args in (("--help",), ("check", "--help")):
        print(f"debtlog {' '.join(args)}  ({runs} runs each, ms)")
        base = None
        # interleave the languages so machine noise hits them alike
        results = {lang: [] for lang in LANGS}
        for _ in range(runs):
            for lang in LANGS:
                results[lang] += measure(lang, 1, args)
        for lang in LANGS:
            med, best = statistics.median(results[lang]), min(results[lang])
            base = med if base is None else base
            print(f"  {lang:6} median {med:6.1f}  best {best:6.1f}  vs en {med - base:+6.1f}")


if __name__ == "__main__":
    main()
