"""Checks of the `vocabulary:` section of a knowledge base file (staff extend the built-in
tables of knowledge/data/vocabulary.yaml there), with the line of every bad entry."""
from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode

from knowledge.check_nodes import NodeChecker
from knowledge.folding import fold, words
from knowledge.vocabulary import PHRASE_LISTS, VOCABULARY_SECTIONS

# Read by the matcher, not the normaliser: `cues` (procedure or out_of_scope id -> phrases) and
# `includes` (procedure id -> ids of out_of_scope services or procedures it takes care of too), and
# `help_requests` (the kinds of help the clause that asks may want of a neighbour).
# `stays` (procedure id -> min_days and the out_of_scope ids a short or a foreigner's stay asks for:
# knowledge.match_stay). `records` (procedure or out_of_scope id -> names of the record it corrects:
# knowledge.match_records). `contrary` (procedure or out_of_scope id -> phrases of its opposite:
# knowledge.match_contrary).
# `owned` (procedure id -> the things whose owner it changes: knowledge.match_owned). `owned_elsewhere`
# (out_of_scope id -> the things whose owner changes there: knowledge.match_unowned). `needs` (procedure id
# -> ids of out_of_scope services whose paper its dossier needs: knowledge.match_includes). `papers` (procedure
# or out_of_scope id -> names of the papers it issues: knowledge.match_papers). `follow_ups` (procedure id ->
# words asking how a dossier told sent is going: knowledge.match_progress).
# Read by the normaliser's vocabulary besides its sections: `accented` and `owner_renames` (an act
# that changes a name -> what it reads as when who stands as the owner follows: knowledge.owner_names);
# `units` (a unit typed after a number -> its words: "t" -> "tuoi", "cc" -> "phan khoi", knowledge.units).
_TABLES = ("abbreviations", "units", "synonyms", "small_talk", "cues", "includes", "accented", "stays", "records",
           "contrary", "owned", "owned_elsewhere", "owner_renames", "needs", "papers", "follow_ups")
VOCABULARY_KEYS = {*VOCABULARY_SECTIONS, *_TABLES, "help_requests"}
_WORDS = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)*$")


class VocabularyChecks(NodeChecker):
    def _vocabulary(self, node: Node) -> tuple[dict[str, Any], list[tuple[str, str, Node, bool]]]:
        """The vocabulary's sections, and the ids it refers to, checked once every entry is
        read: (section, id, node, whether it must be a procedure's)."""
        fields = self.mapping(node, VOCABULARY_KEYS, "vocabulary")
        out: dict[str, Any] = {}
        for key, (_, value) in fields.items():
            data = yaml.safe_load(yaml.serialize(value))
            expected = dict if key in _TABLES else list
            if not isinstance(data, expected):
                self.err(value, f"vocabulary.{key} phải là {'một bảng' if expected is dict else 'một danh sách'}")
                continue
            out[key] = data
        refs: list[tuple[str, str, Node, bool]] = []
        for section in ("cues", "records", "contrary", "owned", "owned_elsewhere", "papers", "follow_ups"):
            if section in out:
                where = f"vocabulary.{section}"
                for doc_id, (key_node, value) in self.mapping(fields[section][1], None, where).items():
                    self.texts(value, f"{where}.{doc_id}")
                    refs.append((section, doc_id, key_node, False))
        for section in ("includes", "needs"):
            if section in out:
                where = f"vocabulary.{section}"
                for proc_id, (key_node, value) in self.mapping(fields[section][1], None, where).items():
                    refs.append((section, proc_id, key_node, True))
                    refs.extend((section, oos_id, item, False)
                                for oos_id, item in self.texts(value, f"{where}.{proc_id}"))
        if "stays" in out:
            refs.extend(self._stays(fields["stays"][1]))
        if "accented" in out:
            out["accented"] = self._accented(fields["accented"][1])
        if "units" in out:
            out["units"] = self._units(fields["units"][1])
        if "owner_renames" in out:
            out["owner_renames"] = self._phrase_table(fields["owner_renames"][1], "vocabulary.owner_renames")
        for section in PHRASE_LISTS:
            if section in out:  # each phrase a text of words ("giay to"), at its line
                out[section] = [text for text, item in self.texts(fields[section][1], f"vocabulary.{section}", True)
                                if self._words(item, text, f"vocabulary.{section}")]
        return out, refs

    def _phrase_table(self, node: Node, where: str) -> dict[str, str]:
        """The good entries of a table of phrases (a phrase -> the phrase it reads as)."""
        good: dict[str, str] = {}
        for key, (key_node, value) in self.mapping(node, None, where).items():
            meaning = self.text(value, f"{where}.{key}")
            if self._words(key_node, key, where) and meaning is not None and self._words(value, meaning, where):
                good[key] = meaning
        return good

    def _units(self, node: Node) -> dict[str, str]:
        """The good entries of `units`: a unit of letters (no number: "t", "cc") -> its words."""
        good: dict[str, str] = {}
        for unit, (key_node, value) in self.mapping(node, None, "vocabulary.units").items():
            meaning = self.text(value, f"vocabulary.units.{unit}")
            if not isinstance(key_node, ScalarNode) or not re.fullmatch(r"[^\W\d_]+", unit.strip()):
                self.err(key_node, f"vocabulary.units: '{unit}' phải là một từ chỉ có chữ cái (đơn vị viết sau số)")
            elif meaning is not None and self._words(value, meaning, "vocabulary.units"):
                good[unit.strip()] = meaning
        return good

    def _words(self, node: Node, text: str, where: str) -> bool:
        """Whether a phrase of a vocabulary section has words to match; reported at its line if not."""
        if not isinstance(node, ScalarNode) or not words(text):
            self.err(node, f"{where}: '{text}' phải là một từ hay cụm từ")
            return False
        return True

    def _stays(self, node: Node) -> list[tuple[str, str, Node, bool]]:
        """The ids `stays` refers to: each procedure, and the neighbours its stays ask for."""
        refs: list[tuple[str, str, Node, bool]] = []
        for proc_id, (key_node, value) in self.mapping(node, None, "vocabulary.stays").items():
            refs.append(("stays", proc_id, key_node, True))
            where = f"vocabulary.stays.{proc_id}"
            fields = self.mapping(value, {"min_days", "shorter", "foreigner", "visits"}, where)
            for key in ("shorter", "foreigner"):
                if key in fields and (ref := self.text(fields[key][1], f"{where}.{key}")) is not None:
                    refs.append(("stays", ref, fields[key][1], False))
            days = fields.get("min_days")
            if days is not None and not (isinstance(days[1], ScalarNode) and days[1].value.isdigit()):
                self.err(days[1], f"{where}.min_days phải là một số ngày")
            if "visits" in fields:
                self.texts(fields["visits"][1], f"{where}.visits")
        return refs

    def _accented(self, node: Node) -> dict[str, str]:
        """The good entries of `accented`: words typed with diacritics -> what they mean."""
        good: dict[str, str] = {}
        for word, (key_node, value) in self.mapping(node, None, "vocabulary.accented").items():
            meaning = self.text(value, f"vocabulary.accented.{word}")
            if not isinstance(key_node, ScalarNode) or not _WORDS.match(word.strip()):
                self.err(key_node, f"vocabulary.accented: '{word}' phải là một từ hay cụm từ (chỉ chữ cái)")
            elif fold(word) == word.strip().lower():
                self.err(key_node, f"vocabulary.accented: '{word}' phải viết có dấu (tin nhắn không dấu "
                                   "không đổi, nên mục không dấu không bao giờ được dùng)")
            elif meaning is not None:
                good[word.strip()] = meaning
        return good

    def _vocabulary_refs(self, refs: list[tuple[str, str, Node, bool]], procedure_ids: set[str],
                         oos_ids: set[str]) -> None:
        for section, ref_id, node, procedure in refs:
            if section in ("cues", "records", "papers", "contrary") and ref_id not in procedure_ids | oos_ids:
                self.err(node, f"vocabulary.{section}: không có thủ tục hay mục out_of_scope nào có id '{ref_id}'")
            elif section == "owned_elsewhere" and ref_id not in oos_ids:
                self.err(node, f"vocabulary.{section}: không có mục out_of_scope nào có id '{ref_id}'")
            elif section in ("owned", "follow_ups") and ref_id not in procedure_ids:
                self.err(node, f"vocabulary.{section}: không có thủ tục nào có id '{ref_id}'")
            elif section == "stays" and procedure and ref_id not in procedure_ids:
                self.err(node, f"vocabulary.stays: không có thủ tục nào có id '{ref_id}'")
            elif section == "stays" and not procedure and ref_id not in oos_ids:
                self.err(node, f"vocabulary.stays: không có mục out_of_scope nào có id '{ref_id}'")
            elif section in ("includes", "needs") and procedure and ref_id not in procedure_ids:
                self.err(node, f"vocabulary.{section}: không có thủ tục nào có id '{ref_id}'")
            elif section in ("includes", "needs") and not procedure and ref_id not in oos_ids | procedure_ids:
                self.err(node, f"vocabulary.{section}: không có thủ tục hay mục out_of_scope nào có id '{ref_id}'")
