"""``berlinsim draw``: a matrix scenario, a tree scenario, an .nfg and an .efg drawn, options and errors."""

import pathlib

import pytest

import berlinsim.plots._style
from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
DANGERS = ROOT / "scenarios" / "06_two_dangers.yaml"
BAYESIAN = ROOT / "scenarios" / "08d_berlin_chicken_bayesian.yaml"
NFG = ROOT / "src" / "berlinsim" / "data" / "negotiations_1961.nfg"
ALLIES = ROOT / "tests" / "data" / "good_scenarios" / "allies3.yaml"
ENTRY_EFG = """EFG 2 R "Entry" { "Entrant" "Incumbent" }
""

p "" 1 1 "" { "Out" "In" } 0
t "" 1 "out" { 0, 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "war" { -1, -1 }
t "" 3 "share" { 1, 1 }
"""


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def drawn(monkeypatch):
    figures = []
    monkeypatch.setattr(berlinsim.plots._style, "save_figure",
                        lambda figure, path: figures.append(figure) or pathlib.Path(path))
    return figures


def test_a_matrix_scenario_with_its_values(capsys, drawn):
    code, out, _ = call(capsys, "draw", DANGERS, "-o", "m.png", "--set", "c_commit=5")
    assert code == 0 and out == "wrote m.png\n"
    (ax,) = drawn[0].axes
    assert ax.get_title() == "Two contradictory dangers - formulas or a forum monopoly, escaped by a program"
    assert any("mixed equilibrium: US (Fm 0.667, P 0.333)" in t.get_text() for t in ax.texts)  # c_commit = 5
    assert any("offer negotiating" in t.get_text() for t in ax.get_yticklabels())


def test_a_tree_scenario_with_the_chosen_equilibrium(capsys, drawn):
    assert call(capsys, "draw", BAYESIAN, "-o", "t.png", "--set", "mu=0.05", "--equilibrium", "3",
                "--title", "Chicken with types", "--size", "12x9")[0] == 0
    (ax,) = drawn[0].axes
    assert ax.get_title(loc="left") == "Chicken with types" and tuple(drawn[0].get_size_inches()) == (12, 9)
    code, _, err = call(capsys, "draw", BAYESIAN, "-o", "t.png", "--set", "mu=0.05", "--equilibrium", "4")
    assert code == 2 and "--equilibrium 4: the solver found 3 equilibria" in err


def test_gambit_files(capsys, drawn, tmp_path):
    assert call(capsys, "draw", NFG, "-o", "n.svg")[0] == 0
    assert any("mixed equilibrium" in t.get_text() for t in drawn[-1].axes[0].texts)
    efg = tmp_path / "entry.efg"
    efg.write_text(ENTRY_EFG, encoding="utf-8")
    assert call(capsys, "draw", efg, "-o", "e.pdf")[0] == 0
    assert drawn[-1].axes[0].get_title(loc="left") == "Entry"


def test_a_real_file_is_written(capsys, tmp_path):
    out = tmp_path / "game.png"
    assert call(capsys, "draw", NFG, "-o", out)[0] == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_three_players_as_panels_and_a_correlated_distribution(capsys, drawn):
    assert call(capsys, "draw", ALLIES, "-o", "a.png")[0] == 0
    figure = drawn[-1]
    assert [ax.get_title() for ax in figure.axes] == ["France plays Hold", "France plays Quit"]
    assert figure._suptitle.get_text() == "Three allies - hold together or split"
    assert call(capsys, "draw", ALLIES, "-o", "c.png", "--method", "correlated", "-e", "2")[0] == 0
    titles = [ax.get_title() for ax in drawn[-1].axes if ax.get_title()]
    assert titles == ["France told Hold", "France told Quit"]
    assert drawn[-1]._suptitle.get_text().startswith("Three allies - hold together or split\nCorrelated equilibrium 2 (")
    assert call(capsys, "draw", DANGERS, "-o", "d.png", "--method", "correlated", "--title", "T")[0] == 0
    assert drawn[-1]._suptitle.get_text() == "T"


@pytest.mark.parametrize("args, message", [
    ([ALLIES, "-o", "x.png", "--equilibrium", "2"], "--equilibrium chooses the path drawn in a tree"),
    ([ALLIES, "-o", "x.png", "--method", "correlated", "-e", "99"], "the solver listed"),
    ([NFG, "-o", "x.jpg"], "--output x.jpg: cannot write a figure as 'x.jpg'"),
    ([NFG, "-o", "x.png", "--set", "a=1"], "--set and --variant apply to scenario files"),
    ([DANGERS, "-o", "x.png", "--set", "c_comit=1"], "unknown parameter 'c_comit'"),
    ([DANGERS, "-o", "x.png", "--equilibrium", "2"], "--equilibrium chooses the path drawn in a tree"),
    ([DANGERS, "-o", "x.png", "--size", "1x1"], "each side must be from 2 to 60 inches"),
    ([DANGERS, "-o", "x.png", "--method", "nope"], "unknown method"),
])
def test_errors_exit_2_with_one_message(capsys, args, message):
    code, _, err = call(capsys, "draw", *args)
    assert code == 2 and message in err and "Traceback" not in err


SEGMENT_NFG = """NFG 1 R "Segment" { "US" "USSR" }
{ { "Hold" "Yield" } { "L" "M" "R" } }

1 1 0 0 1 1 0 0 0 0 1 1
"""


def test_components_in_each_players_simplex(capsys, drawn, tmp_path):
    nfg = tmp_path / "segment.nfg"
    nfg.write_text(SEGMENT_NFG, encoding="utf-8")
    assert call(capsys, "draw", nfg, "-o", "c.png", "--components")[0] == 0
    figure = drawn[-1]
    assert [ax.get_title() for ax in figure.axes[:2]] == ["US", "USSR"] and figure._suptitle.get_text() == "Segment"
    assert len(figure.axes[1].collections) == 3  # three components
    wide = tmp_path / "wide.nfg"
    wide.write_text('NFG 1 R "Wide" { "A" "B" }\n{ { "T" "B" } { "1" "2" "3" "4" } }\n\n' + " 0" * 16 + "\n",
                    encoding="utf-8")
    code, _, err = call(capsys, "draw", wide, "-o", "w.png", "--components")
    assert code == 2 and "at most 3 actions per player; this game is 2x4" in err and "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    ([ALLIES, "-o", "x.png", "--components"], "two-player tables; this game has 3 players"),
    ([BAYESIAN, "-o", "x.png", "--components"], "two-player tables (a scenario or .nfg), not for a tree"),
])
def test_components_refused_with_exit_2(capsys, args, message):
    code, _, err = call(capsys, "draw", *args)
    assert code == 2 and message in err and "Traceback" not in err and err.startswith(f"berlinsim: error: {args[0]}: ")
