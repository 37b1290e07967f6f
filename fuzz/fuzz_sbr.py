"""Fuzz the SMS Backup & Restore reader (calls-*.xml / sms-*.xml).

Invariant: whatever the bytes, ``read_sbr`` yields ``(line, record)`` pairs where each record
is a Contact, a Contact with MMS attachments, or a RecordProblem with a message; it never
raises. The first byte of the input picks the read size (1 to 64 bytes, or the default 1 MiB),
so the repair of surrogate-pair references across read boundaries is fuzzed too.

    python fuzz/fuzz_sbr.py fuzz/corpus/sbr -max_total_time=600     # a longer campaign
"""

from __future__ import annotations

import io

import _harness

MODULES = ["debtlog.importers", "debtlog.importers.common", "debtlog.importers.sbr", "debtlog.phones",
           "debtlog.models"]


def check(data: bytes) -> None:
    from debtlog.importers import WithAttachments
    from debtlog.importers import sbr
    from debtlog.models import Contact

    if not data:
        return
    choice, body = data[0], data[1:]
    sbr.READ_SIZE = 1 << 20 if choice >= 128 else 1 + choice % 64
    try:
        items = list(sbr.read_sbr(io.BytesIO(body), timezone="Europe/Moscow", region="RU", media=bool(choice & 1)))
    finally:
        sbr.READ_SIZE = 1 << 20
    for item in items:
        rec = _harness.record_of(item)
        if rec is None:
            continue
        if isinstance(rec, WithAttachments):
            for part in rec.files:
                for chunk in part.chunks(size=96):
                    assert isinstance(chunk, bytes)
            rec = rec.record
        if not isinstance(rec, Contact):
            raise _harness.InvariantBroken(f"unexpected record type {type(rec).__name__}")


if __name__ == "__main__":
    _harness.run(MODULES, check)
