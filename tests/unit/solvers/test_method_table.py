"""The method table: names resolve, and the tree methods are exactly those written for trees."""

import inspect

from berlinsim.solvers import METHODS, TREE_EQUIVALENTS, TREE_METHODS, solver_for


def test_every_method_resolves_and_tree_methods_take_trees():
    for name in METHODS:
        first = next(iter(inspect.signature(solver_for(name)).parameters.values()))
        assert ("ExtensiveGame" in str(first.annotation)) == (name in TREE_METHODS), name


def test_tree_equivalents_name_tree_methods():
    assert set(TREE_EQUIVALENTS) <= set(METHODS) and set(TREE_EQUIVALENTS.values()) <= TREE_METHODS
