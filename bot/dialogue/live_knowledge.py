"""The knowledge base currently in use, replaceable at run time.

    live = LiveKnowledge.load("procedures.yaml")    # KnowledgeError if the file is invalid
    snap = live.current                             # kb and matcher that belong together
    problems = live.reload()                        # [] and swapped, or the problems and kept
    news = live.take_expired(today)                 # facts past valid_until staff were not told
                                                    # of yet (once per fact per process)

A reload builds the new KnowledgeBase, Matcher and FacetDetector (which aspect a question
asks about, with the file's vocabulary) completely before swapping one attribute, so a handler
that took `live.current` at the start of a turn keeps a consistent set, and an invalid file
never replaces a working one.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from knowledge.facets import FacetDetector
from knowledge.loader import KnowledgeError, Problem, load_knowledge
from knowledge.matching import Matcher
from knowledge.models import ExpiredFact, KnowledgeBase
from knowledge.normalise import Vocabulary
from knowledge.yaml_safety import DEFAULT_MAX_BYTES, out_of_resources_message


@dataclass(frozen=True)
class Snapshot:
    kb: KnowledgeBase
    matcher: Matcher
    loaded_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    mtime: float | None = None
    facets: FacetDetector | None = None  # None: built from `kb` on first use (facet_detector)

    @property
    def facet_detector(self) -> FacetDetector:
        if self.facets is None:
            object.__setattr__(self, "facets", facets_for(self.kb))  # once; same result every time
        assert self.facets is not None
        return self.facets


def facets_for(kb: KnowledgeBase) -> FacetDetector:
    """The aspect detector with the built-in cue table and the file's own abbreviations."""
    return FacetDetector.load(vocabulary=Vocabulary.builtin().extended(kb.vocabulary))


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


class LiveKnowledge:
    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None, path: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = path if path is not None else (kb.path or None)
        self.max_bytes = max_bytes  # a larger file is refused (DVCBOT_KNOWLEDGE_MAX_MB)
        self._lock = threading.Lock()  # one reload at a time; readers never wait
        self._current = Snapshot(kb, matcher or Matcher(kb), mtime=_mtime(self.path) if self.path else None,
                                 facets=facets_for(kb))
        # Expired facts staff were already told about, by what identifies a fact across reloads
        # (its line may move when the file is edited): once per fact and process.
        self._reported: set[tuple[str, str, str, date]] = set()
        self._reported_lock = threading.Lock()  # not the reload lock: a reload may take a while

    @classmethod
    def load(cls, path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> LiveKnowledge:
        """Load and validate `path`; raises knowledge.loader.KnowledgeError (with .problems)."""
        kb = load_knowledge(os.fspath(path), max_bytes=max_bytes)
        return cls(kb, path=str(path), max_bytes=max_bytes)

    @property
    def current(self) -> Snapshot:
        return self._current

    @property
    def kb(self) -> KnowledgeBase:
        return self._current.kb

    @property
    def matcher(self) -> Matcher:
        return self._current.matcher

    def reload(self, path: str | os.PathLike[str] | None = None) -> list[Problem]:
        """Load `path` (default: the current file) and swap it in if valid.

        Returns [] on success; otherwise the problems, and the current knowledge stays.
        """
        target = str(path) if path is not None else self.path
        if not target:
            return [Problem("", 0, "no knowledge base path to reload")]
        with self._lock:
            mtime = _mtime(target)
            try:
                kb = load_knowledge(target, max_bytes=self.max_bytes)
                matcher = Matcher(kb)
                facets = facets_for(kb)
            except KnowledgeError as exc:
                return list(exc.problems)
            except OSError as exc:
                return [Problem(target, 0, str(exc))]
            except (MemoryError, RecursionError) as exc:  # like a bad file: the old one serves on
                return [Problem(target, 1, out_of_resources_message(exc))]
            self._current = Snapshot(kb, matcher, mtime=mtime, facets=facets)
            self.path = target
            return []

    def replace(self, kb: KnowledgeBase) -> None:
        """Swap in an already validated knowledge base (tests, staff tools)."""
        with self._lock:
            self._current = Snapshot(kb, Matcher(kb), mtime=_mtime(kb.path) if kb.path else None,
                                     facets=facets_for(kb))

    def changed_on_disk(self) -> bool:
        """True when the file's modification time differs from the loaded one's."""
        return self.path is not None and bool(self.path) and _mtime(self.path) != self._current.mtime

    def reload_if_changed(self) -> list[Problem] | None:
        """Reload when the file changed on disk: None if unchanged, else reload()'s result."""
        if not self.changed_on_disk():
            return None
        problems = self.reload()
        if problems:
            # Remember the bad version's mtime so it is reported once, not on every poll.
            with self._lock:
                cur = self._current
                mtime = _mtime(self.path) if self.path else None
                self._current = Snapshot(cur.kb, cur.matcher, cur.loaded_at, mtime, cur.facets)
        return problems

    # -- expired facts (valid_until passed): the bot no longer shows them; staff are told once --
    @staticmethod
    def _key(fact: ExpiredFact) -> tuple[str, str, str, date]:
        return fact.entry_id, fact.field, fact.text, fact.valid_until

    def take_expired(self, today: date) -> list[ExpiredFact]:
        """The current knowledge's facts expired by `today` that staff were not told about yet,
        now marked as told (two staff commands at once do not both get them)."""
        with self._reported_lock:
            news = [f for f in self.kb.expired_facts(today) if self._key(f) not in self._reported]
            self._reported.update(self._key(f) for f in news)
        return news

    def untake_expired(self, facts: list[ExpiredFact]) -> None:
        """Telling staff failed: `facts` are offered again next time."""
        with self._reported_lock:
            self._reported.difference_update(self._key(f) for f in facts)
