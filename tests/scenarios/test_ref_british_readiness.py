"""Scenario 03 british_readiness (with K), 03b (without K) and 03c (the US leads).

Reference answers: domain notes, section 5, scenario 03. Mixed strategies and payoffs are
given there as rounded decimals (0.571, 1.236, ...): checked to 1e-3, and their exact values
(derived from the indifference conditions) exactly.
"""

from fractions import Fraction as F

import pytest

from memo_scenarios import build_scenario, chosen, profiles, pure, solve_scenario


def test_matrices_from_attributes_and_weights():
    game = build_scenario("03_british_readiness").game
    assert game.actions == (("F", "S", "K"), ("F", "S"))
    assert game.exact_payoffs[0].tolist() == [[F("2.5"), F("-0.75")], [F("0.75"), F("2.0")], [F("2.25"), F("5.5")]]
    assert game.exact_payoffs[1].tolist() == [[F("-0.5"), F("-2.75")], [F("-1.0"), F("2.0")], [F("-0.625"), F("3.0")]]
    small = build_scenario("03b_british_readiness_no_k").game
    assert (small.exact_payoffs == game.exact_payoffs[:, :2, :]).all()


def test_without_k_battle_of_the_sexes():
    solved = solve_scenario("03b_british_readiness_no_k")
    game = solved.game
    assert profiles(solved.result) == {pure(game, "F", "F"), pure(game, "S", "S"),
                                       ((F(4, 7), F(3, 7)), (F(11, 18), F(7, 18)))}
    pays = {eq.exact_strategies[0][0]: eq.exact_payoffs for eq in solved.equilibria}
    assert pays[1] == (F("2.5"), F("-0.5"))
    assert pays[0] == (F(2), F(2))
    mixed = pays[F(4, 7)]
    assert mixed == (F(89, 72), F(-5, 7))
    assert [float(x) for x in (F(4, 7), F(11, 18), *mixed)] == pytest.approx([0.571, 0.611, 1.236, -0.714], abs=1e-3)


def test_with_k_the_soft_equilibrium_disappears():
    solved = solve_scenario("03_british_readiness")
    game = solved.game
    mixed = ((F(29, 47), F(0), F(18, 47)), (F(25, 26), F(1, 26)))
    assert profiles(solved.result) == {pure(game, "F", "F"), pure(game, "K", "S"), mixed}
    pays = {tuple(tuple(s) for s in eq.exact_strategies): eq.exact_payoffs for eq in solved.equilibria}
    assert pays[pure(game, "K", "S")] == (F("5.5"), F("3.0"))
    assert pays[pure(game, "F", "F")] == (F("2.5"), F("-0.5"))
    assert pays[mixed] == (F("2.375"), F(-103, 188))
    assert [float(x) for x in (F(29, 47), F(18, 47), F(25, 26), F(-103, 188))] == \
        pytest.approx([0.617, 0.383, 0.962, -0.548], abs=1e-3)


def test_k_s_risk_dominates_f_f():
    """Nash products of the deviation losses: 22.66 for (K, S) against 0.56 for (F, F)."""
    a, b = build_scenario("03_british_readiness").game.exact_payoffs
    ks = (a[2, 1] - a[0, 1]) * (b[2, 1] - b[2, 0])
    ff = (a[0, 0] - a[2, 0]) * (b[0, 0] - b[0, 1])
    assert float(ks) == pytest.approx(22.66, abs=1e-2) and float(ff) == pytest.approx(0.56, abs=1e-2)
    assert (a[2, 1], b[2, 1]) > (a[0, 0], b[0, 0])  # and payoff-dominant


@pytest.mark.parametrize("pi_uk, ff_survives", [("2.24", True), ("2.25", True), ("2.26", False)])
@pytest.mark.parametrize("name, survivor", [("03_british_readiness", ("K", "S")), ("03b_british_readiness_no_k", ("S", "S"))])
def test_british_domestic_pressure_ends_the_no_talks_equilibrium(name, survivor, pi_uk, ff_survives):
    solved = solve_scenario(name, pi_uk=pi_uk)
    found = profiles(solved.result)
    assert (pure(solved.game, "F", "F") in found) == ff_survives
    assert pure(solved.game, *survivor) in found
    if not ff_survives:
        assert found == {pure(solved.game, *survivor)}
    # the threshold itself is a degenerate game (the UK is indifferent against F), reported as such
    assert solved.result.degenerate is (pi_uk == "2.25")


def test_london_presses_variant():
    assert profiles(solve_scenario("03_british_readiness", "london_presses").result) == \
        {pure(build_scenario("03_british_readiness").game, "K", "S")}


def test_us_leads_spe_is_kennedy_plan_with_uk_support():
    solved = solve_scenario("03c_british_readiness_us_leads")
    (eq,) = solved.equilibria
    assert chosen(solved.game, eq, "us_stance") == "K"
    assert [chosen(solved.game, eq, f"uk_after_{a}") for a in "FSK"] == ["F", "S", "S"]
    assert eq.exact_payoffs == (F("5.5"), F(3))
