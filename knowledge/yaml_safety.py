"""Limits on what a knowledge file may cost to load, checked before the YAML is composed.

A few hundred bytes of nested aliases (`b: &b [*a, *a, ...]`, each level nine times the one
before) are a small node graph but expand to millions of values as soon as anything walks
or copies them (the vocabulary is copied into plain Python data; the matcher turns it into
text): hundreds of megabytes, then the whole bot killed for lack of memory. And a huge file
costs minutes and gigabytes to parse. So, before anything else:

  * `read_limited` reads at most `max_bytes` (DVCBOT_KNOWLEDGE_MAX_MB): a bigger file is
    refused with a clear problem, without being read whole;
  * `alias_problems` streams the parser's events (no node graph, no copies) and adds up how
    many values the aliases repeat; past `max_alias_values` in all (or an alias inside the
    block it names, which never ends) the file is refused at that alias's line.

Aliases used sparingly (a list of documents shared by two procedures) stay allowed.
Problems are returned as (line, message) pairs, in Vietnamese: staff read them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)

DEFAULT_MAX_BYTES = 8 * 1024 * 1024  # 60 times the shipped file; a 5,000-procedure file is 5.7 MB
DEFAULT_MAX_ALIAS_VALUES = 10_000  # values aliases may repeat in all, in one file

LinedProblem = tuple[int, str]


def too_big_message(size: int, max_bytes: int) -> str:
    return (f"tệp quá lớn ({_mb(size)}; tối đa {_mb(max_bytes)}, đặt bằng DVCBOT_KNOWLEDGE_MAX_MB): "
            "hãy kiểm tra xem có chép nhầm nội dung vào tệp không")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def read_limited(path: str | Path, max_bytes: int) -> bytes | LinedProblem:
    """The file's bytes, or a problem when it is larger than `max_bytes`. Reads at most
    max_bytes + 1 bytes (a file still growing cannot get past the limit either). OSError
    (missing, unreadable) is left to the caller."""
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
        if len(data) > max_bytes:
            f.seek(0, 2)
            return 1, too_big_message(max(f.tell(), len(data)), max_bytes)
    return data


def alias_problems(text: str, loader: Any = yaml.SafeLoader,
                   max_alias_values: int = DEFAULT_MAX_ALIAS_VALUES) -> list[LinedProblem]:
    """Aliases that repeat too much, or that point into themselves. Raises yaml.YAMLError
    on a syntax error (the caller reports those). Costs one parse, and only when the text
    could hold an alias at all."""
    if "&" not in text or "*" not in text:
        return []
    sizes: dict[str, int] = {}  # anchor -> how many values its node stands for, expanded
    stack: list[list[Any]] = []  # open collections: [values so far, anchor]
    open_anchors: list[str] = []
    repeated = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, CollectionStartEvent):
            stack.append([1, event.anchor])
            if event.anchor:
                open_anchors.append(event.anchor)
            continue
        if isinstance(event, CollectionEndEvent):
            count, anchor = stack.pop()
            if anchor:
                sizes[anchor] = count
                open_anchors.remove(anchor)
        elif isinstance(event, ScalarEvent):
            count = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark else 1
            if event.anchor in open_anchors:
                return [(line, f"bí danh YAML '*{event.anchor}' nằm ngay trong khối '&{event.anchor}' "
                               "mà nó trỏ tới (lặp vô tận): hãy bỏ bí danh này")]
            count = sizes.get(event.anchor or "", 1)  # (an undefined one: the parser says so)
            repeated += count
            if repeated > max_alias_values:
                return [(line, f"bí danh YAML '*{event.anchor}' làm tệp phình ra quá lớn: các bí danh "
                               f"(&tên / *tên) lặp lại hơn {max_alias_values:,} giá trị".replace(",", ".")
                               + "; hãy viết thẳng nội dung ra, không lồng bí danh vào nhau")]
        else:
            continue
        if stack:
            stack[-1][0] += count
    return []


def out_of_resources_message(exc: BaseException) -> str:
    """A MemoryError or RecursionError while loading, said like any other file problem."""
    if isinstance(exc, RecursionError):
        return "tệp lồng nhau quá sâu, không nạp được: hãy viết phẳng lại các khối lồng nhau"
    return ("không đủ bộ nhớ để nạp tệp (tệp quá lớn hoặc có bí danh YAML lồng nhau): "
            "bản đang chạy được giữ nguyên")


__all__ = ["DEFAULT_MAX_ALIAS_VALUES", "DEFAULT_MAX_BYTES", "alias_problems", "out_of_resources_message",
           "read_limited", "too_big_message"]
