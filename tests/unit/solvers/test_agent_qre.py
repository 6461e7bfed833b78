"""Agent-form logit QRE: literature games, path shape, refusals, and verified limits on random trees."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import assume, given, settings

from _extensive_trees import random_games

from berlinsim.model.catalog import kuhn_poker
from berlinsim.errors import SolverError
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.solvers._sequence_polish import polish
from berlinsim.solvers.agent_qre import agent_qre_solve


def entry_game():
    return ExtensiveGame.from_tree(decision("Entrant", {
        "Out": terminal(0, 2),
        "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))


def selten_horse():
    """Selten (1975), fig. 1: three players; (D, ., L) is Nash but not perfect."""
    return ExtensiveGame.from_tree(decision("1", {
        "C": decision("2", {"c": terminal(1, 1, 1),
                            "d": decision("3", {"L": terminal(4, 4, 0), "R": terminal(1, 1, 1)}, infoset="3")}),
        "D": decision("3", {"L": terminal(3, 2, 2), "R": terminal(0, 0, 0)}, infoset="3")}))


def centipede(rounds=4):
    """Rosenthal's centipede: the mover takes 4/5 of a doubling pot or passes; unique SPE: take."""
    def node(k):
        if k == rounds:
            return terminal(2 ** rounds, 2 ** rounds)
        mover, other = 4 * 2 ** k, 2 ** k
        take = terminal(mover, other) if k % 2 == 0 else terminal(other, mover)
        return decision(str(k % 2 + 1), {"take": take, "pass": node(k + 1)})
    return ExtensiveGame.from_tree(node(0), players=("1", "2"))


def test_entry_deterrence_limit_is_subgame_perfect():
    r = agent_qre_solve(entry_game())
    eq = r.equilibria[0]
    assert r.exact and eq.exact_behavior == (((0, 1),), ((0, 1),))
    assert eq.exact_payoffs == (1, 1)
    assert r.method == "agent_qre" and not r.complete


def test_selten_horse_limit_is_the_sequential_equilibrium():
    r = agent_qre_solve(selten_horse())
    eq = r.equilibria[0]
    assert eq.payoffs == pytest.approx((1, 1, 1))
    assert eq.behavior[0][0] == pytest.approx((1, 0))       # player 1 continues
    assert eq.behavior[2][0] == pytest.approx((0, 1))       # player 3 plays R
    # beliefs at player 3's information set: the node after C, d (first in preorder)
    assert r.details.beliefs[2][0] == pytest.approx(1.0)


def test_centipede_limit_takes_at_once():
    r = agent_qre_solve(centipede())
    eq = r.equilibria[0]
    assert all(probs == pytest.approx((1, 0)) for player in eq.behavior for probs in player)
    assert eq.regret == 0


def test_kuhn_poker_limit_has_the_game_value():
    r = agent_qre_solve(kuhn_poker())
    eq = r.equilibria[0]
    assert eq.payoffs[0] == pytest.approx(-1 / 18, abs=1e-9)
    assert eq.relative_regret <= r.tolerance or eq.exact_regret == 0
    beh = dict(zip((s.label for s in kuhn_poker().infosets), (p for player in eq.behavior for p in player)))
    a = beh["J"][1]
    assert 0 <= a <= 1 / 3 + 1e-9 and beh["K"][1] == pytest.approx(3 * a, abs=1e-7)
    assert beh["Qb"] == pytest.approx((2 / 3, 1 / 3), abs=1e-7)
    assert r.details.status in ("polished", "regret")


def test_path_starts_at_the_centroid_and_lambda_grows():
    r = agent_qre_solve(kuhn_poker())
    path = r.details.path
    assert path.lambdas[0] == 0 and np.all(np.diff(path.lambdas) > 0)
    assert np.allclose(path.profiles[0], 0.5)
    assert path.behavior_at(kuhn_poker(), 0)[0][0] == (0.5, 0.5)
    sums = np.add.reduceat(path.profiles, kuhn_poker().action_offset[:-1], axis=1)
    assert np.allclose(sums, 1.0)


def test_no_early_stop_traces_to_max_lambda():
    r = agent_qre_solve(entry_game(), max_lambda=50.0, early_stop=False)
    assert r.details.status == "max_lambda" and r.details.path.lambdas[-1] >= 50.0
    assert r.equilibria[0].exact_behavior == (((0, 1),), ((0, 1),))


def test_absent_mindedness_is_refused():
    driver = ExtensiveGame.from_tree(decision("D", {
        "exit": terminal(0), "go": decision("D", {"exit": terminal(4), "go": terminal(1)}, infoset="x")}, infoset="x"))
    with pytest.raises(SolverError, match="absent-mindedness"):
        agent_qre_solve(driver)


def test_imperfect_recall_without_equilibrium_is_reported_not_faked():
    # player A forgets their first move: (L, x) and (R, y) win for A, B guesses in between
    g = ExtensiveGame.from_tree(decision("A", {
        "L": decision("B", {"l": decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}, infoset="late"),
                            "r": decision("A", {"x": terminal(0, 1), "y": terminal(1, 0)}, infoset="late")}),
        "R": decision("B", {"l": decision("A", {"x": terminal(0, 1), "y": terminal(1, 0)}, infoset="late"),
                            "r": decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}, infoset="late")})}))
    assert not g.is_perfect_recall
    r = agent_qre_solve(g, max_lambda=200.0)
    for eq in r.equilibria:
        assert bh.relative_regret(g, eq.behavior) <= r.tolerance
    if not r.equilibria:
        assert any("no equilibrium" in n for n in r.notes)


def test_game_without_moves_is_refused():
    with pytest.raises(SolverError, match="some player moves"):
        agent_qre_solve(ExtensiveGame.from_tree(terminal(1, 2), players=("a", "b")))


def test_polish_corrects_a_perturbed_equilibrium_and_needs_perfect_recall():
    g = kuhn_poker()
    # Kuhn's equilibrium with a = 0: player 1 never bets first, calls with a queen 1/3, a king always;
    # player 2 bluffs a jack 1/3 after a check, calls a bet with a queen 1/3
    by_label = {"J": [1, 0], "Jcb": [1, 0], "Q": [1, 0], "Qcb": [F(2, 3), F(1, 3)], "K": [1, 0], "Kcb": [0, 1],
                "Jc": [F(2, 3), F(1, 3)], "Jb": [1, 0], "Qc": [1, 0], "Qb": [F(2, 3), F(1, 3)], "Kc": [0, 1],
                "Kb": [0, 1]}
    labels = [s.label for s in g.infosets]
    flat = np.concatenate([np.asarray(by_label[lab], dtype=float) for lab in labels])
    assert bh.regret(g, bh.nest_behavior(g, flat)) <= 1e-12
    # as at the end of a QRE path: mixed probabilities slightly off, unused actions tiny, except
    # the two unused bets that are as good as checking (they pin player 2's calling with a queen)
    noisy = flat + np.random.default_rng(1).normal(0, 1e-4, flat.size) * (flat % 1 != 0)
    noisy = np.where(flat == 0, 1e-12, noisy)
    for lab in ("J", "K"):
        h = labels.index(lab)
        noisy[g.action_offset[h] + 1] = 1e-5
    noisy /= np.repeat(np.add.reduceat(noisy, g.action_offset[:-1]), np.diff(g.action_offset))
    assert bh.regret(g, bh.nest_behavior(g, noisy)) > 1e-6
    found = polish(g, noisy, 1e-9)
    assert found is not None and found[1] <= 1e-9
    polished = dict(zip(labels, (p for player in found[0] for p in player)))
    assert polished["Qb"] == pytest.approx((2 / 3, 1 / 3), abs=1e-12)
    driver = ExtensiveGame.from_tree(decision("A", {
        "L": decision("B", {"l": decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}, infoset="late")}),
        "R": decision("B", {"l": decision("A", {"x": terminal(0, 1), "y": terminal(1, 0)}, infoset="late")})}))
    assert polish(driver, np.full(driver.num_actions, 0.5), 1e-9) is None


@settings(max_examples=15, deadline=None)
@given(random_games(max_depth=4))
def test_two_player_limits_are_equilibria(game):
    assume(game.num_actions > 0)
    r = agent_qre_solve(game)
    assert r.equilibria, r.notes
    eq = r.equilibria[0]
    assert bh.regret(game, eq.behavior) <= 1e-9 * max(1.0, game.max_abs_payoff)


@settings(max_examples=10, deadline=None)
@given(random_games(num_players=3, max_depth=4))
def test_three_player_limits_are_equilibria(game):
    assume(game.num_actions > 0)
    r = agent_qre_solve(game)
    assert r.equilibria, r.notes
    if r.exact:
        assert bh.exact_regret(game, r.equilibria[0].exact_behavior) == 0
    assert bh.regret(game, r.equilibria[0].behavior) <= 1e-9 * max(1.0, game.max_abs_payoff)
