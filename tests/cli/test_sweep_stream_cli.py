"""``sweep --out``: streamed chunk by chunk (the same files and summary as a whole sweep), the cap only where needed."""

import pathlib

import pytest

from berlinsim.analysis import sweep as sweep_module
from berlinsim.cli import main

SCENARIOS = pathlib.Path(__file__).resolve().parents[2] / "scenarios"
CHICKEN = SCENARIOS / "08_berlin_chicken.yaml"


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("scenario, axes", [
    (CHICKEN, ["--vary", "w=0:30:41", "--vary", "l=0:30:23"]),
    (SCENARIOS / "01_acheson_wait.yaml", ["--vary", "p_reasonable=0:1:21"]),
])
def test_streamed_and_whole_sweeps_print_and_write_the_same(tmp_path, capsys, scenario, axes):
    # --workers 2 keeps a grid within the cap in memory (its per-point work spread over processes)
    streamed = call(capsys, "sweep", scenario, *axes, "--out", tmp_path / "a.csv", "-q")
    whole = call(capsys, "sweep", scenario, *axes, "--out", tmp_path / "b.csv", "-q", "--workers", "2")
    assert streamed == whole and streamed[0] == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_a_grid_over_the_cap_is_streamed_and_json_or_plot_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sweep_module, "MAX_POINTS", 50)
    axes = ["--vary", "w=0:30:11", "--vary", "l=0:30:7"]  # 77 points
    code, out, _ = call(capsys, "sweep", CHICKEN, *axes, "--out", tmp_path / "a.csv", "-q", "--workers", "2")
    assert code == 0 and "77 points" in out and (tmp_path / "a.csv").exists()
    code, out, _ = call(capsys, "sweep", CHICKEN, *axes, "-q")
    assert code == 0 and "77 points" in out
    code, _, err = call(capsys, "sweep", CHICKEN, *axes, "--out", tmp_path / "a.json")
    assert code == 2 and "needs the whole sweep in memory" in err and "77 points (at most 50)" in err
    code, _, err = call(capsys, "sweep", CHICKEN, *axes, "--plot", tmp_path / "a.png")
    assert code == 2 and "--plot needs the whole sweep" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
