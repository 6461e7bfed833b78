"""Sweep figures: 1-D regions and thresholds, 2-D region maps, curves; drawn from SweepResult values."""

import numpy as np
import pytest

from berlinsim.model.sweep_result import PointEquilibria, SweepAxis, SweepResult
from berlinsim.plots import plot_curves, plot_region_map, plot_sweep, save_figure
from berlinsim.plots.sweep import crossings, region_name, switch_points


def _point(labels, strategies, attributes=()):
    """The equilibria at one grid point (no payoffs or outcomes drawn here)."""
    n = len(labels)
    return PointEquilibria(labels=labels, supports=labels, payoffs=np.zeros((n, 2)), strategies=strategies,
                           outcomes=np.zeros((n, 1)), attributes=np.reshape(attributes, (n, -1)))


def _one_d() -> SweepResult:
    x = np.linspace(0, 1, 11)
    index = (x > 0.52).astype(int) + (x > 0.85).astype(int)
    f, k = ("US: F; UK: F", [1.0, 0.0, 1.0, 0.0]), ("US: K; UK: S", [0.0, 1.0, 0.0, 1.0])
    sets = {0: (f,), 1: (k,), 2: (k, f)}
    points = [_point(tuple(lab for lab, _ in sets[r]), [v for _, v in sets[r]], [[xi, 1 - xi]] * len(sets[r]))
              for r, xi in zip(index, x)]
    return SweepResult.from_points(
        scenario_id="toy", title="A toy sweep", axes=(SweepAxis(name="p", values=x),), players=("US", "UK"),
        strategy_columns=(("US", "", "F"), ("US", "", "K"), ("UK", "", "F"), ("UK", "", "S")),
        outcome_labels=("talks",), attribute_names=("war", "framing"), points=points)


def _two_d() -> SweepResult:
    x, y = np.linspace(0, 6, 13), np.linspace(0, 1, 11)
    X, Y = np.meshgrid(x, y, indexing="ij")
    index = np.where(X < 3, 0, 1) + ((X == 3) & (Y == 0)).astype(int) * 1
    index[(X == 4) & (Y == 0)] = 2
    g, r = ("US: G; K: accept", [1.0, 0.0, 1.0]), ("US: R; K: accept", [0.0, 1.0, 1.0])
    sets = {0: (g,), 1: (r,), 2: (g, r)}
    points = [_point(tuple(lab for lab, _ in sets[k]), [v for _, v in sets[k]]) for k in index.ravel()]
    return SweepResult.from_points(
        scenario_id="toy2", title="A toy map", axes=(SweepAxis(name="w", values=x), SweepAxis(name="p", values=y)),
        players=("US", "K"), strategy_columns=(("US", "", "G"), ("US", "", "R"), ("K", "", "accept")),
        outcome_labels=("o",), points=points)


def test_region_names_keep_supports_not_probabilities():
    assert region_name(("US at plan: B; USSR at x: accept",), ("US",)) == "US at plan: B"
    assert region_name(("US: F 0.25, K 0.75; UK: S",), None) == "US: F+K mixed; UK: S"
    assert region_name(("US: F; UK: F", "US: F; UK: F"), None) == "US: F; UK: F"


def test_switch_points_are_midpoints_between_grid_points():
    assert switch_points(_one_d()) == pytest.approx((0.55, 0.85))


@pytest.mark.parametrize("show", ["strategies", "attributes", "outcomes", "payoffs"])
def test_a_1d_sweep_draws_every_kind_of_line(show, tmp_path):
    ax = plot_sweep(_one_d(), show=show, thresholds=[0.52])
    assert ax.get_xlabel() == "p"
    data = save_figure(ax.figure, tmp_path / "s.png").read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000


def test_regions_are_shaded_named_and_hatched_where_there_are_several_equilibria():
    ax = plot_sweep(_one_d(), thresholds=[0.52, 0.85])
    spans = [p for p in ax.patches]
    assert len(spans) == 3 and spans[-1].get_hatch() == "/"
    assert spans[0].get_x() == 0 and spans[1].get_x() == pytest.approx(0.52)  # the exact threshold is the edge
    legend = ax.artists[0] if ax.artists else ax.get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts[0].startswith("A: US: F; UK: F") and "several equilibria" in texts


def test_a_2d_map_colours_labels_and_hatches_regions(tmp_path):
    ax = plot_region_map(_two_d())
    labels = {t.get_text() for t in ax.texts}
    assert {"US: G; K: accept", "US: R; K: accept"} <= labels
    assert ax.collections, "boundaries and the mesh are drawn"
    data = save_figure(ax.figure, tmp_path / "map.png").read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000


def test_the_wrong_number_of_axes_is_refused():
    with pytest.raises(ValueError, match="plot_region_map for two axes"):
        plot_sweep(_two_d())
    with pytest.raises(ValueError, match="use plot_sweep for one axis"):
        plot_region_map(_one_d())
    with pytest.raises(ValueError, match="legend"):
        plot_sweep(_one_d(), legend="maybe")


def test_curves_mark_their_zero_crossings():
    assert crossings([0, 1, 2], [-1, 1, 3]) == pytest.approx((0.5,))
    assert crossings([0, 1], [2, 3]) == ()
    ax = plot_curves(np.linspace(0, 1, 5), [("a", [-2, -1, 0.5, 1, 2]), ("b", [1, 1, 1, 1, 1])], title="t")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert any(t.get_text() == "0.417" for t in ax.texts)
