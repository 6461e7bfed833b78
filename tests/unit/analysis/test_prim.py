"""PRIM recovers known boxes: on synthetic draws (any seed, any box), with label noise, as a covering of two
boxes, and on scenario 01, whose initiate_only region is p_reasonable > 87/137 whatever w_framing and F_reject."""

import functools
import pathlib
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis.discovery import discover, find_label
from berlinsim.analysis.prim import prim_box, prim_boxes
from berlinsim.analysis.thresholds import search_thresholds
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import load_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"
NAMES = ("a", "b", "c")


@functools.lru_cache(maxsize=None)
def scenario(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


# With 3000 uniform draws a box side is located to within the gap between neighbouring draws along it
# plus one paste (1% of the box's draws); 0.03 is several times that for boxes of width at least 0.4.
TOL = 0.03


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.1, 0.4), st.floats(0.1, 0.4))
def test_a_known_box_is_recovered_for_any_seed(seed, low_a, high_b_gap):
    x = np.random.default_rng(seed).random((3000, 3))
    high_b = 1 - high_b_gap
    y = (x[:, 0] > low_a) & (x[:, 1] < high_b)
    box = prim_box(x, y, names=NAMES)
    assert set(box.limits) == {"a", "b"}  # c is irrelevant: left open
    assert box.limits["a"][0] == pytest.approx(low_a, abs=TOL) and box.limits["a"][1] == np.inf
    assert box.limits["b"][1] == pytest.approx(high_b, abs=TOL) and box.limits["b"][0] == -np.inf
    assert box.coverage >= 0.95 and box.density >= 0.95
    inside = ((x > box.low) & (x < box.high)).all(axis=1)
    assert box.coverage == y[inside].sum() / y.sum() and box.density == y[inside].mean()


def test_label_noise_and_the_trajectory():
    rng = np.random.default_rng(4)
    x = rng.random((4000, 3))
    y = ((x[:, 0] > 0.3) & (x[:, 1] < 0.6)) ^ (rng.random(4000) < 0.05)
    box = prim_box(x, y, names=NAMES)
    assert box.limits["a"][0] == pytest.approx(0.3, abs=0.05) and box.limits["b"][1] == pytest.approx(0.6, abs=0.05)
    assert "c" not in box.limits and box.density > 0.85
    coverage, density = zip(*box.trajectory)
    assert coverage[0] == 1 and list(coverage) == sorted(coverage, reverse=True)  # peeling only loses coverage
    assert density[0] == pytest.approx(y.mean())


def test_a_covering_finds_two_boxes():
    x = np.random.default_rng(2).random((5000, 3))
    y = ((x[:, 0] < 0.3) & (x[:, 1] < 0.3)) | ((x[:, 0] > 0.6) & (x[:, 2] > 0.5))
    boxes = prim_boxes(x, y, names=NAMES)
    assert len(boxes) >= 2
    first, second = boxes[0], boxes[1]
    assert set(first.limits) == {"a", "c"} and first.limits["a"][0] == pytest.approx(0.6, abs=TOL)
    assert set(second.limits) == {"a", "b"} and second.limits["b"][1] == pytest.approx(0.3, abs=0.05)
    assert first.coverage + second.coverage >= 0.9


def test_sentences():
    x = np.random.default_rng(0).random((2000, 2))
    box = prim_box(x, (x[:, 0] > 0.2) & (x[:, 0] < 0.7), names=("w_framing", "F_reject"))
    text = box.sentence("the US initiates")
    assert text.startswith("the US initiates whenever 0.") and " < w_framing < 0." in text and "F_reject" not in text
    assert text.endswith("%)") and "coverage" in text and "density" in text
    everywhere = prim_box(x, np.ones(2000, dtype=bool), names=("w_framing", "F_reject"))
    assert everywhere.sentence("it") == "it whenever anywhere in the sampled ranges (coverage 100%, density 100%)"
    with pytest.raises(BerlinsimError, match="no draw"):
        prim_box(x, np.zeros(2000, dtype=bool), names=("w_framing", "F_reject"))


def test_the_initiate_only_region_of_01_is_found():
    s = scenario("01_acheson_wait")
    (switch,) = [t for t in search_thresholds(s, "p_reasonable", 0, 1).thresholds if "initiate_only" in t.sentence]
    assert switch.exact == Fraction(87, 137)
    found = discover(s, {"p_reasonable": "uniform(0, 1)", "w_framing": "uniform(2, 6)",
                         "F_reject": "uniform(0, 2)"}, 3000, "initiate_only", rng=np.random.default_rng(1))
    assert found.target.startswith("US: initiate_only") and found.share == pytest.approx(1 - 87 / 137, abs=0.03)
    box = found.boxes[0]
    assert set(box.limits) == {"p_reasonable"} and box.limits["p_reasonable"][0] == pytest.approx(87 / 137, abs=0.01)
    assert box.coverage >= 0.99 and box.density == 1


def test_target_labels():
    labels = ("US: buildup_wait; USSR: overture", "US: initiate_only; USSR: accept")
    assert find_label(labels, "INITIATE_only") == labels[1] and find_label(labels, labels[0]) == labels[0]
    with pytest.raises(BerlinsimError, match="no equilibrium outcome"):
        find_label(labels, "retreat")
    with pytest.raises(BerlinsimError, match="several outcomes"):
        find_label(labels, "US")
