"""Scenario 08 berlin_chicken (cardinal, ordinal, called bluff) and 08b-08e (sequential, Bayesian, brink).

Reference answers: domain notes, section 5, scenario 08, and section 4.3 (q* = w / (w + c - l),
rho* = (w + l)/(w + c)); all exact.
"""

from fractions import Fraction as F

import pytest

from memo_scenarios import attributes_of, build_scenario, chosen, profiles, pure, solve_scenario


def test_ordinal_chicken():
    solved = solve_scenario("08_berlin_chicken", "ordinal")
    game = solved.game
    assert game.actions == (("Yield", "Firm"), ("Back", "Press"))
    assert game.exact_payoffs[0].tolist() == [[3, 2], [4, 1]]
    assert game.exact_payoffs[1].tolist() == [[3, 4], [2, 1]]
    half = (F(1, 2), F(1, 2))
    assert profiles(solved.result) == {pure(game, "Yield", "Press"), pure(game, "Firm", "Back"), (half, half)}
    pays = {tuple(tuple(s) for s in eq.exact_strategies): eq.exact_payoffs for eq in solved.equilibria}
    assert pays[pure(game, "Yield", "Press")] == (2, 4)
    assert pays[pure(game, "Firm", "Back")] == (4, 2)
    assert pays[(half, half)] == (F("2.5"), F("2.5"))
    mixed = next(eq for eq in solved.equilibria if eq.exact_strategies[0] == half)
    assert attributes_of(solved.built, mixed)["war"] == F("0.25")


def test_cardinal_chicken():
    solved = solve_scenario("08_berlin_chicken")
    game = solved.game
    assert game.exact_payoffs[0].tolist() == [[0, -10], [10, -100]]
    assert game.exact_payoffs[1].tolist() == game.exact_payoffs[0].T.tolist()
    mixed = next(eq for eq in solved.equilibria if not eq.is_pure)
    assert mixed.exact_strategies == ((F("0.9"), F("0.1")), (F("0.9"), F("0.1")))
    assert mixed.exact_payoffs == (-1, -1)
    a = attributes_of(solved.built, mixed)
    assert (a["war"], a["su_retreat"], a["retreat"], a["status_quo"]) == (F("0.01"), F("0.09"), F("0.09"), F("0.81"))
    assert len(solved.equilibria) == 3


@pytest.mark.parametrize("c, q", [("20", F("0.5")), ("50", F("0.2")), ("100", F("0.1")), ("200", F("0.05")),
                                  ("1000", F("0.01"))])
def test_cost_of_war_sweep(c, q):
    solved = solve_scenario("08_berlin_chicken", c_war=c, c_war_su=c)
    mixed = next(eq for eq in solved.equilibria if not eq.is_pure)
    assert mixed.exact_strategies[0][1] == mixed.exact_strategies[1][1] == q
    assert attributes_of(solved.built, mixed)["war"] == q ** 2


@pytest.mark.parametrize("l, q, rounded", [("0", F(1, 11), 0.0909), ("5", F(2, 21), 0.0952), ("10", F(1, 10), 0.1)])
def test_face_cost_sweep(l, q, rounded):
    solved = solve_scenario("08_berlin_chicken", l=l)
    mixed = next(eq for eq in solved.equilibria if not eq.is_pure)
    assert mixed.exact_strategies[0][1] == q == F(10) / (10 + 100 - F(l))
    assert float(q) == pytest.approx(rounded, abs=1e-4)


def test_un_face_saver_variant():
    solved = solve_scenario("08_berlin_chicken", "un_face_saver")
    assert next(eq for eq in solved.equilibria if not eq.is_pure).exact_strategies[0][1] == F(1, 11)


def test_called_bluff():
    solved = solve_scenario("08_berlin_chicken", "called_bluff")
    game = solved.game
    assert profiles(solved.result) == {pure(game, "Firm", "Back")}
    a = game.exact_payoffs[0]
    assert (a[1] > a[0]).all()  # Firm dominant for a US that prefers war (-5) to capitulation (-10)
    assert a[1, 1] == -5 and a[0, 1] == -10


def test_us_moves_first():
    solved = solve_scenario("08b_berlin_chicken_us_first")
    (eq,) = solved.equilibria
    assert chosen(solved.game, eq, "us_commits") == "Firm"
    assert chosen(solved.game, eq, "ussr_after_Firm") == "Back"
    assert chosen(solved.game, eq, "ussr_after_Yield") == "Press"
    assert eq.exact_payoffs == (10, -10)


def test_ussr_moves_first():
    solved = solve_scenario("08c_berlin_chicken_ussr_first")
    (eq,) = solved.equilibria
    assert chosen(solved.game, eq, "ussr_commits") == "Press"
    assert chosen(solved.game, eq, "us_after_Press") == "Yield"
    assert eq.exact_payoffs == (-10, 10)


@pytest.mark.parametrize("rho, posture", [("0.18", {"acquiesce"}), ("2/11", {"brink", "acquiesce"}),
                                          ("0.19", {"brink"}), ("0.2", {"brink"})])
def test_brinkmanship_threshold(rho, posture):
    """rho* = (w + l)/(w + c) = 20/110 = 0.182: the smallest risk that makes the USSR back down."""
    assert float(F(2, 11)) == pytest.approx(0.182, abs=1e-3)
    solved = solve_scenario("08e_berlin_brinkmanship", rho=rho)
    assert {chosen(solved.game, eq, "us_posture") for eq in solved.equilibria} == posture
    backs = {chosen(solved.game, eq, "ussr_at_brink") for eq in solved.equilibria}
    if F(rho) < F(2, 11):
        assert backs == {"Press"}
    else:
        assert "Back" in backs
    if posture == {"brink"}:
        assert solved.equilibria[0].exact_payoffs == (10, -10)


def _bayesian(mu):
    solved = solve_scenario("08d_berlin_chicken_bayesian", mu=mu)
    out = set()
    for eq in solved.equilibria:
        resolute = chosen(solved.game, eq, "us_resolute")
        irresolute = tuple(eq.exact_behavior[0][1])  # (Yield, Firm) probabilities of the irresolute US
        press = [p for a, p in zip(("Back", "Press"), eq.exact_behavior[1][0]) if a == "Press"][0]
        out.add((resolute, irresolute, press))
    return solved, out


DETERRENCE = ("Firm", (0, 1), 0)
BULLYING = ("Firm", (1, 0), 1)


@pytest.mark.parametrize("mu", ["0.05", "0.09"])
def test_bayesian_three_equilibria_below_the_threshold(mu):
    solved, found = _bayesian(mu)
    assert len(found) == 3
    assert DETERRENCE in found and BULLYING in found
    (mixed,) = found - {DETERRENCE, BULLYING}
    assert mixed[0] == "Firm" and mixed[2] == F("0.1")  # the USSR presses with w / (w + c - l)
    # the irresolute US firms just enough that P(firm) = mu + (1 - mu) x = 0.1
    assert F(mu) + (1 - F(mu)) * mixed[1][1] == F("0.1")


@pytest.mark.parametrize("mu", ["0.11", "0.2", "0.5"])
def test_bayesian_deterrence_unique_above_the_threshold(mu):
    solved, found = _bayesian(mu)
    assert found == {DETERRENCE}
    assert solved.equilibria[0].exact_payoffs == (10, -10)


def test_bayesian_at_the_threshold_mu_0_1():
    solved, found = _bayesian("0.1")
    assert DETERRENCE in found and BULLYING in found
    assert F(10) / (10 + 100 - 10) == F("0.1")


def test_bayesian_variant():
    assert _bayesian("0.2")[1] == {DETERRENCE}
    solved = solve_scenario("08d_berlin_chicken_bayesian", "credible_resolve")
    assert len(solved.equilibria) == 1


def test_resolute_us_payoffs():
    game = build_scenario("08d_berlin_chicken_bayesian").game
    payoff = {game.node_labels[n]: tuple(game.exact_payoffs[t]) for t, n in enumerate(game.terminals)}
    assert payoff["resolute_Firm_Press"] == (-5, -100)
    assert payoff["irresolute_Firm_Press"] == (-100, -100)
    assert payoff["resolute_Yield_Press"] == (-10, 10)
