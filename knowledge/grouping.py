"""Group similar citizen questions, so staff read each question once with how often it came.

`group_similar` takes questions (optionally with how many times each was asked) and returns
groups, most asked first. Two questions are similar when they read the same once diacritics,
case, punctuation, politeness ("cho em hỏi", "ạ", "ad ơi") and abbreviations ("dk", "ko")
are set aside, allowing for typos and a different word order:

* character similarity: rapidfuzz's `ratio` on the words as written and on the words sorted
  (so "tạm trú đăng ký" reads like "đăng ký tạm trú"), computed with `process.cdist` in
  blocks, never pair by pair in Python;
* word agreement: the words the two questions do not share (typos allowed) must weigh
  little. Words are weighted by rarity in the questions grouped, so two questions that share
  a template ("... làm online trên dịch vụ công được không") but not their subject ("xe" /
  "khai sinh") stay apart.

Clustering is greedy: the most asked question not yet in a group starts one and takes every
remaining question similar to it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.normalise import Vocabulary, words

DEFAULT_THRESHOLD = 80.0
# Share of the (rarity-weighted) words of two questions that both have.
DEFAULT_WORD_AGREEMENT = 0.7
# Words (folded) that say nothing about what is asked: particles anywhere; address and
# openers at the start ("ad ơi cho em hỏi", "dạ xin hỏi"); particles at the end ("... vậy ạ").
# Pronouns are only dropped at the start: "ảnh" and "bán" fold to "anh" and "ban".
FILLER = frozenset("a da oi ad admin ak ah uh um nhe nha nhen nhi".split())
LEADING = FILLER | frozenset("em e anh chi minh toi tui chau bac ban ae cho xin hoi muon".split())
# "... (được) không", "... chưa": the yes/no question marks.
TRAILING = FILLER | frozenset("vay voi ha ta khong duoc chua".split())
# Phrases dropped wherever they are: "(dạ) cho em hỏi", "xin hỏi", "anh ơi", "ad ơi".
_ASKING = re.compile(r"\b(?:(?:cho|xin) (?:(?:em|e|minh|toi|tui|chau|con) )?hoi"
                     r"|(?:anh|chi|em|ad|admin|bac|chu|co|ban|ae|mn|moi nguoi) oi)\b")
# "kí"/"ký", "lí"/"lý", "mĩ"/"mỹ": i and y after a consonant are the same sound.
_FINAL_Y = re.compile(r"\b([bcdghklmnpqrstvx]{1,2})y\b")
_BLOCK = 256  # centres scored per cdist call


@dataclass(frozen=True)
class Group:
    representative: str  # the most asked wording (with diacritics preferred on a tie)
    count: int  # how many times the questions of the group were asked in all
    examples: list[str] = field(default_factory=list)  # distinct wordings, most asked first


def group_similar(
    texts: Sequence[tuple[str, int]] | Sequence[str],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    word_agreement: float = DEFAULT_WORD_AGREEMENT,
    vocabulary: Vocabulary | None = None,
) -> list[Group]:
    """Groups of similar questions, sorted by count (descending), then representative.

    `texts`: questions, or (question, times asked) pairs; equal questions are added up.
    `threshold`: 0-100, the character similarity two questions need (higher: stricter).
    `word_agreement`: 0-1, the weighted share of words they must share (higher: stricter).
    `vocabulary`: abbreviations to expand (default: the built-in vocabulary; pass the
    knowledge base's, `Vocabulary.builtin().extended(kb.vocabulary)`, to include its own).
    """
    if not 0 <= threshold <= 100 or not 0 <= word_agreement <= 1:
        raise ValueError("threshold is 0-100 and word_agreement 0-1")
    counts = _wordings(texts)
    if not counts:
        return []
    abbreviations = (vocabulary or _builtin()).abbreviations
    # Wordings that read the same are one entry from here on.
    entries: dict[tuple[str, ...], dict[str, int]] = {}
    for text, n in counts.items():
        entries.setdefault(_key(text, abbreviations), {})[text] = n
    keys = list(entries)
    totals = np.array([sum(entries[k].values()) for k in keys], dtype=np.int64)
    order = sorted(range(len(keys)), key=lambda i: (-totals[i], keys[i]))
    keys = [keys[i] for i in order]
    totals = totals[order]
    clusters = _cluster(keys, threshold, word_agreement)

    groups = []
    for members in clusters:
        wordings: dict[str, int] = {}
        for i in members:
            for text, n in entries[keys[i]].items():
                wordings[text] = wordings.get(text, 0) + n
        examples = sorted(wordings, key=lambda t: (-wordings[t], -_marks(t), t))
        groups.append(Group(examples[0], int(totals[members].sum()), examples))
    groups.sort(key=lambda g: (-g.count, g.representative))
    return groups


# -- clustering ------------------------------------------------------------------------------

def _cluster(keys: list[tuple[str, ...]], threshold: float, agreement: float) -> list[list[int]]:
    """Greedy clusters of `keys` (already in centre order), as lists of indices."""
    n = len(keys)
    plain = [" ".join(k) for k in keys]
    ordered = [" ".join(sorted(k)) for k in keys]
    weights = _rarity(keys)
    cluster_of = np.full(n, -1, dtype=np.int64)
    clusters: list[list[int]] = []
    while True:
        # Every question before the block is grouped already: the block's first one is the
        # most asked question left, so it starts the next group.
        cols = np.flatnonzero(cluster_of < 0)
        if not len(cols):
            break
        rows = cols[:_BLOCK]
        scores = np.maximum(
            process.cdist([plain[i] for i in rows], [plain[j] for j in cols], scorer=fuzz.ratio,
                          score_cutoff=threshold, dtype=np.float32, workers=-1),
            process.cdist([ordered[i] for i in rows], [ordered[j] for j in cols], scorer=fuzz.ratio,
                          score_cutoff=threshold, dtype=np.float32, workers=-1),
        )
        for r, centre in enumerate(rows):
            if cluster_of[centre] >= 0:
                continue
            members = [centre]
            cluster_of[centre] = len(clusters)
            for c in np.flatnonzero(scores[r] >= threshold):
                j = cols[c]
                if cluster_of[j] < 0 and _agree(keys[centre], keys[j], weights, agreement):
                    cluster_of[j] = len(clusters)
                    members.append(int(j))
            clusters.append([int(m) for m in members])
    return clusters


def _agree(a: tuple[str, ...], b: tuple[str, ...], weights: dict[str, float], agreement: float) -> bool:
    """Is the weight of the words a and b share (typos allowed) at least `agreement` of the
    weight of all their words? (A weighted Jaccard index.)"""
    sa, sb = set(a), set(b)
    only_a, only_b = sa - sb, sb - sa
    if not only_a and not only_b:
        return True
    # A word with a near twin on the other side counts as shared (once, on the a side).
    unmatched_a = [w for w in only_a if not _near(w, only_b)]
    unmatched_b = [w for w in only_b if not _near(w, only_a)]
    shared = sum(weights[w] for w in sa & sb) + sum(weights[w] for w in only_a if w not in unmatched_a)
    missing = sum(weights[w] for w in unmatched_a) + sum(weights[w] for w in unmatched_b)
    return shared / (shared + missing) >= agreement if shared else False


def _near(word: str, others: Iterable[str]) -> bool:
    """A typo of one of `others`? Short words are never typos: "hoi" and "moi" are words."""
    if len(word) < 4:
        return False
    limit = 1 if len(word) < 8 else 2
    return any(abs(len(o) - len(word)) <= limit and OSA.distance(word, o, score_cutoff=limit) <= limit
               for o in others)


def _rarity(keys: list[tuple[str, ...]]) -> dict[str, float]:
    """Inverse document frequency of each word over the distinct questions (smoothed)."""
    df: dict[str, int] = {}
    for key in keys:
        for w in set(key):
            df[w] = df.get(w, 0) + 1
    n = len(keys)
    return {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}


# -- reading the questions -------------------------------------------------------------------

def _wordings(texts: Sequence[tuple[str, int]] | Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in texts:
        if isinstance(item, str):
            text, n = item, 1
        else:
            text, n = item[0], int(item[1])
        text = " ".join(str(text).split())
        if text and n > 0:
            counts[text] = counts.get(text, 0) + n
    return counts


def _key(text: str, abbreviations: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    expanded: list[str] = []
    for w in words(text):
        expanded.extend(abbreviations.get(w, (w,)))
    content = _ASKING.sub(" ", _FINAL_Y.sub(r"\1i", " ".join(expanded))).split()
    content = [w for w in content if w not in FILLER]
    start, end = 0, len(content)
    while start < end and content[start] in LEADING:
        start += 1
    while end > start and content[end - 1] in TRAILING:
        end -= 1
    content = content[start:end]
    if content:
        return tuple(content)
    return tuple(expanded) or (text.casefold(),)


def _marks(text: str) -> int:
    """How many letters carry Vietnamese diacritics (prefer the properly written wording)."""
    return sum(1 for ch in text if ord(ch) > 127 and ch.isalpha())


@lru_cache(maxsize=1)
def _builtin() -> Vocabulary:
    return Vocabulary.builtin()
