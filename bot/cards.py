"""Rendering procedures and guide steps as plain text (never HTML/Markdown).

Layout only: every word comes from bot.texts; buttons are the engine's business.
"""
from __future__ import annotations

from knowledge.models import Guide, GuideStep, Procedure

from bot import texts

# Telegram rejects messages over 4096 characters; stay well below.
MAX_MESSAGE = 4000


def card(p: Procedure) -> str:
    """The answer to "how do I do X": fits a phone screen."""
    lines = [texts.CARD_TITLE.format(title=p.title)]
    if p.summary:
        lines.append(p.summary)
    lines.append("")
    if p.documents:
        lines.append(texts.CARD_DOCUMENTS)
        lines.extend(texts.CARD_BULLET.format(item=d) for d in p.documents)
    if p.agency:
        lines.append(texts.CARD_AGENCY.format(agency=p.agency))
    if p.time:
        lines.append(texts.CARD_TIME.format(time=p.time))
    if p.fee:
        lines.append(texts.CARD_FEE.format(fee=p.fee))
    lines.extend(online_lines(p))
    lines.append("")
    lines.append(footer(p))
    return "\n".join(lines)


def online_lines(p: Procedure) -> list[str]:
    if not p.online.channels and not p.online.links:
        return [texts.CARD_ONLINE_NONE]
    out = [texts.CARD_ONLINE.format(channels=", ".join(p.online.channels)) if p.online.channels
           else texts.CARD_ONLINE_LINKS_ONLY]
    out.extend(f"  {link}" for link in p.online.links)
    return out


def footer(p: Procedure) -> str:
    return texts.CARD_FOOTER.format(source=p.source, reviewed=p.reviewed.strftime("%d/%m/%Y"))


def steps(p: Procedure) -> str:
    if not p.steps:
        lines = [texts.STEPS_NONE]
        if p.guide is not None:
            lines.append(texts.STEPS_TRY_GUIDE)
        return "\n".join(lines)
    lines = [texts.STEPS_HEADER.format(title=p.title)]
    lines.extend(f"{i}. {s}" for i, s in enumerate(p.steps, 1))
    if p.notes:
        lines.append("")
        lines.extend(texts.CARD_BULLET.format(item=n) for n in p.notes)
    lines.append("")
    lines.append(footer(p))
    return "\n".join(lines)


def faq(p: Procedure) -> str:
    lines = [texts.FAQ_HEADER.format(title=p.title)]
    for item in p.faq:
        lines.append("")
        lines.append(texts.FAQ_ITEM.format(q=item.q, a=item.a))
    lines.append("")
    lines.append(footer(p))
    return "\n".join(lines)


def step_position(guide: Guide, step_id: str, visited: int | None = None) -> tuple[int, int]:
    """(N, M) of "Bước N/M": the one place that numbers walkthrough steps (the citizen's
    step, the volunteers' card, the staff's figures).

    With `visited` (steps behind the citizen on the path they actually took) N counts that
    path, so it always goes up by one, also after a side branch; M is N plus the steps left
    along the main path (the first choice at every branch: the way the guide's author put
    first), at least the guide's depth. Without it, N is the step's depth."""
    depths = guide.depths()
    deepest = max(depths.values(), default=0) + 1
    if visited is None:
        return depths.get(step_id, 0) + 1, max(deepest, 1 + _main_left(guide, guide.start.id))
    n = visited + 1
    return n, max(deepest, n + _main_left(guide, step_id))


def _main_left(guide: Guide, step_id: str) -> int:
    """Steps after `step_id` to an end, taking the first choice at every branch (the fewest
    to any end when that way loops)."""
    seen, sid, left = {step_id}, step_id, 0
    while True:
        following = guide.successors(sid)
        if not following:
            return left
        sid = following[0]
        if sid in seen:
            return guide.remaining(step_id)
        seen.add(sid)
        left += 1


def guide_step(p: Procedure, step: GuideStep, visited: int | None = None) -> str:
    """One walkthrough step; the text starts with "Bước N/M"."""
    assert p.guide is not None
    n, m = step_position(p.guide, step.id, visited)
    header = (texts.GUIDE_STEP_HEADER_TITLED.format(n=n, m=m, title=step.title) if step.title
              else texts.GUIDE_STEP_HEADER.format(n=n, m=m))
    lines = [header]
    if step.id == p.guide.start.id:
        lines.append(texts.GUIDE_FIRST_STEP_INTRO.format(title=p.title))
    lines.append("")
    lines.append(step.text.strip())
    return "\n".join(lines)


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split a long text below `limit` characters, at paragraph, then line, then word breaks."""
    out: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, limit)
            if cut > limit // 2:
                break
        if cut <= 0:
            cut = limit
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not out:
        out.append(rest)
    return out
