"""Format-neutral report blocks and their plain-text and Markdown writers.

A report is built once as a list of blocks -- :class:`Heading`, :class:`Para`,
:class:`Table`, :class:`Pre` (preformatted text), :class:`Items` (bullets) -- and written
by :func:`to_text` (wrapped at :data:`WIDTH` columns, tables aligned), :func:`to_markdown` or
:func:`to_html` (an escaped fragment, for notebooks), so every format says the same things. The scenario report (:mod:`.scenario_text`), the
dominance steps of ``solve`` (:mod:`.text`) and ``berlinsim explain`` (:mod:`._explain_blocks`)
build these blocks. This module imports nothing from the rest of :mod:`berlinsim.reports`.

Examples
--------
>>> blocks = [Heading(2, "Equilibria"), Para("One equilibrium."), Table(("player", "payoff"), (("US", "1"),), right=(1,))]
>>> print(to_text(blocks))
Equilibria
----------
One equilibrium.
<BLANKLINE>
  player  payoff
  US           1
>>> print(to_markdown(blocks))
## Equilibria
<BLANKLINE>
One equilibrium.
<BLANKLINE>
| player | payoff |
|---|---:|
| US | 1 |
>>> print(to_html([Heading(2, "A < B"), Items(("x",))]))
<h2>A &lt; B</h2>
<ul><li>x</li></ul>
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from typing import Sequence

__all__ = ["Block", "Heading", "Items", "Para", "Pre", "Table", "WIDTH", "to_html", "to_markdown", "to_text"]

WIDTH = 96
"""Columns of the plain-text reports."""

@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[int, ...] = ()  # right-aligned columns


@dataclass(frozen=True, slots=True)
class Pre:
    text: str


@dataclass(frozen=True, slots=True)
class Items:
    lines: tuple[str, ...]


Block = Heading | Para | Table | Pre | Items


def to_text(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            if out and out[-1] != "":
                out.append("")
            out.append(block.text)
            if block.level <= 2:
                out.append(("=" if block.level == 1 else "-") * min(len(block.text), WIDTH))
        elif isinstance(block, Para):
            out += textwrap.wrap(block.text, WIDTH) + [""]
        elif isinstance(block, Table):
            out += _text_table(block) + [""]
        elif isinstance(block, Pre):
            out += ["  " + line if line else "" for line in block.text.splitlines()] + [""]
        else:
            for line in block.lines:
                out += textwrap.wrap(line, WIDTH, initial_indent="  ", subsequent_indent="      ") or [""]
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _text_table(table: Table) -> list[str]:
    """Aligned columns; a last column too wide for the page wraps under itself."""
    rows = [table.header, *table.rows]
    n = len(table.header)
    widths = [max(len(r[c]) for r in rows) for c in range(n)]
    indent = 2 + sum(widths[:-1]) + 2 * (n - 1)
    last = max(WIDTH - indent, 24)
    lines = []
    for r in rows:
        cells = [r[c].rjust(widths[c]) if c in table.right else r[c].ljust(widths[c]) for c in range(n - 1)]
        tail = textwrap.wrap(r[-1], last) if n - 1 not in table.right else [r[-1].rjust(widths[-1])]
        lines.append(("  " + "  ".join([*cells, tail[0] if tail else ""])).rstrip())
        lines += [" " * indent + more for more in tail[1:]]
    return lines


def md_inline(text: str) -> str:
    """``text`` safe in Markdown prose: ``&``, ``<`` and ``>`` as entities, so raw HTML in a title is inert.

    >>> md_inline("<script>x</script> & co")
    '&lt;script&gt;x&lt;/script&gt; &amp; co'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_cell(text: str) -> str:
    return md_inline(text).replace("|", "\\|") or " "


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + md_inline(block.text), ""]
        elif isinstance(block, Para):
            out += [md_inline(block.text), ""]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            out.append("|" + "|".join("---:" if c in block.right else "---" for c in range(len(block.header))) + "|")
            out += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, Pre):
            out += ["```text", block.text, "```", ""]
        else:
            out += [f"- {md_inline(line)}" for line in block.lines] + [""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _html_row(table: Table, cells: tuple[str, ...], tag: str) -> str:
    right = ' style="text-align:right"'
    return "<tr>" + "".join(f"<{tag}{right if c in table.right else ''}>{html.escape(x)}</{tag}>"
                            for c, x in enumerate(cells)) + "</tr>"


def to_html(blocks: Sequence[Block]) -> str:
    """An HTML fragment of ``blocks``: every text escaped, tables as ``<table>``, preformatted text as ``<pre>``."""
    e = html.escape
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 6)
            out.append(f"<h{level}>{e(block.text)}</h{level}>")
        elif isinstance(block, Para):
            out.append(f"<p>{e(block.text)}</p>")
        elif isinstance(block, Table):
            out.append("<table>" + _html_row(block, block.header, "th")
                       + "".join(_html_row(block, r, "td") for r in block.rows) + "</table>")
        elif isinstance(block, Pre):
            out.append(f"<pre>{e(block.text)}</pre>")
        else:
            out.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in block.lines) + "</ul>")
    return "\n".join(out)
