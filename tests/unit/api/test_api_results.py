"""The API's results: frames whose numbers belong to their equilibrium, notebook displays, short reprs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import berlinsim
from berlinsim.api._shown import PANDAS_MISSING
from berlinsim.errors import BerlinsimError
from berlinsim.reports.scenario_text import render_run

ROOT = Path(__file__).resolve().parents[3]
CHICKEN = ROOT / "scenarios" / "08_berlin_chicken.yaml"
OVERTURE = ROOT / "scenarios" / "04_soviet_overture.yaml"
NFG = ROOT / "src" / "berlinsim" / "data" / "negotiations_1961.nfg"


@pytest.fixture(scope="module")
def chicken():
    return berlinsim.run(CHICKEN, {"c_war": 50})


def test_a_run_frame_has_one_row_per_equilibrium_with_its_own_numbers(chicken):
    pytest.importorskip("pandas")
    frame = chicken.to_frame()
    assert list(frame.index) == [1, 2, 3]
    players = chicken.raw.game.players
    for k, (eq, summary) in enumerate(zip(chicken.equilibria, chicken.outcomes), start=1):
        row = frame.loc[k]
        assert [row[f"payoff {p}"] for p in players] == pytest.approx([float(x) for x in eq.payoffs])
        for label, p in summary.distribution:
            assert row[f"P({label})"] == pytest.approx(float(p))
        for name, value in summary.expected_attributes:
            assert row[f"E[{name}]"] == pytest.approx(float(value))


def test_a_solution_frame_lists_each_equilibrium_strategy():
    pytest.importorskip("pandas")
    solution = berlinsim.solve(NFG, "enummixed")
    frame = solution.to_frame()
    (eq,) = solution.equilibria
    game = solution.game
    for player, actions, strategy in zip(game.players, game.actions, eq.strategies):
        assert [frame.loc[1, f"{player}: {a}"] for a in actions] == pytest.approx(list(strategy))
    assert frame.loc[1, "regret"] == pytest.approx(eq.regret)


def test_sweep_threshold_and_sample_frames():
    pytest.importorskip("pandas")
    swept = berlinsim.sweep(CHICKEN, {"c_war": [1, 10, 100]})
    frame = swept.to_frame()  # sweep --out's tidy table: one row per (grid point, equilibrium)
    assert list(frame.groupby("point")["c_war"].first()) == [1.0, 10.0, 100.0]
    assert list(frame.groupby("point").size()) == [int(n) for n in swept.raw.num_equilibria]
    found = berlinsim.thresholds(CHICKEN, "c_war", 1, 100).to_frame()
    assert list(found["exact"]) == ["10"] and list(found["kind"]) == ["path"]
    drawn = berlinsim.sample(CHICKEN, {"c_war": "uniform(1, 100)"}, 30, seed=1)
    frame = drawn.to_frame()  # one row per (draw, equilibrium)
    assert frame["draw"].nunique() == 30
    assert list(frame.groupby("draw")["c_war"].first()) == pytest.approx(list(drawn.raw.draws[:, 0]))
    supports = frame.groupby("draw")["support"].agg(set)
    for outcome in drawn.raw.outcomes:  # the share of draws with this equilibrium is the share the summary prints
        assert supports.map(lambda found: outcome.label in found).mean() == pytest.approx(outcome.frequency)


def test_to_frame_without_pandas_says_how_to_install_it(chicken, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(BerlinsimError) as caught:
        chicken.to_frame()
    assert str(caught.value) == PANDAS_MISSING and "pip install 'berlinsim[frames]'" in PANDAS_MISSING


def test_a_run_shows_the_run_report_in_a_notebook(chicken):
    from berlinsim.analysis.outcomes import efficiency

    shown = render_run(chicken.raw, "markdown", excerpts=chicken.excerpts, efficiency=efficiency(chicken.raw))
    assert chicken._repr_markdown_() == shown and "Pareto efficient" in shown  # what run --format markdown prints
    page = chicken._repr_html_()
    assert page.startswith('<div class="berlinsim"><h1>Berlin as Chicken')
    assert "<table>" in page and "Paragraph 2: “I am somewhat uneasy" in page
    assert "&quot;hard or soft&quot;" in page  # the title's quotes, escaped


def test_titles_are_escaped_in_html(tmp_path):
    text = CHICKEN.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path = tmp_path / "chicken.yaml"
    path.write_text(text.replace(title, "title: A <script>alert(1)</script> title"), encoding="utf-8")
    page = berlinsim.run(path)._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_other_results_show_their_text_preformatted():
    solution = berlinsim.solve(NFG)
    assert solution._repr_html_().startswith('<pre class="berlinsim">File: ')
    assert solution._repr_markdown_() == f"```text\n{solution}\n```"


def test_reprs_are_one_short_line(chicken):
    assert repr(chicken) == "<Run berlin_chicken (c_war=50): 3 equilibria by enummixed>"
    assert repr(berlinsim.solve(NFG)) == "<Solution by auto: 1 equilibrium (exact, complete)>"
    assert repr(berlinsim.thresholds(OVERTURE, "c_prep", 0, 10)).startswith("<Thresholds of c_prep in [0, 10]: ")
    assert repr(berlinsim.sweep(CHICKEN, {"c_war": [1, 100]})) == \
        "<Sweep of berlin_chicken over c_war (2 points): 2 regions>"
    drawn = berlinsim.sample(CHICKEN, {"c_war": "uniform(1, 100)"}, 10)
    assert repr(drawn).startswith("<Sample of berlin_chicken: 10 draws; most often ")
    assert all("\n" not in repr(r) for r in (chicken, drawn))
