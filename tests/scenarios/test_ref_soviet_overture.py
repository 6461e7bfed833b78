"""Scenario 04 soviet_overture (observable preparation, with and without build-up) and 04b (hidden).

Reference answers: domain notes, section 5, scenario 04; exact throughout.
"""

from fractions import Fraction as F

import pytest

from memo_scenarios import attributes_of, build_scenario, chosen, payoffs_with, profiles, solve_scenario


def test_observable_preparation_deters_the_overture():
    solved = solve_scenario("04_soviet_overture")
    (eq,) = solved.equilibria
    game = solved.game
    assert chosen(game, eq, "us_prepare") == "prepare"
    assert chosen(game, eq, "ussr_prepared") == "quiet"
    assert eq.exact_payoffs == (F("-0.5"), 0)
    # off the path: the plan would be used (counter-proposal), and an unprepared US faces the fork
    assert chosen(game, eq, "us_answer_prepared") == "counter"
    assert chosen(game, eq, "ussr_unprepared") == "ask"
    assert chosen(game, eq, "us_answer_unprepared") == "accept"
    assert payoffs_with(game, eq, {"us_prepare": "not_prepare"}) == (-3, 3)
    # the plan is never used on the equilibrium path
    a = attributes_of(solved.built, eq)
    assert (a["prepared"], a["conference"], a["countered"], a["retreat"]) == (1, 0, 0, 0)


@pytest.mark.parametrize("c_prep, prepares", [("2.9", {"prepare"}), ("3", {"prepare", "not_prepare"}), ("3.1", {"not_prepare"})])
def test_us_prepares_whenever_c_prep_at_most_3(c_prep, prepares):
    solved = solve_scenario("04_soviet_overture", c_prep=c_prep)
    assert {chosen(solved.game, eq, "us_prepare") for eq in solved.equilibria} == prepares


def test_without_build_up_diplomacy_ends_in_retreat():
    solved = solve_scenario("04_soviet_overture", "no_buildup")
    (eq,) = solved.equilibria
    game = solved.game
    assert chosen(game, eq, "us_prepare") == "not_prepare"
    assert chosen(game, eq, "ussr_unprepared") == "ask"
    assert chosen(game, eq, "us_answer_unprepared") == "accept"
    assert eq.exact_payoffs == (-3, 3)
    assert chosen(game, eq, "ussr_prepared") == "escalate"
    assert payoffs_with(game, eq, {"us_prepare": "prepare"}) == (F("-6.5"), 1)


def test_hidden_preparation_matrices():
    game = build_scenario("04b_soviet_overture_hidden").game
    assert game.actions == (("prepare", "not_prepare"), ("ask", "quiet", "escalate"))
    assert game.exact_payoffs[0].tolist() == [[F("1.0"), F("-0.5"), F("-4.5")], [-3, 0, F("-4.0")]]
    assert game.exact_payoffs[1].tolist() == [[-1, 0, -3], [3, 0, -3]]


def test_hidden_preparation_unique_mixed_equilibrium():
    solved = solve_scenario("04b_soviet_overture_hidden")
    assert profiles(solved.result) == {((F("0.75"), F("0.25")), (F(1, 9), F(8, 9), F(0)))}
    (eq,) = solved.equilibria
    assert eq.exact_payoffs == (F(-1, 3), 0)
    observable = solve_scenario("04_soviet_overture").equilibria[0].exact_payoffs[0]
    assert eq.exact_payoffs[0] > observable  # secrecy does slightly better: -0.333 against -0.5


@pytest.mark.parametrize("overrides", [{}, {"c_prep": "1"}, {"c_prep": "2"}, {"su_acc": "2"}, {"su_ctr": "-3"},
                                       {"u_ctr": "2.5", "c_prep": "1.5"}])
def test_hidden_preparation_general_formulas(overrides):
    """P(ask) = c_prep / (u_ctr - u_acc), P(prepare) = su_acc / (su_acc - su_ctr)."""
    solved = solve_scenario("04b_soviet_overture_hidden", **overrides)
    v = solved.built.values
    (eq,) = solved.equilibria
    assert eq.exact_strategies[1][0] == v["c_prep"] / (v["u_ctr"] - v["u_acc"])
    assert eq.exact_strategies[0][0] == v["su_acc"] / (v["su_acc"] - v["su_ctr"])
