"""Answers: a procedure's card, the short answer to one aspect (fee, time, documents, where,
online, who: knowledge.facets), the card's detail buttons, feedback (👍 / 👎), the clarify
offer and "I don't know" (with the volunteer offer). Facts whose valid_until has passed are
never shown (bot.dialogue.cards); `today` is the date in Config.timezone.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.dialogue import callbacks as cb
from bot.dialogue import cards, guide, texts
from bot.dialogue.live_knowledge import facets_for
from bot.dialogue.rows import feedback_row
from bot.dialogue.types import Button, Reply, Turn
from bot.storage.ports import FeedbackRecord
from knowledge.models import Procedure


@dataclass
class Answers:
    today: Callable[[], date]

    @staticmethod
    def facet(t: Turn, text: str) -> str | None:
        """The one aspect a question asks about (fee, time, documents, where, online, who)."""
        if t.facets is None:  # a knowledge snapshot without its detector: build one for its base
            t.facets = facets_for(t.kb)
        return t.facets.detect(text)

    def answer(self, t: Turn, p: Procedure, facet: str | None = None, question: str = "") -> list[Reply]:
        """The card of `p`, or the short answer to the one aspect `question` asked about."""
        if p.id in t.data.rated:
            t.data.rated = [r for r in t.data.rated if r != p.id]
        if facet == "online" and p.guide is not None:
            return guide.start(t, p.id) or []  # "làm online thế nào": walk them through it
        today = self.today()
        short = cards.facet_answer(p, facet, today, question) if facet else None
        if short is not None:
            rows = [[Button(texts.BTN_STEPS, cb.Open("st", p.id).pack()),
                     Button(texts.BTN_CARD, cb.Open("p", p.id).pack())]]
            if not short.complete:
                rows.append([Button(texts.BTN_DETAILS, cb.Open("dt", p.id).pack())])
            if p.guide is not None:
                rows.append([Button(texts.BTN_GUIDE, cb.StartGuide(p.id).pack())])
            rows.append(feedback_row(p.id))
            return [Reply(short.text, rows)]
        shown = cards.card(p, today)
        first = [Button(texts.BTN_STEPS, cb.Open("st", p.id).pack())]
        if p.documents:
            first.append(Button(texts.BTN_DOCUMENTS, cb.Open("dc", p.id).pack()))
        second = [Button(texts.BTN_FAQ, cb.Open("fq", p.id).pack())] if cards.has_faq_or_notes(p) else []
        second.append(Button(texts.BTN_SOURCES, cb.Open("sr", p.id).pack()))
        if not shown.complete:
            second.append(Button(texts.BTN_DETAILS, cb.Open("dt", p.id).pack()))
        rows = [first, second]
        if p.guide is not None:
            rows.append([Button(texts.BTN_GUIDE, cb.StartGuide(p.id).pack())])
        rows.append(feedback_row(p.id))
        return [Reply(shown.text, rows)]

    def clarify(self, t: Turn, candidates: list[Procedure], text: str) -> list[Reply]:
        t.data.clarify = [p.id for p in candidates[:3]]
        t.data.pending = text
        rows = [[Button(p.title, cb.Clarify(i).pack())] for i, p in enumerate(candidates[:3])]
        rows.append([Button(texts.BTN_NONE_OF_THESE, cb.Clarify(None).pack())])
        return [Reply(texts.CLARIFY, rows)]

    def dont_know(self, t: Turn, text: str, go: str | None = None) -> list[Reply]:
        """Say plainly that we do not know (never guess) and offer a volunteer; for a neighbouring
        service (`go`: its "where to go" line) say where it is done instead."""
        t.data.pending = text
        t.data.handed = False
        body = (f"{texts.OUT_OF_SCOPE_SERVICE.format(go=go.strip())}\n{texts.OUT_OF_SCOPE_VOLUNTEER}"
                if go and go.strip() else texts.DONT_KNOW)
        return [Reply(body, [[Button(texts.BTN_VOLUNTEER, cb.Volunteer("q").pack())]])]

    def detail(self, t: Turn, p: Procedure, action: str) -> list[Reply] | None:
        """A button of the card: the card itself or one of its details (None: not offered)."""
        if action == "p":
            return self.answer(t, p)
        if action == "st":
            return [Reply(cards.steps(p), self.steps_buttons(p))]
        if action == "fq":
            return [Reply(cards.faq(p, self.today()), [feedback_row(p.id)])] if cards.has_faq_or_notes(p) else None
        if action == "dc":
            return [Reply(cards.documents(p), [[Button(texts.BTN_CARD, cb.Open("p", p.id).pack())]])]
        if action == "sr":
            return [Reply(cards.sources(p), [[Button(texts.BTN_CARD, cb.Open("p", p.id).pack())]])]
        return [Reply(cards.details(p, self.today()),
                      [[Button(texts.BTN_STEPS, cb.Open("st", p.id).pack())], *self.steps_buttons(p)])]

    def steps_buttons(self, p: Procedure) -> list[list[Button]]:
        rows = []
        if p.guide is not None:
            rows.append([Button(texts.BTN_GUIDE, cb.StartGuide(p.id).pack())])
        rows.append(feedback_row(p.id))
        return rows

    def feedback(self, t: Turn, button: cb.Feedback) -> list[Reply] | None:
        pid, on_guide = button.procedure, button.on_guide
        if t.kb.get(pid) is None:
            return None
        key = f"g:{pid}" if on_guide else pid
        if not t.data.rate(key):
            return [Reply(texts.FEEDBACK_ALREADY)]
        t.feedback.append(FeedbackRecord(t.session.citizen, pid, button.useful, "guide" if on_guide else ""))
        if button.useful:
            return [Reply(texts.FEEDBACK_THANKS)]
        return [Reply(texts.FEEDBACK_SORRY, [[Button(texts.BTN_VOLUNTEER, cb.Volunteer("fb", pid).pack())]])]
