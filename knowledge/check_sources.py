"""Validation of facts and where they come from: `sources`, `time`/`fee`/`who`/`notes` items
(with their `valid_until`), `online` and `faq`."""
from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.check_nodes import NodeChecker, node_line
from knowledge.models import SOURCE_COVERS, Fact, Faq, Online, Source

SOURCE_KEYS = {"title", "article", "url", "covers"}
FACT_KEYS = {"text", "valid_until"}


class SourceChecks(NodeChecker):
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
                out.append(Source(title, article, url, tuple(covers), node_line(item)))
        return tuple(out)

    def _facts(self, node: Node, what: str, allow_list_only: bool) -> tuple[Fact, ...]:
        """A string, or a list of strings / {text, valid_until} (`notes`: a list only)."""
        if isinstance(node, ScalarNode) and not allow_list_only:
            value = self.text(node, what)
            return (Fact(value, None, node_line(node)),) if value is not None else ()
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
                    out.append(Fact(text, until, node_line(item)))
                    if until is not None:
                        self.dated.append((until, node_line(item), what, text))
            else:
                value = self.text(item, f"một mục của {what}")
                if value is not None:
                    out.append(Fact(value, None, node_line(item)))
        return tuple(out)

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
