"""Cross-checks of pbe with Gambit (pygambit, the ``bench`` extra; skipped without it).

Gambit has no perfect Bayesian solver, but it evaluates behaviour profiles on its own: every
assessment pbe reports must be a Nash equilibrium by Gambit's regret computation, and on the path
its beliefs must equal Gambit's (``MixedBehaviorProfile.belief``, Bayes' rule on realisation
probabilities). The games are written as ``.efg`` and read back by both libraries.
"""

from fractions import Fraction as F

import numpy as np
import pytest

from berlinsim.io.efg import read_efg, write_efg
from berlinsim.solvers.pbe import pbe_solve

from _signalling_games import beer_quiche, khrushchev, random_signalling, spence

gbt = pytest.importorskip("pygambit")


def gambit_node(ggame, game, node):
    g = ggame.root
    for _, action in game.path(node):
        g = list(g.children)[action]
    return g


def check(game, tmp_path):
    path = tmp_path / "game.efg"
    path.write_text(write_efg(game))
    ours, theirs = read_efg(path), gbt.read_efg(str(path))
    result = pbe_solve(ours)
    for eq in result.equilibria:
        profile = theirs.mixed_behavior_profile(rational=True)
        for p in range(ours.num_players):
            for j, h in enumerate(ours.player_infosets[p]):
                infoset = gambit_node(theirs, ours, ours.infosets[h].nodes[0]).infoset
                for a, prob in enumerate(eq.exact_behavior[p][j]):
                    profile[list(infoset.actions)[a]] = gbt.Rational(F(prob).numerator, F(prob).denominator)
        assert profile.max_regret() == 0
        for player in eq.beliefs:
            for b in player:
                if b.source != "path":
                    continue
                for node, mine in zip(b.nodes, b.exact_belief):
                    assert F(str(profile.belief(gambit_node(theirs, ours, node)))) == mine
    return result


@pytest.mark.parametrize("build", [beer_quiche, spence, khrushchev], ids=lambda f: f.__name__)
def test_literature_games_agree_with_gambit(build, tmp_path):
    assert check(build(), tmp_path).equilibria


@pytest.mark.parametrize("seed", range(8))
def test_random_signalling_games_agree_with_gambit(seed, tmp_path):
    check(random_signalling(np.random.default_rng(seed), types=3, messages=2, replies=3), tmp_path)
