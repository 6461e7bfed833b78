"""End-to-end tests of ``berlinsim explain``: every scenario in every format, Gambit files, errors, goldens.

Golden outputs (``tests/cli/golden/explain_*``) are the explanations of three scenarios: 08
(2x2 Chicken: pure and mixed equilibria), 03 (3x2: dominance by the Kennedy plan) and 08b
(a tree: backward induction and a non-credible threat), plus 08 in Markdown. Regenerate them with

    BERLINSIM_REGENERATE_GOLDEN=1 python -m pytest -q tests/cli/test_explain_cli.py -k golden
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

from berlinsim.cli import main
from berlinsim.io.efg import write_efg
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.scenarios.build import build_game

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
GOLDEN = ROOT / "tests" / "cli" / "golden"
REGENERATE = os.environ.get("BERLINSIM_REGENERATE_GOLDEN") == "1"
ENGINE = shutil.which("pdflatex") or shutil.which("lualatex")


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def flat(text):
    return " ".join(text.split())


def assert_markdown_tables_well_formed(markdown):
    """Every pipe table has a header, a separator row and rows of the header's width (escaped pipes aside)."""
    lines = markdown.splitlines()
    width = lambda line: len(re.findall(r"(?<!\\)\|", line)) - 1  # noqa: E731
    k = 0
    while k < len(lines):
        if lines[k].startswith("|"):
            table = []
            while k < len(lines) and lines[k].startswith("|"):
                table.append(lines[k])
                k += 1
            assert len(table) >= 3 and re.fullmatch(r"\|(---:?\|)+", table[1]), table[:2]
            assert {width(line) for line in table} == {width(table[0])}, table
        k += 1
    assert markdown.count("```") % 2 == 0


def assert_clean_error(code, err, fragment):
    assert code == 2 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("berlinsim: error: ") and fragment in err, err


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_explains_in_every_format(capsys, path):
    outputs = {}
    for fmt in ("text", "markdown", "latex", "html"):
        code, out, err = call(capsys, "explain", path, "--format", fmt)
        assert (code, err) == (0, ""), err
        outputs[fmt] = out
    scenario = load_scenario(path)
    assert scenario.title.split(" - ")[0] in outputs["text"]
    assert "What it means for the memo" in outputs["text"] and "## What it means for the memo" in outputs["markdown"]
    assert_markdown_tables_well_formed(outputs["markdown"])
    assert outputs["latex"].startswith(r"\documentclass") and outputs["latex"].rstrip().endswith(r"\end{document}")
    assert outputs["html"].startswith("<!DOCTYPE html>")
    assert flat(outputs["text"]).count("it is an equilibrium") >= 1 and "NOT an equilibrium" not in outputs["text"]


def test_chicken_numbers_equal_the_solver(capsys):
    code, out, _ = call(capsys, "explain", ROOT / "scenarios" / "08_berlin_chicken.yaml")
    text = flat(out)
    assert code == 0
    assert "=> q = 9/10, 1 - q = 1/10" in text and "=> p = 9/10, 1 - p = 1/10" in text  # q* = w / (w + c - l) = 0.1
    assert "| Firm / Press 0.01 |" not in text and "Firm / Press 0.01" in text  # P(war) = q*^2


def test_set_moves_the_mixed_equilibrium(capsys):
    code, out, _ = call(capsys, "explain", ROOT / "scenarios" / "08_berlin_chicken.yaml", "--set", "c_war=20",
                        "--set", "c_war_su=20")
    assert code == 0 and "=> q = 1/2, 1 - q = 1/2" in flat(out)  # q* = 10 / (10 + 20 - 10)
    assert "c_war 20 * 100" in flat(out)


def test_acheson_tree_reports_the_us_choice_under_uncertainty(capsys):
    code, out, _ = call(capsys, "explain", ROOT / "scenarios" / "01_acheson_wait.yaml")
    text = flat(out)
    assert code == 0
    assert "US at “us_plan” cannot tell these apart: (1) if reasonable; (2) if hardline." in text
    assert "Beliefs (Bayes' rule): (1) 1/5, (2) 4/5." in text
    assert "buildup_wait gives 0.196" in text and "takes buildup_wait" in text  # the reference answer, US 0.196


def test_variant_and_output_file(capsys, tmp_path):
    target = tmp_path / "explain.md"
    code, out, err = call(capsys, "explain", ROOT / "scenarios" / "08_berlin_chicken.yaml", "--variant", "ordinal",
                          "-f", "markdown", "-o", target)
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    text = target.read_text(encoding="utf-8")
    assert "Variant ordinal." in text and "=> q = 1/2" in text  # ordinal Chicken: P(war) = 1/4


def test_gambit_files(capsys, tmp_path):
    code, out, _ = call(capsys, "explain", ROOT / "src" / "berlinsim" / "data" / "negotiations_1961.nfg")
    assert code == 0 and "USSR drops Squeeze Berlin, dominated by Summit offer" in flat(out)
    scenario = load_scenario(ROOT / "scenarios" / "08b_berlin_chicken_us_first.yaml")
    efg = tmp_path / "chicken.efg"
    efg.write_text(write_efg(build_game(scenario).game), encoding="utf-8")
    code, out, _ = call(capsys, "explain", efg)
    assert code == 0 and "Backward induction" in out and "not credible" in out
    code, out, _ = call(capsys, "explain", efg, "--method", "enummixed")
    assert code == 0 and "Equilibrium 3 (nash" in out


def test_bad_input_is_one_clean_line(capsys, tmp_path):
    chicken = ROOT / "scenarios" / "08_berlin_chicken.yaml"
    assert_clean_error(*call(capsys, "explain", chicken, "--set", "c_wr=5")[::2], "did you mean 'c_war'")
    assert_clean_error(*call(capsys, "explain", chicken, "--method", "magic")[::2], "unknown method 'magic'")
    nfg = ROOT / "src" / "berlinsim" / "data" / "negotiations_1961.nfg"
    assert_clean_error(*call(capsys, "explain", nfg, "--set", "w=1")[::2], "apply to scenario files")
    assert_clean_error(*call(capsys, "explain", tmp_path / "missing.yaml")[::2], "missing.yaml")
    assert_clean_error(*call(capsys, "explain", chicken, "-o", tmp_path / "no" / "dir.txt")[::2], "does not exist (create it first)")


@pytest.mark.parametrize("name, fmt", [("08_berlin_chicken", "text"), ("03_british_readiness", "text"),
                                       ("08b_berlin_chicken_us_first", "text"), ("08_berlin_chicken", "markdown")])
def test_golden(capsys, name, fmt):
    code, out, err = call(capsys, "explain", ROOT / "scenarios" / f"{name}.yaml", "--format", fmt)
    assert (code, err) == (0, "")
    golden = GOLDEN / f"explain_{name}.{'md' if fmt == 'markdown' else 'txt'}"
    if REGENERATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"regenerate with BERLINSIM_REGENERATE_GOLDEN=1 ({golden.name})"


@pytest.mark.skipif(ENGINE is None, reason="no TeX engine (pdflatex or lualatex) installed")
def test_latex_output_compiles(capsys, tmp_path):
    target = tmp_path / "chicken.tex"
    code, _, err = call(capsys, "explain", ROOT / "scenarios" / "08b_berlin_chicken_us_first.yaml", "-f", "latex",
                        "-o", target)
    assert (code, err) == (0, "")
    proc = subprocess.run([ENGINE, "-interaction=nonstopmode", "-halt-on-error", target.name], cwd=tmp_path,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-3000:]
