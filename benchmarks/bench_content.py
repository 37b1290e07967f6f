"""Content flags: set-up cost per language (fresh process) and scan time per message.

Every ``debtlog check`` is a fresh process, so what the first scan in a language costs
(reading and parsing its lexicon) is paid on every command; this prints it per language,
best of a few fresh subprocesses, and then scan() time per ~300-character message, per
language, on messages glued together from the labelled set (as content_eval.py --speed).

    python benchmarks/bench_content.py            # set-up and scan timings
    python benchmarks/bench_content.py --runs 9   # more fresh processes per figure
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# What a first scan triggers: "pay now" is Latin script, so English and Italian both.
FIRST = {
    "ru": ["Напоминаем о задолженности"],
    "zh": ["请还款"],
    "it": ["Pagamento scaduto"],
    "en": ["Please pay now"],
}
_CHILD = """
import sys, time
t0 = time.perf_counter()
from debtlog.rules.content import scan
t1 = time.perf_counter()
for lang, text in zip(sys.argv[1::2], sys.argv[2::2]):
    scan(text, [lang])
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def fresh(pairs: list[tuple[str, str]], runs: int) -> tuple[float, float]:
    """Best (import, first scans) seconds over ``runs`` fresh processes."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        args = [x for pair in pairs for x in pair]
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        imp, first = float(out[0]), float(out[1])
        if first < best[1]:
            best = (imp, first)
    return best


def messages_by_language(n: int = 2_000) -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import content_eval  # noqa: E402

    from debtlog.rules.content import LANGUAGES

    out = {}
    for lang in LANGUAGES:
        pool = [e.text for e in content_eval.load(lang)]
        msgs = []
        for i in range(n // len(LANGUAGES)):
            msg, j = "", i
            while len(msg) < 300:
                msg += pool[j % len(pool)] + " "
                j += 7
            msgs.append(msg[:300])
        out[lang] = msgs
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per set-up figure")
    args = ap.parse_args(argv)

    from debtlog.rules.content import LANGUAGES, scan

    print("set-up in a fresh process (best of %d): first scan() in each language" % args.runs)
    for lang in LANGUAGES:
        imp, first = fresh([(lang, t) for t in FIRST[lang]], args.runs)
        print(f"  {lang}: {first * 1e3:6.1f} ms   (importing debtlog.rules.content: {imp * 1e3:.1f} ms)")
    pairs = [(lang, t) for lang in LANGUAGES for t in FIRST[lang]]
    _imp, first = fresh(pairs, args.runs)
    print(f"  all four: {first * 1e3:.1f} ms")

    msgs = messages_by_language()
    for lang_msgs in msgs.values():
        for m in lang_msgs:
            scan(m)  # warm: lexicons loaded, closures built
    print("scan() per ~300-character message (languages detected as in `debtlog check`), best of 3")
    total = 0.0
    count = 0
    for lang, lang_msgs in msgs.items():
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            for m in lang_msgs:
                scan(m)
            best = min(best, time.perf_counter() - t)
        total += best
        count += len(lang_msgs)
        print(f"  {lang}: {best / len(lang_msgs) * 1e6:6.0f} µs")
    print(f"  mean: {total / count * 1e6:.0f} µs per message; 10,000 messages ≈ {total / count * 1e4:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
