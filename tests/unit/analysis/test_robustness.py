"""Monte Carlo robustness: distribution parsing, drawing within ranges, seeded counts that match
per-point solving (07 un_forum: (U, B) exactly when prep > 3/4)."""

import functools
import math
from fractions import Fraction
import pathlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis.robustness import Distribution, parse_distribution, sample
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import load_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"


@functools.lru_cache(maxsize=None)
def scenario(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


@pytest.mark.parametrize("text, kind, arguments", [
    ("uniform(0, 1)", "uniform", (0.0, 1.0)),
    (" Normal( 0.3 ,0.1 ) ", "normal", (0.3, 0.1)),
    ("beta(2,5)", "beta", (2.0, 5.0)),
    ("triangular(0, 1/4, 1)", "triangular", (0.0, 0.25, 1.0)),
])
def test_parse(text, kind, arguments):
    assert parse_distribution(text) == Distribution(kind=kind, arguments=arguments)


@pytest.mark.parametrize("text, message", [
    ("uniform(1, 0)", "a < b"), ("normal(0, 0)", "sigma > 0"), ("beta(0, 1)", "a > 0"),
    ("triangular(0, 2, 1)", "mode"), ("uniform(0)", "takes 2 numbers"), ("gamma(1, 1)", "unknown distribution"),
    ("uniform 0 1", "bad distribution"), ("uniform(0, x)", "not a number"), ("__import__('os')", "unknown distribution '__import__'"),
])
def test_parse_errors(text, message):
    with pytest.raises(BerlinsimError, match=message):
        parse_distribution(text)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["uniform(0.2, 0.9)", "normal(0.9, 0.5)", "normal(-0.5, 1)", "beta(0.5, 0.5)",
                        "triangular(0, 0.9, 1)"]), st.integers(0, 2**32 - 1))
def test_draws_stay_in_the_declared_range(text, seed):
    draws = parse_distribution(text).quantile(np.random.default_rng(seed).random(500), 0.0, 1.0)
    assert draws.shape == (500,) and ((draws >= 0) & (draws <= 1)).all()


def test_normal_is_truncated_not_clipped():
    draws = parse_distribution("normal(1, 0.3)").quantile(np.random.default_rng(0).random(4000), 0.0, 1.0)
    assert (draws == 1.0).sum() == 0 and draws.max() < 1  # no mass piled on the bound
    assert draws.mean() == pytest.approx(1 - 0.3 * math.sqrt(2 / math.pi), abs=0.02)  # half-normal mean


def test_beta_is_scaled_to_the_range():
    draws = parse_distribution("beta(2, 2)").quantile(np.random.default_rng(0).random(4000), 10.0, 20.0)
    assert draws.min() >= 10 and draws.max() <= 20 and draws.mean() == pytest.approx(15, abs=0.1)


def test_un_forum_counts_match_the_threshold_and_are_seeded():
    s = scenario("07_un_forum")
    result = sample(s, {"prep": "uniform(0, 1)"}, 300, rng=np.random.default_rng(7))
    expected_ub = int((result.draws[:, 0] > 0.75).sum())
    freq = {f.label: f for f in result.outcomes}  # outcomes named by their supports, as sweep regions are
    assert freq["US: U; USSR: B"].count == expected_ub and freq["US: U; USSR: U"].count == 300 - expected_ub
    f = freq["US: U; USSR: B"].frequency
    assert freq["US: U; USSR: B"].stderr == pytest.approx(math.sqrt(f * (1 - f) / 300))
    assert sum(x.frequency for x in result.sets) == pytest.approx(1)
    again = sample(s, {"prep": "uniform(0, 1)"}, 300, rng=np.random.default_rng(7))
    assert again.outcomes == result.outcomes and (again.draws == result.draws).all()
    assert not result.draws.flags.writeable


def test_two_dangers_mixed_outcomes_and_a_tree():
    result = sample(scenario("06_two_dangers"), {"c_commit": "triangular(0, 3, 8)"}, 60, rng=np.random.default_rng(3))
    labels = {f.label for f in result.outcomes}
    assert labels <= {"US: P; USSR: H", "US: S, P; USSR: PO, H", "US: Fm, P; USSR: PO, H", "US: Fm; USSR: PO"}
    tree = sample(scenario("01_acheson_wait"), {"p_reasonable": "uniform(0.1, 0.5)"}, 8, rng=np.random.default_rng(0))
    assert [(f.label.split(";")[0], f.count) for f in tree.outcomes] == [("US: buildup_wait", 8)]  # below 0.551
    # every draw keeps its equilibria: labels, payoffs and outcomes, as run_scenario gives them there
    from berlinsim.scenarios.run import point_equilibria, run_scenario

    for (p,), point in zip(tree.draws, tree.points):
        exact = Fraction(p).limit_denominator(10**9)  # the value solved at the draw
        expected = point_equilibria(run_scenario(scenario("01_acheson_wait"), overrides={"p_reasonable": exact}))
        assert point.labels == expected.labels and point.supports == expected.supports
        assert np.allclose(point.payoffs, expected.payoffs, rtol=1e-12, atol=1e-12)


def test_sample_errors():
    s = scenario("07_un_forum")
    with pytest.raises(BerlinsimError, match="outside the range|reaches outside"):
        sample(s, {"prep": "uniform(0, 2)"}, 5, rng=np.random.default_rng(0))
    with pytest.raises(BerlinsimError, match="prp"):
        sample(s, {"prp": "uniform(0, 1)"}, 5, rng=np.random.default_rng(0))
    with pytest.raises(BerlinsimError, match="at least 1"):
        sample(s, {"prep": "uniform(0, 1)"}, 0, rng=np.random.default_rng(0))
    with pytest.raises(BerlinsimError, match="no distribution"):
        sample(s, {}, 5, rng=np.random.default_rng(0))
    with pytest.raises(BerlinsimError, match="too little probability"):
        sample(s, {"prep": "normal(50, 0.01)"}, 5, rng=np.random.default_rng(0))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_wilson_interval_holds_the_share_and_narrows_with_n(n, data):
    from berlinsim.analysis.robustness import wilson_interval

    count = data.draw(st.integers(0, n))
    low, high = wilson_interval(count, n)
    assert 0 <= low <= count / n <= high <= 1
    assert (low == 0) == (count == 0) and (high == 1) == (count == n)
    wider = wilson_interval(count, n, z=3.0)
    assert wider[0] <= low and high <= wider[1]


def test_sample_through_an_executor_gives_the_same_result_and_reports_progress():
    from concurrent.futures import ThreadPoolExecutor

    s = scenario("06_two_dangers")  # lh has no batched path: every draw is solved on its own, 16 per task
    one = sample(s, {"c_commit": "uniform(0, 8)"}, 50, rng=np.random.default_rng(5), method="lh")
    calls = []
    with ThreadPoolExecutor(2) as pool:
        two = sample(s, {"c_commit": "uniform(0, 8)"}, 50, rng=np.random.default_rng(5), method="lh", executor=pool,
                     progress=lambda done, total: calls.append((done, total)))
    assert (two.draws == one.draws).all() and two.equilibria == one.equilibria
    assert two.outcomes == one.outcomes and two.sets == one.sets
    assert calls[0] == (0, 50) and calls[-1] == (50, 50) and len(calls) == 1 + 4  # chunks of 16
    assert [sorted(set(labels)) == sorted(labels) for labels in one.equilibria] == [True] * 50
    assert len(one.equilibria) == 50 and one.method == "lh"


def test_khrushchev_with_agent_qre_each_draw_matches_the_domain_notes():
    """05 (agent_qre): R and hold iff w_framing > 2.95 and p > (v_G - h)/(v_R - h), h = w - 3.5; else G now.
    Draws are solved exactly, so the QRE limit leaves no float residue that would read as mixing."""
    distributions = {"w_framing": "uniform(2, 4)", "p_reasonable": "uniform(0, 0.3)"}
    result = sample(scenario("05_khrushchev_type"), distributions, 40, rng=np.random.default_rng(11))
    for (w, p), labels in zip(result.draws, result.equilibria):
        h = w - 3.5
        separating = w > 2.95 and p > (0.5 - h) / (10 - h)
        (label,) = labels
        assert label == "US: R / hold; K: accept / reject" if separating else label == "US: G; K: accept"
    assert {f.label[:6] for f in result.outcomes} == {"US: R ", "US: G;"}
