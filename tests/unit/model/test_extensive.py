"""Tests of the extensive-form game model: construction, arrays, validation, recall, subgames."""

from fractions import Fraction

import numpy as np
import pytest

from berlinsim.errors import GameError
from berlinsim.model.extensive import (
    DECISION,
    TERMINAL,
    ExtensiveGame,
    NodeRecord,
    TreeError,
    chance,
    decision,
    perfect_recall_problems,
    subgame_roots,
    terminal,
)


def entry_game() -> ExtensiveGame:
    return ExtensiveGame.from_tree(
        decision("Entrant", {"Out": terminal(0, 2),
                             "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))


def matching_pennies_tree() -> ExtensiveGame:
    return ExtensiveGame.from_tree(decision("A", {
        "H": decision("B", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="guess"),
        "T": decision("B", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="guess")}))


def test_arrays_in_preorder():
    g = entry_game()
    assert g.kind.tolist() == [DECISION, TERMINAL, DECISION, TERMINAL, TERMINAL]
    assert g.parent.tolist() == [-1, 0, 0, 2, 2]
    assert g.parent_action.tolist() == [-1, 0, 1, 0, 1]
    assert g.depth.tolist() == [0, 1, 1, 2, 2]
    assert g.subtree_end.tolist() == [5, 2, 5, 4, 5]
    assert g.children(2) == (3, 4)
    assert g.terminals.tolist() == [1, 3, 4]
    assert g.terminal_index.tolist() == [-1, 0, -1, 1, 2]
    assert g.player.tolist() == [0, -1, 1, -1, -1]
    assert g.edge_action.tolist() == [-1, 0, 1, 2, 3]
    assert g.last_action.tolist() == [[-1, -1], [0, -1], [1, -1], [1, 2], [1, 3]]
    assert g.num_actions == 4 and g.action_offset.tolist() == [0, 2, 4]
    assert g.is_exact and not g.has_chance
    with pytest.raises(ValueError):
        g.kind[0] = 2  # read-only


def test_infosets_shared_and_imperfect_information():
    g = matching_pennies_tree()
    assert not g.is_perfect_information and g.is_perfect_recall
    assert g.num_infosets == 2
    assert g.infosets[1].nodes == (1, 4) and g.infosets[1].label == "guess"
    assert g.player_infosets == ((0,), (1,))
    assert subgame_roots(g) == (0,)


def test_chance_probabilities_exact_and_float():
    g = ExtensiveGame.from_tree(chance({"a": ("1/3", terminal(1)), "b": ("2/3", terminal(0))}), players=("P",))
    assert g.exact_move_prob == (Fraction(1), Fraction(1, 3), Fraction(2, 3))
    assert g.move_prob.tolist() == pytest.approx([1, 1 / 3, 2 / 3])
    f = ExtensiveGame.from_tree(chance({"a": (0.25, terminal(1)), "b": (0.75, terminal(0))}), players=("P",))
    assert f.exact_move_prob is None and not f.is_exact
    assert f.chance_infosets[0].probabilities == (0.25, 0.75)


@pytest.mark.parametrize("probs, message", [
    (("1/2", "1/3"), "sum to 5/6"),
    (("3/2", "-1/2"), r"\[0, 1\]"),
    ((0.5, 0.4), "not 1"),
])
def test_bad_probabilities(probs, message):
    with pytest.raises(TreeError, match=message):
        ExtensiveGame.from_tree(chance({"a": (probs[0], terminal(1)), "b": (probs[1], terminal(0))}), players=("P",))


def test_infoset_with_different_actions_is_rejected():
    with pytest.raises(TreeError, match="has actions"):
        ExtensiveGame.from_tree(decision("A", {
            "x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}, infoset="b"),
            "y": decision("B", {"l": terminal(0, 1), "m": terminal(1, 0)}, infoset="b")}))


def test_infoset_mixing_players_is_two_infosets_in_specs_but_rejected_in_records():
    # In records an infoset is keyed by (player, number), so nodes of different players never share one.
    recs = [NodeRecord(kind=DECISION, player=0, infoset=1, actions=("a", "b")),
            NodeRecord(kind=DECISION, player=1, infoset=1, actions=("c",)),
            NodeRecord(kind=TERMINAL, payoffs=(0, 0)),
            NodeRecord(kind=DECISION, player=0, infoset=1, actions=("a", "b")),
            NodeRecord(kind=TERMINAL, payoffs=(0, 0)), NodeRecord(kind=TERMINAL, payoffs=(1, 1))]
    g = ExtensiveGame.from_records(players=("A", "B"), records=recs)
    assert [s.player for s in g.infosets] == [0, 1]
    assert not g.is_perfect_recall  # player A's infoset 1 contains the root and a node after A's own move


def test_unreachable_and_incomplete_records():
    leaf = NodeRecord(kind=TERMINAL, payoffs=(1,))
    root = NodeRecord(kind=DECISION, player=0, infoset=1, actions=("a", "b"))
    with pytest.raises(TreeError, match="unreachable") as info:
        ExtensiveGame.from_records(players=("A",), records=[root, leaf, leaf, leaf])
    assert info.value.node == 3
    with pytest.raises(TreeError, match="incomplete"):
        ExtensiveGame.from_records(players=("A",), records=[root, leaf])
    with pytest.raises(TreeError, match="payoffs"):
        ExtensiveGame.from_records(players=("A",), records=[root, leaf, NodeRecord(kind=TERMINAL, payoffs=(1, 2))])
    with pytest.raises(TreeError, match="player"):
        ExtensiveGame.from_records(players=("A",), records=[NodeRecord(kind=DECISION, player=3, actions=("a",)), leaf])


def test_outcomes_on_inner_nodes_are_added_along_the_path():
    g = ExtensiveGame.from_tree(decision("A", {"a": terminal(1, 1), "b": terminal()}, payoffs=("1/2", 2)),
                                players=("A", "B"))
    assert g.exact_payoffs.tolist() == [[Fraction(3, 2), Fraction(3)], [Fraction(1, 2), Fraction(2)]]
    assert g.terminal_payoffs(3 - 1) == (Fraction(1, 2), Fraction(2))


def test_float_payoffs_make_game_inexact():
    g = ExtensiveGame.from_tree(decision("A", {"a": terminal(0.1), "b": terminal(1)}))
    assert g.exact_payoffs is None and g.payoffs[:, 0].tolist() == [0.1, 1.0]


def test_imperfect_recall_is_reported_not_refused():
    forgetful = ExtensiveGame.from_tree(decision("A", {
        "L": decision("B", {"l": decision("A", {"x": terminal(1, 0), "y": terminal(0, 0)}, infoset="late"),
                            "r": terminal(0, 1)}),
        "R": decision("B", {"l": decision("A", {"x": terminal(0, 0), "y": terminal(1, 0)}, infoset="late"),
                            "r": terminal(0, 1)})}))
    assert not forgetful.is_perfect_recall
    (problem,) = perfect_recall_problems(forgetful)
    assert "late" in problem and "L" in problem and "R" in problem


def test_subgame_roots_in_perfect_information_and_mixed_trees():
    assert subgame_roots(entry_game()) == (0, 2)
    g = ExtensiveGame.from_tree(decision("A", {
        "out": terminal(2, 2),
        "in": decision("A", {
            "H": decision("B", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="g"),
            "T": decision("B", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="g")})}))
    assert subgame_roots(g) == (0, 2)


def test_attributes_and_labels_kept():
    g = ExtensiveGame.from_tree(decision("A", {"war": terminal(-5, label="w", outcome="War", attributes={"war": True}),
                                               "peace": terminal(1, outcome="Peace")}, label="start"))
    assert g.node_labels == ("start", "w", "")
    assert g.outcome_labels == ("War", "Peace")
    assert g.attributes == ((("war", True),), ())


def test_equality_and_player_lookup():
    assert entry_game() == entry_game()
    assert entry_game() != matching_pennies_tree()
    g = entry_game()
    assert g.player_index("Incumbent") == 1 and g.player_index(0) == 0
    with pytest.raises(GameError):
        g.player_index("Nobody")


def test_deep_tree_builds_without_recursion():
    spec = terminal(0)
    for k in range(3000):
        spec = decision("A", {"stop": terminal(k), "go": spec})
    g = ExtensiveGame.from_tree(spec)
    assert g.num_nodes == 6001 and int(g.depth.max()) == 3000
    assert np.all(g.parent[1:] < np.arange(1, g.num_nodes))


def test_same_history_at_different_depths_is_perfect_recall():
    # A takes the same move x at depth 1 on one path and at depth 2 on the other (C moves first there):
    # her histories at information set h agree, so the game has perfect recall.
    def rest():
        return decision("A", {"x": decision("B", {"l": decision("A", {"u": terminal(0, 0, 0), "d": terminal(1, 1, 1)},
                                                               infoset="h"),
                                                  "r": terminal(0, 0, 0)}, infoset="b")}, infoset="first")
    g = ExtensiveGame.from_tree(chance({"p": ("1/2", rest()), "q": ("1/2", decision("C", {"c": rest()}))}),
                                players=("A", "B", "C"))
    h = next(s for s in g.infosets if s.label == "h")
    assert [int(g.depth[x]) for x in h.nodes] == [3, 4]
    assert g.is_perfect_recall
