"""Fuzz the JSON Lines importer, through to the (in-memory) evidence log.

Invariant: whatever the bytes, reading and ingesting them into a fresh log either imports
records (and the hash chain then verifies) or raises ImportFailed listing each bad line;
nothing else.

    python fuzz/fuzz_jsonl.py fuzz/corpus/jsonl -max_total_time=600     # a longer campaign
"""

from __future__ import annotations

import io

import _harness

MODULES = ["debtlog.importers", "debtlog.importers.jsonl", "debtlog.records", "debtlog.timeparse",
           "debtlog.phones", "debtlog.models"]


def _fresh_log():
    from debtlog.models import Profile
    from debtlog.vault import _connect
    from debtlog.vault.log import EvidenceLog
    from debtlog.vault.schema import migrate

    conn = _connect(None, None)
    conn.execute("BEGIN")
    migrate(conn)
    log = EvidenceLog(conn)
    log.initialise(Profile("RU", "Europe/Moscow"), b"p" * 32, b"k" * 32)
    return log


def check(data: bytes) -> None:
    from debtlog.importers import ImportFailed, ingest
    from debtlog.importers.jsonl import read_jsonl

    log = _fresh_log()
    try:
        summary = ingest(log, read_jsonl(io.BytesIO(data), timezone="Europe/Moscow", region="RU"))
    except ImportFailed as e:
        if not e.summary.errors or e.exit_code != 2:
            raise _harness.InvariantBroken("ImportFailed without errors") from None
        for err in e.summary.errors:
            if not (isinstance(err["line"], int) and isinstance(err["message"], str) and err["message"]):
                raise _harness.InvariantBroken(f"an unclear error: {err!r}") from None
        return
    if summary.imported + summary.duplicates != summary.read:
        raise _harness.InvariantBroken(f"records lost: {summary.to_dict()}")
    if not log.verify().ok:
        raise _harness.InvariantBroken("the hash chain does not verify after an import")
    for entry in log.entries():
        entry.to_json()


if __name__ == "__main__":
    _harness.run(MODULES, check)
