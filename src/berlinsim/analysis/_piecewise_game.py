"""A scenario's payoffs and chance probabilities as piecewise rational functions of one parameter.

Private helper of :mod:`berlinsim.analysis.thresholds`. :func:`piecewise_game` evaluates the
scenario's formulas in the order :func:`berlinsim.scenarios.build.build_game` does (definitions,
then each outcome's attributes, then the payoffs; then each chance node's probabilities) with the
parameter varied as the variable ``x`` of :mod:`berlinsim.model.piecewise`, and cuts the interval at
the union of all breaks. On each open piece every payoff and probability is then one rational
function of ``x``: :class:`GamePiece`.

The variable is the parameter itself, or the position ``t`` of a belief interpolation (every
parameter that moves is then ``start + t * (end - start)``).

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> s = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters:
...   x: {default: 0.5, range: [0, 1]}
... players:
...   A: {payoff: 0}
... game:
...   type: matrix
...   actions: {A: [a, b]}
...   cells:
...     - {actions: [a], payoffs: {A: 0.5}}
...     - {actions: [b], payoffs: {A: 1 - 50 * abs(x - 0.355)}}
... ''', path="toy.yaml")
>>> game = piecewise_game(s, symbolic_env(s, "x", None, {}, None, 0, 1), 0, 1)
>>> [b.exact for b in game.breaks], [str(p.payoffs[1][0].to_text()) for p in game.pieces]
([Fraction(71, 200)], ['50*x - 67/4', '-50*x + 75/4'])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from berlinsim.errors import BerlinsimError
from berlinsim.model.piecewise import NotRationalError, Piecewise, common_breaks, constant, evaluate_piecewise, variable
from berlinsim.model.polynomial import Polynomial, RationalFunction
from berlinsim.model.real_roots import RealRoot
from berlinsim.model.scenario import ChanceNode, MatrixSpec, Scenario

__all__ = ["GamePiece", "PiecewiseGame", "piecewise_game", "symbolic_env"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GamePiece:
    """The game on one open piece: ``payoffs[outcome][player]`` (cells in row-major order or terminals
    in preorder) and ``chance[node][k]`` (chance nodes in preorder, outcomes in the game's order)."""

    payoffs: tuple[tuple[RationalFunction, ...], ...]
    chance: tuple[tuple[RationalFunction, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PiecewiseGame:
    """The scenario's game over ``[low, high]``: the breaks, and one :class:`GamePiece` per open piece."""

    low: Fraction
    high: Fraction
    breaks: tuple[RealRoot, ...]
    pieces: tuple[GamePiece, ...]
    frame: Piecewise  # the breaks as a Piecewise (bounds, hulls and sample points of the pieces)

    def poles(self) -> tuple[Polynomial, ...]:
        """The denominators of every payoff and probability (where the game is undefined)."""
        seen = {rf.denominator for piece in self.pieces for row in (*piece.payoffs, *piece.chance) for rf in row}
        return tuple(p for p in seen if p.degree >= 1)


def symbolic_env(scenario: Scenario, name: str, variant: str | None, overrides: Mapping[str, Any],
                 between: tuple[str, str] | None, low: Any, high: Any) -> dict[str, Any]:
    """Every parameter's value as a number or a :class:`Piecewise` of the varied ``x``."""
    from berlinsim.scenarios.values import resolve_values

    x = variable(low, high)

    def moving(start: Mapping[str, Any], end: Mapping[str, Any]) -> dict[str, Any]:
        env: dict[str, Any] = {}
        for n in start:
            a, b = start[n], end[n]
            if a == b:
                env[n] = a
            elif isinstance(a, Fraction) and isinstance(b, Fraction):
                line = RationalFunction.of(Polynomial((a, b - a)))
                env[n] = Piecewise(low=x.low, high=x.high, breaks=(), pieces=(line,))
            else:
                raise NotRationalError(f"'{n}' is not exact ({a!r} to {b!r})")
        return env

    base = dict(overrides)
    if between is not None:
        return moving(resolve_values(scenario, between[0], base).values, resolve_values(scenario, between[1], base).values)
    if name == "t" and name not in scenario.parameter_names:
        return moving(resolve_values(scenario, variant, {**base, "t": 0}).values,
                      resolve_values(scenario, variant, {**base, "t": 1}).values)
    values = dict(resolve_values(scenario, variant, {k: v for k, v in base.items() if k != name}).values)
    values[name] = x
    return values


def _outcome_formulas(scenario: Scenario) -> list[tuple[Any, Any]]:
    from berlinsim.scenarios.grid import _outcomes  # the builder's own order of outcomes

    return [(attributes, payoffs) for _, attributes, payoffs in _outcomes(scenario)]


def _chance_formulas(scenario: Scenario) -> list[list[Any]]:
    from berlinsim.scenarios.build import walk  # the builder's own order of nodes and outcomes

    out = []
    for node, order in walk(scenario.game):
        if isinstance(node, ChanceNode):
            by_label = {label: p for label, p, _ in node.outcomes}
            out.append([by_label[label] for label in order])
    return out


def piecewise_game(scenario: Scenario, env: Mapping[str, Any], low: Any, high: Any) -> PiecewiseGame:
    """The payoffs and chance probabilities of ``scenario`` as piecewise rational functions of ``x``.

    Raises
    ------
    NotRationalError
        A formula is not rational in ``x`` (``sqrt``, ``exp``, ``log``, a fractional power, an
        inexact value).
    BerlinsimError
        A payoff or probability is undefined on a whole piece (the builder's error at a point there).
    """
    low, high = Fraction(low), Fraction(high)
    values: dict[str, Any] = dict(env)
    for name, expr in scenario.definitions:
        values[name] = evaluate_piecewise(expr, values, low, high)
    defaults = {a.name: a.default for a in scenario.attributes}
    functions: list[Piecewise] = []
    rows = []
    for attributes, direct in _outcome_formulas(scenario):
        at = {**values, **defaults}
        for name, expr in attributes:
            at[name] = evaluate_piecewise(expr, values, low, high)
        given = dict(direct)
        row = []
        for index, player in enumerate(scenario.players):
            expr = given.get(index, player.payoff)
            row.append(evaluate_piecewise(expr, at, low, high))
        rows.append(row)
        functions.extend(row)
    chance = []
    if not isinstance(scenario.game, MatrixSpec):
        for formulas in _chance_formulas(scenario):
            node = [evaluate_piecewise(p, values, low, high) for p in formulas]
            chance.append(node)
            functions.extend(node)
    functions = [f if isinstance(f, Piecewise) else constant(f, low, high) for f in functions]
    breaks = common_breaks(functions)
    frame = Piecewise(low=low, high=high, breaks=breaks, pieces=(None,) * (len(breaks) + 1))
    refined_rows = [[f.refined(breaks) for f in row] for row in rows]
    refined_chance = [[f.refined(breaks) for f in node] for node in chance]
    pieces = []
    for k in range(len(breaks) + 1):
        payoffs = tuple(tuple(f[k] for f in row) for row in refined_rows)
        probs = tuple(tuple(f[k] for f in node) for node in refined_chance)
        if any(v is None for row in (*payoffs, *probs) for v in row):
            _undefined(scenario, env, frame.sample(k))
        pieces.append(GamePiece(payoffs=payoffs, chance=probs))
    return PiecewiseGame(low=low, high=high, breaks=breaks, pieces=tuple(pieces), frame=frame)


def _undefined(scenario: Scenario, env: Mapping[str, Any], x: Fraction) -> None:
    """Raise the builder's own error at ``x``, where some formula is undefined."""
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import ParameterValues

    point = {n: (v.pieces[0](x) if isinstance(v, Piecewise) else v) for n, v in env.items()}
    build_game(scenario, ParameterValues(values=point))
    raise BerlinsimError(f"{scenario.path}: a formula is undefined near {float(x):.6g}")  # pragma: no cover
