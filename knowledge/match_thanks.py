"""A thank-you that tells something done is a closing, not a question.

"cảm ơn nhen, tui làm khai sinh cho cháu xong rồi" thanks the assistant and tells how it went:
it names a procedure, but asks nothing about it. A message that says a thanks phrase (vocabulary
`small_talk: thanks`), no question word or ending, no request ("muốn", "xin", "cho hỏi"...), no
question mark, nothing still to do (`pending_markers`), says it finished ("xong") and ends on
"xong", "rồi", "xong xuôi" (vocabulary `clause_ends`) is small talk. With a question ("cảm ơn,
làm xong rồi thì bao lâu có kết quả"), a request, or a trouble told ("hồ sơ bị trả về rồi": not
finished) it is read as usual.
"""
from __future__ import annotations

from collections.abc import Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet

_FINISHED = "xong"  # what the citizen tells finished, not what happened to them ("bị trả về rồi")


class Thanks:
    """The phrases a closing thank-you says and those it does not."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        self._thanks = PhraseSet(t for t in (normaliser.phrase(p) for p in vocabulary.small_talk.get("thanks", ()))
                                 if t)
        self._asking = PhraseSet(normaliser.glued(p) for p in (*vocabulary.question_markers,
                                                               *vocabulary.request_markers,
                                                               *vocabulary.pending_markers) if p)
        self._endings = frozenset(p[0] for p in vocabulary.question_endings if len(p) == 1)
        done = [p for p in map(normaliser.glued, vocabulary.clause_ends) if p]  # "rồi", "xong", "xong xuôi"
        self._done = PhraseSet(done)
        self._done_words = frozenset(w for p in done for w in p)
        self._stop = vocabulary.stopwords

    def closing(self, query: str, texts: Sequence[str]) -> bool:
        """Whether the message (its raw text and token texts) thanks and only tells something done."""
        if "?" in query or not self._thanks.found_in(texts) or self._asking.found_in(texts):
            return False
        content = [t for t in texts if t not in self._stop or t in self._done_words]
        if not any(end == len(content) for _, end in self._done.spans(content)):
            return False
        return _FINISHED in content and not any(t in self._endings for t in content)
