"""The 1-D sweep figure: every equilibrium's values, panels by kind, exact thresholds, region fills, slide type."""

import itertools

import numpy as np
import pytest

from berlinsim.model.sweep_result import PointEquilibria, SweepAxis, SweepResult
from berlinsim.plots import plot_sweep, save_figure
from berlinsim.plots._style import SLIDE_POINTS
from berlinsim.plots.sweep import region_runs


def legend_texts(figure, axes_label):
    """The texts of the legend under the panels: ``regions`` or ``equilibria`` (how several are drawn)."""
    legend = next(ax for ax in figure.axes if ax.get_label() == axes_label).get_legend()
    return [t.get_text() for t in legend.get_texts()]


def _sweep(regions, index) -> SweepResult:
    """A 1-D sweep whose point ``g`` has the equilibria named ``regions[index[g]]`` (their supports too)."""
    n = len(index)
    points = []
    for k in index:
        labels = regions[k]
        points.append(PointEquilibria(labels=labels, supports=labels, payoffs=np.zeros((len(labels), 2)),
                                      strategies=np.zeros((len(labels), 2)), outcomes=np.zeros((len(labels), 0)),
                                      attributes=np.zeros((len(labels), 0))))
    return SweepResult.from_points(
        scenario_id="toy", title="A toy sweep", axes=(SweepAxis(name="p", values=np.linspace(0, 1, n)),),
        players=("US", "UK"), strategy_columns=(("US", "", "F"), ("UK", "", "S")), points=points)


def _toy():
    """11 points: one equilibrium up to 0.5, two equilibria at 0.6 and 0.7, one from 0.8."""
    index = [0] * 6 + [1, 1] + [2] * 3
    result = _sweep((("US: F; UK: F",), ("US: F; UK: F", "US: K; UK: S"), ("US: K; UK: S",)), index)
    x = result.axes[0].values
    values = []
    for g, k in enumerate(index):
        one = ("US: F; UK: F", (1.0, 2 * x[g]))
        two = ("US: K; UK: S", (0.0, -x[g]))
        values.append({0: (one,), 1: (one, two), 2: (two,)}[k])
    return result, values


QUANTITIES = [("US: F", "probability"), ("payoff US", "payoff")]


def _axes(top):
    return [ax for ax in top.figure.axes if ax.get_ylabel()]


def test_each_kind_has_its_own_panel():
    result, values = _toy()
    top = plot_sweep(result, values, quantities=QUANTITIES)
    panels = _axes(top)
    assert [ax.get_ylabel() for ax in panels] == ["probability", "payoff"]
    assert [t.get_text() for t in panels[0].get_legend().get_texts()] == ["US: F"]
    assert [t.get_text() for t in panels[1].get_legend().get_texts()] == ["payoff US"]


def test_thresholds_are_labelled_with_the_given_text_at_their_exact_value():
    result, values = _toy()
    top = plot_sweep(result, values, quantities=QUANTITIES, thresholds=[(0.55, "11/20"), (0.75, "3/4")])
    labels = [(t.get_text(), t.xy[0]) for t in top.texts]
    assert labels == [("11/20", 0.55), ("3/4", 0.75)]
    for ax in _axes(top):  # the edges of the regions and a line in every panel
        assert sorted(line.get_xdata()[0] for line in ax.lines if line.get_gid() == "threshold") == [0.55, 0.75]
    spans = [(p.get_x(), p.get_x() + p.get_width()) for p in top.patches]
    assert spans == [pytest.approx((0.0, 0.55)), pytest.approx((0.55, 0.75)), pytest.approx((0.75, 1.0))]


def test_threshold_labels_never_overlap():
    result, values = _toy()
    marks = [(0.745, "0.745"), (0.75, "3/4"), (0.755, "0.755"), (0.2, "1/22 ≈ 0.04545"), (0.21, "0.21")]
    top = plot_sweep(result, values, quantities=QUANTITIES, thresholds=marks)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(top.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in top.texts]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    title = top.title.get_window_extent(renderer)
    assert not any(box.overlaps(title) for box in boxes)


def test_a_band_spans_the_lowest_to_the_highest_equilibrium():
    result, values = _toy()
    payoffs = _axes(plot_sweep(result, values, quantities=QUANTITIES, equilibria="band"))[1]
    (band,) = payoffs.collections  # only the run with two equilibria has a band
    assert band.get_gid() == "band payoff US"
    ys = band.get_paths()[0].vertices[:, 1]
    x = result.axes[0].values
    assert max(ys) == pytest.approx(2 * x[7]) and min(ys) == pytest.approx(-x[7])


def test_lines_draw_each_equilibrium_as_computed():
    result, values = _toy()
    top = plot_sweep(result, values, quantities=QUANTITIES, equilibria="lines")
    x = result.axes[0].values
    drawn = {(line.get_gid(), tuple(np.round(line.get_xdata(), 9))): list(line.get_ydata())
             for line in _axes(top)[1].lines}
    assert drawn["curve payoff US 1", tuple(np.round(x[6:8], 9))] == pytest.approx([2 * x[6], 2 * x[7]])
    assert drawn["curve payoff US 2", tuple(np.round(x[6:8], 9))] == pytest.approx([-x[6], -x[7]])
    assert drawn["curve payoff US 1", tuple(np.round(x[:6], 9))] == pytest.approx(2 * x[:6])
    styles = next(ax for ax in top.figure.axes if ax.get_label() == "equilibria").get_legend()
    assert styles.get_title().get_text() == "several equilibria"
    assert [t.get_text() for t in styles.get_texts()] == ["equilibrium 1", "equilibrium 2"]


def test_no_curve_is_drawn_across_two_regions():
    result, values = _toy()
    top = plot_sweep(result, values, quantities=QUANTITIES)
    x = result.axes[0].values
    for line in _axes(top)[1].lines:
        xs = line.get_xdata()
        if len(xs) > 1 and line.get_gid() != "threshold":
            runs = {k for k, (_, a, b, _, _) in enumerate(region_runs(result, [str(r) for r in result.regions]))
                    if x[a] <= xs[0] and xs[-1] <= x[b]}
            assert len(runs) == 1


def test_every_region_has_a_fill_of_its_own():
    n = 9  # more regions than the seven Okabe-Ito tints: hatches tell the rest apart
    result = _sweep(tuple((f"US: a{k}; UK: b",) for k in range(n)), list(range(n)))
    values = [((f"US: a{k}; UK: b", (0.5,)),) for k in range(n)]
    top = plot_sweep(result, values, quantities=[("US: F", "probability")])
    looks = [(tuple(p.get_facecolor()), p.get_hatch()) for p in top.patches]
    assert len(looks) == n and len(set(looks)) == n
    legend = next(ax for ax in top.figure.axes if ax.get_label() == "regions").get_legend()
    assert len({(tuple(h.get_facecolor()), h.get_hatch()) for h in legend.get_patches()}) == n


def test_long_region_names_are_lettered_and_spelt_out_in_the_key():
    result, values = _toy()
    names = ["program", "program | US: K, a long name that does not fit in a legend entry at all", "trap"]
    top = plot_sweep(result, values, quantities=QUANTITIES, region_names=names, key=["US: F = firm"])
    legend = legend_texts(top.figure, "regions")
    assert legend[:3] == ["program", "A", "trap"]
    key = top.figure.get_supxlabel()
    assert key.startswith("A: program | US: K, a long name") and key.endswith("US: F = firm")


def test_every_text_is_slide_sized_at_the_default_size(tmp_path):
    result, values = _toy()
    top = plot_sweep(result, values, quantities=QUANTITIES, thresholds=[(0.55, "0.55")], key=["US: F = firm"])
    save_figure(top.figure, tmp_path / "s.png")  # drawn: the tick labels exist
    from matplotlib.text import Text

    texts = [t for t in top.figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert texts and min(t.get_fontsize() for t in texts) >= SLIDE_POINTS


def test_title_size_and_labels_are_the_callers():
    result, values = _toy()
    top = plot_sweep(result, values, quantities=QUANTITIES, title="My slide", xlabel="p: the prior",
                     size=(8.0, 5.0))
    assert top.get_title(loc="left") == "My slide"
    assert _axes(top)[-1].get_xlabel() == "p: the prior"
    assert tuple(top.figure.get_size_inches()) == (8.0, 5.0)


def test_bad_data_is_refused():
    result, values = _toy()
    with pytest.raises(ValueError, match="band or lines"):
        plot_sweep(result, values, quantities=QUANTITIES, equilibria="cloud")
    with pytest.raises(ValueError, match="10 points of values"):
        plot_sweep(result, values[:10], quantities=QUANTITIES)
    with pytest.raises(ValueError, match="2 values for 1 quantities"):
        plot_sweep(result, values, quantities=QUANTITIES[:1])
    with pytest.raises(ValueError, match="kind must be one of"):
        plot_sweep(result, values, quantities=[("x", "money"), ("y", "payoff")])
    point = PointEquilibria(labels=("A: x",), supports=("A: x",), payoffs=[[0.0]], strategies=[[1.0]],
                            outcomes=np.zeros((1, 0)), attributes=np.zeros((1, 0)))
    two = SweepResult.from_points(scenario_id="t", title="t", players=("A",), strategy_columns=(("A", "", "x"),),
                                  axes=(SweepAxis(name="a", values=[0, 1]), SweepAxis(name="b", values=[0, 1])),
                                  points=[point] * 4)
    with pytest.raises(ValueError, match="plot_region_map for two axes"):
        plot_sweep(two, [], quantities=QUANTITIES)
