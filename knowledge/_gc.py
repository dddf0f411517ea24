"""Pausing Python's cyclic garbage collector while building large acyclic structures."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading 5,000 procedures creates millions of small objects, none of them in cycles;
    the collector's repeated full passes over them cost more than the work itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
