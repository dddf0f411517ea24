"""Route a citizen's message to a procedure: answer, clarify (2-3 candidates) or none.

How a message is scored:
1. It is normalised (knowledge.normalise): folded, repaired against the knowledge base's
   words (Telex leftovers, merged words, typos via rapidfuzz edit distance), abbreviations and
   synonyms expanded, generic phrases glued into one token ("hồ sơ"), question phrases ("ở
   đâu") and polite fillers dropped. A long message is read clause by clause
   (knowledge.clauses): the request and the words just before it count fully, the story
   around it less; clauses that only tell the situation ("hộ khẩu em ở Đồng Nai") or the
   purpose ("để lãnh lương hưu") are support even next to the request. When no clause asks or
   requests ("công chứng sổ hồng hai bản" after the story), each clause is scored alone and the
   one that does something and leads the others carries the request (_carried).
2. Every phrasing (title, alias, sample question, FAQ question) of every procedure and of every
   out-of-scope service (neighbour) is a bag of words and word pairs, each weighted by how
   specific it is (inverse document frequency over procedures and neighbours; generic words
   of the vocabulary table weigh less, function words much less). A phrasing scores by how much of it the message covers
   (recall); a procedure scores by its best phrasing, tempered by how much of the message its
   vocabulary explains (precision: words it has never seen count against it). Sparse
   postings and numpy make this a few vector operations even for 100,000 phrasings, and the
   index of a large knowledge base is cached on disk (knowledge.index_cache).
3. The best candidates get a rapidfuzz token_sort_ratio blended in, which rewards word order
   and near-spellings the word-level repair did not catch.
4. Thresholds (MatchConfig, calibrated with `dvcbot eval`) turn scores into a decision:
   - a procedure must explain some of the specific (non-generic) words of the message: "hồ
     sơ ANTT" is not the online submission because both say "hồ sơ";
   - a neighbour close to the best procedure, or a little behind it but explaining specific
     words the procedure does not ("điện" in "sang tên hợp đồng điện"; of a long message, words of the
     request, not of the story), makes it "none": a wrong answer sends a citizen to the wrong counter;
     so does, from neighbour_min, a neighbour the clauses that ask name while they say nothing
     of the procedure ("hộ khẩu ở Biên Hòa, đang ở trọ, giờ muốn xin bằng lái B2 thì học ở đâu");
   - of a long message whose request names its own object, a procedure must explain some of
     the request's specific words too: the story alone ("bằng lái đổi xong rồi, ổng hỏi trận
     bóng tối nay mấy giờ") carries none. A request without an object ("làm lại có bị phạt
     không") refers back to the story, which then counts;
   - clarification offers only candidates that explain a fair share of what the best one
     explains;
   - between close candidates, the distinguishing cues staff list per procedure (vocabulary
     `cues`: "lần đầu", "chưa bao giờ làm" for the first ID card, "bị mất", "hết hạn" for its
     renewal) decide: the one the cues speak for over the others is answered instead of a
     clarification (a little under the bar too), a runner-up they speak for keeps the best
     from being answered, and a neighbour they speak for over the best procedures wins (not on
     cues said only where the citizen tells it is done: "thẻ bảo hiểm y tế gia hạn xong rồi"). When
     the message says cues on both sides, its request (the focus, then the clause that asks)
     decides, else nothing does. Cues said only in the story of a long message decide nothing:
     a runner-up they speak for is offered beside the best, not answered;
   - a neighbour behind the best one wins too when the request names it by a '!' cue and the
     cues speak for it ("mới đăng ký xe xong, giờ muốn đi đăng kiểm");
   - a neighbour wins, however far behind, when the clause that asks wants its kind of help
     (vocabulary `help_requests`: "báo ai", "phản ánh", "giải quyết") with what its cues tell
     ("chồng hay đánh đập") and says no cue of the best procedures, which the story names
     ("đã đăng ký kết hôn được 2 năm"); a neighbour named only after a negation ("không tranh
     chấp gì") never wins;
   - a procedure whose cues are said only where the citizen tells it is done ("đã đăng ký tạm
     trú rồi, giờ muốn ...") is not answered when another doc explains most of the request;
   - a neighbour the best procedure takes care of too (vocabulary `includes`: the birth
     registration's liên thông gives the child's health insurance card) does not win over it
     when the message names the procedure too, by an alias or a cue (knowledge.match_includes);
   - a procedure's own naming cues ('!khai tử') guard it when it is the best and the only one
     the message names so, and no neighbour is named by its own: no runner-up nor neighbour
     overtakes it on situation cues ("có phải về quê cắt khẩu trước" after "muốn nhập khẩu"),
     and a neighbour saying none of its cues does not win on being close (Found.keeps_off);
   - a neighbour saying none of its cues does not win over a procedure whose cues the message says (the clause
     that asks, when the neighbour is close): "trả phí hồ sơ qua app ngân hàng"; a guest's few days or a foreigner's
     stay is no temporary residence (`stays`); the record told wrong is the one to correct (`records`); a procedure
     or neighbour whose opposite is said (`contrary`: "lãnh lương hưu"; told "đi làm") is not asked; the thing
     named decides the change of owner (`owned`), the paper named who issues it again (`papers`); how a dossier
     told sent is going is the lookup's (`follow_ups`: "đã nộp lý lịch tư pháp rồi, tra hồ sơ ở đâu").

Where it lives: MatchConfig in knowledge.match_config, the index and its cache in
knowledge.match_index, steps 2-3 in knowledge.match_scores, the cues in knowledge.match_cues,
where the parts of a message are among its tokens in knowledge.match_spans, when a neighbour
wins in knowledge.match_neighbours, the rest of the decision (step 4) here.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from knowledge.clauses import Clause, FocusConfig, RequestFinder
from knowledge.index_cache import IndexCache
from knowledge.match_config import MatchConfig
from knowledge.match_contrary import Contrary
from knowledge.match_cues import CueTable, Found
from knowledge.match_hands import Hands
from knowledge.match_includes import Includes
from knowledge.match_named import named_first
from knowledge.match_neighbours import Neighbours
from knowledge.match_owned import Owned
from knowledge.match_papers import Papers
from knowledge.match_progress import FollowUps
from knowledge.match_records import Records
from knowledge.match_scores import MatchScoring, _best_first, _Part, _Scored
from knowledge.match_spans import _asked, _asking, _clipped, _cuts, _narrower, _starts, _told
from knowledge.match_stay import Stays
from knowledge.match_thanks import Thanks
from knowledge.match_unowned import Unowned
from knowledge.models import KnowledgeBase
from knowledge.normalise import Normaliser, Vocabulary, readable
from knowledge.routing import Route

__all__ = ["MatchConfig", "Matcher"]

_HAS_LETTER = "abcdefghijklmnopqrstuvwxyz"


class Matcher(MatchScoring):
    def __init__(self, kb: KnowledgeBase, config: MatchConfig | None = None,
                 cache: IndexCache | None = None):
        """`cache`: where the index of a large knowledge base is kept between starts
        (default: IndexCache.from_environment())."""
        self.kb = kb
        self.config = (config or MatchConfig.defaults()).updated(kb.matching)
        vocabulary = Vocabulary.builtin().extended(kb.vocabulary)
        self._index(kb, vocabulary, cache if cache is not None else IndexCache.from_environment())
        self.normaliser = Normaliser(vocabulary, known=self._word_ids, fuzzy_confidence=self.config.fuzzy_confidence)
        self._cues = CueTable(kb.vocabulary.get("cues") or {}, [d.id for d in self.docs], self.normaliser,
                              kb.vocabulary.get("help_requests") or (), frozenset(np.flatnonzero(self._is_procedure)))
        position = {d.id: i for i, d in enumerate(self.docs)}
        self._includes = Includes.of(kb.vocabulary, position, {position[p.id]: p.aliases for p in kb.procedures},
                                     self.normaliser)  # what a procedure takes care of too (`includes`) or `needs`
        self._stays = Stays(kb.vocabulary.get("stays") or {}, position, self.normaliser)  # who stays, how long
        self._contrary = Contrary(kb.vocabulary.get("contrary") or {}, position, self.normaliser)  # what it is not
        self._records = Records(kb.vocabulary.get("records") or {}, position, self.normaliser)  # wrong where
        owned = Owned(kb.vocabulary.get("owned") or {}, position, self.normaliser)  # the thing decides
        self._owned = Hands(vocabulary.hands, owned, self.normaliser)  # a thing that changes hands
        self._unowned = Unowned(owned, kb.vocabulary.get("owned_elsewhere") or {},
                                vocabulary.hands | vocabulary.owner_changes, position, self.normaliser)  # boat
        self._neighbours = Neighbours(self.config, self._is_procedure, self._scores, self.normaliser)  # out of scope
        self._thanks = Thanks(self.normaliser)  # a closing thank-you
        self._papers = Papers(kb.vocabulary.get("papers") or {}, position, self.normaliser)  # who issues it
        cfg = self.config
        # Words of the knowledge base rare enough to say what a message is about ("căn cước",
        # not "mới", "đúng", "thì"): the focus of a long message gathers a few of them.
        word_idf = np.zeros(self._V, dtype=np.float64)
        is_word = self._codes < self._V
        word_idf[self._codes[is_word]] = self._idf[is_word]
        topical_words = frozenset(w for w, i in self._word_ids.items() if word_idf[i] >= cfg.topical_idf)
        self._follow_ups = FollowUps(kb.vocabulary.get("follow_ups") or {}, position, self.normaliser,
                                     topical_words.__contains__)  # "nộp rồi, chưa thấy gì" asks the lookup
        self._finder = RequestFinder(self.normaliser, FocusConfig(
            min_words=int(cfg.focus_min_words), span_words=int(cfg.focus_span_words),
            context=cfg.focus_context, after=cfg.focus_after,
            referent_words=int(cfg.focus_referent_words), told=cfg.focus_told), topical=topical_words.__contains__,
            together=self._cues.start_across,
            names=self._name_tokens(kb, self.normaliser))  # tokenised once, kept with the index

    # -- public -------------------------------------------------------------------------
    def route(self, text: str) -> Route:
        cfg = self.config
        query = text if isinstance(text, str) else str(text)
        clauses = self._cues.away.weighed(self._carried(self._finder.clauses(_clipped(query, int(cfg.max_chars)))),
                                          cfg.focus_context)  # where the citizen was: story (match_away)
        tokens = [t for c in clauses for t in c.tokens]
        texts = [[t.text for t in c.tokens] for c in clauses]  # each clause's words
        words = [w for c in texts for w in c]  # read by the cue, includes, owned and records tables
        normalised = readable(" ".join(words))

        def none(kind: str, score: float = 0.0, oos: str | None = None) -> Route:
            return Route(query, normalised, "none", None, (), score, kind, oos)  # type: ignore[arg-type]

        if not any(ch in _HAS_LETTER for ch in normalised):
            return none("noise")
        if self.normaliser.small_talk_kind_of(tokens):  # small_talk_kind(clipped), tokenised once
            return none("small_talk", 100.0)
        if self._thanks.closing(query, words):  # "cảm ơn nhen, làm khai sinh xong rồi" (match_thanks)
            return none("small_talk", 100.0)
        long = len(clauses) > 1 and not clauses[0].short
        # Of a long message whose request names its own object, the clauses that ask.
        own = long and self._finder.names_object(clauses)
        content = [_Part(self.normaliser.content(list(c.tokens)), c.focus, c.continues,
                         own and c.asks and c.focus >= 1.0) for c in clauses]
        scored = self._scores(content) if any(p.tokens for p in content) else None
        if scored is None:
            return none("unknown")
        scores = scored.scores
        proc_order, n_order, need = self._ranked(scored, own)
        # A procedure must lead every out-of-scope service too: answering "đăng ký thi bằng
        # lái" with the licence exchange sends the citizen to the wrong counter. Whether the neighbour
        # is close or a little behind, what decides is which of the two explains the specific words
        # of the message the other does not ("điện" in "sang tên hợp đồng điện" is the electricity's).
        found = (self._cues.found(words, _narrower(clauses), _told(clauses), _asked(clauses), _starts(clauses),
                                  _cuts(clauses))
                 if self._cues else Found({}, {}))
        found.included = self._includes.said(words, found) if self._includes else frozenset()
        n_order = self._contrary.unsaid(n_order, [t for t, c in zip(texts, clauses, strict=True) if not c.asks], found,
                                        [words])
        proc_order, handed, n_order = self._owned.first(proc_order, n_order, scores, words, found, cfg.hands_min)
        n_top = n_order[0] if n_order else None
        if found.request is not None or not long:  # the procedure the question names leads (match_named)
            proc_order = named_first(proc_order, scores, found, cfg.named_window, n_order)
        best_proc = proc_order[0] if proc_order else None
        top = float(scores[best_proc]) if best_proc is not None else 0.0
        if found.request is not None or not long:  # a message that asks names it: no runner-up overtakes it on cues
            found = found.guarding(best_proc)
        fix = self._records.fixing(best_proc, words, found.guards) if best_proc is not None else None
        if fix is not None and not self._is_procedure[fix]:  # "VNeID ghi sai, khai sinh thì đúng"
            return none("out_of_scope", float(scores[fix]), self.docs[fix].id)
        winner = (self._neighbours.winning(scored, n_order, proc_order, found, long)
                  or self._neighbours.helping(scored, proc_order, found, _asking(clauses, tokens, found.help_words))
                  ) if proc_order and fix is None else None
        if winner is not None:
            winner = self._neighbours.which(scored, winner, n_order, found)
            return none("out_of_scope", float(scores[winner]), self.docs[winner].id)
        stay = ((self._stays.neighbour(best_proc, texts, found) if self._stays else None)
                or self._contrary.neighbour(best_proc, texts, found, n_order)
                or self._unowned.neighbour(best_proc, words)) if best_proc is not None else None
        if stay is not None:  # "về ăn Tết 1 tuần" is a guest's stay; "lãnh lương hưu qua tài khoản" pays no fee
            return none("out_of_scope", float(scores[stay]), self.docs[stay].id)
        clarify_min = cfg.clarify_min_long if long else cfg.clarify_min
        if (best_proc is not None and top >= clarify_min and self._follow_ups
                and (follow := self._follow_ups.asked(words)) is not None):  # "nộp rồi, chưa thấy gì" (match_progress)
            return Route(query, normalised, "answer", self.docs[follow].id, (self.docs[follow].id,), top, "procedure")
        n_score = float(scores[n_top]) if n_top is not None else 0.0
        if handed is not None and best_proc == handed:  # sold, given, bought second-hand (match_hands)
            return Route(query, normalised, "answer", self.docs[handed].id, (self.docs[handed].id,), top, "procedure")
        # A procedure under the bar whose cues the message says may be answered on them (_candidates decides), unless
        # a neighbour scores higher (but one the question passes over: asked_past); so may a long message's leader.
        cue_led = (best_proc is not None and top >= (cfg.cue_lead_min_long if long else cfg.cue_lead_min)
                   and found.says(best_proc) and (n_score < top or best_proc == found.asked_name()
                                                  or self._neighbours.asked_past(scored, n_top, best_proc, found)))
        lead_led = long and top >= cfg.long_lead_min and n_score <= top - cfg.long_lead_margin
        if best_proc is None or (top < clarify_min and not cue_led and not lead_led):
            # No procedure to offer: a neighbour that explains what the message says
            # specifically still gets its "where to go" line, a little below the usual bar.
            if n_top is not None and self._neighbours.named(scored, n_top):
                shown = self._neighbours.which(scored, n_top, n_order, found)
                return none("out_of_scope", float(scores[shown]), self.docs[shown].id)
            return none("unknown", top)
        cands = self._candidates(scored, proc_order, need, long, found)
        if cands is None or len(cands) == 1 and self._neighbours.told_elsewhere(scored, cands[0], found):
            return none("unknown", top)
        if (issuer := self._papers.issuer(cands[0], words)) is not None and not self._is_procedure[issuer]:
            return none("out_of_scope", float(scores[issuer]), self.docs[issuer].id)
        if issuer is not None and len(cands) == 1 and issuer in proc_order[:3]:
            cands = [issuer]  # "cà vẹt ghi địa chỉ cũ, có phải đổi" (not the ID card's "sáp nhập", "đổi")
        ids = tuple(self.docs[d].id for d in cands)
        if len(cands) == 1:
            return Route(query, normalised, "answer", ids[0], ids, float(scores[cands[0]]), "procedure")
        return Route(query, normalised, "clarify", ids[0], ids, top, "procedure")

    def _carried(self, clauses: list[Clause]) -> list[Clause]:
        """The clauses of a long message where none asks or requests ("công chứng sổ đỏ 3 bản"
        among the story, no question word, no verb), the one that carries the request at full
        weight and the others at focus_context: the clause whose best doc, each scored alone,
        scores carrier_min and leads every other clause's best by carrier_margin. Unchanged
        when a clause asks or requests, or none leads."""
        cfg = self.config
        full = [i for i, c in enumerate(clauses) if c.focus >= 1.0]
        if (len(full) < 2 or not clauses[0].unasked or cfg.carrier_min >= 100
                or sum(len(c.tokens) for c in clauses) < cfg.carrier_words):
            return clauses
        best = []
        for i in full:
            part = self.normaliser.content(list(clauses[i].tokens))
            alone = self._scores([_Part(part, 1.0)]) if part else None
            best.append(float(alone.scores[self._is_procedure].max(initial=0.0)) if alone is not None else 0.0)
        order = sorted(range(len(full)), key=best.__getitem__, reverse=True)
        # Only a clause that does or needs something carries a request: "tạm trú ở nhà trọ gần
        # công ty" tells where the citizen lives.
        if (best[order[0]] < cfg.carrier_min or best[order[0]] - best[order[1]] < cfg.carrier_margin
                or not self._finder.acts(clauses[full[order[0]]])):
            return clauses
        carrier = full[order[0]]
        return [c if i == carrier else replace(c, focus=min(c.focus, cfg.focus_context))
                for i, c in enumerate(clauses)]

    def _ranked(self, scored: _Scored, own: bool) -> tuple[list[int], list[int], float]:
        """The best procedures (three, the best first), the best neighbours (neighbours_checked,
        the best first), and the specific weight a procedure must explain to be chosen; `own`:
        of the request too (the clauses of full weight of a long message whose request names
        its own object)."""
        cfg = self.config
        scores = scored.scores
        hit = (scores > 0).nonzero()[0]
        is_proc = self._is_procedure[hit]
        procs = hit[is_proc]
        # Generic words alone ("làm hồ sơ", "nộp") do not carry a procedure: a procedure must
        # explain some of what makes the message specific, when the message says something
        # specific at all ("hồ sơ ANTT" does; "nộp hồ sơ trực tuyến" does not).
        need = min(cfg.min_distinct, 0.5 * scored.specific)
        if need > 0:
            procs = procs[scored.distinct[procs] >= need]
            if own:
                # The story alone does not carry a procedure ("bằng lái em đổi qua thẻ nhựa rồi,
                # cách kho thịt"): it must explain some of what the request says too, unless the
                # request refers back to it ("... hết hạn rồi, làm lại có bị phạt không").
                procs = procs[scored.focus_distinct[procs] >= need]
        oos = _best_first(scores, hit[~is_proc], max(1, int(cfg.neighbours_checked)))
        return _best_first(scores, procs, 3).tolist(), oos.tolist(), need

    def _candidates(self, scored: _Scored, proc_order: list[int], need: float,
                    long: bool, found: Found) -> list[int] | None:
        """The procedure to answer with (one doc) or those to offer (several), the best first,
        given that the best one, proc_order[0], reaches the bar or is led by cues; None when
        there is nothing to offer."""
        cfg = self.config
        scores, distinct = scored.scores, scored.distinct
        best_proc = proc_order[0]
        top = float(scores[best_proc])
        clarify_min = cfg.clarify_min_long if long else cfg.clarify_min
        # Only plausible candidates are offered or compete: each must explain a fair share of
        # the specific words the best one explains ("tách hộ" is not a land procedure because
        # land splitting also says "tách").
        need = max(need, cfg.clarify_share * float(distinct[best_proc]))
        plausible = [d for d in proc_order[1:] if float(distinct[d]) >= need]
        second = float(scores[plausible[0]]) if plausible else 0.0
        # Close candidates told apart by the message's cues: the one the message says a cue of,
        # when it says none of the others' ("lần đầu" is the first card, not its renewal), is
        # answered; a runner-up it says a cue of, when it says none of the best's, keeps the
        # best from being answered.
        close = [best_proc, *(d for d in plausible if float(scores[d]) >= top - cfg.cue_window)]
        cue_lead_min = cfg.cue_lead_min_long if long else cfg.cue_lead_min
        rival = lead = None
        if found and len(close) > 1:
            lead = found.leader(close)
            # Cues said only in the story ("đổi căn cước mới nên số định danh khác") do not
            # decide: a runner-up they speak for is a rival, offered beside the best.
            story_only = lead is not None and found.request is not None and not found.request.says(lead)
            if lead is not None and not story_only and float(scores[lead]) >= min(clarify_min, cue_lead_min):
                return [lead]
            rival = next((d for d in close[1:] if found.prefers(d, best_proc)), None)
            if rival is None and found.told_only(best_proc):
                # The best one's cues are what is done ("đổi sang xe mới rồi"); a close one's
                # said elsewhere ("bán lại chiếc cũ") may be what is asked: offered beside it.
                rival = next((d for d in close[1:] if found.says(d) and not found.told_only(d)), None)
        elif ((found.request if found.request is not None else found).says(best_proc) and top >= cue_lead_min
              and not (plausible and found.prefers(plausible[0], best_proc))):
            # ... unless the cues speak for the runner-up over it ("sang tên" is land's and the
            # vehicle's, "ô tô" only the vehicle's): then it is offered beside it.
            return [best_proc]
        # A long message's clear leader: no candidate near it, no cue against it, explaining
        # long_lead_share of its specific words ("học dùng Zalo ... cài đặt" is no signature),
        # is answered under the bar, and so up to answer_min_long (not offered beside a far one).
        led = (long and top >= cfg.long_lead_min and top - second >= cfg.long_lead_margin
               and float(distinct[best_proc]) >= cfg.long_lead_share * scored.specific)
        if led and rival is None and top < cfg.answer_min_long:
            return [best_proc]
        if top < clarify_min:
            # The one procedure the message names leads on cues of the story only: offered, not answered.
            named = lead == best_proc and found.guards(best_proc) and plausible
            return [best_proc, plausible[0]] if named else None
        # A long message explains itself less (its story is no procedure's): lower bars.
        answer_min = cfg.answer_min_long if long else cfg.answer_min
        if top >= answer_min and top - second >= cfg.answer_margin and rival is None:
            return [best_proc]
        floor = max(clarify_min, top - cfg.clarify_window)
        offered = [d for d in plausible if float(scores[d]) >= floor or d == rival]
        cands = [best_proc, *offered]
        if len(cands) < 2 and plausible:
            cands = [best_proc, plausible[0]]
        return cands if len(cands) >= 2 else None

    def normalise(self, text: str) -> str:
        return self.normaliser.normalise(text)

    def nearest(self, text: str, n: int = 3) -> list[tuple[str, float]]:
        """The n procedures closest to a message, best first, whatever the decision would be:
        for people choosing where a question belongs (a volunteer adding it to the knowledge
        base), not for answering citizens."""
        clauses = self._finder.clauses(_clipped(text, int(self.config.max_chars)))
        content = [_Part(self.normaliser.content(list(c.tokens)), c.focus, c.continues) for c in clauses]
        scored = self._scores(content) if any(p.tokens for p in content) else None
        if scored is None:
            return []
        scores = scored.scores
        procs = np.flatnonzero(self._is_procedure & (scores > 0))
        return [(self.docs[d].id, float(scores[d])) for d in _best_first(scores, procs, n)]

