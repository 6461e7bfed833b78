"""The layer rules: import-linter's contracts (``[tool.importlinter]`` in pyproject.toml), and the one it cannot say.

The contracts say that imports point down (cli -> reports | plots -> analysis -> scenarios ->
solvers | io -> model -> errors, every subpackage in a layer), that reports and plots call nothing
that computes, and which layers may import matplotlib, YAML and tqdm; import-linter counts
imports inside functions too. What it cannot tell apart is a module-level import from one
inside a function: that matplotlib is imported only inside the drawing functions is checked
here on the source text.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "berlinsim"


def test_import_linter_contracts_are_kept() -> None:
    code = ("from importlinter.cli import lint_imports\n"
            "raise SystemExit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def _module_level_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, module) of the imports that run when the module is imported (not inside a def)."""
    found, stack = [], list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        stack.extend(ast.iter_child_nodes(node))
    return found


def test_matplotlib_is_imported_only_inside_drawing_functions() -> None:
    offenders = [f"{path.relative_to(SRC)}:{line}: import {name}"
                 for path in sorted(SRC.rglob("*.py"))
                 for line, name in _module_level_imports(ast.parse(path.read_text(encoding="utf-8")))
                 if name.split(".")[0] == "matplotlib"]
    assert not offenders, "\n".join(offenders)


def test_the_module_level_check_sees_nested_blocks_and_skips_functions() -> None:
    tree = ast.parse("import a\nif x:\n    try:\n        from b import c\n    except E:\n        pass\n"
                     "def f():\n    import d\nclass K:\n    import e\n")
    assert sorted(name for _, name in _module_level_imports(tree)) == ["a", "b", "e"]
