"""Time enumpoly against pygambit's, and correlated equilibria up to 50x50, in one run.

Not part of the test suite. Needs the optional extra: ``pip install -e ".[bench]"``.

* ``enumpoly`` on random 3-player games with integer payoffs -999..999 (generic: Gambit's
  enumpoly can stall on ties) of shapes 2x2x2, 2x2x3, 2x3x3 and 3x3x3 against
  ``pygambit.nash.enumpoly_solve`` on the same games (written as ``.nfg`` and read by both): median seconds per game, the ratio
  ``pygambit / berlinsim`` (above 1: berlinsim is faster), and agreement: how many games have
  every Gambit equilibrium among berlinsim's, and how many equilibria berlinsim found that
  Gambit did not (each of which passes pygambit's own regret check);
* ``correlated`` (the welfare optimum, each player's best and worst: 5 linear programs,
  exact re-verification) on random n x n games with integer payoffs, n = 5 ... 50: seconds,
  whether optimality was certified exactly, and how many listed equilibria are exact.

Usage::

    python benchmarks/bench_nplayer.py [--games 10] [--seed 0] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from berlinsim.io.nfg import read_nfg, write_nfg
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers.correlated import correlated_solve
from berlinsim.solvers.enumpoly import enumpoly_solve


def _profile_vector(eq) -> np.ndarray:
    return np.concatenate([np.asarray(s, dtype=float) for s in eq.strategies])


def bench_enumpoly(shapes, games: int, seed: int) -> None:
    import pygambit as gbt

    rng = np.random.default_rng(seed)
    print("enumpoly, random 3-player games, integer payoffs -999..999")
    print(f"{'shape':<8}{'games':>6}{'berlinsim s':>13}{'pygambit s':>12}{'ratio':>8}"
          f"{'Gambit in ours':>18}{'extra (verified)':>18}{'incomplete':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            ours_t, theirs_t, contained, extra, verified, incomplete = [], [], 0, 0, 0, 0
            for k in range(games):
                game = NormalFormGame.from_payoffs(rng.integers(-999, 1000, size=(3, *shape)))
                path = Path(tmp) / f"g{k}.nfg"
                path.write_text(write_nfg(game))
                game = read_nfg(path)
                t0 = time.perf_counter()
                ours = enumpoly_solve(game)
                ours_t.append(time.perf_counter() - t0)
                g = gbt.read_nfg(str(path))
                t0 = time.perf_counter()
                theirs = gbt.nash.enumpoly_solve(g)
                theirs_t.append(time.perf_counter() - t0)
                incomplete += not ours.complete
                got = [_profile_vector(eq) for eq in ours.equilibria]
                want = [np.array([float(eq[s]) for p in g.players for s in p.strategies]) for eq in theirs.equilibria]
                contained += all(any(np.max(np.abs(a - w)) <= 1e-5 for a in got) for w in want)
                for eq, a in zip(ours.equilibria, got):
                    if not any(np.max(np.abs(a - w)) <= 1e-5 for w in want):
                        extra += 1
                        profile = g.mixed_strategy_profile(rational=False)
                        for i, player in enumerate(g.players):
                            for j, s in enumerate(player.strategies):
                                profile[s] = eq.strategies[i][j]
                        verified += float(profile.max_regret()) <= 1e-9 * max(1.0, game.max_abs_payoff)
            a, b = statistics.median(ours_t), statistics.median(theirs_t)
            label = "x".join(map(str, shape))
            print(f"{label:<8}{games:>6}{a:>13.3f}{b:>12.3f}{b / a:>8.2f}{f'{contained}/{games}':>18}"
                  f"{f'{extra} ({verified})':>18}{incomplete:>12}")


def bench_correlated(sizes, seed: int) -> None:
    rng = np.random.default_rng(seed)
    print("\ncorrelated equilibria (welfare optimum + each player's best and worst), random n x n games")
    print(f"{'n':>4}{'profiles':>10}{'constraints':>13}{'seconds':>10}{'optimal (certified)':>21}{'exact':>8}")
    for n in sizes:
        game = NormalFormGame.from_payoffs(rng.integers(-20, 21, size=(2, n, n)))
        t0 = time.perf_counter()
        r = correlated_solve(game)
        dt = time.perf_counter() - t0
        exact = sum(eq.exact_regret == 0 for eq in r.equilibria)
        assert all(eq.regret <= 1e-9 * max(1.0, game.max_abs_payoff) for eq in r.equilibria)
        print(f"{n:>4}{n * n:>10}{r.details.constraints:>13}{dt:>10.2f}{str(r.details.certified):>21}"
              f"{f'{exact}/{len(r.equilibria)}':>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="3 games per shape, correlated up to 20x20")
    parser.add_argument("--correlated-only", action="store_true")
    args = parser.parse_args()
    games = 3 if args.quick else args.games
    if not args.correlated_only:
        bench_enumpoly([(2, 2, 2), (2, 2, 3), (2, 3, 3), (3, 3, 3)], games, args.seed)
    bench_correlated([5, 10, 20] if args.quick else [5, 10, 20, 30, 40, 50], args.seed)


if __name__ == "__main__":
    main()
