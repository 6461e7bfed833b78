"""Tests of behaviour profiles: realisation probabilities, payoffs, best responses and regret.

Kuhn poker (Kuhn 1950): the game value for player 1 is -1/18; one equilibrium family has player 1
bet the Jack with probability a in [0, 1/3], call with the Queen after check-bet with a + 1/3 and bet
the King with 3a; player 2 bets the Jack after a check with 1/3, calls a bet with the Queen with 1/3
and always bets or calls with the King.
"""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import GameError
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.catalog import kuhn_poker


def profile_by_label(game, probs):
    return tuple(tuple(tuple(probs[game.infosets[h].label]) for h in game.player_infosets[p])
                 for p in range(game.num_players))


def kuhn_equilibrium(a):
    third = F(1, 3)
    return {"J": (1 - a, a), "Q": (1, 0), "K": (1 - 3 * a, 3 * a),
            "Jcb": (1, 0), "Qcb": (1 - a - third, a + third), "Kcb": (0, 1),
            "Jc": (1 - third, third), "Qc": (1, 0), "Kc": (0, 1),
            "Jb": (1, 0), "Qb": (1 - third, third), "Kb": (0, 1)}


def entry_game():
    return ExtensiveGame.from_tree(
        decision("Entrant", {"Out": terminal(0, 2),
                             "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))


@pytest.mark.parametrize("a", [F(0), F(1, 6), F(1, 3)])
def test_kuhn_poker_value_and_equilibrium(a):
    g = kuhn_poker()
    prof = profile_by_label(g, kuhn_equilibrium(a))
    assert bh.exact_expected_payoffs(g, prof) == (F(-1, 18), F(1, 18))
    assert bh.exact_regret(g, prof) == 0
    assert bh.regret(g, prof) == pytest.approx(0, abs=1e-12)


def test_kuhn_poker_regret_positive_away_from_equilibrium():
    g = kuhn_poker()
    probs = kuhn_equilibrium(F(0))
    probs["Qb"] = (0, 1)  # player 2 always calls with the Queen: player 1 should stop bluffing... and value bets
    prof = profile_by_label(g, probs)
    r = bh.exact_regret(g, prof)
    assert r > 0
    assert bh.regret(g, prof) == pytest.approx(float(r))


def test_realisation_probabilities_and_terminal_distribution():
    g = entry_game()
    mixed = (((F(1, 4), F(3, 4)),), ((F(1, 3), F(2, 3)),))
    reach = bh.exact_realization_probabilities(g, mixed)
    assert reach.tolist() == [1, F(1, 4), F(3, 4), F(1, 4), F(1, 2)]
    assert bh.exact_terminal_distribution(g, mixed).tolist() == [F(1, 4), F(1, 4), F(1, 2)]
    assert bh.terminal_distribution(g, mixed).sum() == pytest.approx(1)
    assert bh.exact_expected_payoffs(g, mixed) == (F(1, 4), F(3, 4))


def test_entry_deterrence_threat_is_nash_and_best_response_values():
    g = entry_game()
    threat = (((1, 0),), ((1, 0),))
    assert bh.exact_best_response_values(g, threat) == (F(0), F(2))
    accommodate = (((1, 0),), ((0, 1),))  # entrant stays out although the incumbent would accommodate
    assert bh.exact_regret(g, accommodate) == 1
    assert bh.best_response_values(g, accommodate).tolist() == [1.0, 2.0]


def test_profile_validation():
    g = entry_game()
    with pytest.raises(GameError, match="one entry per player"):
        bh.flatten_behavior(g, [[[1, 0]]])
    with pytest.raises(GameError, match="probability vector"):
        bh.flatten_behavior(g, [[[0.5, 0.6]], [[1, 0]]])
    with pytest.raises(GameError, match="probability vector"):
        bh.flatten_behavior(g, [[[F(1, 2), F(1, 3)]], [[1, 0]]], exact=True)
    with pytest.raises(GameError, match="2 actions"):
        bh.flatten_behavior(g, [[[1, 0, 0]], [[1, 0]]])


def test_nest_and_pure_behavior_round_trip():
    g = kuhn_poker()
    flat = np.arange(g.num_actions)
    nested = bh.nest_behavior(g, flat)
    assert [len(x) for x in nested] == [6, 6]
    pure = bh.pure_behavior(g, [[0] * 6, [1] * 6])
    assert pure[1][0] == (0, 1)


def test_imperfect_recall_best_response_by_enumeration():
    # Player A forgets her first move; a best response against B's fixed behaviour is found over pure strategies.
    g = ExtensiveGame.from_tree(decision("A", {
        "L": decision("B", {"l": decision("A", {"x": terminal(3, 0), "y": terminal(0, 0)}, infoset="late"),
                            "r": terminal(0, 1)}),
        "R": decision("B", {"l": decision("A", {"x": terminal(0, 0), "y": terminal(2, 0)}, infoset="late"),
                            "r": terminal(0, 1)})}))
    assert not g.is_perfect_recall
    prof = (((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))), ((1, 0), (1, 0)))
    assert bh.exact_best_response_values(g, prof)[0] == 3  # L then x


@st.composite
def random_trees(draw):
    """Random small trees with chance, information sets shared between sibling subtrees, perfect recall."""
    players = ("A", "B")
    counter = [0]

    def node(depth):
        if depth <= 0 or draw(st.integers(0, 3)) == 0:  # "pair" steps down by 2: depth may reach -1
            return terminal(*[draw(st.integers(-3, 3)) for _ in players])
        kind = draw(st.sampled_from(["A", "B", "chance", "pair"]))
        if kind == "chance":
            return chance([("u", F(1, 3), node(depth - 1)), ("v", F(2, 3), node(depth - 1))])
        if kind == "pair":  # A moves, B does not see it: one B information set over both children
            counter[0] += 1
            label = f"b{counter[0]}"
            kids = [decision("B", {"l": node(depth - 2), "r": node(depth - 2)}, infoset=label) for _ in range(2)]
            return decision("A", {"x": kids[0], "y": kids[1]})
        return decision(kind, {f"{kind.lower()}{i}": node(depth - 1) for i in range(draw(st.integers(1, 3)))})

    return ExtensiveGame.from_tree(node(4), players=players)


@settings(max_examples=40, deadline=None)
@given(random_trees(), st.integers(0, 2**32 - 1))
def test_backward_best_response_equals_pure_enumeration(game, seed):
    rng = np.random.default_rng(seed)
    flat = np.empty(game.num_actions)
    for h in range(game.num_infosets):
        lo, hi = game.action_offset[h], game.action_offset[h + 1]
        flat[lo:hi] = rng.dirichlet(np.ones(hi - lo))
    prof = bh.nest_behavior(game, flat)
    assert game.is_perfect_recall
    values = bh.best_response_values(game, prof)
    for p in range(game.num_players):
        others = bh._reach(game, bh._edge_factors(game, flat, False, skip_player=p))[game.terminals]
        brute = bh._best_pure_value(game, p, others * game.payoffs[:, p])
        assert values[p] == pytest.approx(brute, abs=1e-12)
    assert bh.regret(game, prof) >= 0
    assert bh.terminal_distribution(game, prof).sum() == pytest.approx(1)
