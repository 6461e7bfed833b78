"""What a sweep figure draws, computed: the quantities a user may plot, every equilibrium's value of
them at every grid point, and the exact thresholds along the axis.

A *quantity* (``sweep --y``) is named as the sweep's export columns are:

=====================  ==============  ==========================================================
name                   kind            what it is
=====================  ==============  ==========================================================
``payoff US``          ``payoff``      a player's equilibrium payoff
``US: Firm``           ``probability`` a player's probability of an action (``US at h: Firm`` in
                                       a tree where the player moves at several information sets)
``P(war)``             ``probability`` the probability of an outcome label
``E[war]`` or ``war``  ``attribute``   the expected value of an outcome attribute
=====================  ==============  ==========================================================

In a tree an action's probability may also be named by its export column (``US @ h: Firm``,
every information set named): :attr:`Quantity.column` is that column, so a figure's value and the
export's are the same cell of one equilibrium's row.

:func:`quantities` lists them for a scenario (from its game at the sweep's fixed values, so they
are known, and checked, before anything is solved); :func:`choose` reads ``--y`` texts;
:func:`equilibrium_values` gives, per grid point, one ``(label, values)`` per equilibrium, read
from the sweep itself (what its export writes: nothing is solved again); and
:func:`exact_thresholds` is the one call of the threshold finder a 1-D figure makes;
:func:`exact_boundaries` gives a 2-D map its boundary curves.

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> from berlinsim.analysis.sweep import sweep
>>> s = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters: {c: {default: 1, range: [0, 3]}}
... attributes: {go: {range: [0, 1]}}
... players: {A: {payoff: go * (2 - c) + (1 - go) / 2}, B: {payoff: 0}}
... game:
...   type: matrix
...   actions: {A: [go, stay], B: [x]}
...   cells:
...     - {actions: [go, x], attributes: {go: 1}}
...     - {actions: [stay, x]}
... ''', path="toy.yaml")
>>> [q.name for q in quantities(s)]
['payoff A', 'payoff B', 'A: go', 'A: stay', 'B: x', 'P(go / x)', 'P(stay / x)', 'E[go]']
>>> chosen = choose(["go, payoff A"], quantities(s))
>>> [(q.name, q.kind) for q in chosen]
[('E[go]', 'attribute'), ('payoff A', 'payoff')]
>>> result = sweep(s, "c=0:3:4")
>>> for point in equilibrium_values(result, chosen):
...     print(point)
(('A: go; B: x', (1.0, 2.0)),)
(('A: go; B: x', (1.0, 1.0)),)
(('A: stay; B: x', (0.0, 0.5)),)
(('A: stay; B: x', (0.0, 0.5)),)
>>> exact_thresholds(s, result)
((1.5, Fraction(3, 2)),)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.io.tables import strategy_column_names
from berlinsim.model.identity import infoset_names
from berlinsim.model.scenario import Scenario, suggest
from berlinsim.model.sweep_result import SweepResult

__all__ = ["KINDS", "Quantity", "choose", "default_quantities", "equilibrium_values", "exact_boundaries",
           "exact_thresholds", "quantities"]

#: The kinds of quantity; a figure draws each kind on its own axes.
KINDS = ("probability", "payoff", "attribute")


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """Something with a value in every equilibrium: a payoff, an action's or outcome's probability, an attribute.

    Attributes
    ----------
    name : str
        As typed (``--y``) and shown: ``payoff US``, ``US: Firm``, ``P(war)``, ``E[war]``.
    kind : str
        One of :data:`KINDS`.
    player, infoset, action : int
        For a payoff the player; for an action probability the player, the information set
        (0-based among the player's own; -1 in a matrix game) and the action (0-based).
    outcome : str
        For an outcome probability, the outcome label.
    attribute : str
        For an expected attribute, the attribute's name.
    column : str
        The sweep export's column of it (:mod:`berlinsim.io.tables`): the name, but in a tree
        ``"US @ h: Firm"`` for an action (defaults to the name).
    """

    name: str
    kind: str
    player: int = -1
    infoset: int = -1
    action: int = -1
    outcome: str = ""
    attribute: str = ""
    column: str = ""

    def __post_init__(self) -> None:
        if not self.column:
            object.__setattr__(self, "column", self.name)

    def value(self, run: Any, k: int) -> float:
        """This quantity in equilibrium ``k`` of a :class:`~berlinsim.scenarios.run.ScenarioRun`."""
        eq = run.result.equilibria[k]
        if self.outcome:
            return float(run.outcomes[k].probability(self.outcome))
        if self.attribute:
            return float(run.outcomes[k].attribute(self.attribute))
        if self.kind == "payoff":
            return float(eq.payoffs[self.player])
        if self.infoset >= 0:
            return float(eq.behavior[self.player][self.infoset][self.action])
        return float(eq.strategies[self.player][self.action])


def _game_at(scenario: Scenario, variant: str | None, overrides: Mapping[str, Any] | None,
             between: tuple[str, str] | None) -> Any:
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import resolve_values

    return build_game(scenario, resolve_values(scenario, between[0] if between else variant, dict(overrides or {})))


def quantities(scenario: Scenario, *, variant: str | None = None, overrides: Mapping[str, Any] | None = None,
               between: tuple[str, str] | None = None) -> tuple[Quantity, ...]:
    """Every quantity of ``scenario`` a figure can draw: payoffs, action probabilities, outcome
    probabilities, expected attributes (in that order)."""
    built = _game_at(scenario, variant, overrides, between)
    game = built.game
    out = [Quantity(name=f"payoff {p}", kind="payoff", player=k) for k, p in enumerate(game.players)]
    if hasattr(game, "player_infosets"):
        names = infoset_names(game)
        for p, sets in enumerate(game.player_infosets):
            for j, h in enumerate(sets):
                info = game.infosets[h]
                where = f" at {info.label}" if len(sets) > 1 else ""
                out += [Quantity(name=f"{game.players[p]}{where}: {a}", kind="probability", player=p, infoset=j,
                                 action=i, column=f"{game.players[p]} @ {names[h]}: {a}")
                        for i, a in enumerate(info.actions)]
    else:
        for p, actions in enumerate(game.actions):
            out += [Quantity(name=f"{game.players[p]}: {a}", kind="probability", player=p, action=i)
                    for i, a in enumerate(actions)]
    labels = dict.fromkeys(str(x) for x in built.outcome_labels)
    out += [Quantity(name=f"P({o})", kind="probability", outcome=o) for o in labels]
    out += [Quantity(name=f"E[{a}]", kind="attribute", attribute=a) for a in scenario.attribute_names]
    return tuple(out)


def choose(texts: Sequence[str], available: Sequence[Quantity]) -> tuple[Quantity, ...]:
    """The quantities named by ``texts`` (each one name or several separated by commas), in order.

    An attribute may be named without its ``E[...]``, a tree's action by its export column
    (``US @ h: Firm``). An unknown name is a
    :class:`~berlinsim.errors.BerlinsimError` that lists the valid names.

    >>> choose(["payoff X"], [Quantity(name="payoff A", kind="payoff", player=0)])
    Traceback (most recent call last):
    ...
    berlinsim.errors.BerlinsimError: --y 'payoff X': unknown; did you mean 'payoff A'? (valid: payoff A)
    """
    by_name = {q.name: q for q in available}
    aliases = {q.attribute: q for q in available if q.attribute} | {q.column: q for q in available}
    chosen: list[Quantity] = []
    for text in texts:
        for name in (part.strip() for part in str(text).split(",")):
            if not name:
                continue
            q = by_name.get(name) or aliases.get(name)
            if q is None:
                valid = list(by_name)
                raise BerlinsimError(f"--y {name!r}: unknown{suggest(name, valid + list(aliases))} "
                                     f"(valid: {', '.join(valid)})")
            if q not in chosen:
                chosen.append(q)
    return tuple(chosen)


def default_quantities(available: Sequence[Quantity]) -> tuple[Quantity, ...]:
    """What a figure shows unless told: every action probability (but the second of two actions,
    1 minus the first) and every expected attribute."""
    groups: dict[tuple[int, int], list[Quantity]] = {}
    for q in available:
        if q.kind == "probability" and not q.outcome:
            groups.setdefault((q.player, q.infoset), []).append(q)
    actions = [q for qs in groups.values() for q in (qs[:1] if len(qs) == 2 else qs)]
    return tuple(actions) + tuple(q for q in available if q.attribute)


# ----------------------------------------------------------------------------- values per equilibrium
def _cells(result: SweepResult, q: Quantity) -> tuple[np.ndarray, int]:
    """Where ``q`` is in ``result``: the per-equilibrium array and the index along its last axis."""
    where = {
        "payoff": (result.equilibrium_payoffs, tuple(f"payoff {p}" for p in result.players)),
        "strategy": (result.equilibrium_strategies, strategy_column_names(result.strategy_columns)),
        "outcome": (result.equilibrium_outcomes, tuple(f"P({o})" for o in result.outcome_labels)),
        "attribute": (result.equilibrium_attributes, tuple(f"E[{a}]" for a in result.attribute_names)),
    }
    for array, names in where.values():
        if q.column in names:
            return array, names.index(q.column)
    raise BerlinsimError(f"{q.name!r} is not a quantity of the sweep of {result.scenario_id!r}")


def equilibrium_values(result: SweepResult, chosen: Sequence[Quantity]
                       ) -> tuple[tuple[tuple[str, tuple[float, ...]], ...], ...]:
    """Every equilibrium's values of ``chosen`` at every grid point of ``result``, as the sweep holds them.

    Returns
    -------
    tuple
        One entry per grid point (row-major, as ``np.ndindex(*result.shape)``); each a tuple of
        ``(label, values)``, one per equilibrium at that point, in the sweep's canonical order,
        ``values`` aligned with ``chosen``: the numbers of that equilibrium's row of the sweep's
        export (column :attr:`Quantity.column`).
    """
    cells = [_cells(result, q) for q in chosen]
    out = []
    for index in np.ndindex(*result.shape):
        labels = result.labels_at(index)
        out.append(tuple((label, tuple(float(array[index][e][k]) for array, k in cells))
                         for e, label in enumerate(labels)))
    return tuple(out)


# ----------------------------------------------------------------------------- thresholds
def _exact(value: float) -> Fraction:
    """A grid value as the sweep built the game at it (the simplest fraction within 1e-12)."""
    return Fraction(float(value)).limit_denominator(10**12)


def exact_thresholds(scenario: Scenario, result: SweepResult, *, variant: str | None = None,
                     overrides: Mapping[str, Any] | None = None, method: str | None = None,
                     between: tuple[str, str] | None = None) -> tuple[tuple[float, Fraction | None], ...]:
    """Where the equilibrium set changes along a 1-D sweep's axis: ``(value, exact value or None)``.

    The one call of :func:`berlinsim.analysis.thresholds.find_thresholds` a figure makes, over
    the plotted range with the sweep's values and method. Changes of the plan off the
    equilibrium path and changes at the ends of the range are left out: the figure's regions are
    named by what is played.
    """
    from berlinsim.analysis.thresholds import find_thresholds

    if len(result.axes) != 1:
        raise BerlinsimError("exact thresholds are found along one axis; this sweep has two")
    axis = result.axes[0]
    low, high = _exact(axis.values.min()), _exact(axis.values.max())
    if low == high:
        return ()
    found = find_thresholds(scenario, axis.name, low, high, variant=None if between else variant,
                            overrides=dict(overrides or {}), method=method or result.method, between=between)
    return tuple((float(t.value), t.exact) for t in found if getattr(t, "kind", "path") in ("path", "point"))


def exact_boundaries(scenario: Scenario, result: SweepResult, *, variant: str | None = None,
                     overrides: Mapping[str, Any] | None = None, method: str | None = None,
                     between: tuple[str, str] | None = None) -> tuple[tuple[tuple[float, float], ...], ...] | None:
    """The boundary curves of a 2-D sweep's region map, as polylines of exact ``(x, y)`` points.

    :func:`berlinsim.analysis.boundaries.boundary_curves` both ways: at every grid value of the
    first axis every threshold of the second over its plotted range, and at every grid value of
    the second every threshold of the first (so a boundary along either axis is found), each
    linked into polylines. As for :func:`exact_thresholds`, changes off the equilibrium path and
    at the range's ends are left out. None when the complete finder does not apply (a scan could
    miss changes, so nothing is drawn as exact), or for a sweep between two variants; one grid
    value is tried alone first, so a scenario the finder refuses costs two solves, not a scan per
    grid value.
    """
    if len(result.axes) != 2:
        raise BerlinsimError("boundary curves are drawn on a map of two axes")
    if between is not None or result.between is not None:
        return None
    x, y = result.axes
    options = {"variant": variant, "overrides": dict(overrides or {}), "method": method or result.method}
    along_y = _curves(scenario, x, y, options)
    along_x = _curves(scenario, y, x, options) if along_y is not None else None
    if along_y is None or along_x is None:
        return None
    return along_y + tuple(tuple((py, px) for px, py in curve) for curve in along_x)


def _curves(scenario: Scenario, x: Any, y: Any, options: Mapping[str, Any]
            ) -> tuple[tuple[tuple[float, float], ...], ...] | None:
    """The thresholds of axis ``y`` at each grid value of axis ``x`` as ``(x, y)`` polylines; None if incomplete."""
    from berlinsim.analysis.boundaries import BoundaryMap, boundary_curves

    xs = [_exact(v) for v in x.values]
    low, high = _exact(y.values.min()), _exact(y.values.max())
    if low == high:
        return ()
    first = boundary_curves(scenario, x.name, xs[:1], y.name, low, high, samples=2, **options)  # a refused
    # finder falls back to a scan, of two points here: its answer is not used
    if not first.complete:
        return None
    rest = boundary_curves(scenario, x.name, xs[1:], y.name, low, high, **options) if len(xs) > 1 else None
    if rest is not None and not rest.complete:
        return None
    found = first if rest is None else BoundaryMap(x_name=x.name, y_name=y.name, xs=first.xs + rest.xs,
                                                   searches=first.searches + rest.searches, complete=True)
    return tuple(tuple((float(px), float(py)) for px, py in curve.points)
                 for curve in found.curves() if curve.kind in ("path", "point"))
