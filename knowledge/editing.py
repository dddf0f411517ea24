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
from ruamel.yaml.error import YAMLError as RuamelError

from knowledge._gc import gc_paused
from knowledge.loader import Problem, check_file
from knowledge.normalise import text_keys
from knowledge.ruamel_edits import append, position_after, put_tail, style_of, styled, take_key_tail
from knowledge.yaml_errors import explain as explain_yaml_error
from knowledge.yaml_locate import FaqStyle, faq_style, fragment_span, procedure_id_of, procedures_node, question_style

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# (mapping, sequence, offset) indentations tried, most common first; the first one that
# re-emits the untouched procedure byte for byte is used for the edit.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 2, 0), (4, 6, 4), (4, 4, 0), (2, 3, 1), (3, 3, 1))
# Where a new `faq` key goes when a procedure has none: after the last of these present.
_FAQ_AFTER = ("questions", "steps", "notes")
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
            proc.insert(position_after(proc, ("aliases", "summary", "title")), "questions", CommentedSeq())
            questions = proc["questions"]
        if not isinstance(questions, CommentedSeq):
            return f"'questions' của thủ tục '{procedure_id}' không phải một danh sách."
        key = text_keys([text])[0]
        if not key:
            return "Câu hỏi mẫu phải có chữ hoặc số."
        if key in text_keys([str(q) for q in questions]):
            return f"Câu hỏi này đã có trong thủ tục '{procedure_id}'."
        style = style_of(questions[-1]) if questions else ctx.question_style
        append(questions, styled(text, style))
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
            style = FaqStyle(last.fa.flow_style(), style_of(last.get("q")), style_of(last.get("a")))
        else:
            style = ctx.faq_style
        entry = CommentedMap()
        entry["q"], entry["a"] = styled(question, style.q), styled(answer, style.a)
        if style.flow:
            entry.fa.set_flow_style()
        if faq is None:
            # New key after questions/steps/notes; the comment lines that followed the key
            # before it (e.g. a heading for the next key) now follow the new FAQ.
            after = position_after(proc, _FAQ_AFTER)
            tail = take_key_tail(proc, list(proc)[after - 1]) if after else None
            faq = CommentedSeq([entry])
            proc.insert(after, "faq", faq)
            if tail:
                put_tail(faq, tail)
        else:
            append(faq, entry)
        return None

    return _apply(Path(path), procedure_id, edit)


# -- the edit transaction ---------------------------------------------------------------

@dataclass(frozen=True)
class _Context:
    """How new text is written when the list it goes into is empty or new."""

    question_style: str | None
    faq_style: FaqStyle


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
    procs = procedures_node(root)
    item = next((i for i in procs.value if procedure_id_of(i) == procedure_id), None) if procs else None
    if procs is None or item is None:
        raise _Refused(f"Không tìm thấy thủ tục có id '{procedure_id}'.")
    ctx = _Context(question_style(procs), faq_style(procs))
    span = fragment_span(text, procs, item)
    result = _edit_fragment(text, span, edit, ctx) if span else None
    if result is None:
        first = fragment_span(text, procs, procs.value[0])
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

def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def _answer(text: str) -> str:
    lines = [" ".join(line.split()) for line in str(text or "").strip().splitlines()]
    return "\n".join(line for line in lines if line)
