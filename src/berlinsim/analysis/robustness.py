"""Monte Carlo robustness: how often is each outcome an equilibrium when parameters are uncertain?

:func:`sample` draws parameter values from distributions, solves the scenario at every draw
(per point, with the scenario's method) and counts, for every equilibrium *outcome* (what the
equilibrium plays where play goes: its support, see :mod:`berlinsim.model.identity`), the
share of draws at which it is an equilibrium, with its binomial standard error
``sqrt(f (1 - f) / n)`` and 95% Wilson score interval. The draws are solved one by one (through
an executor with ``workers``; :mod:`berlinsim.analysis._sampling`). Shares can add up to more
than 1 when a draw has several equilibria; the shares of the whole equilibrium *sets* add up to 1.

Distributions are written as text and read by a tiny parser (never ``eval``):

- ``uniform(a, b)``: uniform on [a, b];
- ``normal(mu, sigma)``: normal, *truncated* to the parameter's declared range (draws outside
  are redrawn, so no mass piles up on the bounds);
- ``beta(a, b)``: a Beta(a, b) variable scaled to the parameter's declared range
  ``low + (high - low) * X`` (the range must be finite);
- ``triangular(a, mode, b)``: triangular on [a, b] with the given mode.

Uniform and triangular supports must lie within the declared range. Randomness comes only
from the ``numpy.random.Generator`` passed in: the same seed gives the same result. Each draw
is rounded to the nearest fraction with denominator at most 10^9 (a change below 1e-9 of its
unit) and solved in exact arithmetic: equilibria are then verified exactly, and a method that
approximates a limit (``agent_qre``) does not leave float residues such as a probability of
3e-8 that would count as mixing.

Examples
--------
>>> import numpy as np
>>> parse_distribution("triangular(0, 0.25, 1)")
Distribution(kind='triangular', arguments=(0.0, 0.25, 1.0))
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> game = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters:
...   c: {default: 1, range: [0, 3]}
... attributes:
...   go: {range: [0, 1]}
... players:
...   A: {payoff: go * (2 - c) + (1 - go) / 2}
...   B: {payoff: 0}
... game:
...   type: matrix
...   actions: {A: [go, stay], B: [x]}
...   cells:
...     - {actions: [go, x], attributes: {go: 1}}
...     - {actions: [stay, x]}
... ''', path="toy.yaml")
>>> result = sample(game, {"c": "uniform(0, 3)"}, 200, rng=np.random.default_rng(1))
>>> [(o.label, o.count) for o in result.outcomes]
[('A: go; B: x', 100), ('A: stay; B: x', 100)]
"""

from __future__ import annotations

import math
import re
from concurrent.futures import Executor
from fractions import Fraction
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.model.scenario import Scenario

__all__ = ["Distribution", "Frequency", "RobustnessResult", "outcome_labels", "parse_distribution", "sample",
           "wilson_interval"]

_ARITY = {"uniform": 2, "normal": 2, "beta": 2, "triangular": 3}
_CALL = re.compile(r"\s*([A-Za-z_]+)\s*\((.*)\)\s*\Z")
#: Each draw is solved at the nearest fraction with at most this denominator (see the module notes).
MAX_DENOMINATOR = 10**9
#: Redraw rounds for a truncated normal before giving up (the range holds too little mass).
MAX_REDRAWS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Distribution:
    """A parameter distribution: ``kind`` (uniform, normal, beta, triangular) and its arguments."""

    kind: str
    arguments: tuple[float, ...]

    def __post_init__(self) -> None:
        if self.kind not in _ARITY:
            raise BerlinsimError(f"unknown distribution {self.kind!r} (expected one of: {', '.join(_ARITY)})")
        if len(self.arguments) != _ARITY[self.kind]:
            raise BerlinsimError(f"{self.kind} takes {_ARITY[self.kind]} numbers, got {len(self.arguments)}")
        a = self.arguments
        valid = {"uniform": lambda: a[0] < a[1], "normal": lambda: a[1] > 0, "beta": lambda: a[0] > 0 and a[1] > 0,
                 "triangular": lambda: a[0] <= a[1] <= a[2] and a[0] < a[2]}
        if not valid[self.kind]():
            expected = {"uniform": "a < b", "normal": "sigma > 0", "beta": "a > 0 and b > 0",
                        "triangular": "a <= mode <= b and a < b"}[self.kind]
            raise BerlinsimError(f"bad {self}: expected {expected}")

    def __str__(self) -> str:
        return f"{self.kind}({', '.join(f'{x:g}' for x in self.arguments)})"

    def draw(self, n: int, rng: np.random.Generator, low: float, high: float) -> np.ndarray:
        """``n`` draws for a parameter with declared range [low, high]."""
        a = self.arguments
        if self.kind == "uniform":
            return rng.uniform(a[0], a[1], n)
        if self.kind == "triangular":
            return rng.triangular(a[0], a[1], a[2], n)
        if self.kind == "beta":
            return low + (high - low) * rng.beta(a[0], a[1], n)
        out = rng.normal(a[0], a[1], n)
        for _ in range(MAX_REDRAWS):
            bad = (out < low) | (out > high)
            if not bad.any():
                return out
            out[bad] = rng.normal(a[0], a[1], int(bad.sum()))
        raise BerlinsimError(f"{self} puts too little probability in the range [{low:g}, {high:g}]")

    def check_range(self, name: str, low: float, high: float) -> None:
        """Raise when the distribution cannot be drawn within the parameter's range."""
        if self.kind in ("uniform", "triangular") and (self.arguments[0] < low or self.arguments[-1] > high):
            raise BerlinsimError(f"{name}: {self} reaches outside the range of {name!r} [{low:g}, {high:g}]")
        if self.kind == "beta" and not (math.isfinite(low) and math.isfinite(high)):
            raise BerlinsimError(f"{name}: beta is scaled to the parameter's range, and {name!r} has no finite range")


def parse_distribution(text: str) -> Distribution:
    """A distribution from text such as ``"normal(0.3, 0.1)"`` (numbers may be fractions like ``1/3``).

    >>> parse_distribution("uniform(0, 1/2)")
    Distribution(kind='uniform', arguments=(0.0, 0.5))
    >>> parse_distribution("gamma(1, 2)")
    Traceback (most recent call last):
    ...
    berlinsim.errors.BerlinsimError: unknown distribution 'gamma' (expected one of: uniform, normal, beta, triangular)
    """
    from berlinsim.scenarios.values import parse_number

    match = _CALL.match(str(text))
    if not match:
        raise BerlinsimError(f"bad distribution {text!r} (expected e.g. uniform(0, 1), normal(0.3, 0.1), "
                             "beta(2, 5) or triangular(0, 0.2, 1))")
    kind, inside = match.group(1).lower(), match.group(2)
    if kind not in _ARITY:
        raise BerlinsimError(f"unknown distribution {kind!r} (expected one of: {', '.join(_ARITY)})")
    arguments = tuple(float(parse_number(part)) for part in inside.split(",")) if inside.strip() else ()
    return Distribution(kind=kind, arguments=arguments)


@dataclass(frozen=True, slots=True, kw_only=True)
class Frequency:
    """How often an outcome (or an equilibrium set) occurred.

    Attributes
    ----------
    label : str
    count : int
        Draws at which it occurred.
    frequency : float
        ``count / n``.
    stderr : float
        The binomial standard error ``sqrt(f (1 - f) / n)``.
    low, high : float
        The 95% Wilson score interval of the share (sensible also at 0 or n occurrences).
    """

    label: str
    count: int
    frequency: float
    stderr: float
    low: float = 0.0
    high: float = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class RobustnessResult:
    """A Monte Carlo run.

    Attributes
    ----------
    parameters : tuple of str
        The parameters drawn, in the order of the columns of ``draws``.
    distributions : tuple of Distribution
    draws : numpy.ndarray
        Shape ``(n, len(parameters))``, read-only.
    equilibria : tuple of tuple of str
        Per draw, its equilibrium outcomes: the distinct supports of its equilibria (what they play
        where play goes, :mod:`berlinsim.model.identity`), sorted; empty when none was found.
    outcomes : tuple of Frequency
        Per equilibrium outcome, the share of draws at which it is an equilibrium (most frequent first).
    sets : tuple of Frequency
        Per equilibrium set (outcomes joined by ``" | "``), the share of draws with exactly that set.
    n : int
    method : str
        The solve method used.
    points : tuple of PointEquilibria
        Per draw, every equilibrium in canonical order, with its label, support, payoffs, strategies,
        outcome distribution and expected attributes.
    players : tuple of str
    strategy_columns : tuple of (player, information set, action)
        What the columns of each point's ``strategies`` are.
    outcome_labels, attribute_names : tuple of str
        What the columns of each point's ``outcomes`` and ``attributes`` are.
    """

    parameters: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    draws: np.ndarray
    outcomes: tuple[Frequency, ...]
    sets: tuple[Frequency, ...]
    n: int
    equilibria: tuple[tuple[str, ...], ...] = ()
    method: str = ""
    points: tuple[Any, ...] = ()
    players: tuple[str, ...] = ()
    strategy_columns: tuple[tuple[str, str, str], ...] = ()
    outcome_labels: tuple[str, ...] = ()
    attribute_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        draws = np.array(self.draws, dtype=float, copy=True)
        draws.setflags(write=False)
        object.__setattr__(self, "draws", draws)


#: The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson_interval(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial share ``count / n``.

    >>> [round(x, 4) for x in wilson_interval(0, 100)]
    [0.0, 0.037]
    >>> [round(x, 4) for x in wilson_interval(50, 100)]
    [0.4038, 0.5962]
    >>> wilson_interval(60, 60)[1]
    1.0
    """
    f = count / n
    centre = (f + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(f * (1 - f) / n + z * z / (4 * n * n))
    return min(f, max(0.0, centre - half)), max(f, min(1.0, centre + half))  # f inside despite rounding


def _frequencies(counts: dict[str, int], n: int) -> tuple[Frequency, ...]:
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Frequency(label=label, count=c, frequency=c / n, stderr=math.sqrt((c / n) * (1 - c / n) / n),
                           low=wilson_interval(c, n)[0], high=wilson_interval(c, n)[1])
                 for label, c in rows)


def outcome_labels(run: Any) -> tuple[str, ...]:
    """The sorted distinct supports of the equilibria of a :class:`ScenarioRun`: its equilibrium outcomes."""
    return tuple(sorted(set(run.supports)))


def sample(scenario: Scenario, distributions: Mapping[str, Any], n: int, *, rng: np.random.Generator,
           variant: str | None = None, overrides: Mapping[str, Any] | None = None,
           method: str | None = None, workers: int = 1, executor: Executor | None = None,
           progress: Callable[[int, int], None] | None = None) -> RobustnessResult:
    """Draw ``n`` parameter points, solve the scenario at each, and count the equilibrium outcomes.

    Parameters
    ----------
    scenario : Scenario
    distributions : mapping of str to str or Distribution
        Parameter name -> distribution (text such as ``"beta(2, 5)"`` is parsed).
    n : int
        Number of draws (at least 1).
    rng : numpy.random.Generator
        The only source of randomness (all draws are made here, before any solving: the
        result does not depend on ``workers`` or the executor).
    variant, overrides, method
        As for :func:`berlinsim.scenarios.run.run_scenario`; drawn values replace both.
    workers, executor
        Processes for the solving (1: in this process), or any
        :class:`concurrent.futures.Executor` (see :mod:`berlinsim.analysis._sampling`).
    progress : callable, optional
        Called as ``progress(done, total)`` (draws) while solving.
    """
    from berlinsim.analysis._sampling import run_points
    from berlinsim.model.identity import strategy_columns
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.run import point_equilibria
    from berlinsim.scenarios.values import resolve_values

    if n < 1:
        raise BerlinsimError(f"the number of draws must be at least 1, got {n}")
    if not distributions:
        raise BerlinsimError("no distribution given (expected e.g. p_reasonable=uniform(0, 1))")
    names = tuple(distributions)
    dists = tuple(d if isinstance(d, Distribution) else parse_distribution(d) for d in distributions.values())
    columns = []
    for name, dist in zip(names, dists):
        parameter = scenario.parameter(name)
        low, high = float(parameter.low), float(parameter.high)
        dist.check_range(name, low, high)
        columns.append(dist.draw(n, rng, low, high))
    exact = [[Fraction(float(x)).limit_denominator(MAX_DENOMINATOR) for x in column] for column in columns]
    draws = np.array([[float(x) for x in column] for column in exact], dtype=float).T.reshape(n, len(names))
    points = [{**dict(overrides or {}), **{name: column[k] for name, column in zip(names, exact)}} for k in range(n)]
    solved = tuple(run_points(scenario, points, variant=variant, method=method, reduce=point_equilibria,
                              workers=workers, executor=executor, progress=progress))
    equilibria = tuple(tuple(sorted(set(point.supports))) for point in solved)
    built = build_game(scenario, resolve_values(scenario, variant, points[0]))
    outcome_counts: dict[str, int] = {}
    set_counts: dict[str, int] = {}
    for labels in equilibria:
        for label in labels:
            outcome_counts[label] = outcome_counts.get(label, 0) + 1
        joined = " | ".join(labels) or "(no equilibrium found)"
        set_counts[joined] = set_counts.get(joined, 0) + 1
    return RobustnessResult(parameters=names, distributions=dists, draws=draws, equilibria=equilibria,
                            outcomes=_frequencies(outcome_counts, n), sets=_frequencies(set_counts, n), n=n,
                            method=method or scenario.method, points=solved, players=tuple(built.game.players),
                            strategy_columns=strategy_columns(built.game),
                            outcome_labels=tuple(dict.fromkeys(str(x) for x in built.outcome_labels)),
                            attribute_names=tuple(built.attribute_names))
