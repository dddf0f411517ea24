"""Validation of `topics`, `places` and a procedure's `where` (references to places)."""
from __future__ import annotations

from yaml.nodes import MappingNode, Node, SequenceNode

from knowledge.check_nodes import NodeChecker, node_line
from knowledge.models import Place, PlaceRef, Topic

PLACE_KEYS = ("id", "name", "handles", "address", "hours", "phone", "map")


class PlaceChecks(NodeChecker):
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
                seen[pid] = node_line(item)
                out.append(Place(pid, name, line=node_line(item), **extra))
        return out

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
            out.append(PlaceRef(place, note, node_line(item)))
        return tuple(out)
