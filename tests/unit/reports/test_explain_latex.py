"""LaTeX explanations: labels escaped, equations in math mode, and the document compiles where a TeX engine exists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from berlinsim.analysis.derivation import derive, derive_run
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.explain_latex import escape, math, render_latex, tree_tikz
from berlinsim.scenarios.run import run_scenario
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.spe import spe_solve

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
ENGINE = shutil.which("pdflatex") or shutil.which("lualatex")
NASTY = NormalFormGame.from_bimatrix(
    [[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("A_1 & co", "B%$#"),
    actions=(("x{y}", "z~^"), ("back\\slash", "<less> \u201cquoted\u201d \u2248 \u2603")),
    title="Labels_with & 100% $pecial #chars")


def test_escape_covers_every_latex_special():
    assert escape("a_b&c%d$e#f{g}h~i^j\\k") == (r"a\_b\&c\%d\$e\#f\{g\}h\textasciitilde{}i\textasciicircum{}j"
                                                r"\textbackslash{}k")
    assert escape("x < y > z | w") == r"x \textless{} y \textgreater{} z \textbar{} w"
    assert escape("\u201cok\u201d \u2248 1 \u2603") == r"``ok'' $\approx$ 1 ?"
    assert escape('say "hi"') == "say ``hi''"


def test_math_turns_fractions_and_subscripts_into_latex():
    assert math("-10 + 10q = -100 + 110q") == "{-}10 + 10q = -100 + 110q"
    assert math("=> q = 9/10, 1 - q = 1/10") == r"\;\Rightarrow\; q = \tfrac{9}{10}, 1 - q = \tfrac{1}{10}"
    assert math("(1/3)q1 + q2 = 1") == r"(\tfrac{1}{3})q_{1} + q_{2} = 1"
    assert math("2p1 - 0.5p2 >= 2 - 4p3  =>  p1 <= 1/3") == \
        r"2p_{1} - 0.5p_{2} \ge 2 - 4p_{3}  \;\Rightarrow\;  p_{1} \le \tfrac{1}{3}"
    assert math("q \u2248 0.333308") == r"q \approx  0.333308"


def test_document_structure_and_escaped_labels():
    doc = render_latex(derive(NASTY, enummixed_solve(NASTY)))
    assert doc.startswith(r"\documentclass") and doc.rstrip().endswith(r"\end{document}")
    assert r"A\_1 \& co" in doc and r"B\%\$\#" in doc and r"x\{y\}" in doc and r"back\textbackslash{}slash" in doc
    assert "\u2603" not in doc and "100% " not in doc
    assert doc.count(r"\begin{align*}") == doc.count(r"\end{align*}") >= 1
    assert doc.count(r"\begin{longtable}") == doc.count(r"\end{longtable}")


def test_small_trees_are_drawn_with_tikz_and_information_sets_dashed():
    game = ExtensiveGame.from_tree(chance({
        "good": ("1/2", decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}, infoset="h")),
        "bad": ("1/2", decision("B", {"l": terminal(0, 0), "r": terminal(2, 2)}, infoset="h"))}), players=("A", "B"))
    d = derive(game, spe_solve(game))
    picture = "\n".join(tree_tikz(d.tree))
    assert picture.count(r"\node[draw,circle") == 3 and r"\draw[dashed] (n1) -- (n4);" in picture
    assert "very thick" in picture  # the path of the equilibrium


THREE = NormalFormGame.from_payoffs(
    [[[[0, 2], [-3, 2]], [[0, 3], [-2, 3]]], [[[-2, 3], [-2, -2]], [[-1, -1], [2, -1]]],
     [[[1, -3], [3, 2]], [[0, -3], [2, 0]]]], players=("A", "B", "C"),
    actions=(("a1", "a2"), ("b1", "b2"), ("c, 1", "c plays 2")), title="Three players")


def test_three_player_tables_are_one_per_action_of_the_third_player():
    from berlinsim.solvers.pure import pure_solve

    doc = render_latex(derive(THREE, pure_solve(THREE)))
    assert doc.count(r"\begin{tabular}") == 2
    assert r"When C plays c, 1:" in doc and r"When C plays c plays 2:" in doc


@pytest.mark.skipif(ENGINE is None, reason="no TeX engine (pdflatex or lualatex) installed")
@pytest.mark.parametrize("name", ["08_berlin_chicken", "01_acheson_wait", "05_khrushchev_type", "nasty", "three",
                                  "08d_berlin_chicken_bayesian", "06 c_commit=4", "06 c_commit=2 qre"])
def test_the_document_compiles(tmp_path, name):
    if name.startswith("06 "):  # free probabilities and their bounds; rounded numbers
        words = name.split()
        run = run_scenario(load_scenario(SCENARIOS / "06_two_dangers.yaml"), overrides={"c_commit": words[1][9:]},
                           method=words[2] if len(words) > 2 else None)
        doc = render_latex(derive_run(run))
    elif name == "nasty":
        doc = render_latex(derive(NASTY, enummixed_solve(NASTY)))
    elif name == "three":
        from berlinsim.solvers.pure import pure_solve

        doc = render_latex(derive(THREE, pure_solve(THREE)))
    else:
        doc = render_latex(derive_run(run_scenario(load_scenario(SCENARIOS / f"{name}.yaml"))))
    (tmp_path / "explain.tex").write_text(doc, encoding="utf-8")
    proc = subprocess.run([ENGINE, "-interaction=nonstopmode", "-halt-on-error", "explain.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (tmp_path / "explain.pdf").stat().st_size > 1000
