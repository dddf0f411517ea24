"""When an out-of-scope service (a neighbour) wins over the best procedures, and which one's
"where to go" line is shown.

A wrong answer sends a citizen to the wrong counter, so a neighbour wins when:
- it is close to the best procedure, or a little behind it but explains specific words the
  procedure does not ("điện" in "sang tên hợp đồng điện"; of a long message, words of the
  request, not of the story: "em là công nhân ở khu công nghiệp ..." is no job search);
- the cues speak for it ("giành đất" is a dispute) over every one of the best procedures; when
  the message also says the best procedure's cues, only if it is close to it; either way not
  far behind: a neighbour's cue in a message about one of ours ("khai tử xong có phải xóa
  thường trú") is the story, not the request. Behind the best neighbour, one the request names
  by a '!' cue wins on the cues alone ("mới đăng ký xe xong, giờ muốn đi đăng kiểm");
- of a long message, the clause that asks names it and nothing of the best procedure ("hộ khẩu
  ở Biên Hòa, đang ở trọ, giờ muốn xin bằng lái B2 thì học ở đâu");
- the clause that asks wants its kind of help (vocabulary `help_requests`: "báo ai", "phản
  ánh") with what its cues tell, over the best procedures the story names, unless that clause
  alone is enough to answer with a procedure ("giờ làm căn cước mới thì gặp ai").
It does not win when:
- the message denies it ("đất không tranh chấp gì");
- the best procedure takes care of it too (`includes`: "khai sinh cho bé, làm bảo hiểm y tế
  luôn") and the message names the procedure, even when the neighbour's words weigh a little
  more (within oos_margin);
- it says none of its own cues while close to a procedure the message names ("giấy chứng tử")
  or whose cue the clause that asks says ("trả phí qua app ngân hàng"): shared words are not
  enough; far ahead (cue_window) it does win ("sổ đỏ bị mất, làm lại": "bị mất" is everyone's);
- it is behind a procedure the message names by its naming cue and wins only on words the
  request says of it ("làm khai tử ... có cần giấy của trạm y tế không"), or behind or level
  with a procedure whose cues the message says while saying none of its own ("... hiện ra mấy
  ngân hàng, trả bằng ví được không" is the payment).

Once the message is out of scope, the line shown is the winner's unless the cues speak for
another neighbour close to it ("xe máy bị mất cắp báo ai" is the police's, though a
driving-school phrasing says "xe máy bị ..."). With no procedure to offer, a neighbour that
explains what the message says specifically still gets its line, a little below the usual bar.
A procedure whose cues are said only where the citizen tells it is done is not answered when
another candidate explains most of the request (told_elsewhere): the request asks something else.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from knowledge.match_config import MatchConfig
from knowledge.match_cues import Found
from knowledge.match_index import _Bools
from knowledge.match_scores import _Part, _Scored
from knowledge.normalise import Normaliser, Token


class Neighbours:
    """The neighbour decision of the matcher; holds no state between messages."""

    def __init__(self, config: MatchConfig, is_procedure: _Bools,
                 scores: Callable[[list[_Part]], _Scored | None], normaliser: Normaliser):
        """`is_procedure`: per doc, whether it is a procedure (else a neighbour); `scores`:
        scores parts of a message as the matcher does (to read the clause that asks alone)."""
        self.config = config
        self._is_procedure = is_procedure
        self._scores = scores
        self._normaliser = normaliser

    def winning(self, scored: _Scored, n_order: list[int], proc_order: list[int],
                found: Found, long: bool) -> int | None:
        """The neighbour that wins over the best procedures: the best neighbour, or one behind
        it that the request names ("giờ muốn đi đăng kiểm" after "mới đăng ký xe xong") when
        the cues speak for it."""
        return next((n for k, n in enumerate(n_order) if (k == 0 or found.names(n))
                     and self.wins(scored, n, proc_order, found, cues_only=k > 0, long=long)), None)

    def which(self, scored: _Scored, winner: int, n_order: list[int], found: Found) -> int:
        """The neighbour whose "where to go" line is shown once the message is out of scope:
        the winner, unless the cues speak for another neighbour within cue_window of it ("xe
        máy bị mất cắp báo ai" is the police's, though a driving-school phrasing says "xe máy
        bị ...")."""
        close = [winner, *(n for n in n_order if n != winner
                           and float(scored.scores[n]) >= float(scored.scores[winner]) - self.config.cue_window)]
        leader = found.leader(close) if len(close) > 1 else None
        return leader if leader is not None else winner

    def helping(self, scored: _Scored, proc_order: list[int], found: Found,
                asking: list[Token]) -> int | None:
        """The best scoring neighbour whose kind of help the request asks for (match_cues:
        Found.helping) over the best procedures the story names; none when the clause that
        asks (`asking`, when it is a part of the message, but the help asked) is itself enough
        to answer with a procedure ("giờ làm căn cước mới thì gặp ai")."""
        helping = [d for d in found.helping(proc_order) if not self._is_procedure[d]]
        if not helping:
            return None
        alone = self._scores([_Part(self._normaliser.content(asking), 1.0)]) if asking else None
        if alone is not None and float(alone.scores[self._is_procedure].max(initial=0.0)) >= self.config.answer_min:
            return None
        return max(helping, key=lambda d: float(scored.scores[d]))

    def asked_past(self, scored: _Scored, n_doc: int | None, best_proc: int, found: Found) -> bool:
        """Whether the clause that asks speaks for the best procedure over a neighbour that scores
        less than cue_window ahead of it ("tới bước trả tiền nó hiện ra mấy ngân hàng ..., vậy
        đóng tiền cách nào khác"): the neighbour's words tell how, not what is asked."""
        scores = scored.scores
        return (n_doc is not None and float(scores[n_doc]) < float(scores[best_proc]) + self.config.cue_window
                and found.speaks_for(best_proc, n_doc, asked=True))

    def wins(self, scored: _Scored, n_doc: int, proc_order: list[int], found: Found,
             cues_only: bool = False, long: bool = False) -> bool:
        """Whether the neighbour (out-of-scope service) n_doc wins over the best procedures
        (proc_order, the best first); `cues_only`: on the cues alone, not on its score; `long`:
        the message is read clause by clause."""
        cfg = self.config
        if found.denies(n_doc):  # "đất không tranh chấp gì": the message says it is not this
            return False
        best_proc = proc_order[0]
        top = float(scored.scores[best_proc])
        n_score = float(scored.scores[n_doc])
        only_n, only_p = scored.contrast(n_doc, best_proc)
        # What the neighbour does is part of the best procedure ("khai sinh cho bé, làm bảo
        # hiểm y tế luôn"): the procedure is asked for when the message names it too, even when
        # the neighbour's words weigh a little more (within oos_margin).
        if ((best_proc, n_doc) in found.included and n_score <= top + cfg.oos_margin
                and only_p >= cfg.min_distinct):
            return False
        # The cues speak for the neighbour ("giành đất" is a dispute) over every one of the
        # best procedures: it wins; when the message also says the best procedure's cues
        # (the request speaking for the neighbour), only if it is close to it.
        # Either way it must not be far behind: a neighbour's cue in a message about one of
        # ours ("khai tử xong có phải xóa thường trú") is the story, not the request.
        reach = cfg.cue_neighbour_contested if found.tells_apart(best_proc, n_doc) else cfg.cue_neighbour_reach
        if (found and n_score >= max(cfg.cue_neighbour_min, top - reach) and found.prefers(n_doc, best_proc)
                and not any(found.prefers(d, n_doc) for d in proc_order) and not found.told_beside(n_doc, proc_order)):
            return True
        if cues_only:
            return False
        close = n_score >= cfg.clarify_min and n_score + cfg.oos_margin >= top
        # A neighbour close to a procedure the message names ("giấy chứng tử") or whose cue the clause that
        # asks says ("trả phí qua app ngân hàng"), saying none of its own cues, does not win on being close
        # (shared words); far ahead (cue_window) it does ("sổ đỏ bị mất, làm lại": "bị mất" is everyone's).
        named = (found.guards(best_proc) or self.asked_past(scored, n_doc, best_proc, found)) and not found.says(n_doc)
        if close and not (n_score < top and only_p > only_n) and not named:
            return True
        # Behind or level with (oos_margin) a procedure whose cues the message says, a neighbour saying
        # none of its own wins on no words ("... hiện ra mấy ngân hàng, trả bằng ví được không" is the payment).
        cueless = n_score < top + cfg.oos_margin and found.speaks_for(best_proc, n_doc)
        if long and scored.ask_specific > 0 and n_score >= cfg.neighbour_min and not found.names(best_proc) \
                and not cueless:
            # The clause that asks names the neighbour and nothing of the best procedure.
            ask_n, ask_p = scored.contrast(n_doc, best_proc, asked=True)
            if ask_n >= cfg.min_distinct and ask_p < cfg.min_distinct:
                return True
        behind = n_score >= max(cfg.neighbour_min, top - cfg.neighbour_window)
        if long:
            # Behind the best procedure, a neighbour wins on what the request says, not on the
            # story ("em là công nhân ở khu công nghiệp ..." is no job search).
            only_n, only_p = scored.contrast(n_doc, best_proc, request_only=True)
        # Behind a procedure the message names by its naming cue, a neighbour does not win on
        # words the request says of it ("làm khai tử ... có cần giấy của trạm y tế không").
        guarded = found.keeps_off(best_proc, n_doc, ahead=n_score >= top) or cueless
        return (cfg.neighbour_share > 0 and behind and only_n > only_p and not guarded
                and only_n >= max(cfg.min_distinct, cfg.neighbour_share * float(scored.distinct[best_proc])))

    def told_elsewhere(self, scored: _Scored, doc: int, found: Found) -> bool:
        """Whether the doc's cues are said only where the citizen tells it is done ("đã đăng
        ký tạm trú rồi, giờ muốn đăng ký cho con học trường ...") while another candidate or
        neighbour close to it explains more of the request, and most of it (told_rival_share):
        the request asks something else. A request without its own object ("hết hạn rồi, làm
        lại có bị phạt không") refers back to the story: that is no other thing."""
        if not found.told_only(doc):
            return False
        scores, in_request = scored.scores, scored.focus_distinct
        rivals = np.flatnonzero(scores >= float(scores[doc]) - self.config.cue_window)
        best_rival = float(in_request[rivals].max())
        return best_rival > float(in_request[doc]) and best_rival >= self.config.told_rival_share * scored.specific

    def named(self, scored: _Scored, n_doc: int) -> bool:
        """Whether a neighbour is named when no procedure is offered."""
        cfg = self.config
        n_score = float(scored.scores[n_doc])
        named = n_score >= cfg.neighbour_min and float(scored.distinct[n_doc]) >= cfg.min_distinct
        return n_score >= cfg.clarify_min or named
