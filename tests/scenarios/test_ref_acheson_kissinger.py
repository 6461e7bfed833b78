"""Scenarios 01 (acheson_wait) and 02 (kennedy_plan_buildup): one tree, two belief sets.

Reference answers: domain notes, section 5, scenarios 01 and 02, and the reversal inequality
of para 3 (section 2). The notes' numbers are exact decimals (e.g. 0.196 = 49/250) wherever
they are given to three places of a terminating expansion, so they are compared exactly; the
rounded ones (switch points such as 0.551, 0.031, 0.234) to 1e-3, and the exact switch points
derived from the closed forms are tested on both sides and at the tie.
"""

from fractions import Fraction as F

import pytest

from memo_scenarios import (attributes_of, build_scenario, choice, chosen, payoffs_with, scenario, solve_scenario,
                             tree_attributes, with_choice)

US_PLANS = ("buildup_initiate", "buildup_wait", "initiate_only", "drift")


def plans(solved):
    """The US plan of each equilibrium (the information set us_plan covers both types)."""
    return sorted(chosen(solved.game, eq, "us_R") for eq in solved.equilibria)


def table(solved):
    """(US, USSR) expected payoffs of each of the four US plans against the USSR's equilibrium answers."""
    eq = solved.equilibria[0]
    return {plan: payoffs_with(solved.game, eq, {"us_R": plan}) for plan in US_PLANS}


def advantage_of_initiating(solved):
    t = table(solved)
    return t["buildup_initiate"][0] - t["buildup_wait"][0]


# ------------------------------------------------------------------------- the 4-strategy tables
def test_acheson_table_and_equilibrium():
    solved = solve_scenario("01_acheson_wait")
    assert plans(solved) == ["buildup_wait"]
    (eq,) = solved.equilibria
    assert eq.exact_payoffs == (F("0.196"), F("-0.116"))
    assert table(solved) == {
        "buildup_wait": (F("0.196"), F("-0.116")),
        "buildup_initiate": (F("-3.016"), F("-0.800")),
        "drift": (F("-3.212"), F("-2.132")),
        "initiate_only": (F("-4.208"), F("-2.400")),
    }


def test_kissinger_table_and_equilibrium():
    solved = solve_scenario("02_kennedy_plan_buildup")
    assert plans(solved) == ["buildup_initiate"]
    (eq,) = solved.equilibria
    assert eq.exact_payoffs == (F("4.536"), F("-2.4"))
    assert table(solved) == {
        "buildup_initiate": (F("4.536"), F("-2.400")),
        "initiate_only": (F("0.992"), F("-4.000")),
        "buildup_wait": (F("-5.956"), F("1.776")),
        "drift": (F("-8.312"), F("0.768")),
    }


@pytest.mark.parametrize("name", ["01_acheson_wait", "02_kennedy_plan_buildup"])
def test_khrushchev_types_answer_from_their_own_payoffs(name):
    """R accepts and H rejects the program; after W both make the overture (with or without build-up)."""
    solved = solve_scenario(name)
    (eq,) = solved.equilibria
    for b in "BN":
        assert chosen(solved.game, eq, f"R_{b}I") == "accept"
        assert chosen(solved.game, eq, f"H_{b}I") == "reject"
        assert chosen(solved.game, eq, f"R_{b}W") == "overture"
        assert chosen(solved.game, eq, f"H_{b}W") == "overture"


def test_closed_forms_of_the_notes_at_other_parameter_values():
    """EU(b,I), EU(b,W) with r(b,d), lambda(b,d) as in the notes, at a non-default point (exact)."""
    v = dict(p_reasonable=F("0.3"), v_settle=F(12), w_framing=F(3), c_war=F(80), c_buildup=F("0.5"),
             c_pressure=F(2), c_retreat=F(2), F_reject=F("0.5"), F_overture=F("0.5"), q_conference=F("0.6"),
             lambda_ripen_buildup=F("0.3"), lambda_ripen_nobuildup=F("0.2"), delta_weakness_buildup=F("0.5"),
             delta_weakness_nobuildup=F("0.6"), r0=F("0.03"), r_spiral=F("0.02"), r_embolden=F("0.01"))
    solved = solve_scenario("02_kennedy_plan_buildup", **{k: str(x) for k, x in v.items()})
    p = v["p_reasonable"]

    def r(b, d):
        return v["r0"] + (v["r_embolden"] if b == "N" else 0) + (v["r_spiral"] if (b, d) == ("B", "W") else 0)

    def lam(b, d):
        if b == "B":
            return v["lambda_ripen_buildup"] * (1 - (v["delta_weakness_buildup"] if d == "I" else 0))
        return v["lambda_ripen_nobuildup"] * (1 - (v["delta_weakness_nobuildup"] if d == "I" else 0))

    def eu(b, d):
        cost = v["c_buildup"] if b == "B" else 0
        if d == "I":
            return -cost + p * v["v_settle"] + (1 - p) * (
                v["w_framing"] * v["F_reject"] - v["c_pressure"] - r(b, "I") * v["c_war"]
                + (1 - r(b, "I")) * lam(b, "I") * v["v_settle"])
        return (-cost - (v["w_framing"] * v["F_overture"] + v["q_conference"] * v["c_retreat"]) - r(b, "W") * v["c_war"]
                + (1 - r(b, "W")) * (p + (1 - p) * lam(b, "W")) * v["v_settle"])

    # the closed forms assume R accepts, H rejects and the USSR makes the overture: check that first
    eq = solved.equilibria[0]
    assert [chosen(solved.game, eq, n) for n in ("R_BI", "H_BI", "R_NI", "H_NI", "R_BW", "H_BW", "R_NW", "H_NW")] == \
        ["accept", "reject", "accept", "reject", "overture", "overture", "overture", "overture"]
    got = {plan: pay[0] for plan, pay in table(solved).items()}
    assert got == {"buildup_initiate": eu("B", "I"), "buildup_wait": eu("B", "W"),
                   "initiate_only": eu("N", "I"), "drift": eu("N", "W")}


# ------------------------------------------------------------------------- outcome distributions
def test_acheson_outcomes_at_build_up_and_wait():
    solved = solve_scenario("01_acheson_wait")
    a = attributes_of(solved.built, solved.equilibria[0])
    assert a["settled_now"] == 0
    assert a["settled"] == pytest.approx(0.510, abs=1e-3)
    assert a["war"] == F("0.02")
    assert a["framing"] == F("-0.25")
    assert a["retreat"] == F("0.3")


def test_kissinger_outcomes_initiate_versus_wait():
    solved = solve_scenario("02_kennedy_plan_buildup")
    eq = solved.equilibria[0]
    a = attributes_of(solved.built, eq)
    assert a["settled_now"] == F("0.2")
    assert a["settled"] == pytest.approx(0.514, abs=1e-3)
    assert a["war"] == F("0.016")
    assert a["framing"] == F("0.8")
    assert a["retreat"] == 0
    w = tree_attributes(solved.built, with_choice(solved.game, eq, {"us_R": "buildup_wait"}))
    assert w["settled"] == pytest.approx(0.504, abs=1e-3)
    assert w["war"] == F("0.03")
    assert w["framing"] == -1
    assert w["retreat"] == 1


def test_kissinger_decomposition_of_the_advantage():
    """EU(B,I) - EU(B,W) = 10.49 = rejection 2.0 + pre-emption 7.0 + war risk 1.4 + settlement 0.09."""
    solved = solve_scenario("02_kennedy_plan_buildup")
    eq = solved.equilibria[0]
    v = solved.built.values
    bi = tree_attributes(solved.built, with_choice(solved.game, eq, {"us_R": "buildup_initiate"}))
    bw = tree_attributes(solved.built, with_choice(solved.game, eq, {"us_R": "buildup_wait"}))
    rejection = v["w_framing"] * bi["framing"] - v["c_pressure"] * bi["ratchet"]
    preemption = -(v["w_framing"] * bw["framing"] - v["c_retreat"] * bw["retreat"])
    war = v["c_war"] * (bw["war"] - bi["war"])
    settlement = v["v_settle"] * (bi["settled"] - bw["settled"])
    assert (rejection, preemption, war) == (F("2.0"), F("7.0"), F("1.4"))
    assert settlement == F("5.136") - F("5.044")  # the notes' 0.09
    assert advantage_of_initiating(solved) == rejection + preemption + war + settlement == F("10.492")


# ------------------------------------------------------------------------- same game, two belief sets
def test_01_and_02_are_one_game_with_two_belief_sets():
    for name_a, variant, name_b in [("01_acheson_wait", "kissinger", "02_kennedy_plan_buildup"),
                                    ("02_kennedy_plan_buildup", "acheson", "01_acheson_wait")]:
        a = build_scenario(name_a, variant)
        b = build_scenario(name_b)
        assert dict(a.values.values) == dict(b.values.values)
        assert a.game.node_labels == b.game.node_labels
        assert (a.game.exact_payoffs == b.game.exact_payoffs).all()
        assert (a.exact_attributes == b.exact_attributes).all()


@pytest.mark.parametrize("t, plan", [("0", "buildup_wait"), ("1", "buildup_initiate")])
def test_between_variant_ends(t, plan):
    solved = solve_scenario("01_acheson_wait", "between", t=t)
    assert plans(solved) == [plan]
    end = solve_scenario("01_acheson_wait" if t == "0" else "02_kennedy_plan_buildup")
    assert solved.equilibria[0].exact_payoffs == end.equilibria[0].exact_payoffs


@pytest.mark.parametrize("t, expected", [("0.234", ["buildup_wait"]), ("0.235", ["buildup_initiate"]),
                                         ("803/3426", ["buildup_initiate", "buildup_wait"])])
def test_belief_interpolation_switch(t, expected):
    """The optimum switches (B,W) -> (B,I) at t* = 3.212 / 13.704 = 803/3426 ~ 0.2344 (notes: 0.234)."""
    assert float(F(803, 3426)) == pytest.approx(0.2344, abs=1e-4)
    assert plans(solve_scenario("01_acheson_wait", "between", t=t)) == expected


# ------------------------------------------------------------------------- the reversal (para 3)
@pytest.mark.parametrize("name, slope", [("02_kennedy_plan_buildup", F("-0.24")), ("01_acheson_wait", F("9.14"))])
def test_slope_of_the_advantage_in_p(name, slope):
    """d[EU(B,I) - EU(B,W)]/dp: -0.24 (Kissinger; low p argues for initiative), +9.14 (Acheson)."""
    low = advantage_of_initiating(solve_scenario(name, p_reasonable="0.2"))
    high = advantage_of_initiating(solve_scenario(name, p_reasonable="0.3"))
    assert (high - low) / F("0.1") == slope


@pytest.mark.parametrize("name", ["01_acheson_wait", "02_kennedy_plan_buildup"])
def test_reversal_inequality_of_para_3(name):
    """Exact condition: slope < 0 iff w F_reject - c_p > r_I c + r_W v + lambda v [(1-r_W) - (1-r_I)(1-delta)]."""
    v = build_scenario(name).values
    r_i, r_w, lam, delta = v["r0"], v["r0"] + v["r_spiral"], v["lambda_ripen_buildup"], v["delta_weakness_buildup"]
    lhs = v["w_framing"] * v["F_reject"] - v["c_pressure"]
    rhs = r_i * v["c_war"] + r_w * v["v_settle"] + lam * v["v_settle"] * ((1 - r_w) - (1 - r_i) * (1 - delta))
    slope = (advantage_of_initiating(solve_scenario(name, p_reasonable="0.3"))
             - advantage_of_initiating(solve_scenario(name, p_reasonable="0.2"))) / F("0.1")
    assert slope == rhs - lhs  # the inequality's two sides are the slope, exactly
    assert (lhs > rhs) == (name == "02_kennedy_plan_buildup")


# ------------------------------------------------------------------------- sweeps (Acheson's beliefs)
@pytest.mark.parametrize("p, expected", [
    ("0.55", ["buildup_wait"]), ("0.552", ["buildup_initiate"]),
    ("252/457", ["buildup_initiate", "buildup_wait"]),  # p* = 0.2 + 3.212/9.14 ~ 0.5514 (notes: 0.551)
    ("0.63", ["buildup_initiate"]), ("0.64", ["initiate_only"]),
    ("87/137", ["buildup_initiate", "initiate_only"]),  # ~ 0.635 (notes: about 0.63)
])
def test_acheson_switches_in_p(p, expected):
    assert plans(solve_scenario("01_acheson_wait", p_reasonable=p)) == expected


def test_acheson_switch_points_match_the_notes():
    """The exact switch points round to the notes' 0.551 (p), 0.031 (r_spiral); p ~ 0.63 for (N,I)."""
    assert float(F(252, 457)) == pytest.approx(0.551, abs=1e-3)
    assert float(F(803, 26300)) == pytest.approx(0.031, abs=1e-3)
    assert float(F(87, 137)) == pytest.approx(0.63, abs=1e-2)


@pytest.mark.parametrize("r_spiral, expected", [
    ("0.030", ["buildup_wait"]), ("0.031", ["buildup_initiate"]),
    ("803/26300", ["buildup_initiate", "buildup_wait"]),  # 3.212 / 105.2 ~ 0.0305 (notes: 0.031)
])
def test_acheson_spiral_risk_that_stops_waiting(r_spiral, expected):
    assert plans(solve_scenario("01_acheson_wait", r_spiral=r_spiral)) == expected


@pytest.mark.parametrize("r0, answers", [("0.079", {"reject"}), ("0.08", {"accept", "reject"}), ("0.081", {"accept"})])
def test_acheson_war_risk_artefact_hardliner_accepts(r0, answers):
    """For r0 >= 0.08 the hardliner accepts even the reasonable program (w_su F_reject + r c_war >= 8)."""
    solved = solve_scenario("01_acheson_wait", r0=r0)
    assert {chosen(solved.game, eq, "H_BI") for eq in solved.equilibria} == answers


@pytest.mark.parametrize("name, value, expected", [
    ("F_reject", "1.003", ["buildup_wait"]), ("F_reject", "1.005", ["buildup_initiate"]),
    ("F_reject", "803/800", ["buildup_initiate", "buildup_wait"]),  # 1.00375 (notes: 1.004)
    ("F_overture", "1.052", ["buildup_wait"]), ("F_overture", "1.054", ["buildup_initiate"]),
    ("F_overture", "1.053", ["buildup_initiate", "buildup_wait"]),
])
def test_one_belief_at_a_time_flips(name, value, expected):
    assert plans(solve_scenario("01_acheson_wait", **{name: value})) == expected


@pytest.mark.parametrize("name", ["q_conference", "delta_weakness_buildup", "c_pressure", "r_spiral"])
def test_one_belief_at_a_time_cannot_flip(name):
    """q_conference, delta_B or c_pressure alone (and r_spiral), moved all the way to Kissinger's value, leave (B,W)."""
    kissinger = dict(scenario("01_acheson_wait").variant("kissinger").values)
    solved = solve_scenario("01_acheson_wait", **{name: str(kissinger[name])})
    assert plans(solved) == ["buildup_wait"]


# ------------------------------------------------------------------------- sweeps (Kissinger's beliefs)
@pytest.mark.parametrize("p, expected", [
    ("0.82", ["buildup_initiate"]), ("0.83", ["initiate_only"]),
    ("117/142", ["buildup_initiate", "initiate_only"]),  # 1 - 1/5.68 ~ 0.824 (notes: about 0.82)
])
def test_kissinger_switch_to_no_build_up_at_high_p(p, expected):
    assert plans(solve_scenario("02_kennedy_plan_buildup", p_reasonable=p)) == expected


@pytest.mark.parametrize("w_su, answers", [("5.9", {"reject"}), ("6", {"accept", "reject"}), ("6.1", {"accept"})])
def test_kissinger_trap_hardliner_accepts(w_su, answers):
    solved = solve_scenario("02_kennedy_plan_buildup", w_framing_su=w_su)
    assert {chosen(solved.game, eq, "H_BI") for eq in solved.equilibria} == answers


def test_kissinger_trap_value_of_initiating_jumps_to_9():
    solved = solve_scenario("02_kennedy_plan_buildup", w_framing_su="6.5")
    eq = solved.equilibria[0]
    assert payoffs_with(solved.game, eq, {"us_R": "buildup_initiate"})[0] == 9
    below = solve_scenario("02_kennedy_plan_buildup", w_framing_su="5.5")
    assert payoffs_with(below.game, below.equilibria[0], {"us_R": "buildup_initiate"})[0] == F("4.536")


def test_us_cannot_condition_on_the_type():
    solved = solve_scenario("02_kennedy_plan_buildup")
    eq = solved.equilibria[0]
    assert choice(solved.game, eq, "us_R") == choice(solved.game, eq, "us_H")
    game = solved.game
    us_plan = [s for s in game.infosets if s.label == "us_plan"]
    assert len(us_plan) == 1 and len(us_plan[0].nodes) == 2
