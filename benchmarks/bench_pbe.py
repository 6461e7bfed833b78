"""Time perfect Bayesian equilibria (``pbe``) on the shipped trees and on random signalling games.

Not part of the test suite. Gambit has no perfect Bayesian solver, so there is no ratio to an
outside tool: next to each ``pbe`` time stands berlinsim's ``spe`` on the same tree (every
subgame-perfect, i.e. for these trees every Nash, equilibrium: what ``pbe`` refines) and, with the
``bench`` extra installed, pygambit's ``enummixed_solve`` on the reduced normal form of the
signalling games (the extreme Nash equilibria, a comparable enumeration; 20 s limit per run, in a
child process). Printed: median seconds per game, the number of equilibria listed, and whether the
list is complete.

* every scenario in ``scenarios/`` whose game is a tree, built with :mod:`berlinsim.scenarios`;
* random signalling games with 2-4 types, 2-4 messages and 2-4 replies, integer payoffs in
  [-10, 10] (``--seeds`` games per size);
* a sweep of 08d (Bayesian chicken) over ``mu`` with ``pbe`` in points per second (best of
  ``--repeat``), next to ``spe``; and the per-game rate of ``pbe_solve`` on 60 values of ``mu``.

Usage::

    python benchmarks/bench_pbe.py [--seeds 3] [--repeat 3] [--max-size 4]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import numpy as np

from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.reduced_normal_form import to_reduced_normal_form
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.values import resolve_values
from berlinsim.solvers.pbe import pbe_solve
from berlinsim.solvers.spe import spe_solve

ROOT = Path(__file__).resolve().parents[1]


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def signalling_game(rng: np.random.Generator, types: int, messages: int, replies: int) -> ExtensiveGame:
    """Chance draws one of ``types`` types (random rational prior); payoffs uniform integers in [-10, 10]."""
    weights = [int(w) for w in rng.integers(1, 5, size=types)]
    prior = [Fraction(w, sum(weights)) for w in weights]
    pay = rng.integers(-10, 11, size=(types, messages, replies, 2)).tolist()

    def sender(t: int):
        return decision("S", {f"m{m}": decision("R", {f"r{a}": terminal(*pay[t][m][a]) for a in range(replies)},
                                                   infoset=f"m{m}")
                              for m in range(messages)}, infoset=f"t{t}")

    return ExtensiveGame.from_tree(chance({f"t{t}": (prior[t], sender(t)) for t in range(types)}), players=("S", "R"),
                                   title=f"signalling {types}x{messages}x{replies}")


#: Seconds allowed for one pygambit enummixed run (as in the shared conformance reference).
GAMBIT_LIMIT = 20.0


def _gambit_child(a: np.ndarray, b: np.ndarray, out: Any) -> None:
    import pygambit as gbt

    g = gbt.Game.from_arrays(a, b)
    t0 = time.perf_counter()
    gbt.nash.enummixed_solve(g, rational=False)
    out.put(time.perf_counter() - t0)


def gambit_enummixed_seconds(game: ExtensiveGame) -> float | None:
    """Seconds pygambit's enummixed takes on the reduced normal form (inf past the limit; None without pygambit)."""
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return None
    import multiprocessing as mp

    nf, _ = to_reduced_normal_form(game)
    queue: Any = mp.Queue()
    child = mp.Process(target=_gambit_child, args=(np.asarray(nf.payoffs[0]), np.asarray(nf.payoffs[1]), queue))
    child.start()
    child.join(GAMBIT_LIMIT + 5)
    if child.is_alive():
        child.terminate()
        child.join()
        return float("inf")
    return queue.get() if not queue.empty() else float("inf")


def scenarios(repeat: int) -> None:
    print("Shipped tree scenarios (defaults): median seconds per solve")
    print(f"{'scenario':38} {'nodes':>5} {'pbe s':>8} {'#pbe':>5} {'complete':>8} {'spe s':>8} {'#spe':>5}")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        game = build_game(scenario, resolve_values(scenario, None, {})).game
        if not hasattr(game, "player_infosets"):
            continue
        t_pbe, pbe = _median(lambda: pbe_solve(game), repeat)
        t_spe, spe = _median(lambda: spe_solve(game), repeat)
        print(f"{path.stem:38} {game.num_nodes:5d} {t_pbe:8.3f} {len(pbe.equilibria):5d} {str(pbe.complete):>8} "
              f"{t_spe:8.3f} {len(spe.equilibria):5d}")


def signalling(seeds: int, repeat: int, max_size: int) -> None:
    rng = np.random.default_rng(20261207)
    print()
    print(f"Random signalling games ({seeds} per size): median over games of the median seconds per solve")
    print(f"{'types x messages x replies':28} {'pbe s':>8} {'max s':>8} {'#pbe':>6} {'spe s':>8} {'gambit enummixed s':>19}")
    print("(pbe: every extreme perfect Bayesian equilibrium; spe: its method on a tree without proper subgames; "
          "gambit: every extreme Nash equilibrium of the reduced normal form, one run)")
    sizes = range(2, max_size + 1)
    for t, m, r in itertools.product(sizes, sizes, sizes):
        rows = []
        for _ in range(seeds):
            game = signalling_game(rng, t, m, r)
            t_pbe, pbe = _median(lambda: pbe_solve(game), repeat)
            assert pbe.complete
            t_spe, _ = _median(lambda: spe_solve(game), 1)
            t_gbt = gambit_enummixed_seconds(game)
            rows.append((t_pbe, len(pbe.equilibria), t_spe, float("nan") if t_gbt is None else t_gbt))
        med = [statistics.median(col) for col in zip(*rows)]
        gambit = f"> {GAMBIT_LIMIT:.0f}" if med[3] == float("inf") else f"{med[3]:.3f}"
        print(f"{f'{t} x {m} x {r}':28} {med[0]:8.3f} {max(x[0] for x in rows):8.3f} {med[1]:6.0f} {med[2]:8.3f} "
              f"{gambit:>19}", flush=True)


def sweep_08d(repeat: int, points: int = 201) -> None:
    """Points per second of a pbe sweep of 08d over mu, and pbe_solve's rate per game."""
    from berlinsim.analysis.sweep import parse_axis, sweep
    from berlinsim.scenarios.values import resolve_values
    from berlinsim.solvers.pbe import pbe_solve

    s = load_scenario(ROOT / "scenarios" / "08d_berlin_chicken_bayesian.yaml")
    axis = parse_axis(f"mu=0:1:{points}")
    sweep(s, [parse_axis("mu=0:1:3")], method="pbe")  # imports and warm-up
    for method in ("pbe", "spe"):
        best = min(_timed(lambda: sweep(s, [axis], method=method)) for _ in range(repeat))
        print(f"08d sweep, mu = 0:1:{points}, method {method}: {points / best:.1f} points/s")
    games = [build_game(s, resolve_values(s, None, {"mu": Fraction(k, 60)})).game for k in range(60)]
    plain = min(_timed(lambda: [pbe_solve(g) for g in games]) for _ in range(repeat))
    print(f"08d, 60 values of mu: pbe_solve {len(games) / plain:.1f} games/s")


def _timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="random games per size (default 3)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per game (default 3)")
    parser.add_argument("--max-size", type=int, default=4, choices=(2, 3, 4), help="largest types/messages/replies")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    sweep_08d(args.repeat)
    scenarios(args.repeat)
    signalling(args.seeds, args.repeat, args.max_size)


if __name__ == "__main__":
    main()
