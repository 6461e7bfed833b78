"""Threshold finder: the domain notes' switch points (section 5), exact, with the set at the threshold.

Reference values: 0.551 (01 p_reasonable, exact 252/457), 0.031 (01 r_spiral, 803/26300),
t* ~ 0.2344 (01/02 between acheson and kissinger, 803/3426), c_commit 2, 4, 6 (06), prep 0.75 (07),
pi_uk 2.25 (03), w_framing * F_R = 2.95 (05, with its own method agent_qre and with spe), and 05's
other switches. Each is also checked against per-point solving on both sides.
"""

import functools
import pathlib
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis.thresholds import equilibrium_keys, find_thresholds
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.scenarios.run import run_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"


@functools.lru_cache(maxsize=None)
def scenario(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def labels_at(name, x, parameter, **kw):
    run = run_scenario(scenario(name), overrides={parameter: x, **kw.pop("overrides", {})}, **kw)
    return tuple(sorted(label for label, _ in equilibrium_keys(run).values()))


def only(thresholds):
    (t,) = thresholds
    return t


def test_acheson_p_reasonable_0_551():
    t = only(find_thresholds(scenario("01_acheson_wait"), "p_reasonable", "0.5", "0.6", samples=5))
    assert t.exact == F(252, 457) and t.value == pytest.approx(0.551, abs=1e-3)
    assert abs(t.value - 252 / 457) < 1e-6
    assert t.sentence.startswith("at p_reasonable = 0.5514 (252/457) the US switches from buildup_wait to "
                                 "buildup_initiate (the USSR then: accept when")
    assert [lab.split(";")[0] for lab in t.before] == ["US buildup_wait"]
    assert [lab.split(";")[0] for lab in t.after] == ["US buildup_initiate"]
    assert [lab.split(";")[0] for lab in t.at] == ["US buildup_initiate", "US buildup_wait"]  # degenerate: both
    # the labels agree with solving on each side
    assert labels_at("01_acheson_wait", F("0.551"), "p_reasonable") == t.before
    assert labels_at("01_acheson_wait", F("0.552"), "p_reasonable") == t.after


def test_acheson_both_switches_over_the_whole_range():
    found = find_thresholds(scenario("01_acheson_wait"), "p_reasonable", 0, 1, samples=9)
    assert [t.exact for t in found] == [F(252, 457), F(87, 137)]  # the ends (p = 0, 1) are not reported
    assert "initiate_only" in found[1].sentence


def test_acheson_r_spiral_0_031():
    t = only(find_thresholds(scenario("01_acheson_wait"), "r_spiral", 0, "0.1", samples=5))
    assert t.exact == F(803, 26300) and abs(t.value - 0.0305323) < 1e-6
    assert t.value == pytest.approx(0.031, abs=1e-3)


@pytest.mark.parametrize("name, kwargs", [
    ("02_kennedy_plan_buildup", {"between": ("acheson", "kissinger")}),
    ("01_acheson_wait", {"variant": "between"}),  # the file's own between variant, t moved
])
def test_belief_interpolation_t_star(name, kwargs):
    t = only(find_thresholds(scenario(name), "t", 0, 1, samples=5, **kwargs))
    assert t.exact == F(803, 3426) and abs(t.value - 0.2344) < 1e-4
    assert "the US switches from buildup_wait to buildup_initiate" in t.sentence


def test_two_dangers_c_commit_2_4_6():
    found = find_thresholds(scenario("06_two_dangers"), "c_commit", 0, 10, samples=11)
    assert [t.exact for t in found] == [2, 4, 6]
    low, mid, high = found
    assert low.before == ("(P, H)",) and low.sentence.startswith("at c_commit = 2 the US switches from P to mixing S and P")
    # at c_commit = 4 both mixed equilibria coexist
    assert mid.at == ("(1/3 S + 2/3 P, 1/3 PO + 2/3 H)", "(2/3 Fm + 1/3 P, 1/3 PO + 2/3 H)")
    assert high.after == ("(Fm, PO)",)


def test_un_forum_prep_0_75():
    t = only(find_thresholds(scenario("07_un_forum"), "prep", 0, 1))
    assert t.exact == F(3, 4)
    assert (t.before, t.at, t.after) == (("(U, U)",), ("(U, B)", "(U, U)"), ("(U, B)",))
    assert t.sentence == "at prep = 0.75 the USSR switches from U to B"


def test_british_pi_uk_2_25():
    t = only(find_thresholds(scenario("03_british_readiness"), "pi_uk", 0, 5))
    assert t.exact == F(9, 4)
    assert "(F, F)" in t.before and t.after == ("(K, S)",)
    assert "(F, F)" in t.at and "(K, S)" in t.at  # F, F survives at 2.25 itself
    assert "(F, F)" in t.sentence and "stop being equilibria" in t.sentence


US_R_HOLD = ("US R when offer, hold when after_rejection; K accept when accommodating Khrushchev answers the "
             "reasonable program, reject when hardline Khrushchev answers the reasonable program")


@pytest.fixture
def solves(monkeypatch):
    """Counts full solves (scan, checks and any bisection all go through run_scenario)."""
    import berlinsim.scenarios.run as run

    calls = []
    original = run.run_scenario

    def counted(*args, **kwargs):
        calls.append(kwargs.get("overrides"))
        return original(*args, **kwargs)

    monkeypatch.setattr(run, "run_scenario", counted)
    return calls


def test_khrushchev_credibility_2_95_with_agent_qre(solves):
    """agent_qre (a sequential equilibrium; the scenario's method before pbe): the switch comes from the
    exact agent regret of the equilibria on either side, not from bisecting the slow QRE near the tie."""
    s = scenario("05_khrushchev_type")
    t = only(find_thresholds(s, "w_framing", 2, 4, method="agent_qre"))
    assert t.exact == F(59, 20) and abs(t.value - 2.95) < 1e-12
    assert t.before == ("US G; K accept",) and t.after == (US_R_HOLD,)
    assert t.at == ("US G; K accept", US_R_HOLD)  # at the tie both are sequential equilibria
    assert t.sentence.startswith("at w_framing = 2.95 the US switches from G to R when offer, "
                                 "hold when after_rejection")
    assert len(solves) <= 33 + 2  # the scan and two checks: no bisection
    # the side labels agree with solving on each side (away from the tie, where the QRE settles)
    assert labels_at("05_khrushchev_type", F("2.9"), "w_framing", method="agent_qre") == t.before
    assert labels_at("05_khrushchev_type", F("3"), "w_framing", method="agent_qre") == t.after


def test_khrushchev_credibility_2_95_with_its_own_method_pbe():
    """pbe (the scenario's method): the same switch; at the tie it lists every extreme perfect Bayesian
    equilibrium, the two pure ones and the mixtures between them."""
    s = scenario("05_khrushchev_type")
    t = only(find_thresholds(s, "w_framing", 2, 4))
    assert t.exact == F(59, 20)
    assert t.before == ("US G; K accept",) and t.after == (US_R_HOLD,)
    assert {"US G; K accept", US_R_HOLD} <= set(t.at)
    assert labels_at("05_khrushchev_type", F("2.9"), "w_framing") == t.before
    assert labels_at("05_khrushchev_type", F("3"), "w_framing") == t.after


@pytest.mark.parametrize("parameter, low, high, overrides, expected", [
    ("p_reasonable", 0, "0.5", {"w_framing": 3}, F(2, 21)),  # R beats G: p* = (v_G - h)/(v_R - h), h = -1/2
    ("a_cost", 1, 3, {"w_framing": 2}, F(39, 20)),  # an audience cost restores credible holding
    ("w_framing_su", 4, 8, {}, F(6)),  # the trap: the hardliner accepts R
])
def test_khrushchev_other_thresholds_with_agent_qre(parameter, low, high, overrides, expected):
    t = only(find_thresholds(scenario("05_khrushchev_type"), parameter, low, high, overrides=overrides, samples=5))
    assert t.exact == expected


def test_a_matrix_qre_limit_gets_the_exact_switch_too(solves):
    """The normal-form QRE limit (one equilibrium, inexact near the tie) on 07: prep 3/4 from the
    Nash regret of the pure equilibria on either side."""
    t = only(find_thresholds(scenario("07_un_forum"), "prep", 0, 1, method="qre"))
    assert (t.exact, t.before, t.after) == (F(3, 4), ("(U, U)",), ("(U, B)",))
    assert len(solves) <= 33 + 2


def test_khrushchev_trap_names_khrushchev_as_the_one_who_switches():
    """Above w_framing_su = 6 the hardliner accepts R too: K changes one move (the accommodating
    type accepts on both sides), and the US still offers R but no longer has to hold after a
    rejection -- not 'R instead of R when offer, hold when after_rejection'."""
    t = only(find_thresholds(scenario("05_khrushchev_type"), "w_framing_su", 4, 8, samples=5))
    assert t.sentence == ("at w_framing_su = 6 K switches from reject to accept when hardline Khrushchev answers "
                          "the reasonable program (the US still plays R, no longer hold when after_rejection)")
    assert [lab.split("; K ")[0] for lab in t.before + t.after] == [US_R_HOLD.split("; K ")[0], "US R"]


def test_un_forum_prepare_quality_says_what_the_ussr_still_does():
    """docs/exercises/un_forum_prepare.yaml: at quality 1/3 the US starts preparing (it races, U,
    either way) and Moscow races on both sides: 'still plays U', not 'U instead of U'."""
    s = load_scenario(SCENARIOS.parent / "docs" / "exercises" / "un_forum_prepare.yaml")
    low, high = find_thresholds(s, "prep_quality", 0, 1, samples=9)
    assert (low.exact, high.exact) == (F(1, 3), F(3, 4))
    assert low.sentence == ("at prep_quality = 0.3333 (1/3) the US switches from skip to prepare "
                            "(the USSR still plays U)")
    assert [lab.endswith("; USSR U") for lab in low.before + low.after] == [True, True]
    assert high.sentence == "at prep_quality = 0.75 the USSR switches from U to B"


def test_conference_bromide_moscow_negotiates_on_both_sides():
    t = only(find_thresholds(scenario("09_conference_bromide"), "rho_hype", 0, 1, samples=9))
    assert t.exact == F(1, 4)
    assert t.sentence == "at rho_hype = 0.25 the US switches from hype to businesslike (the USSR still plays negotiate)"
    assert t.before == ("US hype; USSR negotiate",) and t.after == ("US businesslike; USSR negotiate",)


def test_khrushchev_credibility_w_framing_times_f_r_2_95():
    """Nash equilibria (spe lists them all, the non-credible one included): holding after a
    rejection becomes credible, and R an equilibrium opening, where w_framing * F_R = 2.95."""
    s = scenario("05_khrushchev_type")
    t = only(find_thresholds(s, "w_framing", 2, 4, method="spe", samples=5))
    f_r = s.parameter("F_R").default
    assert t.exact * f_r == F("2.95")
    assert "US R when offer, hold when after_rejection" in t.sentence and "becomes an equilibrium" in t.sentence
    t2 = only(find_thresholds(s, "w_framing", 1, 2, method="spe", samples=5, overrides={"F_R": "2"}))
    assert t2.exact * 2 == F("2.95")


def test_a_scenario_without_a_change_has_no_threshold():
    assert find_thresholds(scenario("07_un_forum"), "prep", 0, "0.5", samples=3) == ()


def test_errors():
    s = scenario("07_un_forum")
    with pytest.raises(BerlinsimError, match="empty interval"):
        find_thresholds(s, "prep", 1, 0)
    with pytest.raises(BerlinsimError, match="unknown parameter 'prp'"):
        find_thresholds(s, "prp", 0, 1)
    with pytest.raises(BerlinsimError, match="'t'"):
        find_thresholds(scenario("01_acheson_wait"), "p_reasonable", 0, 1, between=("acheson", "kissinger"))
    with pytest.raises(BerlinsimError, match="not both"):
        find_thresholds(scenario("01_acheson_wait"), "t", 0, 1, variant="kissinger", between=("acheson", "kissinger"))
    with pytest.raises(BerlinsimError, match="between"):
        find_thresholds(scenario("01_acheson_wait"), "t", 0, 1)  # t moves a between variant, none selected
    with pytest.raises(BerlinsimError, match="samples"):
        find_thresholds(s, "prep", 0, 1, samples=1)


TOY = """
berlinsim: 1
id: toy
title: A toy
source: {{document: memo, paragraphs: [1]}}
parameters:
  c: {{default: 0, range: [-10, 10]}}
attributes:
  go: {{range: [0, 1]}}
players:
  A: {{payoff: go * ({a} + {b} * c) + (1 - go) * {d}}}
  B: {{payoff: 0}}
game:
  type: matrix
  actions: {{A: [go, stay], B: [x]}}
  cells:
    - {{actions: [go, x], attributes: {{go: 1}}}}
    - {{actions: [stay, x]}}
"""


@settings(max_examples=15, deadline=None)
@given(st.integers(-9, 9), st.integers(-9, 9).filter(bool), st.integers(-9, 9), st.integers(1, 7))
def test_affine_toy_threshold_is_the_exact_root(a, b, d, q):
    """go pays a + b c, stay pays d: the only switch is c* = (d - a) / b, found exactly, both sides right."""
    from berlinsim.io.scenario_yaml import parse_scenario

    s = parse_scenario(TOY.format(a=F(a, q), b=b, d=d), path="toy.yaml")
    root = F(d - a * F(1, q), b)
    found = find_thresholds(s, "c", -10, 10, samples=7)
    if not -10 <= root <= 10:
        assert found == ()
        return
    (t,) = found
    assert t.exact == root
    assert t.at == ("(go, x)", "(stay, x)")
    if root in (-10, 10):  # a change at the interval's own end is reported, as such (issue 17)
        assert t.kind == "end"
        inside = t.before if root == 10 else t.after
        assert inside == (("(go, x)",) if (b < 0) == (root == 10) else ("(stay, x)",))
        return
    go_below = b < 0  # go pays more below the root when b < 0
    assert t.before == (("(go, x)",) if go_below else ("(stay, x)",))
    assert t.after == (("(stay, x)",) if go_below else ("(go, x)",))


@pytest.mark.parametrize("name, parameter, method, expected, progress", [
    ("06_two_dangers", "c_commit", None, [2, 4, 6], None),  # complete: 2 K + 3 points, one chunk
    ("07_un_forum", "prep", "qre", [F(3, 4)], [(0, 40), (16, 40), (32, 40), (40, 40)]),  # a scan, chunks of 16
])
def test_an_executor_gives_the_same_thresholds_and_reports_progress(name, parameter, method, expected, progress):
    from concurrent.futures import ThreadPoolExecutor

    s = scenario(name)
    plain = find_thresholds(s, parameter, 0, 10 if name.startswith("06") else 1, samples=40, method=method)
    calls = []
    with ThreadPoolExecutor(2) as pool:
        pooled = find_thresholds(s, parameter, 0, 10 if name.startswith("06") else 1, samples=40, method=method,
                                 executor=pool, progress=lambda done, total: calls.append((done, total)))
    assert pooled == plain and [t.exact for t in plain] == expected
    total = calls[-1][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    if progress is not None:
        assert calls == progress
