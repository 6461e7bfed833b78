"""Evaluating a scenario's claims: does a condition hold at given parameter values?

A claim (:class:`berlinsim.model.claim.Claim`) is evaluated at a :class:`Point`: the claim's own
settings (its variant, then its ``set`` values), optionally moved. A point moves in two ways:
``factors`` multiply the values (the prior's draws, :mod:`.claims_prior`) and ``shift`` adds to
them (margins and slopes, :mod:`.claims_margins`); ``absolute`` sets some outright. A term
``X @ V`` is read at the same point with variant ``V`` instead of the claim's, so the same
move applies to both sides of a comparison between variants.

A **play condition** looks at the distinct equilibrium outcomes (supports where play goes,
:mod:`.outcome_keys`): ``PLAYER ACTION`` matches when the player plays that action for sure (in
a tree: at some information set that play reaches; so ``USSR accept, USSR reject`` says both
happen, at different information sets); ``PLAYER mixes A and B`` when the support (in a tree:
at some reached information set) is exactly those actions.

A **comparison** is evaluated at every equilibrium of each setting it reads (every combination
when it reads several); it holds when it holds at all of them (``some:``: at one). ``slope(X, p)``
is the central difference of ``X`` over ``p ± h`` with ``h`` a ten-thousandth of the range of
``p``; ``X`` must then have one value at each side (else the claim is undefined there, and does
not hold). Numbers are exact Fractions when the solver's are; ``=`` and ``!=`` allow 1e-9 for
floats, ``~=`` allows :data:`APPROX` of the right-hand side (agreement to about three digits, as
the docs round).

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> from berlinsim.io.claim_grammar import parse_condition
>>> from berlinsim.model.claim import Claim
>>> game = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters:
...   c: {default: 1, range: [0, 3]}
... players:
...   A: {payoff: 0}
...   B: {payoff: 0}
... game:
...   type: matrix
...   actions: {A: [go, stay], B: [x]}
...   cells:
...     - {actions: [go, x], payoffs: {A: 2 - c}}
...     - {actions: [stay, x], payoffs: {A: 1/2}}
... ''', path="toy.yaml")
>>> def claim(text):
...     return Claim(id="c", statement="", text=text, condition=parse_condition(text))
>>> evaluate(game, claim("the unique equilibrium has A go")).holds
True
>>> r = evaluate(game, claim("payoff(A) ~= 1"))
>>> r.holds, r.values
(True, (Fraction(1, 1),))
>>> evaluate(game, claim("slope(payoff(A), c) < 0"), Point(shift=(("c", Fraction(1)),))).holds  # at c = 2
False
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator

from berlinsim.errors import BerlinsimError
from berlinsim.model.claim import At, BinOp, Claim, Comparison, Neg, Num, Play, PlayCondition, Quantity, Slope
from berlinsim.model.scenario import Scenario

__all__ = ["APPROX", "Evaluation", "Point", "Runs", "evaluate"]

#: ``a ~= b`` holds when ``|a - b| <= APPROX * |b|`` (or 1e-9 when b = 0).
APPROX = Fraction(1, 200)
_TOL = 1e-9
#: slope's step, as a share of the parameter's range.
SLOPE_STEP = Fraction(1, 10_000)
#: Values are rounded to this many decimals before solving (draws and moves; exact and quick).
DECIMALS = 6


class Undefined(BerlinsimError):
    """The condition cannot be read at this point (no equilibrium, several slopes, ...)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """Where a claim is evaluated: its settings moved by ``factors`` (x), ``shift`` (+) and ``absolute`` (=)."""

    factors: tuple[tuple[str, Fraction], ...] = ()
    shift: tuple[tuple[str, Fraction], ...] = ()
    absolute: tuple[tuple[str, Fraction], ...] = ()

    def moved(self, name: str, delta: Fraction) -> "Point":
        shift = dict(self.shift)
        shift[name] = shift.get(name, Fraction(0)) + delta
        return Point(factors=self.factors, shift=tuple(shift.items()), absolute=self.absolute)


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation:
    """Whether a claim holds at a point; ``values`` are the left-hand sides read (comparisons), ``why`` says
    why not (empty when it holds)."""

    holds: bool
    values: tuple[Any, ...] = ()
    why: str = ""


class Runs:
    """Solved runs of one scenario, by parameter values (a claim set reads the same points often)."""

    def __init__(self, scenario: Scenario, method: str | None = None) -> None:
        self.scenario, self.method = scenario, method
        self._runs: dict[tuple, list[Any]] = {}
        self._bases: dict[tuple, dict[str, Any]] = {}
        self.solves = 0

    def base(self, variant: str | None, values: tuple[tuple[str, Fraction], ...]) -> dict[str, Any]:
        """Every parameter's value at a variant with ``values`` set after it."""
        from berlinsim.scenarios.values import resolve_values

        key = (variant, values)
        if key not in self._bases:
            self._bases[key] = dict(resolve_values(self.scenario, variant, dict(values)).values)
        return self._bases[key]

    def values_at(self, claim: Claim, point: Point, variant: str | None) -> dict[str, Fraction]:
        values = dict(self.base(variant, claim.values))
        factors, shift, absolute = dict(point.factors), dict(point.shift), dict(point.absolute)
        for parameter in self.scenario.parameters:
            name = parameter.name
            x = Fraction(values[name])
            if name in absolute:
                x = absolute[name]
            else:
                x = x * factors.get(name, 1) + shift.get(name, 0)
            x = min(max(x, Fraction(parameter.low)), Fraction(parameter.high))
            if x.denominator > 10**DECIMALS:
                x = Fraction(round(x * 10**DECIMALS), 10**DECIMALS)
            values[name] = x
        return values

    def equilibria(self, values: dict[str, Fraction]) -> list[Any]:
        """The distinct equilibrium outcomes at ``values``: (key, equilibrium, summary) each."""
        from berlinsim.analysis.outcome_keys import equilibrium_keys
        from berlinsim.scenarios.run import outcome_summary, run_scenario

        key = tuple(values.items())
        if key not in self._runs:
            run = run_scenario(self.scenario, overrides=values, method=self.method)
            self.solves += 1
            self._runs[key] = [(k, eq, outcome_summary(run.built, eq), run) for k, (_, eq)
                               in equilibrium_keys(run).items()]
        return self._runs[key]


# ------------------------------------------------------------------------------- play conditions
def _plays(game: Any, key: tuple, play: Play) -> bool:
    player = list(game.players).index(play.player)
    moves = key[player]
    wanted = set(play.actions)
    if not hasattr(game, "player_infosets"):  # a matrix: the support
        return set(moves) == wanted
    return any(set(support) == wanted for _, support in moves)


def _play_condition(runs: Runs, claim: Claim, point: Point, condition: PlayCondition) -> Evaluation:
    found = runs.equilibria(runs.values_at(claim, point, claim.variant))
    matches = [all(_plays(run.game, key, play) for play in condition.plays) for key, _, _, run in found]
    q = condition.quantifier
    holds = {"unique": len(found) == 1 and all(matches), "some": any(matches),
             "every": bool(matches) and all(matches), "no": not any(matches)}[q]
    if holds:
        return Evaluation(holds=True)
    labels = [_label(run, key) for key, _, _, run in found]
    return Evaluation(holds=False, why=f"{len(found)} equilibrium outcome(s): {'; '.join(labels) or 'none'}")


def _label(run: Any, key: tuple) -> str:
    from berlinsim.analysis.outcome_keys import outcome_label

    return outcome_label(tuple(run.game.players), key)


# ------------------------------------------------------------------------------- comparisons
def _settings(term: Any) -> Iterator[str | None]:
    """The variants a term reads at its own point (None: the claim's); slopes read theirs themselves."""
    if isinstance(term, Quantity):
        yield None
    elif isinstance(term, At):
        yield from (term.variant if v is None else v for v in _settings(term.operand))
    elif isinstance(term, (BinOp,)):
        yield from _settings(term.left)
        yield from _settings(term.right)
    elif isinstance(term, Neg):
        yield from _settings(term.operand)


def _exact(value: Any) -> Any:
    return value if isinstance(value, (Fraction, int)) else float(value)


def _quantity(q: Quantity, found: list[Any], chosen: tuple) -> Any:
    if q.kind == "count":
        return Fraction(len(found))
    key, eq, summary, run = chosen
    game = run.game
    if q.kind == "E":
        return _exact(summary.attribute(q.name))
    if q.kind == "P":
        return _exact(summary.probability(q.name))
    player = list(game.players).index(q.player)
    if q.kind == "payoff" and not q.given:
        payoffs = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        return _exact(payoffs[player])
    if q.kind == "payoff":
        return _forced_payoff(game, eq, player, q.given)
    return _move_probability(game, eq, player, q.name)


def _forced_payoff(game: Any, eq: Any, player: int, action: str) -> Any:
    """The player's payoff when its move is ``action`` wherever it is offered, others at the equilibrium."""
    import numpy as np

    if hasattr(game, "player_infosets"):
        from berlinsim.model.behavior import exact_expected_payoffs, expected_payoffs

        exact = eq.exact_behavior is not None
        behavior = [[list(p) for p in side] for side in (eq.exact_behavior if exact else eq.behavior)]
        for j, h in enumerate(game.player_infosets[player]):
            actions = game.infosets[h].actions
            if action in actions:
                behavior[player][j] = [Fraction(int(a == action)) if exact else float(a == action) for a in actions]
        if exact:
            return exact_expected_payoffs(game, behavior)[player]
        return float(expected_payoffs(game, behavior)[player])
    exact = eq.exact_strategies is not None and game.exact_payoffs is not None
    table = game.exact_payoffs[player] if exact else game.payoffs[player]
    strategies = list(eq.exact_strategies if exact else eq.strategies)
    strategies[player] = [int(a == action) for a in game.actions[player]]
    value = np.asarray(table, dtype=object if exact else float)
    for s in reversed(strategies):
        value = value.dot(np.asarray(s, dtype=object if exact else float))
    return value if exact else float(value)


def _move_probability(game: Any, eq: Any, player: int, action: str) -> Any:
    if not hasattr(game, "player_infosets"):
        probs = eq.exact_strategies if eq.exact_strategies is not None else eq.strategies
        return _exact(probs[player][list(game.actions[player]).index(action)])
    behavior = eq.exact_behavior if eq.exact_behavior is not None else eq.behavior
    for j, h in enumerate(game.player_infosets[player]):
        actions = list(game.infosets[h].actions)
        if action in actions:
            return _exact(behavior[player][j][actions.index(action)])
    raise Undefined(f"{game.players[player]} has no move {action!r}")  # pragma: no cover - checked on reading


def _values(runs: Runs, claim: Claim, point: Point, term: Any) -> list[Any]:
    """The term's value for every combination of equilibria of the settings it reads."""
    settings = list(dict.fromkeys(_settings(term)))
    found = {v: runs.equilibria(runs.values_at(claim, point, claim.variant if v is None else v)) for v in settings}
    if any(not f for f in found.values()):
        raise Undefined("no equilibrium found")
    combos = itertools.product(*(found[v] for v in settings)) if settings else [()]
    return [_term(runs, claim, point, term, dict(zip(settings, combo)), found, None) for combo in combos]


def _term(runs: Runs, claim: Claim, point: Point, term: Any, chosen: dict, found: dict, at: str | None) -> Any:
    if isinstance(term, Num):
        return term.value
    if isinstance(term, Quantity):
        return _quantity(term, found[at], chosen[at])
    if isinstance(term, At):
        return _term(runs, claim, point, term.operand, chosen, found, term.variant)
    if isinstance(term, Neg):
        return -_term(runs, claim, point, term.operand, chosen, found, at)
    if isinstance(term, BinOp):
        a = _term(runs, claim, point, term.left, chosen, found, at)
        b = _term(runs, claim, point, term.right, chosen, found, at)
        if term.op == "/" and b == 0:
            raise Undefined("division by zero")
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if term.op == "/" else 0}[term.op]
    return _slope(runs, claim, point, term, at)


def _slope(runs: Runs, claim: Claim, point: Point, term: Slope, at: str | None) -> Any:
    parameter = runs.scenario.parameter(term.parameter)
    low, high = Fraction(parameter.low), Fraction(parameter.high)
    h = (high - low) * SLOPE_STEP
    x = runs.values_at(claim, point, claim.variant if at is None else at)[term.parameter]
    a, b = max(low, x - h), min(high, x + h)
    inner = term.operand if at is None else At(operand=term.operand, variant=at)
    sides = []
    for where in (a, b):
        values = set(_values(runs, claim, point.moved(term.parameter, where - x), inner))
        if len({round(float(v), 12) for v in values}) != 1:
            raise Undefined(f"several equilibria with different values near {term.parameter} = {float(where):g}")
        sides.append(next(iter(values)))
    return (sides[1] - sides[0]) / (b - a)


def _compare(a: Any, op: str, b: Any) -> bool:
    exact = isinstance(a, (Fraction, int)) and isinstance(b, (Fraction, int))
    tol = 0 if exact else _TOL
    if op == "~=":
        return abs(a - b) <= (APPROX * abs(b) if b != 0 else _TOL) + tol
    return {"<": a < b - tol, "<=": a <= b + tol, ">": a > b + tol, ">=": a >= b - tol,
            "=": abs(a - b) <= tol, "!=": abs(a - b) > tol}[op]


def _comparison(runs: Runs, claim: Claim, point: Point, c: Comparison) -> Evaluation:
    both = BinOp(op="-", left=c.left, right=c.right)
    settings = list(dict.fromkeys(_settings(both)))
    found = {v: runs.equilibria(runs.values_at(claim, point, claim.variant if v is None else v)) for v in settings}
    if any(not f for f in found.values()):
        raise Undefined("no equilibrium found")
    results, lefts = [], []
    for combo in itertools.product(*(found[v] for v in settings)) if settings else [()]:
        chosen = dict(zip(settings, combo))
        left = _term(runs, claim, point, c.left, chosen, found, None)
        right = _term(runs, claim, point, c.right, chosen, found, None)
        lefts.append(left)
        results.append(_compare(left, c.op, right))
    holds = any(results) if c.some else all(results)
    shown = ", ".join(f"{float(v):.6g}" for v in lefts)
    return Evaluation(holds=holds, values=tuple(lefts), why="" if holds else f"left-hand side {shown}")


def evaluate(scenario: Scenario, claim: Claim, point: Point | None = None, *, runs: Runs | None = None) -> Evaluation:
    """Whether ``claim`` holds at ``point`` (default: its own settings); ``runs`` caches solves."""
    runs = runs if runs is not None else Runs(scenario)
    point = point or Point()
    try:
        if isinstance(claim.condition, PlayCondition):
            return _play_condition(runs, claim, point, claim.condition)
        return _comparison(runs, claim, point, claim.condition)
    except Undefined as why:
        return Evaluation(holds=False, why=str(why))
