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


# ----------------------------------------------------------------------------- sweep --sample (Monte Carlo)
FORUM = ROOT / "scenarios" / "07_un_forum.yaml"
BRITISH = ROOT / "scenarios" / "03_british_readiness.yaml"


def test_sample_summary_is_seeded_and_matches_the_threshold(capsys, tmp_path):
    """07 un_forum: (U, B) is the equilibrium exactly when prep > 3/4; the CSV's draws say which."""
    table = tmp_path / "draws.csv"
    args = ("sweep", FORUM, "--sample", "prep=uniform(0, 1)", "--samples", "400", "--seed", "7", "-q")
    code, out, err = call(capsys, *args, "--out", table)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Monte Carlo robustness of ") and lines[0].endswith("[un_forum]")
    assert lines[1:4] == ["  400 draws, seed 7; method enummixed", "  prep ~ uniform(0, 1)   (range [0, 1])",
                          "  other parameters: defaults"]
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 400 and list(rows[0])[:4] == ["draw", "prep", "equilibria", "num_equilibria"]
    above = sum(float(r["prep"]) > 0.75 for r in rows)
    assert all((r["equilibria"] == "(U, B)") == (float(r["prep"]) > 0.75) for r in rows)
    assert all(r["(U, B)"] == ("1" if r["equilibria"] == "(U, B)" else "0") for r in rows)
    share = above / 400
    stderr = (share * (1 - share) / 400) ** 0.5
    assert f"{100 * share:.1f}% ± {100 * stderr:.1f}%" in out.split("(U, B)")[0].splitlines()[-1] + "(U, B)"
    assert call(capsys, *args)[1] == out  # the same seed, the same draws
    assert call(capsys, "sweep", FORUM, "--sample", "prep=uniform(0, 1)", "-n", "400", "--seed", "8", "-q")[1] != out


def test_sample_json_and_several_equilibria(capsys, tmp_path):
    document = tmp_path / "draws.json"
    code, out, _ = call(capsys, "sweep", BRITISH, "--sample", "pi_uk=triangular(0, 2, 4)", "--sample",
                        "w_firm_uk=normal(0.5, 0.5)", "-n", "60", "-q", "--out", document)
    assert code == 0 and "pi_uk ~ triangular(0, 2, 4)" in out and "w_firm_uk ~ normal(0.5, 0.5)" in out
    assert "Equilibrium sets (share of draws with exactly that set" in out  # (F, F) | (K, S) | ... below 2.25
    data = json.loads(document.read_text(encoding="utf-8"))
    assert data["n"] == 60 and data["seed"] == 0 and set(data["draws"]) == {"pi_uk", "w_firm_uk"}
    assert sum(r["count"] for r in data["sets"]) == 60
    for row in data["outcomes"]:
        low, high = row["interval95"]
        assert low <= row["frequency"] <= high
        assert row["count"] == sum(row["outcome"] in labels for labels in data["equilibria"])


def test_sample_workers_give_the_same_answer(capsys, tmp_path):
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    args = ("sweep", DANGERS, "--sample", "c_commit=uniform(0, 8)", "-n", "80", "-q")  # 5 chunks
    assert call(capsys, *args, "--out", one)[0] == 0
    assert call(capsys, *args, "--workers", "2", "--out", two)[0] == 0
    assert json.loads(one.read_text()) == json.loads(two.read_text())


@pytest.mark.parametrize("args, message", [
    (["--sample", "c_commit=gamma(1, 2)"],
     "--sample c_commit=gamma(1, 2): unknown distribution 'gamma' (expected one of"),
    (["--sample", "c_commit"], "--sample c_commit: expected NAME=DIST, e.g. p_reasonable=beta(2, 5)"),
    (["--sample", "c_commit=uniform(0)"], "--sample c_commit=uniform(0): uniform takes 2 numbers, got 1"),
    (["--sample", "c_commit=beta(0, 1)"], "expected a > 0 and b > 0"),
    (["--sample", "c_commit=uniform(0, 99)"], "--sample c_commit=uniform(0, 99): c_commit: uniform(0, 99) reaches "
                                             "outside the range"),
    (["--sample", "c_comit=uniform(0, 1)"], "unknown parameter 'c_comit'"),
    (["--sample", "c_commit=uniform(0, 1)", "--sample", "c_commit=uniform(0, 2)"], "drawn twice"),
    (["--sample", "c_commit=uniform(0, 1)", "--set", "c_commit=2"], "also fixed by --set"),
    (["--sample", "c_commit=uniform(0, 1)", "--vary", "w_framing=2:4:3"], "--sample and --vary do not go together"),
    (["--sample", "c_commit=uniform(0, 1)", "--plot", "x.png"], "with --sample write the draws with --out"),
    (["--sample", "c_commit=uniform(0, 1)", "--between", "a,b"], "--sample and --between do not go together"),
    (["--sample", "c_commit=uniform(0, 1)", "-n", "0"], "argument --samples/-n: expected a whole number of at least 1"),
    (["--sample", "c_commit=uniform(0, 1)", "--out", "x.txt"], ".csv or .json"),
    (["--vary", "c_commit=0:1:3", "--seed", "3"], "--seed goes with --sample"),
])
def test_sample_errors_exit_2_with_one_message(capsys, args, message):
    code, out, err = call(capsys, "sweep", DANGERS, *args)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


# ----------------------------------------------------------------------------- the progress bar
def run_in_terminal(*args):
    """Run the CLI with stderr on a pseudo-terminal (stdout a pipe); returns (code, stdout, stderr)."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "berlinsim", *map(str, args)], stdout=subprocess.PIPE,
                              stderr=slave, cwd=ROOT, timeout=120)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    return done.returncode, done.stdout.decode(), b"".join(chunks).decode()


@pytest.mark.parametrize("args, label", [
    (["sweep", DANGERS, "--vary", "c_commit=0:8:9", "--method", "lh"], "sweep"),
    (["sweep", FORUM, "--sample", "prep=uniform(0, 1)", "-n", "40"], "draws"),
    (["thresholds", FORUM, "--vary", "prep=0:1", "--samples", "9"], "scan"),
])
def test_progress_bar_on_a_terminal_only_and_not_with_quiet(capsys, args, label):
    code, out, err = run_in_terminal(*args)
    assert code == 0 and out
    assert f"\r{label} [" in err and "100% (" in err and err.rstrip().endswith(")")
    code, quiet_out, err = run_in_terminal(*args, "--quiet")
    assert code == 0 and err == ""
    # not a terminal (pytest captures stderr): no bar
    assert call(capsys, *args)[2] == ""
