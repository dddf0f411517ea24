"""Load and validate a knowledge base file (procedures.yaml).

Validation works on the YAML node tree, so every problem carries the line it is on and is
reported as `FILE:LINE: message` (in Vietnamese: staff read these). Nothing here raises a
traceback for a bad file: `check_file` returns the problems, `load_knowledge` raises
`KnowledgeError` holding them. `load_knowledge` takes a large file seen before, byte for
byte, from the knowledge base cache (knowledge.kb_cache) without composing or validating it
again; `check_file` and `audit_file` always validate.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from knowledge._gc import gc_paused
from knowledge.check_nodes import STAFF_MARKERS, node_line, staff_marker
from knowledge.check_procedures import PROCEDURE_OPTIONAL, PROCEDURE_REQUIRED, ProcedureChecks
from knowledge.check_vocabulary import VocabularyChecks
from knowledge.kb_cache import KnowledgeCache
from knowledge.match_config import MatchConfig
from knowledge.models import KnowledgeBase, OutOfScope, OutOfScopeKind, Procedure, Source
from knowledge.problems import KnowledgeError, Problem
from knowledge.yaml_errors import explain as explain_yaml_error
from knowledge.yaml_safety import DEFAULT_MAX_BYTES, alias_problems, out_of_resources_message, read_limited

# The public interface (other modules import these names from here).
__all__ = ["DEFAULT_REVIEW_MAX_DAYS", "PROCEDURE_OPTIONAL", "PROCEDURE_REQUIRED", "STAFF_MARKERS", "KnowledgeError",
           "Problem", "audit_file", "check_file", "load_knowledge", "staff_marker"]

# libyaml's parser keeps line marks too and is ~10x faster on large files.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_KEYS = {"procedures", "topics", "places", "out_of_scope", "vocabulary", "matching"}
OOS_REQUIRED = ("id", "title", "phrasings", "reviewed")
OOS_OPTIONAL = ("kind", "go", "sources", "staff_notes")
OOS_KINDS: tuple[OutOfScopeKind, ...] = ("service", "chitchat")
DEFAULT_REVIEW_MAX_DAYS = 180


def check_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """The problems that make the file unusable (the bot refuses to load it), sorted by line.

    Dates are not compared with today here: an expired item or an old `reviewed` does not
    stop the bot (it hides expired items); `audit_file` reports those.
    """
    with gc_paused():
        return _run(str(path), max_bytes)[1]


def audit_file(path: str | Path, today: date,
               max_review_age_days: int = DEFAULT_REVIEW_MAX_DAYS, *,
               max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """Everything `dvcbot check` reports, sorted by line: the problems of `check_file`, an
    error for each `time`/`fee`/`who`/`notes` item whose `valid_until` is before `today` (at
    the item's line), and a warning for each entry (procedure or out_of_scope) whose
    `reviewed` is more than `max_review_age_days` days before `today`, or after it (at the
    `reviewed` line). `today` is a parameter so that tests can fix it.
    """
    file = str(path)
    checker = _Checker(file, max_bytes)
    with gc_paused():
        try:
            problems = checker.run()[1]
        except (MemoryError, RecursionError) as exc:  # a bad file, not a crash
            return [Problem(file, 1, out_of_resources_message(exc))]
    for until, line, what, text in checker.dated:
        if until < today:
            problems.append(Problem(file, line, (
                f"{what}: mục \"{_clip(text)}\" đã hết hạn (valid_until: {until.isoformat()}); Trợ lý không còn "
                "hiện mục này cho bà con. Cách sửa: cập nhật nội dung và ngày valid_until, hoặc xóa mục này")))
    for label, line, reviewed in checker.reviewed:
        age = (today - reviewed).days
        if age > max_review_age_days:
            problems.append(Problem(file, line, (
                f"{label} chưa được xem lại {age} ngày (reviewed: {reviewed.isoformat()}, quá {max_review_age_days} "
                "ngày): hãy đối chiếu lại với văn bản hiện hành rồi ghi ngày xem lại"), warning=True))
        elif age < 0:
            problems.append(Problem(file, line, (
                f"ngày xem lại của {label} ở tương lai (reviewed: {reviewed.isoformat()}): ghi ngày một người "
                "thực sự đã kiểm tra mục này"), warning=True))
    problems.sort(key=lambda p: (p.line, p.warning))
    return problems


def _clip(text: str, limit: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"

def load_knowledge(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                   cache: KnowledgeCache | None = None) -> KnowledgeBase:
    """`max_bytes`: a larger file is refused (knowledge.yaml_safety; DVCBOT_KNOWLEDGE_MAX_MB).
    `cache` (default: KnowledgeCache.from_environment()): validated knowledge bases kept on
    disk by the file's content, so that a large file seen before is not parsed and validated
    again (knowledge.kb_cache)."""
    if cache is None:
        cache = KnowledgeCache.from_environment()
    with gc_paused():
        kb, problems = _run(str(path), max_bytes, cache)
    if problems or kb is None:
        raise KnowledgeError(problems)
    return kb


def _run(path: str, max_bytes: int, cache: KnowledgeCache | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    try:
        return _Checker(path, max_bytes).run(cache)
    except (MemoryError, RecursionError) as exc:  # a bad file, not a crash
        return None, [Problem(path, 1, out_of_resources_message(exc))]


class _Checker(ProcedureChecks, VocabularyChecks):
    # -- entry --------------------------------------------------------------------
    def run(self, cache: KnowledgeCache | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
        raw = self._read()
        if raw is None:
            return None, self.problems
        key = None
        if cache is not None and cache.wanted(len(raw)):
            key = cache.key(raw)  # of the very bytes validated below
            cached = cache.load(key, self.path) if key is not None else None
            if cached is not None:
                return cached, []
        root = self._parse(raw)
        if root is None:
            return None, self.problems
        kb = self._knowledge_base(root)
        self.problems.sort(key=lambda p: p.line)
        if kb is None or self.problems:
            return None, self.problems
        if cache is not None and key is not None:
            cache.save(key, kb)
        return kb, self.problems

    def _read(self) -> bytes | None:
        try:
            raw = read_limited(self.path, self.max_bytes)
        except FileNotFoundError:
            self.err(1, "không tìm thấy tệp")
            return None
        except OSError as exc:
            self.err(1, f"không đọc được tệp: {exc.strerror or exc}")
            return None
        if isinstance(raw, tuple):  # too big: not read
            self.err(*raw)
            return None
        return raw

    def _parse(self, raw: bytes) -> MappingNode | None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.err(line, "tệp không phải UTF-8 (hãy lưu lại với bảng mã UTF-8)")
            return None
        try:
            for line, message in alias_problems(text, _YAML_LOADER):  # before any expansion
                self.err(line, message)
            if self.problems:
                return None
            root = yaml.compose(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            found = explain_yaml_error(exc, text)
            self.err(found.line, found.message)
            return None
        if root is None:
            self.err(1, "tệp rỗng: cần khóa 'procedures'")
            return None
        if not isinstance(root, MappingNode):
            self.err(root, "tệp phải là một bảng (mapping) có khóa 'procedures'")
            return None
        return root

    # -- the knowledge base -----------------------------------------------------------
    def _knowledge_base(self, root: MappingNode) -> KnowledgeBase | None:
        top = self.mapping(root, TOP_KEYS, "tệp")
        if "procedures" not in top:
            self.err(root, "thiếu khóa bắt buộc 'procedures'")
            return None
        topics = self._topics(top["topics"][1]) if "topics" in top else []
        places = self._places(top["places"][1]) if "places" in top else []
        oos = self._out_of_scope(top["out_of_scope"][1]) if "out_of_scope" in top else []
        vocabulary, refs = self._vocabulary(top["vocabulary"][1]) if "vocabulary" in top else ({}, [])
        matching = self._matching(top["matching"][1]) if "matching" in top else {}
        procs_node = top["procedures"][1]
        if not isinstance(procs_node, SequenceNode) or not procs_node.value:
            self.err(procs_node, "'procedures' phải là một danh sách thủ tục, không rỗng")
            return None
        topic_ids = {t.id for t in topics}
        place_ids = {pl.id: pl for pl in places}
        procedures: list[Procedure] = []
        seen_ids: dict[str, int] = {}
        questions: list[tuple[str, Node]] = []
        for item in procs_node.value:
            proc = self._procedure(item, topic_ids, place_ids, questions)
            if proc is None:
                continue
            if proc.id in seen_ids:
                self.err(proc.line, f"id thủ tục '{proc.id}' bị trùng (đã có ở dòng {seen_ids[proc.id]})")
            else:
                seen_ids[proc.id] = proc.line
            procedures.append(proc)
        self._duplicate_questions(questions)
        for entry in oos:
            if entry.id in seen_ids:
                self.err(seen_ids[entry.id], f"id '{entry.id}' vừa là thủ tục vừa nằm trong out_of_scope")
        self._vocabulary_refs(refs, set(seen_ids), {entry.id for entry in oos})
        return KnowledgeBase(
            procedures=tuple(procedures), topics=tuple(topics), out_of_scope=tuple(oos),
            places=tuple(places), vocabulary=vocabulary, matching=matching, path=self.path,
        )

    def _out_of_scope(self, node: Node) -> list[OutOfScope]:
        out: list[OutOfScope] = []
        if not isinstance(node, SequenceNode):
            self.err(node, "'out_of_scope' phải là một danh sách")
            return out
        seen: set[str] = set()
        what = "dịch vụ ngoài phạm vi"
        for item in node.value:
            fields = self.mapping(item, set(OOS_REQUIRED) | set(OOS_OPTIONAL), what)
            if not isinstance(item, MappingNode):
                continue
            oid = self._id(fields, what)
            where = f"out_of_scope '{oid}'" if oid else what
            self.required(fields, OOS_REQUIRED, item, where)
            title = self.text(fields["title"][1], f"'title' của {where}") if "title" in fields else None
            phr = self.texts(fields["phrasings"][1], f"'phrasings' của {where}") if "phrasings" in fields else []
            kind: OutOfScopeKind = "service"
            if "kind" in fields:
                value = self.text(fields["kind"][1], f"'kind' của {where}")
                if value == "chitchat":
                    kind = "chitchat"
                elif value is not None and value != "service":
                    self.err(fields["kind"][1],
                             f"'kind' của {where} phải là service hoặc chitchat, không phải '{value}'")
            go = ""
            if "go" in fields:
                if kind == "chitchat":
                    self.err(fields["go"][0], f"{where} là chitchat: bỏ 'go' (Trợ lý chỉ đáp một câu lịch sự)")
                else:
                    go = self.text(fields["go"][1], f"'go' của {where}") or ""
            elif kind == "service":
                self.err(item, f"thiếu khóa bắt buộc 'go' trong {where}: một câu chỉ bà con nên đến đâu "
                               "(hoặc ghi 'kind: chitchat' nếu chỉ là chuyện phiếm)")
            sources: tuple[Source, ...] = ()
            if "sources" in fields:
                sources = self._sources(fields["sources"][1], where)
            elif kind == "service":
                self.err(item, f"thiếu khóa bắt buộc 'sources' trong {where} (bắt buộc với kind service)")
            reviewed = self._reviewed(fields, where)
            if "go" in fields:
                self._staff_markers(fields["go"][1], where, "go")
            staff = self._staff_notes(fields, where)
            if oid and oid in seen:
                self.err(item, f"id '{oid}' bị trùng trong out_of_scope")
            if oid and title:
                seen.add(oid)
                out.append(OutOfScope(oid, title, tuple(p for p, _ in phr), kind=kind, go=go, sources=sources,
                                      reviewed=reviewed, staff_notes=staff, line=node_line(item)))
        return out

    def _matching(self, node: Node) -> dict[str, float]:
        allowed = set(MatchConfig.__dataclass_fields__)
        out: dict[str, float] = {}
        for key, (_, value) in self.mapping(node, allowed, "matching").items():
            try:
                out[key] = float(value.value)
            except (TypeError, ValueError):
                self.err(value, f"matching.{key} phải là một số")
        return out
