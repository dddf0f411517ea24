"""Finding a procedure and the file's writing style with PyYAML's (fast, C) composer, for
knowledge.editing: which lines hold the procedure, how sample questions and FAQ entries are
quoted."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_DASH_PREFIX = re.compile(r"^\s*-\s+$")


@dataclass(frozen=True)
class FaqStyle:
    flow: bool
    q: str | None  # '"', "'" or None (plain)
    a: str | None


def procedures_node(root: Any) -> SequenceNode | None:
    value = value_of(root, "procedures")
    return value if isinstance(value, SequenceNode) and value.value else None


def value_of(node: Any, name: str) -> Any:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == name:
                return value
    return None


def procedure_id_of(node: Any) -> str | None:
    value = value_of(node, "id")
    return str(value.value).strip() if isinstance(value, ScalarNode) else None


def fragment_span(text: str, procs: SequenceNode, item: Any) -> tuple[int, int] | None:
    """Lines [start, end) holding the procedure: its `- ` line to the next item's, so with
    the comment lines after it; None when the layout is unusual (flow style, `-` alone)."""
    if procs.flow_style or not isinstance(item, MappingNode) or item.flow_style:
        return None
    lines = text.splitlines(keepends=True)
    start = item.start_mark.line
    if start >= len(lines) or not _DASH_PREFIX.match(lines[start][: item.start_mark.column]):
        return None
    index = procs.value.index(item)
    if index + 1 < len(procs.value):
        nxt = procs.value[index + 1]
        end = nxt.start_mark.line
        if end >= len(lines) or not _DASH_PREFIX.match(lines[end][: nxt.start_mark.column]):
            return None
    else:
        if procs.end_mark.column != 0 and procs.end_mark.line < len(lines):
            return None
        end = min(procs.end_mark.line, len(lines))
    return (start, end) if start < end else None


def question_style(procs: SequenceNode) -> str | None:
    """The quoting most sample questions in the file use ('"', "'" or None for plain)."""
    counts: dict[str | None, int] = {}
    for item in procs.value[:50]:
        questions = value_of(item, "questions")
        if isinstance(questions, SequenceNode):
            for q in questions.value:
                if isinstance(q, ScalarNode):
                    counts[q.style] = counts.get(q.style, 0) + 1
    best = max(counts, key=lambda k: counts[k]) if counts else '"'
    return best if best in ('"', "'") else None


def faq_style(procs: SequenceNode) -> FaqStyle:
    """The style of the file's first FAQ entry; one-line mappings in double quotes, as
    procedures.yaml writes them, when the file has none."""
    for item in procs.value:
        faq = value_of(item, "faq")
        if isinstance(faq, SequenceNode) and faq.value and isinstance(faq.value[0], MappingNode):
            entry = faq.value[0]
            q, a = value_of(entry, "q"), value_of(entry, "a")
            return FaqStyle(bool(entry.flow_style), getattr(q, "style", None), getattr(a, "style", None))
    return FaqStyle(True, '"', '"')
