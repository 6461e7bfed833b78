"""The size check at solve dispatch: each method refuses, before it starts, what it cannot finish.

The solver-size rows of issue 17's table: a 2000x2000 game with ``auto``, a game with a
million strategies for one player, many players, a node with thousands of actions. Every
refusal is a SolverError naming the limit, raised before the solver runs (the solvers are
replaced by functions that fail if called).
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from berlinsim.errors import SolverError
from berlinsim.limits import DEFAULT, Limits
from berlinsim.model.extensive import ExtensiveGame, decision, terminal
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import METHODS, solve, solver_for
from berlinsim.solvers._size_check import check_size, checked, enummixed_work


def table(*shape: int) -> NormalFormGame:
    """A float game of zeros (cheap to build at any size)."""
    return NormalFormGame.from_payoffs(np.zeros((len(shape), *shape)))


def wide_tree(actions: int) -> ExtensiveGame:
    return ExtensiveGame.from_tree(decision("P", {f"a{i}": terminal(i) for i in range(actions)}))


def never(game, **options):
    raise AssertionError("the solver started")


@pytest.mark.parametrize("method", ["auto", "enummixed"])
def test_a_2000x2000_game_is_refused_for_vertex_enumeration_and_lh_is_suggested(method):
    with pytest.raises(SolverError) as info:
        checked(method, never, DEFAULT.raised(max_cells=4_000_000))(table(2000, 2000))
    text = str(info.value)
    assert text.startswith(f"game of shape 2000x2000 is too large for method {method!r}: vertex enumeration "
                           "would take over 10^")
    assert "(limit max_enummixed_work, see docs/limits.md). For one equilibrium, use method 'lh'" in text


def test_the_table_limit_comes_first():
    with pytest.raises(SolverError, match=r"it has 4,000,000 cells; expected at most 1,000,000 cells "
                                          r"\(limit max_cells"):
        check_size(table(2000, 2000), "pure")


def test_a_million_strategies_by_one_is_refused_before_qhull_allocates_a_million_dimensions():
    with pytest.raises(SolverError, match=r"1000000x1 is too large for method 'auto': vertex enumeration would "
                                          r"take over 10\^18 steps"):
        check_size(table(1_000_000, 1), "auto")
    assert check_size(table(1_000_000, 1), "pure") is None


def test_vertex_enumeration_limit_falls_between_15x15_and_16x16():
    assert enummixed_work(15, 15) <= DEFAULT.max_enummixed_work < enummixed_work(16, 16)
    assert check_size(table(15, 15), "enummixed") is None
    with pytest.raises(SolverError, match="max_enummixed_work"):
        check_size(table(16, 16), "enummixed")
    assert check_size(table(16, 16), "enummixed", DEFAULT.raised(max_enummixed_work=10**9)) is None


def test_lh_counts_its_paths():
    game = table(40, 40)
    with pytest.raises(SolverError, match=r"80 Lemke-Howson paths through 1,600 cells take 128,000 steps; expected "
                                          r"at most 100,000 steps \(limit max_lh_work.*One path \(--option label=0\)"):
        check_size(game, "lh")
    assert check_size(game, "lh", options={"label": 0}) is None


def test_many_players_are_refused_for_qre_and_auto_but_not_for_pure():
    game = table(*[2] * 13)
    for method in ("qre", "auto"):
        with pytest.raises(SolverError, match=r"it has 106,496 payoff entries; expected at most 50,000 payoff "
                                              r"entries \(limit max_qre_entries"):
            check_size(game, method)
    assert check_size(game, "pure") is None
    with pytest.raises(SolverError, match=r"it has 40 players; expected at most 32 players \(limit max_players"):
        check_size(table(*[1] * 40), "pure")


@pytest.mark.parametrize("method, shape, name", [
    ("stackelberg", (101, 100), "max_stackelberg_cells"),
    ("dominance", (501, 500), "max_dominance_cells"),
    ("lp", (201, 200), "max_lp_cells"),
])
def test_linear_programming_methods_are_limited_by_cells(method, shape, name):
    with pytest.raises(SolverError, match=f"limit {name},"):
        check_size(table(*shape), method)
    assert check_size(table(shape[0] - 1, shape[1]), method) is None


def test_a_wide_node_is_refused_for_spe_only():
    tree = wide_tree(1001)
    with pytest.raises(SolverError, match=r"the tree \(1,002 nodes\) is too large for method 'spe': one node has "
                                          r"1,001 actions; expected at most 1,000 actions \(limit max_spe_actions"):
        check_size(tree, "spe")
    assert check_size(tree, "pure") is None and check_size(wide_tree(1000), "spe") is None


def test_tree_size_limits_apply_to_trees_from_anywhere():
    tree = wide_tree(3)
    with pytest.raises(SolverError, match=r"it has 4 nodes; expected at most 3 nodes \(limit max_nodes"):
        check_size(tree, "spe", DEFAULT.raised(max_nodes=3))
    deep = ExtensiveGame.from_tree(decision("P", {"a": decision("P", {"b": terminal(1)}), "c": terminal(0)}))
    with pytest.raises(SolverError, match=r"its deepest node is 2 moves from the root; expected at most 1 moves"):
        check_size(deep, "spe", DEFAULT.raised(max_depth=1))


def test_sequence_form_and_agent_form_sizes():
    tree = wide_tree(30)
    two = ExtensiveGame.from_tree(decision("A", {f"a{i}": decision("B", {f"b{j}": terminal(i, j) for j in range(30)})
                                                 for i in range(30)}))
    with pytest.raises(SolverError, match=r"its sequence-form LCP has 965 equations; expected at most 900 "
                                          r"equations \(limit max_lcp_equations"):
        check_size(two, "lcp", DEFAULT.raised(max_lcp_equations=900))
    assert check_size(two, "lcp") is None
    with pytest.raises(SolverError, match=r"it has 900 actions x terminals; expected at most 899"):
        check_size(tree, "agent_qre", DEFAULT.raised(max_agent_qre_entries=899))


def test_the_check_runs_once_so_limits_raised_by_the_caller_count():
    game = table(3, 3)
    strict = Limits(max_enummixed_work=1)
    with pytest.raises(SolverError, match="max_enummixed_work"):
        solver_for("enummixed", limits=strict)(game)

    def outer(g):  # a solver that calls another: the inner call is not checked again
        return solver_for("enummixed", limits=strict)(g)

    assert checked("outer", outer)(game).method == "enummixed"
    assert len(solve(NormalFormGame.zero_sum([[1, -1], [-1, 1]]), "auto", limits=DEFAULT).equilibria) == 1


def test_a_refused_game_never_reaches_the_solver(monkeypatch):
    import berlinsim.solvers.enummixed as enummixed

    monkeypatch.setattr(enummixed, "enummixed_solve", never)
    with pytest.raises(SolverError, match="max_enummixed_work"):
        solve(table(16, 16), "enummixed")


def test_checked_solvers_keep_their_name_and_signature():
    for name in METHODS:
        function = solver_for(name)
        assert function.__wrapped__.__name__ == function.__name__
        assert inspect.signature(function) == inspect.signature(function.__wrapped__)
