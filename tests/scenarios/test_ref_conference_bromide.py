"""Scenario 09 conference_bromide: complacency and leadership (para 5).

Reference answers: domain notes, section 5, scenario 09; all exact.
"""

from fractions import Fraction as F

import pytest

from memo_scenarios import attributes_of, chosen, payoffs_with, solve_scenario


def test_businesslike_conference_and_serious_talks():
    solved = solve_scenario("09_conference_bromide")
    (eq,) = solved.equilibria
    game = solved.game
    assert chosen(game, eq, "us_posture") == "businesslike"
    assert chosen(game, eq, "ussr_after_businesslike") == "negotiate"
    assert eq.exact_payoffs == (F("2.25"), F("1.5"))
    # after hype Moscow would stall (3.6 > 1.5) and the US would get 0
    assert chosen(game, eq, "ussr_after_hype") == "stall"
    assert payoffs_with(game, eq, {"us_posture": "hype"}) == (0, F("3.6"))
    assert attributes_of(solved.built, eq)["complacency"] == F("0.15")


def test_eisenhower_trap_myopic_us_expects_3_from_hype():
    solved = solve_scenario("09_conference_bromide")
    (eq,) = solved.equilibria
    assert payoffs_with(solved.game, eq, {"us_posture": "hype", "ussr_after_hype": "negotiate"})[0] == 3


@pytest.mark.parametrize("rho, posture", [("0.2", {"hype"}), ("0.24", {"hype"}), ("0.25", {"hype", "businesslike"}),
                                          ("0.26", {"businesslike"}), ("0.6", {"businesslike"})])
def test_stalling_threshold_u_neg_over_g_stall(rho, posture):
    solved = solve_scenario("09_conference_bromide", rho_hype=rho)
    assert {chosen(solved.game, eq, "us_posture") for eq in solved.equilibria} == posture


def test_steady_leadership_makes_hype_harmless():
    solved = solve_scenario("09_conference_bromide", "steady_leadership")
    (eq,) = solved.equilibria
    assert chosen(solved.game, eq, "us_posture") == "hype"
    assert chosen(solved.game, eq, "ussr_after_hype") == "negotiate"
    assert eq.exact_payoffs[0] == 5


@pytest.mark.parametrize("g_stall, u_neg", [("3", "1.5"), ("6", "3")])
def test_stalling_threshold_formula(g_stall, u_neg):
    """The USSR stalls after hype iff rho_hype > u_neg / g_stall."""
    star = F(u_neg) / F(g_stall)
    for rho, answer in ((star - F(1, 100), "negotiate"), (star + F(1, 100), "stall")):
        solved = solve_scenario("09_conference_bromide", g_stall=g_stall, u_neg=u_neg, rho_hype=str(rho))
        assert {chosen(solved.game, eq, "ussr_after_hype") for eq in solved.equilibria} == {answer}
