"""Editing ruamel.yaml round-trip data so that comments stay where staff wrote them: new text
quoted like its neighbours, and the comment lines after a list's last item kept after the item
appended to it (for knowledge.editing)."""
from __future__ import annotations

from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken


def style_of(value: Any) -> str | None:
    if isinstance(value, DoubleQuotedScalarString):
        return '"'
    if isinstance(value, SingleQuotedScalarString):
        return "'"
    return None


def styled(text: str, style: str | None) -> Any:
    """`text` as a scalar quoted with `style`; plain text is quoted by ruamel when YAML needs it."""
    if style == '"' or "\n" in text:
        return DoubleQuotedScalarString(text)
    if style == "'":
        return SingleQuotedScalarString(text)
    try:  # plain only when every YAML reader reads it back as this text ("yes", "1.5": no)
        plain = yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else DoubleQuotedScalarString(text)


def append(seq: CommentedSeq, value: Any) -> None:
    """Append to a sequence; the comment lines that followed its last item follow the new one."""
    tail = _take_tail(seq)
    seq.append(value)
    if tail:
        put_tail(seq, tail)


def _last_slot(node: Any) -> tuple[dict[Any, Any], Any, int] | None:
    """(ca.items, key, position) of the comment token after the last line of a block `node`."""
    if isinstance(node, CommentedSeq) and len(node):
        key, child, position = len(node) - 1, node[-1], 0
    elif isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        child, position = node[key], 2
    else:
        return None
    if isinstance(child, (CommentedSeq, CommentedMap)):
        if child.fa.flow_style():
            return None  # comments after a flow collection belong to what follows it
        return _last_slot(child)
    return node.ca.items, key, position


def take_key_tail(mapping: CommentedMap, key: Any) -> CommentToken | None:
    value = mapping[key]
    if isinstance(value, (CommentedSeq, CommentedMap)):
        return _take_tail(value)
    return _split_token(mapping.ca.items, key, 2)


def _take_tail(node: Any) -> CommentToken | None:
    slot = _last_slot(node)
    return _split_token(*slot) if slot else None


def _split_token(items: dict[Any, Any], key: Any, position: int) -> CommentToken | None:
    """Detach the whole comment/blank lines of a comment token, keeping its end-of-line
    comment; returns them as a new token (its value starts with a newline) or None."""
    entry = items.get(key)
    token = entry[position] if entry and len(entry) > position else None
    value = getattr(token, "value", None)
    if token is None or not isinstance(value, str):
        return None
    cut = value.find("\n")
    if cut < 0 or cut + 1 >= len(value):
        return None
    token.value = value[: cut + 1]
    return CommentToken("\n" + value[cut + 1:], CommentMark(0))


def put_tail(node: Any, tail: CommentToken) -> None:
    slot = _last_slot(node)
    if slot is None:  # ends with a flow collection: comments go after the whole node
        if node.ca.comment is None:
            node.ca.comment = [None, None]  # ruamel only emits `end` next to a `comment`
        # `end` holds one token per line, its indentation as the token's column
        lines = [(line.lstrip(" "), len(line) - len(line.lstrip(" ")))
                 for line in tail.value[1:].splitlines(keepends=True)]
        node.ca.end = [*(CommentToken(text if text.strip() else "\n", CommentMark(col)) for text, col in lines),
                       *(node.ca.end or [])]
        return
    items, key, position = slot
    entry = items.setdefault(key, [None, None, None, None])
    while len(entry) <= position:
        entry.append(None)
    token = entry[position]
    if isinstance(getattr(token, "value", None), str):
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + tail.value[1:]
    else:
        entry[position] = tail


def position_after(proc: CommentedMap, keys: tuple[str, ...]) -> int:
    order = list(proc)
    present = [order.index(k) for k in keys if k in proc]
    return max(present) + 1 if present else len(order)
