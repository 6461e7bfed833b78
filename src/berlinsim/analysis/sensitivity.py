"""Which assumption matters: variance-based (Sobol') and moment-independent (PAWN) sensitivity indices.

:func:`sensitivity_indices` draws a Saltelli design of ``N * (D + 2)`` points for ``D`` uncertain
parameters (SALib's scrambled Sobol' sequence in the unit cube, mapped to each parameter's
distribution by its quantile function), solves the scenario at every point with the batched Monte
Carlo of :mod:`berlinsim.analysis.monte_carlo`, and for every output that varies over the sample
computes with SALib:

- ``S1``, the first-order Sobol' index: the share of the output's variance that one parameter
  explains on its own;
- ``ST``, the total index: the share it explains with all its interactions (``ST`` near 0: the
  parameter can be fixed anywhere in its distribution without changing the output);
- ``PAWN``, the median over slices of the parameter of the Kolmogorov-Smirnov distance between
  the output's conditional and unconditional distributions. It needs no variance, so it reads
  outputs that jump at thresholds (an equilibrium's indicator) as well as smooth ones.

Sobol' indices come with bootstrap confidence intervals (half-widths at ``conf_level``); PAWN
has none. The outputs: ``equilibrium: LABEL`` (1 where that outcome is an equilibrium), ``set:
A | B`` (the draw's whole equilibrium set, when some draws have several or none), ``E[attr]`` and
``payoff PLAYER`` of the representative equilibrium (the first in the sweep's order).

SALib is an optional dependency: ``pip install 'berlinsim[sensitivity]'``.

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
...   d: {default: 1, range: [0, 3]}
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
>>> found = sensitivity_indices(game, {"c": "uniform(0, 3)", "d": "uniform(0, 3)"}, 256, seed=0)
>>> found.value("equilibrium: A: go; B: x", "d", "ST").value  # d appears in no payoff
0.0
>>> round(found.value("equilibrium: A: go; B: x", "c", "ST").value, 1)
1.0
"""

from __future__ import annotations

import time
from typing import Any, Callable, Mapping

import numpy as np

from berlinsim.analysis.monte_carlo import MAX_DRAWS, outcomes_at, read_distributions, to_parameters
from berlinsim.errors import BerlinsimError
from berlinsim.model.scenario import Scenario
from berlinsim.model.sensitivity_result import IndexRecord, SensitivityResult

__all__ = ["INSTALL", "output_table", "require_salib", "sensitivity_indices"]

INSTALL = "pip install 'berlinsim[sensitivity]'  (or: pip install SALib)"
#: Slices of each parameter's range for PAWN (SALib's default).
PAWN_SLICES = 10


def require_salib() -> None:
    """Raise a :class:`BerlinsimError` with the install command when SALib is missing."""
    try:
        import SALib  # noqa: F401
    except ImportError:
        raise BerlinsimError(f"sensitivity indices need SALib, an optional dependency: {INSTALL}") from None


def output_table(result: Any) -> dict[str, np.ndarray]:
    """Per-draw outputs of a :class:`~berlinsim.analysis.monte_carlo.MonteCarloResult`, by name (floats)."""
    table = {f"equilibrium: {label}": result.holds[:, j].astype(float) for j, label in enumerate(result.supports)}
    if any(len(s) != 1 for s in result.sets):
        for k, labels in enumerate(result.sets):
            table[f"set: {' | '.join(labels) or '(no equilibrium found)'}"] = (result.set_index == k).astype(float)
    for j, name in enumerate(result.attribute_names):
        table[f"E[{name}]"] = result.attributes[:, j].astype(float)
    for j, player in enumerate(result.players):
        table[f"payoff {player}"] = result.payoffs[:, j].astype(float)
    return table


def sensitivity_indices(scenario: Scenario, distributions: Mapping[str, Any], n: int, *, seed: int | None = 0,
                        variant: str | None = None, overrides: Mapping[str, Any] | None = None,
                        method: str | None = None, num_resamples: int = 100, conf_level: float = 0.95,
                        workers: int = 1, progress: Callable[[int, int], None] | None = None) -> SensitivityResult:
    """Sobol' first-order and total indices (with confidence intervals) and PAWN of every varying output.

    Parameters
    ----------
    scenario : Scenario
    distributions : mapping of str to str or Distribution
        The uncertain parameters (at least one) and their distributions.
    n : int
        Base draws N (rounded up to a power of 2, as the Sobol' sequence needs); the scenario is
        solved at ``N * (D + 2)`` points.
    seed : int or None
        Seeds the scrambling of the design and the bootstrap.
    variant, overrides, method, workers, progress
        As for :func:`berlinsim.analysis.monte_carlo.sample_outcomes`.
    num_resamples, conf_level
        The bootstrap of the Sobol' indices' confidence intervals.
    """
    require_salib()
    from SALib.analyze import pawn, sobol
    from SALib.sample import sobol as sobol_sample

    names, dists = read_distributions(scenario, distributions)
    if n < 2:
        raise BerlinsimError(f"the number of base draws must be at least 2, got {n}")
    base = 1 << int(np.ceil(np.log2(n)))
    runs = base * (len(names) + 2)
    if runs > MAX_DRAWS:
        raise BerlinsimError(f"{base} base draws of {len(names)} parameters are {runs} runs, at most {MAX_DRAWS}")
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    unit = sobol_sample.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
    values = to_parameters(scenario, dict(zip(names, dists)), unit)
    start = time.perf_counter()
    found = outcomes_at(scenario, names, values, variant=variant, overrides=overrides, method=method,
                        workers=workers, progress=progress)
    seconds = time.perf_counter() - start
    # SALib seeds its bootstrap only with a non-zero seed (0 falls back to numpy's global state): a positive
    # integer drawn from SeedSequence(seed) makes every seed, 0 included, reproducible
    bootstrap = int(np.random.SeedSequence(seed).generate_state(1)[0]) + 1
    records: list[IndexRecord] = []
    outputs: list[str] = []
    constant: list[tuple[str, float]] = []
    for output, y in output_table(found).items():
        if not np.isfinite(y).all():
            continue  # a payoff at a draw with no equilibrium found: no index
        if float(y.max() - y.min()) <= 1e-12 * max(1.0, float(np.abs(y).max())):
            constant.append((output, float(y[0])))
            continue
        outputs.append(output)
        s = sobol.analyze(problem, y, calc_second_order=False, num_resamples=num_resamples, conf_level=conf_level,
                          seed=bootstrap)
        p = pawn.analyze(problem, unit, y, S=PAWN_SLICES)  # no randomness (a seed would reset numpy's global one)
        for j, name in enumerate(names):
            records += [IndexRecord(output=output, parameter=name, index="S1", value=_clean(s["S1"][j]),
                                    conf=_clean(s["S1_conf"][j])),
                        IndexRecord(output=output, parameter=name, index="ST", value=_clean(s["ST"][j]),
                                    conf=_clean(s["ST_conf"][j])),
                        IndexRecord(output=output, parameter=name, index="PAWN", value=_clean(p["median"][j]),
                                    conf=None)]
    return SensitivityResult(scenario_id=scenario.id, title=scenario.title, parameters=names,
                             distributions=tuple(str(d) for d in dists), outputs=tuple(outputs),
                             constant=tuple(constant), records=tuple(records), base=base, runs=runs,
                             conf_level=conf_level, seed=seed, method=found.method, solve_seconds=seconds)


def _clean(x: Any) -> float:
    """A float without a negative zero (an index of exactly 0 reads 0.0)."""
    return float(x) + 0.0
