"""``sweep --plot``: what it draws (--y of every equilibrium, exact threshold labels), its options, and that
a bad option fails before the sweep runs."""

import pathlib

import pytest

import berlinsim.analysis.sweep
import berlinsim.plots._style
from berlinsim.analysis.sweep import sweep
from berlinsim.cli import main
from berlinsim.cli._sweep_figure import NO_EXACT_BOUNDARIES, PlotRequest, sweep_figure
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario

ROOT = pathlib.Path(__file__).resolve().parents[2]
DANGERS = ROOT / "scenarios" / "06_two_dangers.yaml"
FORUM = ROOT / "scenarios" / "07_un_forum.yaml"
BAYESIAN = ROOT / "scenarios" / "08d_berlin_chicken_bayesian.yaml"


def legend_texts(figure, axes_label):
    """The texts of the legend under the panels: ``regions`` or ``equilibria`` (how several are drawn)."""
    legend = next(ax for ax in figure.axes if ax.get_label() == axes_label).get_legend()
    return [t.get_text() for t in legend.get_texts()]


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_sweep(monkeypatch):
    """The sweep must not run: a bad option is caught before any work."""
    def refuse(*args, **kwargs):
        raise AssertionError("the sweep ran before the options were checked")
    monkeypatch.setattr(berlinsim.analysis.sweep, "sweep", refuse)


@pytest.fixture
def drawn(monkeypatch):
    """The figures `berlinsim sweep --plot` saves, instead of writing them."""
    figures = []
    monkeypatch.setattr(berlinsim.plots._style, "save_figure", lambda figure, path: figures.append((figure, path)))
    return figures


@pytest.mark.parametrize("args, message", [
    (["--plot", "x.jpg"], "--plot x.jpg: cannot write a figure as 'x.jpg': use .png, .svg or .pdf"),
    (["--plot", "x.png", "--y", "US: Fn"], "--y 'US: Fn': unknown; did you mean 'US: Fm'? (valid: payoff US,"),
    (["--plot", "x.png", "--size", "big"], "--size 'big': expected WIDTHxHEIGHT in inches"),
    (["--plot", "x.png", "--size", "100x2"], "each side must be from 2 to 60 inches"),
    (["--y", "war"], "--y says how --plot draws: give --plot FILE"),
    (["--title", "T"], "--title says how --plot draws"),
    (["--plot", "x.png", "--vary", "w_framing=0:4:3", "--y", "war"], "a 2-D sweep is drawn as a map"),
])
def test_bad_plot_options_fail_before_the_sweep(capsys, no_sweep, args, message):
    code, _, err = call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:101", *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_the_plot_draws_the_chosen_quantities_with_its_title_and_size(capsys, drawn, tmp_path):
    code, _, _ = call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:17", "-q", "--plot", tmp_path / "s.svg",
                      "--y", "framing,payoff US", "--y", "US: Fm", "--equilibria", "lines", "--title", "Two dangers",
                      "--size", "10x6")
    assert code == 0
    ((figure, path),) = drawn
    assert path == tmp_path / "s.svg"
    panels = [ax for ax in figure.axes if ax.get_ylabel()]
    assert [ax.get_ylabel() for ax in panels] == ["probability", "payoff", "expected value"]
    assert [[t.get_text() for t in ax.get_legend().get_texts()] for ax in panels] == [["US: Fm"], ["payoff US"],
                                                                                       ["E[framing]"]]
    assert panels[0].get_title(loc="left") == "Two dangers" and tuple(figure.get_size_inches()) == (10, 6)
    assert "equilibrium 2" in legend_texts(figure, "equilibria")


def test_a_real_file_is_written(capsys, tmp_path):
    out = tmp_path / "forum.png"
    assert call(capsys, "sweep", FORUM, "--vary", "prep=0:1:11", "-q", "--plot", out)[0] == 0
    assert out.read_bytes().startswith(b"\x89PNG")


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


@pytest.mark.parametrize("scenario, axis, labels", [
    (FORUM, "prep=0:1:101", ["0.75"]),  # not 0.745 and 0.755
    (DANGERS, "c_commit=0:8:101", ["2", "4", "6"]),  # not 2.04, 4.04, 6.04
    (TOY, "c=0:1:11", ["1/22 ≈ 0.04545"]),  # not 0.025
])
def test_thresholds_are_labelled_with_their_exact_values(scenario, axis, labels):
    s = parse_scenario(scenario, path="toy.yaml") if scenario is TOY else load_scenario(scenario)
    figure = sweep_figure(s, sweep(s, axis))
    top = next(ax for ax in figure.axes if ax.get_ylabel())
    assert [t.get_text() for t in top.texts] == labels


def test_titles_axes_and_keys_use_the_scenarios_words():
    s = load_scenario(DANGERS)
    figure = sweep_figure(s, sweep(s, "c_commit=0:8:9"), PlotRequest(path=pathlib.Path("x.png")))
    panels = [ax for ax in figure.axes if ax.get_ylabel()]
    assert panels[0].get_title(loc="left") == s.title  # no raw id
    assert panels[-1].get_xlabel().replace("\n", " ").startswith("c_commit: US cost of committing")
    key = figure.get_supxlabel()
    assert "Fm = offer negotiating formulas" in key and "PO = launch a peace offensive" in key
    regions = legend_texts(figure, "regions")
    assert regions[:2] == ["US: P; USSR: H", "US: S, P; USSR: PO, H"]


def test_a_two_axis_sweep_is_drawn_as_a_region_map(capsys, drawn, tmp_path):
    code, _, _ = call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:9", "--vary", "w_framing=0:8:5", "-q",
                      "--plot", tmp_path / "map.png", "--title", "Map")
    assert code == 0
    ((figure, _),) = drawn
    (ax,) = figure.axes
    assert ax.get_title(loc="left") == "Map" and ax.get_ylabel().startswith("w_framing: US weight")


CURVED = '''
berlinsim: 1
id: curved
title: B above a parabola
source: {document: memo, paragraphs: [1]}
parameters:
  x: {default: 0, range: [0, 1]}
  y: {default: 0, range: [0, 2]}
players: {A: {}, B: {}}
game:
  type: matrix
  actions:
    A: [{a: stay low}, {b: go high}]
    B: [w]
  cells:
    - {actions: [a, w], payoffs: {A: PAYOFF, B: 0}}
    - {actions: [b, w], payoffs: {A: y, B: 0}}
solve: {method: enummixed}
'''


def test_a_region_map_draws_its_exact_boundary_curve():
    """The threshold of y at each grid x is x^2 + 1/4 (B above it): the drawn lines pass through it,
    at each grid value of either axis, not through the midpoints between grid cells."""
    from fractions import Fraction as F

    s = parse_scenario(CURVED.replace("PAYOFF", "x * x + 1/4"), path="curved.yaml")
    figure = sweep_figure(s, sweep(s, ["x=0:1:6", "y=0:2:9"]))
    (ax,) = figure.axes
    along_y, along_x = ax.lines
    xs = [F(k, 5) for k in range(6)]
    assert along_y.get_xydata().tolist() == [[float(x), float(x * x + F(1, 4))] for x in xs]
    # at each grid y inside (1/4, 5/4), the threshold in x is sqrt(y - 1/4), isolated to 1e-12 (x = 1 at y = 5/4 is
    # the range's end, left out)
    ys = [F(k, 4) for k in range(2, 5)]
    expected = [[float(y - F(1, 4)) ** 0.5, float(y)] for y in ys]
    assert along_x.get_xydata().ravel().tolist() == pytest.approx(sum(expected, []), abs=1e-12)
    assert [t.get_text() for t in ax.get_legend().get_texts()][-2:] == ["exact boundary", "between grid cells"]
    assert NO_EXACT_BOUNDARIES not in figure.get_supxlabel()


def test_without_the_exact_finder_the_map_keeps_its_grid_boundaries_and_says_so():
    """sqrt is outside the complete finder's formulas: no line is drawn as exact, and the footnote says why."""
    s = parse_scenario(CURVED.replace("PAYOFF", "sqrt(x) + 1/4"), path="curved.yaml")
    figure = sweep_figure(s, sweep(s, ["x=0:1:6", "y=0:2:9"]))
    (ax,) = figure.axes
    assert not list(ax.lines)
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "region boundary"
    assert figure.get_supxlabel().replace("\n", " ").endswith(NO_EXACT_BOUNDARIES)
