"""Load and validate a knowledge base file (procedures.yaml).

Validation works on the YAML node tree, so every problem carries the line it is on and is
reported as `FILE:LINE: message` (in Vietnamese: staff read these). Nothing here raises a
traceback for a bad file: `check_file` returns the problems, `load_knowledge` raises
`KnowledgeError` holding them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge._gc import gc_paused
from knowledge.models import (
    SOURCE_COVERS,
    Choice,
    Fact,
    Faq,
    Guide,
    GuideStep,
    KnowledgeBase,
    Online,
    OutOfScope,
    OutOfScopeKind,
    Place,
    PlaceRef,
    Procedure,
    Source,
    Topic,
)
from knowledge.normalise import VOCABULARY_SECTIONS, fold, text_keys
from knowledge.yaml_errors import explain as explain_yaml_error
from knowledge.yaml_safety import DEFAULT_MAX_BYTES, alias_problems, out_of_resources_message, read_limited

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# libyaml's parser keeps line marks too and is ~10x faster on large files.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_KEYS = {"procedures", "topics", "places", "out_of_scope", "vocabulary", "matching"}
PROCEDURE_REQUIRED = ("id", "title", "aliases", "questions", "where", "documents", "time", "fee",
                      "online", "sources", "reviewed")
PROCEDURE_OPTIONAL = ("topic", "summary", "code", "who", "steps", "notes", "staff_notes", "faq", "guide")
# Keys of the old schema, with what replaces them (a clearer message than "unknown key").
RENAMED_KEYS = {
    "agency": "khóa 'agency' đã bỏ: dùng 'where' (danh sách nơi làm, vd: - {place: cong-an-xa})",
    "source": ("khóa 'source' đã bỏ: dùng 'sources' "
               "(danh sách nguồn, vd: - {title: \"Luật Cư trú 2020\", covers: [agency]})"),
}
PLACE_KEYS = ("id", "name", "handles", "address", "hours", "phone", "map")
SOURCE_KEYS = {"title", "article", "url", "covers"}
FACT_KEYS = {"text", "valid_until"}
OOS_REQUIRED = ("id", "title", "phrasings", "reviewed")
OOS_OPTIONAL = ("kind", "go", "sources", "staff_notes")
OOS_KINDS: tuple[OutOfScopeKind, ...] = ("service", "chitchat")
# What every procedure's sources must cover, with the Vietnamese name used in messages.
MUST_COVER = (("agency", "nơi làm (where)"), ("time", "thời gian (time)"), ("fee", "lệ phí (fee)"))
CODE = re.compile(r"^\d\.\d{6}$")
# Remarks meant for staff; a citizen must never read them (they belong in `staff_notes`).
# Matched accent- and case-insensitively, except TODO (upper case, a whole word).
STAFF_MARKERS = ("cần kiểm tra lại", "cán bộ kiểm tra lại", "[verify]", "(verify)")
_STAFF_MARKERS_FOLDED = tuple((m, fold(m)) for m in STAFF_MARKERS)
_TODO = re.compile(r"\bTODO\b")
# Keys under a procedure (at any depth) whose text no citizen reads: not searched for markers.
NOT_CITIZEN_KEYS = {"id", "topic", "code", "questions", "sources", "staff_notes", "reviewed", "links",
                    "goto", "next", "end", "place", "valid_until", "map"}
DEFAULT_REVIEW_MAX_DAYS = 180
STEP_KEYS = {"id", "title", "text", "choices", "next", "end"}
VOCABULARY_KEYS = set(VOCABULARY_SECTIONS)


@dataclass(frozen=True)
class Problem:
    """One finding at a line of a file. A warning (`dvcbot check` still exits 0) reads
    `FILE:LINE: cảnh báo: message`."""

    file: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {'cảnh báo: ' if self.warning else ''}{self.message}"


class KnowledgeError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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


def staff_marker(text: str) -> str | None:
    """The staff remark ("cần kiểm tra lại", "[verify]", "TODO"...) found in `text`, or None."""
    folded = fold(text)
    for marker, folded_marker in _STAFF_MARKERS_FOLDED:
        if folded_marker in folded:
            return marker
    return "TODO" if _TODO.search(text) else None


def load_knowledge(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> KnowledgeBase:
    """`max_bytes`: a larger file is refused (knowledge.yaml_safety; DVCBOT_KNOWLEDGE_MAX_MB)."""
    with gc_paused():
        kb, problems = _run(str(path), max_bytes)
    if problems or kb is None:
        raise KnowledgeError(problems)
    return kb


def _run(path: str, max_bytes: int) -> tuple[KnowledgeBase | None, list[Problem]]:
    try:
        return _Checker(path, max_bytes).run()
    except (MemoryError, RecursionError) as exc:  # a bad file, not a crash
        return None, [Problem(path, 1, out_of_resources_message(exc))]


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Checker:
    def __init__(self, path: str, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = path
        self.max_bytes = max_bytes
        self.problems: list[Problem] = []
        # Every {text, valid_until} item seen: (valid_until, line of the item, field, text).
        self.dated: list[tuple[date, int, str, str]] = []
        # Every entry's `reviewed`: (entry as named in messages, line of the date, date).
        self.reviewed: list[tuple[str, int, date]] = []

    def err(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else _line(node)
        self.problems.append(Problem(self.path, line, message))

    # -- entry --------------------------------------------------------------------
    def run(self) -> tuple[KnowledgeBase | None, list[Problem]]:
        root = self._parse()
        if root is None:
            return None, self.problems
        kb = self._knowledge_base(root)
        self.problems.sort(key=lambda p: p.line)
        return (kb if not self.problems else None), self.problems

    def _parse(self) -> MappingNode | None:
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

    # -- generic node helpers -----------------------------------------------------------
    def mapping(self, node: Node, allowed: set[str] | None, where: str,
                renamed: dict[str, str] | None = None) -> dict[str, tuple[Node, Node]]:
        """Key -> (key node, value node); reports unknown and duplicate keys."""
        out: dict[str, tuple[Node, Node]] = {}
        if not isinstance(node, MappingNode):
            self.err(node, f"{where} phải là một bảng (mapping)")
            return out
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            if key in out:
                self.err(key_node, f"khóa '{key}' bị lặp trong {where} (đã có ở dòng {_line(out[key][0])})")
                continue
            if allowed is not None and key not in allowed and renamed and key in renamed:
                self.err(key_node, f"{renamed[key]} ({where})")
                continue
            if allowed is not None and key not in allowed:
                self.err(key_node, f"khóa không hợp lệ '{key}' trong {where} (cho phép: {', '.join(sorted(allowed))})")
                continue
            out[key] = (key_node, value_node)
        return out

    def text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.err(node, f"{what} phải là một đoạn chữ")
            return None
        value = str(node.value).strip()
        if not value:
            self.err(node, f"{what} đang để trống")
            return None
        return value

    def optional_text(self, node: Node, what: str) -> str:
        """A text that may be empty or null (an optional field left for the commune to fill)."""
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return ""
        if not isinstance(node, ScalarNode):
            self.err(node, f"{what} phải là một đoạn chữ")
            return ""
        return str(node.value).strip()

    def texts(self, node: Node, what: str, allow_empty_list: bool = False) -> list[tuple[str, Node]]:
        if not isinstance(node, SequenceNode):
            self.err(node, f"{what} phải là một danh sách")
            return []
        if not node.value and not allow_empty_list:
            self.err(node, f"{what} là danh sách rỗng")
        out = []
        for item in node.value:
            value = self.text(item, f"một mục của {what}")
            if value is not None:
                out.append((value, item))
        return out

    def url(self, value: str, node: Node, what: str) -> None:
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or " " in value:
            self.err(node, f"{what} không phải địa chỉ web hợp lệ: '{value}'")

    def required(self, fields: dict[str, tuple[Node, Node]], names: tuple[str, ...], node: Node, where: str) -> None:
        for name in names:
            if name not in fields:
                self.err(node, f"thiếu khóa bắt buộc '{name}' trong {where}")

    # -- the knowledge base -----------------------------------------------------------
    def _knowledge_base(self, root: MappingNode) -> KnowledgeBase | None:
        top = self.mapping(root, TOP_KEYS, "tệp")
        if "procedures" not in top:
            self.err(root, "thiếu khóa bắt buộc 'procedures'")
            return None
        topics = self._topics(top["topics"][1]) if "topics" in top else []
        places = self._places(top["places"][1]) if "places" in top else []
        oos = self._out_of_scope(top["out_of_scope"][1]) if "out_of_scope" in top else []
        vocabulary = self._vocabulary(top["vocabulary"][1]) if "vocabulary" in top else {}
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
        return KnowledgeBase(
            procedures=tuple(procedures), topics=tuple(topics), out_of_scope=tuple(oos),
            places=tuple(places), vocabulary=vocabulary, matching=matching, path=self.path,
        )

    def _duplicate_questions(self, entries: list[tuple[str, Node]]) -> None:
        """No sample question twice in a procedure, nor under two procedures."""
        keys = text_keys([str(node.value) for _, node in entries])
        seen: dict[str, tuple[str, int]] = {}
        own: set[tuple[str, str]] = set()
        for (pid, node), key in zip(entries, keys, strict=False):  # text_keys([]) == [""]
            if not key:
                continue
            if (pid, key) in own:
                self.err(node, f"câu hỏi mẫu bị lặp trong cùng thủ tục '{pid}'")
                continue
            own.add((pid, key))
            if key in seen and seen[key][0] != pid:
                other, line = seen[key]
                self.err(node, f"câu hỏi mẫu trùng với câu của thủ tục '{other}' ở dòng {line}")
            else:
                seen.setdefault(key, (pid, _line(node)))

    def _id(self, fields: dict[str, tuple[Node, Node]], where: str) -> str | None:
        if "id" not in fields:
            return None
        value = self.text(fields["id"][1], f"id của {where}")
        if value is not None and not KEBAB.match(value):
            self.err(fields["id"][1],
                     f"id '{value}' phải viết thường, không dấu, nối bằng gạch ngang (vd: dang-ky-tam-tru)")
        return value

    def _topics(self, node: Node) -> list[Topic]:
        out: list[Topic] = []
        if not isinstance(node, SequenceNode):
            self.err(node, "'topics' phải là một danh sách")
            return out
        seen: set[str] = set()
        for item in node.value:
            fields = self.mapping(item, {"id", "title"}, "chủ đề")
            self.required(fields, ("id", "title"), item, "chủ đề")
            tid = self._id(fields, "chủ đề")
            title = self.text(fields["title"][1], "tên chủ đề") if "title" in fields else None
            if tid and tid in seen:
                self.err(item, f"id chủ đề '{tid}' bị trùng")
            if tid and title:
                seen.add(tid)
                out.append(Topic(tid, title))
        return out

    def _places(self, node: Node) -> list[Place]:
        out: list[Place] = []
        if not isinstance(node, SequenceNode):
            self.err(node, "'places' phải là một danh sách nơi làm thủ tục")
            return out
        seen: dict[str, int] = {}
        for item in node.value:
            fields = self.mapping(item, set(PLACE_KEYS), "nơi làm (places)")
            if not isinstance(item, MappingNode):
                continue
            self.required(fields, ("id", "name"), item, "nơi làm (places)")
            pid = self._id(fields, "nơi làm")
            name = self.text(fields["name"][1], "tên nơi làm (name)") if "name" in fields else None
            extra: dict[str, str] = {}
            for key in PLACE_KEYS[2:]:
                if key in fields:
                    extra[key] = self.optional_text(fields[key][1], f"'{key}' của nơi làm '{pid or ''}'")
            if extra.get("map"):
                self.url(extra["map"], fields["map"][1], f"'map' của nơi làm '{pid or ''}'")
            self._staff_markers(item, f"nơi làm '{pid or ''}'")
            if pid and pid in seen:
                self.err(item, f"id nơi làm '{pid}' bị trùng (đã có ở dòng {seen[pid]})")
                continue
            if pid and name:
                seen[pid] = _line(item)
                out.append(Place(pid, name, line=_line(item), **extra))
        return out

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
                                      reviewed=reviewed, staff_notes=staff, line=_line(item)))
        return out

    def _vocabulary(self, node: Node) -> dict[str, Any]:
        fields = self.mapping(node, VOCABULARY_KEYS, "vocabulary")
        out: dict[str, Any] = {}
        for key, (_, value) in fields.items():
            data = yaml.safe_load(yaml.serialize(value))
            expected = dict if key in ("abbreviations", "synonyms", "small_talk") else list
            if not isinstance(data, expected):
                self.err(value, f"vocabulary.{key} phải là {'một bảng' if expected is dict else 'một danh sách'}")
                continue
            out[key] = data
        return out

    def _matching(self, node: Node) -> dict[str, float]:
        from knowledge.matching import MatchConfig

        allowed = set(MatchConfig.__dataclass_fields__)
        out: dict[str, float] = {}
        for key, (_, value) in self.mapping(node, allowed, "matching").items():
            try:
                out[key] = float(value.value)
            except (TypeError, ValueError):
                self.err(value, f"matching.{key} phải là một số")
        return out

    def _procedure(self, node: Node, topic_ids: set[str], places: dict[str, Place],
                   questions: list[tuple[str, Node]]) -> Procedure | None:
        allowed = set(PROCEDURE_REQUIRED) | set(PROCEDURE_OPTIONAL)
        fields = self.mapping(node, allowed, "thủ tục", RENAMED_KEYS)
        if not isinstance(node, MappingNode):
            return None
        pid = self._id(fields, "thủ tục")
        where = f"thủ tục '{pid}'" if pid else "thủ tục"
        self.required(fields, PROCEDURE_REQUIRED, node, where)
        if "steps" not in fields and "guide" not in fields:
            self.err(node, f"{where} cần 'steps' (các bước làm) hoặc 'guide'")

        def txt(name: str) -> str:
            return (self.text(fields[name][1], f"'{name}' của {where}") or "") if name in fields else ""

        def lst(name: str, allow_empty: bool = False) -> tuple[str, ...]:
            if name not in fields:
                return ()
            items = self.texts(fields[name][1], f"'{name}' của {where}", allow_empty)
            if name == "questions" and pid:
                questions.extend((pid, n) for _, n in items)
            return tuple(v for v, _ in items)

        def facts(name: str, allow_list_only: bool = False) -> tuple[Fact, ...]:
            if name not in fields:
                return ()
            return self._facts(fields[name][1], f"'{name}' của {where}", allow_list_only)

        title, summary, topic = txt("title"), txt("summary"), txt("topic")
        if topic and topic_ids and topic not in topic_ids:
            self.err(fields["topic"][1], f"chủ đề '{topic}' của {where} không có trong 'topics'")
        # An empty code means "not known yet", like the empty optional fields of a place.
        code = self.optional_text(fields["code"][1], f"'code' của {where}") if "code" in fields else ""
        if code and not CODE.match(code):
            self.err(fields["code"][1], f"mã thủ tục (code) '{code}' của {where} không đúng dạng: "
                                        "một chữ số, dấu chấm, sáu chữ số (vd: \"1.004222\")")
        sources = self._sources(fields["sources"][1], where) if "sources" in fields else ()
        if sources:
            missing = [label for aspect, label in MUST_COVER if not any(aspect in s.covers for s in sources)]
            if missing:
                self.err(node, f"thiếu nguồn cho {', '.join(missing)} của {where}: thêm 'covers: [...]' "
                               "vào nguồn tương ứng trong 'sources' (agency, time, fee)")
        reviewed = self._reviewed(fields, where)
        self._staff_markers(node, where)
        online = self._online(fields["online"][1], where) if "online" in fields else Online()
        faq = self._faq(fields["faq"][1], where) if "faq" in fields else ()
        guide = self._guide(fields["guide"][1], where) if "guide" in fields else None
        proc = Procedure(
            id=pid or "", title=title, topic=topic, summary=summary, aliases=lst("aliases"),
            questions=lst("questions"),
            where=self._where(fields["where"][1], where, places) if "where" in fields else (),
            documents=lst("documents"), time=facts("time"), fee=facts("fee"), online=online,
            steps=lst("steps"), sources=sources, reviewed=reviewed or date.min, code=code,
            who=facts("who"), notes=facts("notes", allow_list_only=True),
            staff_notes=self._staff_notes(fields, where), faq=faq, guide=guide, line=_line(node),
        )
        return proc if pid else None

    def _where(self, node: Node, where: str, places: dict[str, Place]) -> tuple[PlaceRef, ...]:
        what = f"'where' của {where}"
        if not isinstance(node, SequenceNode) or not node.value:
            self.err(node, f"{what} phải là danh sách nơi làm, không rỗng "
                           "(vd: - {place: cong-an-xa, note: \"nơi đang ở\"})")
            return ()
        out: list[PlaceRef] = []
        for item in node.value:
            fields = self.mapping(item, {"place", "note"}, f"một mục {what}")
            if not isinstance(item, MappingNode):
                continue
            self.required(fields, ("place",), item, f"một mục {what}")
            pid = self.text(fields["place"][1], f"'place' trong {what}") if "place" in fields else None
            note = (self.text(fields["note"][1], f"'note' trong {what}") or "") if "note" in fields else ""
            if pid is None:
                continue
            place = places.get(pid)
            if place is None:
                known = ", ".join(sorted(places)) or "(chưa có mục nào trong 'places')"
                self.err(fields["place"][1], f"nơi làm '{pid}' của {where} không có trong 'places' (đang có: {known})")
                continue
            out.append(PlaceRef(place, note, _line(item)))
        return tuple(out)

    def _sources(self, node: Node, where: str) -> tuple[Source, ...]:
        what = f"'sources' của {where}"
        if not isinstance(node, SequenceNode) or not node.value:
            self.err(node, f"{what} phải là danh sách nguồn, không rỗng "
                           "(vd: - {title: \"Luật Cư trú 2020\", covers: [agency]})")
            return ()
        out: list[Source] = []
        for item in node.value:
            fields = self.mapping(item, SOURCE_KEYS, f"một nguồn trong {what}")
            if not isinstance(item, MappingNode):
                continue
            self.required(fields, ("title",), item, f"một nguồn trong {what}")
            title = self.text(fields["title"][1], f"'title' của một nguồn trong {what}") if "title" in fields else None
            article = self.optional_text(fields["article"][1], "'article'") if "article" in fields else ""
            url = self.optional_text(fields["url"][1], "'url'") if "url" in fields else ""
            if url:
                self.url(url, fields["url"][1], f"'url' của một nguồn trong {what}")
            covers: list[str] = []
            if "covers" in fields:
                for value, cnode in self.texts(fields["covers"][1], f"'covers' của một nguồn trong {what}"):
                    if value not in SOURCE_COVERS:
                        self.err(cnode, f"'covers' không nhận '{value}' (cho phép: {', '.join(SOURCE_COVERS)})")
                    else:
                        covers.append(value)
            if title:
                out.append(Source(title, article, url, tuple(covers), _line(item)))
        return tuple(out)

    def _facts(self, node: Node, what: str, allow_list_only: bool) -> tuple[Fact, ...]:
        """A string, or a list of strings / {text, valid_until} (`notes`: a list only)."""
        if isinstance(node, ScalarNode) and not allow_list_only:
            value = self.text(node, what)
            return (Fact(value, None, _line(node)),) if value is not None else ()
        if not isinstance(node, SequenceNode):
            shape = "một danh sách" if allow_list_only else "một đoạn chữ hoặc một danh sách"
            self.err(node, f"{what} phải là {shape}")
            return ()
        if not node.value and not allow_list_only:
            self.err(node, f"{what} là danh sách rỗng")
        out: list[Fact] = []
        for item in node.value:
            if isinstance(item, MappingNode):
                fields = self.mapping(item, FACT_KEYS, f"một mục của {what}")
                self.required(fields, ("text",), item, f"một mục của {what}")
                text = self.text(fields["text"][1], f"'text' trong {what}") if "text" in fields else None
                until = (self._date(fields["valid_until"][1], f"'valid_until' trong {what}")
                         if "valid_until" in fields else None)
                if text is not None:
                    out.append(Fact(text, until, _line(item)))
                    if until is not None:
                        self.dated.append((until, _line(item), what, text))
            else:
                value = self.text(item, f"một mục của {what}")
                if value is not None:
                    out.append(Fact(value, None, _line(item)))
        return tuple(out)

    def _reviewed(self, fields: dict[str, tuple[Node, Node]], where: str) -> date | None:
        if "reviewed" not in fields:
            return None
        node = fields["reviewed"][1]
        value = self._date(node, f"'reviewed' của {where}")
        if value is not None:
            self.reviewed.append((where, _line(node), value))
        return value

    def _staff_markers(self, node: Node, where: str, key: str = "") -> None:
        """Report staff remarks in any text a citizen reads (keys in NOT_CITIZEN_KEYS skipped)."""
        if isinstance(node, ScalarNode):
            marker = staff_marker(str(node.value))
            if marker:
                self.err(node, f"'{key}' của {where} có ghi chú dành cho cán bộ ('{marker}') mà bà con sẽ đọc thấy. "
                               "Cách sửa: chuyển ghi chú này sang 'staff_notes'; với bà con chỉ ghi "
                               "\"bà con hỏi cán bộ tại quầy\" cho giá trị chưa chắc chắn")
        elif isinstance(node, SequenceNode):
            for item in node.value:
                self._staff_markers(item, where, key)
        elif isinstance(node, MappingNode):
            for key_node, value in node.value:
                name = str(key_node.value)
                if name not in NOT_CITIZEN_KEYS:
                    self._staff_markers(value, where, f"{key}.{name}" if key else name)

    def _staff_notes(self, fields: dict[str, tuple[Node, Node]], where: str) -> tuple[str, ...]:
        if "staff_notes" not in fields:
            return ()
        return tuple(v for v, _ in self.texts(fields["staff_notes"][1], f"'staff_notes' của {where}", True))

    def _date(self, node: Node, what: str) -> date | None:
        value = str(node.value).strip() if isinstance(node, ScalarNode) else ""
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            try:
                parsed = datetime.strptime(value, "%d/%m/%Y").date()
            except ValueError:
                self.err(node, f"{what} không phải ngày hợp lệ: '{value}' (viết dạng 2026-11-27)")
                return None
        return parsed

    def _online(self, node: Node, where: str) -> Online:
        fields = self.mapping(node, {"channels", "links"}, f"'online' của {where}")
        channels = tuple(v for v, _ in self.texts(fields["channels"][1], f"'online.channels' của {where}", True)) \
            if "channels" in fields else ()
        links: list[str] = []
        if "links" in fields:
            for value, item in self.texts(fields["links"][1], f"'online.links' của {where}", True):
                self.url(value, item, f"liên kết của {where}")
                links.append(value)
        return Online(channels, tuple(links))

    def _faq(self, node: Node, where: str) -> tuple[Faq, ...]:
        out = []
        if not isinstance(node, SequenceNode):
            self.err(node, f"'faq' của {where} phải là một danh sách")
            return ()
        for item in node.value:
            fields = self.mapping(item, {"q", "a"}, f"một mục 'faq' của {where}")
            self.required(fields, ("q", "a"), item, f"một mục 'faq' của {where}")
            q = self.text(fields["q"][1], "câu hỏi (q)") if "q" in fields else None
            a = self.text(fields["a"][1], "câu trả lời (a)") if "a" in fields else None
            if q and a:
                out.append(Faq(q, a))
        return tuple(out)

    def _guide(self, node: Node, where: str) -> Guide | None:
        if not isinstance(node, SequenceNode) or not node.value:
            self.err(node, f"'guide' của {where} phải là danh sách các bước, không rỗng")
            return None
        steps: list[GuideStep] = []
        refs: list[tuple[str, Node]] = []
        ids: dict[str, int] = {}
        for item in node.value:
            fields = self.mapping(item, STEP_KEYS, f"một bước hướng dẫn của {where}")
            if not isinstance(item, MappingNode):
                continue
            self.required(fields, ("id", "text"), item, f"một bước hướng dẫn của {where}")
            sid = self._id(fields, "bước hướng dẫn")
            text = self.text(fields["text"][1], "nội dung bước (text)") if "text" in fields else None
            title = (self.text(fields["title"][1], "tên bước") or "") if "title" in fields else ""
            choices: list[Choice] = []
            if "choices" in fields:
                cnode = fields["choices"][1]
                if not isinstance(cnode, SequenceNode) or not cnode.value:
                    self.err(cnode, "'choices' phải là danh sách lựa chọn, không rỗng")
                else:
                    for c in cnode.value:
                        cf = self.mapping(c, {"label", "goto"}, "một lựa chọn")
                        self.required(cf, ("label", "goto"), c, "một lựa chọn")
                        label = self.text(cf["label"][1], "nhãn nút (label)") if "label" in cf else None
                        goto = self.text(cf["goto"][1], "bước đích (goto)") if "goto" in cf else None
                        if label and len(label) > 40:
                            self.err(cf["label"][1], f"nhãn nút quá dài ({len(label)} ký tự, tối đa 40)")
                        if label and goto:
                            choices.append(Choice(label, goto))
                            refs.append((goto, cf["goto"][1]))
            nxt = self.text(fields["next"][1], "bước tiếp (next)") if "next" in fields else None
            if nxt:
                refs.append((nxt, fields["next"][1]))
            end = False
            if "end" in fields:
                enode = fields["end"][1]
                if not (isinstance(enode, ScalarNode) and enode.tag == "tag:yaml.org,2002:bool"):
                    self.err(enode, "'end' phải là true hoặc false")
                else:
                    end = enode.value.lower() in ("true", "yes", "on")
            if choices and (nxt or end):
                self.err(item, "một bước có 'choices' thì không dùng 'next' hay 'end'")
            if nxt and end:
                self.err(item, "một bước không thể vừa có 'next' vừa 'end: true'")
            if not sid or not text:
                continue
            if sid in ids:
                self.err(item, f"id bước '{sid}' bị trùng (đã có ở dòng {ids[sid]})")
                continue
            ids[sid] = _line(item)
            steps.append(GuideStep(sid, text, title, tuple(choices), nxt, end, _line(item)))
        dangling = False
        for target, ref_node in refs:
            if target not in ids:
                self.err(ref_node, f"bước '{target}' không tồn tại trong hướng dẫn của {where}")
                dangling = True
        if not steps or dangling:
            return None
        guide = Guide(tuple(steps))
        self._guide_graph(guide, where)
        return guide

    def _guide_graph(self, guide: Guide, where: str) -> None:
        reachable = set(guide.depths())
        for s in guide.steps:
            if s.id not in reachable:
                self.err(s.line, f"bước '{s.id}' của {where} không thể tới được từ bước đầu")
        # Steps from which an end can be reached (reverse search from the final steps).
        finals = {s.id for s in guide.steps if not guide.successors(s.id)}
        can_finish = set(finals)
        changed = True
        while changed:
            changed = False
            for s in guide.steps:
                if s.id not in can_finish and any(t in can_finish for t in guide.successors(s.id)):
                    can_finish.add(s.id)
                    changed = True
        for s in guide.steps:
            if s.id in reachable and s.id not in can_finish:
                self.err(s.line, f"bước '{s.id}' của {where} nằm trong vòng lặp không có lối ra")

