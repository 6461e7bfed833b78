"""Time berlinsim's extensive-form solvers against pygambit in one run.

Not part of the test suite. Needs the optional extra: ``pip install -e ".[bench]"``.
Every game is built with berlinsim, written as a Gambit ``.efg`` file and read by both
libraries, so both solve the very same tree. Printed: median seconds and the ratio
``pygambit / berlinsim`` (above 1: berlinsim is faster).

* backward induction (``spe``) on random perfect-information trees against pygambit's
  ``lcp_solve`` on the same file (pygambit no longer ships a subgame-perfect solver);
* sequence-form ``lcp`` on Kuhn poker and its 4- and 5-card variants;
* the agent-form logit QRE path on Kuhn poker against pygambit's ``logit_solve``;
* the reduced normal form of the 5-card variant (``--slow``: pygambit needs about a minute).

Usage::

    python benchmarks/bench_extensive.py [--slow]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

from berlinsim.io.efg import read_efg, write_efg
from berlinsim.model.catalog import kuhn_poker
from berlinsim.model.extensive import ExtensiveGame, decision, terminal
from berlinsim.model.reduced_normal_form import to_reduced_normal_form
from berlinsim.solvers import solve


#: pygambit's lcp on a perfect-information tree grows steeply (about 4 minutes at 511 nodes here);
#: larger trees are solved by berlinsim only.
GAMBIT_MAX_NODES = 400


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def random_tree(branching: int, depth: int, rng: np.random.Generator) -> ExtensiveGame:
    """A perfect-information tree, players alternating, distinct integer payoffs (no ties)."""
    counter = iter(rng.permutation(10 * branching ** depth))

    def node(level: int):
        if level == depth:
            return terminal(int(next(counter)), int(next(counter)))
        return decision(str(level % 2 + 1), {f"a{k}": node(level + 1) for k in range(branching)})

    return ExtensiveGame.from_tree(node(0), players=("1", "2"), title=f"random b={branching} d={depth}")


def _both(game: ExtensiveGame, folder: Path):
    import pygambit as gbt

    path = folder / "game.efg"
    path.write_text(write_efg(game))
    return read_efg(path), gbt.read_efg(str(path))


def main() -> None:
    import pygambit as gbt

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", action="store_true", help="also time pygambit's reduced normal form (about a minute)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rng = np.random.default_rng(20261128)

    print("Backward induction (berlinsim spe, all SPE) vs pygambit lcp_solve on the same perfect-information tree")
    print(f"{'b':>2} {'d':>3} {'nodes':>8} {'berlinsim':>10} {'pygambit':>10} {'ratio':>7}")
    for b, depths in ((2, (4, 6, 8, 10, 12)), (3, (3, 5, 7, 9))):
        for d in depths:
            ours, theirs = _both(random_tree(b, d, rng), folder)
            t_ours = _median(lambda: solve(ours, "spe"), 3)
            if ours.num_nodes > GAMBIT_MAX_NODES:
                print(f"{b:>2} {d:>3} {ours.num_nodes:>8} {t_ours:>10.2e} {'skipped':>10} {'':>7}")
                continue
            t_gbt = _median(lambda: gbt.nash.lcp_solve(theirs, rational=False), 1)
            print(f"{b:>2} {d:>3} {ours.num_nodes:>8} {t_ours:>10.2e} {t_gbt:>10.2e} {t_gbt / t_ours:>7.1f}")

    print("\nSequence-form LCP: one equilibrium (berlinsim lcp vs pygambit lcp_solve, both in floats and exact)")
    print(f"{'game':<22} {'nodes':>6} {'float':>9} {'gbt float':>10} {'ratio':>6} {'exact':>9} {'gbt exact':>10} {'ratio':>6}")
    for cards in (3, 4, 5):
        ours, theirs = _both(kuhn_poker(cards), folder)
        t_f = _median(lambda: solve(ours, "lcp", exact=False), 5)
        g_f = _median(lambda: gbt.nash.lcp_solve(theirs, rational=False), 5)
        t_e = _median(lambda: solve(ours, "lcp"), 5)
        g_e = _median(lambda: gbt.nash.lcp_solve(theirs, rational=True), 3)
        print(f"{ours.title:<22} {ours.num_nodes:>6} {t_f:>9.2e} {g_f:>10.2e} {g_f / t_f:>6.1f} {t_e:>9.2e} {g_e:>10.2e} {g_e / t_e:>6.1f}")

    print("\nAgent-form logit QRE path to its limit")
    ours, theirs = _both(kuhn_poker(3), folder)
    t_q = _median(lambda: solve(ours, "agent_qre"), 3)
    g_q = _median(lambda: gbt.nash.logit_solve(theirs), 1)
    print(f"  Kuhn poker: berlinsim {t_q:.3f} s, pygambit logit_solve {g_q:.3f} s, ratio {g_q / t_q:.1f}")

    print("\nReduced normal form of the 5-card variant")
    ours, theirs = _both(kuhn_poker(5), folder)
    t_r = _median(lambda: to_reduced_normal_form(ours), 3)
    table, _ = to_reduced_normal_form(ours)
    line = f"  berlinsim {t_r:.4f} s ({' x '.join(map(str, table.shape))} strategies)"
    if args.slow:
        g_r = _median(lambda: theirs.to_arrays(), 1)
        line += f", pygambit to_arrays {g_r:.1f} s, ratio {g_r / t_r:.0f}"
    print(line)


if __name__ == "__main__":
    main()
