"""CLI: berlinsim sensitivity (end to end through main)."""

import json
import pathlib
import sys

import pytest

from berlinsim.cli import main

pytest.importorskip("SALib")

S = pathlib.Path(__file__).resolve().parents[2] / "scenarios"
CHICKEN = S / "08_berlin_chicken.yaml"
SAMPLES = ["--sample", "w=uniform(0, 30)", "--sample", "l=uniform(0, 30)", "--sample", "c_war=uniform(0, 40)"]


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_a_list_of_records_and_w_cannot_change_who_yields(capsys):
    """08: US: Yield; USSR: Press is an equilibrium iff the USSR's war is worse than backing down (c_war_su, l):
    w, the US's value of winning, never enters that comparison (its indices are exactly 0)."""
    code, out, err = call(capsys, "sensitivity", CHICKEN, *SAMPLES, "-n", "256", "--format", "json", "-q")
    assert code == 0 and err == ""
    records = json.loads(out)
    assert {tuple(sorted(r)) for r in records} == {("conf", "index", "output", "parameter", "value")}
    yielding = {(r["parameter"], r["index"]): r for r in records if r["output"] == "equilibrium: US: Yield; USSR: Press"}
    assert yielding[("w", "ST")]["value"] == 0 and yielding[("w", "S1")]["value"] == 0
    assert yielding[("w", "PAWN")]["conf"] is None and yielding[("l", "ST")]["value"] > 0.3


def test_text_plot_and_chosen_outputs(capsys, tmp_path):
    figure = tmp_path / "tornado.png"
    code, out, err = call(capsys, "sensitivity", CHICKEN, *SAMPLES, "-n", "200", "--show", "payoff US",
                          "--plot", figure, "-q")
    assert code == 0 and err == "" and figure.stat().st_size > 10_000
    assert "256 base draws x (3 parameters + 2) = 1280 solves" in out
    assert "\npayoff US\n" in out and "equilibrium: US: Yield; USSR: Press\n" not in out
    assert "Constant over the sample (no index): equilibrium: US: Firm; USSR: Back = 1" in out


@pytest.mark.parametrize("args, message", [
    (["--show", "payoff UK"], "no such varying output"),
    (["--plot", "x.jpg"], "use .png, .svg or .pdf"),
    (["-n", "1"], "at least 2"),
    (["--sample", "w=uniform(0, 1)"], "drawn twice"),
    (["--set", "w=3"], "also fixed by --set"),
])
def test_errors_exit_2(capsys, args, message):
    code, out, err = call(capsys, "sensitivity", CHICKEN, *SAMPLES, "-n", "16", "-q", *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_missing_salib_names_the_pip_command(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "SALib", None)
    code, out, err = call(capsys, "sensitivity", CHICKEN, *SAMPLES, "-q")
    assert code == 2 and "pip install 'berlinsim[sensitivity]'" in err
