"""Every output option of every command: ``-o/--out`` is the output file, checked before any work.

The rule (:mod:`berlinsim.cli._outputs`): the folder must exist and be writable, an input is
never replaced, an existing file that is not an earlier output of the same kind needs
``--force``, a file where a folder is expected (and the reverse) is refused.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import time

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHICKEN = ROOT / "scenarios" / "08_berlin_chicken.yaml"


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code, err, *fragments):
    assert code == 2 and "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("berlinsim: error: "), err
    for fragment in fragments:
        assert fragment in err, err


def test_solve_o_is_the_output_file_and_option_is_the_method_option(capsys, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = call(capsys, "solve", CHICKEN, "--format", "json", "-o", target)
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    assert json.loads(target.read_text(encoding="utf-8"))["equilibria"]
    code, _, err = call(capsys, "solve", CHICKEN, "--option", "out.json")
    assert_refused(code, err, "--option 'out.json' is not of the form NAME=VALUE", "-o/--out FILE")


@pytest.mark.parametrize("command", [("run",), ("run", "--format", "json"), ("explain",)])
def test_run_and_explain_write_their_out_file_and_say_so(capsys, tmp_path, command):
    target = tmp_path / "answer.txt"
    code, out, err = call(capsys, command[0], CHICKEN, *command[1:], "-o", target)
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    code, printed, _ = call(capsys, command[0], CHICKEN, *command[1:])
    assert target.read_text(encoding="utf-8") == printed


@pytest.mark.parametrize("option, name", [("--plot", "x.png"), ("--out", "x.csv")])
def test_plot_and_out_treat_a_missing_folder_alike_before_the_sweep(capsys, tmp_path, option, name):
    target = tmp_path / "missing" / name
    started = time.perf_counter()
    code, _, err = call(capsys, "sweep", CHICKEN, "--vary", "c_war=0:200:2001", option, target)
    assert time.perf_counter() - started < 2  # refused before the 2001-point sweep
    assert_refused(code, err, f"{option} {target}: the folder '{target.parent}' does not exist (create it first)")
    assert not target.parent.exists()


def test_report_never_replaces_its_own_scenario(capsys, tmp_path):
    scenario = tmp_path / "s.yaml"
    shutil.copy(CHICKEN, scenario)
    for extra in ((), ("--force",)):
        code, _, err = call(capsys, "report", scenario, "-o", scenario, *extra)
        assert_refused(code, err, "is an input of this command; it is never replaced")
    assert scenario.read_bytes() == CHICKEN.read_bytes()


def test_an_unrelated_existing_file_needs_force(capsys, tmp_path):
    notes = tmp_path / "notes.yaml"
    notes.write_text("mine\n", encoding="utf-8")
    code, _, err = call(capsys, "explain", CHICKEN, "-o", notes)
    assert_refused(code, err, "the file exists; not overwritten", "--force")
    assert notes.read_text(encoding="utf-8") == "mine\n"
    code, out, _ = call(capsys, "explain", CHICKEN, "-o", notes, "--force")
    assert code == 0 and out == f"wrote {notes}\n" and "Chicken" in notes.read_text(encoding="utf-8")


def test_an_earlier_output_of_the_same_kind_is_replaced(capsys, tmp_path):
    earlier = tmp_path / "why.md"
    earlier.write_text("an earlier explanation\n", encoding="utf-8")
    code, _, _ = call(capsys, "explain", CHICKEN, "-f", "markdown", "-o", earlier)
    assert code == 0 and "earlier" not in earlier.read_text(encoding="utf-8")


def test_a_folder_where_a_file_is_expected_and_the_reverse(capsys, tmp_path):
    code, _, err = call(capsys, "explain", CHICKEN, "-o", tmp_path)
    assert_refused(code, err, f"--out {tmp_path}: is a folder; expected a file name")
    code, _, err = call(capsys, "draw", CHICKEN, "-o", tmp_path)
    assert_refused(code, err, "is a folder; expected a file name")
    afile = tmp_path / "figures.txt"
    afile.write_text("x\n", encoding="utf-8")
    code, _, err = call(capsys, "figures", "--out", afile, ROOT / "scenarios")
    assert_refused(code, err, f"--out {afile}: is a file; expected a folder")


def test_figures_keeps_an_unrelated_readme(capsys, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# My project\n", encoding="utf-8")
    code, _, err = call(capsys, "figures", "--out", tmp_path, ROOT / "scenarios")
    assert_refused(code, err, "README.md exists and is not a figure gallery's index", "--force")
    assert readme.read_text(encoding="utf-8") == "# My project\n"


def test_convert_and_new_take_out_as_well(capsys, tmp_path):
    target = tmp_path / "chicken.nfg"
    code, out, _ = call(capsys, "convert", CHICKEN, "--to", "nfg", "--out", target)
    assert code == 0 and out == f"wrote {target}\n" and target.read_text(encoding="utf-8").startswith("NFG")
    code, _, err = call(capsys, "convert", CHICKEN, "--to", "nfg", "--out", CHICKEN)
    assert_refused(code, err, "is an input of this command")


@pytest.mark.skipif(not pathlib.Path("/proc/self").is_dir(), reason="needs /proc, a folder no one can write into")
def test_an_unwritable_folder_is_reported_before_any_work(capsys):
    code, _, err = call(capsys, "sweep", CHICKEN, "--vary", "c_war=0:200:3", "--plot", "/proc/x.png")
    assert_refused(code, err, "cannot write into the folder '/proc'")
