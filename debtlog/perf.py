"""Small speed helpers shared by the commands that handle every record at once."""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk pass over many small objects.

    Records form no reference cycles; while a command builds 100,000 of them the collector
    would only rescan the growing heap again and again (a fifth to a third of the time of
    an import or a check). Reference counting still frees memory as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
