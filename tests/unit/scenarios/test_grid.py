"""A scenario's payoffs over a whole grid at once: the same as the games built point by point."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import parse_scenario
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.grid import evaluate_payoff_grid
from berlinsim.scenarios.values import resolve_values

DATA = Path(__file__).resolve().parents[2] / "data" / "good_scenarios"
CHICKEN = (DATA / "chicken.yaml").read_text(encoding="utf-8")
SCREENING = (DATA / "screening.yaml").read_text(encoding="utf-8")


def test_payoff_grid_matches_the_games_built_point_by_point():
    scenario = parse_scenario(CHICKEN)
    c_war = np.array([20.0, 50.0, 300.0])[:, None]
    w = np.array([0.0, 5.0])[None, :]
    grid = evaluate_payoff_grid(scenario, {"c_war": c_war, "w": w})
    assert grid.shape == (3, 2, 2, 2, 2)
    for i in range(3):
        for j in range(2):
            values = resolve_values(scenario, overrides={"c_war": c_war[i, 0], "w": w[0, j]})
            assert np.array_equal(grid[i, j], build_game(scenario, values).game.payoffs)


def test_payoff_grid_of_a_tree_and_its_errors():
    scenario = parse_scenario(SCREENING)
    grid = evaluate_payoff_grid(scenario, {"v_settle": [0, 20]})
    assert grid.shape == (2, 6, 2)
    assert grid[1].tolist() == [[20, 4], [4, -2], [0, 0]] * 2
    with pytest.raises(BerlinsimError, match="did you mean 'v_settle'"):
        evaluate_payoff_grid(scenario, {"v_setle": [1]})
    with pytest.raises(BerlinsimError, match="do not broadcast"):
        evaluate_payoff_grid(scenario, {"v_settle": [1, 2], "w_framing": [1, 2, 3]})
