"""Sequence-form LCP: literature values, refusals, exactness, and zero regret on random trees."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _extensive_trees import random_game, random_games

from berlinsim.model.catalog import kuhn_poker
from berlinsim.errors import SolverError
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.sequence_form import behavior_from_plans, sequence_form
from berlinsim.solvers import solve
from berlinsim.solvers.lcp import lcp_solve, sequence_form_lcp


def test_kuhn_poker_value_is_minus_one_eighteenth():
    """Kuhn (1950): the value of three-card poker is -1/18 for the first player."""
    g = kuhn_poker()
    result = lcp_solve(g)
    eq = result.equilibria[0]
    assert result.exact and eq.exact_payoffs == (F(-1, 18), F(1, 18))
    assert eq.exact_regret == 0
    # the known equilibrium family: player 1 bets a jack with probability a <= 1/3,
    # and a king with probability 3a; player 2 calls a bet with the queen 1/3 of the time.
    beh = dict(zip((s.label for s in g.infosets), (p for player in eq.exact_behavior for p in player)))
    a = beh["J"][1]
    assert 0 <= a <= F(1, 3) and beh["K"][1] == 3 * a
    assert beh["Qb"] == (F(2, 3), F(1, 3))
    assert result.method == "lcp" and not result.complete and result.tolerance == 0


def test_float_mode_matches_exact_value():
    result = lcp_solve(kuhn_poker(), exact=False)
    eq = result.equilibria[0]
    assert not result.exact and eq.exact_behavior is None
    assert eq.payoffs[0] == pytest.approx(-1 / 18, abs=1e-12)
    assert eq.regret <= 1e-12 and result.tolerance > 0


def test_entry_deterrence_gives_a_nash_equilibrium_and_reports_off_path():
    entry = ExtensiveGame.from_tree(decision("Entrant", {
        "Out": terminal(0, 2),
        "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
    result = lcp_solve(entry)
    eq = result.equilibria[0]
    assert eq.exact_regret == 0 and eq.refinement == "nash"
    if eq.exact_behavior[0][0] == (1, 0):  # stayed out: the fight threat is off path
        assert result.details.off_path == ((), (1,))
        assert any("off the equilibrium path" in n for n in result.notes)
    # starting from (In, Accommodate) the path stays there: the subgame-perfect outcome
    spe = lcp_solve(entry, start=[[1], [1]])
    assert spe.equilibria[0].exact_behavior == (((0, 1),), ((0, 1),)) and spe.details.pivots == 0


def test_matching_pennies_in_sequence():
    g = ExtensiveGame.from_tree(decision("1", {
        "H": decision("2", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="I"),
        "T": decision("2", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="I")}))
    eq = lcp_solve(g).equilibria[0]
    assert eq.exact_behavior == (((F(1, 2), F(1, 2)),), ((F(1, 2), F(1, 2)),))
    assert eq.exact_terminal_distribution == (F(1, 4),) * 4


def test_selten_horse_three_players_is_refused():
    horse = ExtensiveGame.from_tree(decision("1", {
        "C": decision("2", {"c": terminal(1, 1, 1),
                            "d": decision("3", {"L": terminal(4, 4, 0), "R": terminal(1, 1, 1)}, infoset="3")}),
        "D": decision("3", {"L": terminal(3, 2, 2), "R": terminal(0, 0, 0)}, infoset="3")}))
    with pytest.raises(SolverError, match="2-player"):
        lcp_solve(horse)


def test_imperfect_recall_is_refused_with_reason():
    g = ExtensiveGame.from_tree(decision("A", {
        "L": decision("B", {"l": decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}, infoset="late"),
                            "r": terminal(0, 0)}),
        "R": decision("B", {"l": decision("A", {"x": terminal(0, 1), "y": terminal(1, 0)}, infoset="late"),
                            "r": terminal(0, 0)})}))
    with pytest.raises(SolverError, match="perfect recall.*'A'"):
        lcp_solve(g)


def test_exact_needs_rational_data():
    g = ExtensiveGame.from_tree(decision("1", {"a": terminal(0.1, 0.2), "b": decision("2", {"c": terminal(0.3, 0.1)})}))
    with pytest.raises(SolverError, match="rational"):
        lcp_solve(g, exact=True)
    result = lcp_solve(g)
    assert not result.exact and result.equilibria[0].behavior[0][0] == (0.0, 1.0)


def test_bad_start_is_refused():
    with pytest.raises(SolverError, match="one action per information set"):
        lcp_solve(kuhn_poker(), start=[[0], [0]])
    with pytest.raises(SolverError, match="out of range"):
        lcp_solve(kuhn_poker(), start=[[5] * 6, [0] * 6])


def test_registered_in_method_table():
    result = solve(kuhn_poker(), "lcp")
    assert result.equilibria[0].exact_payoffs[0] == F(-1, 18)


def test_chance_only_game_and_one_player_moves():
    g = ExtensiveGame.from_tree(chance({"a": (F(1, 2), decision("1", {"x": terminal(1, 0), "y": terminal(2, 0)})),
                                        "b": (F(1, 2), terminal(0, 5))}), players=("1", "2"))
    eq = lcp_solve(g).equilibria[0]
    assert eq.exact_behavior[0] == ((0, 1),) and eq.exact_behavior[1] == ()
    assert eq.exact_payoffs == (1, F(5, 2))


def test_exact_integer_path_agrees_with_float_basis_check():
    g = kuhn_poker()
    sf = sequence_form(g)
    from berlinsim.solvers import _sequence_lcp as lcp_module
    T, chosen, sizes = lcp_module.lcp_system(sf, exact=True)
    tab, basis, pivots = lcp_module._run_path(T, chosen, sizes, True, None)
    fast = sequence_form_lcp(sf, exact=True)
    assert pivots == fast.pivots
    values = tab.values()
    n1 = sizes[0]
    x_exact = [values[basis.index(n1 + sizes[1] + s)] if (n1 + sizes[1] + s) in basis else 0 for s in range(n1)]
    assert x_exact == list(fast.plans[0])


def test_pivot_limit_is_an_error():
    with pytest.raises(SolverError, match="more than 1 pivots"):
        lcp_solve(kuhn_poker(), max_pivots=1)


@settings(max_examples=60, deadline=None)
@given(random_games(max_depth=5))
def test_lcp_results_have_zero_regret_on_random_trees(game):
    result = lcp_solve(game)
    eq = result.equilibria[0]
    # verified independently of the solver: the backward best response over the tree
    b = eq.exact_behavior
    assert bh.exact_regret(game, b) == 0
    assert bh.exact_expected_payoffs(game, b) == eq.exact_payoffs
    fl = lcp_solve(game, exact=False).equilibria[0]
    assert bh.regret(game, fl.behavior) <= 1e-9 * max(1.0, game.max_abs_payoff)


@settings(max_examples=30, deadline=None)
@given(random_games(max_depth=4), st.integers(0, 2**32 - 1))
def test_every_start_leads_to_an_equilibrium(game, seed):
    rng = np.random.default_rng(seed)
    start = [[int(rng.integers(game.infosets[h].num_actions)) for h in game.player_infosets[p]] for p in range(2)]
    sol = sequence_form_lcp(game, exact=True, start=start)
    b = behavior_from_plans(game, sol.plans, exact=True)
    assert bh.exact_regret(game, b) == 0


def test_random_trees_cover_information_sets():
    """The generator behind the property tests does produce non-trivial information sets."""
    games = [random_game(np.random.default_rng(s), max_depth=5) for s in range(30)]
    assert sum(not g.is_perfect_information for g in games) >= 5
    assert all(g.is_perfect_recall for g in games)


def test_exact_fallbacks_when_rounding_fails(monkeypatch):
    """Rounding the float plans is only a shortcut: the exact basis solve, then the exact path, back it up."""
    from berlinsim.solvers import _sequence_lcp as lcp_module
    g = kuhn_poker()
    monkeypatch.setattr(lcp_module, "_rationalized", lambda plans: tuple(np.zeros(len(p), dtype=object) for p in plans))
    via_basis = sequence_form_lcp(g, exact=True)
    assert not via_basis.exact_fallback and via_basis.values[0][0] == F(-1, 18)
    monkeypatch.setattr(lcp_module, "basic_values", lambda *args: None)
    via_path = sequence_form_lcp(g, exact=True)
    assert via_path.exact_fallback and via_path.values[0][0] == F(-1, 18)
    result = lcp_solve(g)
    assert result.equilibria[0].exact_regret == 0 and any("rerun in exact" in n for n in result.notes)


def test_slacks_and_values_describe_best_responses():
    sol = sequence_form_lcp(kuhn_poker(), exact=True)
    for p in range(2):
        assert all(s >= 0 for s in sol.slacks[p])
        assert all(s == 0 for x, s in zip(sol.plans[p], sol.slacks[p]) if x > 0)
    assert sol.values[0][0] + sol.values[1][0] == 0  # zero-sum
