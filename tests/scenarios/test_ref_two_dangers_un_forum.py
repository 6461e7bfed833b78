"""Scenarios 06 two_dangers (framing contest, para 6) and 07 un_forum (race to the UN, para 8).

Reference answers: domain notes, section 5, scenarios 06 and 07; all exact.
"""

from fractions import Fraction as F

import pytest

from memo_scenarios import attributes_of, build_scenario, profiles, pure, solve_scenario


# ------------------------------------------------------------------------- 06 two_dangers
def test_two_dangers_matrices_at_the_defaults():
    game = build_scenario("06_two_dangers").game
    assert game.actions == (("S", "Fm", "P"), ("PO", "H"))
    assert game.exact_payoffs[0].tolist() == [[-4, 0], [-2, -1], [F("2.5"), F("0.5")]]
    assert game.exact_payoffs[1].tolist() == [[2, 0], [1, F("0.5")], [-2, -1]]


def test_two_dangers_unique_equilibrium_program_and_hold():
    solved = solve_scenario("06_two_dangers")
    assert profiles(solved.result) == {pure(solved.game, "P", "H")}
    assert solved.equilibria[0].exact_payoffs == (F("0.5"), -1)


def _peace_offensive(solved):
    return sorted(attributes_of(solved.built, eq)["peace_offensive"] for eq in solved.equilibria)


@pytest.mark.parametrize("c", ["0", "1", "1.5", "1.9"])
def test_cheap_program_deters_the_peace_offensive(c):
    solved = solve_scenario("06_two_dangers", c_commit=c)
    assert profiles(solved.result) == {pure(solved.game, "P", "H")}
    assert solved.equilibria[0].exact_payoffs[0] == 2 - F(c)


@pytest.mark.parametrize("c", ["2.5", "3", "3.5", "3.9"])
def test_silence_or_program(c):
    """2 < c < 4: US mixes S 1/3, P 2/3; P(peace offensive) = (c - 2)/6; US payoff -4 P(PO)."""
    solved = solve_scenario("06_two_dangers", c_commit=c)
    q = (F(c) - 2) / 6
    assert profiles(solved.result) == {((F(1, 3), F(0), F(2, 3)), (q, 1 - q))}
    assert solved.equilibria[0].exact_payoffs[0] == -4 * q
    assert _peace_offensive(solved) == [q]
    if c == "3":
        assert q == F(1, 6)


@pytest.mark.parametrize("c", ["4.1", "4.5", "5", "5.9"])
def test_formulas_or_program(c):
    """4 < c < 6: US mixes Fm 2/3, P 1/3; P(peace offensive) = (c - 3)/3; US payoff -1 - P(PO)."""
    solved = solve_scenario("06_two_dangers", c_commit=c)
    q = (F(c) - 3) / 3
    assert profiles(solved.result) == {((F(0), F(2, 3), F(1, 3)), (q, 1 - q))}
    assert solved.equilibria[0].exact_payoffs[0] == -1 - q
    if c == "5":
        assert q == F(2, 3)


@pytest.mark.parametrize("c", ["6.1", "7", "10"])
def test_the_trap_formulas_against_a_certain_peace_offensive(c):
    solved = solve_scenario("06_two_dangers", c_commit=c)
    assert profiles(solved.result) == {pure(solved.game, "Fm", "PO")}
    assert solved.equilibria[0].exact_payoffs == (-2, 1)


def test_both_mixed_equilibria_coexist_at_c_4():
    solved = solve_scenario("06_two_dangers", c_commit="4")
    assert solved.result.degenerate is True
    assert profiles(solved.result) == {((F(1, 3), F(0), F(2, 3)), (F(1, 3), F(2, 3))),
                                       ((F(0), F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))}


@pytest.mark.parametrize("variant, q", [("divided_allies", F(1, 6)), ("deadlocked_allies", F(2, 3)), ("no_program", 1)])
def test_two_dangers_variants(variant, q):
    assert _peace_offensive(solve_scenario("06_two_dangers", variant)) == [q]


# ------------------------------------------------------------------------- 07 un_forum
def test_un_forum_payoffs_from_the_pieces():
    """US: (U,U) -1 + 1.5 prep, (U,B) 1, (B,U) -2 + prep, (B,B) 0; USSR: -0.5 - 2 prep, -2, 1, 0."""
    for prep in ("0", "0.3", "1"):
        game = build_scenario("07_un_forum", prep=prep).game
        x = F(prep)
        assert game.exact_payoffs[0].tolist() == [[-1 + F("1.5") * x, 1], [-2 + x, 0]]
        assert game.exact_payoffs[1].tolist() == [[F("-0.5") - 2 * x, -2], [1, 0]]


def test_un_forum_prisoners_dilemma_without_preparation():
    solved = solve_scenario("07_un_forum")
    game = solved.game
    assert profiles(solved.result) == {pure(game, "U", "U")}
    assert solved.equilibria[0].exact_payoffs == (-1, F("-0.5"))
    a, b = game.exact_payoffs
    assert (a[0] > a[1]).all() and (b[:, 0] > b[:, 1]).all()  # U strictly dominant for both
    t, r, p, s = a[0, 1], a[1, 1], a[0, 0], a[1, 0]
    assert (t, r, p, s) == (1, 0, -1, -2) and t > r > p > s
    assert a[1, 1] > a[0, 0] and b[1, 1] > b[0, 0]  # (B,B) Pareto-dominates the equilibrium


@pytest.mark.parametrize("prep, expected", [("0.5", {("U", "U")}), ("0.74", {("U", "U")}),
                                            ("0.75", {("U", "U"), ("U", "B")}),
                                            ("0.76", {("U", "B")}), ("1", {("U", "B")})])
def test_un_forum_preparation_threshold(prep, expected):
    solved = solve_scenario("07_un_forum", prep=prep)
    assert profiles(solved.result) == {pure(solved.game, *cell) for cell in expected}
    if ("U", "B") in expected:
        eq = next(e for e in solved.equilibria if e.exact_strategies[1][1] == 1)
        assert eq.exact_payoffs == (1, -2)
    assert solved.result.degenerate is (prep == "0.75")


@pytest.mark.parametrize("overrides", [{"c_comp_su": "1"}, {"f_first": "3", "k_prep_su": "4"}])
def test_un_forum_threshold_formula(overrides):
    """prep* = (f_first - c_comp_su) / k_prep_su (0.75 at the defaults)."""
    v = build_scenario("07_un_forum", **overrides).values
    star = (v["f_first"] - v["c_comp_su"]) / v["k_prep_su"]
    below = solve_scenario("07_un_forum", prep=str(star - F(1, 100)), **overrides)
    above = solve_scenario("07_un_forum", prep=str(star + F(1, 100)), **overrides)
    assert profiles(below.result) == {pure(below.game, "U", "U")}
    assert profiles(above.result) == {pure(above.game, "U", "B")}


def test_un_forum_attributes():
    solved = solve_scenario("07_un_forum")
    a = attributes_of(solved.built, solved.equilibria[0])
    assert (a["un_involved"], a["ratchet"], a["framing"]) == (1, 1, 0)
    solved = solve_scenario("07_un_forum", "prepared")
    a = attributes_of(solved.built, solved.equilibria[0])
    assert (a["un_involved"], a["framing"], a["constraint_us"]) == (1, 1, 1)
