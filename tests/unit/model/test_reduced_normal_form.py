"""Tests of the reduced normal form: strategies, labels, payoffs against the tree, Kuhn's theorem, speed."""

import time
from fractions import Fraction as F
from itertools import product

import numpy as np
from hypothesis import given, settings, strategies as st

from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.reduced_normal_form import mixed_to_behavior, to_reduced_normal_form
from berlinsim.model.catalog import kuhn_poker


def pure_profile(game, strategy_map, cells):
    """The behaviour profile of pure reduced strategies (starred information sets: first action)."""
    return tuple(tuple(tuple(int(a == max(c, 0)) for a in range(game.infosets[h].num_actions))
                       for h, c in zip(game.player_infosets[p], strategy_map.choices[p][cells[p]]))
                 for p in range(game.num_players))


def test_entry_game_labels_and_payoffs():
    g = ExtensiveGame.from_tree(decision("E", {
        "Out": terminal(0, 2),
        "In": decision("I", {"Fight": terminal(-1, -1), "Accommodate": decision("E", {"a": terminal(1, 1), "b": terminal(2, 0)})})}))
    nf, smap = to_reduced_normal_form(g)
    assert nf.actions == (("Out/*", "In/a", "In/b"), ("Fight", "Accommodate"))
    assert smap.choices[0] == ((0, -1), (1, 0), (1, 1))
    assert nf.exact_payoffs[0].tolist() == [[0, 0], [-1, 1], [-1, 2]]
    assert smap.consistent[0].tolist() == [[True, False, False, False], [False, True, True, False], [False, True, False, True]]


def test_kuhn_poker_sizes_and_value():
    g = kuhn_poker(3, card_names="012")
    nf, smap = to_reduced_normal_form(g)
    assert nf.shape == (27, 64) and nf.is_exact
    # player 1's maximin over pure strategies against player 2's optimal mix is bounded by the value -1/18
    third = F(1, 3)
    probs = {"0": (1, 0), "1": (1, 0), "2": (0, 1), "0cb": (1, 0), "1cb": (1 - third, third), "2cb": (0, 1),
             "0c": (1 - third, third), "1c": (1, 0), "2c": (0, 1), "0b": (1, 0), "1b": (1 - third, third), "2b": (0, 1)}
    beh = tuple(tuple(probs[g.infosets[h].label] for h in g.player_infosets[p]) for p in range(2))
    assert bh.exact_expected_payoffs(g, beh)[0] == F(-1, 18)


def test_five_card_variant_is_fast():
    g = kuhn_poker(5)
    assert g.num_nodes == 181
    start = time.perf_counter()
    nf, _ = to_reduced_normal_form(g)
    elapsed = time.perf_counter() - start
    assert nf.shape == (243, 1024)
    assert elapsed < 1.0


def test_three_players_tensor_matches_tree():
    g = ExtensiveGame.from_tree(decision("A", {
        "x": chance({"h": ("1/4", decision("B", {"l": terminal(1, 2, 3), "r": decision("C", {"u": terminal(0, 1, 0), "d": terminal(5, 5, 5)})})),
                     "t": ("3/4", decision("C", {"u": terminal(2, 0, 1), "d": terminal(-1, -1, -1)}))}),
        "y": terminal(1, 1, 1)}))
    nf, smap = to_reduced_normal_form(g)
    for cells in product(*[range(n) for n in nf.shape]):
        prof = pure_profile(g, smap, cells)
        assert tuple(nf.exact_payoffs[(slice(None), *cells)]) == bh.exact_expected_payoffs(g, prof)


def test_imperfect_recall_player_gets_general_reduced_strategies():
    g = ExtensiveGame.from_tree(decision("A", {
        "L": decision("A", {"x": terminal(1), "y": terminal(0)}, infoset="forget"),
        "R": decision("A", {"x": terminal(0), "y": terminal(2)}, infoset="forget")}))
    assert not g.is_perfect_recall
    nf, smap = to_reduced_normal_form(g)
    assert nf.shape == (4,) and sorted(smap.choices[0]) == [(0, 0), (0, 1), (1, 0), (1, 1)]


@st.composite
def random_trees(draw):
    counter = [0]

    def node(depth):
        if depth <= 0 or draw(st.integers(0, 3)) == 0:  # "pair" steps down by 2: depth may reach -1
            return terminal(*[draw(st.integers(-3, 3)) for _ in range(2)])
        kind = draw(st.sampled_from(["A", "B", "chance", "pair"]))
        if kind == "chance":
            return chance([("u", F(1, 3), node(depth - 1)), ("v", F(2, 3), node(depth - 1))])
        if kind == "pair":
            counter[0] += 1
            label = f"b{counter[0]}"  # fixed before the subtrees draw their own labels
            kids = [decision("B", {"l": node(depth - 2), "r": node(depth - 2)}, infoset=label) for _ in "xy"]
            return decision("A", {"x": kids[0], "y": kids[1]})
        return decision(kind, {f"{kind}{i}": node(depth - 1) for i in range(draw(st.integers(1, 3)))})

    return ExtensiveGame.from_tree(node(4), players=("A", "B"))


@settings(max_examples=40, deadline=None)
@given(random_trees(), st.integers(0, 2**32 - 1))
def test_payoffs_and_kuhn_theorem_on_random_trees(game, seed):
    nf, smap = to_reduced_normal_form(game)
    rng = np.random.default_rng(seed)
    cells = tuple(int(rng.integers(n)) for n in nf.shape)
    assert tuple(nf.exact_payoffs[(slice(None), *cells)]) == bh.exact_expected_payoffs(game, pure_profile(game, smap, cells))
    mixed = [[F(int(x), 10) for x in rng.multinomial(10, np.ones(n) / n)] for n in nf.shape]
    beh = mixed_to_behavior(game, smap, mixed, exact=True)
    from berlinsim.model.profile import exact_expected_payoffs as nf_payoffs
    assert bh.exact_expected_payoffs(game, beh) == nf_payoffs(nf, mixed)
    # distinct reduced strategies are distinct plans and each player's strategies cover every terminal
    for p in range(game.num_players):
        assert len(set(smap.choices[p])) == len(smap.choices[p])
        assert smap.consistent[p].any(axis=0).all()
