"""Batched backward induction agrees with the general spe solver on random trees, ties flagged."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.model.extensive import CHANCE, ExtensiveGame, chance, decision, terminal
from berlinsim.solvers.batched_tree import batched_backward_induction, supports_batched
from berlinsim.solvers.spe import spe_solve


def _random_spec(rng, depth, players, payoffs):
    if depth == 0 or rng.random() < 0.25:
        return terminal(*[int(x) for x in rng.integers(-payoffs, payoffs + 1, size=len(players))])
    if rng.random() < 0.25:
        split = (Fraction(1, 3), Fraction(2, 3))
        return chance([(f"c{k}", p, _random_spec(rng, depth - 1, players, payoffs)) for k, p in enumerate(split)])
    mover = players[int(rng.integers(len(players)))]
    count = int(rng.integers(2, 4))
    return decision(mover, {f"a{k}": _random_spec(rng, depth - 1, players, payoffs) for k in range(count)})


def _flat(eq):
    return np.array([p for player in eq.behavior for probs in player for p in probs])


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([2, 5, 50]))
def test_matches_spe_where_not_tied(seed, spread):
    rng = np.random.default_rng(seed)
    game = ExtensiveGame.from_tree(decision("A", {"x": _random_spec(rng, 3, ("A", "B"), spread),
                                                  "y": _random_spec(rng, 3, ("A", "B"), spread)}), players=("A", "B"))
    assert supports_batched(game)
    chance_nodes = np.flatnonzero(game.kind == CHANCE)
    probs = tuple(np.array([[s.probabilities[k] for k in range(len(s.probabilities))]])
                  for s in (game.chance_infosets[int(game.infoset[n])] for n in chance_nodes))
    found = batched_backward_induction(game, game.payoffs[None], probs)
    result = spe_solve(game)
    if found.tied[0]:
        assert result.details.tie_nodes  # a tie the batched method saw is a tie the exact solver sees
        return
    assert len(result.equilibria) == 1
    eq = result.equilibria[0]
    assert np.allclose(found.behavior[0], _flat(eq))
    assert np.allclose(found.values[0], eq.payoffs)
    assert np.allclose(found.terminal[0], eq.terminal_distribution)


def test_information_set_under_chance_uses_expected_values():
    # nature picks the type; A does not see it; B answers knowing the type
    def answer(good):
        return decision("B", {"yes": terminal(2 if good else -3, 1), "no": terminal(0, 0 if good else 2)})

    game = ExtensiveGame.from_tree(chance([
        ("good", Fraction(1, 4), decision("A", {"act": answer(True), "wait": terminal(0, 0)}, infoset="plan")),
        ("bad", Fraction(3, 4), decision("A", {"act": answer(False), "wait": terminal(0, 0)}, infoset="plan")),
    ]), players=("A", "B"))
    assert supports_batched(game)
    payoffs = np.stack([game.payoffs, game.payoffs])
    probs = (np.array([[0.25, 0.75], [0.9, 0.1]]),)
    found = batched_backward_induction(game, payoffs, probs)
    # with p(good) = 1/4, B answers no when bad: acting gives 1/4 * 2 + 3/4 * 0 = 0.5 > 0
    assert found.tied.tolist() == [False, False]
    assert found.values[0, 0] == pytest.approx(0.5)
    plan = game.player_infosets[0][0]
    assert game.infosets[plan].label == "plan"
    assert found.behavior[0, :2].tolist() == [1.0, 0.0]
    # with p(good) = 0.9 B says yes when good: 0.9 * 2 = 1.8 > 0, still act
    assert found.values[1, 0] == pytest.approx(1.8)
    assert found.reach[1, game.terminals].sum() == pytest.approx(1.0)


def test_ties_and_bad_probabilities_are_flagged():
    game = ExtensiveGame.from_tree(decision("A", {"x": terminal(1), "y": terminal(1)}))
    assert batched_backward_induction(game, game.payoffs[None], ()).tied[0]
    lottery = ExtensiveGame.from_tree(decision("A", {"x": chance([("h", Fraction(1, 2), terminal(2)),
                                                                  ("t", Fraction(1, 2), terminal(0))]),
                                                     "y": terminal(0)}))
    found = batched_backward_induction(lottery, np.repeat(lottery.payoffs[None], 2, axis=0),
                                       (np.array([[0.5, 0.5], [1.5, -0.5]]),))
    assert found.tied.tolist() == [False, True]


def test_simultaneous_moves_are_not_supported():
    game = ExtensiveGame.from_tree(decision("A", {
        "x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}, infoset="b"),
        "y": decision("B", {"l": terminal(0, 1), "r": terminal(1, 0)}, infoset="b")}))
    assert not supports_batched(game)
    with pytest.raises(ValueError, match="singleton"):
        batched_backward_induction(game, game.payoffs[None], ())
