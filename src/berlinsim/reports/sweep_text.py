"""A sweep in words: its equilibrium regions along the axis, or where each lies over two axes.

:func:`format_summary` writes what ``berlinsim sweep`` prints of a
:class:`~berlinsim.model.sweep_result.SweepResult`: the axes and the method, then along one
axis each interval of one region (points whose equilibria use the same actions where play goes;
probabilities may move within it), named by those supports, and where an equilibrium mixes the
labels of the equilibria at the interval's first point (their probabilities); over two axes each
region with its number of points and where it lies (its cells, column by column); then how the
points were solved. Regions are numbered as in the exports (``sweep --out``: the ``region``
column) and named as in the plots and the report.

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.sweep_result import SweepAxis, SweepResult
>>> r = SweepResult(scenario_id="toy", title="A toy", axes=(SweepAxis(name="p", values=[0.0, 0.5, 1.0]),),
...     players=("A", "B"), strategy_columns=(("A", "", "x"), ("A", "", "z"), ("B", "", "y")),
...     outcome_labels=(), attribute_names=(), num_equilibria=[1, 1, 1],
...     labels=("A: x; B: y", "A: z; B: y"), label_index=[[0], [0], [1]],
...     supports=("A: x; B: y", "A: z; B: y"), support_index=[[0], [0], [1]],
...     regions=(("A: x; B: y",), ("A: z; B: y",)), region_index=[0, 0, 1],
...     equilibrium_payoffs=np.zeros((3, 1, 2)), equilibrium_strategies=[[[1, 0, 1]], [[1, 0, 1]], [[0, 1, 1]]],
...     equilibrium_outcomes=np.zeros((3, 1, 0)), equilibrium_attributes=np.zeros((3, 1, 0)),
...     degenerate=[False, False, False], method="enummixed")
>>> print(format_summary(r))
Sweep of A toy [toy]
  p from 0 to 1 (3 points); method enummixed
<BLANKLINE>
Equilibrium regions along p (a region: the actions each equilibrium uses where play goes; where one mixes, the equilibria's labels at the first point of the interval):
  0 <= p <= 0.5  region 1: A: x; B: y
  p = 1          region 2: A: z; B: y
<BLANKLINE>
3 points; 0 solved in batch, 3 one by one.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from berlinsim.model.sweep_result import NO_EQUILIBRIUM

__all__ = ["EXTENT_LINES", "format_summary", "region_extent", "support_label"]

#: Most lines of a 2-D region's extent shown (the exports list every cell).
EXTENT_LINES = 4


def _number(x: float) -> str:
    return f"{x:.6g}"


def _span(values: np.ndarray, first: int, last: int) -> str:
    return _number(values[first]) if first == last else f"{_number(values[first])}..{_number(values[last])}"


def support_label(label: str) -> str:
    """A label without its probabilities: which actions are used (a sweep's regions are already named
    so: :attr:`~berlinsim.model.sweep_result.SweepResult.regions` hold supports).

    >>> support_label("US: F 0.617, K 0.383; UK: S")
    'US: F, K; UK: S'
    """
    return re.sub(r" -?\d+(\.\d+)?(e-?\d+)?(?=\s*[,;/]|$)", "", label)


def _mixes(result: Any, index: int) -> bool:
    """Whether an equilibrium at ``index`` plays some action with a probability strictly between 0 and 1."""
    strategies = result.equilibrium_strategies[index][: int(result.num_equilibria[index])]
    rounded = np.round(strategies, 6)
    return bool(((rounded > 0) & (rounded < 1)).any())


def region_extent(result: Any, region: int, *, limit: int | None = EXTENT_LINES) -> list[str]:
    """Where a region of a 2-D sweep lies: for runs of first-axis values with the same cells along the
    second axis, ``"a 0..2.5: b 0..2"`` (intervals of grid values, both ends included); at most
    ``limit`` lines, then how many more."""
    a, b = result.axes
    rows: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []
    for i in range(len(a)):  # row by row: no list of every cell (a streamed sweep may have 10^8)
        where = np.flatnonzero(result.region_index[i] == region)
        if not where.size:
            continue
        breaks = np.flatnonzero(np.diff(where) > 1)
        spans = tuple(zip(where[np.r_[0, breaks + 1]].tolist(), where[np.r_[breaks, where.size - 1]].tolist()))
        if rows and rows[-1][2] == spans and rows[-1][1] == i - 1:
            rows[-1] = (rows[-1][0], i, spans)
        else:
            rows.append((i, i, spans))
    lines = [f"{a.name} {_span(a.values, lo, hi)}: {b.name} " + ", ".join(_span(b.values, s, t) for s, t in spans)
             for lo, hi, spans in rows]
    if limit is not None and len(lines) > limit:
        more = len(lines) - limit
        lines = lines[:limit] + [f"... and {more} more line{'s' if more > 1 else ''} (--out FILE.json lists every cell)"]
    return lines


def format_summary(result: Any, seconds: float | None = None) -> str:
    """The readable summary of a sweep: its regions in order along the axis (or where they lie)."""
    axes = " x ".join(f"{a.name} from {_number(a.values[0])} to {_number(a.values[-1])} ({len(a)} points)"
                      for a in result.axes)
    lines = [f"Sweep of {result.title} [{result.scenario_id}]", f"  {axes}; method {result.method}"]
    if result.between:
        lines.append(f"  t interpolates every parameter from variant {result.between[0]!r} (t = 0) "
                     f"to {result.between[1]!r} (t = 1)")
    elif result.variant:
        lines.append(f"  other parameters: variant {result.variant!r}")
    lines.append("")
    if len(result.axes) == 1:
        name, values = result.axes[0].name, result.axes[0].values
        lines.append(f"Equilibrium regions along {name} (a region: the actions each equilibrium uses where play "
                     "goes; where one mixes, the equilibria's labels at the first point of the interval):")
        rows = []
        for region, first, last in result.runs():
            lo, hi = values[first], values[last]
            where = f"{name} = {_number(lo)}" if first == last else f"{_number(lo)} <= {name} <= {_number(hi)}"
            count, kinds = int(result.num_equilibria[first]), len(result.regions[region])
            several = f"{count} equilibria: " if count > 1 else ""
            if count > kinds > 0:  # some differ only off the path
                several = f"{count} equilibria, {kinds} different where play goes: "
            rows.append((where, f"region {region + 1}: {several}{result.region_name(region)}"))
            if _mixes(result, first):
                rows.append(("", f"  at {name} = {_number(lo)}: {' | '.join(result.labels_at(first))}"))
        width = max(len(where) for where, _ in rows)
        lines += [f"  {where.ljust(width)}  {text}" for where, text in rows]
    else:
        a, b = result.axes
        lines.append(f"Regions over {a.name} x {b.name} (a region: the same actions used where play goes, "
                     "whatever the mixed probabilities):")
        for region in range(len(result.regions)):
            points = int((result.region_index == region).sum())
            lines.append(f"  region {region + 1}, {points} point{'s' if points != 1 else ''}: "
                         f"{result.region_name(region)}")
            lines += [f"      {line}" for line in region_extent(result, region)]
    degenerate = int(result.degenerate.sum())
    size = int(np.prod([len(axis) for axis in result.axes]))
    batched = int(result.batched.sum()) if result.batched is not None else 0
    lines.append("")
    tail = f"{size} points; {batched} solved in batch, {size - batched} one by one"
    if degenerate:
        tail += f"; {degenerate} degenerate (extreme equilibria listed)"
    if seconds is not None:
        tail += f"; {seconds:.2f} s"
    lines.append(tail + ".")
    return "\n".join(lines)
