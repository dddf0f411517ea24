"""The dialogue layer imports nothing above it: no module of bot/dialogue imports bot.telegram,
bot.reports, bot.volunteers or bot.cli, not even inside a function (read from the source)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ABOVE_DIALOGUE = ("bot.telegram", "bot.reports", "bot.volunteers", "bot.cli")


def imported_modules(path: Path, package: str = "bot.dialogue") -> list[str]:
    """Every module an import statement of `path` (in `package`) names, wherever it stands."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.append(base)
            found.extend(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from bot.telegram import app\n    import bot.cli.main\n"
                      "    from ..reports import stats\n", encoding="utf-8")
    assert {"bot.telegram.app", "bot.cli.main", "bot.reports.stats"} <= set(imported_modules(sample))


@pytest.mark.parametrize("path", sorted((ROOT / "bot" / "dialogue").rglob("*.py")), ids=lambda p: p.name)
def test_dialogue_imports_nothing_above_it(path: Path) -> None:
    upward = [m for m in imported_modules(path)
              if any(m == layer or m.startswith(layer + ".") for layer in ABOVE_DIALOGUE)]
    assert upward == [], f"{path.relative_to(ROOT)} imports {upward}"
