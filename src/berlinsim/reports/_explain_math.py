"""Display equations for ``berlinsim explain`` (private helper of the explain blocks).

:class:`Math` is the block of display equations the renderers write (text: aligned lines;
LaTeX: ``align*``; HTML: a ``div``); :func:`expression` writes a linear expression in plain
ASCII math, collected, zero terms dropped.

Examples
--------
>>> from fractions import Fraction as F
>>> expression([(F(0), "q"), (F(-10), "(1 - q)")])
'-10(1 - q)'
>>> expression([(F(10), "q")], F(-10)), expression([(F(1, 3), "q1"), (F(-1), "q2")]), expression([(F(0), "q")])
('-10 + 10q', '(1/3)q1 - q2', '0')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from berlinsim.reports.number_format import format_probability, format_value

__all__ = ["Math", "eq", "expression"]


@dataclass(frozen=True, slots=True)
class Math:
    """Display equations: ``(label, expression)`` rows; expressions in plain ASCII math."""

    rows: tuple[tuple[str, str], ...]


def _term(c: Any, var: str, fmt: Callable[[Any], str]) -> str:
    """``|c|`` times ``var``: ``3q``, ``q``, ``(9/4)q``, ``10(1 - q)``."""
    size = abs(c)
    if size == 1:
        return var
    text = fmt(size)
    return (f"({text})" if "/" in text or "e" in text or "\u2248" in text else text) + var


def expression(terms: Sequence[tuple[Any, str]], constant: Any = 0, *, fractions: bool = False) -> str:
    """``constant + sum c * var`` in ASCII math, zero terms dropped (``0`` when nothing is left).

    Numbers as payoffs are written (``0.5``), or with ``fractions`` as probabilities are (``1/2``).

    >>> from fractions import Fraction as F
    >>> expression([(F(-19, 20), "f")], F(1)), expression([(F(-19, 20), "f")], F(1), fractions=True)
    ('1 - 0.95f', '1 - (19/20)f')
    """
    fmt = format_probability if fractions else format_value
    out = fmt(constant) if constant != 0 else ""
    for c, var in terms:
        if c == 0:
            continue
        if not out:
            out = ("-" if c < 0 else "") + _term(c, var, fmt)
        else:
            out += (" - " if c < 0 else " + ") + _term(c, var, fmt)
    return out or "0"


def eq(value: Any) -> str:
    """``= value`` as a probability, or ``≈ value`` when the number is shown rounded.

    >>> from fractions import Fraction as F
    >>> eq(F(1, 3)), eq(F(310280, 930911))
    ('= 1/3', '≈ 0.333308')
    """
    text = format_probability(value)
    return f"\u2248 {text[1:]}" if text.startswith("\u2248") else f"= {text}"
