"""End-to-end tests of ``berlinsim report``: the page written, the memo quoted in full (or its absence
said), the precomputed grid against known thresholds, --set/--variant/--grid/--vary, and bad input."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
from fractions import Fraction

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
ACHESON = ROOT / "scenarios" / "01_acheson_wait.yaml"
KENNEDY = ROOT / "scenarios" / "02_kennedy_plan_buildup.yaml"
DANGERS = ROOT / "scenarios" / "06_two_dangers.yaml"
MEMO = ROOT / "seeds" / "kissinger-1961-07-14-negotiations.txt"


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def explorers(page: str) -> list[dict]:
    return [json.loads(t) for t in re.findall(r'<script type="application/json" class="explorer-data">(.*?)</script>',
                                              page, flags=re.S)]


def region_at(data: dict, index: int) -> str:
    """The name of the region at a grid point (its supports joined by ' | ')."""
    return data["regions"][data["regionIndex"][index]]


def labels_at(data: dict, index: int) -> list[str]:
    """The labels of the equilibria at a grid point, in the order the page lists them."""
    return [data["labels"][k] for k in data["equilibria"][index]]


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """Scenarios 01 and 06 at their defaults."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(ACHESON), str(DANGERS), "-o", str(out), "-q"]) == 0
    return out.read_text(encoding="utf-8")


def test_report_page(two, capsys):
    assert two.startswith("<!DOCTYPE html>") and two.count('class="explorer"') == 2
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", two)
    assert "Memo quoted from <code>seeds/kissinger-1961-07-14-negotiations.txt</code>" in two
    # the paragraphs each scenario cites, in full (01: 1 and 3; 06: 6)
    assert two.count("We can escape these dangers only by shifting the debate from the desirability of a "
                     "conference to the substance of our program.") == 1
    assert two.count("Should we not develop a &quot;Kennedy plan&quot; for Central Europe?") == 1
    assert ("<h3>Equilibrium at these parameters</h3><ul>\n<li>US: buildup_wait; USSR: (accept) / overture / (accept) / "
            "(overture) / (reject) / overture / (reject) / (overture)</li>") in two  # the label run gives it
    assert two.count("<svg") == 4
    # the explanation is berlinsim explain's derivation, embedded as an HTML fragment with its style
    assert two.count('<div class="explanation"><section class="bs-explain">') == 2 and ".bs-matrix" in two
    assert "<pre>" not in two


def test_grid_crosses_the_para3_threshold(two):
    acheson, dangers = explorers(two)
    axis = acheson["axes"][0]
    assert axis["name"] == "p_reasonable" and len(axis["values"]) == 101 and acheson["start"] == [20]
    threshold = float(Fraction(252, 457))  # US: (build up, wait) below, (build up, initiate) above
    below = max(k for k, v in enumerate(axis["values"]) if v < threshold)
    assert region_at(acheson, below) == "US: buildup_wait; USSR: overture"
    assert region_at(acheson, below + 1) == "US: buildup_initiate; USSR: accept / reject"
    # regions are named with every player (the USSR is not dropped)
    name = acheson["regionNames"][acheson["regionGroup"][acheson["regionIndex"][below + 1]]]
    assert name == "US: buildup_initiate; USSR: accept / reject"
    values = dangers["axes"][0]["values"]  # c_commit: (P, H) below 2, the trap (Fm, PO) above 6
    assert region_at(dangers, values.index(1.92)) == "US: P; USSR: H"
    assert region_at(dangers, values.index(6.08)) == "US: Fm; USSR: PO"
    k = values.index(2.96)
    (probabilities,) = dangers["outcomeProbs"][k]  # one equilibrium there
    assert probabilities[dangers["outcomes"].index("S / PO")] == pytest.approx((2.96 - 2) / 6 / 3, abs=1e-4)


def test_set_variant_grid_and_vary(tmp_path, capsys):
    out = tmp_path / "r.html"
    code, text, err = call(capsys, "report", DANGERS, "-o", out, "--set", "c_commit=3", "--grid", "81")
    assert code == 0 and err == "" and text.startswith(f"wrote {out} (1 scenario, ")
    page = out.read_text(encoding="utf-8")
    (data,) = explorers(page)
    assert len(data["axes"][0]["values"]) == 81 and data["axes"][0]["values"][data["start"][0]] == 3
    assert "<li>US: S 0.333, P 0.667; USSR: PO 0.167, H 0.833</li>" in page
    assert "c_commit = 3" in page and "Held fixed:</strong> every other parameter at the defaults" in page
    # scenario 02 slides t between the belief sets and p; a chosen variant fixes the beliefs
    code, _, _ = call(capsys, "report", KENNEDY, "-o", out, "-q")
    (data,) = explorers(out.read_text(encoding="utf-8"))
    assert [a["name"] for a in data["axes"]] == ["t", "p_reasonable"] and data["start"] == [40, 8]
    code, _, _ = call(capsys, "report", KENNEDY, "-o", out, "-q", "--variant", "acheson", "--vary", "w_framing=0:8:9")
    page = out.read_text(encoding="utf-8")
    (data,) = explorers(page)
    assert code == 0 and [a["name"] for a in data["axes"]] == ["w_framing"] and len(data["axes"][0]["values"]) == 9
    assert "every other parameter at variant &#x27;acheson&#x27;: p_reasonable = 0.2, v_settle = 10" in page


def test_memo_not_found_is_said_not_fatal(tmp_path, capsys):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(DANGERS, folder)
    out = tmp_path / "r.html"
    code, _, err = call(capsys, "report", folder / DANGERS.name, "-o", out, "-q", "--memo", tmp_path / "none.txt")
    page = out.read_text(encoding="utf-8")
    assert code == 0 and err == ""
    assert "The memo was not found, so its paragraphs are not quoted" in page and "<blockquote" not in page
    code, _, _ = call(capsys, "report", folder / DANGERS.name, "-o", out, "-q", "--memo", MEMO)
    assert code == 0 and "We can escape these dangers" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--vary", "nope=0:1:3"], "unknown parameter 'nope'"),
    (["--vary", "c_commit=0:1:3", "--vary", "w_framing=0:1:3", "--vary", "c_ratchet=0:1:3"], "at most two"),
    (["--grid", "200", "--vary", "c_commit=0:1:3", "--vary", "w_framing=0:1:3"], "at most 10201"),
    (["--set", "c_commit=99"], "c_commit"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, args, message):
    code, out, err = call(capsys, "report", DANGERS, "-o", tmp_path / "r.html", *args)
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


PD = """berlinsim: 1
id: pd
title: Prisoner's dilemma
source: {document: no_such_memo, paragraphs: [8]}
parameters: {t: {default: 5, range: [0, 10]}, s: {default: 0, range: [-5, 5]}}
players: {A: {}, B: {}}
game:
  type: matrix
  actions: {A: [C, D], B: [C, D]}
  cells:
    - {actions: [C, C], payoffs: {A: 3, B: 3}}
    - {actions: [C, D], payoffs: {A: s, B: t}}
    - {actions: [D, C], payoffs: {A: t, B: s}}
    - {actions: [D, D], payoffs: {A: 1, B: 1}}
solve: {method: enummixed}
"""


def test_another_scenario_slides_its_first_ranged_parameter(tmp_path, capsys):
    path = tmp_path / "pd.yaml"
    path.write_text(PD, encoding="utf-8")
    out = tmp_path / "pd.html"
    code, _, err = call(capsys, "report", path, "-o", out, "-q")
    page = out.read_text(encoding="utf-8")
    (data,) = explorers(page)
    assert code == 0 and err == ""
    assert data["axes"][0]["name"] == "t" and len(data["axes"][0]["values"]) == 101 and data["start"] == [50]
    assert labels_at(data, 20) == ["A: C; B: C", "A: C 0.5, D 0.5; B: C 0.5, D 0.5", "A: D; B: D"]  # t = 2
    assert region_at(data, 20) == "A: C; B: C | A: C, D; B: C, D | A: D; B: D"
    assert [p for p in data["payoffs"][20]] == [[3, 3], [1.5, 1.5], [1, 1]]  # each equilibrium's own payoffs
    assert region_at(data, 100) == "A: D; B: D"
    assert "Held fixed:</strong> every other parameter at the defaults: s = 0." in page
    assert "pd: document no_such_memo not found" in page


# ----------------------------------------------------------------------------- issue 10's reproductions
CHICKEN = ROOT / "scenarios" / "08_berlin_chicken.yaml"


def test_the_08_slider_panel_shows_the_first_listed_equilibrium_and_its_own_numbers(tmp_path, capsys):
    """Issue 10: ``report 08 -o r.html`` listed (Firm, Back) first, then the payoffs -10, 10 and a strategies
    table of Yield / Press (another equilibrium's). Now the equilibrium listed first, the one the tables show
    (``select.which``: equilibrium 1) and the numbers the tables read (the panel data at the sliders'
    starting point, entry 0) are one equilibrium: run's first."""
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.model.identity import strategy_vector
    from berlinsim.scenarios.run import run_scenario

    out = tmp_path / "r.html"
    assert call(capsys, "report", CHICKEN, "-o", out)[0] == 0
    page = out.read_text(encoding="utf-8")
    (data,) = explorers(page)
    start = 0  # the flat (row-major) index of the sliders' starting point
    for axis, i in zip(data["axes"], data["start"]):
        start = start * len(axis["values"]) + i
    at = {a["name"]: Fraction(a["values"][i]).limit_denominator(10**6) for a, i in zip(data["axes"], data["start"])}
    run = run_scenario(load_scenario(CHICKEN), overrides=at)
    assert run.labels[0] == "US: Yield; USSR: Press"  # the canonical order: the first-listed actions first
    live = re.search(r'<ol class="equilibria">(.*?)</ol>', page, flags=re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", live) == list(run.labels)
    assert '<option value="0">1: US: Yield; USSR: Press</option>' in page
    assert labels_at(data, start) == list(run.labels)
    for e, eq in enumerate(run.result.equilibria):
        assert data["payoffs"][start][e] == pytest.approx([float(u) for u in eq.payoffs], abs=5e-5)
        assert data["strategies"][start][e] == pytest.approx(strategy_vector(eq).tolist(), abs=5e-5)
    # the strategies table of equilibrium 1: the actions of its label, each played for sure
    first = data["strategies"][start][0]
    played = [(p, a) for (p, _, a), x in zip(data["columns"], first) if x > 1e-9]
    assert played == [("US", "Yield"), ("USSR", "Press")] and all(x in (0, 1) for x in first)
    assert data["payoffs"][start][0] == [-10, 10]
    # the equilibria at the scenario's own values, as run lists them
    listed = re.search(r"<h3>Equilibria at these parameters</h3><ul>(.*?)</ul>", page, flags=re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == list(run_scenario(load_scenario(CHICKEN)).labels)
