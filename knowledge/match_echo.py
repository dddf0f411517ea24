"""A procedure's name said again after the message named it as part of another doc's cue
(knowledge.match_cues): "cần bản sao giấy chứng tử của ông ngoại ..., ông mất năm 2015 khai tử ở
xã cũ, giờ xin ở đâu" asks for the copy of the death registration; the second "khai tử" tells
where that registration was made, it does not name the registration as what is asked. Once a
cue is said inside a longer cue of another doc ("bản sao khai tử"), the same words said
elsewhere neither guard the procedure nor tell it apart from that doc.
"""
from __future__ import annotations

from collections.abc import Mapping

Said = Mapping[int, list[tuple[int, int, tuple[str, ...]]]]


def echoed(spans: Said) -> frozenset[tuple[int, tuple[str, ...], int]]:
    """(doc, cue, other) triples: the doc's cue is said somewhere inside a longer cue of the
    other doc said at the same place."""
    longer = [(s, e, d) for d, said in spans.items() for s, e, _ in said]
    return frozenset((doc, cue, d) for doc, said in spans.items() for s, e, cue in said
                     for lo, hi, d in longer if d != doc and lo <= s and e <= hi and hi - lo > e - s)
