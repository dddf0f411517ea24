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
    Choice, Faq, Guide, GuideStep, KnowledgeBase, Online, OutOfScope, Procedure, Topic,
)
from knowledge.normalise import VOCABULARY_SECTIONS, text_keys

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_IN_TEXT = re.compile(r"https?://\S+")
# libyaml's parser keeps line marks too and is ~10x faster on large files.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_KEYS = {"procedures", "topics", "out_of_scope", "vocabulary", "matching"}
PROCEDURE_REQUIRED = ("id", "title", "aliases", "questions", "agency", "documents", "time", "fee",
                      "online", "source", "reviewed")
PROCEDURE_OPTIONAL = ("topic", "summary", "steps", "notes", "faq", "guide")
STEP_KEYS = {"id", "title", "text", "choices", "next", "end"}
VOCABULARY_KEYS = set(VOCABULARY_SECTIONS)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def check_file(path: str | Path) -> list[Problem]:
    with gc_paused():
        return _Checker(str(path)).run()[1]


def load_knowledge(path: str | Path) -> KnowledgeBase:
    with gc_paused():
        kb, problems = _Checker(str(path)).run()
    if problems or kb is None:
        raise KnowledgeError(problems)
    return kb


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

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

    def _parse(self) -> Node | None:
        try:
            raw = Path(self.path).read_bytes()
        except FileNotFoundError:
            self.err(1, "không tìm thấy tệp")
            return None
        except OSError as exc:
            self.err(1, f"không đọc được tệp: {exc.strerror or exc}")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.err(line, "tệp không phải UTF-8 (hãy lưu lại với bảng mã UTF-8)")
            return None
        try:
            root = yaml.compose(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.err(mark.line + 1 if mark else 1, f"lỗi cú pháp YAML: {what}")
            return None
        if root is None:
            self.err(1, "tệp rỗng: cần khóa 'procedures'")
            return None
        if not isinstance(root, MappingNode):
            self.err(root, "tệp phải là một bảng (mapping) có khóa 'procedures'")
            return None
        return root

    # -- generic node helpers -----------------------------------------------------------
    def mapping(self, node: Node, allowed: set[str] | None, where: str) -> dict[str, tuple[Node, Node]]:
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
        oos = self._out_of_scope(top["out_of_scope"][1]) if "out_of_scope" in top else []
        vocabulary = self._vocabulary(top["vocabulary"][1]) if "vocabulary" in top else {}
        matching = self._matching(top["matching"][1]) if "matching" in top else {}
        procs_node = top["procedures"][1]
        if not isinstance(procs_node, SequenceNode) or not procs_node.value:
            self.err(procs_node, "'procedures' phải là một danh sách thủ tục, không rỗng")
            return None
        topic_ids = {t.id for t in topics}
        procedures: list[Procedure] = []
        seen_ids: dict[str, int] = {}
        questions: list[tuple[str, Node]] = []
        for item in procs_node.value:
            proc = self._procedure(item, topic_ids, questions)
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
            vocabulary=vocabulary, matching=matching, path=self.path,
        )

    def _duplicate_questions(self, entries: list[tuple[str, Node]]) -> None:
        """No sample question twice in a procedure, nor under two procedures."""
        keys = text_keys([str(node.value) for _, node in entries])
        seen: dict[str, tuple[str, int]] = {}
        own: set[tuple[str, str]] = set()
        for (pid, node), key in zip(entries, keys):
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
            self.err(fields["id"][1], f"id '{value}' phải viết thường, không dấu, nối bằng gạch ngang (vd: dang-ky-tam-tru)")
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

    def _out_of_scope(self, node: Node) -> list[OutOfScope]:
        out: list[OutOfScope] = []
        if not isinstance(node, SequenceNode):
            self.err(node, "'out_of_scope' phải là một danh sách")
            return out
        seen: set[str] = set()
        for item in node.value:
            fields = self.mapping(item, {"id", "title", "phrasings"}, "dịch vụ ngoài phạm vi")
            self.required(fields, ("id", "title", "phrasings"), item, "dịch vụ ngoài phạm vi")
            oid = self._id(fields, "dịch vụ ngoài phạm vi")
            title = self.text(fields["title"][1], "tên dịch vụ") if "title" in fields else None
            phr = self.texts(fields["phrasings"][1], "phrasings") if "phrasings" in fields else []
            if oid and oid in seen:
                self.err(item, f"id '{oid}' bị trùng trong out_of_scope")
            if oid and title:
                seen.add(oid)
                out.append(OutOfScope(oid, title, tuple(p for p, _ in phr)))
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

    def _procedure(self, node: Node, topic_ids: set[str], questions: list[tuple[str, Node]]) -> Procedure | None:
        allowed = set(PROCEDURE_REQUIRED) | set(PROCEDURE_OPTIONAL)
        fields = self.mapping(node, allowed, "thủ tục")
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

        title, agency, time, fee, source = txt("title"), txt("agency"), txt("time"), txt("fee"), txt("source")
        summary = txt("summary")
        topic = txt("topic")
        if topic and topic_ids and topic not in topic_ids:
            self.err(fields["topic"][1], f"chủ đề '{topic}' của {where} không có trong 'topics'")
        if source:
            for url in URL_IN_TEXT.findall(source):
                self.url(url.rstrip(").,;"), fields["source"][1], f"'source' của {where}")
        reviewed = self._date(fields["reviewed"][1], where) if "reviewed" in fields else None
        online = self._online(fields["online"][1], where) if "online" in fields else Online()
        faq = self._faq(fields["faq"][1], where) if "faq" in fields else ()
        guide = self._guide(fields["guide"][1], where) if "guide" in fields else None
        proc = Procedure(
            id=pid or "", title=title, topic=topic, summary=summary, aliases=lst("aliases"),
            questions=lst("questions"), agency=agency, documents=lst("documents"), time=time, fee=fee,
            online=online, steps=lst("steps"), source=source, reviewed=reviewed or date.min,
            notes=lst("notes", allow_empty=True), faq=faq, guide=guide, line=_line(node),
        )
        return proc if pid else None

    def _date(self, node: Node, where: str) -> date | None:
        value = str(node.value).strip() if isinstance(node, ScalarNode) else ""
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            try:
                parsed = datetime.strptime(value, "%d/%m/%Y").date()
            except ValueError:
                self.err(node, f"'reviewed' của {where} không phải ngày hợp lệ: '{value}' (viết dạng 2026-11-27)")
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

