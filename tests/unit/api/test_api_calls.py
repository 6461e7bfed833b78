"""The Python API's functions: each gives what its command gives, for the same inputs."""

from __future__ import annotations

import contextlib
import io
from fractions import Fraction
from pathlib import Path

import pytest

import berlinsim
from berlinsim.cli import main
from berlinsim.errors import BerlinsimError, InputErrors

ROOT = Path(__file__).resolve().parents[3]
CHICKEN = ROOT / "scenarios" / "08_berlin_chicken.yaml"
NFG = ROOT / "src" / "berlinsim" / "data" / "negotiations_1961.nfg"


def command(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([str(a) for a in argv]) == 0
    return out.getvalue().rstrip("\n")


def test_the_package_exports_the_api_lazily():
    assert {"load", "run", "sweep", "thresholds", "sample", "read_game", "solve"} <= set(dir(berlinsim))
    assert berlinsim.run is berlinsim.api.run
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        berlinsim.nope  # noqa: B018


@pytest.mark.parametrize("name", ["berlin_chicken", "08_berlin_chicken", str(CHICKEN), CHICKEN])
def test_load_by_id_file_stem_or_path(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert berlinsim.load(name).id == "berlin_chicken"


def test_an_unknown_name_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BerlinsimError, match="no scenario named 'berlin_chickn'"):
        berlinsim.load("berlin_chickn")
    with pytest.raises(InputErrors):  # a path is a path: its problems are the loader's
        berlinsim.load(ROOT / "tests" / "data" / "bad_scenarios" / "empty_title.yaml")


def test_run_prints_what_the_command_prints(monkeypatch):
    monkeypatch.chdir(ROOT)
    run = berlinsim.run("berlin_chicken", {"c_war": 50}, method="enummixed")
    assert str(run) == command("run", CHICKEN, "--set", "c_war=50", "--method", "enummixed")
    assert run.values["c_war"] == 50 and len(run.equilibria) == len(run.outcomes) == 3
    variant = berlinsim.run(berlinsim.load(CHICKEN), variant=berlinsim.load(CHICKEN).variant_names[0])
    assert variant.raw.values.variant == berlinsim.load(CHICKEN).variant_names[0]


def test_solve_prints_what_the_command_prints():
    solution = berlinsim.solve(NFG)
    assert str(solution) == command("solve", NFG)
    same = berlinsim.solve(berlinsim.read_game(NFG), "enummixed")
    assert same.raw.method == "enummixed" and same.source == ""
    with pytest.raises(BerlinsimError, match="unknown method 'enumixed'"):
        berlinsim.solve(NFG, "enumixed")


def test_a_tree_file_is_solved_for_subgame_perfection(tmp_path):
    path = tmp_path / "entry.efg"
    path.write_text('EFG 2 R "entry" { "E" "I" }\n'
                    'p "" 1 1 "" { "in" "out" } 0\n'
                    'p "" 2 1 "" { "fight" "share" } 0\n'
                    't "" 1 "" { -1, -1 }\n'
                    't "" 2 "" { 1, 1 }\n'
                    't "" 3 "" { 0, 2 }\n', encoding="utf-8")
    solution = berlinsim.solve(path)
    assert solution.raw.method == "spe" and str(solution) == command("solve", path)
    assert [tuple(eq.exact_payoffs) for eq in solution.equilibria] == [(1, 1)]


def test_sweep_thresholds_and_sample_print_what_the_commands_print(monkeypatch):
    monkeypatch.chdir(ROOT)
    swept = berlinsim.sweep("berlin_chicken", "c_war=1:100:5")
    assert command("sweep", CHICKEN, "--vary", "c_war=1:100:5", "--quiet").startswith(str(swept))
    found = berlinsim.thresholds("berlin_chicken", "c_war", 1, 100)
    assert str(found) == command("thresholds", CHICKEN, "--vary", "c_war=1:100")
    assert [t.exact for t in found.thresholds] == [Fraction(10)]
    drawn = berlinsim.sample("berlin_chicken", {"c_war": "uniform(1, 100)"}, 40, seed=3)
    assert str(drawn) == command("sweep", CHICKEN, "--sample", "c_war=uniform(1, 100)", "-n", "40", "--seed", "3")


@pytest.mark.parametrize("seed", [-1, 1.5, True])
def test_a_bad_seed_is_refused(seed):
    with pytest.raises(BerlinsimError, match="seed must be a non-negative integer"):
        berlinsim.sample(CHICKEN, {"c_war": "uniform(1, 100)"}, 10, seed=seed)
