"""Where the citizen is, or has been, is the situation, not the request.

"bằng lái hết hạn trong lúc đi xklđ, về đổi lại được không", "đi xuất khẩu lao động về hộ khẩu
có bị xóa không", "đang làm việc bên Hàn Quốc, muốn nộp hồ sơ trên dịch vụ công giùm má": the
citizen went, or is, abroad; they ask to exchange a licence, to register a residence, to submit
online. The services about going or being there (the job centre's labour export, the civil
records of events abroad, the international licence) are where they were, not what they ask.
Such a stay is said
- from an away marker (vocabulary `away_markers`: "trong lúc đi", "đang làm việc", "về từ") over
  the few words after it, up to where its clause ends or a request or a question starts;
- from a going (vocabulary `away_goings`: "đi") to the coming back right after it (`away_backs`:
  "về"): "đi xklđ Đài Loan về". Not a going to do something ("mới đi đăng ký, ... về lấy"), nor
  where an event happened ("con sinh ở Hàn Quốc về" is the records of events abroad); and when
  the message wants a going ("muốn đi tiếp"), the trip is what is asked about.
Its words weigh as the story (Away.weighed); knowledge.match_cues does not count a neighbour's
cue said there (nor across it), and a neighbour whose cues are all said there is no candidate.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from knowledge.clauses import Clause
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet

_REACH = 6  # words of the place or the stay after an away marker
_TRIP = 7  # words at most between a going and the coming back


class Away:
    """Where a message tells where the citizen is or has been."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        self._markers = PhraseSet(map(normaliser.glued, vocabulary.away_markers))
        self._goings = PhraseSet(map(normaliser.glued, vocabulary.away_goings))
        self._backs = PhraseSet(map(normaliser.glued, vocabulary.away_backs))
        self._wants = PhraseSet(map(normaliser.glued, vocabulary.request_markers))
        # A going to do something ("mới đi đăng ký, ... về lấy") is no stay; going to work is.
        self._acts = PhraseSet(a for a in map(normaliser.glued, vocabulary.act_words) if a != ("lam",))
        # What ends a stay said within a clause: a request or a question starts.
        self._ends = PhraseSet(map(normaliser.glued, (*vocabulary.request_markers, *vocabulary.question_markers,
                                                      *vocabulary.clause_breaks)))

    def spans(self, texts: Sequence[str], bounds: Sequence[int] = ()) -> list[tuple[int, int]]:
        """The (start, end) ranges of the texts that tell where the citizen is or has been;
        `bounds`: where the clauses of the message start."""
        marked = self._markers.spans(texts)
        goings = self._goings.spans(texts)
        if not marked and not goings:
            return []
        said = sorted({*self._ends.starts_in(texts), len(texts)})  # a request, a question starts
        ends = sorted({*said, *bounds})
        out = [(start, min(next((e for e in ends if e > end), len(texts)), end + _REACH)) for start, end in marked]
        wanted = {end for _, end in self._wants.spans(texts)}
        if any(start in wanted for start, _ in goings):  # "đi xklđ về, muốn đi tiếp": the going is asked
            return out
        backs = self._backs.spans(texts)
        acted = set(self._acts.starts_in(texts))
        for start, end in goings:
            if any(s <= start < e for s, e in out) or end in acted:  # "trong lúc đi": marked
                continue
            stop = next((e for e in said if e > start), len(texts))  # a trip may be cut as a clause of its own
            back = next((b_end for b, b_end in backs if end < b and b_end <= stop and b - end <= _TRIP), None)
            if back is not None:
                out.append((start, back))
        return out

    def weighed(self, clauses: list[Clause], context: float) -> list[Clause]:
        """The clauses with where the citizen is or was cut out of them, at the weight of the
        story (`context`): the trip's words ("đi xuất khẩu lao động") tell the situation, they
        do not make a service that shares them (the job centre, the absence declaration) the
        request. A message read as one clause stays one (its pieces are `short`)."""
        starts, at = [], 0
        for clause in clauses:
            starts.append(at)
            at += len(clause.tokens)
        texts = [t.text for c in clauses for t in c.tokens]
        away = self.spans(texts, starts)
        if not away:
            return clauses
        one = len(clauses) == 1
        out: list[Clause] = []
        for start, clause in zip(starts, clauses, strict=True):
            end = start + len(clause.tokens)
            edges = [start, *sorted({k for lo, hi in away for k in (lo, hi) if start < k < end}), end]
            if len(edges) == 2 and not any(a <= start and end <= b for a, b in away):
                out.append(clause)
                continue
            for k, (lo, hi) in enumerate(zip(edges, edges[1:], strict=False)):
                inside = any(a <= lo and hi <= b for a, b in away)
                out.append(replace(clause, tokens=clause.tokens[lo - start:hi - start],
                                   focus=min(clause.focus, context) if inside else clause.focus,
                                   asks=clause.asks and not inside, short=clause.short or one,
                                   continues=clause.continues if k == len(edges) - 2 else True))
        return out
