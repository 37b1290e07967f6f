"""Fuzz the vCard reader (2.1, 3.0, 4.0: Android, iOS and feature-phone address books).

Invariant: whatever the bytes, ``read_vcards`` yields ``(line, Card | RecordProblem)``; it
never raises.

    python fuzz/fuzz_vcard.py fuzz/corpus/vcard -max_total_time=600     # a longer campaign
"""

from __future__ import annotations

import io

import _harness

MODULES = ["debtlog.importers", "debtlog.importers.common", "debtlog.importers.vcard",
           "debtlog.importers.relations", "debtlog.phones", "debtlog.vault.addressbook"]


def check(data: bytes) -> None:
    from debtlog.importers.vcard import read_vcards
    from debtlog.vault.addressbook import Card

    for item in read_vcards(io.BytesIO(data), region="RU"):
        rec = _harness.record_of(item)
        if rec is None:
            continue
        if isinstance(rec, Card):
            if not (isinstance(rec.uid, str) and rec.uid):
                raise _harness.InvariantBroken("a card without a uid")
            if not (rec.name or rec.numbers):
                raise _harness.InvariantBroken("a card with neither name nor number")
        else:
            raise _harness.InvariantBroken(f"unexpected record type {type(rec).__name__}")


if __name__ == "__main__":
    _harness.run(MODULES, check)
