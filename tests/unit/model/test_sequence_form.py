"""Sequence form: sequences, constraints, payoff matrices, plan <-> behaviour conversions."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import GameError
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.sequence_form import (
    behavior_from_plans,
    is_realization_plan,
    payoff_gradient,
    realization_plans,
    sequence_form,
    sequence_values,
)
from berlinsim.model.catalog import kuhn_poker


def random_profile(game, rng, exact):
    """A random behaviour profile (Fractions with small denominators when exact)."""
    out = []
    for p in range(game.num_players):
        per = []
        for h in game.player_infosets[p]:
            k = game.infosets[h].num_actions
            if exact:
                w = [int(v) for v in rng.integers(0, 4, size=k)]
                if sum(w) == 0:
                    w[0] = 1
                per.append(tuple(F(v, sum(w)) for v in w))
            else:
                per.append(tuple(rng.dirichlet(np.ones(k))))
        out.append(tuple(per))
    return tuple(out)


@st.composite
def trees(draw, num_players=2):
    """Small perfect-recall trees with chance and information sets across subtrees."""
    players = tuple(str(i + 1) for i in range(num_players))
    count = [0]

    def node(depth):
        if depth <= 0 or draw(st.integers(0, 4)) == 0:
            return terminal(*[draw(st.integers(-3, 3)) for _ in players])
        kind = draw(st.sampled_from(["move", "chance", "hidden"]))
        if kind == "chance":
            return chance([("u", F(1, 3), node(depth - 1)), ("v", F(2, 3), node(depth - 1))])
        mover = draw(st.sampled_from(players))
        if kind == "hidden":  # the other player moves without seeing mover's choice
            other = players[(players.index(mover) + 1) % num_players]
            count[0] += 1
            label = f"hid{count[0]}"
            kids = {f"m{i}": decision(other, {"l": node(depth - 2), "r": node(depth - 2)}, infoset=label)
                    for i in range(2)}
            return decision(mover, kids)
        return decision(mover, {f"a{i}": node(depth - 1) for i in range(draw(st.integers(1, 3)))})

    return ExtensiveGame.from_tree(node(4), players=players)


def test_kuhn_poker_sizes_and_constraints():
    g = kuhn_poker()
    sf = sequence_form(g)
    assert sf.num_sequences == (13, 13)
    E, Fm = sf.constraints
    assert E.shape == (7, 13) and Fm.shape == (7, 13)
    assert E[0].tolist() == [1] + [0] * 12
    # every information-set row has one -1 (the parent sequence) and +1 per action
    assert all(sorted(row[row != 0].tolist()) == [-1, 1, 1] for row in E[1:])
    assert sf.constraint_rhs(0).tolist() == [1, 0, 0, 0, 0, 0, 0]
    assert sum(sf.exact_chance_weight) == 6 * F(1, 6) * 5  # 6 deals x 5 terminals each


def test_kuhn_poker_payoff_is_bilinear_in_plans():
    g = kuhn_poker()
    sf = sequence_form(g)
    A, B = sf.payoff_matrices(exact=True)
    assert (A + B == 0).all()  # zero-sum tree gives zero-sum sequence form
    rng = np.random.default_rng(3)
    for _ in range(5):
        prof = random_profile(g, rng, exact=True)
        x, y = realization_plans(sf, prof, exact=True)
        assert x.dot(A).dot(y) == bh.exact_expected_payoffs(g, prof)[0]
        assert is_realization_plan(sf, 0, list(x)) and is_realization_plan(sf, 1, list(y))


def test_sequence_numbering_follows_information_set_order():
    g = ExtensiveGame.from_tree(decision("A", {
        "x": decision("A", {"p": terminal(1), "q": terminal(2)}, infoset="second"),
        "y": terminal(0)}, infoset="first"))
    sf = sequence_form(g)
    assert sf.sequence_action[0].tolist() == [-1, 0, 1, 2, 3]
    assert sf.parent_sequence.tolist() == [0, 1]
    assert sf.terminal_sequences[:, 0].tolist() == [3, 4, 2]


def test_imperfect_recall_is_refused():
    absent_minded = ExtensiveGame.from_tree(decision("D", {
        "exit": terminal(0), "go": decision("D", {"exit": terminal(4), "go": terminal(1)}, infoset="x")}, infoset="x"))
    with pytest.raises(GameError, match="perfect recall"):
        sequence_form(absent_minded)


def test_payoff_matrices_need_two_players_but_weights_do_not():
    g = ExtensiveGame.from_tree(decision("1", {"a": decision("2", {"b": decision("3", {"c": terminal(1, 2, 3)})})}))
    sf = sequence_form(g)
    with pytest.raises(GameError, match="2 players"):
        sf.payoff_matrices()
    assert sf.terminal_weights(2).tolist() == [3.0]
    assert sf.terminal_sequences.tolist() == [[1, 1, 1]]


def test_float_and_exact_matrices_agree():
    g = kuhn_poker()
    sf = sequence_form(g)
    fa, fb = sf.payoff_matrices()
    ea, eb = sf.payoff_matrices(exact=True)
    np.testing.assert_allclose(fa, ea.astype(float))
    np.testing.assert_allclose(fb, eb.astype(float))


def test_behavior_from_plans_off_path_default_and_given():
    g = ExtensiveGame.from_tree(decision("A", {
        "x": decision("A", {"p": terminal(1), "q": terminal(2)}, infoset="late"),
        "y": terminal(0)}))
    plans = ([F(1), F(0), F(1), F(0), F(0)],)
    assert behavior_from_plans(g, plans, exact=True) == (((0, 1), (F(1, 2), F(1, 2))),)
    assert behavior_from_plans(g, plans, exact=True, off_path=[(1, 0), (0, 1)])[0][1] == (0, 1)
    floats = behavior_from_plans(g, [[1.0, -1e-17, 1.0, 0.0, 0.0]])
    assert floats[0][0] == (0.0, 1.0)


def test_bad_inputs_are_located():
    g = kuhn_poker()
    with pytest.raises(GameError, match="one entry per player"):
        realization_plans(g, [[]])
    with pytest.raises(GameError, match="13 sequences"):
        behavior_from_plans(g, [[1] * 12, [1] * 13])
    assert not is_realization_plan(sequence_form(g), 0, [1] * 12)


@settings(max_examples=40, deadline=None)
@given(trees(), st.integers(0, 2**32 - 1))
def test_plans_reproduce_tree_payoffs_and_behaviour(game, seed):
    rng = np.random.default_rng(seed)
    sf = sequence_form(game)
    prof = random_profile(game, rng, exact=True)
    plans = realization_plans(sf, prof, exact=True)
    a, b = sf.payoff_matrices(exact=True)
    x, y = plans
    assert (x.dot(a).dot(y), x.dot(b).dot(y)) == bh.exact_expected_payoffs(game, prof)
    assert all(is_realization_plan(sf, p, list(plans[p])) for p in range(2))
    back = behavior_from_plans(sf, plans, exact=True)
    for p in range(2):
        for j, h in enumerate(game.player_infosets[p]):
            if plans[p][sf.parent_sequence[h]] > 0:  # reached by the player's own plan
                assert back[p][j] == tuple(prof[p][j])
    fplans = realization_plans(sf, prof)
    np.testing.assert_allclose(fplans[0], np.asarray(x, dtype=float), atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(trees(num_players=3), st.integers(0, 2**32 - 1))
def test_three_player_weights_give_expected_payoffs(game, seed):
    sf = sequence_form(game)
    prof = random_profile(game, np.random.default_rng(seed), exact=True)
    plans = realization_plans(sf, prof, exact=True)
    for p in range(3):
        weights = sf.terminal_weights(p, exact=True)
        seqs = sf.terminal_sequences
        total = sum(w * plans[0][seqs[t, 0]] * plans[1][seqs[t, 1]] * plans[2][seqs[t, 2]]
                    for t, w in enumerate(weights))
        assert total == bh.exact_expected_payoffs(game, prof)[p]


@settings(max_examples=30, deadline=None)
@given(trees(num_players=3), st.integers(0, 2**32 - 1))
def test_sequence_values_are_the_tree_best_response_values(game, seed):
    """The backward pass over sequences agrees with the tree's backward best response (behavior.py)."""
    sf = sequence_form(game)
    prof = random_profile(game, np.random.default_rng(seed), exact=True)
    plans = realization_plans(sf, prof, exact=True)
    best = bh.exact_best_response_values(game, prof)
    payoffs = bh.exact_expected_payoffs(game, prof)
    for p in range(3):
        values, slack = sequence_values(sf, plans, p, exact=True)
        assert values[0] == best[p]
        assert all(v >= 0 for v in slack)
        assert plans[p].dot(payoff_gradient(sf, plans, p, exact=True)) == payoffs[p]
        fvalues, _ = sequence_values(sf, [np.asarray(x, dtype=float) for x in plans], p)
        assert fvalues[0] == pytest.approx(float(best[p]), abs=1e-12)


def test_kuhn_slack_marks_the_losing_call():
    g = kuhn_poker()
    sf = sequence_form(g)
    # both players always check/fold/call as in a naive profile; player 1 calling with a jack loses
    prof = tuple(tuple((F(1, 2), F(1, 2)) for _ in g.player_infosets[p]) for p in range(2))
    plans = realization_plans(sf, prof, exact=True)
    _, slack = sequence_values(sf, plans, 0, exact=True)
    jcb = g.player_infosets[0][[g.infosets[h].label for h in g.player_infosets[0]].index("Jcb")]
    fold, call = sf.action_sequence[g.action_offset[jcb]:g.action_offset[jcb + 1]]
    assert slack[fold] == 0 and slack[call] > 0
