"""The 2-D region map: one fill per region, names where regions are deepest, boundaries, slide type."""

import numpy as np
import pytest

from berlinsim.model.sweep_result import PointEquilibria, SweepAxis, SweepResult
from berlinsim.plots import plot_region_map, save_figure
from berlinsim.plots._style import SLIDE_POINTS


def _point(label: str) -> PointEquilibria:
    return PointEquilibria(labels=(label,), supports=(label,), payoffs=np.zeros((1, 2)), strategies=np.zeros((1, 2)),
                           outcomes=np.zeros((1, 0)), attributes=np.zeros((1, 0)))


def _two_d(regions=None, index=None) -> SweepResult:
    """13 x 11 points; point ``(i, j)`` has the one equilibrium ``regions[index[i, j]]`` (regions in order of
    first appearance)."""
    x, y = np.linspace(0, 6, 13), np.linspace(0, 1, 11)
    if index is None:
        X, _ = np.meshgrid(x, y, indexing="ij")
        index = np.where(X < 3, 0, 1)
    regions = regions or (("US: G; K: accept",), ("US: R; K: accept",))
    return SweepResult.from_points(
        scenario_id="toy2", title="A toy map", axes=(SweepAxis(name="w", values=x), SweepAxis(name="p", values=y)),
        players=("US", "K"), strategy_columns=(("US", "", "G"), ("US", "", "R")),
        points=[_point(regions[k][0]) for k in np.asarray(index).ravel()])


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
    point = PointEquilibria(labels=("A: x",), supports=("A: x",), payoffs=[[0.0]], strategies=[[1.0]],
                            outcomes=np.zeros((1, 0)), attributes=np.zeros((1, 0)))
    one = SweepResult.from_points(scenario_id="t", title="t", axes=(SweepAxis(name="a", values=[0, 1]),),
                                  players=("A",), strategy_columns=(("A", "", "x"),), points=[point, point])
    with pytest.raises(ValueError, match="use plot_sweep for one axis"):
        plot_region_map(one)
    with pytest.raises(ValueError, match="1 region names for 2 regions"):
        plot_region_map(_two_d(), region_names=("x",))


def test_exact_boundaries_are_drawn_as_given_over_thin_grid_edges():
    curve = ((0.0, 0.25), (3.0, 0.5), (6.0, 0.75))
    ax = plot_region_map(_two_d(), region_names=("offer G", "offer R"), boundaries=(curve, ((2.9, 0.1),)))
    line, dot = ax.lines
    assert line.get_xydata().tolist() == [list(p) for p in curve] and line.get_marker() in ("", "None")
    assert dot.get_xydata().tolist() == [[2.9, 0.1]] and dot.get_marker() == "o"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["offer G", "offer R", "exact boundary",
                                                                 "between grid cells"]
    (cells,) = [c for c in ax.collections if type(c).__name__ == "LineCollection"]
    assert cells.get_linewidths()[0] < line.get_linewidth()
