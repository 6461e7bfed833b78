"""Solving a scenario at many parameter points, one by one, in this process or through an executor.

The Monte Carlo draws of :mod:`berlinsim.analysis.robustness` and the scan of
:mod:`berlinsim.analysis.thresholds` solve the scenario at scattered points (no grid the
batched solvers could take whole). :func:`run_points` cuts the points into chunks and maps
them over a :class:`concurrent.futures.Executor` (a process pool for ``workers > 1``, or any
executor given, e.g. a Dask ``distributed`` client's), reporting ``progress(done, total)``.
Answers come back in the order of the points, whatever the executor: the same with one
worker or many.

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
>>> runs = run_points(game, [{"c": 0}, {"c": 3}])
>>> [run.result.equilibria[0].exact_strategies[0] for run in runs]
[(Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1))]
"""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any, Callable, Mapping, Sequence

from berlinsim.errors import BerlinsimError

__all__ = ["CHUNK", "run_points"]

CHUNK = 16
"""Points per task handed to an executor."""


def _solve_chunk(scenario: Any, variant: str | None, method: str | None, chunk: Sequence[Mapping[str, Any]],
                 reduce: Callable[[Any], Any] | None) -> list[Any]:
    """Solve at every point of ``chunk`` (a module-level function: it pickles for a process pool)."""
    from berlinsim.scenarios.run import run_scenario

    runs = (run_scenario(scenario, variant=variant, overrides=values, method=method) for values in chunk)
    return [run if reduce is None else reduce(run) for run in runs]


def run_points(scenario: Any, points: Sequence[Mapping[str, Any]], *, variant: str | None = None,
               method: str | None = None, reduce: Callable[[Any], Any] | None = None, workers: int = 1,
               executor: Executor | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """Solve ``scenario`` at each point (a mapping of parameter values); one answer per point, in order.

    Parameters
    ----------
    scenario : Scenario
    points : sequence of mapping
        Parameter values per point (``--set`` style overrides, applied after ``variant``).
    variant, method
        As for :func:`berlinsim.scenarios.run.run_scenario`.
    reduce : callable, optional
        Applied to each :class:`ScenarioRun` where it is solved (a module-level function when the
        executor runs in other processes); default: the run itself.
    workers : int
        Processes (1: in this process). Ignored when ``executor`` is given.
    executor : concurrent.futures.Executor, optional
        Where to run the chunks.
    progress : callable, optional
        Called as ``progress(done, total)`` (points) as chunks finish.
    """
    if workers < 1:
        raise BerlinsimError(f"workers must be at least 1, got {workers}")
    points = [dict(p) for p in points]
    total = len(points)
    chunks = [points[k:k + CHUNK] for k in range(0, total, CHUNK)]
    owned = None
    if executor is None and workers > 1 and len(chunks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        owned = executor = ProcessPoolExecutor(max_workers=workers)
    answers: list[Any] = []
    if progress is not None:
        progress(0, total)
    try:
        results = (executor.map(_solve_chunk, *zip(*[(scenario, variant, method, c, reduce) for c in chunks]))
                   if executor is not None and chunks
                   else (_solve_chunk(scenario, variant, method, c, reduce) for c in chunks))
        for batch in results:
            answers.extend(batch)
            if progress is not None:
                progress(len(answers), total)
    finally:
        if owned is not None:
            owned.shutdown()
    return answers
