"""``berlinsim explain`` as plain text or Markdown.

The content is built once (:mod:`._explain_blocks`) from a
:class:`~berlinsim.model.derivation_result.Derivation`; this module writes it as text (aligned
tables, the matrix with ``*`` on best responses, the tree indented) or as Markdown (pipe
tables, equations and the tree in fenced blocks, Markdown specials escaped).

Examples
--------
>>> from berlinsim.analysis.derivation import derive
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enummixed import enummixed_solve
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"),
...                                   actions=(("C", "D"), ("C", "D")), title="Prisoner's dilemma")
>>> text = render_explanation(derive(pd, enummixed_solve(pd)))
>>> print(text[text.index("Row drops"):].splitlines()[0])
Row drops C, dominated by D
>>> print("\\n".join(matrix_lines(derive(pd, enummixed_solve(pd)).matrix)))
      Col
Row       C        D
C      3, 3    0, 5*
D     5*, 0   1*, 1*
"""

from __future__ import annotations

import itertools
from typing import Any, Sequence

from berlinsim.model.derivation_result import Derivation, MatrixView, TreeView
from berlinsim.reports import _explain_blocks as eb
from berlinsim.reports.blocks import to_text
from berlinsim.reports.number_format import format_probability, format_value

__all__ = ["matrix_lines", "matrix_slices", "matrix_tables", "md_escape", "node_text", "render_explanation", "tree_lines"]

FORMATS = ("text", "markdown")


def _cell(view: MatrixView, k: int, mark: str = "*") -> list[str]:
    return [format_value(u) + (mark if best else "") for u, best in zip(view.payoffs[k], view.best[k])]


def matrix_slices(view: MatrixView) -> list[tuple[str, list[str], list[list[int]]]]:
    """One table per profile of players 3, 4, ...: (caption, column labels, cell indices per row and column).

    Rows are the first player's actions, columns the second's (one column, ``payoff``, for a
    one-player game); each entry is the cell's position in :attr:`MatrixView.cells`.
    """
    n = len(view.players)
    if n == 1:
        return [("", ["payoff"], [[k] for k in range(len(view.cells))])]
    tables = []
    for rest in itertools.product(*(range(len(view.actions[j])) for j in range(2, n))):
        caption = ", ".join(f"{view.players[j]} plays {view.actions[j][a]}" for j, a in zip(range(2, n), rest))
        rows = [[view.cell_index((r, c, *rest)) for c in range(len(view.actions[1]))]
                for r in range(len(view.actions[0]))]
        tables.append((caption, list(view.actions[1]), rows))
    return tables


def matrix_tables(view: MatrixView, mark: str = "*") -> list[tuple[str, list[str], list[list[list[str]]]]]:
    """:func:`matrix_slices` with each cell as its players' payoff texts (``mark`` after a best response)."""
    return [(caption, columns, [[_cell(view, k, mark) for k in row] for row in rows])
            for caption, columns, rows in matrix_slices(view)]


def matrix_lines(view: MatrixView) -> list[str]:
    """The matrix as aligned text; ``*`` after a payoff marks that player's best response."""
    lines: list[str] = []
    for caption, columns, rows in matrix_tables(view):
        if caption:
            lines += ["" if lines else "", f"when {caption}:"] if lines else [f"when {caption}:"]
        if len(view.players) == 1:
            width = max(len(a) for a in view.actions[0])
            lines += [f"{view.players[0]}"] + [f"{a.ljust(width)}   {row[0][0]}" for a, row in zip(view.actions[0], rows)]
            continue
        # each player's part padded per column, so the commas line up
        texts = [[", ".join(part.rjust(max(len(rows[r][c][i]) for r in range(len(rows))))
                            for i, part in enumerate(rows[r][c])) for c in range(len(columns))] for r in range(len(rows))]
        first = max(len(x) for x in [view.players[0], *view.actions[0]])
        widths = [max(len(columns[c]), *(len(texts[r][c]) for r in range(len(rows)))) for c in range(len(columns))]
        lines.append(" " * (first + 3) + view.players[1])
        lines.append((view.players[0].ljust(first) + "".join("   " + columns[c].rjust(widths[c])
                                                              for c in range(len(columns)))).rstrip())
        for r, action in enumerate(view.actions[0]):
            lines.append(action.ljust(first) + "".join("   " + texts[r][c].rjust(widths[c]) for c in range(len(columns))))
    return lines


def node_text(node: Any) -> str:
    """What a tree node is: the mover (and the place), chance, or the payoffs and outcome."""
    if node.kind == "decision":
        return node.player + (f" ({node.where})" if node.where else "") + (" [cannot tell apart]" if node.shared else "")
    if node.kind == "chance":
        return "chance"
    outcome = f" ({node.outcome})" if node.outcome else ""
    return "payoffs " + ", ".join(format_value(v) for v in node.payoffs) + outcome


def tree_lines(view: TreeView) -> list[str]:
    """The tree as indented text: one move per line, ``=>`` on the path of equilibrium 1."""
    if view.too_large:
        return [f"(a tree of {view.num_nodes} nodes is not drawn)"]
    lines = []
    for node in view.nodes:
        if node.parent < 0:
            lines.append(node_text(node))
            continue
        shown = f" [{format_probability(node.probability)}]" if node.probability is not None and (
            node.probability > 0) else ""
        arrow = "=>" if node.on_path else "->"
        lines.append(f"{'  ' * node.depth}{node.action}{shown} {arrow} {node_text(node)}")
    return lines


def _plain(blocks: Sequence[Any]) -> list[Any]:
    """Blocks the scenario report writer knows: equations, matrices and trees as preformatted text."""
    out = []
    for block in blocks:
        if isinstance(block, eb.Math):
            width = max((len(label) for label, _ in block.rows), default=0)
            out.append(eb.Pre("\n".join((f"{label.ljust(width)}   " if width else "") + expr
                                        for label, expr in block.rows)))
        elif isinstance(block, eb.MatrixBlock):
            out.append(eb.Pre("\n".join(matrix_lines(block.view))))
        elif isinstance(block, eb.TreeBlock):
            out.append(eb.Pre("\n".join(tree_lines(block.view))))
        else:
            out.append(block)
    return out


_MD_SPECIAL = "\\`*_[]<>|#"


def md_escape(text: str) -> str:
    r"""Text with Markdown's special characters escaped (``*`` -> ``\*``).

    >>> md_escape("a*b_c|d")
    'a\\*b\\_c\\|d'
    """
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    cell = lambda t: md_escape(t) or " "  # noqa: E731
    out = ["| " + " | ".join(cell(h) for h in header) + " |",
           "|" + "|".join("---:" if c in right else "---" for c in range(len(header))) + "|"]
    out += ["| " + " | ".join(cell(x) for x in row) + " |" for row in rows]
    return out + [""]


def _markdown(blocks: Sequence[Any]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, eb.Heading):
            out += ["#" * block.level + " " + md_escape(block.text), ""]
        elif isinstance(block, eb.Para):
            out += [md_escape(block.text), ""]
        elif isinstance(block, eb.Table):
            out += _md_table(block.header, block.rows, block.right)
        elif isinstance(block, eb.Items):
            out += [f"- {md_escape(line)}" for line in block.lines] + [""]
        elif isinstance(block, eb.MatrixBlock):
            view = block.view
            for caption, columns, rows in matrix_tables(view):
                if caption:
                    out += [md_escape(f"When {caption}:"), ""]
                corner = view.players[0] if len(view.players) == 1 else f"{view.players[0]} \\ {view.players[1]}"
                out += _md_table([corner, *columns],
                                 [[a, *(", ".join(c) for c in row)] for a, row in zip(view.actions[0], rows)],
                                 right=tuple(range(1, len(columns) + 1)))
        else:  # Pre, Math and trees: a fenced block
            out += ["```text", _plain([block])[0].text, "```", ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def render_explanation(derivation: Derivation, fmt: str = "text") -> str:
    """The derivation as ``"text"`` or ``"markdown"``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (text or markdown)")
    blocks = eb.build(derivation)
    if fmt == "markdown":
        return _markdown(blocks)
    return to_text(_plain(blocks)) + "\n"
