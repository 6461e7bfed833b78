"""Every change the complete threshold finder reports on the shipped scenarios' key parameters is what solving
just below and just above it shows (the labels before and after belong to those equilibria), and the domain
notes' switch points are among them."""

import functools
import pathlib
import re
from fractions import Fraction as F

import pytest

from berlinsim.analysis._threshold_keys import PLAN_METHODS, solved_point
from berlinsim.analysis.thresholds import search_thresholds
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.scenarios.run import run_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[2] / "scenarios"
NUMBER = re.compile(r"(?<![\w/])-?\d+(?:\.\d+)?(?:/\d+)?(?:e-?\d+)? ")


@functools.lru_cache(maxsize=None)
def scenario(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def shapes(labels):
    """Labels without mixed probabilities (they move with the parameter)."""
    return sorted(NUMBER.sub("", label) for label in labels)


@pytest.mark.parametrize("name, parameter, low, high, expected", [
    ("03_british_readiness", "pi_uk", 0, 5, [F(9, 4)]),
    ("03c_british_readiness_us_leads", "w_firm_uk", 0, 10, [F(13, 2)]),
    ("04_soviet_overture", "c_prep", 0, 5, [F(3)]),
    ("04_soviet_overture", "u_acc", -10, 10, [F(-9, 2), F(-1, 2), F(3, 2)]),
    ("04b_soviet_overture_hidden", "c_prep", 0, 5, [F(0), F(9, 2)]),
    ("06_two_dangers", "c_commit", 0, 10, [F(2), F(4), F(6)]),
    ("07_un_forum", "prep", 0, 1, [F(3, 4)]),
    ("08_berlin_chicken", "w", 0, 100, [F(0)]),
    # pbe (the scenario's method): at mu = 0 or 1 one US type is never drawn, but its move must still be a best
    # reply, so nothing changes at the ends (spe, Nash on the reduced normal form, also reported 0 and 1)
    ("08d_berlin_chicken_bayesian", "mu", 0, 1, [F(1, 10)]),
    ("08e_berlin_brinkmanship", "rho", 0, 1, [F(0), F(2, 11)]),
    ("09_conference_bromide", "rho_hype", 0, 1, [F(1, 4)]),
])
def test_each_change_is_what_solving_on_either_side_shows(name, parameter, low, high, expected):
    s = scenario(name)
    search = search_thresholds(s, parameter, low, high)
    assert search.complete and [t.exact for t in search.thresholds] == expected
    plans = s.method in PLAN_METHODS
    width = F(high - low) / 10**6
    for t in search.thresholds:
        if t.kind not in ("path", "plan"):
            continue
        sides = []
        for x in (t.exact - width, t.exact + width):
            point = solved_point(run_scenario(s, overrides={parameter: x}), plans)
            entries = point.labels if t.kind == "path" else point.plan_labels
            sides.append(shapes(label for label, _ in entries.values()))
        assert sides == [shapes(t.before), shapes(t.after)], t.sentence
        at = solved_point(run_scenario(s, overrides={parameter: t.exact}), plans)
        entries = at.labels if t.kind == "path" else at.plan_labels
        assert shapes(label for label, _ in entries.values()) == shapes(t.at)
