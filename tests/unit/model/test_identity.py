"""An equilibrium's identity: the canonical order, labels and supports, on matrices and trees."""

from fractions import Fraction

import numpy as np
from hypothesis import given, settings, strategies as st

from berlinsim.model.extensive import ExtensiveGame, decision, terminal
from berlinsim.model.identity import (
    canonical_key, equilibrium_label, identify, numbered, reached_columns, strategy_columns, strategy_vector,
    support_label,
)
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import behavior_equilibrium_from, equilibrium_from

COLS = (("US", "", "K"), ("US", "", "S"), ("UK", "", "F"), ("UK", "", "S"))
TREE = (("US", "plan", "go"), ("US", "plan", "stay"), ("USSR", "a", "yes"), ("USSR", "a", "no"),
        ("USSR", "b", "yes"), ("USSR", "b", "no"))


def chicken():
    return NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]], players=("US", "USSR"),
                                        actions=(("Yield", "Firm"), ("Back", "Press")))


def test_matrix_labels_and_supports():
    assert equilibrium_label(("US", "UK"), COLS, [0, 1, 1, 0]) == "US: S; UK: F"
    assert equilibrium_label(("US", "UK"), COLS, [0.25, 0.75, 0.5, 0.5]) == "US: K 0.25, S 0.75; UK: F 0.5, S 0.5"
    assert support_label(("US", "UK"), COLS, [0.25, 0.75, 0.5, 0.5]) == "US: K, S; UK: F, S"
    # rounded to 6 decimals, then shown to 3: a probability of 4e-7 is no action used
    assert equilibrium_label(("US", "UK"), COLS, [1 - 4e-7, 4e-7, 0, 1]) == "US: K; UK: S"
    assert equilibrium_label(("US", "UK"), COLS, [0.0625, 0.9375, 0, 1]) == "US: K 0.062, S 0.938; UK: S"


def test_tree_labels_name_every_information_set_and_mark_those_off_the_path():
    reached = [True, True, True, True, False, False]
    assert equilibrium_label(("US", "USSR"), TREE, [1, 0, 0, 1, 1, 0], reached) == "US: go; USSR: no / (yes)"
    assert support_label(("US", "USSR"), TREE, [1, 0, 0, 1, 1, 0], reached) == "US: go; USSR: no"
    # differing only off the path: different labels, the same support
    other = equilibrium_label(("US", "USSR"), TREE, [1, 0, 0, 1, 0, 1], reached)
    assert other == "US: go; USSR: no / (no)" and support_label(("US", "USSR"), TREE, [1, 0, 0, 1, 0, 1], reached) \
        == "US: go; USSR: no"
    assert equilibrium_label(("US", "USSR"), TREE, [1, 0, 1, 0, 1, 0]) == "US: go; USSR: yes"  # named once
    assert equilibrium_label(("US", "USSR"), TREE, [0, 1, 0.5, 0.5, 1, 0]) == "US: stay; USSR: yes 0.5, no 0.5 / yes"
    nowhere = [True, True, False, False, False, False]
    assert support_label(("US", "USSR"), TREE, [0, 1, 1, 0, 1, 0], nowhere) == "US: stay; USSR: does not move"


def test_canonical_order_reads_the_matrix_and_keeps_ties_in_the_solvers_order():
    g = chicken()
    eqs = [equilibrium_from(g, s, exact=True) for s in
           (((0, 1), (1, 0)), (("9/10", "1/10"), ("9/10", "1/10")), ((1, 0), (0, 1)))]
    found = identify(g, eqs)
    assert found.order == (2, 1, 0)
    assert found.labels == ("US: Yield; USSR: Press", "US: Yield 0.9, Firm 0.1; USSR: Back 0.9, Press 0.1",
                            "US: Firm; USSR: Back")
    twice = identify(g, [eqs[0], eqs[0]])
    assert twice.order == (0, 1) and twice.labels == ("US: Firm; USSR: Back", "US: Firm; USSR: Back #2")
    assert canonical_key([1e-11, 1.0]) == canonical_key([0.0, 1.0])  # equal to 9 decimals


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(5)))
def test_the_order_does_not_depend_on_the_solvers(permutation):
    g = NormalFormGame.from_bimatrix([[1, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 1, 0]], players=("A", "B"),
                                     actions=(("u", "d"), ("l", "c", "r")))
    profiles = [((1, 0), (1, 0, 0)), ((0, 1), (0, 1, 0)), ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2), 0)),
                ((1, 0), (0, 0, 1)), ((0, 1), (0, 0, 1))]
    eqs = [equilibrium_from(g, p, exact=True) for p in profiles]
    shuffled = [eqs[k] for k in permutation]
    found = identify(g, shuffled)
    assert [shuffled[k] for k in found.order] == [eqs[k] for k in identify(g, eqs).order]
    keys = [canonical_key(strategy_vector(shuffled[k])) for k in found.order]
    assert keys == sorted(keys)


def test_tree_columns_vectors_and_reach():
    g = ExtensiveGame.from_tree(decision("A", {"in": decision("B", {"f": terminal(-1, -1), "a": terminal(1, 1)},
                                                              infoset="after in"),
                                               "out": terminal(0, 2)}, infoset="start"))
    assert strategy_columns(g) == (("A", "start", "in"), ("A", "start", "out"), ("B", "after in", "f"),
                                   ("B", "after in", "a"))
    eq = behavior_equilibrium_from(g, [[[0, 1]], [[1, 0]]], exact=True)
    assert strategy_vector(eq).tolist() == [0, 1, 1, 0]
    assert reached_columns(g, eq).tolist() == [True, True, False, False]
    assert identify(g, [eq]).labels == ("A: out; B: (f)",)
    assert identify(g, [eq]).supports == ("A: out; B: does not move",)


def test_numbered():
    assert numbered(["x", "y", "x", "x"]) == ("x", "y", "x #2", "x #3")
    assert np.array_equal(strategy_vector(equilibrium_from(chicken(), ((1, 0), (0, 1)))), [1, 0, 0, 1])
