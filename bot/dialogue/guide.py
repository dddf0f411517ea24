"""Walkthroughs: what happens when a citizen presses "Tiếp" (and the other step buttons), or
types "tiếp" / "quay lại" / a choice's label while a step is on screen.

The session holds the walkthrough: state "guide" (a step on screen) or "paused" ("Dừng";
/tieptuc resumes it), `procedure`, `step`, and data["history"] (the step ids visited before
the current one, for "Quay lại" and for numbering "Bước N" along the path taken). Each step
shown, "Tôi bị vướng" and the end are recorded for the funnel (GuideEvent). Steps are laid
out by bot.dialogue.cards.guide_step and numbered by bot.dialogue.cards.step_position.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.dialogue import callbacks as cb
from bot.dialogue import cards, texts
from bot.dialogue.rows import feedback_row
from bot.dialogue.types import Button, Reply, Turn
from bot.storage.ports import GuideEvent
from knowledge.models import Guide, GuideStep, Procedure
from knowledge.normalise import words

IDLE, GUIDE, PAUSED = "idle", "guide", "paused"


@dataclass(frozen=True)
class Position:
    """The walkthrough in progress, as saved and still present in the knowledge base."""

    procedure: Procedure
    guide: Guide
    step: GuideStep
    visited: int  # steps behind the citizen on the path they took

    @property
    def number(self) -> int:
        """N of "Bước N" as the citizen sees it."""
        return cards.step_position(self.guide, self.step.id, self.visited)[0]


def folded(text: str) -> str:
    return " ".join(words(text))


def history(t: Turn) -> list[str]:
    return list(t.data.history)


def position(t: Turn) -> Position | None:
    """The walkthrough in progress (on screen or paused), if it still exists as saved."""
    s = t.session
    if s.state not in (GUIDE, PAUSED) or not s.procedure or not s.step:
        return None
    p = t.kb.get(s.procedure)
    if p is None or p.guide is None:
        return None
    step = p.guide.step(s.step)
    if step is None or step.id not in p.guide.depths():
        return None
    return Position(p, p.guide, step, len(history(t)))


def on_button(t: Turn, button: cb.GuideNav) -> list[Reply] | None:
    """g:N:next | c:<i> | back | stuck | stop | go; None: not possible now (outdated)."""
    if button.command == "go":
        return resume(t)
    pos = position(t)
    if t.session.state != GUIDE or pos is None:
        return None
    if button.command == "next":
        return _next(t, pos, edit=True)
    if button.command == "c":
        return _choice(t, pos, button.choice, edit=True)
    if button.command == "back":
        return _back(t, pos, edit=True)
    if button.command == "stuck":
        return _stuck(t, pos)
    return _stop(t, pos)


def typed(t: Turn, text: str) -> list[Reply] | None:
    """"tiếp", "quay lại" or a choice's label typed while a walkthrough is on screen."""
    pos = position(t)
    if pos is None or t.session.state != GUIDE:
        return None
    said = folded(text)
    for i, choice in enumerate(pos.step.choices):
        if said == folded(choice.label):
            return _choice(t, pos, i, edit=False)
    if said in texts.TYPED_NEXT:
        if pos.step.choices:
            return [step_reply(t, pos.procedure, pos.step)]
        return _next(t, pos, edit=False)
    if said in texts.TYPED_BACK and t.data.history:
        return _back(t, pos, edit=False)
    return None


def start(t: Turn, pid: str) -> list[Reply] | None:
    p = t.kb.get(pid)
    if p is None or p.guide is None:
        return None
    s = t.session
    s.state, s.procedure, s.step = GUIDE, p.id, p.guide.start.id
    t.data.history, t.data.clarify = [], []
    return [step_reply(t, p, p.guide.start)]


def _move(t: Turn, pos: Position, target: str, edit: bool) -> list[Reply] | None:
    step = pos.guide.step(target)
    if step is None:
        return None
    t.data.history = history(t) + ([t.session.step] if t.session.step else [])
    t.session.step = step.id
    return [step_reply(t, pos.procedure, step, edit=edit)]


def _next(t: Turn, pos: Position, edit: bool) -> list[Reply] | None:
    if pos.step.choices:
        return None  # "Tiếp" is not on a step with choices: forged
    target = pos.guide.next_of(pos.step.id)
    if target is None:
        return _finish(t, pos.procedure)
    return _move(t, pos, target, edit)


def _choice(t: Turn, pos: Position, choice: int | None, edit: bool) -> list[Reply] | None:
    if choice is None or choice >= len(pos.step.choices):
        return None
    return _move(t, pos, pos.step.choices[choice].goto, edit)


def _back(t: Turn, pos: Position, edit: bool) -> list[Reply] | None:
    visited = [h for h in history(t) if pos.guide.step(h) is not None]
    if not visited:
        return None
    target = visited.pop()
    t.data.history = visited
    t.session.step = target
    step = pos.guide.step(target)
    assert step is not None  # (kept above because it exists)
    return [step_reply(t, pos.procedure, step, edit=edit)]


def _stuck(t: Turn, pos: Position) -> list[Reply]:
    event(t, pos.procedure, pos.step.id, "stuck")
    n = pos.number
    return [Reply(texts.GUIDE_STUCK.format(n=n, title=pos.procedure.title), [
        [Button(texts.BTN_VOLUNTEER, cb.Volunteer("stuck").pack())],
        [Button(texts.BTN_CONTINUE_GUIDE.format(n=n), cb.GuideNav("go").pack())],
    ])]


def _stop(t: Turn, pos: Position) -> list[Reply]:
    n = pos.number
    t.session.state = PAUSED
    return [Reply(texts.GUIDE_STOPPED.format(title=pos.procedure.title, n=n),
                  [[Button(texts.BTN_RESUME.format(n=n), cb.GuideNav("go").pack())]])]


def _finish(t: Turn, p: Procedure) -> list[Reply]:
    event(t, p, t.session.step or "", "done")
    clear(t)
    return [Reply(texts.GUIDE_DONE.format(title=p.title), [feedback_row(p.id, on_guide=True)])]


def resume(t: Turn) -> list[Reply]:
    """Show the saved step again (after "Dừng", a restart, a question in between)."""
    pos = position(t)
    s = t.session
    if pos is None:
        p = t.kb.get(s.procedure or "") if s.state in (GUIDE, PAUSED) else None
        if p is not None and p.guide is not None:
            # The guide was edited and the saved step is gone: start it again.
            replies = start(t, p.id) or []
            return [Reply(texts.GUIDE_RESTARTED.format(title=p.title))] + replies
        if s.state in (GUIDE, PAUSED):
            clear(t)
            return [Reply(texts.GUIDE_MISSING)]
        return [Reply(texts.GUIDE_NONE)]
    s.state = GUIDE
    return [step_reply(t, pos.procedure, pos.step)]


def resume_offer(t: Turn) -> Reply | None:
    pos = position(t)
    if pos is None:
        return None
    n = pos.number
    return Reply(texts.WELCOME_RESUME.format(title=pos.procedure.title, n=n),
                 [[Button(texts.BTN_RESUME.format(n=n), cb.GuideNav("go").pack())]])


def stale(t: Turn) -> list[Reply]:
    """An outdated or forged button: say so, change nothing, offer to continue."""
    pos = position(t)
    if pos is not None:
        n = pos.number
        return [Reply(texts.STALE_BUTTON_IN_GUIDE.format(n=n, title=pos.procedure.title),
                      [[Button(texts.BTN_RESUME.format(n=n), cb.GuideNav("go").pack())]])]
    return [Reply(texts.STALE_BUTTON)]


def clear(t: Turn) -> None:
    s = t.session
    s.state, s.procedure, s.step = IDLE, None, None
    t.data.history = []


def event(t: Turn, p: Procedure, step_id: str, kind: str) -> None:
    """For the funnel (bot.reports.stats): stored with the turn."""
    t.guide_events.append(GuideEvent(t.session.citizen, p.id, step_id, kind))


def step_reply(t: Turn, p: Procedure, step: GuideStep, edit: bool = False) -> Reply:
    """A step shown to the citizen (recorded as reached for the funnel)."""
    guide = p.guide
    assert guide is not None
    event(t, p, step.id, "step")
    rows: list[list[Button]] = []
    if step.choices:
        rows.extend([Button(c.label, cb.GuideNav("c", i).pack())] for i, c in enumerate(step.choices))
    else:
        label = texts.BTN_FINISH if guide.next_of(step.id) is None else texts.BTN_NEXT
        rows.append([Button(label, cb.GuideNav("next").pack())])
    nav = []
    if t.data.history:
        nav.append(Button(texts.BTN_BACK, cb.GuideNav("back").pack()))
    nav.append(Button(texts.BTN_STUCK, cb.GuideNav("stuck").pack()))
    nav.append(Button(texts.BTN_STOP, cb.GuideNav("stop").pack()))
    rows.append(nav)
    return Reply(cards.guide_step(p, step, len(history(t))), rows, edit=edit)


def offer_continue(t: Turn, replies: list[Reply]) -> None:
    """While a walkthrough is on screen, the latest message always leads back to it."""
    if t.session.state != GUIDE or not replies:
        return
    pos = position(t)
    if pos is None:
        return
    if any(isinstance(_pressed(b.data), cb.GuideNav) for r in replies for row in r.buttons for b in row):
        return
    n = pos.number
    replies[-1].buttons.append([Button(texts.BTN_CONTINUE_GUIDE.format(n=n), cb.GuideNav("go").pack())])


def _pressed(data: str) -> cb.CitizenData | None:
    parsed = cb.parse(data)
    return parsed.button if isinstance(parsed, cb.Pressed) else None
