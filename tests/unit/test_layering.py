"""Layers import nothing above them (README "Layout": cli → telegram → reports → volunteers →
dialogue → storage, knowledge below all), not even inside a function (read from the source)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import REPO as ROOT

ABOVE_DIALOGUE = ("bot.telegram", "bot.reports", "bot.volunteers", "bot.cli")
# Top first: a package may import those after it, never those before it.
LAYERS = ("cli", "telegram", "reports", "volunteers", "dialogue", "storage")


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


def _modules_of(layer: str) -> list[Path]:
    return sorted((ROOT / "bot" / layer).rglob("*.py"))


def test_every_layer_has_modules_to_check() -> None:
    assert all(_modules_of(layer) for layer in LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_no_layer_imports_one_above_it(layer: str) -> None:
    above = tuple(f"bot.{name}" for name in LAYERS[: LAYERS.index(layer)])
    upward = []
    for path in _modules_of(layer):
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        upward += [(path.name, m) for m in imported_modules(path, package)
                   if any(m == a or m.startswith(a + ".") for a in above)]
    assert upward == []


def test_the_knowledge_library_imports_nothing_of_the_bot() -> None:
    found = [(path.name, m) for path in sorted((ROOT / "knowledge").rglob("*.py"))
             for m in imported_modules(path, "knowledge") if m == "bot" or m.startswith("bot.")]
    assert found == []
