"""Monte Carlo robustness: how often is each outcome an equilibrium when parameters are uncertain?

:func:`sample` draws parameter values from distributions
(:mod:`berlinsim.analysis.distributions`), solves the scenario at every draw and counts, for
every equilibrium *outcome* (what the equilibrium plays where play goes: its support, see
:mod:`berlinsim.model.identity`), the share of draws at which it is an equilibrium, with its
binomial standard error ``sqrt(f (1 - f) / n)`` and 95% Wilson score interval. Shares can add up
to more than 1 when a draw has several equilibria; the shares of the whole equilibrium *sets* add
up to 1. Every draw's equilibria are kept (:attr:`RobustnessResult.points`), in canonical order.

The draws and their solving are :func:`berlinsim.analysis.monte_carlo.sample_outcomes`: drawn
with the ``numpy.random.Generator`` passed in (the same seed gives the same result), a random, Latin hypercube or Sobol' sampler, and the batched
solvers of the grid sweep, with the general solver in exact arithmetic (each draw rounded to a
multiple of 1e-9) only at draws too close to a tie for floats, and at every draw for a method
with no batched path (a QRE limit such as ``agent_qre`` then leaves no float residue such as a
probability of 3e-8 that would count as mixing).

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
>>> result = sample(game, {"c": "uniform(0, 3)"}, 200, rng=np.random.default_rng(1), sampler="lhs")
>>> [(o.label, o.count) for o in result.outcomes]
[('A: go; B: x', 100), ('A: stay; B: x', 100)]
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from berlinsim.analysis.distributions import Distribution, parse_distribution
from berlinsim.model.scenario import Scenario

__all__ = ["Distribution", "Frequency", "RobustnessResult", "outcome_labels", "parse_distribution", "sample",
           "wilson_interval"]


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
           sampler: str = "random", variant: str | None = None, overrides: Mapping[str, Any] | None = None,
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
        Every draw comes from it (all draws are made before any solving: the result does not
        depend on ``workers`` or the executor).
    sampler : {"random", "lhs", "sobol"}
        Independent points, a Latin hypercube or scrambled Sobol' points
        (:func:`berlinsim.analysis.monte_carlo.draw_unit`).
    variant, overrides, method
        As for :func:`berlinsim.scenarios.run.run_scenario`; drawn values replace both.
    workers, executor
        Processes for the draws solved one by one (1: in this process), or any
        :class:`concurrent.futures.Executor`.
    progress : callable, optional
        Called as ``progress(done, total)`` (draws) while solving.
    """
    from berlinsim.analysis.monte_carlo import sample_outcomes

    found = sample_outcomes(scenario, distributions, n, rng=rng, sampler=sampler, variant=variant,
                            overrides=overrides, method=method, workers=workers, executor=executor,
                            progress=progress)
    equilibria = tuple(found.equilibria(k) for k in range(n))
    outcome_counts = {label: int(c) for label, c in zip(found.supports, found.holds.sum(axis=0)) if c}
    counts = np.bincount(found.set_index, minlength=len(found.sets))
    set_counts = {" | ".join(labels) or "(no equilibrium found)": int(c) for labels, c in zip(found.sets, counts) if c}
    return RobustnessResult(parameters=found.parameters, distributions=found.distributions, draws=found.values,
                            equilibria=equilibria, outcomes=_frequencies(outcome_counts, n),
                            sets=_frequencies(set_counts, n), n=n, method=found.method,
                            points=tuple(found.point(k) for k in range(n)), players=found.players,
                            strategy_columns=found.strategy_columns, outcome_labels=found.outcome_names,
                            attribute_names=found.attribute_names)
