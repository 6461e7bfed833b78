"""Batched Monte Carlo: the same equilibria (labels, supports, payoffs, outcomes) as solving each draw on its own,
whatever the chunk size or sampler."""

import functools
import pathlib
from fractions import Fraction

import numpy as np
import pytest

from berlinsim.analysis.monte_carlo import draw_unit, outcomes_at, sample_outcomes
from berlinsim.analysis.robustness import outcome_labels
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.scenarios.run import point_equilibria, run_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"
CASES = {
    "08_berlin_chicken": {"w": "uniform(0, 30)", "l": "uniform(0, 30)", "c_war": "uniform(0, 40)",
                          "u_base": "normal(0, 10)"},
    "01_acheson_wait": {"p_reasonable": "uniform(0, 1)", "w_framing": "uniform(2, 6)", "F_reject": "uniform(0, 2)",
                        "c_pressure": "triangular(2, 4, 6)"},
    "02_kennedy_plan_buildup": {"p_reasonable": "beta(2, 2)", "w_framing": "uniform(2, 6)",
                                "F_reject": "uniform(0, 2)"},
}


@functools.lru_cache(maxsize=None)
def scenario(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def exact_values(result, k):
    return {p: Fraction(v).limit_denominator(10**9) for p, v in zip(result.parameters, result.values[k])}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_chunk_size_does_not_change_the_answers(name, sampler):
    s = scenario(name)
    whole = sample_outcomes(s, CASES[name], 120, rng=np.random.default_rng(11), sampler=sampler)
    for chunk in (17, 50):
        part = sample_outcomes(s, CASES[name], 120, rng=np.random.default_rng(11), sampler=sampler, chunk=chunk)
        assert part.labels == whole.labels and part.supports == whole.supports and part.sets == whole.sets
        assert (part.set_index == whole.set_index).all() and (part.values == whole.values).all()
        assert (part.label_index == whole.label_index).all() and (part.support_index == whole.support_index).all()
        for key in ("equilibrium_payoffs", "equilibrium_strategies", "equilibrium_attributes", "equilibrium_outcomes"):
            assert np.array_equal(getattr(part, key), getattr(whole, key), equal_nan=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_draw_matches_solving_it_on_its_own(name):
    """Every equilibrium of every draw, in order: the labels and supports of model.identity, the payoffs,
    strategies, outcome distributions and attributes of the per-draw path (run_scenario at the exact value)."""
    s = scenario(name)
    result = sample_outcomes(s, CASES[name], 300, rng=np.random.default_rng(3), sampler="lhs")
    assert not result.exact.any()  # random draws are never at a tie: all batched
    for k in range(result.n):
        run = run_scenario(s, overrides=exact_values(result, k))
        expected, got = point_equilibria(run), result.point(k)
        assert got.labels == expected.labels and got.supports == expected.supports
        assert result.equilibria(k) == outcome_labels(run)
        for key in ("payoffs", "strategies", "outcomes", "attributes"):
            assert np.allclose(getattr(got, key), getattr(expected, key), rtol=1e-9, atol=1e-9), key
        assert result.holds[k].sum() == len(result.equilibria(k))
        assert (result.payoffs[k] == got.payoffs[0]).all()  # the first equilibrium's


def test_draws_at_a_tie_are_solved_exactly():
    """08 at ties (w = l, c_war = w: degenerate games, a continuum of equilibria) and away from them."""
    s = scenario("08_berlin_chicken")
    values = np.array([[10.0, 10.0, 10.0], [10.0, 10.0, 40.0], [20.0, 5.0, 20.0]])
    result = outcomes_at(s, ("w", "l", "c_war"), values)
    for k in range(3):
        run = run_scenario(s, overrides=dict(zip(("w", "l", "c_war"), map(Fraction, values[k]))))
        assert outcome_labels(run) == result.equilibria(k)


def test_a_method_without_a_batched_path_solves_every_draw():
    s = scenario("07_un_forum")
    result = sample_outcomes(s, {"prep": "uniform(0, 1)"}, 20, rng=np.random.default_rng(2), method="lh")
    assert result.exact.all() and result.method == "lh"
    for k in range(result.n):
        run = run_scenario(s, overrides=exact_values(result, k), method="lh")
        assert outcome_labels(run) == result.equilibria(k)


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_samplers_are_seeded_and_in_the_unit_cube(sampler):
    u = draw_unit(100, 3, rng=np.random.default_rng(5), sampler=sampler)
    assert u.shape == (100, 3) and (u >= 0).all() and (u < 1).all()
    assert (draw_unit(100, 3, rng=np.random.default_rng(5), sampler=sampler) == u).all()
    assert not (draw_unit(100, 3, rng=np.random.default_rng(6), sampler=sampler) == u).all()


def test_latin_hypercube_and_sobol_are_stratified():
    for sampler in ("lhs", "sobol"):
        u = draw_unit(64, 2, rng=np.random.default_rng(0), sampler=sampler)
        for column in u.T:  # one point in each 1/64 of every axis
            assert sorted(np.floor(column * 64).astype(int).tolist()) == list(range(64))


def test_values_stay_in_range_and_errors():
    s = scenario("07_un_forum")
    result = sample_outcomes(s, {"prep": "normal(1, 0.5)"}, 500, rng=np.random.default_rng(0), sampler="sobol")
    assert result.values.min() >= 0 and result.values.max() <= 1 and not result.values.flags.writeable
    rng = np.random.default_rng(0)
    with pytest.raises(BerlinsimError, match="sampler"):
        sample_outcomes(s, {"prep": "uniform(0, 1)"}, 5, rng=rng, sampler="halton")
    with pytest.raises(BerlinsimError, match="at least 1"):
        sample_outcomes(s, {"prep": "uniform(0, 1)"}, 0, rng=rng)
    with pytest.raises(BerlinsimError, match="no distribution"):
        sample_outcomes(s, {}, 5, rng=rng)
    with pytest.raises(BerlinsimError, match="reaches outside"):
        sample_outcomes(s, {"prep": "uniform(0, 2)"}, 5, rng=rng)
