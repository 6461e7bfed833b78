"""Boundaries between the regions of a 2-D parameter map, as exact thresholds along one axis.

A region map (``berlinsim sweep`` over two parameters) colours each grid cell by its equilibria;
the curves between the regions are where the set changes. :func:`boundary_curves` finds them
exactly in one direction: for each value of the first parameter on a grid, every threshold of the
second one over its interval (:func:`berlinsim.analysis.thresholds.search_thresholds`, complete
where the scenario's formulas and method allow). :meth:`BoundaryMap.curves` links the thresholds of
neighbouring grid values that separate the same regions into polylines, ready to be drawn on the map.

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> s = parse_scenario('''
... berlinsim: 1
... id: parabola
... title: B wins above a parabola
... source: {document: memo, paragraphs: [1]}
... parameters:
...   x: {default: 0, range: [0, 1]}
...   y: {default: 0, range: [0, 1]}
... players:
...   A: {payoff: 0}
... game:
...   type: matrix
...   actions: {A: [a, b]}
...   cells:
...     - {actions: [a], payoffs: {A: x * x}}
...     - {actions: [b], payoffs: {A: y}}
... solve: {method: pure}
... ''', path="parabola.yaml")
>>> found = boundary_curves(s, "x", [0, "1/2", 1], "y", "0", "1")
>>> [[t.exact for t in search.thresholds if t.kind == "path"] for search in found.searches]
[[], [Fraction(1, 4)], []]
>>> (curve,) = [c for c in found.curves() if c.kind == "path"]
>>> curve.points, curve.before, curve.after
(((Fraction(1, 2), 0.25),), '(a)', '(b)')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Sequence

from berlinsim.analysis._threshold_result import ThresholdSearch
from berlinsim.model.scenario import Scenario

__all__ = ["BoundaryMap", "Curve", "boundary_curves"]

_NUMBER = re.compile(r"(?<![\w/])-?\d+(?:\.\d+)?(?:/\d+)?(?:e-?\d+)? ")


def _shape(label: str) -> str:
    """A label without the probabilities of mixed strategies (they move along a boundary)."""
    return _NUMBER.sub("", label)


@dataclass(frozen=True, slots=True, kw_only=True)
class Curve:
    """One boundary: ``points`` ``(x, y)`` in increasing ``x`` where the set changes from the regions
    ``before`` to ``after`` (labels without mixed probabilities, equilibria joined by `` | ``) as ``y``
    increases; ``kind`` as for a :class:`~berlinsim.analysis.thresholds.Threshold`."""

    kind: str
    before: str
    after: str
    points: tuple[tuple[Any, float], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class BoundaryMap:
    """The thresholds in ``y_name`` at each grid value of ``x_name``.

    Attributes
    ----------
    x_name, y_name : str
    xs : tuple
        The grid values of ``x_name`` (exact where given exactly).
    searches : tuple of ThresholdSearch
        One per grid value: the thresholds in ``y_name`` over ``[y_low, y_high]``.
    complete : bool
        Every search was complete (no change in ``y`` missed at any grid value).
    """

    x_name: str
    y_name: str
    xs: tuple[Any, ...]
    searches: tuple[ThresholdSearch, ...]
    complete: bool

    def curves(self) -> tuple[Curve, ...]:
        """The thresholds linked into curves: those at neighbouring grid values that separate the
        same regions (same kind, same labels up to mixed probabilities) continue one curve, in the
        order they come along ``y``."""
        open_curves: dict[tuple[str, str, str], list[list[tuple[Any, float]]]] = {}
        done: list[Curve] = []
        last: dict[tuple[str, str, str], int] = {}
        for k, (x, search) in enumerate(zip(self.xs, self.searches)):
            seen: dict[tuple[str, str, str], int] = {}
            for t in search.thresholds:
                key = (t.kind, " | ".join(_shape(b) for b in t.before), " | ".join(_shape(a) for a in t.after))
                n = seen.get(key, 0)
                seen[key] = n + 1
                polylines = open_curves.setdefault(key, [])
                if last.get(key) == k - 1 and n < len(polylines):
                    polylines[n].append((x, t.value))
                else:
                    polylines.append([(x, t.value)])
                last[key] = k
        for key, polylines in open_curves.items():
            for line in polylines:
                done.append(Curve(kind=key[0], before=key[1], after=key[2], points=tuple(line)))
        return tuple(sorted(done, key=lambda c: (c.points[0][0], c.points[0][1])))


def boundary_curves(scenario: Scenario, x_name: str, xs: Sequence[Any], y_name: str, y_low: Any, y_high: Any, *,
                    variant: str | None = None, overrides: Mapping[str, Any] | None = None,
                    method: str | None = None, samples: int = 33, workers: int = 1) -> BoundaryMap:
    """The thresholds of ``y_name`` over ``[y_low, y_high]`` at each value of ``x_name`` in ``xs``.

    Parameters
    ----------
    scenario : Scenario
    x_name : str
        The parameter on the grid.
    xs : sequence of number or str
        Its values (exact text such as ``"1/3"`` is kept exact).
    y_name : str
        The parameter whose thresholds are found.
    y_low, y_high : number or str
    variant, overrides, method, samples, workers
        As for :func:`~berlinsim.analysis.thresholds.search_thresholds`.
    """
    from berlinsim.analysis.thresholds import search_thresholds
    from berlinsim.scenarios.values import parse_number

    values = tuple(parse_number(x) for x in xs)
    searches = []
    for x in values:
        searches.append(search_thresholds(scenario, y_name, y_low, y_high, variant=variant,
                                          overrides={**dict(overrides or {}), x_name: x}, method=method,
                                          samples=samples, workers=workers))
    return BoundaryMap(x_name=x_name, y_name=y_name, xs=tuple(Fraction(x) if isinstance(x, Fraction) else x
                                                             for x in values),
                       searches=tuple(searches), complete=all(s.complete for s in searches))
