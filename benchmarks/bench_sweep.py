"""Benchmark: 101 x 101 parameter sweeps, berlinsim against per-point loops of pygambit, nashpy, quantecon.

Run with an environment that has the other tools (they are not berlinsim dependencies)::

    /tmp/bench-venv/bin/python benchmarks/bench_sweep.py [--grid 101] [--sample 200]

For each case the same payoff grid (``evaluate_payoff_grid``) is given to every tool. berlinsim is
timed twice: the whole ``sweep()`` (payoff, attribute and chance grids, batched solving -- degenerate
points included, by batched vertex enumeration; the exact per-point solver only where floats cannot
decide -- labels and regions: what ``berlinsim sweep`` does) and the batched solver alone
(``batched_equilibria``: all extreme equilibria, degenerate games included), each the best of 5 runs
(as ``timeit`` advises: the minimum is the least disturbed by other work). The other tools solve one
game per point in a Python loop; their rate is measured on ``--sample`` random grid points
(quantecon: 10x more, after a numba warm-up), best of 3 passes, and given as points per second. Equilibrium counts
are compared with pygambit's distinct equilibria on the sampled points, degenerate ones included.

Cases: 2x2 (08 Berlin chicken: w x l), 3x2 (03 British readiness: pi_uk x w_firm_us; no shipped
scenario is 3x3), an inline 3x3 scenario (two parameters), and the 01 tree (p_reasonable x
r_spiral; pygambit: payoffs and chance probabilities updated in place, then ``lcp_solve``).
"""

from __future__ import annotations

import argparse
import io
import time
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np

from berlinsim.analysis.sweep import parse_axis, sweep
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.grid import evaluate_outcome_grid, evaluate_payoff_grid
from berlinsim.scenarios.values import resolve_values
from berlinsim.solvers.batched_matrix import batched_equilibria
from berlinsim.solvers.batched_tree import batched_backward_induction

ROOT = Path(__file__).resolve().parents[1]

THREE_BY_THREE = """
berlinsim: 1
id: postures
title: Three postures (benchmark)
source: {document: memo, paragraphs: [2]}
parameters:
  a: {default: 1, range: [0, 4]}
  b: {default: 1, range: [0, 4]}
players: {US: {}, USSR: {}}
game:
  type: matrix
  actions: {US: [Hold, Talk, Firm], USSR: [Press, Probe, Settle]}
  cells:
    - {actions: [Hold, Press], payoffs: {US: 0.2 + a, USSR: 1.3 - b}}
    - {actions: [Hold, Probe], payoffs: {US: -1.1, USSR: 0.4}}
    - {actions: [Hold, Settle], payoffs: {US: 2.3 - b, USSR: -0.9 + a}}
    - {actions: [Talk, Press], payoffs: {US: 1.4, USSR: -1.2}}
    - {actions: [Talk, Probe], payoffs: {US: 0.5 * a - 0.3, USSR: 1.1 + 0.5 * b}}
    - {actions: [Talk, Settle], payoffs: {US: -0.7, USSR: 0.6}}
    - {actions: [Firm, Press], payoffs: {US: -0.6 + b, USSR: 0.8}}
    - {actions: [Firm, Probe], payoffs: {US: 1.9 - 0.5 * a, USSR: -0.5 + a}}
    - {actions: [Firm, Settle], payoffs: {US: 0.1, USSR: 1.7 - 0.5 * b}}
solve: {method: enummixed}
"""


def _axes(scenario, names, n):
    """The grid as ``berlinsim sweep --vary`` makes it (exact values), parameters from their low end + 4."""
    out = {}
    for name in names:
        p = scenario.parameter(name)
        high = {"p_reasonable": 1, "r_spiral": 0.1}.get(name, min(float(p.high), float(p.low) + 4))
        out[name] = parse_axis(f"{name}={p.low}:{high}:{n}")[1]
    return out


def _time(function, repeat=1):
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def _loop_rate(solve, games, label, repeat=3):
    """Points per second of one solve per game in a loop: the best of ``repeat`` passes (as for berlinsim)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        counts = [solve(*g) for g in games]
        best = min(best, time.perf_counter() - start)
    return len(games) / best, counts


def _pygambit_matrix(gbt):
    def solve(a, b):
        game = gbt.Game.from_arrays(a, b)
        return game, gbt.nash.enummixed_solve(game, rational=False).equilibria
    return solve


def _distinct(game, equilibria):
    """The number of distinct profiles (pygambit's enummixed can list one twice); not timed."""
    return len({tuple(round(float(eq[s]), 9) for s in game.strategies) for eq in equilibria})


def _nashpy(nashpy):
    def solve(a, b):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(list(nashpy.Game(a, b).support_enumeration()))
    return solve


def _quantecon(qe):
    from quantecon.game_theory import NormalFormGame, Player, support_enumeration

    def solve(a, b):
        return len(support_enumeration(NormalFormGame((Player(a), Player(b.T)))))
    return solve


def matrix_case(title, scenario, names, n, sample, tools, rng):
    axes = _axes(scenario, names, n)
    size = n * n
    sweep(scenario, {k: v[:3] for k, v in axes.items()})  # imports and caches warm
    full, result = _time(lambda: sweep(scenario, axes), repeat=5)  # best of 5, as timeit advises
    grid = {names[0]: np.array(axes[names[0]], dtype=float)[:, None],
            names[1]: np.array(axes[names[1]], dtype=float)[None, :]}
    payoffs = evaluate_payoff_grid(scenario, grid, resolve_values(scenario)).reshape(size, 2, *scenario.shape)
    a, b = payoffs[:, 0].copy(), payoffs[:, 1].copy()

    core_time, _ = _time(lambda: batched_equilibria(a, b), repeat=5)  # the whole grid at once, as sweep()
    print(f"\n{title}: {n} x {n} = {size} points, game {' x '.join(map(str, scenario.shape))}")
    print(f"  berlinsim sweep() (all equilibria, labels, regions): {size / full:12,.0f} points/s "
          f"({full:.3f} s; {int(result.batched.sum())} batched, {size - int(result.batched.sum())} per point)")
    print(f"  berlinsim batched solver only:                      {size / core_time:12,.0f} points/s")
    picks = rng.choice(size, size=min(sample, size), replace=False)
    games = [(a[k], b[k]) for k in picks]
    counts_ref = None
    for name, (module, factory, factor) in tools.items():
        if module is None:
            print(f"  {name:10s} not installed")
            continue
        solve = factory(module)
        chosen = [(a[k], b[k]) for k in rng.choice(size, size=min(sample * factor, size), replace=False)]
        if name == "quantecon":
            solve(*chosen[0])  # numba compilation
        rate, counts = _loop_rate(solve, games if factor == 1 else chosen, name)
        print(f"  {name:10s} loop: {rate:12,.0f} points/s   berlinsim sweep() is {size / full / rate:8,.0f}x, "
              f"batched solver {size / core_time / rate:8,.0f}x")
        if name == "pygambit":
            counts_ref = [_distinct(*found) for found in counts]
    if counts_ref is not None:
        ours = result.num_equilibria.reshape(-1)
        agree = int((ours[picks] == np.array(counts_ref)).sum())
        # degenerate points are rare in a random sample: up to 20 of them checked besides (not timed)
        degenerate = np.flatnonzero(result.degenerate.reshape(-1))
        degenerate = rng.choice(degenerate, size=min(20, degenerate.size), replace=False)
        solve = _pygambit_matrix(tools["pygambit"][0])
        same = sum(int(ours[k] == _distinct(*solve(a[k], b[k]))) for k in degenerate)
        print(f"  equilibrium counts equal to pygambit's on {agree} of {len(picks)} sampled points "
              f"and on {same} of {len(degenerate)} degenerate points")


def tree_case(title, scenario, names, n, sample, gbt, rng):
    axes = _axes(scenario, names, n)
    size = n * n
    sweep(scenario, {k: v[:3] for k, v in axes.items()})
    full, result = _time(lambda: sweep(scenario, axes), repeat=5)  # best of 5, as timeit advises
    grid = {names[0]: np.array(axes[names[0]], dtype=float)[:, None],
            names[1]: np.array(axes[names[1]], dtype=float)[None, :]}
    base = resolve_values(scenario)
    payoffs, _, chance = evaluate_outcome_grid(scenario, grid, base)
    payoffs = payoffs.reshape(size, *payoffs.shape[2:])
    chance = tuple(c.reshape(size, -1) for c in chance)
    game = build_game(scenario, base).game
    core_time, _ = _time(lambda: batched_backward_induction(game, payoffs, chance), repeat=5)
    print(f"\n{title}: {n} x {n} = {size} points, tree of {game.num_nodes} nodes")
    print(f"  berlinsim sweep() (spe, labels, regions):           {size / full:12,.0f} points/s "
          f"({full:.3f} s; {int(result.batched.sum())} batched, {size - int(result.batched.sum())} per point)")
    print(f"  berlinsim batched backward induction only:          {size / core_time:12,.0f} points/s")
    if gbt is None:
        print("  pygambit not installed")
        return
    from berlinsim.io.efg import write_efg

    g = gbt.read_efg(io.StringIO(write_efg(game)))
    terminals = [node for node in g.nodes if node.is_terminal]
    outcomes = []
    for k, node in enumerate(terminals):
        outcome = g.add_outcome(f"sweep terminal {k}", [float(x) for x in game.payoffs[k]])
        g.set_outcome(node, outcome)
        outcomes.append(outcome)
    players = list(g.players)
    chance_sets = list(g.players.chance.infosets)
    picks = rng.choice(size, size=min(sample, size), replace=False)
    best = float("inf")
    for _ in range(3):  # the best of 3 passes, as for the matrix loops
        start = time.perf_counter()
        for k in picks:
            for t, outcome in enumerate(outcomes):
                for i, player in enumerate(players):
                    outcome[player] = float(payoffs[k, t, i])
            for s, infoset in enumerate(chance_sets):
                probs = [Fraction(float(p)).limit_denominator(10**9) for p in chance[s][k]]
                g.set_chance_probs(infoset, probs[:-1] + [1 - sum(probs[:-1])])
            gbt.nash.lcp_solve(g, rational=False)
        best = min(best, time.perf_counter() - start)
    rate = len(picks) / best
    print(f"  pygambit   loop (update payoffs + lcp_solve): {rate:10,.0f} points/s   berlinsim sweep() is "
          f"{size / full / rate:8,.0f}x, batched solver {size / core_time / rate:8,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=int, default=101)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(0)

    def optional(name):
        try:
            return __import__(name)
        except ImportError:
            return None

    gbt, nashpy, qe = optional("pygambit"), optional("nashpy"), optional("quantecon")
    tools = {"pygambit": (gbt, _pygambit_matrix, 1), "nashpy": (nashpy, _nashpy, 1), "quantecon": (qe, _quantecon, 10)}
    versions = ", ".join(f"{m.__name__} {getattr(m, '__version__', '?')}" for m in (gbt, nashpy, qe) if m)
    print(f"numpy {np.__version__}; {versions}")
    chicken = load_scenario(ROOT / "scenarios" / "08_berlin_chicken.yaml")
    matrix_case("08 Berlin chicken (2x2)", chicken, ["w", "l"], args.grid, args.sample, tools, rng)
    british = load_scenario(ROOT / "scenarios" / "03_british_readiness.yaml")
    matrix_case("03 British readiness (3x2)", british, ["pi_uk", "w_firm_us"], args.grid, args.sample, tools, rng)
    postures = parse_scenario(THREE_BY_THREE, path="postures.yaml")
    matrix_case("inline 3x3 (two parameters)", postures, ["a", "b"], args.grid, args.sample, tools, rng)
    acheson = load_scenario(ROOT / "scenarios" / "01_acheson_wait.yaml")
    tree_case("01 Acheson postulate (tree)", acheson, ["p_reasonable", "r_spiral"], args.grid, max(args.sample // 2, 20),
              gbt, rng)


if __name__ == "__main__":
    main()
