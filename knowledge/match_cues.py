"""Distinguishing cues: the words that tell close procedures apart.

Two procedures can share almost all their words ("căn cước", "làm") and differ by the
situation the citizen tells: "chưa bao giờ làm", "lần đầu", "14 tuổi" point to the first card,
"mất", "hết hạn", "đổi sang" to its renewal. Such cues are data: staff list them per procedure
(or out-of-scope service) under `vocabulary: cues:` in the knowledge base file,

    vocabulary:
      cues:
        cap-the-can-cuoc: [lan dau, chua tung, 14 tuoi]
        cap-doi-cap-lai-can-cuoc: [bi mat, het han, doi sang]

and a cue is read like a message (folded, abbreviations and synonyms expanded, words the
knowledge base lacks repaired), so it is found however the citizen types it.
knowledge.matching uses them between close candidates only: a candidate is told apart from
another by a cue of its own that the other does not share, unless the other's cue found at
the same place is longer ("sang tên sổ đỏ" is the land's, though "sang tên" alone is the
vehicle's).

A cue written with a leading "!" names the service itself ("!đăng kiểm", "!hộ chiếu"): said,
it tells its doc apart from any doc none of whose naming cues is said, whatever situation cues
the other has ("ô tô mới mua đi đăng kiểm" is the inspection, though "ô tô mới" is the first
registration's cue), and keeps the other's situation cues from telling it apart.

The clause that asks may want a neighbour's kind of help with what the story tells: report it,
complain, settle it, be protected (vocabulary `help_requests`: "báo ai", "phản ánh", "giải
quyết", "bảo vệ"). When it does, a neighbour whose cue the message says ("chồng hay đánh
đập", "hàng xóm xây lấn qua") is what is asked, not a procedure the story names ("đã đăng ký
kết hôn được 2 năm"), unless that clause says the procedure's cues too.
A naming cue right after a negation is not said ("không tranh chấp gì"): a doc named only so
is denied, and does not win on its score either. So is a doc said only in the story told as
done (up to the last done marker of the clauses told as done, from after the last clause
before them that still wants something, knowledge.match_done; or, in a message read as one
clause, before "rồi giờ", "xong bây giờ"), when the rest of the message says another doc's
cues: "tranh chấp đã hòa giải xong rồi giờ làm sổ lần đầu" asks for the land registration;
help words and naming cues said there ask and name nothing.
A neighbour's cue said just before someone demands a paper (vocabulary `demand_markers`: "bưu
điện chi lương hưu đòi giấy xác nhận số chứng minh cũ") tells who demands it, not what is
asked: it is not said. Nor is one said inside why the citizen asks ("mua ô tô để chở ông bà đi
khám bệnh": knowledge.match_purpose), nor a situation cue inside a requirement question asked of
what the clause names ("cấp lại bằng lái có phải thi lại không": knowledge.match_requirement), nor
one inside the paper certified ("chứng thực bản sao hộ chiếu": knowledge.match_copies).
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence, Set

from knowledge.match_away import Away
from knowledge.match_copies import Copies
from knowledge.match_done import DoneParts
from knowledge.match_echo import echoed
from knowledge.match_persons import Persons
from knowledge.match_purpose import Purposes
from knowledge.match_requirement import Requirements
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet, by_doc

_DEMANDER = 6  # words between who demands a paper and the demand


class CueTable:
    """Each doc's cues as the matcher's tokens, and where a message says them."""

    def __init__(self, cues: Mapping[str, Iterable[str]], doc_ids: Sequence[str], normaliser: Normaliser,
                 help_requests: Iterable[str] = (), procedures: Set[int] = frozenset()):
        """`procedures`: the positions of the docs that are procedures: their naming cues guard
        them (Found.guarding) rather than name them."""
        position = {doc_id: i for i, doc_id in enumerate(doc_ids)}
        # doc -> its cues (tuples of token texts); first word -> (cue, doc) to look for
        self._of_doc: dict[int, frozenset[tuple[str, ...]]] = {}
        self._naming: set[tuple[int, tuple[str, ...]]] = set()  # (doc, cue) of the cues that name a doc
        self._guarding: set[tuple[int, tuple[str, ...]]] = set()  # ... a procedure, which guard it
        vocabulary = normaliser.vocabulary
        self._negations = frozenset(n[0] for n in vocabulary.negations if len(n) == 1)
        self._nobody = frozenset(vocabulary.nobody)  # "không ai": a cue right after one is denied as well
        self._longest_nobody = max(map(len, self._nobody), default=0)
        self._states = frozenset(vocabulary.state_markers)
        self._longest_state = max(map(len, self._states), default=0)
        self._demands = PhraseSet(vocabulary.demand_markers)
        self._fears = PhraseSet(vocabulary.fears)  # "sợ bị": what follows has not happened
        self._purposes = Purposes(normaliser)
        self._requirements = Requirements(normaliser)
        self._persons = Persons(normaliser)
        self._copies = Copies(normaliser)
        self.away = Away(normaliser)  # where the citizen is or was (the matcher weighs it as story)
        # Words of two syllables ("bổ sung"): a cue is not said across one ("súng" is not in it).
        self._compounds = frozenset(normaliser.phrase(" ".join(p)) for p in vocabulary.compounds
                                    if len(p) == 2)
        self._procedures = procedures
        # "... rồi giờ ...", "... xong bây giờ ...": a one-word done marker right before a clause break
        self._done_parts = DoneParts((p[0] for p in map(normaliser.glued, vocabulary.done_markers) if len(p) == 1),
                                     map(normaliser.glued, vocabulary.clause_breaks),
                                     map(normaliser.glued, vocabulary.request_markers),
                                     map(normaliser.glued, vocabulary.pending_markers))
        self._by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for doc, phrases in by_doc(cues, position):
            # Read like a message, typo repairs included: a cue and a message saying it agree.
            read = [(p.startswith("!"), normaliser.phrase(p.lstrip("!"))) for p in (p.strip() for p in phrases)]
            own = {cue for _, cue in read if cue}
            (self._guarding if doc in procedures else self._naming).update(
                (doc, cue) for naming, cue in read if naming and cue)
            self._of_doc[doc] = frozenset(own) | self._of_doc.get(doc, frozenset())
            for cue in own:
                self._by_first.setdefault(cue[0], []).append((cue, doc))
        self._longest = max((len(cue) for cues in self._of_doc.values() for cue in cues), default=1)
        # The docs that certify (a word of certifying is one of their cues: "chứng thực", "công chứng").
        certifying = {normaliser.phrase(" ".join(p)) for p in vocabulary.certifying}
        self._certifiers = frozenset(d for d, cues in self._of_doc.items() if cues & certifying)
        # The help asked ("báo ai", "phản ánh"): first word -> phrases.
        self._help: dict[str, list[tuple[str, ...]]] = {}
        for phrase in help_requests:
            words = normaliser.phrase(str(phrase))
            if words:
                self._help.setdefault(words[0], []).append(words)

    def __bool__(self) -> bool:
        return bool(self._of_doc)

    def start_across(self, texts: Sequence[str], k: int) -> int:
        """Where the cue said across position k of the texts (starting before k, ending after
        it) that starts first begins; k when none is."""
        return min((i for i in range(max(0, k - self._longest + 1), k) for cue, _ in self._by_first.get(texts[i], ())
                    if i + len(cue) > k and tuple(texts[i:i + len(cue)]) == cue), default=k)

    def found(self, texts: Sequence[str], narrower: Sequence[Sequence[tuple[int, int]]] = (),
              told: Sequence[tuple[int, int]] = (), questions: Sequence[tuple[int, int]] = (),
              bounds: Sequence[int] = (), cuts: Set[int] = frozenset()) -> Found:
        """The cues a message (its token texts) says, per doc. `narrower`: parts of the
        message, each within the one before (the request with its lead-in, then the clause
        that asks), as (start, end) ranges of the texts: where the cues are looked at again
        when the whole message speaks for two candidates. `told`: the ranges of the clauses
        that tell what is already done; `questions`: those of the clauses of the request that ask;
        `bounds`: where the clauses start; `cuts`: those of them where the focus only cut a clause
        for its weight (the paper certified runs on across one)."""
        done = self._done_parts(texts, told)
        spans: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {}
        denied_docs: set[int] = set()  # the docs named right after a negation ("không tranh chấp")
        negated: set[int] = set()  # where a cue starts right after a negation
        for i, text in enumerate(texts):
            denied = i > 0 and (texts[i - 1] in self._negations or any(
                tuple(texts[i - k:i]) in self._nobody for k in range(1, min(i, self._longest_nobody) + 1)))
            # A cue of a procedure right after a state marker ("đang tạm trú ở đây") tells where
            # the citizen lives, not what is asked: not said as a cue (its naming cues are: "!"
            # names it). A neighbour's cue said so is what is going on ("hàng xóm đang lấn ranh",
            # "anh em đang giành nhau miếng đất"): said.
            state: bool | None = None  # looked at once a cue is said here (most words start none)
            for cue, doc in self._by_first.get(text, ()):
                if tuple(texts[i:i + len(cue)]) != cue or self._across(texts, i, i + len(cue)):
                    continue
                if state is None:
                    state = any(tuple(texts[i - k:i]) in self._states
                                for k in range(1, min(i, self._longest_state) + 1))
                if state and doc in self._procedures and (doc, cue) not in self._guarding:
                    continue
                if denied and (doc, cue) in self._naming:
                    denied_docs.add(doc)
                else:
                    spans.setdefault(doc, []).append((i, i + len(cue), cue))
                    if denied:
                        negated.add(i)
        # A neighbour's cue said just before someone demands a paper ("bưu điện chi lương hưu
        # đòi giấy xác nhận số chứng minh cũ") tells who demands it: not what is asked.
        for at in self._demands.starts_in(texts):
            spans = {d: kept for d, said in spans.items()
                     if (kept := [c for c in said if d in self._procedures or not at - _DEMANDER < c[1] <= at])}
        # What the citizen fears ("sợ bị lừa đảo lắm") has not happened: a neighbour's cue right after it is not said.
        if feared := self._fears.spans(texts):
            spans = {d: kept for d, said in spans.items()
                     if (kept := [c for c in said if d in self._procedures
                                  or not any(start <= c[0] <= end for start, end in feared)])}
        # Why the citizen asks ("mua ô tô để chở ông bà đi khám bệnh") is not what is asked
        # (knowledge.match_purpose): a neighbour's cue said inside it is not said.
        if purposes := self._purposes.spans(texts, bounds):
            spans = {d: kept for d, said in spans.items()
                     if (kept := [c for c in said if d in self._procedures or not _within(c[0], c[1], purposes)])}
        # Nor is a situation cue a requirement question asks of what it names ("cấp lại bằng lái có
        # phải thi lại không": knowledge.match_requirement); a service named there is asked about
        # ("ô tô mới mua có phải đăng kiểm không").
        if required := self._requirements.spans(texts, bounds):
            spans = {d: kept for d, said in spans.items()
                     if (kept := [c for c in said if d in self._procedures or (d, c[2]) in self._naming
                                  or not _within(c[0], c[1], required)])}
        # What the citizen is ("người khuyết tật", "hộ nghèo") said beside a procedure's cue tells
        # who asks: a neighbour's cue said only there is not what is asked (knowledge.match_persons;
        # after a paper's name, "thẻ khuyết tật", it says whose paper that is).
        persons = self._persons.spans(texts)
        if persons and any(d in self._procedures and any(not _within(s, e, persons) for s, e, _ in said)
                           for d, said in spans.items()):
            spans = {d: kept for d, said in spans.items()
                     if (kept := [c for c in said if d in self._procedures or not _within(c[0], c[1], persons)])}
        # The paper certified ("chứng thực bản sao hộ chiếu") is the object of the certification: a
        # cue said only there, naming cues too, is not what is asked (knowledge.match_copies), of a
        # neighbour or of the procedure that issued the paper ("công chứng bản sao trích lục khai tử"),
        # unless that doc certifies (a word of certifying is one of its cues).
        if copied := self._copies.spans(texts, [b for b in bounds if b not in cuts]):
            spans = {d: kept for d, said in spans.items()
                     if (kept := [c for c in said if d in self._certifiers or not _within(c[0], c[1], copied)])}
        # Where the citizen is or was ("đi xklđ về", "đang làm việc bên Hàn Quốc") is the situation
        # (knowledge.match_away): a neighbour's cue said there is not, one said only there is not asked.
        if away := self.away.spans(texts, bounds):
            kept_of = {d: [c for c in said if d in self._procedures or not any(c[0] < hi and lo < c[1]
                                                                                 for lo, hi in away)]
                       for d, said in spans.items()}
            denied_docs |= {d for d, kept in kept_of.items() if not kept}  # said only where the citizen was
            spans = {d: kept for d, kept in kept_of.items() if kept}
        # Where help is asked ("báo ai", "phản ánh"); asked in the clause that asks (the whole
        # message when none is told apart) or right after it ("làm sao | giải quyết"), it is
        # asked of the docs whose cues tell what happened elsewhere than in such words
        # ("trình báo" is an act, not what happened).
        asking = narrower[-1] if narrower else [(0, len(texts))]
        helps = [(i, i + len(p)) for i, text in enumerate(texts) for p in self._help.get(text, ())
                 if tuple(texts[i:i + len(p)]) == p and not _within(i, i + len(p), done)]
        helped: frozenset[int] = frozenset()
        if any(lo <= s <= hi and (e <= hi or s == hi) for s, e in helps for lo, hi in asking):
            helped = frozenset(d for d, said in spans.items()
                               if any(all(e <= hs or he <= s for hs, he in helps) for s, e, _ in said))
        inner = None
        for ranges in reversed(narrower):
            inside = {doc: kept for doc, said in spans.items()
                      if (kept := [c for c in said if any(lo <= c[0] and c[1] <= hi for lo, hi in ranges)])}
            inner = Found(inside, self._of_doc, inner, self._named(inside))
        # A naming cue counts in the request only: the story may name what happened before
        # ("đã trình báo công an") or why ("đi xuất khẩu lao động").
        # A story told as done ("tranh chấp đã hòa giải xong", "trình báo rồi") names what is
        # behind the citizen: its naming cues name nothing, and a doc said only there is done
        # with when the rest of the message says another doc's cues ("giờ xin cấp lại cà vẹt").
        asked = {d: [c for c in said if not _within(c[0], c[1], done)] for d, said in spans.items()}
        asked = {d: said for d, said in asked.items() if said}
        done_with = frozenset(d for d in spans if d not in asked) if asked else frozenset()
        named_in = inner._spans if narrower and inner else spans
        named_in = {d: said for d, said in named_in.items() if d in asked}
        # A procedure's naming cue said anywhere (the request of a long message decides whether it
        # guards: Found.guarding), not denied ("chưa làm khai tử") nor where what is done is told
        # ("tui mới đăng ký thường trú").
        # ... nor said again after it was named inside another doc's longer cue ("bản sao khai tử ...
        # khai tử ở xã cũ": match_echo).
        outside = [*done, *told]
        again = echoed(spans)
        guard_in = {d: [c for c in said if c[0] not in negated and not _within(c[0], c[1], outside)
                        and not any(e[:2] == (d, c[2]) for e in again)]
                    for d, said in spans.items()} if self._guarding else {}
        # ... and whether a clause of the request that asks says it ("vậy có phải đăng ký tạm trú không").
        guard_asked = {d: kept for d, said in guard_in.items()
                       if (kept := [c for c in said if _within(c[0], c[1], questions)])} if questions else {}
        found = Found(spans, self._of_doc, inner, self._named(named_in),
                      told, helped, frozenset(denied_docs - spans.keys()) | done_with,
                      frozenset(k for s, e in helps for k in range(s, e)), self._named_by(guard_in, self._guarding))
        found.asked_guard = self._named_by(guard_asked, self._guarding) if guard_asked else frozenset()
        found.named_anywhere = self._named(spans)
        found.asking = narrower[-1] if narrower else ()
        each: Found | None = found
        while each is not None:
            each.echoes = again
            each = each.request
        return found

    def _across(self, texts: Sequence[str], start: int, end: int) -> bool:
        """Whether a word of two syllables the vocabulary knows (`compounds`) straddles an end
        of the span: "sung" (súng) said in "bổ sung", "kiem" (kiếm) in "kiểm tra" is not the cue."""
        return bool(self._compounds) and (
            (start > 0 and (texts[start - 1], texts[start]) in self._compounds)
            or (end < len(texts) and (texts[end - 1], texts[end]) in self._compounds))

    def _named(self, spans: Mapping[int, list[tuple[int, int, tuple[str, ...]]]]) -> frozenset[int]:
        """The docs named by a naming cue among those said, not inside a longer cue of another
        doc said at the same place ("bản sao giấy chứng tử" asks for a copy, not the death
        registration "khai tử" names)."""
        return self._named_by(spans, self._naming)

    @staticmethod
    def _named_by(spans: Mapping[int, list[tuple[int, int, tuple[str, ...]]]],
                  naming: Set[tuple[int, tuple[str, ...]]]) -> frozenset[int]:
        """The docs one of the `naming` cues names among those said, not inside a longer cue
        of another doc said at the same place ("bản sao giấy chứng tử" asks for a copy, not
        the death registration "khai tử" names)."""
        named = [(doc, c) for doc, said in spans.items() for c in said if (doc, c[2]) in naming]
        if not named:  # most messages: no naming cue said
            return frozenset()
        longer = [(s, e, d) for d, said in spans.items() for s, e, _ in said]
        return frozenset(doc for doc, c in named if not any(
            d != doc and s <= c[0] and c[1] <= e and e - s > c[1] - c[0] for s, e, d in longer))


class Found:
    """Where a message says each doc's cues."""

    def __init__(self, spans: Mapping[int, list[tuple[int, int, tuple[str, ...]]]],
                 of_doc: Mapping[int, frozenset[tuple[str, ...]]], request: Found | None = None,
                 named: Set[int] = frozenset(), told: Sequence[tuple[int, int]] = (),
                 helped: Set[int] = frozenset(), denied: Set[int] = frozenset(),
                 help_words: Set[int] = frozenset(), guarded: Set[int] = frozenset()):
        self._spans = spans
        self._guarded = guarded  # the procedures the message names by a naming cue of theirs
        self.help_words = help_words  # where the message asks for help ("báo ai"), as token positions
        self._denied = denied  # the docs named only right after a negation
        self._helped = helped  # the docs whose cues are said when the clause that asks wants help
        self._told = told  # where the clauses that tell what is already done are
        self._of_doc = of_doc
        self.request = request  # the cues said in a narrower part of the message
        self._named = named  # the docs a naming cue of theirs names
        self.asked_guard: frozenset[int] = frozenset()  # ... of the procedures, said in the clause that asks
        self.named_anywhere: frozenset[int] = frozenset()  # the docs a naming cue names, in the story too
        self.asking: Sequence[tuple[int, int]] = ()  # where the clause that asks is (a long message's)
        # (procedure, other) pairs the message names the procedure of, which takes care of the
        # other too (knowledge.match_includes; the matcher sets them, for the narrower parts too)
        self._included: frozenset[tuple[int, int]] = frozenset()
        # (doc, cue, other): the doc's cue said elsewhere inside a longer cue of the other (match_echo)
        self.echoes: frozenset[tuple[int, tuple[str, ...], int]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self._spans)

    @property
    def included(self) -> frozenset[tuple[int, int]]:
        return self._included

    @included.setter
    def included(self, pairs: frozenset[tuple[int, int]]) -> None:
        self._included = pairs
        if self.request is not None:
            self.request.included = pairs

    def says(self, doc: int) -> bool:
        """Whether the message says any cue of the doc."""
        return doc in self._spans

    def guarding(self, best: int | None) -> Found:
        """The cues as read once the best procedure is known: when the message names it by a
        naming cue of its own ("bây giờ đăng ký khai tử trễ ..."), it is told apart from the
        docs that are not named, and their situation cues ("chia đất" in the story) do not
        tell them apart from it: a runner-up or a neighbour cannot overtake it on such cues.
        Not when the message names two procedures so ("khai sinh với nhập hộ khẩu"), nor when
        it names a neighbour by its own naming cue ("giấy pccc"). A procedure's naming
        cue does nothing else: it does not make a runner-up overtake the best one."""
        if best is None or not self.guards(best) or self._named:  # a neighbour's name said: as before
            return self
        out = copy.copy(self)
        out._named = self._named | {best}
        return out

    def guarded(self, doc: int) -> bool:
        """Whether the message names the procedure by a naming cue of its own ("chứng thực"), not
        right after a negation nor where it tells what is done."""
        return doc in self._guarded

    def guards(self, best: int) -> bool:
        """Whether the message names the best procedure by a naming cue of its and names no
        other procedure so (two needs)."""
        return self._guarded == {best}

    def keeps_off(self, best: int, neighbour: int, ahead: bool) -> bool:
        """Whether naming the best procedure keeps a neighbour from winning on the words the
        request says of it: behind the procedure, whenever the message names it (the guard);
        ahead of it, when the clause that asks names it and the message says none of the
        neighbour's cues ("giờ đăng ký khai sinh cho ông được không" after "chưa từng có giấy
        khai sinh": the re-registration shares the words, not the situation)."""
        if not self.guards(best):
            return False
        return not ahead or (self.asked_name() == best and not self.says(neighbour))

    def asked_name(self) -> int | None:
        """The one procedure the message names by a naming cue of its own, when the clause that
        asks says it ("vậy có phải đăng ký tạm trú không"); None else."""
        return next(iter(self._guarded)) if len(self._guarded) == 1 and self.asked_guard == self._guarded else None

    def names(self, doc: int) -> bool:
        """Whether the request says a cue that names the doc (a '!' cue)."""
        return doc in self._named

    def helping(self, procedures: Iterable[int]) -> list[int]:
        """The docs whose kind of help the request asks for: the clause that asks wants help
        ("báo ai", "phản ánh": vocabulary `help_requests`), the message says their cues ("chồng
        hay đánh đập") elsewhere than in such words, and that clause says no cue of the
        procedures (the best ones, which the story names: "đã đăng ký kết hôn"), or says them
        only where the message tells what is done ("mới làm sổ đỏ lần đầu xong"); in order.
        None when the request asks no help."""
        asked = self._asked()
        if not self._helped or any(asked.says(d) and not self.told_only(d) for d in procedures):
            return []
        # A doc whose cues are all parts of a longer cue of another said at the same place is
        # not what the story tells ("công ty giữ" is the employer's, "công ty" alone a business).
        spans = {d: [(s, e) for s, e, _ in self._spans[d]] for d in self._helped}

        def inside(d: int, s: int, e: int) -> bool:
            return any(o != d and lo <= s and e <= hi and (lo, hi) != (s, e) for o in spans for lo, hi in spans[o])

        return [d for d in sorted(self._helped) if not all(inside(d, s, e) for s, e in spans[d])]

    def speaks_for(self, doc: int, other: int, asked: bool = False) -> bool:
        """Whether the message says cues of the doc, not only where it tells what is done (in
        the clause that asks, when `asked`), and none of the other's, which has cues listed:
        the words it shares with the other are the doc's business ("trả phí hồ sơ qua app ngân
        hàng" is the payment's, not the bank's). A doc without cues is not judged so."""
        said = self._asked() if asked else self
        return (said.says(doc) and not self.told_only(doc) and not self.says(other)
                and bool(self._of_doc.get(other)))

    def denies(self, doc: int) -> bool:
        """Whether the message names the doc only right after a negation ("đất không tranh
        chấp gì") and says none of its cues elsewhere: it says the doc is not what is asked."""
        return doc in self._denied

    def aside(self, doc: int) -> bool:
        """Whether the message says cues of the doc, none of them in the clause that asks: what
        happened ("nay bị phạt nguội gửi giấy về nhà"), not what is asked."""
        return self.request is not None and self.says(doc) and not self._asked().says(doc)

    def _asked(self) -> Found:
        """The cues said in the clause that asks (the narrowest part of the message)."""
        inner = self
        while inner.request is not None:
            inner = inner.request
        return inner

    def told_only(self, doc: int) -> bool:
        """Whether the message says cues of the doc, all of them in clauses that tell what is
        already done ("đã đăng ký tạm trú rồi")."""
        said = self._spans.get(doc, ())
        return bool(said) and all(any(lo <= s and e <= hi for lo, hi in self._told) for s, e, _ in said)

    def told_beside(self, doc: int, procedures: Iterable[int]) -> bool:
        """Whether the doc's cues are said only where the citizen tells what is done while the
        message says cues of one of the procedures elsewhere ("khai tử xong rồi, giờ ..."): the
        story, beside what is asked. When no procedure's cue is said but there ("chiếc xe bán
        ve chai rồi, cà vẹt có phải đem nộp lại không") and the story names the doc by a naming cue of
        its own, what was done is what the question is about; a doc only described there ("giấy khai sinh
        với bhyt có hết rồi") is still the story."""
        return self.told_only(doc) and (doc not in self.named_anywhere
                                        or any(self.says(d) and not self.told_only(d) for d in procedures))

    def tells_apart(self, a: int, b: int) -> bool:
        """Whether the message says a cue of doc a that is not one of b's, and not part of a
        longer cue of b's said at the same place; a doc named by its naming cues is told
        apart from one that is not, never the other way round. What the named procedure b takes
        care of too (`includes`: the birth registration's "nhập khẩu" for the child) is no other
        thing: never told apart from it."""
        if (b, a) in self._included:
            return False
        if (a in self._named) != (b in self._named):
            return a in self._named
        b_cues = self._of_doc.get(b, frozenset())
        b_spans = self._spans.get(b, ())
        return any(cue not in b_cues and not any(s <= i and e <= f and (s, f) != (i, e) for s, f, _ in b_spans)
                   and (a, cue, b) not in self.echoes for i, e, cue in self._spans.get(a, ()))

    def prefers(self, b: int, a: int) -> bool:
        """Whether the cues speak for doc b over doc a: the message tells b apart from a and
        not a from b; when it tells each apart from the other, a narrower part of the message
        decides (the story says "nộp hồ sơ trên mạng", the request "nâng lên mức 2")."""
        b_apart, a_apart = self.tells_apart(b, a), self.tells_apart(a, b)
        if b_apart != a_apart:
            return b_apart
        return b_apart and self.request is not None and self.request.prefers(b, a)

    def leader(self, docs: Sequence[int]) -> int | None:
        """The one doc of `docs` the cues speak for over each of the others; None when there
        is no such doc."""
        leaders = [d for d in docs if all(self.prefers(d, o) for o in docs if o != d)]
        return leaders[0] if len(leaders) == 1 else None


def _within(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether the (start, end) span lies in one of the ranges."""
    return any(lo <= start and end <= hi for lo, hi in ranges)
