"""Units typed after a number (vocabulary `units`): "14t" is 14 years old (tuổi), "xe 50cc",
"110 cc" the engine's size (phân khối), not "t" (tôi) or "cc" (căn cước), the abbreviations
the same letters are alone ("t muốn hỏi", "làm cc ở đâu")."""
from __future__ import annotations

import re
from collections.abc import Mapping

_NUMBER_AND_UNIT = re.compile(r"(\d+)([a-z]+)")
# A unit apart from its number has at least this many letters: one letter after a number is
# another word typed short ("năm 2020 t làm căn cước": tôi), glued to it the unit ("14t").
MIN_APART = 2


def unit_words(word: str, after_number: bool, units: Mapping[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The words a typed word stands for when it is a unit after a number: glued to it ("50cc",
    "14t": the number and the unit's words) or right after it (`after_number`: "110 cc"); None else."""
    if not units:
        return None
    if after_number and len(word) >= MIN_APART and word in units:
        return units[word]
    glued = _NUMBER_AND_UNIT.fullmatch(word)
    if glued is not None and glued.group(2) in units:
        return (glued.group(1), *units[glued.group(2)])
    return None
