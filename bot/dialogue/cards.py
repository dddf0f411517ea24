"""Rendering procedures and guide steps as plain text (never HTML/Markdown).

Layout only: every word comes from bot.dialogue.texts; buttons are the engine's business.

What a citizen reads is built from the citizen-facing fields only: `staff_notes` never
appear here, and a `time`/`fee`/`who`/`notes` item whose `valid_until` has passed is never
shown (the citizen is told to ask the counter for that value instead). Every function that
shows facts takes `today`, the date in the commune's time zone.

    card(p, today)               the whole card: one phone screen (<= CARD_LIMIT characters)
    facet_answer(p, f, today)    the short answer to one aspect (<= FACET_LIMIT characters)
    details(p, today)            everything, unshortened (split for Telegram by the engine)
    documents / steps / faq / sources    the details one tap away
A card or short answer that had to be shortened says so (`Shown.complete` is False) and
the engine offers the details.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.dialogue import texts
from knowledge.models import Fact, FactField, Guide, GuideStep, PlaceRef, Procedure
from knowledge.normalise import words

# Telegram rejects messages over 4096 characters; stay well below.
CARD_LIMIT = 700  # one phone screen
FACET_LIMIT = 600  # a short answer, the procedure's name included
FOOTER_SOURCES_CHARS = 90  # the footer's short form of the sources
# Shortening a card or short answer step by step: each item of a field is cut to this many
# characters (None: uncut), and a field shows at most this many items (the others are one tap
# away). Whole items first: the first ones are those closest to the question.
_SHRINK = ((None, 8), (None, 4), (220, 4), (None, 3), (220, 3), (160, 3), (None, 2), (220, 2),
           (160, 2), (120, 3), (120, 2), (90, 3), (90, 2), (70, 2), (50, 2), (35, 1))

FACETS = ("fee", "time", "documents", "where", "online", "who")
# render(width, most, with_summary) -> text; body(width, most) -> lines (see _SHRINK)
Render = Callable[[int | None, int | None, bool], str]
Body = Callable[[int | None, int | None], list[str]]


@dataclass(frozen=True)
class Shown:
    """A rendered text; `complete` is False when something was shortened to fit."""

    text: str
    complete: bool = True


# --- small pieces ------------------------------------------------------------------------------------
def shorten(text: str, limit: int) -> str:
    """`text` cut at a word break to at most `limit` characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit - 1
    return text[:cut].rstrip(" ,;:.") + "…"


def _bullets(items: list[str]) -> list[str]:
    return [texts.CARD_BULLET.format(item=i) for i in items]


def _pairs(text: str) -> set[tuple[str, str]]:
    w = words(text)
    return set(zip(w, w[1:], strict=False))


def closest_first(items: list[str], question: str) -> list[str]:
    """`items` with those sharing the most word pairs with `question` first (file order among
    equals): "đi xuất khẩu lao động có phải khai tạm vắng không" puts the item about going
    abroad before the others, so that a shortened answer still holds it."""
    asked = _pairs(question) if question else set()
    if not asked:
        return items
    return sorted(items, key=lambda item: -len(asked & _pairs(item)))


def fact_lines(p: Procedure, name: FactField, label: str, today: date,
               width: int | None = None, most: int | None = None, question: str = "") -> list[str]:
    """"Lệ phí: …" (one item) or "Lệ phí:" and bullets; expired items left out with a line
    sending the citizen to the counter. [] when the field is empty in the file."""
    items: tuple[Fact, ...] = getattr(p, name)
    if not items:
        return []
    shown = closest_first([f.text for f in p.facts(name, today)], question)
    what = texts.FACT_WHAT[name]
    if not shown:
        return [label.format(value=texts.FACT_ALL_EXPIRED.format(what=what))]
    cut = [shorten(s, width) if width else " ".join(s.split()) for s in shown]
    if most is not None and len(cut) > most:
        cut = cut[:most] + [texts.CARD_MORE_ITEMS.format(n=len(cut) - most)]
    lines = ([label.format(value=cut[0])] if len(cut) == 1
             else [label.format(value="").rstrip()] + _bullets(cut))
    if p.has_expired(name, today):
        lines.append(texts.FACT_EXPIRED.format(what=what))
    return lines


def where_lines(p: Procedure, width: int | None = None) -> list[str]:
    """"Nơi làm: Công an xã … (note); hoặc …" on one line."""
    if not p.where:
        return []
    value = p.where_text
    return [texts.CARD_WHERE.format(where=shorten(value, width) if width else value)]


def place_lines(ref: PlaceRef) -> list[str]:
    """One place with the optional fields the file gives (none is invented)."""
    place = ref.place
    lines = [texts.CARD_BULLET.format(item=ref.text)]
    for value, label in ((place.address, texts.PLACE_ADDRESS), (place.hours, texts.PLACE_HOURS),
                         (place.phone, texts.PLACE_PHONE), (place.map, texts.PLACE_MAP)):
        if value.strip():
            lines.append(label.format(value=value.strip()))
    return lines


def online_lines(p: Procedure, links: bool = True) -> list[str]:
    if not p.online.channels and not p.online.links:
        return [texts.CARD_ONLINE_NONE]
    if p.online.channels:
        out = [texts.CARD_ONLINE.format(channels=", ".join(p.online.channels))]
    else:
        out = [texts.CARD_ONLINE_LINKS_ONLY]
        links = True  # the links are all there is to say
    if links:
        out.extend(f"  {link}" for link in p.online.links)
    return out


def short_sources(p: Procedure, limit: int = FOOTER_SOURCES_CHARS, aspect: str | None = None) -> str:
    """The sources' titles (with the article when `aspect` is given: the sources covering
    it), or the first one and how many more when they are long."""
    chosen = p.sources_for(aspect) if aspect else ()
    titles: list[str] = []
    for s in chosen or p.sources:
        name = s.text if chosen else s.title
        if name not in titles:
            titles.append(name)
    joined = "; ".join(titles)
    if len(joined) <= limit or len(titles) < 2:
        return shorten(joined, limit)
    first = shorten(titles[0], limit - 20)
    return texts.CARD_MORE_SOURCES.format(first=first, n=len(titles) - 1)


def footer(p: Procedure) -> str:
    """"Mã TTHC … · Nguồn: … · Cập nhật: dd/mm/yyyy" (the code only when known)."""
    text = texts.CARD_FOOTER.format(source=short_sources(p), reviewed=p.reviewed.strftime("%d/%m/%Y"))
    return texts.CARD_FOOTER_CODE.format(code=p.code, footer=text) if p.code else text


def _fit(render: Render, limit: int) -> Shown:
    """The first rendering (from the least to the most shortened) within `limit`: first the
    summary (an introduction) is left out, then long facts are cut; either way the text is
    not complete and the engine offers the details."""
    text = ""
    for i, (width, most) in enumerate(_SHRINK):
        for with_summary in ((True, False) if i == 0 else (False,)):
            text = render(width, most, with_summary)
            if len(text) <= limit:
                return Shown(text, complete=i == 0 and with_summary)
    return Shown(text[:limit - 1].rstrip() + "…", complete=False)  # pathological: a huge title


# --- the card and the short answers ------------------------------------------------------------------
def card(p: Procedure, today: date) -> Shown:
    """The answer to "how do I do X": fits one phone screen; details are one tap away."""
    foot = footer(p)  # the same in every rendering

    def render(width: int | None, most: int | None, with_summary: bool) -> str:
        lines = [texts.CARD_TITLE.format(title=p.title)]
        if p.summary and with_summary:
            lines.append(p.summary.strip())
        lines.append("")
        lines.extend(where_lines(p, width))
        lines.extend(fact_lines(p, "time", texts.CARD_TIME, today, width, most))
        lines.extend(fact_lines(p, "fee", texts.CARD_FEE, today, width, most))
        lines.extend(online_lines(p, links=False))
        if p.documents:
            lines.append(texts.CARD_DOCUMENTS_HINT.format(n=len(p.documents)))
        lines.append("")
        lines.append(foot)
        return "\n".join(lines)

    return _fit(render, CARD_LIMIT)


def facet_answer(p: Procedure, facet: str, today: date, question: str = "") -> Shown | None:
    """The short answer to one aspect of `p`, or None when the file says nothing about it
    (the engine then shows the card). With the citizen's `question`, the items closest to it
    come first."""
    body = _facet_body(p, facet, today, question)
    if body is None:
        return None

    foot = _facet_footer(p, facet)

    def render(width: int | None, most: int | None, _summary: bool) -> str:
        lines = [texts.CARD_TITLE.format(title=p.title), ""]
        lines.extend(body(width, most))
        lines.append("")
        lines.append(foot)
        return "\n".join(lines)

    return _fit(render, FACET_LIMIT)


_FACT_FACETS: dict[str, FactField] = {"fee": "fee", "time": "time", "who": "who"}


def _facet_body(p: Procedure, facet: str, today: date, question: str) -> Body | None:
    name = _FACT_FACETS.get(facet)
    if name is not None:
        if not getattr(p, name):
            return None
        label = {"fee": texts.CARD_FEE, "time": texts.CARD_TIME, "who": texts.CARD_WHO}[facet]
        return lambda width, most: fact_lines(p, name, label, today, width, most, question)
    if facet == "documents":
        if not p.documents:
            return None

        def docs(width: int | None, most: int | None) -> list[str]:
            items = [shorten(d, width) if width else d for d in p.documents]
            if most is not None and len(items) > most + 2:
                items = items[:most + 2] + [texts.CARD_MORE_ITEMS.format(n=len(items) - most - 2)]
            return [texts.CARD_DOCUMENTS] + _bullets(items)
        return docs
    if facet == "where":
        if not p.where:
            return None

        def where(width: int | None, most: int | None) -> list[str]:
            lines = [texts.CARD_WHERE.format(where="").rstrip()]
            for ref in p.where:
                block = place_lines(ref)
                lines.extend([shorten(x, width) for x in block] if width else block)
            return lines + online_lines(p, links=False)
        return where
    if facet == "online":
        return lambda width, most: [shorten(x, width) if width else x for x in online_lines(p)]
    return None


_FACET_COVERS = {"where": "agency", "fee": "fee", "time": "time", "documents": "documents",
                 "who": "who", "online": "online"}


def _facet_footer(p: Procedure, facet: str) -> str:
    """The footer with the sources that cover this aspect (all of them when none says so)."""
    source = short_sources(p, aspect=_FACET_COVERS.get(facet, facet))
    text = texts.CARD_FOOTER.format(source=source, reviewed=p.reviewed.strftime("%d/%m/%Y"))
    return texts.CARD_FOOTER_CODE.format(code=p.code, footer=text) if p.code else text


# --- details (one tap away) ----------------------------------------------------------------------------
def details(p: Procedure, today: date) -> str:
    """Everything a citizen may read about `p`, unshortened."""
    lines = [texts.CARD_TITLE.format(title=p.title)]
    if p.summary:
        lines.append(p.summary.strip())
    lines.append("")
    lines.extend(fact_lines(p, "who", texts.CARD_WHO, today))
    if p.where:
        lines.append(texts.CARD_WHERE.format(where="").rstrip())
        for ref in p.where:
            lines.extend(place_lines(ref))
    lines.extend(fact_lines(p, "time", texts.CARD_TIME, today))
    lines.extend(fact_lines(p, "fee", texts.CARD_FEE, today))
    lines.extend(online_lines(p))
    if p.documents:
        lines.append(texts.CARD_DOCUMENTS)
        lines.extend(_bullets(list(p.documents)))
    notes = _notes(p, today)
    if notes:
        lines.append(texts.NOTES_HEADER)
        lines.extend(notes)
    lines.append("")
    lines.append(footer(p))
    return "\n".join(lines)


def documents(p: Procedure) -> str:
    if not p.documents:
        return "\n".join([texts.DOCUMENTS_NONE, "", footer(p)])
    lines = [texts.DOCUMENTS_HEADER.format(title=p.title)]
    lines.extend(_bullets(list(p.documents)))
    lines.append("")
    lines.append(footer(p))
    return "\n".join(lines)


def steps(p: Procedure) -> str:
    if not p.steps:
        lines = [texts.STEPS_NONE]
        if p.guide is not None:
            lines.append(texts.STEPS_TRY_GUIDE)
        return "\n".join(lines)
    lines = [texts.STEPS_HEADER.format(title=p.title)]
    lines.extend(f"{i}. {s}" for i, s in enumerate(p.steps, 1))
    lines.append("")
    lines.append(footer(p))
    return "\n".join(lines)


def _notes(p: Procedure, today: date) -> list[str]:
    lines = _bullets([" ".join(n.text.split()) for n in p.facts("notes", today)])
    if p.has_expired("notes", today):
        lines.append(texts.FACT_EXPIRED.format(what=texts.FACT_WHAT["notes"]))
    return lines


def has_faq_or_notes(p: Procedure) -> bool:
    return bool(p.faq or p.notes)


def faq(p: Procedure, today: date) -> str:
    """The FAQ and the citizen-facing notes (tips) of a procedure."""
    lines = [texts.FAQ_HEADER.format(title=p.title)]
    for item in p.faq:
        lines.append("")
        lines.append(texts.FAQ_ITEM.format(q=item.q, a=item.a))
    notes = _notes(p, today)
    if notes:
        lines.append("")
        lines.append(texts.NOTES_HEADER)
        lines.extend(notes)
    lines.append("")
    lines.append(footer(p))
    return "\n".join(lines)


def sources(p: Procedure) -> str:
    """Every source in full (document, article, link, what it covers), the code, the date."""
    lines = [texts.SOURCES_HEADER.format(title=p.title)]
    for s in p.sources:
        covers = ", ".join(texts.SOURCE_COVERS[c] for c in s.covers if c in texts.SOURCE_COVERS)
        lines.append(texts.CARD_BULLET.format(item=s.text)
                     + (texts.SOURCE_COVERS_SUFFIX.format(covers=covers) if covers else ""))
        if s.url:
            lines.append(f"  {s.url}")
    lines.append("")
    if p.code:
        lines.append(texts.SOURCES_CODE.format(code=p.code))
    lines.append(texts.SOURCES_REVIEWED.format(reviewed=p.reviewed.strftime("%d/%m/%Y")))
    return "\n".join(lines)


# --- walkthroughs -------------------------------------------------------------------------------------
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
