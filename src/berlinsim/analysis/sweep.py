"""The sweep computation: a scenario solved over a grid of one or two parameters, vectorised.

It returns a :class:`~berlinsim.model.sweep_result.SweepResult` (the value objects live in
:mod:`berlinsim.model.sweep_result`).

:func:`sweep` evaluates every payoff, attribute and chance probability over the whole grid at
once (:func:`berlinsim.scenarios.grid.evaluate_outcome_grid`) and hands the arrays to batched
solvers: 2-player matrix scenarios up to 4 x 4 solved with ``enummixed`` (or ``auto``) get every
extreme equilibrium by batched support enumeration, and the degenerate points (ties, continua of
equilibria) by batched vertex enumeration of both best-response polytopes
(:func:`berlinsim.solvers.batched_matrix.batched_equilibria`: what ``enummixed`` reports there,
its ``degenerate`` flag included); ``pure`` gets batched pure-equilibrium detection, and trees
solved with ``spe`` get batched backward induction (:mod:`berlinsim.solvers.batched_tree`). A grid
point a batched method cannot decide for certain (a tie too close to call in floats, a tie in
backward induction, a tree it does not handle, another method) is built and solved on its own with
the general solver -- the answers are the same either way. That per-point work can be spread
over processes (``workers``, or any :class:`concurrent.futures.Executor`).

At each point every equilibrium is kept, in the canonical order of
:mod:`berlinsim.model.identity` (the order ``berlinsim run`` lists them in), with its label, its
support, payoffs, strategies, outcome distribution and expected attributes; the points whose
equilibria have the same supports form a region.

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> s = parse_scenario('''
... berlinsim: 1
... id: pd
... title: Prisoner's dilemma
... source: {document: memo, paragraphs: [8]}
... parameters: {t: {default: 5, range: [0, 10]}}
... players: {A: {}, B: {}}
... game:
...   type: matrix
...   actions: {A: [C, D], B: [C, D]}
...   cells:
...     - {actions: [C, C], payoffs: {A: 3, B: 3}}
...     - {actions: [C, D], payoffs: {A: 0, B: t}}
...     - {actions: [D, C], payoffs: {A: t, B: 0}}
...     - {actions: [D, D], payoffs: {A: 1, B: 1}}
... solve: {method: enummixed}
... ''')
>>> result = sweep(s, "t=2:6:5")
>>> for region, first, last in result.runs():
...     print(result.axes[0].values[first], result.axes[0].values[last], result.region_name(region))
2.0 2.0 A: C; B: C | A: C, D; B: C, D | A: D; B: D
3.0 3.0 A: C; B: C | A: D; B: D
4.0 6.0 A: D; B: D
>>> result.labels_at(0)
('A: C; B: C', 'A: C 0.5, D 0.5; B: C 0.5, D 0.5', 'A: D; B: D')
>>> result.num_equilibria.tolist(), result.degenerate.tolist()
([3, 2, 1, 1, 1], [False, True, False, False, False])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from fractions import Fraction
from typing import Any

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.model.scenario import Scenario
from berlinsim.model.sweep_result import SweepAxis, SweepResult
from berlinsim.analysis import _sweep_points as points
from berlinsim.scenarios.values import ParameterValues, parse_number, resolve_values

__all__ = ["parse_axis", "sweep"]

MAX_POINTS = 1_000_000
"""Largest grid swept."""
CHUNK = 64
"""Grid points per task handed to an executor."""


def parse_axis(text: str) -> tuple[str, tuple[Fraction | float, ...]]:
    """``"NAME=START:STOP:N"`` -> ``(name, N exact values from START to STOP)``.

    >>> parse_axis("c_commit=0:8:5")
    ('c_commit', (Fraction(0, 1), Fraction(2, 1), Fraction(4, 1), Fraction(6, 1), Fraction(8, 1)))
    >>> parse_axis("p=0.1")
    Traceback (most recent call last):
    ...
    berlinsim.errors.BerlinsimError: bad axis 'p=0.1' (expected NAME=START:STOP:N, e.g. p_reasonable=0:1:101)
    """
    name, sep, spec = str(text).partition("=")
    parts = spec.split(":")
    if not sep or not name.strip() or len(parts) != 3:
        raise BerlinsimError(f"bad axis {text!r} (expected NAME=START:STOP:N, e.g. p_reasonable=0:1:101)")
    start, stop = parse_number(parts[0]), parse_number(parts[1])
    try:
        count = int(parts[2])
    except ValueError:
        raise BerlinsimError(f"bad axis {text!r}: N must be a whole number, got {parts[2]!r}") from None
    if count < 1 or (count == 1 and start != stop):
        raise BerlinsimError(f"bad axis {text!r}: N must be at least 2 (1 when START = STOP)")
    if count == 1:
        return name.strip(), (start,)
    return name.strip(), tuple(start + (stop - start) * Fraction(k, count - 1) for k in range(count))


def _exact(value: Any) -> Fraction | float:
    """A grid value as an exact number: a float becomes the simplest fraction within 1e-12 of it
    (``np.linspace(0, 4, 101)[35]`` is 1.4000000000000001; the game is built at 7/5)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    number = float(value)
    if not np.isfinite(number):
        return number
    return Fraction(number).limit_denominator(10**12)


def _normalise_axes(axes: Any) -> list[tuple[str, tuple[Any, ...]]]:
    if isinstance(axes, str):
        axes = [axes]
    if isinstance(axes, Mapping):
        items = [(str(k), tuple(_exact(v) for v in np.atleast_1d(np.asarray(vals, dtype=object))))
                 for k, vals in axes.items()]
    else:
        items = []
        for axis in axes:
            if isinstance(axis, str):
                items.append(parse_axis(axis))
            elif isinstance(axis, SweepAxis):
                items.append((axis.name, tuple(_exact(v) for v in axis.values)))
            else:
                name, vals = axis
                items.append((str(name), tuple(_exact(v) for v in vals)))
    if not 1 <= len(items) <= 2:
        raise BerlinsimError(f"a sweep varies 1 or 2 parameters, got {len(items)}")
    if len({n for n, _ in items}) != len(items):
        raise BerlinsimError("a parameter is varied twice")
    return items


def _extremes(values: tuple[Any, ...]) -> tuple[Any, Any]:
    """``(min(values), max(values))`` of exact values, compared exactly only among the float extremes."""
    floats = np.array([float(v) for v in values])
    low = min(v for v, f in zip(values, floats) if f == floats.min())
    high = max(v for v, f in zip(values, floats) if f == floats.max())
    return low, high


def _point_values(scenario: Scenario, axes: list[tuple[str, tuple[Any, ...]]], variant: str | None,
                  overrides: Mapping[str, Any], between: tuple[str, str] | None) -> tuple[ParameterValues, Callable]:
    """The fixed values and a function ``grid index -> exact parameter values`` (ranges checked)."""
    names = [n for n, _ in axes]
    fixed = {k: v for k, v in overrides.items() if k not in names}
    if between is not None:
        if "t" not in names:
            raise BerlinsimError("--between needs the axis t (e.g. --vary t=0:1:101)")
        low = resolve_values(scenario, between[0], fixed)
        high = resolve_values(scenario, between[1], fixed)
        for v in dict(axes)["t"]:
            if not 0 <= v <= 1:
                raise BerlinsimError(f"t = {v} is outside [0, 1] (t = 0 is {between[0]!r}, 1 is {between[1]!r})")
        base = low
    else:
        base = resolve_values(scenario, variant, fixed)
    for name, vals in axes:
        if between is not None and name == "t":
            continue
        for v in _extremes(vals):  # range and name checks with the usual messages
            resolve_values(scenario, variant if between is None else between[0], {**fixed, name: v})

    def at(index: tuple[int, ...]) -> ParameterValues:
        chosen = {name: vals[i] for (name, vals), i in zip(axes, index)}
        if between is not None:
            t = chosen.pop("t")
            values = {n: low[n] + t * (high[n] - low[n]) for n in scenario.parameter_names}
        else:
            values = dict(base.values)
        values.update(chosen)
        return ParameterValues(values=values, variant=variant)

    return base, at


def _grid_arrays(scenario: Scenario, axes: list[tuple[str, tuple[Any, ...]]], variant: str | None,
                 overrides: Mapping[str, Any], between: tuple[str, str] | None) -> dict[str, np.ndarray]:
    """Float arrays (broadcastable to the grid: each axis along its own dimension, so a formula of one
    swept parameter is evaluated once per value, not once per grid point) of every parameter that varies."""
    arrays = {}
    for d, (name, vals) in enumerate(axes):
        arrays[name] = np.array([float(v) for v in vals]).reshape([-1 if k == d else 1 for k in range(len(axes))])
    grid: dict[str, np.ndarray] = {}
    if between is not None:
        fixed = {k: v for k, v in overrides.items() if k not in arrays}
        low = resolve_values(scenario, between[0], fixed)
        high = resolve_values(scenario, between[1], fixed)
        t = arrays.pop("t")
        for n in scenario.parameter_names:
            if low[n] != high[n]:
                grid[n] = float(low[n]) + t * (float(high[n]) - float(low[n]))
    grid.update(arrays)
    return grid


def sweep(scenario: Scenario, axes: Any, *, variant: str | None = None, overrides: Mapping[str, Any] | None = None,
          method: str | None = None, between: tuple[str, str] | None = None, workers: int = 1,
          executor: Executor | None = None, progress: Callable[[int, int], None] | None = None,
          batched: bool = True) -> SweepResult:
    """Solve ``scenario`` at every point of a 1-D or 2-D parameter grid.

    Parameters
    ----------
    scenario : Scenario
    axes : str, mapping or sequence
        ``{name: values}``, or ``"NAME=START:STOP:N"`` texts (one or two), or :class:`SweepAxis`.
    variant : str, optional
        The variant the other parameters come from.
    overrides : mapping, optional
        Further fixed values (``--set``).
    method : str, optional
        The solve method (default: the scenario's).
    between : (str, str), optional
        Sweep the position ``t`` (an axis named ``t``) between two variants: every parameter is
        ``a + t * (b - a)``.
    workers : int
        Processes for the per-point work (1: in this process). Ignored when ``executor`` is given.
    executor : concurrent.futures.Executor, optional
        Where to run chunks of per-point work (e.g. a Dask ``distributed`` client's executor).
    progress : callable, optional
        Called as ``progress(done, total)`` (grid points) while solving.
    batched : bool
        Use the batched fast paths (False: solve every point on its own; for tests and benchmarks).
    """
    items = _normalise_axes(axes)
    method = method or scenario.method
    shape = tuple(len(v) for _, v in items)
    size = int(np.prod(shape))
    if size > MAX_POINTS:
        raise BerlinsimError(f"the grid has {size} points, at most {MAX_POINTS}")
    base, at = _point_values(scenario, items, variant, dict(overrides or {}), between)
    layout = points.layout(scenario, base)
    total = size
    solved = None
    todo = np.ones(size, dtype=bool)
    if batched:
        grid = _grid_arrays(scenario, items, variant, dict(overrides or {}), between)
        done = points.solve_batched(scenario, layout, method, grid, base, shape)
        if done is not None:
            mask, batch = done
            if mask.all():  # nothing left for the general solver: the batch is the result
                solved = {**batch, "batched": np.ones(size, dtype=bool)}
            else:
                solved = points.empty(layout, size)
                points.fill(solved, batch, np.flatnonzero(mask))
            todo = ~mask
    if solved is None:
        solved = points.empty(layout, size)
    if progress is not None:
        progress(total - int(todo.sum()), total)
    index = [np.unravel_index(k, shape) for k in np.flatnonzero(todo)]
    values = [dict(at(tuple(int(i) for i in ix)).values) for ix in index]  # plain dicts: they pickle
    chunks = [values[k:k + CHUNK] for k in range(0, len(values), CHUNK)]
    flat = np.flatnonzero(todo)
    owned = None
    if executor is None and workers > 1 and len(chunks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        owned = executor = ProcessPoolExecutor(max_workers=workers)
    try:
        results = (executor.map(points.solve_chunk, [scenario] * len(chunks), [layout] * len(chunks),
                                [method] * len(chunks), chunks)
                   if executor is not None else (points.solve_chunk(scenario, layout, method, c) for c in chunks))
        done_count = total - len(values)
        for k, batch in enumerate(results):
            points.fill(solved, batch, flat[k * CHUNK:k * CHUNK + len(batch["count"])], batched=False)
            done_count += len(batch["count"])
            if progress is not None:
                progress(done_count, total)
    finally:
        if owned is not None:
            owned.shutdown()
    return points.assemble(scenario, layout, solved, items, shape, variant=variant, between=between,
                           base=base, method=method)
