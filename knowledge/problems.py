"""What validating a knowledge base file finds: a `Problem` at a line, and the error that
carries them when the file cannot be loaded."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One finding at a line of a file. A warning (`dvcbot check` still exits 0) reads
    `FILE:LINE: cảnh báo: message`."""

    file: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {'cảnh báo: ' if self.warning else ''}{self.message}"


class KnowledgeError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
