"""Benchmark: batched Monte Carlo draws per second against the grid sweep's points per second, in one run.

Run from the repository (berlinsim installed; no other tool needed)::

    python benchmarks/bench_monte_carlo.py [--grid 101] [--repeat 3] [--sensitivity 100000]

For each case the grid sweep (``sweep()``, a ``G x G`` grid of two parameters) and the Monte
Carlo run (``sample_outcomes``, ``G * G`` draws of the same two parameters, uniform over the same
box; each sampler) solve the same number of points; the ratio is draws/s over grid points/s
(target: at least 0.3). The per-draw solving it replaces (what ``sweep --sample`` did before: one
exact solve per draw) is timed on 200 draws. Every rate is the best of ``--repeat`` runs.
``--sensitivity N`` also times ``sensitivity_indices`` (Sobol' first-order and total indices and
PAWN, SALib) on N base draws of 08's w and l (N * 4 model runs); 0 skips it.
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from berlinsim.analysis.monte_carlo import sample_outcomes
from berlinsim.analysis.robustness import outcome_labels
from berlinsim.analysis.sweep import sweep
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.scenarios.run import run_scenario

ROOT = Path(__file__).resolve().parents[1]
CASES = {  # scenario: two parameters and the box both methods cover
    "08_berlin_chicken": {"w": (0, 30), "l": (0, 30)},
    "01_acheson_wait": {"p_reasonable": (0, 1), "w_framing": (2, 6)},
    "02_kennedy_plan_buildup": {"p_reasonable": (0, 1), "w_framing": (2, 6)},
}


def _best(function, repeat):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=int, default=101)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sensitivity", type=int, default=100_000)
    args = parser.parse_args()
    n = args.grid * args.grid
    print(f"{n} points per run (grid {args.grid} x {args.grid}; as many draws); best of {args.repeat}")
    print(f"{'case':<26} {'grid pts/s':>12} {'sampler':>8} {'draws/s':>12} {'ratio':>6} {'exact':>6} "
          f"{'per-draw/s':>11} {'speed-up':>9}")
    for name, box in CASES.items():
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        axes = [f"{p}={lo}:{hi}:{args.grid}" for p, (lo, hi) in box.items()]
        grid_time, _ = _best(lambda: sweep(scenario, axes), args.repeat)
        grid_rate = n / grid_time
        distributions = {p: f"uniform({lo}, {hi})" for p, (lo, hi) in box.items()}
        few = sample_outcomes(scenario, distributions, 200, rng=np.random.default_rng(1))
        start = time.perf_counter()
        for k in range(few.n):
            values = {p: Fraction(v).limit_denominator(10**9) for p, v in zip(few.parameters, few.values[k])}
            outcome_labels(run_scenario(scenario, overrides=values))
        per_draw = few.n / (time.perf_counter() - start)
        for sampler in ("random", "lhs", "sobol"):
            mc_time, result = _best(lambda: sample_outcomes(scenario, distributions, n, rng=np.random.default_rng(0),
                                                            sampler=sampler), args.repeat)
            rate = n / mc_time
            print(f"{name:<26} {grid_rate:>12,.0f} {sampler:>8} {rate:>12,.0f} {rate / grid_rate:>6.2f} "
                  f"{int(result.exact.sum()):>6} {per_draw:>11,.0f} {rate / per_draw:>8,.0f}x")
    if args.sensitivity:
        from berlinsim.analysis.sensitivity import sensitivity_indices

        scenario = load_scenario(ROOT / "scenarios" / "08_berlin_chicken.yaml")
        start = time.perf_counter()
        found = sensitivity_indices(scenario, {"w": "uniform(0, 30)", "l": "uniform(0, 30)"}, args.sensitivity,
                                    seed=0)
        seconds = time.perf_counter() - start
        print(f"sensitivity of 08 (w, l): {found.base} base draws, {found.runs} model runs, "
              f"{len(found.records)} indices in {seconds:.1f} s (solving {found.solve_seconds:.1f} s)")


if __name__ == "__main__":
    main()
