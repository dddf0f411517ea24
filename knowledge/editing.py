"""Apply staff-approved proposals to a knowledge base file (procedures.yaml).

Two edits: a new sample question (`add_question`) and a new FAQ entry (`add_faq`). Each is
made with ruamel.yaml in round-trip mode, so comments, key order and quoting stay as staff
wrote them, then checked with `knowledge.loader.check_file` on a temporary copy next to the
original; only a valid result replaces the original (atomically, with `os.replace`). When
the result would be invalid the original is not touched and `EditResult.problems` says why,
in Vietnamese (`FILE:LINE: message` for problems the loader finds).

Round-tripping a whole file with ruamel takes seconds per thousand procedures, so only the
edited procedure's own lines go through ruamel; every other byte of the file is copied as
it is. (A file where that is not possible, e.g. one with a YAML alias to an anchor in
another procedure, is round-tripped whole.) A call takes about a second on a file of 2,000
procedures (finding the procedure, then `check_file`): in async code run it in a worker
thread (`asyncio.to_thread`). Edits of files in one directory are serialised (a lock in
the process and `flock` on the directory), and an edit is refused rather than lose a change
made to the file while it ran.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from knowledge._gc import gc_paused
from knowledge.loader import Problem, check_file
from knowledge.normalise import text_keys
from knowledge.yaml_errors import explain as explain_yaml_error

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# (mapping, sequence, offset) indentations tried, most common first; the first one that
# re-emits the untouched procedure byte for byte is used for the edit.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 2, 0), (4, 6, 4), (4, 4, 0), (2, 3, 1), (3, 3, 1))
# Where a new `faq` key goes when a procedure has none: after the last of these present.
_FAQ_AFTER = ("questions", "steps", "notes")
_DASH_PREFIX = re.compile(r"^\s*-\s+$")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class EditResult:
    ok: bool
    problems: list[str] = field(default_factory=list)


def add_question(path: str | Path, procedure_id: str, question: str) -> EditResult:
    """Append a sample citizen question to the procedure's `questions`."""
    text = _one_line(question)
    if not text:
        return EditResult(False, ["Câu hỏi mẫu đang để trống."])

    def edit(proc: CommentedMap, ctx: _Context) -> str | None:
        questions = proc.get("questions")
        if questions is None:
            proc.insert(_position_after(proc, ("aliases", "summary", "title")), "questions", CommentedSeq())
            questions = proc["questions"]
        if not isinstance(questions, CommentedSeq):
            return f"'questions' của thủ tục '{procedure_id}' không phải một danh sách."
        key = text_keys([text])[0]
        if not key:
            return "Câu hỏi mẫu phải có chữ hoặc số."
        if key in text_keys([str(q) for q in questions]):
            return f"Câu hỏi này đã có trong thủ tục '{procedure_id}'."
        style = _style_of(questions[-1]) if questions else ctx.question_style
        _append(questions, _styled(text, style))
        return None

    return _apply(Path(path), procedure_id, edit)


def add_faq(path: str | Path, procedure_id: str, q: str, a: str) -> EditResult:
    """Append {q, a} to the procedure's `faq`, creating `faq` when the procedure has none."""
    question, answer = _one_line(q), _answer(a)
    missing = [m for m, v in (("Câu hỏi (q) đang để trống.", question),
                              ("Câu trả lời (a) đang để trống.", answer)) if not v]
    if missing:
        return EditResult(False, missing)

    def edit(proc: CommentedMap, ctx: _Context) -> str | None:
        faq = proc.get("faq")
        if faq is not None and not isinstance(faq, CommentedSeq):
            return f"'faq' của thủ tục '{procedure_id}' không phải một danh sách."
        entries = [item for item in faq or () if isinstance(item, CommentedMap)]
        if not text_keys([question])[0]:
            return "Câu hỏi (q) phải có chữ hoặc số."
        if text_keys([question])[0] in text_keys([str(item.get("q", "")) for item in entries]):
            return f"Câu hỏi này đã có trong phần hỏi đáp (faq) của thủ tục '{procedure_id}'."
        if entries:
            last = entries[-1]
            style = _FaqStyle(last.fa.flow_style(), _style_of(last.get("q")), _style_of(last.get("a")))
        else:
            style = ctx.faq_style
        entry = CommentedMap()
        entry["q"], entry["a"] = _styled(question, style.q), _styled(answer, style.a)
        if style.flow:
            entry.fa.set_flow_style()
        if faq is None:
            # New key after questions/steps/notes; the comment lines that followed the key
            # before it (e.g. a heading for the next key) now follow the new FAQ.
            after = _position_after(proc, _FAQ_AFTER)
            tail = _take_key_tail(proc, list(proc)[after - 1]) if after else None
            faq = CommentedSeq([entry])
            proc.insert(after, "faq", faq)
            if tail:
                _put_tail(faq, tail)
        else:
            _append(faq, entry)
        return None

    return _apply(Path(path), procedure_id, edit)


# -- the edit transaction ---------------------------------------------------------------

@dataclass(frozen=True)
class _FaqStyle:
    flow: bool
    q: str | None  # '"', "'" or None (plain)
    a: str | None


@dataclass(frozen=True)
class _Context:
    """How new text is written when the list it goes into is empty or new."""

    question_style: str | None
    faq_style: _FaqStyle


class _Refused(Exception):
    pass


Edit = Callable[[CommentedMap, _Context], "str | None"]


def _apply(path: Path, procedure_id: str, edit: Edit) -> EditResult:
    with _LOCK, _directory_lock(path.parent):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return EditResult(False, [f"{path}: không đọc được tệp: {exc.strerror or exc}"])
        try:
            new_text = _edited(raw.decode("utf-8"), procedure_id, edit)
        except UnicodeDecodeError:
            return EditResult(False, [f"{path}: tệp không phải UTF-8 (hãy lưu lại với bảng mã UTF-8)"])
        except _Refused as exc:
            return EditResult(False, [str(exc)])
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(new_text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            problems = [str(Problem(str(path), p.line, p.message)) for p in check_file(tmp)]
            if problems:
                before = check_file(path)
                if before:
                    problems = ["Tệp đang có lỗi từ trước; hãy sửa các lỗi này rồi thử lại:",
                                *(str(p) for p in before)]
                return EditResult(False, problems)
            if path.read_bytes() != raw:
                return EditResult(False, [f"{path}: tệp vừa được sửa ở nơi khác trong lúc ghi; hãy thử lại."])
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
            return EditResult(True, [])
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _edited(original: str, procedure_id: str, edit: Edit) -> str:
    bom = "\ufeff" if original.startswith("\ufeff") else ""
    crlf = "\r\n" in original
    text = original[len(bom):].replace("\r\n", "\n")
    try:
        with gc_paused():
            root = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        found = explain_yaml_error(exc, text)
        raise _Refused(f"Dòng {found.line}: {found.message}") from None
    procs = _procedures_node(root)
    item = next((i for i in procs.value if _procedure_id(i) == procedure_id), None) if procs else None
    if procs is None or item is None:
        raise _Refused(f"Không tìm thấy thủ tục có id '{procedure_id}'.")
    ctx = _Context(_question_style(procs), _faq_style(procs))
    span = _fragment_span(text, procs, item)
    result = _edit_fragment(text, span, edit, ctx) if span else None
    if result is None:
        first = _fragment_span(text, procs, procs.value[0])
        yaml_rt = _faithful(_fragment(text, first)) if first else None
        result = _edit_whole(text, procedure_id, edit, ctx, yaml_rt or _round_trip(*_INDENTS[0]))
    if crlf:
        result = result.replace("\n", "\r\n")
    return bom + result


def _fragment(text: str, span: tuple[int, int]) -> str:
    """The lines of one procedure as a one-item `procedures:` document."""
    body = "".join(text.splitlines(keepends=True)[span[0]:span[1]])
    return "procedures:\n" + (body if body.endswith("\n") else body + "\n")


def _edit_fragment(text: str, span: tuple[int, int], edit: Edit, ctx: _Context) -> str | None:
    """Round-trip only the procedure's own lines; None when they do not re-emit unchanged."""
    doc = _fragment(text, span)
    yaml_rt = _faithful(doc)
    if yaml_rt is None:
        return None
    data = yaml_rt.load(doc)
    _run_edit(edit, data["procedures"][0], ctx)
    try:
        new_body = _dump(yaml_rt, data)[len("procedures:\n"):]
    except RuamelError:
        return None
    lines = text.splitlines(keepends=True)
    start, end = span
    if end >= len(lines) and not text.endswith("\n"):
        new_body = new_body[:-1]
    return "".join(lines[:start]) + new_body + "".join(lines[end:])


def _edit_whole(text: str, procedure_id: str, edit: Edit, ctx: _Context, yaml_rt: YAML) -> str:
    try:
        data = yaml_rt.load(text)
    except RuamelError as exc:
        raise _Refused(f"Không đọc được tệp YAML: {exc}") from None
    for proc in data["procedures"]:
        if isinstance(proc, CommentedMap) and str(proc.get("id", "")).strip() == procedure_id:
            _run_edit(edit, proc, ctx)
            try:
                return _dump(yaml_rt, data)
            except RuamelError as exc:
                raise _Refused(f"Không ghi được tệp YAML: {exc}") from None
    raise _Refused(f"Không tìm thấy thủ tục có id '{procedure_id}'.")


def _run_edit(edit: Edit, proc: Any, ctx: _Context) -> None:
    if not isinstance(proc, CommentedMap):
        raise _Refused("Thủ tục này không phải một bảng (mapping) trong tệp YAML.")
    message = edit(proc, ctx)
    if message:
        raise _Refused(message)


def _round_trip(mapping: int, sequence: int, offset: int) -> YAML:
    y = YAML()  # round-trip mode
    y.preserve_quotes = True
    y.allow_unicode = True
    y.width = 1_000_000  # never re-wrap long lines
    # `where: [{place: x}]`, `sources: [{title: ...}]`: keep the braces ruamel would drop.
    y.brace_single_entry_mapping_in_flow_sequence = True
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _faithful(text: str) -> YAML | None:
    """A round-trip YAML whose indentation re-emits `text` unchanged, or None."""
    try:
        data = _round_trip(*_INDENTS[0]).load(text)
    except RuamelError:  # e.g. an alias to an anchor outside the fragment
        return None
    for indent in _INDENTS:
        y = _round_trip(*indent)
        try:
            if _dump(y, data) == text:
                return y
        except RuamelError:
            continue
    return None


def _dump(y: YAML, data: Any) -> str:
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


@contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
    """Serialise edits of files in one directory across processes (where flock exists)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: the in-process lock only
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


# -- finding the procedure with PyYAML's (fast, C) composer --------------------------------

def _procedures_node(root: Any) -> SequenceNode | None:
    value = _field(root, "procedures")
    return value if isinstance(value, SequenceNode) and value.value else None


def _field(node: Any, name: str) -> Any:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == name:
                return value
    return None


def _procedure_id(node: Any) -> str | None:
    value = _field(node, "id")
    return str(value.value).strip() if isinstance(value, ScalarNode) else None


def _fragment_span(text: str, procs: SequenceNode, item: Any) -> tuple[int, int] | None:
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


def _question_style(procs: SequenceNode) -> str | None:
    """The quoting most sample questions in the file use ('"', "'" or None for plain)."""
    counts: dict[str | None, int] = {}
    for item in procs.value[:50]:
        questions = _field(item, "questions")
        if isinstance(questions, SequenceNode):
            for q in questions.value:
                if isinstance(q, ScalarNode):
                    counts[q.style] = counts.get(q.style, 0) + 1
    best = max(counts, key=lambda k: counts[k]) if counts else '"'
    return best if best in ('"', "'") else None


def _faq_style(procs: SequenceNode) -> _FaqStyle:
    """The style of the file's first FAQ entry; one-line mappings in double quotes, as
    procedures.yaml writes them, when the file has none."""
    for item in procs.value:
        faq = _field(item, "faq")
        if isinstance(faq, SequenceNode) and faq.value and isinstance(faq.value[0], MappingNode):
            entry = faq.value[0]
            q, a = _field(entry, "q"), _field(entry, "a")
            return _FaqStyle(bool(entry.flow_style), getattr(q, "style", None), getattr(a, "style", None))
    return _FaqStyle(True, '"', '"')


# -- ruamel helpers ------------------------------------------------------------------------

def _style_of(value: Any) -> str | None:
    if isinstance(value, DoubleQuotedScalarString):
        return '"'
    if isinstance(value, SingleQuotedScalarString):
        return "'"
    return None


def _styled(text: str, style: str | None) -> Any:
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


def _append(seq: CommentedSeq, value: Any) -> None:
    """Append to a sequence; the comment lines that followed its last item follow the new one."""
    tail = _take_tail(seq)
    seq.append(value)
    if tail:
        _put_tail(seq, tail)


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


def _take_key_tail(mapping: CommentedMap, key: Any) -> CommentToken | None:
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


def _put_tail(node: Any, tail: CommentToken) -> None:
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


def _position_after(proc: CommentedMap, keys: tuple[str, ...]) -> int:
    order = list(proc)
    present = [order.index(k) for k in keys if k in proc]
    return max(present) + 1 if present else len(order)


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def _answer(text: str) -> str:
    lines = [" ".join(line.split()) for line in str(text or "").strip().splitlines()]
    return "\n".join(line for line in lines if line)
