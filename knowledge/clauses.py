"""Finding the request in a long message.

Citizens often tell their situation before they ask: "em là công nhân ở trọ gần khu công
nghiệp, hộ khẩu ở Thanh Hóa, hôm qua bị móc túi mất ví có căn cước, giờ làm lại ở đây được
không". Every procedure word of the context ("trọ", "hộ khẩu") pulls towards another
procedure, and the many words no procedure explains drown the request.

So a long message is cut into clauses: at punctuation, where a word that starts a new clause
is typed without a comma ("giờ", "nhưng mà"), after one that ends a clause ("... lên mức 2 rồi
ba nội đi làm ..."), after a question phrase that ends its question ("xin giấy độc thân ở đâu
con trai tui ...") and before courtesy typed after the question ("... không em cảm ơn"). The
request is the last clause that asks (a question phrase such as "ở đâu", "được không", "cần
gì"; a question word at its end, "... không"; a "?") or, when none asks, the last one that
requests ("cho hỏi", "muốn", "xin") and is no story told as done ("đã xin ... rồi"). Courtesy
("em không biết hỏi ai", "mong ad trả lời sớm") is never the request: when nothing else asks or
requests, no request is read, and the courtesy and what is told as done weigh less.
The request with the clauses just before it, until they hold enough content words ("giờ làm
lại được không" needs "mất ví có căn cước"), is the focus: its words count fully. The rest is
support: its words still count, with a lower weight, so they can tip a close choice but not
carry one. Going back, the focus passes over clauses that only tell the citizen's situation
(nothing done or needed in them: "hộ khẩu em ở Đồng Nai", "sổ đỏ đã sang tên xong") and why
they ask ("để lãnh lương hưu"): context nouns mentioned in passing must not outweigh the
object of the request. When the request then has no object ("làm ở đâu"), they are not passed
over; when it names its own, what is told as done weighs less still (focus_told). A request
typed after its story without a comma keeps only its end as the focus. Told of the past ("năm
ngoái bị mất ví", done_markers) is situation too, unless it is still to do ("tuần trước chủ
trọ nhắc là phải đăng ký", pending_markers), and so is what was just done ("tui mới đăng ký
thường trú") or is in order ("có đăng ký tạm trú đàng hoàng"); look-alikes once folded ("Cần Thơ" holds "cần",
"tháng rồi" holds "rồi", "xong thì" says what comes next) are no markers (not_markers). Going
back, the focus stops at the clause the request refers to: the nearest one that does or needs
something and names what ("tổ trưởng kêu báo tạm vắng" before "làm sao"); what came before it
is the story. An act denied after what names the request ("khai sinh cho con mà chưa đăng
ký kết hôn", "chủ nhà không cho đăng ký tạm trú") is a condition, situation too; a question
typed at its end is asked of what comes before it. So is a question typed at the end of a
purpose ("muốn nhập khẩu cho cháu để sang năm đi học thì làm thế nào"): the clause the
purpose belongs to is the focus too.
A request that names no service ("cần mang những gì cho đủ") after a story of what went wrong on
the way asks about the service named before that story (knowledge.clause_refers).

Short messages are one clause with full weight: they are routed exactly as before.
All the markers are data (knowledge/data/vocabulary.yaml), not code; knowledge.clause_markers
reads them. Where a piece cut at punctuation is cut again lives in knowledge.clause_split; how
the pieces are weighed, here.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from knowledge.clause_markers import ClauseMarkers
from knowledge.clause_needs import NeedAsk
from knowledge.clause_offers import offered_before
from knowledge.clause_progress import asks_after_told
from knowledge.clause_refers import ServiceNames, referred
from knowledge.clause_split import ClauseSplitter
from knowledge.normalise import Normaliser, Token
from knowledge.owner_names import OwnerChange
from knowledge.phrases import PhraseSet, first_found

# Punctuation that ends a clause; "?" is kept to mark a question.
_PUNCT = re.compile(r"([?？]+|[.!;,:\n…()\[\]]+|\s[-–—]+\s)")


@dataclass(frozen=True)
class FocusConfig:
    min_words: int = 8  # content words below which the message is one clause
    span_words: int = 9  # content words the focus gathers, going back from the request
    context: float = 0.35  # weight of the clauses before the focus
    after: float = 0.5  # weight of the clauses after the request
    referent_words: int = 0  # topical words of the clause the request refers back to (0: off)
    told: float = 1.0  # at most this weight for a clause told as done outside the focus


@dataclass(frozen=True)
class Clause:
    tokens: tuple[Token, ...]
    focus: float  # 1.0 for the request and its lead-in; less for context
    asks: bool = False  # the clause asks a question or makes a request
    continues: bool = False  # cut only for its weight: its last word and the next's first go together
    short: bool = False  # of a short message, cut only to weigh its situation less
    told: bool = False  # a situation told as done ("đã đăng ký tạm trú rồi"), not asked for
    unasked: bool = False  # of a long message where no clause asks or requests


class RequestFinder:
    """Splits a message into clauses, each with its weight. Holds no state between calls."""

    def __init__(self, normaliser: Normaliser, config: FocusConfig | None = None,
                 topical: Callable[[str], bool] | None = None,
                 together: Callable[[Sequence[str], int], int] | None = None, names: Iterable[Sequence[str]] = ()):
        """`topical(word)`: whether a word says what the message is about (the matcher: a
        rare enough word of the knowledge base); the focus gathers span_words of those.
        `together(texts, k)`: where a phrase said across position k of the texts starts (the
        matcher: a cue, "đăng ký thường trú"), k when none: the focus is not cut inside it.
        `names`: the staff's names for the services (titles, aliases) as token texts, clause_refers."""
        self.normaliser = normaliser
        self.config = config or FocusConfig()
        self._topical = topical
        self._together = together
        self._markers = markers = ClauseMarkers(normaliser)  # the vocabulary's markers, glued
        self._owners = OwnerChange(normaliser)
        self._trailing = frozenset(markers.stop)  # particles after the question word: "... không ạ"
        self._needs = NeedAsk(normaliser, self._trailing)  # "có cần giấy ủy quyền gì không"
        # The staff's names for the services (titles, aliases): a request naming none refers back (clause_refers).
        self._names = ServiceNames(names, markers.stop | markers.generic_words, topical, markers.questions)
        self._split = ClauseSplitter(markers, self._needs, self._content_count, self._object_count)
        # A question ending or a negation ("hông", "hem", "chưa") never says what the message
        # is about, however rare it is in the knowledge base.
        self._not_topical = frozenset(e[0] for e in markers.endings if len(e) == 1) | markers.negations

    def clauses(self, text: str) -> list[Clause]:
        pieces: list[tuple[list[Token], bool]] = []  # (tokens, followed by "?")
        joined: list[bool] = []  # the piece was cut from the one before without punctuation
        parts = _PUNCT.split(text)
        for i in range(0, len(parts), 2):
            tokens = self._owners(self.normaliser.tokens(parts[i]))  # "đổi tên con đứng tên": sang tên
            delimiter = parts[i + 1] if i + 1 < len(parts) else ""
            question_mark = "?" in delimiter or "？" in delimiter
            if not tokens:
                if question_mark and pieces:  # "... ạ ?" : the "?" belongs to the clause before
                    pieces[-1] = (pieces[-1][0], True)
                continue
            split = self._split.at_breaks(tokens)
            pieces.extend((part, False) for part in split[:-1])
            pieces.append((split[-1], question_mark))
            joined.extend(k > 0 for k in range(len(split)))
        if sum(self._content_count(tokens) for tokens, _ in pieces) >= self.config.min_words:
            pieces, joined = self._split.at_ends(pieces, joined)
        return self._weighted(pieces, joined)

    def names_object(self, clauses: Sequence[Clause]) -> bool:
        """Whether the request of a message read clause by clause names what it asks about (two
        object words: "... giá xăng hôm nay", not "làm lại có bị phạt không", which refers back
        to the story); a message where no clause asks names it in its clauses of full weight."""
        asking = [c for c in clauses if c.asks and c.focus >= 1.0]
        return not asking or self._object_count(asking[-1].tokens) >= 2

    # -- internals ----------------------------------------------------------------------
    def _weighted(self, pieces: list[tuple[list[Token], bool]], joined: list[bool]) -> list[Clause]:
        cfg = self.config
        if not pieces:
            return []
        content = [self._content_count(tokens) for tokens, _ in pieces]
        whole = tuple(t for tokens, _ in pieces for t in tokens)
        short = sum(content) < cfg.min_words
        if len(pieces) == 1:
            return [Clause(whole, 1.0, True)]
        texts = [[t.text for t in tokens] for tokens, _ in pieces]
        asks = [mark or self._asks(tokens) for tokens, mark in pieces]
        # A denied act typed after what is asked ("khai sinh cho con chưa đăng ký kết hôn được
        # không") is its condition: the question is asked of what comes before it; so is the
        # topic of a short message that asks nothing ("khai sinh khi chưa đăng ký kết hôn"). Who does
        # not may be said first, in one word ("bển không đk tạm trú", "ảnh chưa làm").
        denied = [self._split.negated(t, 0) or len(t) > 1 and self._split.negated(t, 1) for t in texts]
        bare = short and not any(asks)
        # So is a paper asked about as a requirement of the act named before it (clause_needs).
        needed = [i > 0 and self._needs.asked_of(t, texts[i - 1], self._acting(texts[i - 1]),
                                                 self._object_count(pieces[i - 1][0])) for i, t in enumerate(texts)]
        for i in range(1, len(pieces)):
            if denied[i] and joined[i] and (asks[i] or bare) and not pieces[i][1] or needed[i] and asks[i]:
                asks[i - 1], asks[i] = True, False
        done = [self._said(t, self._markers.done) and not self._markers.pending.found_in(t) for t in texts]
        # The request is the last clause that asks, else the last that requests and is no story
        # told as done ("đã xin lý lịch tư pháp rồi"); a clause that speaks to the assistant
        # ("em không biết hỏi ai", "mong ad chỉ giùm") is the request only when no other is.
        courtesy = [self._said(t, self._markers.courtesy) for t in texts]
        requests = [self._said(t, self._markers.requests) for t in texts]  # not inside a look-alike
        request = first_found(
            [a and not c for a, c in zip(asks, courtesy, strict=True)],
            [r and not c and not d for r, c, d in zip(requests, courtesy, done, strict=True)])
        if request is None and not short:
            # Nothing but courtesy asks or requests ("sao y bản chính, ..., em không biết hỏi
            # ai"): no request is found; the courtesy, and what is told as done when something
            # else is told, weigh less than the rest.
            story = [(d or n) and not c for d, n, c in zip(done, denied, courtesy, strict=True)]
            if all(t or c for t, c in zip(story, courtesy, strict=True)):
                story = [False] * len(pieces)
            last = len(pieces) - 1
            return [Clause(tuple(tokens), cfg.context if courtesy[i] or story[i] else 1.0, False,
                           continues=i < last, told=story[i], unasked=True) for i, (tokens, _) in enumerate(pieces)]
        if request is None:
            request = first_found(asks, requests)
        if request is None:
            return [Clause(whole, 1.0, short)]
        # A purpose in the same sentence as the request ("cần giấy đăng ký tạm để lái về", "xin
        # giấy tạm để chạy về thì xin ở đâu") says what kind of thing is asked for: it stays
        # with the request.
        markers = self._markers
        purpose = [bool(t) and 0 in markers.purposes.starts_in(t) and 0 not in markers.not_purposes.starts_in(t)
                   for t in texts]
        # A request that is the purpose of the clause before it, typed on without a comma
        # ("tui muốn nhập khẩu cho cháu | để sang năm đi học thì làm thế nào"), asks about that
        # clause: both are the focus.
        # ... unless it names a service of its own ("để trông cháu chắc hai ba năm, con tôi bảo phải đăng ký tạm
        # trú, cần giấy tờ gì"): then it asks about that.
        asked_of = (request - 1 if purpose[request] and joined[request] and not self._names.named(texts[request])
                    else None)
        if purpose[request] and joined[request]:
            purpose[request] = False
        # ... a reason does not ("... được không | vì cả hai đều có tạm trú ở đây"): it tells the situation.
        reason = [bool(t) and 0 in markers.reasons.starts_in(t) for t in texts]
        for i in range(request + 1, len(pieces)):
            if not (purpose[i] and joined[i]) or reason[i]:
                break
            purpose[i] = False
            asks[i] = asks[request]
            request = i
        # Why the citizen asks ("để lãnh lương hưu") and what their situation is ("hộ khẩu em
        # ở Đồng Nai", "em có vneid rồi": nothing done or needed in it) support the request,
        # they are not it.
        # So does a condition told by denying an act ("mà chưa đăng ký kết hôn").
        acting = [self._acting(t) for t in texts]
        situation = [i != request and (courtesy[i] or not asks[i] and (done[i] or not acting[i] or denied[i]
                                                                       or needed[i])) for i in range(len(pieces))]
        topical = [self._topical_count(tokens) for tokens, _ in pieces]
        # The clause the request refers back to: one that does or needs something and names
        # what (an act and referent_words topical words). Going back, the focus stops there.
        referent = [acting[i] and not situation[i] and not purpose[i] and topical[i] >= cfg.referent_words
                    for i in range(len(pieces))]
        if short:
            side = [(a or b) and i != request for i, (a, b) in enumerate(zip(situation, purpose, strict=True))]
            return self._short(pieces, whole, asks, topical, side, [s and d for s, d in zip(side, done, strict=True)],
                               any(s and d for s, d in zip(side, denied, strict=True)))
        # The focus: the request, then going back word by word until it holds span_words
        # topical words; a clause reached half-way is cut there (citizens often type a whole
        # story without a comma, "... mất ví có căn cước giờ làm lại được không"). Situation
        # and purpose clauses are passed over, unless the request then finds no object.
        # What is still to fix, told before the request but named in the clause before it
        # ("tạm trú em đăng ký 2 năm trước, giờ hết hạn rồi"): that clause, told as done, is what
        # the request is about.
        passed = [s and not (d and i + 1 < request and self._refers_back(texts[i + 1], pieces[i + 1][0]))
                  for i, (s, d) in enumerate(zip(situation, done, strict=True))]
        weights, cut_at = (self._focus(request, topical, purpose, passed, referent, pieces, skip=True)
                           or self._focus(request, topical, purpose, situation, referent, pieces, skip=False)
                           or ([1.0] * len(pieces), {}))
        if asked_of is not None and not situation[asked_of]:
            weights[asked_of] = 1.0
            cut_at.pop(asked_of, None)
        # A purpose typed on after a question of the focus ("phải làm thủ tục gì | để sửa lại, mang
        # những gì") says what that question is about: full weight too.
        for i in range(1, len(pieces)):
            if (purpose[i] and joined[i] and not reason[i] and asks[i - 1] and weights[i - 1] >= 1.0
                    and i - 1 not in cut_at):
                weights[i] = 1.0
        if asked_of is None and not purpose[request]:
            self._refer_back(request, texts, acting, [s or p for s, p in zip(situation, purpose, strict=True)],
                             [a or r for a, r in zip(asks, requests, strict=True)], weights, cut_at)
        out = []
        for i, (tokens, _) in enumerate(pieces):
            told = situation[i] and done[i] and i != request
            # What is told as done names what the citizen no longer needs ("năm ngoái tui đã
            # làm căn cước rồi"): outside the focus of a request that names its own object, it
            # weighs less than the rest of the story ("hết hạn rồi, làm lại ..." refers to it), unless
            # the request asks how it is going, naming no thing ("... rồi, coi tới đâu rồi"): clause_progress.
            told_less = told and topical[request] >= 2 and not asks_after_told(markers.progress, pieces[request][0],
                                                                                self._object_count)
            context = min(cfg.context, cfg.told) if told_less else cfg.context
            if i in cut_at:
                out.append(Clause(tuple(tokens[:cut_at[i]]), context, False, continues=True, told=told))
                out.append(Clause(tuple(tokens[cut_at[i]:]), 1.0, asks[i], told=told))
            else:
                weight = min(weights[i], cfg.told) if told_less and weights[i] < 1.0 else weights[i]
                out.append(Clause(tuple(tokens), weight, asks[i], told=told))
        return out

    def _short(self, pieces: list[tuple[list[Token], bool]], whole: tuple[Token, ...], asks: list[bool],
               topical: list[int], side: list[bool], told: list[bool], denied: bool = False) -> list[Clause]:
        """A short message stays one clause, unless some of it only tells the situation or the
        purpose ("em có tài khoản vneid mức 2 rồi") while the rest names what is asked (one
        word is enough beside a denied act: "khai sinh" beside "chưa đăng ký kết hôn"): then
        that part weighs less. The words at each cut still make pairs, as in one clause."""
        if not any(side) or sum(t for t, s in zip(topical, side, strict=True) if not s) < (1 if denied else 2):
            return [Clause(whole, 1.0, True)]
        last = len(pieces) - 1
        return [Clause(tuple(tokens), self.config.context if side[i] else 1.0, asks[i], continues=i < last,
                       short=True, told=told[i]) for i, (tokens, _) in enumerate(pieces)]

    def _focus(self, request: int, topical: list[int], purpose: list[bool], situation: list[bool],
               referent: list[bool], pieces: list[tuple[list[Token], bool]],
               skip: bool) -> tuple[list[float], dict[int, int]] | None:
        """Clause weights and where clauses are cut; None when skipping the situation and
        purpose clauses leaves the focus without an object (fewer than 2 topical words)."""
        cfg = self.config
        n = len(pieces)
        weights = [cfg.context] * request + [1.0] + [cfg.after] * (n - request - 1)
        for i in range(request + 1, n):
            if purpose[i]:
                weights[i] = min(cfg.after, cfg.context)
        own = topical[request]
        cut_at: dict[int, int] = {}
        if purpose[request]:
            weights[request] = cfg.context
            own = 0
        elif own > cfg.span_words:
            # A request typed with the story before it and no comma ("em là công nhân ở khu
            # công nghiệp Nhơn Trạch nhà mua giấy tay có nhập khẩu được không"): its last
            # span_words topical words are the focus.
            # Another answer offered after the question ("... được không | hay phải về quê một
            # trong hai người") is no part of what is asked about: counted from before it.
            markers = self._markers
            asked = offered_before(pieces[request][0], markers.questions, markers.alternatives, markers.endings,
                                   self._trailing)
            if cut := self._cut_keeping(asked, cfg.span_words):
                cut_at[request] = cut
            own = cfg.span_words
        need = cfg.span_words - own
        i = request - 1
        while i >= 0 and need > 0:
            if skip and (situation[i] or purpose[i]):
                i -= 1
                continue
            if topical[i] <= need:
                weights[i] = 1.0
                need -= topical[i]
                if referent[i] and cfg.referent_words > 0:
                    break
            else:
                cut_at[i] = self._cut_keeping(pieces[i][0], need)
                need = 0
            i -= 1
        if skip and cfg.span_words - need < 2 and self._object_count(pieces[request][0]) < 2:
            return None
        return weights, cut_at

    def _refer_back(self, request: int, texts: list[list[str]], acting: list[bool], side: list[bool],
                    asks: list[bool], weights: list[float], cut_at: dict[int, int]) -> None:
        """A request naming no service asks about the clause before it that names one; what
        happened between is story (knowledge.clause_refers)."""
        markers = self._markers  # still to do, not told as done ("phải về lấy rồi" is done)
        pending = [markers.pending.found_in(t) and not self._said(t, markers.done) for t in texts]
        back = referred(request, [self._names.named(t) for t in texts], acting, side, asks, pending)
        if back is not None:
            referent, between = back
            weights[referent] = 1.0
            cut_at.pop(referent, None)
            for i in between:
                weights[i] = min(weights[i], self.config.context)
                cut_at.pop(i, None)

    def _refers_back(self, texts: Sequence[str], tokens: Sequence[Token]) -> bool:
        """Whether a clause tells what is still to do but names no object of its own."""
        return self._markers.pending.found_in(texts) and self._object_count(tokens) < 2

    def _cut_keeping(self, tokens: Sequence[Token], n: int) -> int:
        """Where to cut so that the tail holds the last n topical words, not inside a phrase
        said across the cut ("muốn đăng ký thường | trú vào phòng trọ" keeps the whole phrase)."""
        seen = 0
        for j in range(len(tokens) - 1, -1, -1):
            if self._topical_count((tokens[j],)):
                seen += 1
                if seen == n:
                    return self._together([t.text for t in tokens], j) if self._together and j else j
        return 0

    def acts(self, clause: Clause) -> bool:
        """Whether a clause does, needs or asks something (see _acting)."""
        return self._acting([t.text for t in clause.tokens])

    def _acting(self, texts: Sequence[str]) -> bool:
        """Whether a clause does, needs or asks something: an act or request word, not inside
        a look-alike ("Cần Thơ" holds "cần")."""
        return self._said(texts, self._markers.acts, self._markers.requests)

    def _said(self, texts: Sequence[str], *sets: PhraseSet) -> bool:
        """Whether texts hold a phrase of the sets outside the look-alikes (not_markers)."""
        starts = {i for phrases in sets for i in phrases.starts_in(texts)}
        if not starts:
            return False
        covered = {k for start, end in self._markers.not_markers.spans(texts) for k in range(start, end)}
        return bool(starts - covered)

    def _asks(self, tokens: Sequence[Token]) -> bool:
        texts = [t.text for t in tokens]
        if self._said(texts, self._markers.questions):  # not inside a look-alike: "không nhớ gì hết"
            return True
        end = len(texts)
        while end > 0 and texts[end - 1] in self._trailing and (texts[end - 1],) not in self._markers.endings:
            end -= 1
        # ... not the end of a look-alike (not_markers): "xin bản sao" asks nothing.
        return end > 0 and (texts[end - 1],) in self._markers.endings and not any(
            start < end <= stop for start, stop in self._markers.not_markers.spans(texts))

    def _content_count(self, tokens: Iterable[Token]) -> int:
        return sum(1 for t in tokens if t.text not in self._markers.stop and t.text not in self._markers.generic_words)

    def _object_count(self, tokens: Iterable[Token]) -> int:
        """Words that can name what a clause is about: topical or generic ("hồ sơ", "dịch vụ
        công"), not an act ("làm lại", "nộp"): "làm lại có bị phạt không" names nothing."""
        topical = self._topical or (lambda _: True)
        return sum(1 for t in tokens if t.text not in self._markers.stop and t.text not in self._markers.act_words
                   and t.text not in self._not_topical and (t.text in self._markers.generic_words or topical(t.text)))

    def _topical_count(self, tokens: Iterable[Token]) -> int:
        if self._topical is None:
            return self._content_count(tokens)
        topical = self._topical
        return sum(1 for t in tokens if t.text not in self._markers.stop and t.text not in self._markers.generic_words
                   and t.text not in self._not_topical and topical(t.text))
