"""The import graph of every berlinsim module has no circle and no upward import.

Built with grimp (the graph import-linter checks its contracts on): every ``import`` statement
counts, at module level, inside functions and under ``if TYPE_CHECKING:``. The layer order is
read from the layers contract in pyproject.toml, so there is one list of layers.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("berlinsim", cache_dir=None)


def _layers() -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Layer name -> height (the bottom is 0; independent siblings share one), and the ignored imports."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    heights = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        heights.update({name.strip(): height for name in layer.split("|")})
    ignored = {tuple(part.strip() for part in line.split("->")) for line in contract.get("ignore_imports", ())}
    return heights, ignored


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circle(graph: grimp.ImportGraph) -> None:
    circles = _circles(graph)
    assert not circles, "\n".join(" <-> ".join(c) for c in circles)


def test_the_circle_finder_finds_a_circle() -> None:
    toy = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")):
        toy.add_import(importer=a, imported=b)
    assert _circles(toy) == [["p.a", "p.b", "p.c"]]


def test_no_upward_import(graph: grimp.ImportGraph) -> None:
    heights, ignored = _layers()

    def layer(module: str) -> str | None:
        parts = module.split(".")
        return parts[1] if len(parts) > 1 else None  # None: the root package (it only holds __version__)

    assert set(heights) | {"__main__"} >= {layer(m) for m in graph.modules} - {None}, "a module outside every layer"
    upward = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            a, b = layer(importer), layer(imported)
            if a == b or a == "__main__" or (importer, imported) in ignored:
                continue
            if a is None or (b is not None and heights[b] >= heights[a]):
                upward.append(f"{importer} -> {imported}")
    assert not upward, "\n".join(upward)


def test_the_graph_counts_imports_inside_functions(graph: grimp.ImportGraph) -> None:
    # cli.solve reads .nfg files with an import inside a function, to keep `berlinsim --help` cheap
    assert "berlinsim.io.nfg" in graph.find_modules_directly_imported_by("berlinsim.cli.solve")
