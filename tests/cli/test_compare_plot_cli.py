"""``compare --plot``: payoffs and outcome attributes on separate axes; the file type checked before solving."""

import pathlib

import pytest

import berlinsim.analysis.compare
import berlinsim.plots._style
from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
S = ROOT / "scenarios"


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_payoffs_and_probabilities_never_share_an_axis(capsys, monkeypatch):
    drawn = []
    monkeypatch.setattr(berlinsim.plots._style, "save_figure", lambda figure, path: drawn.append(figure) or path)
    code, out, _ = call(capsys, "compare", S / "01_acheson_wait.yaml", S / "08_berlin_chicken.yaml", "--plot", "c.png")
    assert code == 0 and out.endswith("wrote c.png\n")
    payoffs, outcomes = drawn[0].axes
    assert [t.get_text() for t in payoffs.get_xticklabels()] == ["US payoff", "USSR payoff"]
    assert "war" in [t.get_text() for t in outcomes.get_xticklabels()]
    assert payoffs.get_ylabel() == "payoff in equilibrium" and outcomes.get_ylabel() == "expected value in equilibrium"
    labels = [t.get_text() for t in payoffs.get_legend().get_texts()]
    assert labels[0] == "01_acheson_wait" and len(labels) == 4  # Chicken has three equilibria
    assert outcomes.get_legend() is None


def test_an_unknown_file_type_fails_before_anything_is_solved(capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compared before the file type was checked")
    monkeypatch.setattr(berlinsim.analysis.compare, "compare", refuse)
    monkeypatch.setattr(berlinsim.analysis.compare, "overlay_sweep", refuse)
    for extra in ([], ["--vary", "prep=0:1:5", "--metric", "USSR"]):
        code, _, err = call(capsys, "compare", S / "07_un_forum.yaml", "--plot", "c.jpg", *extra)
        assert code == 2 and "--plot c.jpg: cannot write a figure as 'c.jpg'" in err


@pytest.mark.parametrize("metric", ["war", "US"])
def test_one_kind_of_metric_gives_one_axes(capsys, monkeypatch, metric):
    drawn = []
    monkeypatch.setattr(berlinsim.plots._style, "save_figure", lambda figure, path: drawn.append(figure) or path)
    assert call(capsys, "compare", S / "08_berlin_chicken.yaml", "--metric", metric, "--plot", "c.svg")[0] == 0
    assert len(drawn[0].axes) == 1
