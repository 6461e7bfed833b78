"""End-to-end tests of ``berlinsim sweep``: the summary, CSV/JSON output, plots, workers and errors."""

import csv
import json
import pathlib

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
DANGERS = ROOT / "scenarios" / "06_two_dangers.yaml"
ACHESON = ROOT / "scenarios" / "01_acheson_wait.yaml"
KENNEDY = ROOT / "scenarios" / "02_kennedy_plan_buildup.yaml"


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_lists_regions_along_the_axis(capsys):
    code, out, err = call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:17", "--quiet")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Sweep of Two contradictory dangers")
    assert "  0 <= c_commit <= 1.5    US: P; USSR: H" in lines
    assert any(line.startswith("  c_commit = 4") and "2 equilibria" in line for line in lines)
    assert "  6.5 <= c_commit <= 8    US: Fm; USSR: PO" in lines
    assert lines[-1] == "17 points; 17 solved in batch, 0 one by one; 3 degenerate (extreme equilibria listed)."


def test_tree_sweep_and_between_variants(capsys):
    code, out, _ = call(capsys, "sweep", ACHESON, "--vary", "p_reasonable=0:1:21", "-q")
    assert code == 0 and "  0 <= p_reasonable <= 0.55     US: buildup_wait; USSR: overture\n" in out
    code, out, _ = call(capsys, "sweep", KENNEDY, "--between", "acheson,kissinger", "--vary", "t=0:1:11", "-q")
    assert code == 0 and "from variant 'acheson' (t = 0) to 'kissinger' (t = 1)" in out
    assert "0 <= t <= 0.2  US: buildup_wait" in out


def test_csv_and_json_outputs(capsys, tmp_path):
    table, document = tmp_path / "s.csv", tmp_path / "s.json"
    args = ["sweep", DANGERS, "--vary", "c_commit=0:8:5", "--vary", "w_framing=2:4:3", "-q", "--set", "c_ratchet=2"]
    assert call(capsys, *args, "--out", table)[0] == 0
    assert call(capsys, *args, "--out", document)[0] == 0
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 15 and rows[0]["c_commit"] == "0.0" and rows[0]["w_framing"] == "2.0"
    assert rows[0]["equilibria"] == "US: P; USSR: H" and rows[0]["US: P"] == "1.0"
    assert {"P(P / H)", "E[framing]", "payoff US", "num_equilibria", "degenerate"} <= set(rows[0])
    data = json.loads(document.read_text(encoding="utf-8"))
    assert [a["name"] for a in data["axes"]] == ["c_commit", "w_framing"]
    assert len(data["region_index"]) == 5 and len(data["region_index"][0]) == 3
    assert data["fixed"]["c_ratchet"] == 2.0 and data["regions"][0] == ["US: P; USSR: H"]
    # c_commit = 4, w_framing = 4 (the default): two equilibria, padded payoffs are null
    assert data["num_equilibria"][2][2] == 2 and data["degenerate"][2][2] is True


def test_workers_give_the_same_answer(capsys, tmp_path):
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    assert call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:9", "-q", "--method", "lh", "--out", one)[0] == 0
    assert call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:9", "-q", "--method", "lh", "--workers", "2",
                "--out", two)[0] == 0
    assert json.loads(one.read_text()) == json.loads(two.read_text())


def test_plot_writes_a_figure(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    figure = tmp_path / "sweep.png"
    assert call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:9", "-q", "--plot", figure)[0] == 0
    assert figure.stat().st_size > 1000


@pytest.mark.parametrize("args, message", [
    (["--vary", "c_comit=0:1:3"], "unknown parameter 'c_comit'"),
    (["--vary", "c_commit=0:1"], "expected NAME=START:STOP:N"),
    ([], "needs --vary"),
    (["--vary", "c_commit=0:1:3", "--workers", "0"], "--workers"),
    (["--vary", "c_commit=0:1:3", "--method", "nope"], "unknown method"),
    (["--vary", "c_commit=0:1:3", "--out", "x.txt"], ".csv or .json"),
    (["--vary", "t=0:1:3", "--between", "acheson"], "two variant names"),
])
def test_errors_exit_2_with_one_message(capsys, args, message):
    code, out, err = call(capsys, "sweep", DANGERS, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_plot_refuses_an_unknown_extension(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    code, _, err = call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:3", "-q", "--plot", tmp_path / "x.bmp")
    assert code == 2 and "--plot" in err
