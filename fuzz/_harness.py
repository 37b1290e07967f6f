"""What the fuzz targets share: loading debtlog under atheris' instrumentation, and running.

Each target module defines ``MODULES`` (what to instrument) and ``check(data)`` (the
invariant: any input gives records or a clear problem, never another exception). ``check``
works without atheris, so the regression tests call it on the inputs that once crashed.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run(modules: list[str], check) -> None:
    """``python fuzz/fuzz_X.py [libFuzzer/atheris options] [CORPUS_DIR ...]``"""
    import atheris

    with atheris.instrument_imports(include=["debtlog"]):
        for name in modules:
            importlib.import_module(name)
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


class InvariantBroken(AssertionError):
    """The importer returned something that is neither a record nor a clear problem."""


def record_of(item):
    """The record of a reader's ``(line, record)`` pair, or None for a RecordProblem with a
    message; anything else breaks the invariant."""
    from debtlog.importers import RecordProblem

    if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int)):
        raise InvariantBroken(f"not a (line, record) pair: {item!r}")
    rec = item[1]
    if isinstance(rec, RecordProblem):
        if not (isinstance(rec.message, str) and rec.message):
            raise InvariantBroken("a RecordProblem without a message")
        return None
    return rec
