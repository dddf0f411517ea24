"""The procedure the clause that asks names by its naming cue leads the close ones (of a short
message too: "làm khai tử xong thì hộ khẩu có tự xóa tên không" names the death registration,
though "hộ khẩu" reads like the permanent residence).

A long message's story can make another procedure score a little higher than the one its
question names ("về từ nước ngoài, ở nhờ nhà bà con ... vậy có phải đăng ký tạm trú không"
reads much like the absence declaration's phrasings of people away from home). When the clause
that asks names exactly one procedure by a naming cue of its own ('!đăng ký tạm trú'), that
procedure, within `window` of the best one, is put first: the question says what is asked,
the story only why. The guard (match_cues.Found.guarding) then keeps it from being overtaken on
situation cues. Nothing changes when the message names two procedures so, or a neighbour by its
own naming cue (a neighbour's name in the request is the matcher's to weigh).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from knowledge.match_cues import Found


def named_first(proc_order: list[int], scores: np.ndarray, found: Found, window: float,
                neighbours: Sequence[int] = ()) -> list[int]:
    """proc_order with the procedure the clause that asks names first, when it is within
    `window` of the best one and no neighbour (`neighbours`) is named by its own naming cue."""
    named = found.asked_name()
    if named is None or len(proc_order) < 2 or named == proc_order[0] or named not in proc_order:
        return proc_order
    if any((p, named) in found.included for p in proc_order):  # "khai sinh cho bé và nhập khẩu luôn"
        return proc_order
    if any(found.names(n) for n in neighbours):
        return proc_order
    if float(scores[named]) < float(scores[proc_order[0]]) - window:
        return proc_order
    return [named, *(d for d in proc_order if d != named)]
