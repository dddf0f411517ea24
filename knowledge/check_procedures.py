"""Validation of one procedure (its fields, by way of the other checks) and of sample questions
repeated within or across procedures."""
from __future__ import annotations

import re
from datetime import date

from yaml.nodes import MappingNode, Node

from knowledge.check_guides import GuideChecks
from knowledge.check_nodes import node_line
from knowledge.check_places import PlaceChecks
from knowledge.check_sources import SourceChecks
from knowledge.models import Fact, Online, Place, Procedure
from knowledge.normalise import text_keys

PROCEDURE_REQUIRED = ("id", "title", "aliases", "questions", "where", "documents", "time", "fee",
                      "online", "sources", "reviewed")
PROCEDURE_OPTIONAL = ("topic", "summary", "code", "who", "steps", "notes", "staff_notes", "faq", "guide")
# Keys of the old schema, with what replaces them (a clearer message than "unknown key").
RENAMED_KEYS = {
    "agency": "khóa 'agency' đã bỏ: dùng 'where' (danh sách nơi làm, vd: - {place: cong-an-xa})",
    "source": ("khóa 'source' đã bỏ: dùng 'sources' "
               "(danh sách nguồn, vd: - {title: \"Luật Cư trú 2020\", covers: [agency]})"),
}
# What every procedure's sources must cover, with the Vietnamese name used in messages.
MUST_COVER = (("agency", "nơi làm (where)"), ("time", "thời gian (time)"), ("fee", "lệ phí (fee)"))
CODE = re.compile(r"^\d\.\d{6}$")


class ProcedureChecks(SourceChecks, GuideChecks, PlaceChecks):
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
            staff_notes=self._staff_notes(fields, where), faq=faq, guide=guide, line=node_line(node),
        )
        return proc if pid else None

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
                seen.setdefault(key, (pid, node_line(node)))
