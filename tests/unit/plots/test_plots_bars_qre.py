"""Comparison bars and QRE paths: plain data in, labelled figures out; the QRE path of real scenarios."""

from pathlib import Path

import numpy as np
import pytest

from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.plots import plot_comparison, plot_qre_path, save_figure
from berlinsim.plots.qre import path_columns
from berlinsim.scenarios.run import run_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


def test_bars_have_one_bar_per_item_and_metric_with_value_labels(tmp_path):
    ax = plot_comparison(("A", "B", "C"), ("US", "USSR"), [[1, -1], [2, np.nan], [0.5, 3]], title="T")
    assert len(ax.patches) == 6
    texts = [t.get_text() for t in ax.texts]
    assert "n/a" in texts and "0.5" in texts
    assert save_figure(ax.figure, tmp_path / "b.png").stat().st_size > 5000


def test_bars_refuse_a_table_of_the_wrong_shape():
    with pytest.raises(ValueError, match="shape"):
        plot_comparison(("A",), ("x", "y"), [[1, 2, 3]])


@pytest.mark.parametrize("stem, method", [("05_khrushchev_type", "agent_qre"), ("08_berlin_chicken", "qre"),
                                          ("03_british_readiness", "qre")])
def test_qre_paths_of_scenarios_draw_on_a_log_axis(stem, method, tmp_path):
    run = run_scenario(load_scenario(SCENARIOS / f"{stem}.yaml"), method=method)
    path = run.result.details.path
    assert len(path_columns(run.game)) == path.profiles.shape[1]
    ax = plot_qre_path(path, run.game)
    assert ax.get_xscale() == "log" and ax.get_lines()
    assert all(0 <= y <= 1 for line in ax.get_lines() for y in line.get_ydata())
    assert save_figure(ax.figure, tmp_path / "q.svg").stat().st_size > 5000
