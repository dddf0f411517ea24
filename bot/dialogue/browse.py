"""Browsing (/thutuc, "Tất cả thủ tục"): topics, the procedures of one topic or without one,
and the walkthroughs; button data t:N | t:N:<topic> | t:N:- | t:N:+ (bot.dialogue.callbacks).
"""
from __future__ import annotations

from bot.dialogue import callbacks as cb
from bot.dialogue import texts
from bot.dialogue.types import Button, Reply, Turn


def topics(t: Turn, topic: str | None) -> list[Reply] | None:
    kb = t.kb
    topic_ids = {tp.id for tp in kb.topics}
    others = [p for p in kb.procedures if p.topic not in topic_ids]
    topics = [tp for tp in kb.topics if kb.by_topic(tp.id)]
    guides = [p for p in kb.procedures if p.guide is not None]
    guides_row = [Button(texts.BTN_BROWSE_GUIDES.format(n=len(guides)), cb.Browse("+").pack())] if guides else []
    if topic == "+" and guides:
        rows = [[Button(p.title, cb.StartGuide(p.id).pack())] for p in guides]
        rows.append([Button(texts.BTN_BACK_TO_TOPICS, cb.Browse().pack())])
        return [Reply(texts.BROWSE_GUIDES, rows)]
    if topic is None and topics:
        rows = [[Button(tp.title, cb.Browse(tp.id).pack())] for tp in topics]
        if others:
            rows.append([Button(texts.BROWSE_OTHER_TOPIC, cb.Browse("-").pack())])
        if guides_row:
            rows.append(guides_row)
        return [Reply(texts.BROWSE_TOPICS, rows)]
    if topic is None:
        procs, text = list(kb.procedures), texts.BROWSE_ALL
    elif topic == "-" and others:
        procs, text = others, texts.BROWSE_PROCEDURES.format(topic=texts.BROWSE_OTHER_TOPIC)
    elif topic in topic_ids:
        title = next(tp.title for tp in kb.topics if tp.id == topic)
        procs, text = kb.by_topic(topic), texts.BROWSE_PROCEDURES.format(topic=title)
    else:
        return None
    rows = [[Button(p.title, cb.Open("p", p.id).pack())] for p in procs]
    if topics:
        rows.append([Button(texts.BTN_BACK_TO_TOPICS, cb.Browse().pack())])
    elif guides_row:
        rows.append(guides_row)
    return [Reply(text, rows)]
