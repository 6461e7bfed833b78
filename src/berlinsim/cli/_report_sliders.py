"""The sliders of ``berlinsim report``: which parameters, over which grid, starting where.

A scenario slides along the sweep its file declares for the report (``sweeps:`` with ``for:``
including ``report``, :meth:`~berlinsim.model.scenario.Scenario.key_sweeps`; the memo's
scenarios declare the sweeps of the figure gallery and of the domain notes); another scenario
along its first parameter with a finite range; ``--vary`` chooses the axes for every scenario.
Grids are exact (:class:`~fractions.Fraction`), so the points are the values a reader would type.

Examples
--------
>>> import argparse
>>> from berlinsim.model.scenario import KeySweep, SweepRange
>>> args = argparse.Namespace(axes=[], grid=3, variant=None)
>>> class Scenario:
...     parameters = ()
...     def key_sweeps(self, use):
...         return (KeySweep(name="prep", axes=(SweepRange(parameter="prep", start=Fraction(0), stop=Fraction(1),
...                                                              points=101),)),)
>>> key_axes(Scenario(), args)
([('prep', (Fraction(0, 1), Fraction(1, 2), Fraction(1, 1)))], None)
>>> nearest((Fraction(0), Fraction(1, 2), Fraction(1)), 0.3)
1
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import Any

from berlinsim.errors import BerlinsimError

__all__ = ["MAX_POINTS", "axis_label", "held", "key_axes", "nearest", "regrid", "t_start"]

#: Largest grid embedded for one scenario.
MAX_POINTS = 10_201


def key_axes(scenario: Any, args: argparse.Namespace) -> tuple[list[tuple[str, tuple[Fraction, ...]]],
                                                                tuple[str, str] | None]:
    """The sliders' axes (name, exact grid values) of a scenario and the variants ``t`` moves between."""
    from berlinsim.analysis.sweep import parse_axis

    if args.axes:
        if len(args.axes) > 2:
            raise BerlinsimError("--vary: at most two parameters (two sliders)")
        axes = [parse_axis(text) for text in args.axes]
        return [(name, regrid(values, args.grid)) for name, values in axes], None
    declared = scenario.key_sweeps("report")
    spec: Any = None
    between = None
    if declared:
        spec = tuple((a.parameter, a.start, a.stop, a.points) for a in declared[0].axes)
        between = declared[0].between
    if spec is None:
        finite = [p for p in scenario.parameters if p.low != float("-inf") and p.high != float("inf")]
        if not finite:
            return [], None
        spec = ((finite[0].name, finite[0].low, finite[0].high, 101),)
    if between is not None and args.variant is not None:  # a chosen variant fixes the beliefs: no t axis
        spec, between = tuple(a for a in spec if a[0] != "t"), None
    axes = []
    for name, lo, hi, n in spec:
        n = args.grid or n
        axes.append((name, tuple(Fraction(lo) + (Fraction(hi) - Fraction(lo)) * Fraction(k, n - 1)
                                 for k in range(n))))
    return axes, between


def regrid(values: tuple[Any, ...], n: int | None) -> tuple[Fraction, ...]:
    """``n`` evenly spaced exact values from the first of ``values`` to the last (None: ``values`` as they are)."""
    if n is None or len(values) < 2:
        return tuple(values)
    lo, hi = Fraction(values[0]), Fraction(values[-1])
    return tuple(lo + (hi - lo) * Fraction(k, n - 1) for k in range(n))


def nearest(values: tuple[Any, ...], target: Any) -> int:
    """The index of the value closest to ``target`` (the first of two as close)."""
    return min(range(len(values)), key=lambda k: (abs(float(values[k]) - float(target)), k))


def axis_label(scenario: Any, name: str) -> str:
    """A slider's label: the parameter and its description."""
    for p in scenario.parameters:
        if p.name == name:
            return f"{name}: {p.description}" if p.description else name
    return "t: position between two belief sets (variants)" if name == "t" else name


def t_start(scenario: Any, between: tuple[str, str] | None, points: int) -> int:
    """The t slider starts at t = 1 when the second variant's values are the defaults, else at t = 0."""
    from berlinsim.scenarios.values import resolve_values

    if between is None:
        return 0
    defaults = dict(resolve_values(scenario).values)
    return points - 1 if dict(resolve_values(scenario, between[1]).values) == defaults else 0


def held(scenario: Any, values: Any, axes: list[tuple[str, Any]], between: tuple[str, str] | None,
         overrides: dict[str, Any]) -> str:
    """What the sliders leave fixed, in a sentence."""
    from berlinsim.reports.number_format import format_value

    names = {n for n, _ in axes}
    if between is not None:
        return (f"t moves every parameter from variant {between[0]!r} (t = 0) to {between[1]!r} (t = 1); "
                + ("the others slide with it." if names == {"t"} else
                   f"{', '.join(sorted(names - {'t'}))} is set by its own slider."))
    fixed = [f"{p.name} = {format_value(values[p.name])}" for p in scenario.parameters if p.name not in names]
    where = f"variant {values.variant!r}" if values.variant else "the defaults"
    if set(overrides) - names:
        where += " with --set " + ", ".join(sorted(set(overrides) - names))
    return f"every other parameter at {where}: " + ", ".join(fixed) + "." if fixed else "nothing else."
