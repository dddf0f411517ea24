"""Where a message is cut into pieces, before the pieces are weighed (knowledge.clauses).

Citizens type a whole story without a comma, so punctuation alone does not find the clauses. A
piece cut at punctuation is cut again:
- where a word that starts a new clause is typed without a comma ("giờ", "nhưng mà"; vocabulary
  `clause_breaks`), where a purpose starts ("để ..."), where a paper is asked about as a
  requirement of the act named before it ("đăng ký kết hôn | cần giấy độc thân không",
  knowledge.clause_needs), and where an act is denied after what names the request ("khai sinh
  cho con | mà chưa đăng ký kết hôn", "chủ nhà | không cho đăng ký tạm trú"): that condition is
  a clause of its own, the story, not the request;
- of a long message only, after a word that ends a clause ("... lên mức 2 rồi | ba nội đi làm
  ..."), after a question phrase that ends its question ("xin giấy độc thân ở đâu | con trai tui
  ...") and before courtesy typed after the question ("... không | em cảm ơn").
Never inside a question phrase ("chưa bao giờ" holds "giờ"), nor inside a look-alike
(not_markers: "cái nen" is a plot, not "so"), nor where too little follows to be a clause.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from knowledge.clause_markers import ClauseMarkers
from knowledge.clause_needs import NeedAsk
from knowledge.normalise import Token
from knowledge.phrases import cut

# A piece: its tokens, and whether a "?" follows it.
Piece = tuple[list[Token], bool]


class ClauseSplitter:
    """Cuts the pieces of a message further (see the module); holds no state between calls."""

    def __init__(self, markers: ClauseMarkers, needs: NeedAsk,
                 content_count: Callable[[Sequence[Token]], int], object_count: Callable[[Sequence[Token]], int]):
        """`content_count(tokens)`: the content words of tokens (not stop words nor generic);
        `object_count(tokens)`: the words that can name what a clause is about (the finder's)."""
        self._m = markers
        self._needs = needs
        self._content_count = content_count
        self._object_count = object_count

    def at_breaks(self, tokens: list[Token]) -> list[list[Token]]:
        """A piece cut at punctuation, cut where a new clause starts without a comma."""
        m = self._m
        texts = [t.text for t in tokens]
        # Not inside a question phrase: "chưa bao giờ" holds "giờ" but is not cut there.
        # ... nor inside a look-alike, which may start before it ("muốn để sổ đỏ sang tên": let).
        purposes = set(m.purposes.starts_in(texts)) - {
            k for start, end in m.not_purposes.spans(texts) for k in range(start, end)}
        # A time told of the past that ends its clause ("em làm căn cước ở xã năm ngoái rồi")
        # belongs to it: no cut where too little follows.
        past = {start for start, end in m.breaks.spans(texts) if m.done.found_in(texts[start:end])
                and self._content_count(tokens[end:]) < 2}
        # Nor inside a look-alike (not_markers): "cái nen" is a plot ("nền"), not "so" ("nên").
        covered = {k for start, end in m.not_markers.spans(texts) for k in range(start, end)}
        need = self._needs.start(texts)  # "đăng ký kết hôn | cần giấy độc thân không"
        needs = [need] if need and self._content_count(tokens[:need]) >= 2 else []
        cuts = sorted({i for i in (*m.breaks.starts_in(texts), *purposes, *self._denied_acts(texts, tokens), *needs)
                       if i > 0 and (texts[i - 1], texts[i]) not in m.question_pairs and i not in past
                       and i not in covered})
        return cut(tokens, cuts)

    def at_ends(self, pieces: list[Piece], joined: list[bool]) -> tuple[list[Piece], list[bool]]:
        """Pieces of a long message cut after each word that ends a clause ("... lên mức 2 rồi
        ba nội đi làm khai sinh") and after each question phrase ("xin giấy độc thân ở đâu con
        trai tui đi làm ở Sài Gòn ..."), unless a question ending follows ("xong chưa"), the
        phrase is denied ("chưa bao giờ"), or too little follows to be a clause. `joined`: per
        piece, cut from the one before without punctuation (so is each new cut)."""
        m = self._m
        out: list[Piece] = []
        out_joined: list[bool] = []
        for (tokens, mark), was_joined in zip(pieces, joined, strict=True):
            texts = [t.text for t in tokens]
            # A question phrase followed by what to do ("làm sao xóa tên") leads its question.
            acts = set(m.acts.starts_in(texts))
            asked = [(start, end) for start, end in m.questions.spans(texts)
                     if end - start > 1 and (start == 0 or texts[start - 1] not in m.negations)
                     and self._next_content(texts, end) not in acts]
            covered = {k for start, end in m.not_markers.spans(texts) for k in range(start, end)}
            # ... nor before another answer offered to the question ("được không | hay phải về quê").
            alternative = set(m.alternatives.starts_in(texts))
            ends = {end for start, end in (*m.ends.spans(texts), *asked) if end < len(texts)
                    and start not in covered and (texts[end],) not in m.endings
                    and self._content_count(tokens[end:]) >= 2 and end not in alternative}
            # Courtesy typed after the question ("... miễn thuế không em cảm ơn") starts a clause.
            ends.update(start for start in m.courtesy.starts_in(texts) if self._content_count(tokens[:start]) >= 2)
            split = cut(tokens, sorted(ends))
            out.extend((part, mark and k == len(split) - 1) for k, part in enumerate(split))
            out_joined.extend(was_joined if k == 0 else True for k in range(len(split)))
        return out, out_joined

    def negated(self, texts: Sequence[str], i: int) -> bool:
        """Whether texts[i:] starts with a negation and an act ("chưa đăng ký", "không cho làm")."""
        m = self._m
        denial = next((end - start for start, end in m.denials.spans(texts[i:i + 3]) if start == 0), 0)
        return denial > 0 and 0 in m.acts.starts_in(texts[i + denial:i + denial + 4])

    def _denied_acts(self, texts: Sequence[str], tokens: Sequence[Token]) -> list[int]:
        """Where an act is denied after what names the request ("khai sinh cho con mà chưa đăng ký
        kết hôn", "chủ nhà không cho đăng ký tạm trú"): the condition, when it names what is
        denied, is a clause of its own; "xong chưa làm sao biết" asks and "hệ thống báo chưa thanh
        toán" tells what was said: they deny nothing."""
        m = self._m
        return [i for i in range(1, len(texts)) if self.negated(texts, i)
                and not m.ends.found_in(texts[i - 1:i]) and texts[i - 1] not in m.act_words
                and self._content_count(tokens[:i]) >= 2 and self._object_count(tokens[i:]) >= 2]

    def _next_content(self, texts: Sequence[str], start: int) -> int:
        """Where the first content word at or after start is (len(texts) when none)."""
        return next((k for k in range(start, len(texts)) if texts[k] not in self._m.stop), len(texts))
