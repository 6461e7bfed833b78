"""``berlinsim explain`` as a standalone LaTeX document (compiles with pdflatex or lualatex).

The same blocks as the text report (:mod:`._explain_blocks`): matrices as ``tabular`` with
best responses in bold and starred, equations in ``align*``, tables as ``longtable``, small
trees drawn with plain TikZ (the path of equilibrium 1 thick, information sets dashed) and
larger ones as an indented list. Every label is escaped (``_``, ``&``, ``%``, ``$``, ``#``,
braces, ``~``, ``^``, backslash, ``<``, ``>``) and the few non-ASCII characters the reports
use (quotes, ellipsis, approximately-equal) are written as LaTeX commands, so scenario words
cannot break the document. Only standard packages: amsmath, longtable, booktabs, array,
geometry, tikz.

Examples
--------
>>> escape("p_war & 50% of $x#")
'p\\\\_war \\\\& 50\\\\% of \\\\$x\\\\#'
>>> math("0q - 10(1 - q) = 10q - 100(1 - q)")
'0q - 10(1 - q) = 10q - 100(1 - q)'
>>> math("=> q1 = 9/10")
'\\\\;\\\\Rightarrow\\\\; q_{1} = \\\\tfrac{9}{10}'
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from berlinsim.model.derivation_result import Derivation, MatrixView, TreeView
from berlinsim.reports import _explain_blocks as eb
from berlinsim.reports.explain_text import matrix_slices, node_text
from berlinsim.reports.number_format import format_probability, format_value

__all__ = ["escape", "math", "render_latex", "tree_tikz"]

#: Trees with at most this many terminal nodes (and depth) are drawn with TikZ; larger ones are listed.
MAX_TIKZ_LEAVES = 12
MAX_TIKZ_DEPTH = 6

_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
    "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}", '"': "''",
    "\u201c": "``", "\u201d": "''", "\u2018": "`", "\u2019": "'", "\u2026": r"\dots{}", "\u2248": r"$\approx$",
    "\u2013": "--", "\u2014": "---", "\u00b7": r"$\cdot$", "\u2264": r"$\le$", "\u2265": r"$\ge$",
    "\u00a0": "~", "\u21d2": r"$\Rightarrow$", "\u2192": r"$\rightarrow$", "\u2212": "-", "\u00d7": r"$\times$",
}


def escape(text: str) -> str:
    """Text safe for LaTeX's text mode (specials escaped; unknown non-Latin-1 characters become ``?``)."""
    out = []
    text = str(text).replace("=>", "\u21d2").replace("->", "\u2192")
    for k, ch in enumerate(text):
        if ch == '"':  # straight quotes: opening after a space or a bracket, else closing
            out.append("``" if k == 0 or text[k - 1] in " ([{\n" else "''")
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ord(ch) < 128 or ("\u00c0" <= ch <= "\u00ff"):
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


_FRACTION = re.compile(r"(?<![\w.])(\d+)/(\d+)")
_SUBSCRIPT = re.compile(r"(?<![A-Za-z\\])([a-z])(\d+)\b")


def math(expression: str) -> str:
    """An equation of :mod:`._explain_blocks` (plain ASCII math) in LaTeX math mode.

    >>> print(math("0.5 - 0.5p >= 2 - 4p  =>  p >= 3/7"))
    0.5 - 0.5p \\ge 2 - 4p  \\;\\Rightarrow\\;  p \\ge \\tfrac{3}{7}
    """
    text = expression.replace("=>", r"\;\Rightarrow\;").replace(">=", r"\ge").replace("<=", r"\le")
    text = text.replace("\u2248", r"\approx ")
    if text.startswith("-"):  # a leading minus sign, not a binary one after an alignment point
        text = "{-}" + text[1:]
    text = _FRACTION.sub(lambda m: rf"\tfrac{{{m.group(1)}}}{{{m.group(2)}}}", text)
    return _SUBSCRIPT.sub(lambda m: f"{m.group(1)}_{{{m.group(2)}}}", text)


def _payoff(value: Any, best: bool) -> str:
    text = escape(format_value(value))
    return rf"\textbf{{{text}}}$^{{*}}$" if best else text


def _matrix(view: MatrixView) -> list[str]:
    out: list[str] = []
    for caption, columns, rows in matrix_slices(view):
        if caption:
            out.append(rf"\noindent When {escape(caption)}:\par")
        corner = escape(view.players[0]) if len(view.players) == 1 else \
            rf"{escape(view.players[0])} $\backslash$ {escape(view.players[1])}"
        out.append(r"\begin{center}")
        out.append(r"\begin{tabular}{l|" + "c" * len(columns) + "}")
        out.append(corner + " & " + " & ".join(rf"\textit{{{escape(c)}}}" for c in columns) + r" \\ \hline")
        for action, row in zip(view.actions[0], rows):
            cells = [", ".join(_payoff(u, b) for u, b in zip(view.payoffs[k], view.best[k])) for k in row]
            out.append(rf"\textit{{{escape(action)}}} & " + " & ".join(cells) + r" \\")
        out += [r"\end{tabular}", r"\end{center}"]
    return out


def tree_tikz(view: TreeView) -> list[str]:
    """A small tree as a TikZ picture: leaves spread evenly, parents above the middle of their children."""
    children: dict[int, list[int]] = {}
    for node in view.nodes:
        if node.parent >= 0:
            children.setdefault(node.parent, []).append(node.node)
    x: dict[int, float] = {}
    leaves = 0
    for node in view.nodes:  # leaves left to right in preorder
        if node.node not in children:
            x[node.node] = leaves
            leaves += 1
    for node in sorted(view.nodes, key=lambda n: -n.node):  # children before parents (preorder reversed)
        kids = children.get(node.node)
        if kids:
            x[node.node] = sum(x[k] for k in kids) / len(kids)
    width = 2.6 if leaves <= 6 else 1.9
    out = [r"\begin{center}", r"\begin{tikzpicture}[x=%scm,y=2.1cm,font=\footnotesize]" % width]
    for node in view.nodes:
        if node.kind == "decision":
            label = escape(node.player)
            style = "draw,circle,fill=black,inner sep=1.5pt"
        elif node.kind == "chance":
            label = "chance"
            style = "draw,circle,inner sep=1.5pt"
        else:
            label = "(" + ", ".join(escape(format_value(v)) for v in node.payoffs) + ")"
            style = "inner sep=1pt"
        where = "below" if node.kind == "terminal" else "above"
        out.append(rf"\node[{style}] (n{node.node}) at ({x[node.node]:.3f},{-node.depth}) {{}};")
        out.append(rf"\node[{where}=1pt of n{node.node}, align=center] {{{label}}};")
    for node in view.nodes:
        if node.parent < 0:
            continue
        prob = f" [{escape(format_probability(node.probability))}]" if node.probability is not None and \
            node.probability > 0 else ""
        thick = "very thick" if node.on_path else "thin"
        out.append(rf"\draw[{thick}] (n{node.parent}) -- node[sloped, above, font=\scriptsize] "
                   rf"{{{escape(node.action)}{prob}}} (n{node.node});")
    groups: dict[tuple[str, str], list[int]] = {}
    for node in view.nodes:
        if node.kind == "decision" and node.shared:
            groups.setdefault((node.player, node.where), []).append(node.node)
    for members in groups.values():
        for a, b in zip(members, members[1:]):
            out.append(rf"\draw[dashed] (n{a}) -- (n{b});")
    out += [r"\end{tikzpicture}", r"\end{center}"]
    if groups:
        out.append(r"\noindent Dashed lines join nodes the mover cannot tell apart.\par")
    return out


def _tree(view: TreeView) -> list[str]:
    if view.too_large:
        return [rf"\noindent (a tree of {view.num_nodes} nodes is not drawn)\par"]
    leaves = sum(1 for n in view.nodes if n.kind == "terminal")
    depth = max((n.depth for n in view.nodes), default=0)
    if leaves <= MAX_TIKZ_LEAVES and depth <= MAX_TIKZ_DEPTH:
        return tree_tikz(view)
    out = [r"\begin{flushleft}\footnotesize"]
    for node in view.nodes:
        if node.parent < 0:
            out.append(escape(node_text(node)) + r"\\")
            continue
        prob = f" [{escape(format_probability(node.probability))}]" if node.probability is not None and \
            node.probability > 0 else ""
        arrow = r"$\Rightarrow$" if node.on_path else r"$\rightarrow$"
        text = rf"{escape(node.action)}{prob} {arrow} {escape(node_text(node))}"
        out.append(rf"\hspace*{{{1.2 * node.depth:.1f}em}}" + (rf"\textbf{{{text}}}" if node.on_path else text) + r"\\")
    return out + [r"\end{flushleft}"]


def _table(block: Any) -> list[str]:
    n = len(block.header)
    widths = [max(len(r[c]) for r in (block.header, *block.rows)) for c in range(n)]
    spec = []
    for c in range(n):
        if widths[c] > 38:
            room = 16.0 - sum(min(w, 38) * 0.2 + 0.4 for w in widths[:c])
            spec.append(r">{\raggedright\arraybackslash}p{%.1fcm}" % min(11.0, max(3.0, room)))
        else:
            spec.append("r" if c in block.right else "l")
    out = [r"\begin{longtable}{" + "".join(spec) + "}", r"\toprule",
           " & ".join(rf"\textbf{{{escape(h)}}}" for h in block.header) + r" \\", r"\midrule", r"\endhead"]
    out += [" & ".join(escape(x) for x in row) + r" \\" for row in block.rows]
    return out + [r"\bottomrule", r"\end{longtable}"]


def _body(blocks: Sequence[Any]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, eb.Heading):
            command = {1: "section*", 2: "subsection*"}.get(block.level, "subsubsection*")
            out.append(rf"\{command}{{{escape(block.text)}}}")
        elif isinstance(block, eb.Para):
            out += [escape(block.text), ""]
        elif isinstance(block, eb.Items):
            out += [r"\begin{itemize}"] + [rf"\item{{}} {escape(line)}" for line in block.lines] + [r"\end{itemize}"]
        elif isinstance(block, eb.Table):
            out += _table(block)
        elif isinstance(block, eb.Math):
            rows = [(rf"\text{{{escape(label)}:}}\quad " if label else "") + "&" + math(expr) for label, expr in block.rows]
            out += [r"\begin{align*}", (r" \\" + "\n").join(rows), r"\end{align*}"]
        elif isinstance(block, eb.MatrixBlock):
            out += _matrix(block.view)
        elif isinstance(block, eb.TreeBlock):
            out += _tree(block.view)
        else:  # Pre
            out += [r"\begin{verbatim}", "".join(ch if ord(ch) < 128 else "?" for ch in block.text), r"\end{verbatim}"]
    return out


def render_latex(derivation: Derivation) -> str:
    """The derivation as a complete LaTeX document."""
    head = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[margin=2cm]{geometry}",
        r"\usepackage{amsmath}",
        r"\usepackage{array}",
        r"\usepackage{booktabs}",
        r"\usepackage{longtable}",
        r"\usepackage{tikz}",
        r"\usetikzlibrary{positioning}",
        r"\setlength{\parindent}{0pt}",
        r"\setlength{\parskip}{0.5em}",
        r"\title{" + escape(derivation.title) + "}",
        r"\date{}",
        r"\begin{document}",
    ]
    return "\n".join(head + _body(eb.build(derivation)) + [r"\end{document}", ""])
