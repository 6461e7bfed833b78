"""Boundary curves of a 2-D region map: exact thresholds of one parameter at each grid value of the other."""

import pathlib
from fractions import Fraction as F

from berlinsim.analysis.boundaries import boundary_curves
from berlinsim.analysis.thresholds import find_thresholds
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"

PARABOLA = """
berlinsim: 1
id: parabola
title: B wins above a parabola
source: {document: memo, paragraphs: [1]}
parameters:
  x: {default: 0, range: [0, 1]}
  y: {default: 0, range: [0, 2]}
players:
  A: {payoff: 0}
  B: {payoff: 0}
game:
  type: matrix
  actions: {A: [a, b], B: [w]}
  cells:
    - {actions: [a, w], payoffs: {A: x * x + 1/4}}
    - {actions: [b, w], payoffs: {A: y}}
solve: {method: enummixed}
"""


def test_the_boundary_of_a_parabola_is_found_exactly_at_every_grid_value():
    s = parse_scenario(PARABOLA, path="parabola.yaml")
    xs = [F(k, 10) for k in range(11)]
    found = boundary_curves(s, "x", xs, "y", 0, 2)
    assert found.complete and found.xs == tuple(xs)
    assert [[t.exact for t in search.thresholds] for search in found.searches] == [[x * x + F(1, 4)] for x in xs]
    (curve,) = found.curves()
    assert curve.kind == "path" and (curve.before, curve.after) == ("(a, w)", "(b, w)")
    assert curve.points == tuple((x, float(x * x + F(1, 4))) for x in xs)


def test_two_dangers_boundaries_follow_the_cost_of_a_program():
    """06: at w_framing = 4 the thresholds in c_commit are the domain notes' 2, 4 and 6; each continues
    as one curve over the neighbouring values of w_framing."""
    s = load_scenario(SCENARIOS / "06_two_dangers.yaml")
    xs = [3, 4, 5]
    found = boundary_curves(s, "w_framing", xs, "c_commit", 0, 10)
    assert [t.exact for t in found.searches[1].thresholds] == [2, 4, 6]
    for x, search in zip(xs, found.searches):
        assert [t.exact for t in search.thresholds] == [t.exact for t in find_thresholds(
            s, "c_commit", 0, 10, overrides={"w_framing": x})]
    curves = [c for c in found.curves() if len(c.points) == len(xs)]
    assert len(curves) == 3 and [c.points[1][1] for c in curves] == [2.0, 4.0, 6.0]
