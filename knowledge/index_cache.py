"""A cache of the matcher's index on disk, so that a large knowledge base starts fast.

Indexing 5,000 procedures (100,000 phrasings) takes seconds; reading the index back takes
tens of milliseconds. An entry is keyed by a hash of everything the index is built from: the
ids and phrasings of every procedure and neighbour, the vocabulary, the index settings and
the code that builds it. Any change gives another key, so a stale entry is never used; old
entries are removed, a few newest kept.

Where: $DVCBOT_INDEX_CACHE if set ("off" turns the cache off), else the user's cache
directory ($XDG_CACHE_HOME or ~/.cache, then dvcbot/index). Entries are plain numpy arrays
(no pickle): a file someone else wrote cannot run code. An unwritable or missing directory,
or a damaged entry, only means the index is built as if there were no cache.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from knowledge.cache_files import cache_directory, prune
from knowledge.cache_files import content_key as content_key  # (re-exported: knowledge.match_index)

ENV = "DVCBOT_INDEX_CACHE"
# Knowledge bases with fewer phrasings are indexed in milliseconds: not worth a file.
MIN_PHRASINGS = 2000
KEEP = 6  # newest entries kept in the directory
_SUFFIX = ".index.npz"


@dataclass(frozen=True)
class IndexCache:
    directory: Path | None
    min_phrasings: int = MIN_PHRASINGS
    keep: int = KEEP

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> IndexCache:
        return cls(cache_directory(ENV, "index", environ))

    def wanted(self, n_phrasings: int) -> bool:
        return self.directory is not None and n_phrasings >= self.min_phrasings

    def load(self, key: str) -> dict[str, NDArray[Any]] | None:
        """The arrays saved under key, or None (absent, unreadable or damaged)."""
        if self.directory is None:
            return None
        path = self.directory / f"{key}{_SUFFIX}"
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            os.utime(path)  # recently used: kept longer
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        return arrays

    def save(self, key: str, arrays: Mapping[str, NDArray[Any]]) -> bool:
        """Writes the entry atomically; False when it could not be written."""
        if self.directory is None:
            return False
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                named: dict[str, Any] = dict(arrays)
                np.savez(out, **named)
            os.replace(tmp, self.directory / f"{key}{_SUFFIX}")
            tmp = None
            self._prune()
            return True
        except OSError:
            return False
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _prune(self) -> None:
        assert self.directory is not None
        prune(self.directory, _SUFFIX, self.keep)


def strings_to_array(items: Iterable[str]) -> NDArray[np.uint8]:
    """Strings without newlines as one byte array (np.savez without pickle)."""
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def array_to_strings(array: NDArray[np.uint8], count: int) -> list[str]:
    if count == 0:
        return []
    items = array.tobytes().decode("utf-8").split("\n")
    if len(items) != count:
        raise ValueError("damaged string table")
    return items
