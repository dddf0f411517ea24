"""Validation of a procedure's `guide`: its steps, their choices and links, and the step graph
(every step reachable from the first, none caught in a loop without an end)."""
from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.check_nodes import NodeChecker, node_line
from knowledge.models import Choice, Guide, GuideStep

STEP_KEYS = {"id", "title", "text", "choices", "next", "end"}


class GuideChecks(NodeChecker):
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
            choices = self._choices(fields, refs)
            nxt = self.text(fields["next"][1], "bước tiếp (next)") if "next" in fields else None
            if nxt:
                refs.append((nxt, fields["next"][1]))
            end = self._end(fields)
            if choices and (nxt or end):
                self.err(item, "một bước có 'choices' thì không dùng 'next' hay 'end'")
            if nxt and end:
                self.err(item, "một bước không thể vừa có 'next' vừa 'end: true'")
            if not sid or not text:
                continue
            if sid in ids:
                self.err(item, f"id bước '{sid}' bị trùng (đã có ở dòng {ids[sid]})")
                continue
            ids[sid] = node_line(item)
            steps.append(GuideStep(sid, text, title, tuple(choices), nxt, end, node_line(item)))
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

    def _choices(self, fields: dict[str, tuple[Node, Node]], refs: list[tuple[str, Node]]) -> list[Choice]:
        """A step's buttons; each `goto` is added to `refs` (checked once every step is known)."""
        choices: list[Choice] = []
        if "choices" not in fields:
            return choices
        cnode = fields["choices"][1]
        if not isinstance(cnode, SequenceNode) or not cnode.value:
            self.err(cnode, "'choices' phải là danh sách lựa chọn, không rỗng")
            return choices
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
        return choices

    def _end(self, fields: dict[str, tuple[Node, Node]]) -> bool:
        if "end" not in fields:
            return False
        enode = fields["end"][1]
        if not (isinstance(enode, ScalarNode) and enode.tag == "tag:yaml.org,2002:bool"):
            self.err(enode, "'end' phải là true hoặc false")
            return False
        return bool(enode.value.lower() in ("true", "yes", "on"))

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
