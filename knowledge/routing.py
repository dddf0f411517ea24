"""The result of routing one citizen message: what the assistant should do with it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Decision = Literal["answer", "clarify", "none"]
# Why a message was routed as it was; "none" has several flavours the dialogue treats differently.
Kind = Literal["procedure", "small_talk", "out_of_scope", "noise", "unknown"]


@dataclass(frozen=True)
class Route:
    query: str
    normalised: str
    decision: Decision
    procedure: str | None  # the answer, or the best candidate when clarifying
    candidates: tuple[str, ...]  # 2-3 ids when clarifying, best first; (id,) when answering
    score: float  # 0..100, confidence in `procedure` (or in the best rejected match)
    kind: Kind
    # For kind == "out_of_scope": the id of the neighbouring service that matched.
    out_of_scope: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "q": self.query,
            "decision": self.decision,
            "procedure": self.procedure,
            "candidates": list(self.candidates),
            "score": round(self.score, 2),
        }
