"""CLI: berlinsim compare, thresholds and robustness (end to end through main)."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
S = ROOT / "scenarios"


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_memo_positions(capsys):
    code, out, err = call(capsys, "compare", S / "01_acheson_wait.yaml", S / "02_kennedy_plan_buildup.yaml",
                          S / "03_british_readiness.yaml", f"{S / '02_kennedy_plan_buildup.yaml'}:acheson")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["item", "#", "equilibrium", "US", "payoff"]
    assert "retreat" in lines[0] and "UK payoff" in lines[0] and lines[0].endswith("welfare  Pareto efficient")
    assert lines[1].startswith("01_acheson_wait ") and "0.196" in lines[1]
    assert lines[-1].startswith("02_kennedy_plan_buildup:acheson ") and lines[-1].split()[1:] == lines[1].split()[1:]
    assert any(line.startswith("03_british_readiness") and " - " in line for line in lines)


def test_compare_formats_and_metrics(capsys):
    code, out, _ = call(capsys, "compare", S / "07_un_forum.yaml", f"{S / '07_un_forum.yaml'}:prepared",
                        "--metric", "US,framing", "--format", "markdown")
    assert code == 0
    assert out.splitlines()[:2] == ["| item | # | equilibrium | US payoff | framing | welfare | Pareto efficient |",
                                    "|---|---:|---|---:|---:|---:|---|"]
    code, out, _ = call(capsys, "compare", S / "07_un_forum.yaml", "--metric", "un_involved", "--format", "json",
                        "--set", "prep=1")
    assert code == 0
    data = json.loads(out)
    assert [r["equilibrium"] for r in data["rows"]] == ["US: U; USSR: B"]
    assert data["rows"][0]["values"] == {"un_involved": {"value": 1.0, "exact": "1"}}


def test_compare_plot(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "cmp.svg"
    code, out, _ = call(capsys, "compare", S / "06_two_dangers.yaml", f"{S / '06_two_dangers.yaml'}:no_program",
                        "--plot", target)
    assert code == 0 and f"wrote {target}" in out
    assert target.stat().st_size > 1000 and target.read_text().lstrip().startswith("<?xml")
    code, _, err = call(capsys, "compare", S / "06_two_dangers.yaml", "--plot", tmp_path / "cmp.gif")
    assert code == 2 and ".png, .svg or .pdf" in err


@pytest.mark.parametrize("args, message", [
    (["compare", S / "07_un_forum.yaml:nope"], "unknown variant 'nope'"),
    (["compare", S / "07_un_forum.yaml", "--metric", "peace"], "unknown metric 'peace'"),
    (["compare", ROOT / "README.md"], "not a scenario file"),
    (["thresholds", S / "07_un_forum.yaml", "--vary", "prep=0"], "bad --vary"),
    (["thresholds", S / "01_acheson_wait.yaml", "--vary", "t=0:1", "--between", "acheson"], "bad --between"),
    (["robustness", S / "07_un_forum.yaml", "--sample", "prep=gamma(1,1)"], "unknown distribution"),
    (["robustness", S / "07_un_forum.yaml", "--sample", "prep"], "--sample prep: expected NAME=DIST"),
    (["thresholds", S / "07_un_forum.yaml", "--vary", "prep=0:1", "--workers", "0"], "--workers"),
])
def test_errors_exit_2_with_one_message(capsys, args, message):
    code, out, err = call(capsys, *args)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_thresholds_sentences(capsys):
    code, out, _ = call(capsys, "thresholds", S / "07_un_forum.yaml", "--vary", "prep=0:1")
    assert (code, out) == (0, "at prep = 0.75 the USSR switches from U to B\n")
    code, out, _ = call(capsys, "thresholds", S / "02_kennedy_plan_buildup.yaml", "--vary", "t=0:1",
                        "--between", "acheson,kissinger", "--samples", "5", "--format", "json")
    (t,) = json.loads(out)
    assert code == 0 and t["exact"] == "803/3426" and abs(t["value"] - 0.2344) < 1e-4
    assert t["sentence"].startswith("at t = 0.2344 (803/3426) the US switches from buildup_wait to buildup_initiate")
    code, out, _ = call(capsys, "thresholds", S / "07_un_forum.yaml", "--vary", "prep=0:0.5", "--samples", "3")
    assert code == 0 and out.startswith("no change of the equilibrium set for prep in [0, 0.5]")


def thresholds_under_hash_seed(seed, *args):
    """``berlinsim thresholds ARGS`` in a fresh interpreter with PYTHONHASHSEED=seed (the order of
    a set of strings or tuples changes with it)."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    proc = subprocess.run([sys.executable, "-m", "berlinsim", "thresholds", *map(str, args), "-q"],
                          capture_output=True, env=env, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("args", [
    (ROOT / "docs/exercises/berlin_chicken_negotiate.yaml", "--vary", "v_settle=0:20"),
    (S / "03_british_readiness.yaml", "--vary", "pi_uk=0:5", "--format", "json"),
])
def test_thresholds_output_does_not_depend_on_the_hash_seed(args):
    """Two equilibria stop being and two become equilibria at v_settle = 10 (three at pi_uk = 2.25,
    one more at the threshold): the lists come in the solver's order, byte for byte the same
    whatever the hash seed (seeds 0 and 1 gave two orders of the chicken's lists before)."""
    outputs = {seed: thresholds_under_hash_seed(seed, *args) for seed in (0, 1, 2)}
    assert outputs[0] == outputs[1] == outputs[2]
    assert b" and " in outputs[0] and b"stop being equilibria" in outputs[0]


def test_thresholds_say_still_when_the_other_side_does_the_same(capsys):
    """The USSR negotiates on both sides of rho_hype = 0.25, only at another information set (after
    hype, after a businesslike conference): no 'negotiate instead of negotiate'."""
    code, out, _ = call(capsys, "thresholds", S / "09_conference_bromide.yaml", "--vary", "rho_hype=0:1", "-q")
    assert (code, out) == (0, "at rho_hype = 0.25 the US switches from hype to businesslike "
                              "(the USSR still plays negotiate)\n")


def test_thresholds_name_only_the_moves_that_change(capsys):
    """un_forum_prepare: below prep_quality 1/3 the US skips and races, above it prepares and races
    (U in the race either way, at another information set) while Moscow races on both sides."""
    code, out, _ = call(capsys, "thresholds", ROOT / "docs/exercises/un_forum_prepare.yaml",
                        "--vary", "prep_quality=0:1", "-q")
    assert code == 0
    assert out.splitlines() == ["at prep_quality = 0.3333 (1/3) the US switches from skip to prepare "
                                "(the USSR still plays U)",
                                "at prep_quality = 0.75 the USSR switches from U to B"]
    assert "instead of" not in out


def test_robustness_is_seeded(capsys):
    args = ("robustness", S / "07_un_forum.yaml", "--sample", "prep=uniform(0.5, 1)", "-n", "100", "--seed", "4", "-q")
    code, out, _ = call(capsys, *args)
    assert code == 0 and "  100 draws, seed 4; method enummixed\n  prep ~ uniform(0.5, 1)" in out
    assert "US: U; USSR: U" in out and "US: U; USSR: B" in out and "Equilibrium sets" not in out  # one per draw
    assert call(capsys, *args)[1] == out
    code, out, _ = call(capsys, *args, "--format", "json")
    data = json.loads(out)
    assert sum(r["count"] for r in data["sets"]) == 100 and data["seed"] == 4
    share = {r["outcome"]: r["frequency"] for r in data["outcomes"]}
    assert share["US: U; USSR: B"] == pytest.approx(0.5, abs=0.15)  # prep > 0.75 on half of [0.5, 1]
    # one code path: robustness is sweep --sample under its older name
    assert call(capsys, "sweep", *args[1:])[1] == call(capsys, *args)[1]


def test_compare_overlay(capsys, tmp_path):
    code, out, _ = call(capsys, "compare", S / "06_two_dangers.yaml", "--vary", "c_commit=0:8:5",
                        "--metric", "peace_offensive", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["x"] == [0, 2, 4, 6, 8]
    assert data["curves"]["06_two_dangers"] == pytest.approx([0, 0, 1 / 3, 1, 1])
    code, _, err = call(capsys, "compare", S / "06_two_dangers.yaml", "--vary", "c_commit=0:8:5")
    assert code == 2 and "exactly one --metric" in err
    code, _, err = call(capsys, "compare", S / "06_two_dangers.yaml", "--vary", "c_commit=0:8", "--metric", "US")
    assert code == 2 and "NAME=START:STOP:N" in err
    pytest.importorskip("matplotlib")
    target = tmp_path / "overlay.png"
    code, out, _ = call(capsys, "compare", S / "07_un_forum.yaml", f"{S / '07_un_forum.yaml'}:prepared", "--vary",
                        "prep=0:1:5", "--metric", "USSR", "--plot", target)
    assert code == 0 and out.splitlines()[0].split() == ["prep", "07_un_forum", "07_un_forum:prepared"]
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_robustness_shows_sets_when_draws_have_several_equilibria(capsys):
    code, out, _ = call(capsys, "robustness", S / "03_british_readiness.yaml", "--sample", "pi_uk=uniform(0, 4)",
                        "-n", "40", "--seed", "1")
    assert code == 0 and "Equilibrium sets (share of draws with exactly that set" in out
    assert " | " in out.split("Equilibrium sets")[1]


def test_thresholds_workers_give_the_same_answer(capsys):
    args = ("thresholds", S / "06_two_dangers.yaml", "--vary", "c_commit=0:10", "--samples", "33", "-q")  # 3 chunks
    one = call(capsys, *args)
    assert one[0] == 0 and one[1].count("at c_commit = ") == 3
    assert call(capsys, *args, "--workers", "2") == one


def test_thresholds_take_the_sweep_form_and_say_what_is_new(capsys):
    """--vary NAME=LOW:HIGH:N is accepted (N: scan points when a scan is needed); JSON keeps its keys and adds
    kind, polynomial, bracket and complete; an interval outside the range is named as typed."""
    code, out, _ = call(capsys, "thresholds", S / "07_un_forum.yaml", "--vary", "prep=0:1:11")
    assert (code, out) == (0, "at prep = 0.75 the USSR switches from U to B\n")
    code, out, _ = call(capsys, "thresholds", S / "04_soviet_overture.yaml", "--vary", "u_acc=-10:10", "-f", "json")
    records = json.loads(out)
    assert code == 0 and [(r["exact"], r["kind"]) for r in records] == [("-9/2", "plan"), ("-1/2", "path"),
                                                                        ("3/2", "plan")]
    assert {"parameter", "value", "exact", "before", "at", "after", "sentence", "polynomial", "bracket",
            "complete"} <= set(records[0]) and records[0]["complete"] is True
    code, out, err = call(capsys, "thresholds", S / "06_two_dangers.yaml", "--vary", "c_commit=0:100")
    assert code == 2 and "c_commit=0:100: outside the range of 'c_commit'" in err and "25/2" not in err
    code, out, err = call(capsys, "thresholds", S / "07_un_forum.yaml", "--vary", "prep=0:1:11", "--samples", "9")
    assert code == 2 and "11 scan points" in err
    code, out, _ = call(capsys, "thresholds", S / "05_khrushchev_type.yaml", "--vary", "w_framing=2:4:9")
    assert code == 0 and out.splitlines()[-1].startswith("(scan of 9 points: the finder follows no polynomial structure of pbe")
