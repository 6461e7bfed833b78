"""Imports point one way: model -> solvers -> scenarios -> analysis -> reports/plots -> cli.

Checked on the source text (ast), so a layer crossed the wrong way fails here rather than in
review. Imports under ``if TYPE_CHECKING:`` are annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "berlinsim"

#: package -> the berlinsim packages it may import (besides itself)
ALLOWED = {
    "errors": set(),
    "limits": {"errors"},  # every limit, stated once, beside errors at the bottom
    "model": {"limits", "errors"},
    "solvers": {"model", "limits", "errors"},
    "io": {"model", "limits", "errors"},
    "scenarios": {"model", "solvers", "io", "limits", "errors"},
    "analysis": {"model", "solvers", "scenarios", "io", "limits", "errors"},
    "reports": {"model", "limits", "errors"},
    "plots": {"model", "limits", "errors"},
}

#: (file, imported package): explicit exceptions, each with its reason.
EXCEPTIONS = {
    # the scenario validator checks `solve.method` against the method *table* (data: names and
    # descriptions); no solver module, and so no scipy, is imported by that.
    ("io/_scenario_variants.py", "solvers"),
}


def _layer(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(tree: ast.AST):
    """Yield (line, target package) for every berlinsim import outside TYPE_CHECKING blocks."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "berlinsim" and len(parts) > 1:
                yield node.lineno, parts[1]


FILES = sorted(p for p in SRC.rglob("*.py") if _layer(p) in ALLOWED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path: Path) -> None:
    layer = _layer(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = [
        f"{path.relative_to(SRC)}:{line}: {layer} imports berlinsim.{target}"
        for line, target in _imports(tree)
        if target != layer and target not in ALLOWED[layer]
        and (str(path.relative_to(SRC)), target) not in EXCEPTIONS
    ]
    assert not wrong, "\n".join(wrong)


def test_plots_is_the_only_matplotlib_importer() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if _layer(path) == "plots":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n.split(".")[0] == "matplotlib" for n in names):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not offenders, offenders
