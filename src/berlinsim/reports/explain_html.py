"""``berlinsim explain`` as HTML: a fragment to embed in a page, or a standalone page.

The same blocks as the text report (:mod:`._explain_blocks`). Every piece of text is
escaped (:func:`html.escape`); no scripts, no external assets. The fragment is one
``<section class="bs-explain">``; its classes (``bs-matrix``, ``bs-best``, ``bs-tree``,
``bs-path``, ``bs-eq``, ``bs-table``) can be styled by the embedding page, and
:data:`STYLE` is a small default style sheet (used by :func:`render_html_page`).

Examples
--------
>>> from berlinsim.analysis.derivation import derive
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enummixed import enummixed_solve
>>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("A<", "B&"),
...                                  actions=(("x", "y"), ("x", "y")), title="<b>Coordination</b>")
>>> fragment = render_html(derive(g, enummixed_solve(g)))
>>> fragment.startswith('<section class="bs-explain">'), "<b>" in fragment, "&lt;b&gt;Coordination" in fragment
(True, False, True)
"""

from __future__ import annotations

from html import escape
from typing import Any, Sequence

from berlinsim.model.derivation_result import Derivation, MatrixView, TreeView
from berlinsim.reports import _explain_blocks as eb
from berlinsim.reports.explain_text import matrix_slices, node_text
from berlinsim.reports.number_format import format_probability, format_value

__all__ = ["STYLE", "render_html", "render_html_page"]

STYLE = """
.bs-explain { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 60rem; }
.bs-explain table { border-collapse: collapse; margin: 0.6em 0; }
.bs-explain th, .bs-explain td { border-bottom: 1px solid #ccc; padding: 0.15em 0.6em; text-align: left; }
.bs-explain td.num, .bs-explain th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bs-matrix td { text-align: center; border: 1px solid #999; }
.bs-best { font-weight: bold; }
.bs-eq { font-family: ui-monospace, monospace; margin: 0.5em 0 0.5em 1.5em; }
.bs-tree, .bs-tree ul { list-style: none; padding-left: 1.2em; }
.bs-tree { font-family: ui-monospace, monospace; font-size: 0.92em; }
.bs-path { font-weight: bold; }
""".strip()


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _matrix(view: MatrixView) -> list[str]:
    out: list[str] = []
    for caption, columns, rows in matrix_slices(view):
        out.append('<table class="bs-matrix">')
        title = f"{view.players[0]} (rows)" + (f", {view.players[1]} (columns)" if len(view.players) > 1 else "")
        out.append(f"<caption>{_e(title + ('; when ' + caption if caption else ''))}</caption>")
        out.append("<tr><th scope=\"col\"></th>" + "".join(f'<th scope="col">{_e(c)}</th>' for c in columns) + "</tr>")
        for action, row in zip(view.actions[0], rows):
            cells = []
            for k in row:
                parts = [f'<span class="bs-best">{_e(format_value(u))}*</span>' if b else _e(format_value(u))
                         for u, b in zip(view.payoffs[k], view.best[k])]
                cells.append(f'<td title="{_e(view.outcomes[k])}">' + ", ".join(parts) + "</td>")
            out.append(f'<tr><th scope="row">{_e(action)}</th>' + "".join(cells) + "</tr>")
        out.append("</table>")
    return out


def _tree(view: TreeView) -> list[str]:
    if view.too_large:
        return [f"<p>(a tree of {view.num_nodes} nodes is not drawn)</p>"]
    children: dict[int, list[Any]] = {}
    for node in view.nodes:
        children.setdefault(node.parent, []).append(node)

    def item(node: Any) -> str:
        if node.parent < 0:
            text = _e(node_text(node))
        else:
            prob = f" [{_e(format_probability(node.probability))}]" if node.probability is not None and \
                node.probability > 0 else ""
            arrow = "\u21d2" if node.on_path else "\u2192"
            text = f"{_e(node.action)}{prob} {arrow} {_e(node_text(node))}"
            if node.on_path:
                text = f'<span class="bs-path">{text}</span>'
        kids = children.get(node.node, [])
        inner = "<ul>" + "".join(item(k) for k in kids) + "</ul>" if kids else ""
        return f"<li>{text}{inner}</li>"

    roots = children.get(-1, [])
    return ['<ul class="bs-tree">' + "".join(item(r) for r in roots) + "</ul>"]


def _table(block: Any) -> list[str]:
    right = set(block.right)
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if c in right else ""}>{_e(h)}</th>' for c, h in enumerate(block.header))
    out = ['<table class="bs-table">', f"<tr>{head}</tr>"]
    for row in block.rows:
        out.append("<tr>" + "".join(f'<td{num if c in right else ""}>{_e(x)}</td>' for c, x in enumerate(row)) + "</tr>")
    return out + ["</table>"]


def _body(blocks: Sequence[Any], offset: int) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, eb.Heading):
            level = min(6, block.level + offset)
            out.append(f"<h{level}>{_e(block.text)}</h{level}>")
        elif isinstance(block, eb.Para):
            out.append(f"<p>{_e(block.text)}</p>")
        elif isinstance(block, eb.Items):
            out.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in block.lines) + "</ul>")
        elif isinstance(block, eb.Table):
            out += _table(block)
        elif isinstance(block, eb.Math):
            rows = "<br>".join((f"{_e(label)}: " if label else "") + _e(expr) for label, expr in block.rows)
            out.append(f'<div class="bs-eq">{rows}</div>')
        elif isinstance(block, eb.MatrixBlock):
            out += _matrix(block.view)
        elif isinstance(block, eb.TreeBlock):
            out += _tree(block.view)
        else:
            out.append(f"<pre>{_e(block.text)}</pre>")
    return out


def render_html(derivation: Derivation, *, heading_offset: int = 1) -> str:
    """The derivation as an HTML fragment (one ``<section>``); level-1 headings become ``<h{1 + offset}>``."""
    return '<section class="bs-explain">\n' + "\n".join(_body(eb.build(derivation), heading_offset)) + "\n</section>\n"


def render_html_page(derivation: Derivation) -> str:
    """A standalone HTML page around :func:`render_html` (inline style, no external assets)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_e(derivation.title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
            + render_html(derivation, heading_offset=0) + "</body>\n</html>\n")
