"""Admissible beliefs (limits of Bayes' rule) and the sequential-rationality check, on small trees."""

from fractions import Fraction as F

from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.solvers._beliefs import admissible_beliefs, coupled_actions
from berlinsim.solvers._sequential import assess, continuation_plans
from berlinsim.solvers.pbe import pbe_solve


def three_routes():
    """1 stays out (L) or goes M or R; after M, 2 picks a (to x) or b (to y); R leads to z; 3 cannot tell x, y, z."""
    def p3(u):
        return decision("3", {"e": terminal(0, 0, u), "f": terminal(0, 0, 1 - u)}, infoset="p3")

    return ExtensiveGame.from_tree(decision("1", {
        "L": terminal(1, 0, 0),
        "M": decision("2", {"a": p3(1), "b": p3(0)}, infoset="p2"),
        "R": p3(1)}), players=("1", "2", "3"))


def test_a_history_needing_more_unplayed_moves_gets_no_weight():
    game = three_routes()
    # 1 plays L, 2 plays b: x needs M and a, y needs M only, z needs R
    flat = [1, 0, 0, 0, 1, 1, 0]
    (h3,) = game.player_infosets[2]
    adm = admissible_beliefs(game, flat, h3)
    assert adm.source == "free" and adm.disjoint
    assert adm.vertices == ((0, 1, 0), (0, 0, 1))
    assert adm.classes == (frozenset({1}), frozenset({2}))  # M, R (global action indices)


def test_own_deviation_keeps_beliefs_about_chance():
    # chance then 1 (not seeing it) chooses; 1 deviates to "ask", then must guess: the prior stays
    def guess(good):
        return decision("1", {"yes": terminal(int(good)), "no": terminal(int(not good))}, infoset="guess")

    game = ExtensiveGame.from_tree(chance({
        "good": (F(1, 3), decision("1", {"stop": terminal(0), "ask": guess(True)}, infoset="start")),
        "bad": (F(2, 3), decision("1", {"stop": terminal(0), "ask": guess(False)}, infoset="start"))}))
    flat = [1, 0, 0, 1]  # stop; would answer "no"
    adm = admissible_beliefs(game, flat, game.player_infosets[0][1])
    assert adm.source == "plan" and adm.vertices == ((F(1, 3), F(2, 3)),)


def test_zero_probability_chance_moves_are_not_trembled():
    game = ExtensiveGame.from_tree(chance({
        "a": (1, decision("A", {"x": terminal(1), "y": terminal(0)}, infoset="h")),
        "b": (0, decision("A", {"x": terminal(0), "y": terminal(1)}, infoset="h"))}))
    adm = admissible_beliefs(game, [1, 0], 0)
    assert adm.vertices == ((1, 0),) and adm.source == "path"


def test_free_beliefs_hanging_on_the_same_trembles_are_flagged():
    """2 and 3 both face {after M, after R}, 3 after 2's move c: a sequential equilibrium ties their beliefs."""
    def p3(first):
        return decision("3", {"e": terminal(0, 1, int(first)), "f": terminal(0, 1, int(not first))}, infoset="p3")

    game = ExtensiveGame.from_tree(decision("1", {
        "L": terminal(1, 0, 0),
        "M": decision("2", {"c": p3(True), "d": terminal(0, 0, 0)}, infoset="p2"),
        "R": decision("2", {"c": p3(False), "d": terminal(0, 0, 0)}, infoset="p2")}), players=("1", "2", "3"))
    flat = [1, 0, 0, 1, 0, 1, 0]
    sets = [admissible_beliefs(game, flat, h) for h in range(game.num_infosets)]
    assert sorted(coupled_actions(sets)) == [1, 2]
    beliefs, sequential = assess(game, flat)
    assert not sequential
    result = pbe_solve(game)
    assert result.details.sequential == (False, False)
    assert any("a sequential equilibrium ties them together" in n for n in result.notes)


def test_continuation_plans_follow_own_reachability():
    game = three_routes()
    # player 1's only set: three plans; player 2's: two
    assert len(continuation_plans(game, 0)) == 3 and len(continuation_plans(game, 1)) == 2


def test_assess_rejects_a_threat_no_belief_supports():
    game = three_routes()
    # 3's e is right at x and z (payoff 1), wrong at y; f the reverse. With 2 playing a, 3's belief is on x or z
    ok = assess(game, [1, 0, 0, 1, 0, 1, 0])
    assert ok is not None
    bad = assess(game, [1, 0, 0, 1, 0, 0, 1])   # f: right only at y, which needs b: no admissible belief
    assert bad is None
