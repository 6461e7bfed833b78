"""Time berlinsim's normal-form solvers against pygambit, quantecon and nashpy in one run.

Not part of the test suite. Needs the optional extra: ``pip install -e ".[bench]"``.
Every library solves the same random n x n games with integer payoffs (seeded), and
the script prints median seconds per game and the ratio ``other / berlinsim`` (above 1:
berlinsim is faster). The equilibrium counts are compared too, so a fast wrong answer
shows up.

Usage::

    python benchmarks/bench_normal_form.py            # n = 2..12, 5 games each
    python benchmarks/bench_normal_form.py --quick    # n = 2, 4, 6, 8, 10, 3 games each
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Callable

import numpy as np

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.io.nfg import write_nfg
from berlinsim.solvers import solve


def _median_seconds(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _distinct(profiles, g) -> int:
    """How many different profiles pygambit listed (its enummixed can list one twice)."""
    return len({tuple(round(float(p[s]), 9) for player in g.players for s in player.strategies) for p in profiles})


def _games(n: int, count: int, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))) for _ in range(count)]


def all_equilibria_table(sizes: list[int], count: int, nashpy_max: int) -> list[dict]:
    import nashpy
    import pygambit as gbt
    import quantecon.game_theory as qgt

    warm = qgt.NormalFormGame((qgt.Player(np.eye(2)), qgt.Player(np.eye(2))))
    t0 = time.perf_counter()
    qgt.vertex_enumeration(warm)
    warmup = time.perf_counter() - t0
    print(f"quantecon numba warm-up (not counted below): {warmup:.2f} s\n")
    rows = []
    rng = np.random.default_rng(20261128)
    for n in sizes:
        stats: dict[str, list[float]] = {k: [] for k in ("berlinsim", "exact", "pygambit", "quantecon", "nashpy", "lh", "gambit_lcp")}
        mismatches = 0
        for a, b in _games(n, count, rng):
            game = NormalFormGame.from_bimatrix(a, b)
            t, ours = _median_seconds(lambda: solve(game, "enummixed", exact=False), 3)
            stats["berlinsim"].append(t)
            t, _ = _median_seconds(lambda: solve(game, "enummixed"), 3)
            stats["exact"].append(t)
            g = gbt.Game.from_arrays(a, b)
            t, theirs = _median_seconds(lambda: gbt.nash.enummixed_solve(g, rational=False), 1)
            stats["pygambit"].append(t)
            qg = qgt.NormalFormGame((qgt.Player(a.astype(float)), qgt.Player(b.T.astype(float))))
            t, q = _median_seconds(lambda: qgt.vertex_enumeration(qg), 3)
            stats["quantecon"].append(t)
            if n <= nashpy_max:
                t, _ = _median_seconds(lambda: list(nashpy.Game(a, b).vertex_enumeration()), 1)
                stats["nashpy"].append(t)
            t, _ = _median_seconds(lambda: solve(game, "lh", label=0, exact=False), 3)
            stats["lh"].append(t)
            t, _ = _median_seconds(lambda: gbt.nash.lcp_solve(g, rational=False, stop_after=1), 3)
            stats["gambit_lcp"].append(t)
            if len(ours.equilibria) != _distinct(theirs.equilibria, g):
                mismatches += 1
        med = {k: (statistics.median(v) if v else float("nan")) for k, v in stats.items()}
        rows.append({"n": n, **med, "mismatches": mismatches})
    return rows


def end_to_end(n: int = 8) -> dict[str, float]:
    """A fresh process that reads an n x n .nfg file and prints all extreme equilibria."""
    rng = np.random.default_rng(8)
    a, b = rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))
    game = NormalFormGame.from_bimatrix(a, b, title="benchmark")
    folder = Path(tempfile.mkdtemp())
    path = folder / "game.nfg"
    path.write_text(write_nfg(game))
    reader = textwrap.dedent(
        f"""
        import pygambit as gbt, numpy as np
        g = gbt.read_nfg({str(path)!r})
        A, B = (np.array(m, dtype=float) for m in g.to_arrays())
        """
    )
    scripts = {
        "pygambit": f"import pygambit as gbt\nprint(gbt.nash.enummixed_solve(gbt.read_nfg({str(path)!r}), rational=False).equilibria)",
        "quantecon": reader + "import quantecon.game_theory as q\nprint(q.vertex_enumeration(q.NormalFormGame((q.Player(A), q.Player(B.T)))))",
        "nashpy": reader + "import nashpy\nprint(list(nashpy.Game(A, B).vertex_enumeration()))",
    }
    commands = {"berlinsim": [sys.executable, "-m", "berlinsim", "solve", str(path), "--format", "json"]}
    commands.update({k: [sys.executable, "-c", v] for k, v in scripts.items()})
    out = {}
    for name, cmd in commands.items():
        subprocess.run(cmd, check=True, capture_output=True)  # warm the file cache (and numba's on-disk cache)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times)
    return out


def small_qre() -> list[tuple[str, float, float]]:
    """The logit QRE path to its limit on small games (what ``test_qre`` once timed): berlinsim's
    ``qre`` against pygambit's ``logit_solve``, best of 5 runs each (seconds)."""
    import pygambit as gbt

    from berlinsim.solvers.qre import qre_solve

    games = {
        "chicken 2x2": NormalFormGame.symmetric([[0, -1], [1, -10]]),
        "3x3": NormalFormGame.from_bimatrix([[3, 0, 1], [0, 2, 0], [1, 1, 1]], [[2, 1, 0], [0, 3, 1], [1, 0, 2]]),
    }
    out = []
    for name, g in games.items():
        other = gbt.Game.from_arrays(*(np.array(u, dtype=float) for u in g.payoffs))
        ours = min(_median_seconds(lambda: qre_solve(g, early_stop=False), 1)[0] for _ in range(5))
        theirs = min(_median_seconds(lambda: gbt.nash.logit_solve(other), 1)[0] for _ in range(5))
        out.append((name, ours, theirs))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--nashpy-max", type=int, default=8, help="largest n given to nashpy (it is slow)")
    args = parser.parse_args()
    sizes = [2, 4, 6, 8, 10] if args.quick else list(range(2, 13))
    count = 3 if args.quick else 5
    rows = all_equilibria_table(sizes, count, args.nashpy_max)
    print("All extreme equilibria of random n x n games, payoffs 0..99 (median seconds per game).")
    print("berlinsim = enummixed in floats (as the others run); exact = berlinsim in exact rationals, verified.")
    print("ratio = other / berlinsim (above 1: berlinsim faster); lh = Lemke-Howson from label 0 (floats) vs Gambit's lcp.")
    print(f"{'n':>3} {'exact':>9} {'berlinsim':>10} {'pygambit':>10} {'ratio':>7} {'quantecon':>10} {'ratio':>7} {'nashpy':>10} {'ratio':>8} | {'lh':>9} {'gbt lcp':>9} {'ratio':>6} {'count≠':>6}")
    for r in rows:
        print(
            f"{r['n']:>3} {r['exact']:>9.2e} {r['berlinsim']:>10.2e} {r['pygambit']:>10.2e} {r['pygambit'] / r['berlinsim']:>7.1f} "
            f"{r['quantecon']:>10.2e} {r['quantecon'] / r['berlinsim']:>7.2f} {r['nashpy']:>10.2e} "
            f"{r['nashpy'] / r['berlinsim']:>8.1f} | {r['lh']:>9.2e} {r['gambit_lcp']:>9.2e} "
            f"{r['gambit_lcp'] / r['lh']:>6.2f} {r['mismatches']:>6}"
        )
    print("\nLogit QRE to its limit on small games (best of 5, seconds; ratio = pygambit / berlinsim)")
    for name, ours, theirs in small_qre():
        print(f"  {name:<12} berlinsim {ours:8.4f}  pygambit logit {theirs:8.4f}  ratio {theirs / ours:6.2f}")
    print("\nEnd to end: a fresh process solves an 8x8 .nfg file (median of 3 runs, seconds)")
    e2e = end_to_end()
    for name, t in e2e.items():
        print(f"  {name:<10} {t:6.3f} s   ratio {t / e2e['berlinsim']:.2f}")


if __name__ == "__main__":
    main()
