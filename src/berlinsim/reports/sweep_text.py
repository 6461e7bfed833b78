"""A sweep in words: its equilibrium regions along the axis, or their extents over two axes.

:func:`format_summary` writes what ``berlinsim sweep`` prints of a
:class:`~berlinsim.model.sweep_result.SweepResult`: the axes and the method, then along one
axis each run of points with the same supports (the actions used; probabilities may move
within a run) and its parameter interval, or over two axes each region's extent and number of
points, then how the points were solved.

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.sweep_result import SweepAxis, SweepResult
>>> r = SweepResult(scenario_id="toy", title="A toy", axes=(SweepAxis(name="p", values=[0.0, 0.5, 1.0]),),
...     players=("A", "B"), regions=(("A: x; B: y",), ("A: z; B: w",)), region_index=[0, 0, 1],
...     num_equilibria=[1, 1, 1], equilibrium_payoffs=np.zeros((3, 1, 2)),
...     strategy_columns=(("A", "", "x"), ("A", "", "z"), ("B", "", "y"), ("B", "", "w")),
...     strategies=np.tile([1.0, 0.0, 1.0, 0.0], (3, 1)), outcome_labels=("x / y",),
...     outcome_probabilities=np.ones((3, 1)), attribute_names=(), expected_attributes=np.zeros((3, 0)),
...     degenerate=[False, False, False], method="enummixed")
>>> print(format_summary(r))
Sweep of A toy [toy]
  p from 0 to 1 (3 points); method enummixed
<BLANKLINE>
Equilibria along p (mixed strategies: probabilities at the first point of the run):
  0 <= p <= 0.5  A: x; B: y
  p = 1          A: z; B: w
<BLANKLINE>
3 points; 0 solved in batch, 3 one by one.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["format_summary", "support_label"]


def _number(x: float) -> str:
    return f"{x:.6g}"


def support_label(label: str) -> str:
    """An equilibrium label without its probabilities: which actions are used.

    >>> support_label("US: F 0.617, K 0.383; UK: S")
    'US: F, K; UK: S'
    """
    return re.sub(r" -?\d+(\.\d+)?(e-?\d+)?(?=\s*[,;/]|$)", "", label)


def _signature(labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(support_label(x) for x in labels))


def format_summary(result: Any, seconds: float | None = None) -> str:
    """The readable summary of a sweep: its regions in order along the axis (or their extents)."""
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
        name = result.axes[0].name
        lines.append(f"Equilibria along {name} (mixed strategies: probabilities at the first point of the run):")
        runs: list[list[Any]] = []
        for labels, lo, hi in result.intervals():
            if runs and _signature(runs[-1][0]) == _signature(labels):
                runs[-1][2] = hi  # the same supports, probabilities moving with the parameter
            else:
                runs.append([labels, lo, hi])
        rows = [(f"{name} = {_number(lo)}" if lo == hi else f"{_number(lo)} <= {name} <= {_number(hi)}", labels)
                for labels, lo, hi in runs]
        width = max(len(where) for where, _ in rows)
        for where, labels in rows:
            count = f"{len(labels)} equilibria: " if len(labels) > 1 else ""
            lines.append(f"  {where.ljust(width)}  {count}{' | '.join(labels)}")
    else:
        import numpy as np

        (a, b) = result.axes
        lines.append(f"Equilibrium regions over {a.name} x {b.name} (by the actions used; mixed probabilities vary):")
        groups: dict[tuple[str, ...], list[int]] = {}
        for k, labels in enumerate(result.regions):
            groups.setdefault(_signature(labels), []).append(k)
        for signature, members in groups.items():
            where = np.argwhere(np.isin(result.region_index, members))
            lo, hi = where.min(axis=0), where.max(axis=0)
            lines.append(f"  {len(where)} points, {a.name} {_number(a.values[lo[0]])}..{_number(a.values[hi[0]])}, "
                         f"{b.name} {_number(b.values[lo[1]])}..{_number(b.values[hi[1]])}: {' | '.join(signature)}")
    degenerate = int(result.degenerate.sum())
    size = int(result.region_index.size)
    batched = int(result.batched.sum()) if result.batched is not None else 0
    lines.append("")
    tail = f"{size} points; {batched} solved in batch, {size - batched} one by one"
    if degenerate:
        tail += f"; {degenerate} degenerate (extreme equilibria listed)"
    if seconds is not None:
        tail += f"; {seconds:.2f} s"
    lines.append(tail + ".")
    return "\n".join(lines)
