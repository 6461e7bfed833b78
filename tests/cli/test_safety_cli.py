"""A careless or hostile command line: every case one clean message, exit 2 (130 for Ctrl-C), before any work.

Numbers go through the limits (docs/limits.md), digits of other scripts are refused, counts and
seeds are checked when the command line is parsed, ``--time-limit`` stops a run, ``--max-NAME``
sets a limit, Ctrl-C ends with one line.
"""

from __future__ import annotations

import pathlib
import time

import pytest

import berlinsim.cli.scenario as scenario_cli
from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHICKEN = ROOT / "scenarios" / "08_berlin_chicken.yaml"
TREE = ROOT / "scenarios" / "08b_berlin_chicken_us_first.yaml"


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code, err, *fragments):
    assert code == 2 and "Traceback" not in err, err
    assert err.strip().splitlines()[-1].startswith(("berlinsim: error: ", "berlinsim ")), err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.parametrize("value, fragment", [
    ("٣", "uses the character '٣' (U+0663, arabic-indic digit three); write numbers with the digits 0-9"),
    ("３", "uses the character '３' (U+FF13, fullwidth digit three)"),
    ("1e400", "the number 1e400 is too large: expected a number below 10^300 in absolute value (limit max_exponent"),
    ("1e-999999999", "too small"),
    ("1" * 5000, "the number has 5,000 digits; expected at most 400 digits (limit max_number_digits"),
    ("nan", "not a number: 'nan'"),
])
def test_set_numbers_go_through_the_limits(capsys, value, fragment):
    started = time.perf_counter()
    code, _, err = call(capsys, "run", CHICKEN, "--set", f"w={value}")
    assert time.perf_counter() - started < 2
    assert_refused(code, err, fragment)
    assert len(err) < 600  # a 5000-digit value is not echoed whole


@pytest.mark.parametrize("args, fragment", [
    (("--sample", "w=uniform(0, 1)", "--seed", "-1"), "argument --seed: expected a whole number of at least 0, got '-1'"),
    (("--sample", "w=uniform(0, 1)", "-n", "0"), "argument --samples/-n: expected a whole number of at least 1"),
    (("--sample", "w=uniform(0, 1)", "-n", "1000000000"),
     "expected at most 1,000,000 (limit max_samples, see docs/limits.md), got 1,000,000,000"),
    (("--vary", "c_war=0:100:3", "--workers", "0"), "argument --workers/-j: expected a whole number of at least 1"),
    (("--vary", "c_war=0:100:3", "--workers", "٣"), "argument --workers/-j: expected a whole number"),
    (("--vary", "c_war=0:100:3", "--time-limit", "-5"), "argument --time-limit: expected a number of seconds above 0"),
])
def test_counts_and_seeds_are_checked_when_parsed(capsys, args, fragment):
    started = time.perf_counter()
    code, _, err = call(capsys, "sweep", CHICKEN, *args)
    assert time.perf_counter() - started < 2
    assert_refused(code, err, fragment)


def test_report_grid_is_checked_when_parsed(capsys, tmp_path):
    code, _, err = call(capsys, "report", CHICKEN, "-o", tmp_path / "r.html", "--grid", "1")
    assert_refused(code, err, "argument --grid: expected a whole number of at least 2, got '1'")
    assert not (tmp_path / "r.html").exists()


def test_time_limit_stops_a_long_sweep(capsys):
    started = time.perf_counter()
    code, _, err = call(capsys, "sweep", CHICKEN, "--sample", "w=uniform(0, 100)", "-n", "1000000",
                        "--time-limit", "0.5", "-q")
    assert time.perf_counter() - started < 10
    assert_refused(code, err, "stopped: the time limit of 0.5 s (--time-limit) has passed")


def test_max_flags_set_the_limits_of_the_solve(capsys):
    code, _, err = call(capsys, "solve", CHICKEN, "--max-cells", "3")
    assert_refused(code, err, "expected at most 3 cells (limit max_cells")
    code, _, err = call(capsys, "run", CHICKEN, "--max-cells", "3")
    assert_refused(code, err, "limit max_cells")
    code, out, _ = call(capsys, "solve", CHICKEN, "--max-cells", "4")
    assert code == 0 and "Firm" in out
    code, _, err = call(capsys, "solve", CHICKEN, "--max-players", "100")
    assert_refused(code, err, "limit max_players must be a whole number from 1 to 60, got 100")


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(scenario_cli, "memo_excerpts", interrupted, raising=False)
    import berlinsim.scenarios.run as run_module

    monkeypatch.setattr(run_module, "run_scenario", interrupted)
    code, out, err = call(capsys, "run", CHICKEN)
    assert (code, out, err) == (130, "", "berlinsim: interrupted\n")


def test_a_tree_method_on_a_matrix_says_what_the_game_is(capsys):
    code, _, err = call(capsys, "solve", CHICKEN, "-m", "spe")
    assert_refused(code, err, "method 'spe' needs a game tree (this game is a matrix)")
    code, out, _ = call(capsys, "solve", TREE, "-m", "spe")
    assert code == 0
