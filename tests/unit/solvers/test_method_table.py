"""The method table: names resolve, and the tree methods are exactly those written for trees."""

import inspect

from berlinsim.solvers import METHODS, TREE_EQUIVALENTS, TREE_METHODS, solver_for, tree_method


def test_every_method_resolves_and_tree_methods_take_trees():
    for name in METHODS:
        first = next(iter(inspect.signature(solver_for(name)).parameters.values()))
        assert ("ExtensiveGame" in str(first.annotation)) == (name in TREE_METHODS), name


def test_tree_equivalents_name_tree_methods():
    assert set(TREE_EQUIVALENTS) <= set(METHODS) and set(TREE_EQUIVALENTS.values()) <= TREE_METHODS


def test_auto_on_a_tree_is_spe_with_singleton_information_sets_and_pbe_otherwise():
    from berlinsim.scenarios.run import solve_built

    from _signalling_games import beer_quiche
    from berlinsim.model.extensive import ExtensiveGame, decision, terminal

    entry = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2), "In": decision(
        "Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
    assert tree_method("auto", entry) == "spe" and solve_built(entry, "auto").method == "spe"
    game = beer_quiche()
    assert tree_method("auto", game) == "pbe" and solve_built(game, "auto").method == "pbe"
    assert solve_built(game, "spe").method == "spe"  # spe stays available
    assert tree_method("qre", game) == "agent_qre" and tree_method("lcp", game) == "lcp"
