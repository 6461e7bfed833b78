"""Batched Monte Carlo: a scenario solved at many random parameter draws, through the grid sweep's batched solvers.

:func:`sample_outcomes` draws ``n`` points (a sampler in the unit cube, then each coordinate
through its distribution's quantile function, :mod:`berlinsim.analysis.distributions`) and
:func:`outcomes_at` solves the scenario at given points: in chunks, each chunk through the same
batched solvers as :func:`berlinsim.analysis.sweep.sweep` (batched support and vertex
enumeration for 2-player matrices up to 4 x 4, batched pure detection, batched backward
induction), and the draws a batched solver cannot decide for certain in floats (a tie too close
to call) -- or every draw, for a method with no batched path -- by the general solver in exact
arithmetic.

Samplers (``sampler=``): ``random`` (independent uniform points), ``lhs`` (Latin hypercube) and
``sobol`` (scrambled Sobol' points; the first ``n`` of ``2**ceil(log2 n)``), the last two from
:mod:`scipy.stats.qmc`. Randomness comes only from the ``numpy.random.Generator`` passed in, and every
draw is made before any solving: the result does not depend on the chunk size or the workers.

Each draw is rounded to the nearest multiple of 1e-9 (and kept within the declared range): the
batched solvers see that float and the exact solver the fraction ``k / 10**9`` it equals.

Per draw the result keeps every equilibrium, in the canonical order, with its label and its
support (what it plays where play goes), both from :mod:`berlinsim.model.identity` exactly as
``berlinsim run`` and the sweep name them, and its payoffs, strategies, outcome distribution and
expected attributes. An equilibrium *outcome* of a draw is a support found there.

Examples
--------
>>> import numpy as np
>>> from berlinsim.io.scenario_yaml import parse_scenario
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
... solve: {method: enummixed}
... ''', path="toy.yaml")
>>> result = sample_outcomes(game, {"c": "uniform(0, 3)"}, 1000, rng=np.random.default_rng(1), sampler="sobol")
>>> result.supports, result.holds.sum(axis=0).tolist()
(('A: go; B: x', 'A: stay; B: x'), [500, 500])
>>> bool((result.holds[:, 0] == (result.values[:, 0] < 1.5)).all())
True
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Mapping

import numpy as np

from berlinsim.analysis import _sweep_points as points
from berlinsim.analysis.distributions import Distribution, parse_distribution
from berlinsim.analysis._monte_carlo_labels import identities
from berlinsim.errors import BerlinsimError
from berlinsim.model.scenario import Scenario
from berlinsim.model.sweep_result import PointEquilibria
from berlinsim.scenarios.values import resolve_values

__all__ = ["CHUNK", "MAX_DRAWS", "SAMPLERS", "MonteCarloResult", "draw_unit", "outcomes_at", "read_distributions", "sample_outcomes",
           "to_parameters"]

SAMPLERS = ("random", "lhs", "sobol")
#: Draws solved per batch.
CHUNK = 65_536
#: Largest number of draws solved in one run.
MAX_DRAWS = 4_000_000
#: Draws are rounded to multiples of 1 / SCALE.
SCALE = 10**9
#: Draws handed to the executor per task (the exact per-draw solving).
TASK = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class MonteCarloResult:
    """The scenario solved at ``n`` parameter points: every equilibrium at every draw.

    Equilibrium ``e`` (0-based, canonical order, :mod:`berlinsim.model.identity`) of draw ``i`` is
    entry ``[i, e]`` of every per-equilibrium array; entries past ``num_equilibria[i]`` are padding
    (NaN, or -1 for indices), as in :class:`~berlinsim.model.sweep_result.SweepResult`.

    Attributes
    ----------
    parameters : tuple of str
        The parameters drawn, in the order of the columns of ``values``.
    distributions : tuple of Distribution
        Their distributions (empty when the points were given, :func:`outcomes_at`).
    values : numpy.ndarray
        ``(n, len(parameters))``, the value of each parameter at each draw.
    labels, supports : tuple of str
        Every equilibrium label and every support met at some draw, sorted.
    label_index, support_index : numpy.ndarray
        ``(n, width)`` int: ``labels[label_index[i, e]]`` is the label of equilibrium ``e`` at draw
        ``i`` (-1: padding); likewise its support.
    holds : numpy.ndarray
        ``(n, len(supports))`` bool: an equilibrium with support ``j`` is found at draw ``i``.
    sets : tuple of tuple of str
        Every set of supports met (sorted; empty: no equilibrium found).
    set_index : numpy.ndarray
        ``(n,)``: the draw's set, an index into ``sets``.
    num_equilibria : numpy.ndarray
        ``(n,)``: equilibria found (extreme ones, as ``enummixed`` lists them).
    players : tuple of str
    strategy_columns : tuple of (player, information set, action)
    outcome_names, attribute_names : tuple of str
        The scenario's outcome labels (grouped by label) and attributes.
    equilibrium_payoffs, equilibrium_strategies, equilibrium_outcomes, equilibrium_attributes : numpy.ndarray
        ``(n, width, ...)``: every equilibrium's payoffs, strategy vector, outcome distribution and
        expected attributes.
    degenerate : numpy.ndarray
        ``(n,)`` bool: the game at the draw is degenerate (or has ties in backward induction).
    exact : numpy.ndarray
        ``(n,)`` bool: solved by the general (exact) solver rather than a batched one.
    method : str
    sampler : str
    """

    parameters: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    values: np.ndarray
    labels: tuple[str, ...]
    label_index: np.ndarray
    supports: tuple[str, ...]
    support_index: np.ndarray
    holds: np.ndarray
    sets: tuple[tuple[str, ...], ...]
    set_index: np.ndarray
    num_equilibria: np.ndarray
    players: tuple[str, ...]
    strategy_columns: tuple[tuple[str, str, str], ...]
    outcome_names: tuple[str, ...]
    attribute_names: tuple[str, ...]
    equilibrium_payoffs: np.ndarray
    equilibrium_strategies: np.ndarray
    equilibrium_outcomes: np.ndarray
    equilibrium_attributes: np.ndarray
    degenerate: np.ndarray
    exact: np.ndarray
    method: str
    sampler: str = "random"

    def __post_init__(self) -> None:
        for name in ("values", "label_index", "support_index", "holds", "set_index", "num_equilibria",
                     "equilibrium_payoffs", "equilibrium_strategies", "equilibrium_outcomes",
                     "equilibrium_attributes", "degenerate", "exact"):
            array = np.array(getattr(self, name), copy=True)
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @property
    def n(self) -> int:
        return int(self.values.shape[0])

    @property
    def payoffs(self) -> np.ndarray:
        """``(n, len(players))``: the first equilibrium's (canonical order) payoffs; NaN where none was found."""
        return self.equilibrium_payoffs[:, 0]

    @property
    def outcome_probabilities(self) -> np.ndarray:
        """``(n, len(outcome_names))``: the first equilibrium's outcome distribution."""
        return self.equilibrium_outcomes[:, 0]

    @property
    def attributes(self) -> np.ndarray:
        """``(n, len(attribute_names))``: the first equilibrium's expected attributes."""
        return self.equilibrium_attributes[:, 0]

    def equilibria(self, k: int) -> tuple[str, ...]:
        """The distinct supports of the equilibria at draw ``k`` (sorted)."""
        return self.sets[int(self.set_index[k])]

    def point(self, k: int) -> PointEquilibria:
        """Every equilibrium at draw ``k``, in canonical order."""
        count = int(self.num_equilibria[k])
        return PointEquilibria(labels=tuple(self.labels[i] for i in self.label_index[k, :count].tolist()),
                               supports=tuple(self.supports[i] for i in self.support_index[k, :count].tolist()),
                               payoffs=self.equilibrium_payoffs[k, :count],
                               strategies=self.equilibrium_strategies[k, :count],
                               outcomes=self.equilibrium_outcomes[k, :count],
                               attributes=self.equilibrium_attributes[k, :count],
                               degenerate=bool(self.degenerate[k]))


def draw_unit(n: int, dimensions: int, *, rng: np.random.Generator, sampler: str = "random") -> np.ndarray:
    """``n`` points of the unit cube ``[0, 1)**dimensions`` drawn with ``rng``.

    >>> u = draw_unit(8, 2, rng=np.random.default_rng(0), sampler="lhs")
    >>> sorted(np.floor(u[:, 0] * 8).astype(int).tolist())  # one point in each eighth
    [0, 1, 2, 3, 4, 5, 6, 7]
    """
    if sampler not in SAMPLERS:
        raise BerlinsimError(f"unknown sampler {sampler!r} (expected one of: {', '.join(SAMPLERS)})")
    if sampler == "random":
        return rng.random((n, dimensions))
    from scipy.stats import qmc

    if sampler == "lhs":
        return qmc.LatinHypercube(d=dimensions, rng=rng).random(n)
    return qmc.Sobol(d=dimensions, scramble=True, rng=rng).random_base2(max(int(np.ceil(np.log2(n))), 0))[:n]


def read_distributions(scenario: Scenario,
                       distributions: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Distribution, ...]]:
    """``(names, distributions)``, texts parsed, each checked against its parameter's declared range."""
    if not distributions:
        raise BerlinsimError("no distribution given (expected e.g. p_reasonable=uniform(0, 1))")
    names = tuple(distributions)
    dists = tuple(d if isinstance(d, Distribution) else parse_distribution(d) for d in distributions.values())
    for name, dist in zip(names, dists):
        parameter = scenario.parameter(name)
        dist.check_range(name, float(parameter.low), float(parameter.high))
    return names, dists


def to_parameters(scenario: Scenario, distributions: Mapping[str, Any], unit: np.ndarray) -> np.ndarray:
    """Points of the unit cube (one column per distribution) as parameter values, column by column."""
    names, dists = read_distributions(scenario, distributions)
    unit = np.asarray(unit, dtype=float)
    columns = [dist.quantile(unit[:, j], float(scenario.parameter(name).low), float(scenario.parameter(name).high))
               for j, (name, dist) in enumerate(zip(names, dists))]
    return np.stack(columns, axis=1) if columns else np.zeros((len(unit), 0))


def sample_outcomes(scenario: Scenario, distributions: Mapping[str, Any], n: int, *, rng: np.random.Generator,
                    sampler: str = "random", variant: str | None = None, overrides: Mapping[str, Any] | None = None,
                    method: str | None = None, chunk: int = CHUNK, workers: int = 1, executor: Executor | None = None,
                    progress: Callable[[int, int], None] | None = None) -> MonteCarloResult:
    """Draw ``n`` parameter points and solve the scenario at each (batched where a batched solver applies).

    Parameters
    ----------
    scenario : Scenario
    distributions : mapping of str to str or Distribution
        Parameter name -> distribution (text such as ``"beta(2, 5)"`` is parsed).
    n : int
        Number of draws (at least 1, at most :data:`MAX_DRAWS`).
    rng : numpy.random.Generator
        Every draw comes from it (all are made before any solving).
    sampler : {"random", "lhs", "sobol"}
    variant, overrides, method
        As for :func:`berlinsim.scenarios.run.run_scenario`; drawn values replace both.
    chunk : int
        Draws per batched solve (memory; the answers do not depend on it).
    workers, executor
        Processes (or any :class:`concurrent.futures.Executor`) for the draws solved one by one.
    progress : callable, optional
        Called as ``progress(done, total)`` (draws).
    """
    if n < 1:
        raise BerlinsimError(f"the number of draws must be at least 1, got {n}")
    if n > MAX_DRAWS:
        raise BerlinsimError(f"{n} draws asked, at most {MAX_DRAWS} in one run")
    names, dists = read_distributions(scenario, distributions)
    unit = draw_unit(n, len(names), rng=rng, sampler=sampler)
    values = to_parameters(scenario, dict(zip(names, dists)), unit)
    found = outcomes_at(scenario, names, values, variant=variant, overrides=overrides, method=method, chunk=chunk,
                        workers=workers, executor=executor, progress=progress)
    return _replace(found, distributions=dists, sampler=sampler)


def _replace(result: MonteCarloResult, **changes: Any) -> MonteCarloResult:
    fields = {name: getattr(result, name) for name in MonteCarloResult.__dataclass_fields__}
    return MonteCarloResult(**{**fields, **changes})


def _rounded(scenario: Scenario, names: tuple[str, ...], values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Values rounded to multiples of 1e-9 within each declared range: (floats, whole numerators, -1 where a
    clipped value is the bound itself)."""
    ticks = np.rint(values * SCALE)
    floats = ticks / SCALE
    for j, name in enumerate(names):
        parameter = scenario.parameter(name)
        low, high = float(parameter.low), float(parameter.high)
        outside = (floats[:, j] < low) | (floats[:, j] > high)
        floats[outside, j] = np.clip(floats[outside, j], low, high)
        ticks[outside, j] = np.nan  # the exact value is the bound
    return floats, ticks


def _exact(scenario: Scenario, name: str, tick: float, value: float) -> Fraction:
    if np.isnan(tick):
        parameter = scenario.parameter(name)
        return Fraction(parameter.low) if value <= float(parameter.low) else Fraction(parameter.high)
    return Fraction(int(tick), SCALE)


def outcomes_at(scenario: Scenario, names: tuple[str, ...] | list[str], values: np.ndarray, *,
                variant: str | None = None, overrides: Mapping[str, Any] | None = None, method: str | None = None,
                chunk: int = CHUNK, workers: int = 1, executor: Executor | None = None,
                progress: Callable[[int, int], None] | None = None) -> MonteCarloResult:
    """Solve the scenario at the given points: ``values[i, j]`` is parameter ``names[j]`` at point ``i``."""
    names = tuple(names)
    values = np.asarray(values, dtype=float).reshape(-1, len(names))
    if chunk < 1:
        raise BerlinsimError(f"chunk must be at least 1, got {chunk}")
    if workers < 1:
        raise BerlinsimError(f"workers must be at least 1, got {workers}")
    method = method or scenario.method
    fixed = {k: v for k, v in dict(overrides or {}).items() if k not in names}
    base = resolve_values(scenario, variant, fixed)
    floats, ticks = _rounded(scenario, names, values)
    lay = points.layout(scenario, base)
    total = len(floats)
    solved_all = points.empty(lay, total)  # the equilibrium axis widens as chunks need it
    if progress is not None:
        progress(0, total)
    done_count = 0
    for start in range(0, total, chunk):
        stop = min(start + chunk, total)
        grid = {name: floats[start:stop, j] for j, name in enumerate(names)}
        solved = points.solve_batched(scenario, lay, method, grid, base, (stop - start,))
        if solved is None:
            mask, batch = np.zeros(stop - start, dtype=bool), points.empty(lay, 0)
        else:
            mask, batch = solved
        part = points.empty(lay, stop - start, batch["vec"].shape[1])
        points.fill(part, batch, np.flatnonzero(mask))
        todo = np.flatnonzero(~mask)
        done_count += int(mask.sum())
        if progress is not None and mask.any():
            progress(done_count, total)
        rows = [{**dict(base.values), **{name: _exact(scenario, name, ticks[start + k, j], floats[start + k, j])
                                         for j, name in enumerate(names)}} for k in todo.tolist()]
        for where, one in _solve_each(scenario, lay, method, rows, todo, workers, executor):
            points.fill(part, one, where, batched=False)
            done_count += len(where)
            if progress is not None:
                progress(done_count, total)
        span = np.arange(start, stop)
        points.fill(solved_all, part, span)
        solved_all["batched"][span] = part["batched"]
    return MonteCarloResult(
        parameters=names, distributions=(), values=floats, **identities(lay, solved_all), players=lay.players,
        strategy_columns=lay.columns, outcome_names=lay.outcome_labels, attribute_names=lay.attribute_names,
        equilibrium_payoffs=solved_all["pay"], equilibrium_strategies=solved_all["vec"],
        equilibrium_outcomes=solved_all["outcome"], equilibrium_attributes=solved_all["attrs"],
        num_equilibria=solved_all["count"], degenerate=solved_all["degenerate"], exact=~solved_all["batched"],
        method=method)


def _solve_each(scenario: Scenario, lay: Any, method: str, rows: list[dict[str, Any]], where: np.ndarray,
                workers: int, executor: Executor | None) -> Any:
    """Per-draw solving of ``rows`` (yields ``(positions, batch)`` in order), through an executor if asked."""
    tasks = [rows[k:k + TASK] for k in range(0, len(rows), TASK)]
    owned = None
    if executor is None and workers > 1 and len(tasks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        owned = executor = ProcessPoolExecutor(max_workers=workers)
    try:
        results = (executor.map(points.solve_chunk, *zip(*[(scenario, lay, method, t) for t in tasks]))
                   if executor is not None and tasks else (points.solve_chunk(scenario, lay, method, t) for t in tasks))
        for k, batch in enumerate(results):
            yield where[k * TASK:k * TASK + len(batch["count"])], batch
    finally:
        if owned is not None:
            owned.shutdown()
