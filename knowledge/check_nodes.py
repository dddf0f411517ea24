"""The checker's base: reading YAML nodes with line-numbered problems, and the checks every
kind of entry shares (ids, dates, `reviewed`, staff remarks, `staff_notes`).

The parts of the validation (knowledge.check_places, check_sources, check_guides,
check_procedures) are mixins of `NodeChecker`; knowledge.loader combines them.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlparse

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.normalise import fold
from knowledge.problems import Problem
from knowledge.yaml_safety import DEFAULT_MAX_BYTES

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Remarks meant for staff; a citizen must never read them (they belong in `staff_notes`).
# Matched accent- and case-insensitively, except TODO (upper case, a whole word).
STAFF_MARKERS = ("cần kiểm tra lại", "cán bộ kiểm tra lại", "[verify]", "(verify)")
_STAFF_MARKERS_FOLDED = tuple((m, fold(m)) for m in STAFF_MARKERS)
_TODO = re.compile(r"\bTODO\b")
# Keys under a procedure (at any depth) whose text no citizen reads: not searched for markers.
NOT_CITIZEN_KEYS = {"id", "topic", "code", "questions", "sources", "staff_notes", "reviewed", "links",
                    "goto", "next", "end", "place", "valid_until", "map"}


def staff_marker(text: str) -> str | None:
    """The staff remark ("cần kiểm tra lại", "[verify]", "TODO"...) found in `text`, or None."""
    folded = fold(text)
    for marker, folded_marker in _STAFF_MARKERS_FOLDED:
        if folded_marker in folded:
            return marker
    return "TODO" if _TODO.search(text) else None


def node_line(node: Node) -> int:
    return node.start_mark.line + 1


class NodeChecker:
    def __init__(self, path: str, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = path
        self.max_bytes = max_bytes
        self.problems: list[Problem] = []
        # Every {text, valid_until} item seen: (valid_until, line of the item, field, text).
        self.dated: list[tuple[date, int, str, str]] = []
        # Every entry's `reviewed`: (entry as named in messages, line of the date, date).
        self.reviewed: list[tuple[str, int, date]] = []

    def err(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else node_line(node)
        self.problems.append(Problem(self.path, line, message))

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
                self.err(key_node, f"khóa '{key}' bị lặp trong {where} (đã có ở dòng {node_line(out[key][0])})")
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

    def _id(self, fields: dict[str, tuple[Node, Node]], where: str) -> str | None:
        if "id" not in fields:
            return None
        value = self.text(fields["id"][1], f"id của {where}")
        if value is not None and not KEBAB.match(value):
            self.err(fields["id"][1],
                     f"id '{value}' phải viết thường, không dấu, nối bằng gạch ngang (vd: dang-ky-tam-tru)")
        return value

    def _reviewed(self, fields: dict[str, tuple[Node, Node]], where: str) -> date | None:
        if "reviewed" not in fields:
            return None
        node = fields["reviewed"][1]
        value = self._date(node, f"'reviewed' của {where}")
        if value is not None:
            self.reviewed.append((where, node_line(node), value))
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
