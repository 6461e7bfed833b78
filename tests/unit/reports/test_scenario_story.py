"""Ties and beliefs of the scenario story (reports/_scenario_story.py).

Regression: ties at an information set that is never reached were computed with every node
weighted by its (zero) probability of being reached, so every action was worth 0 and all of
them were reported as "as good as" the choice made (docs/exercises/un_forum_prepare.yaml:
"USSR, after US chose skip: B would be as good as U" although U gives -1/2 and B -2).
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.result import behavior_equilibrium_from
from berlinsim.model.behavior import plan_beliefs as beliefs
from berlinsim.reports._scenario_story import describe


def _race(after_u: tuple[int, int], after_b: tuple[int, int]) -> ExtensiveGame:
    """US stays out (ends the game) or enters a race; then US: U/B, USSR: U/B without seeing it.

    ``after_u`` / ``after_b``: the USSR's payoffs for (U, B) after the US chose U / B (the US
    gets 2 for out, 1 after U, 0 after B).
    """
    def ussr(us: int, payoffs: tuple[int, int]):
        return decision("USSR", {"U": terminal(us, payoffs[0]), "B": terminal(us, payoffs[1])}, infoset="race")

    return ExtensiveGame.from_tree(decision("US", {
        "out": terminal(2, 0),
        "in": decision("US", {"U": ussr(1, after_u), "B": ussr(0, after_b)})}), players=("US", "USSR"))


# out, then U in the race; the USSR plays U
PLAN = [[[1, 0], [1, 0]], [[1, 0]]]


def test_off_path_values_are_compared_where_the_plan_leads():
    game = _race(after_u=(-1, -4), after_b=(2, 0))
    words = describe(None, game, behavior_equilibrium_from(game, PLAN, exact=True))
    assert words.ties == ()
    assert "USSR, after US chose in: U" in words.off_path


def test_an_off_path_tie_is_still_reported():
    game = _race(after_u=(-1, -1), after_b=(2, 0))
    words = describe(None, game, behavior_equilibrium_from(game, PLAN, exact=True))
    assert words.ties == ("USSR, after US chose in: B would be as good as U",)
    assert words.tie_moves == ((game.player_infosets[1][0], (1,)),)


def test_a_better_action_is_not_a_tie():
    """At a set reached with probability 0 from a part solved as a whole, a better action is not 'as good'."""
    game = ExtensiveGame.from_tree(chance({
        "rare": (0, decision("A", {"x": terminal(1, 0), "y": terminal(2, 0)})),
        "usual": (1, decision("A", {"x": terminal(0, 0), "y": terminal(0, 0)}, infoset="usual"))}), players=("A", "B"))
    words = describe(None, game, behavior_equilibrium_from(game, [[[1, 0], [1, 0]], []], exact=True))
    assert words.ties == ("A, if usual: y would be as good as x",)


def test_beliefs_fall_back_to_the_nodes_with_fewest_unplayed_moves():
    """US never enters and, once in, chooses U for sure: the USSR's set is reached by the US's U only."""
    game = _race(after_u=(0, 0), after_b=(0, 0))
    flat = bh.flatten_behavior(game, PLAN, exact=True)
    assert beliefs(game, flat, game.player_infosets[1][0], exact=True) == [1, 0]
    nothing = bh.flatten_behavior(game, [[[1, 0], [Fraction(1, 3), Fraction(2, 3)]], [[1, 0]]], exact=True)
    assert beliefs(game, nothing, game.player_infosets[1][0], exact=True) == [Fraction(1, 3), Fraction(2, 3)]


@settings(max_examples=30, deadline=None)
@given(st.fractions(0, 1), st.fractions(0, 1))
def test_beliefs_on_the_path_are_bayes_rule(enter, first):
    game = _race(after_u=(0, 0), after_b=(0, 0))
    behavior = [[[1 - enter, enter], [first, 1 - first]], [[1, 0]]]
    flat = bh.flatten_behavior(game, behavior, exact=True)
    h = game.player_infosets[1][0]
    belief = beliefs(game, flat, h, exact=True)
    assert sum(belief) == 1
    reach = bh.exact_realization_probabilities(game, behavior)
    total = sum(reach[n] for n in game.infosets[h].nodes)
    if total > 0:
        assert belief == [reach[n] / total for n in game.infosets[h].nodes]
    else:  # never entered: the race's own plan decides
        assert belief == [first, 1 - first] or first in (0, 1)
