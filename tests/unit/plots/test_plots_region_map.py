"""The 2-D region map: one fill per region, names where regions are deepest, boundaries, slide type."""

import numpy as np
import pytest

from berlinsim.model.sweep_result import SweepAxis, SweepResult
from berlinsim.plots import plot_region_map, save_figure
from berlinsim.plots._style import SLIDE_POINTS


def _two_d(regions=None, index=None) -> SweepResult:
    x, y = np.linspace(0, 6, 13), np.linspace(0, 1, 11)
    if index is None:
        X, _ = np.meshgrid(x, y, indexing="ij")
        index = np.where(X < 3, 0, 1)
    regions = regions or (("US: G; K: accept",), ("US: R; K: accept",))
    return SweepResult(
        scenario_id="toy2", title="A toy map", axes=(SweepAxis(name="w", values=x), SweepAxis(name="p", values=y)),
        players=("US", "K"), regions=regions, region_index=index, num_equilibria=np.ones((13, 11)),
        equilibrium_payoffs=np.zeros((13, 11, 1, 2)), strategy_columns=(("US", "", "G"), ("US", "", "R")),
        strategies=np.zeros((13, 11, 2)), outcome_labels=(), outcome_probabilities=np.zeros((13, 11, 0)),
        attribute_names=(), expected_attributes=np.zeros((13, 11, 0)), degenerate=np.zeros((13, 11), bool))


def test_regions_are_named_filled_and_bounded(tmp_path):
    ax = plot_region_map(_two_d(), region_names=("offer G", "offer R"), title="Map", xlabel="w: weight")
    assert {t.get_text() for t in ax.texts} == {"offer G", "offer R"}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["offer G", "offer R", "region boundary"]
    assert ax.get_title(loc="left") == "Map" and ax.get_xlabel() == "w: weight"
    boundary = [c for c in ax.collections if type(c).__name__ == "LineCollection"]
    assert boundary and all(seg[0][0] == pytest.approx(2.75) for seg in boundary[0].get_segments())
    save_figure(ax.figure, tmp_path / "map.png")
    from matplotlib.text import Text

    texts = [t for t in ax.figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert min(t.get_fontsize() for t in texts) >= SLIDE_POINTS


def test_every_region_gets_a_fill_of_its_own_and_long_names_go_in_the_key():
    n = 9
    index = np.repeat(np.arange(13) % n, 11).reshape(13, 11)
    regions = tuple((f"US: action number {k} with a name far too long for a legend entry; K: accept",)
                    for k in range(n))
    ax = plot_region_map(_two_d(regions, index), key=("K = Khrushchev",))
    patches = ax.get_legend().get_patches()
    assert len({(tuple(p.get_facecolor()), p.get_hatch()) for p in patches}) == n
    assert [t.get_text() for t in ax.get_legend().get_texts()][:3] == ["A", "B", "C"]
    key = ax.figure.get_supxlabel()
    assert key.startswith("A: US: action number 0") and key.endswith("K = Khrushchev")


def test_the_wrong_number_of_axes_or_names_is_refused():
    one = SweepResult(scenario_id="t", title="t", axes=(SweepAxis(name="a", values=[0, 1]),), players=("A",),
                      regions=(("A: x",),), region_index=[0, 0], num_equilibria=[1, 1],
                      equilibrium_payoffs=np.zeros((2, 1, 1)), strategy_columns=(("A", "", "x"),),
                      strategies=np.ones((2, 1)), outcome_labels=(), outcome_probabilities=np.zeros((2, 0)),
                      attribute_names=(), expected_attributes=np.zeros((2, 0)), degenerate=[False, False])
    with pytest.raises(ValueError, match="use plot_sweep for one axis"):
        plot_region_map(one)
    with pytest.raises(ValueError, match="1 region names for 2 regions"):
        plot_region_map(_two_d(), region_names=("x",))
