"""Comparisons: the memo's positions side by side.

:func:`compare` solves several scenarios (or variants of one) and lines up, for every equilibrium
of each (numbered and labelled as ``run`` lists them, :mod:`berlinsim.model.identity`), the
players' payoffs and the expected outcome attributes (P(settlement) ``settled``, P(war) ``war``,
``framing``, ``retreat``, ...), then its welfare (the sum of the payoffs) and whether it is
Pareto efficient (:func:`berlinsim.analysis.outcomes.efficiency`). A metric an item does not
have is ``None`` (shown as ``-``). :func:`format_comparison` renders the table as text, Markdown
or JSON.

Metrics are attribute names or player names (a player name stands for that player's expected
payoff). By default: every player's payoff, then whichever of ``settled``, ``war``, ``framing``,
``retreat`` exist in any item (or, when none does, every attribute of the items).

:func:`overlay_sweep` is the same comparison along a parameter: one metric of every item over
one grid (solved per point), one curve per item, ready to be drawn on one chart.

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> game = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters:
...   c: {default: 1, range: [0, 3]}
... attributes:
...   war: {range: [0, 1]}
... players:
...   A: {payoff: war * (2 - c) + (1 - war) / 2}
...   B: {payoff: 0}
... game:
...   type: matrix
...   actions: {A: [go, stay], B: [x]}
...   cells:
...     - {actions: [go, x], attributes: {war: 1}}
...     - {actions: [stay, x]}
... variants:
...   dear: {set: {c: 2}}
... ''', path="toy.yaml")
>>> table = compare([("toy", game, None), ("toy:dear", game, "dear")])
>>> print(format_comparison(table))
item      #  equilibrium    A payoff  B payoff  war  welfare  Pareto efficient
toy       1  A: go; B: x    1         0         1    1        yes
toy:dear  1  A: stay; B: x  0.5       0         0    0.5      yes
>>> print(format_overlay(overlay_sweep([("toy", game, None)], "c", 0, 2, 5, metric="A")))
c    toy
0    2
0.5  1.5
1    1
1.5  0.5
2    0.5
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Sequence

from berlinsim.errors import BerlinsimError

__all__ = ["DEFAULT_ATTRIBUTES", "Comparison", "ComparedRow", "SweepOverlay", "compare", "format_comparison",
           "format_overlay", "overlay_sweep"]

#: The attributes compared by default, when the scenarios have them.
DEFAULT_ATTRIBUTES = ("settled", "war", "framing", "retreat")

Number = Fraction | float


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparedRow:
    """One equilibrium of one compared item.

    Attributes
    ----------
    item : str
        What is compared (a scenario file's stem, ``stem:variant`` for a variant).
    title : str
        The scenario's title.
    equilibrium : str
        The equilibrium's label (:mod:`berlinsim.model.identity`: what every player does at every
        information set, off the path in parentheses), as ``run`` names it.
    values : tuple of (metric, value or None)
        Every metric of the comparison; None when the item has no such metric.
    number : int
        The equilibrium's 1-based number among the item's equilibria (the order ``run`` lists them in).
    welfare : Fraction or float or None
        The sum of the players' expected payoffs.
    efficient : bool or None
        Whether it is Pareto efficient against the item's pure outcomes (None: not judged).
    dominated_by : str
        When not, the pure outcome with the largest welfare that Pareto-dominates it.
    """

    item: str
    title: str
    equilibrium: str
    values: tuple[tuple[str, Number | None], ...]
    number: int = 1
    welfare: Number | None = None
    efficient: bool | None = None
    dominated_by: str = ""

    def value(self, metric: str) -> Number | None:
        """The value of ``metric`` (None when the item does not have it)."""
        return dict(self.values)[metric]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Rows (one per equilibrium per item), the metrics compared in order, and the player names
    among them (their metric is the player's payoff)."""

    metrics: tuple[str, ...]
    rows: tuple[ComparedRow, ...]
    players: tuple[str, ...] = ()

    def header(self, metric: str) -> str:
        """A metric's column heading (a player name becomes '<player> payoff')."""
        return f"{metric} payoff" if metric in self.players else metric


def _default_metrics(runs: Sequence[Any]) -> tuple[str, ...]:
    players = list(dict.fromkeys(p for run in runs for p in run.game.players))
    attributes = list(dict.fromkeys(a for run in runs for a in run.built.attribute_names))
    chosen = [a for a in DEFAULT_ATTRIBUTES if a in attributes] or attributes
    return tuple(players + chosen)


def compare(items: Sequence[tuple[str, Any, str | None]], *, metrics: Sequence[str] | None = None,
            overrides: Mapping[str, Any] | None = None, method: str | None = None) -> Comparison:
    """Solve each ``(name, scenario, variant)`` and line up its equilibria's payoffs and attributes.

    Parameters
    ----------
    items : sequence of (str, Scenario, str or None)
        What to compare: a display name, a loaded scenario and a variant (or None).
    metrics : sequence of str, optional
        Attribute or player names; default: see the module docstring.
    overrides : mapping, optional
        ``--set`` values applied to every item that has the parameter (``t`` to items with a variant);
        a name no item has is an error.
    method : str, optional
        A solution method for every item (default: each scenario's own).
    """
    from berlinsim.scenarios.run import run_scenario

    if not items:
        raise BerlinsimError("nothing to compare (give scenario files or FILE:VARIANT items)")
    names = {n for _, scenario, _ in items for n in scenario.parameter_names} | {"t"}
    stray = [k for k in dict(overrides or {}) if k not in names]
    if stray:
        raise BerlinsimError(f"no compared scenario has a parameter {', '.join(map(repr, stray))}")
    runs = []
    for name, scenario, variant in items:
        own = {k: v for k, v in dict(overrides or {}).items()
               if k in scenario.parameter_names or (k == "t" and variant is not None)}
        runs.append(run_scenario(scenario, variant=variant, overrides=own, method=method))
    chosen = tuple(metrics) if metrics else _default_metrics(runs)
    players = {p for run in runs for p in run.game.players}
    known = players | {a for run in runs for a in run.built.attribute_names}
    unknown = [m for m in chosen if m not in known]
    if unknown:
        raise BerlinsimError(f"unknown metric {', '.join(map(repr, unknown))} (known: {', '.join(sorted(known))})")
    from berlinsim.analysis.outcomes import efficiency

    rows = []
    for (name, scenario, _), run in zip(items, runs):
        judged = efficiency(run).equilibria
        for k, (eq, summary) in enumerate(zip(run.result.equilibria, run.outcomes)):
            exact = getattr(eq, "exact_payoffs", None)
            pays = dict(zip(run.game.players, exact if exact is not None else eq.payoffs))
            attrs = dict(summary.expected_attributes)
            values = tuple((m, pays.get(m, attrs.get(m))) for m in chosen)
            e = judged[k] if k < len(judged) else None
            rows.append(ComparedRow(item=name, title=scenario.title, equilibrium=run.labels[k], values=values,
                                    number=k + 1, welfare=e.welfare if e else None, efficient=e.efficient if e else None,
                                    dominated_by=e.dominated_by if e else ""))
    return Comparison(metrics=chosen, rows=tuple(rows), players=tuple(m for m in chosen if m in players))


# ------------------------------------------------------------------------------- rendering
def _number(value: Number | None) -> str:
    if value is None:
        return "-"
    text = f"{float(value):.4g}"
    return "0" if text == "-0" else text


def _json_number(value: Number | None) -> Any:
    if value is None:
        return None
    if isinstance(value, Fraction):
        return {"value": float(value), "exact": str(value)}
    return float(value)


def _pareto(row: ComparedRow) -> str:
    if row.efficient is None:
        return "-"
    return "yes" if row.efficient else f"no: {row.dominated_by}"


def format_comparison(table: Comparison, fmt: str = "text") -> str:
    """The comparison as an aligned text table, a Markdown table, or JSON (exact values as strings too).

    Each row is one equilibrium of one item: its number and label (as ``run`` lists them), the metrics,
    its welfare (the sum of the payoffs) and whether it is Pareto efficient against the item's pure
    outcomes (else the best outcome that dominates it).
    """
    if fmt == "json":
        return json.dumps({"metrics": [{"name": m, "heading": table.header(m), "payoff": m in table.players}
                                       for m in table.metrics],
                           "rows": [{"item": r.item, "title": r.title, "number": r.number, "equilibrium": r.equilibrium,
                                     "values": {m: _json_number(v) for m, v in r.values},
                                     "welfare": _json_number(r.welfare), "pareto_efficient": r.efficient,
                                     "pareto_dominated_by": r.dominated_by or None} for r in table.rows]},
                          indent=2)
    header = ["item", "#", "equilibrium", *(table.header(m) for m in table.metrics), "welfare", "Pareto efficient"]
    body = [[r.item, str(r.number), r.equilibrium, *(_number(v) for _, v in r.values), _number(r.welfare), _pareto(r)]
            for r in table.rows]
    if fmt == "markdown":
        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
        numeric = range(3, len(header) - 1)
        rule = "|" + "|".join("---:" if k in numeric or k == 1 else "---" for k in range(len(header))) + "|"
        return "\n".join([line(header), rule, *(line(row) for row in body)])
    if fmt != "text":
        raise BerlinsimError(f"unknown format {fmt!r} (expected text, json or markdown)")
    widths = [max(len(row[k]) for row in [header, *body]) for k in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *body])


# ------------------------------------------------------------------------------- sweep overlay
@dataclass(frozen=True, slots=True, kw_only=True)
class SweepOverlay:
    """One metric of several items along one parameter.

    Attributes
    ----------
    parameter, metric, heading : str
        The parameter varied, the metric (attribute or player) and its heading.
    x : tuple of float
        The grid.
    curves : tuple of (item, tuple of float)
        Per item the metric at each grid point: NaN where the item has no such metric, or where it
        has several equilibria that disagree on it.
    ambiguous : tuple of (item, int)
        Per item, the number of grid points with several equilibria that disagree.
    """

    parameter: str
    metric: str
    heading: str
    x: tuple[float, ...]
    curves: tuple[tuple[str, tuple[float, ...]], ...]
    ambiguous: tuple[tuple[str, int], ...]


def overlay_sweep(items: Sequence[tuple[str, Any, str | None]], name: str, start: Any, stop: Any, n: int, *,
                  metric: str, overrides: Mapping[str, Any] | None = None,
                  method: str | None = None) -> SweepOverlay:
    """``metric`` of every item at ``n`` points from ``start`` to ``stop`` of the parameter ``name``.

    Every item must have the parameter (``t`` for items with a ``between`` variant). Each point
    is solved with :func:`berlinsim.scenarios.run.run_scenario` (the scenario's method).
    """
    from berlinsim.scenarios.run import run_scenario
    from berlinsim.scenarios.values import parse_number

    if n < 2:
        raise BerlinsimError(f"a sweep needs at least 2 points, got {n}")
    if not items:
        raise BerlinsimError("nothing to compare (give scenario files or FILE:VARIANT items)")
    lo, hi = parse_number(start), parse_number(stop)
    grid = [lo + (hi - lo) * Fraction(k, n - 1) for k in range(n)]
    missing = [item for item, scenario, variant in items
               if name not in scenario.parameter_names and not (name == "t" and variant is not None)]
    if missing:
        raise BerlinsimError(f"{', '.join(missing)}: no parameter {name!r} to vary")
    known: set[str] = set()
    for _, scenario, _ in items:
        known.update(p.name for p in scenario.players)
        known.update(a.name for a in scenario.attributes)
    if metric not in known:
        raise BerlinsimError(f"unknown metric {metric!r} (known: {', '.join(sorted(known))})")
    curves, ambiguous, players = [], [], set()
    for item, scenario, variant in items:
        own = {k: v for k, v in dict(overrides or {}).items() if k in scenario.parameter_names}
        ys, several = [], 0
        for x in grid:
            run = run_scenario(scenario, variant=variant, overrides={**own, name: x}, method=method)
            players.update(run.game.players)
            found = []
            for eq, summary in zip(run.result.equilibria, run.outcomes):
                pays = dict(zip(run.game.players, eq.payoffs))
                attrs = dict(summary.expected_attributes)
                value = pays.get(metric, attrs.get(metric))
                found.append(math.nan if value is None else float(value))
            if len(found) > 1 and max(found) - min(found) > 1e-12:
                several += 1
                ys.append(math.nan)
            else:
                ys.append(found[0] if found else math.nan)
        curves.append((item, tuple(ys)))
        ambiguous.append((item, several))
    heading = f"{metric} payoff" if metric in players else metric
    return SweepOverlay(parameter=name, metric=metric, heading=heading, x=tuple(float(x) for x in grid),
                        curves=tuple(curves), ambiguous=tuple(ambiguous))


def format_overlay(overlay: SweepOverlay, fmt: str = "text") -> str:
    """The overlay as a text table (one column per item, ``-`` for NaN), Markdown or JSON."""
    items = [item for item, _ in overlay.curves]
    if fmt == "json":
        return json.dumps({"parameter": overlay.parameter, "metric": overlay.metric, "heading": overlay.heading,
                           "x": list(overlay.x),
                           "curves": {item: [None if math.isnan(y) else y for y in ys] for item, ys in overlay.curves},
                           "ambiguous_points": dict(overlay.ambiguous)}, indent=2)
    header = [overlay.parameter, *items]
    body = [[_number(Fraction(x).limit_denominator(10**9)), *(_number(None if math.isnan(ys[k]) else ys[k])
                                                             for _, ys in overlay.curves)]
            for k, x in enumerate(overlay.x)]
    note = [f"- where {item} has several equilibria that disagree ({count} points)"
            for item, count in overlay.ambiguous if count]
    if fmt == "markdown":
        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(cells) + " |"
        rule = "|" + "|".join("---:" for _ in header) + "|"
        return "\n".join([line(header), rule, *(line(row) for row in body), *(["", *note] if note else [])])
    if fmt != "text":
        raise BerlinsimError(f"unknown format {fmt!r} (expected text, json or markdown)")
    widths = [max(len(row[k]) for row in [header, *body]) for k in range(len(header))]
    rows = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *body]]
    return "\n".join(rows + note)
