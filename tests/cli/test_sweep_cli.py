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
    assert "  0 <= c_commit <= 1.5    region 1: US: P; USSR: H" in lines
    assert "  c_commit = 4            region 4: 2 equilibria: US: S, P; USSR: PO, H | US: Fm, P; USSR: PO, H" in lines
    assert ("                            at c_commit = 4: US: S 0.333, P 0.667; USSR: PO 0.333, H 0.667 | "
            "US: Fm 0.667, P 0.333; USSR: PO 0.333, H 0.667") in lines  # the labels, with their probabilities
    assert "  6.5 <= c_commit <= 8    region 7: US: Fm; USSR: PO" in lines
    assert lines[-1] == "17 points; 17 solved in batch, 0 one by one; 3 degenerate (extreme equilibria listed)."


def test_tree_sweep_and_between_variants(capsys):
    code, out, _ = call(capsys, "sweep", ACHESON, "--vary", "p_reasonable=0:1:21", "-q")
    assert code == 0 and "  0 <= p_reasonable <= 0.55     region 1: US: buildup_wait; USSR: overture\n" in out
    code, out, _ = call(capsys, "sweep", KENNEDY, "--between", "acheson,kissinger", "--vary", "t=0:1:11", "-q")
    assert code == 0 and "from variant 'acheson' (t = 0) to 'kissinger' (t = 1)" in out
    assert "0 <= t <= 0.2  region 1: US: buildup_wait" in out


def test_a_two_dimensional_tree_sweep_has_regions_by_supports_and_their_cells(capsys, tmp_path):
    """02 over t x p_reasonable: a handful of regions (not one per probability), each with where it lies."""
    document = tmp_path / "map.json"
    code, out, _ = call(capsys, "sweep", KENNEDY, "--between", "acheson,kissinger", "--vary", "t=0:1:21",
                        "--vary", "p_reasonable=0:1:21", "-q", "--out", document)
    assert code == 0
    heads = [line for line in out.splitlines() if line.startswith("  region ")]
    assert len(heads) == 5 and heads[0].endswith(" points: US: buildup_wait; USSR: overture")
    assert "      t 0..1: p_reasonable 1" in out  # initiate_only, accepted by both types, along the top row
    data = json.loads(document.read_text(encoding="utf-8"))
    regions = data["sweep"]["regions"]
    assert [f"  region {r['region']}, {r['points']} points: {r['name']}" for r in regions] == heads
    assert [r["region"] for r in regions] == [1, 2, 3, 4, 5] and sum(r["points"] for r in regions) == 21 * 21
    assert all(len(r["cells"]) == r["points"] for r in regions)
    cells = {tuple(c): r["region"] for r in regions for c in r["cells"]}
    t, p = data["sweep"]["axes"][0]["values"], data["sweep"]["axes"][1]["values"]
    for row in data["data"]:  # every row's region is the one whose cells hold its grid point
        i, j = divmod(row["point"], 21)
        assert (row["t"], row["p_reasonable"]) == (t[i], p[j]) and cells[(i, j)] == row["region"]


def test_csv_json_and_parquet_outputs_are_one_row_per_equilibrium(capsys, tmp_path):
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    table, document, frame = tmp_path / "s.csv", tmp_path / "s.json", tmp_path / "s.parquet"
    args = ["sweep", DANGERS, "--vary", "c_commit=0:8:5", "--vary", "w_framing=2:4:3", "-q", "--set", "c_ratchet=2"]
    for path in (table, document, frame):
        assert call(capsys, *args, "--out", path)[0] == 0
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:6] == ["point", "c_commit", "w_framing", "equilibrium", "label", "support"]
    assert rows[0]["c_commit"] == "0.0" and rows[0]["w_framing"] == "2.0" and rows[0]["equilibrium"] == "1"
    assert rows[0]["label"] == "US: P; USSR: H" and rows[0]["US: P"] == "1.0" and rows[0]["region"] == "1"
    assert {"P(P / H)", "E[framing]", "payoff US", "degenerate"} <= set(rows[0])
    # c_commit = 4, w_framing = 4 (the default): two equilibria, two rows of the same point, each its own numbers
    two = [r for r in rows if r["point"] == "8"]
    assert [r["equilibrium"] for r in two] == ["1", "2"] and two[0]["degenerate"] == "True"
    assert two[0]["label"] != two[1]["label"] and (two[0]["US: S"], two[1]["US: S"]) == ("0.3333333333333333", "0.0")
    numbers = {}
    for r in rows:
        numbers.setdefault(int(r["point"]), []).append(int(r["equilibrium"]))
    assert sorted(numbers) == list(range(15)) and all(n == list(range(1, len(n) + 1)) for n in numbers.values())
    data = json.loads(document.read_text(encoding="utf-8"))
    assert [a["name"] for a in data["sweep"]["axes"]] == ["c_commit", "w_framing"]
    assert data["sweep"]["fixed"]["c_ratchet"] == 2.0 and data["sweep"]["regions"][0]["supports"] == ["US: P; USSR: H"]
    assert [f["name"] for f in data["schema"]["fields"]] == list(rows[0]) and len(data["data"]) == len(rows)
    read = pandas.read_json(document, orient="table", precise_float=True)  # the Table Schema layout pandas reads
    parquet = pandas.read_parquet(frame)
    assert list(read.columns) == list(parquet.columns) == list(rows[0])
    assert read["label"].tolist() == parquet["label"].tolist() == [r["label"] for r in rows]
    assert read["payoff US"].tolist() == parquet["payoff US"].tolist() == [float(r["payoff US"]) for r in rows]
    import pyarrow.parquet as pq

    meta = json.loads(pq.read_schema(frame).metadata[b"berlinsim"])
    assert meta["sweep"]["regions"] == data["sweep"]["regions"]


def test_parquet_without_pyarrow_names_the_extra(capsys, tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.split(".")[0] == "pyarrow":
            raise ImportError("No module named 'pyarrow'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    code, out, err = call(capsys, "sweep", DANGERS, "--vary", "c_commit=0:8:3", "--out", tmp_path / "s.parquet")
    assert code == 2 and out == "" and "berlinsim[frames]" in err and "pyarrow" in err
    assert not (tmp_path / "s.parquet").exists()


def test_the_issue_example_lists_numbers_with_their_equilibrium(capsys, tmp_path):
    """08, c_war = 10:200:3: the first equilibrium listed is the first row, with its own payoffs."""
    table = tmp_path / "s.csv"
    code, out, _ = call(capsys, "sweep", ROOT / "scenarios" / "08_berlin_chicken.yaml", "--vary", "c_war=10:200:3",
                        "--out", table, "-q")
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["label"], r["payoff US"]) for r in rows[:3]] == [
        ("US: Yield; USSR: Press", "-10.0"), ("US: Yield 0.9, Firm 0.1; USSR: Press", "-10.0"),
        ("US: Firm; USSR: Back", "10.0")]
    assert "region 1: 3 equilibria: US: Yield; USSR: Press | US: Yield, Firm; USSR: Press | US: Firm; USSR: Back" in out


def test_the_issue_example_every_row_and_every_plotted_value_is_its_own_equilibriums(capsys, tmp_path, monkeypatch):
    """Issue 10: ``sweep 08 --vary c_war=10:200:3 --out s.csv`` began with (Firm, Back) over the payoff -10 of
    another equilibrium, and ``--plot`` drew that hidden "first" one. Now every row's numbers are those of
    the equilibrium its label names (the label made again from the row's own strategy columns, the
    payoffs run's for that label at that point), and the plot draws every equilibrium, with the same
    labels and numbers, in the same order."""
    from fractions import Fraction

    import berlinsim.analysis.figure_data as figure_data
    import berlinsim.plots._style as style
    import berlinsim.plots.sweep as plots
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.model.identity import equilibrium_label
    from berlinsim.scenarios.run import run_scenario

    drawn = []

    class Drawn:
        figure = None

    monkeypatch.setattr(plots, "plot_sweep", lambda result, values, **kw: drawn.append(values) or Drawn())
    monkeypatch.setattr(figure_data, "exact_thresholds", lambda *args, **kwargs: ())
    monkeypatch.setattr(style, "save_figure", lambda figure, path: None)
    path, table = ROOT / "scenarios" / "08_berlin_chicken.yaml", tmp_path / "s.csv"
    code, _, _ = call(capsys, "sweep", path, "--vary", "c_war=10:200:3", "--out", table, "-q",
                      "--plot", tmp_path / "s.png", "--y", "payoff US, payoff USSR")
    assert code == 0
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert "equilibria" not in rows[0] and len(rows) == 9  # one row per (point, equilibrium): 3 x 3
    columns = [(c.split(": ")[0], "", c.split(": ")[1]) for c in rows[0] if c.startswith(("US: ", "USSR: "))]
    scenario = load_scenario(path)
    ((points),) = drawn
    for row in rows:
        vector = [float(row[f"{p}: {a}"]) for p, _, a in columns]
        assert equilibrium_label(("US", "USSR"), columns, vector) == row["label"]
        run = run_scenario(scenario, overrides={"c_war": Fraction(row["c_war"])})
        k = run.labels.index(row["label"])
        assert int(row["equilibrium"]) == k + 1
        payoffs = [float(u) for u in run.result.equilibria[k].payoffs]
        assert [float(row["payoff US"]), float(row["payoff USSR"])] == pytest.approx(payoffs, abs=1e-12)
        assert points[int(row["point"])][k] == (row["label"], pytest.approx(tuple(payoffs), abs=1e-12))


def test_a_2d_tree_sweeps_regions_are_by_the_actions_used(capsys, tmp_path):
    """Issue 10: a 2-D tree sweep printed hundreds of "regions" split by mixed probabilities under a header
    saying "by the actions used". 08d over mu x c_war: one region per set of supports (what the equilibria
    play where play goes), however the probabilities move, and the text, the export's ``region`` column and
    the point counts agree."""
    import re

    table = tmp_path / "s.csv"
    code, out, _ = call(capsys, "sweep", ROOT / "scenarios" / "08d_berlin_chicken_bayesian.yaml",
                        "--vary", "mu=0:1:11", "--vary", "c_war=10:200:11", "-q", "--out", table)
    assert code == 0
    assert "Regions over mu x c_war (a region: the same actions used where play goes, whatever the mixed " \
           "probabilities):" in out
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    points: dict[int, list[dict]] = {}
    for row in rows:
        points.setdefault(int(row["point"]), []).append(row)
    assert len(points) == 121
    supports = {g: frozenset(r["support"] for r in found) for g, found in points.items()}
    labels = {g: tuple(r["label"] for r in found) for g, found in points.items()}
    region = {g: {int(r["region"]) for r in found} for g, found in points.items()}
    assert all(len(k) == 1 for k in region.values())  # a region is a property of the point
    by_region: dict[int, set] = {}
    for g, (k,) in region.items():
        by_region.setdefault(k, set()).add(supports[g])
    assert all(len(sets) == 1 for sets in by_region.values())  # one set of supports per region number
    assert len(by_region) == len(set(supports.values())) == 5  # ... and one region per set of supports
    assert len(set(labels.values())) > len(by_region)  # the probabilities move, and split no region
    listed = {int(n): int(k) for n, k in re.findall(r"^  region (\d+), (\d+) points?:", out, flags=re.M)}
    assert listed == {k: sum(1 for (r,) in region.values() if r == k) for k in by_region}


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
    (["--vary", "c_commit=0:1:3", "--out", "x.txt"], ".csv, .json or .parquet"),
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
    assert len(rows) == 400 and list(rows[0])[:7] == ["draw", "prep", "equilibrium", "label", "support", "region",
                                                      "payoff US"]
    above = sum(float(r["prep"]) > 0.75 for r in rows)
    assert all((r["label"] == "US: U; USSR: B") == (float(r["prep"]) > 0.75) for r in rows)
    assert all(r["USSR: B"] == ("1.0" if r["label"] == "US: U; USSR: B" else "0.0") for r in rows)
    share = above / 400
    stderr = (share * (1 - share) / 400) ** 0.5
    line = next(line for line in out.splitlines() if line.endswith("US: U; USSR: B"))
    assert f"{100 * share:.1f}% ± {100 * stderr:.1f}%" in line
    assert call(capsys, *args)[1] == out  # the same seed, the same draws
    assert call(capsys, "sweep", FORUM, "--sample", "prep=uniform(0, 1)", "-n", "400", "--seed", "8", "-q")[1] != out


def test_sample_json_and_several_equilibria(capsys, tmp_path):
    document = tmp_path / "draws.json"
    code, out, _ = call(capsys, "sweep", BRITISH, "--sample", "pi_uk=triangular(0, 2, 4)", "--sample",
                        "w_firm_uk=normal(0.5, 0.5)", "-n", "60", "-q", "--out", document)
    assert code == 0 and "pi_uk ~ triangular(0, 2, 4)" in out and "w_firm_uk ~ normal(0.5, 0.5)" in out
    assert "Equilibrium sets (share of draws with exactly that set" in out  # (F, F) | (K, S) | ... below 2.25
    data = json.loads(document.read_text(encoding="utf-8"))
    meta = data["sample"]
    assert meta["n"] == 60 and meta["seed"] == 0 and set(meta["distributions"]) == {"pi_uk", "w_firm_uk"}
    assert sum(r["count"] for r in meta["sets"]) == 60 == sum(r["draws"] for r in meta["regions"])
    draws = {}
    for row in data["data"]:
        draws.setdefault(row["draw"], set()).add(row["support"])
    assert sorted(draws) == list(range(60))
    for row in meta["outcomes"]:
        low, high = row["interval95"]
        assert low <= row["frequency"] <= high
        assert row["count"] == sum(row["outcome"] in supports for supports in draws.values())
    for row in data["data"]:  # a draw's region is its set of outcomes
        assert " | ".join(sorted(draws[row["draw"]])) == meta["regions"][row["region"] - 1]["name"]


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
    (["--sample", "c_commit=uniform(0, 1)", "--out", "x.txt"], ".csv, .json or .parquet"),
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
