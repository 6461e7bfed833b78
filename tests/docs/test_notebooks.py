"""Every notebook in docs/ runs, in a scratch copy of scenarios/ and seeds/.

With nbclient, nbformat and ipykernel installed the notebook is executed by a Jupyter kernel.
Without them its code cells are run in order in one namespace, as a script; the value of a
cell's last expression is displayed as a notebook would (its ``_repr_html_`` and
``_repr_markdown_`` are called), so the display path is exercised either way.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "docs").glob("*.ipynb"))
JUPYTER = all(importlib.util.find_spec(name) is not None for name in ("nbclient", "nbformat", "ipykernel"))


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("scenarios", "seeds"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def run_as_script(path: Path) -> list[object]:
    """Run the code cells in one namespace; returns each cell's displayed value (None if none)."""
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    shown = []
    for k, source in enumerate(code_cells(path)):
        tree = ast.parse(source, filename=f"{path.name}[{k}]")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"{path.name}[{k}]", "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), f"{path.name}[{k}]", "eval"), namespace) if last else None
        for method in ("_repr_html_", "_repr_markdown_"):
            if hasattr(value, method):
                assert isinstance(getattr(value, method)(), str)
        shown.append(value)
    return shown


def test_there_is_an_example_notebook():
    assert NOTEBOOKS, "docs/ holds at least one notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, workspace: Path):
    pytest.importorskip("pandas")  # the notebooks show frames
    if JUPYTER:
        import nbclient
        import nbformat

        notebook = nbformat.read(path, as_version=4)
        nbclient.NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(workspace)}}).execute()
        return
    shown = run_as_script(path)
    assert any(hasattr(value, "_repr_html_") for value in shown), "the notebook displays a result"
