"""How long the rules engine takes: evaluate() on 10,000 and 100,000 synthetic contacts, per pack.

Run: python benchmarks/bench_rules.py [--sizes 10000,100000] [--repeat 3]

The budget (issue #3): 10,000 contacts within 0.5 s and 100,000 within 3 s beyond opening the
vault. The contacts are a plausible mix: mostly collector calls and SMS over about two years,
some third parties, hidden numbers, robots, a few repeated message texts (so content scanning
is realistic: a log repeats templated SMS), and the stop milestones of every pack.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from debtlog.models import Contact, Milestone, Profile, ThirdParty  # noqa: E402
from debtlog.rules import available_jurisdictions, evaluate, load_pack  # noqa: E402

TZ = {
    "RU": "Europe/Moscow",
    "US": "America/New_York",
    "CN": "Asia/Shanghai",
    "IT": "Europe/Rome",
    "GB": "Europe/London",
    "IN": "Asia/Kolkata",
}
TEXTS = [
    "",
    "",
    "Напоминаем о задолженности по договору. Оплатите сегодня.",
    "Your payment is overdue. Please call us back.",
    "您的贷款已逾期，请尽快还款。",
    "Gentile cliente, la rata risulta insoluta.",
    "Мы знаем, где ты живёшь.",
    "We will tell your employer about this debt.",
]


def synthetic(n: int, tz: str, seed: int = 1) -> list[Contact]:
    rnd = random.Random(seed)
    zone = ZoneInfo(tz)
    start = datetime(2024, 11, 1, tzinfo=zone)
    span = 60 * 24 * 730
    creditors = [f"Bank {i}" for i in range(5)]
    out = []
    for i in range(n):
        third = rnd.random() < 0.03
        channel = rnd.choices(["call", "sms", "messenger", "email", "visit", "letter"], [60, 25, 6, 4, 2, 3])[0]
        out.append(Contact(
            occurred_at=start + timedelta(minutes=rnd.randrange(span)),
            channel=channel,
            id=i + 1,
            direction="outgoing" if rnd.random() < 0.05 else "incoming",
            outcome=rnd.choice(["answered", "missed", "missed", "rejected", "voicemail", "failed"])
            if channel == "call" else None,
            robot=rnd.random() < 0.15,
            number_hidden=rnd.random() < 0.02,
            creditor=rnd.choice(creditors),
            agency=rnd.choice(["Agency 1", "Agency 2", None]),
            identified=rnd.choice([True, None, None, False]),
            target="third_party" if third else "debtor",
            third_party=ThirdParty(rnd.choice(["Ann", "Bob", "Eve"]), rnd.choice(["relative", "employer", "spouse"]))
            if third else None,
            debt=rnd.choice([None, "card", "loan"]),
            content=rnd.choice(TEXTS),
        ))
    return out


MILESTONES = [
    Milestone(kind="overdue-start", at=date(2024, 9, 1)),
    Milestone(kind="refusal", at=date(2026, 3, 1), creditor="Bank 1"),
    Milestone(kind="cease", at=date(2026, 3, 1), agency="Agency 1"),
    Milestone(kind="representative", at=date(2026, 6, 1), creditor="Bank 2"),
    Milestone(kind="bankruptcy", at=date(2026, 9, 1)),
    Milestone(kind="dispute", at=date(2026, 1, 1), creditor="Bank 3"),
    Milestone(kind="third-party-consent", at=date(2025, 1, 1), third_party=ThirdParty("Ann")),
]


def content_status() -> str:
    try:
        from debtlog.rules import content
    except ImportError:
        return "content rules skipped (debtlog.rules.content absent)"
    try:
        for t in TEXTS:
            content.scan(t)
    except Exception as e:  # noqa: BLE001
        content.scan = lambda text, languages=None: []  # type: ignore[assignment]
        return f"content rules ran with an empty scan (lexicons not ready: {type(e).__name__})"
    return "content rules ran with the real lexicons"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(content_status())
    print(f"{'pack':<5}{'contacts':>10}{'best s':>9}{'first s':>9}{'findings':>10}")
    for code in available_jurisdictions():
        pack = load_pack(code)
        for n in sizes:
            contacts = synthetic(n, TZ[code])
            profile = Profile(code, TZ[code])
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                findings = evaluate(contacts, MILESTONES, profile, packs=[pack])
                times.append(time.perf_counter() - t)
            print(f"{code:<5}{n:>10}{min(times):>9.3f}{times[0]:>9.3f}{len(findings):>10}")


if __name__ == "__main__":
    main()
