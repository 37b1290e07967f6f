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
    from debtlog.importers import RecordProblem
    from debtlog.importers.vcard import read_vcards
    from debtlog.vault.addressbook import Card

    for item in read_vcards(io.BytesIO(data), region="RU"):
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int)):
            raise _harness.InvariantBroken(f"not a (line, record) pair: {item!r}")
        rec = item[1]
        if isinstance(rec, RecordProblem):
            if not (isinstance(rec.message, str) and rec.message):
                raise _harness.InvariantBroken("a RecordProblem without a message")
        elif isinstance(rec, Card):
            if not (isinstance(rec.uid, str) and rec.uid):
                raise _harness.InvariantBroken("a card without a uid")
            if not (rec.name or rec.numbers):
                raise _harness.InvariantBroken("a card with neither name nor number")
        else:
            raise _harness.InvariantBroken(f"unexpected record type {type(rec).__name__}")


if __name__ == "__main__":
    _harness.run(MODULES, check)
