"""Sensitivity indices on games with analytic answers.

Tolerances: with N = 4096 base draws an indicator with variance v gives Jansen's total-index
estimate a standard error of about sqrt(p (1 - p) / N) / (2 v) <= 0.016 (p the share of rows where
the output changes), and the first-order one about as much; 0.1 is over 6 standard errors, and the
Sobol' design is a quasi-random one, whose errors are smaller still. An irrelevant parameter's
indices are exactly 0 whatever the seed: changing it never changes the output at any row.
"""

import sys

import numpy as np
import pytest

from berlinsim.analysis.sensitivity import sensitivity_indices
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import parse_scenario

pytest.importorskip("SALib")

TOY = """
berlinsim: 1
id: toy
title: A toy
source: {document: memo, paragraphs: [1]}
parameters:
  x: {default: 0.5, range: [0, 1]}
  y: {default: 0.5, range: [0, 1]}
  z: {default: 0.5, range: [0, 1]}
attributes:
  went: {range: [0, 1]}
players:
  A: {payoff: 0}
  B: {payoff: 0}
game:
  type: matrix
  actions: {A: [go, stay], B: [x]}
  cells:
    - {actions: [go, x], payoffs: {A: "GO - 1/2"}, attributes: {went: 1}}
    - {actions: [stay, x], payoffs: {A: 0}}
solve: {method: enummixed}
"""
UNIFORM = {"x": "uniform(0, 1)", "y": "uniform(0, 1)", "z": "uniform(0, 1)"}
TOL = 0.1


def game(go):
    return parse_scenario(TOY.replace("GO", go), path="toy.yaml")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_parameter_that_decides_alone_has_index_one_and_the_others_zero(seed):
    found = sensitivity_indices(game("x"), UNIFORM, 4096, seed=seed)
    go = "equilibrium: A: go; B: x"
    for name in ("y", "z"):
        for index in ("S1", "ST"):
            assert found.value(go, name, index).value == 0.0
        assert found.value(go, name, "PAWN").value < TOL
    assert found.value(go, "x", "ST").value == pytest.approx(1, abs=TOL)
    assert found.value(go, "x", "S1").value == pytest.approx(1, abs=TOL)
    assert found.value(go, "x", "PAWN").value == pytest.approx(0.5, abs=TOL)  # KS of a slice vs all: 1/2
    assert found.value(go, "x", "ST").conf < TOL
    assert found.value("E[went]", "x", "ST").value == pytest.approx(1, abs=TOL)
    assert ("payoff B", 0.0) in found.constant and "payoff B" not in found.outputs
    assert found.base == 4096 and found.runs == 4096 * 5


@pytest.mark.parametrize("seed", [0, 3])
def test_an_interaction_splits_first_order_and_total_as_computed(seed):
    """go iff x > 1/2 and y > 1/2: f = 1{x>1/2} 1{y>1/2}, Var f = 3/16, Var E[f|x] = 1/16 (S1 = 1/3),
    E Var(f|y) = 1/8 (ST = 2/3), for x and y alike; z is irrelevant."""
    found = sensitivity_indices(game("min(x, y)"), UNIFORM, 4096, seed=seed)
    go = "equilibrium: A: go; B: x"
    for name in ("x", "y"):
        assert found.value(go, name, "S1").value == pytest.approx(1 / 3, abs=TOL)
        assert found.value(go, name, "ST").value == pytest.approx(2 / 3, abs=TOL)
    assert found.value(go, "z", "ST").value == 0.0


def test_records_cover_every_output_parameter_and_index():
    found = sensitivity_indices(game("x"), {"x": "uniform(0, 1)", "y": "beta(2, 5)"}, 100, seed=0)
    assert found.base == 128
    keys = {(r.output, r.parameter, r.index) for r in found.records}
    assert len(keys) == len(found.records) == len(found.outputs) * 2 * 3
    assert all(np.isfinite(r.value) for r in found.records)
    assert all((r.conf is None) == (r.index == "PAWN") for r in found.records)


def test_errors_and_a_missing_salib(monkeypatch):
    with pytest.raises(BerlinsimError, match="at least 2"):
        sensitivity_indices(game("x"), UNIFORM, 1)
    with pytest.raises(BerlinsimError, match="reaches outside"):
        sensitivity_indices(game("x"), {"x": "uniform(0, 2)"}, 8)
    monkeypatch.setitem(sys.modules, "SALib", None)
    with pytest.raises(BerlinsimError, match=r"pip install 'berlinsim\[sensitivity\]'"):
        sensitivity_indices(game("x"), UNIFORM, 8)


def test_the_same_seed_gives_the_same_intervals():
    one = sensitivity_indices(game("min(x, y)"), UNIFORM, 256, seed=0)
    two = sensitivity_indices(game("min(x, y)"), UNIFORM, 256, seed=0)
    assert one.records == two.records
    assert sensitivity_indices(game("min(x, y)"), UNIFORM, 256, seed=1).records != one.records
