"""What a sweep figure draws: quantity names, every equilibrium's values (the solver's), exact thresholds."""

from fractions import Fraction
from pathlib import Path

import pytest

import numpy as np

from berlinsim.analysis.figure_data import (
    choose, default_quantities, equilibrium_values, exact_thresholds, quantities,
)
from berlinsim.analysis.sweep import sweep
from berlinsim.errors import BerlinsimError
from berlinsim.io.tables import sweep_table
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario
from berlinsim.scenarios.run import run_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


@pytest.fixture(scope="module")
def dangers():
    return load_scenario(SCENARIOS / "06_two_dangers.yaml")


@pytest.fixture(scope="module")
def bayesian():
    return load_scenario(SCENARIOS / "08d_berlin_chicken_bayesian.yaml")


def test_quantities_are_named_as_the_export_columns(dangers, bayesian):
    names = [q.name for q in quantities(dangers)]
    assert names[:5] == ["payoff US", "payoff USSR", "US: S", "US: Fm", "US: P"]
    assert "P(Fm / PO)" in names and names[-1] == "E[forum_monopoly]"
    tree = [q.name for q in quantities(bayesian)]
    assert "US at a resolute US chooses: Yield" in tree and "USSR: Press" in tree


def test_choose_reads_commas_aliases_and_says_what_is_valid(dangers):
    available = quantities(dangers)
    chosen = choose(["framing, payoff US", "US: Fm", "E[framing]"], available)
    assert [(q.name, q.kind) for q in chosen] == [("E[framing]", "attribute"), ("payoff US", "payoff"),
                                                  ("US: Fm", "probability")]
    with pytest.raises(BerlinsimError) as error:
        choose(["US: Fn"], available)
    message = str(error.value)
    assert "--y 'US: Fn': unknown; did you mean 'US: Fm'?" in message and "valid: payoff US, payoff USSR" in message


def test_the_defaults_leave_out_the_second_of_two_actions(dangers):
    names = [q.name for q in default_quantities(quantities(dangers))]
    assert names == ["US: S", "US: Fm", "US: P", "USSR: PO", "E[framing]", "E[ratchet]", "E[program]",
                     "E[peace_offensive]", "E[forum_monopoly]"]


def _solver(scenario, chosen, **overrides):
    """The values of every equilibrium the solver finds, sorted, as an array."""
    run = run_scenario(scenario, overrides=overrides)
    return np.array(sorted(tuple(q.value(run, k) for q in chosen) for k in range(len(run.result.equilibria))))


def _drawn(point):
    return np.array(sorted(v for _, v in point))


def test_every_equilibrium_has_the_solvers_values_in_a_matrix_sweep(dangers):
    chosen = choose(["US: S", "US: Fm", "USSR: PO", "payoff US", "payoff USSR", "E[framing]", "P(Fm / PO)"],
                    quantities(dangers))
    result = sweep(dangers, "c_commit=0:8:9")
    values = equilibrium_values(result, chosen)
    assert len(values) == 9 and [len(p) for p in values] == result.num_equilibria.tolist()
    for g, c in enumerate(result.axes[0].values):
        exact = Fraction(c).limit_denominator(1000)
        np.testing.assert_allclose(_drawn(values[g]), _solver(dangers, chosen, c_commit=exact), atol=1e-9)
        # the same order as the sweep's: the payoffs line up with its equilibrium_payoffs
        for k, (_, v) in enumerate(values[g]):
            assert v[3:5] == pytest.approx(tuple(result.equilibrium_payoffs[g, k]))
    assert len(values[4]) == 2  # c_commit = 4: both mixed equilibria


def test_every_equilibrium_has_the_solvers_values_in_a_tree_sweep(bayesian):
    chosen = choose(["E[war]", "payoff US", "USSR: Back"], quantities(bayesian))
    result = sweep(bayesian, "mu=0:0.2:5")
    values = equilibrium_values(result, chosen)
    for g, mu in enumerate(result.axes[0].values):
        np.testing.assert_allclose(_drawn(values[g]), _solver(bayesian, chosen, mu=Fraction(mu).limit_denominator(1000)),
                                   atol=1e-9)
        assert tuple(label for label, _ in values[g]) == result.labels_at(g)  # the sweep's own labels, in order


def test_a_between_sweep_is_solved_at_the_interpolated_values():
    kennedy = load_scenario(SCENARIOS / "02_kennedy_plan_buildup.yaml")
    chosen = choose(["payoff US"], quantities(kennedy, between=("acheson", "kissinger")))
    result = sweep(kennedy, "t=0:1:3", between=("acheson", "kissinger"))
    values = equilibrium_values(result, chosen)
    for g in range(3):
        assert [v[0] for _, v in values[g]] == pytest.approx(result.equilibrium_payoffs[g, :1, 0])
    assert values[0][0][1][0] == pytest.approx(0.196)  # Acheson's beliefs: (B, W) is worth 0.196 to the US


@pytest.mark.parametrize("name, axis", [("06_two_dangers", "c_commit=0:8:9"), ("03_british_readiness", "pi_uk=0:4:5"),
                                        ("08d_berlin_chicken_bayesian", "mu=0:0.2:5"),
                                        ("04_soviet_overture", "c_prep=0:5:4")])
def test_the_plotted_values_are_the_exports_cells_of_the_same_equilibrium(name, axis):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    available = quantities(scenario)
    result = sweep(scenario, axis)
    values = equilibrium_values(result, available)
    rows = sweep_table(result).records()
    assert len(rows) == sum(len(point) for point in values)
    by_key = {(row["point"], row["equilibrium"]): row for row in rows}
    for g, point in enumerate(values):
        for e, (label, drawn) in enumerate(point):
            row = by_key[(g, e + 1)]
            assert row["label"] == label
            assert drawn == tuple(row[q.column] for q in available)  # the same cells, exactly


def test_a_trees_action_is_also_named_by_its_export_column(bayesian):
    available = quantities(bayesian)
    (q,) = choose(["US @ a resolute US chooses: Yield"], available)
    assert q.name == "US at a resolute US chooses: Yield" and q.column == "US @ a resolute US chooses: Yield"
    other = parse_scenario(TOY, path="toy.yaml")
    with pytest.raises(BerlinsimError, match="not a quantity of the sweep"):
        equilibrium_values(sweep(other, "c=0:1:3"), [q])


TOY = '''
berlinsim: 1
id: toy
title: A toy
source: {document: memo, paragraphs: [1]}
parameters: {c: {default: 0, range: [0, 1]}}
players: {A: {}, B: {}}
game:
  type: matrix
  actions: {A: [go, stay], B: [x]}
  cells:
    - {actions: [go, x], payoffs: {A: 1 - 22 * c, B: 0}}
    - {actions: [stay, x], payoffs: {A: 0, B: 0}}
'''


def test_thresholds_are_exact_never_grid_midpoints(dangers):
    forum = load_scenario(SCENARIOS / "07_un_forum.yaml")
    assert exact_thresholds(forum, sweep(forum, "prep=0:1:101")) == ((0.75, Fraction(3, 4)),)
    found = exact_thresholds(dangers, sweep(dangers, "c_commit=0:8:101"))
    assert [exact for _, exact in found] == [2, 4, 6]
    toy = parse_scenario(TOY, path="toy.yaml")
    assert exact_thresholds(toy, sweep(toy, "c=0:1:11")) == ((1 / 22, Fraction(1, 22)),)


def test_no_thresholds_on_a_one_point_sweep_and_none_for_two_axes(dangers):
    assert exact_thresholds(dangers, sweep(dangers, {"c_commit": [2]})) == ()
    with pytest.raises(BerlinsimError, match="along one axis"):
        exact_thresholds(dangers, sweep(dangers, ["c_commit=0:8:3", "w_framing=0:4:3"]))
