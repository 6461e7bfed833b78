"""Payoff-matrix figures: every matrix scenario draws headless into a non-empty PNG; marks are right."""

from pathlib import Path

import pytest

from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.plots import plot_payoff_matrix, save_figure
from berlinsim.plots.matrix import pure_equilibria
from berlinsim.scenarios.run import run_scenario
from berlinsim.errors import GameError

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
MATRICES = sorted(p for p in SCENARIOS.glob("*.yaml") if load_scenario(p).kind == "matrix")


def test_there_are_matrix_scenarios():
    assert len(MATRICES) >= 5


@pytest.mark.parametrize("path", MATRICES, ids=lambda p: p.stem)
def test_every_matrix_scenario_draws(path, tmp_path):
    run = run_scenario(load_scenario(path))
    ax = plot_payoff_matrix(run.game, run.result, title=run.scenario.title)
    out = save_figure(ax.figure, tmp_path / "m.png")
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000
    assert ax.get_title() == run.scenario.title


def test_chicken_marks_its_two_pure_equilibria_and_lists_the_mixed_one():
    chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
                                           actions=(("Swerve", "Straight"), ("Swerve", "Straight")))
    assert pure_equilibria(chicken) == ((0, 1), (1, 0))
    from berlinsim.solvers.enummixed import enummixed_solve

    ax = plot_payoff_matrix(chicken, enummixed_solve(chicken))
    texts = [t.get_text() for t in ax.texts]
    assert any("mixed equilibrium" in t for t in texts)
    assert sum("▸" in t for t in texts) == 2 and sum("▾" in t for t in texts) == 2


def test_three_players_are_refused():
    game = NormalFormGame.from_payoffs([[[[0, 0], [0, 0]], [[0, 0], [0, 0]]]] * 3)
    with pytest.raises(GameError, match="two players"):
        plot_payoff_matrix(game)
