"""CLI: berlinsim discover (end to end through main)."""

import json
import pathlib

import pytest

from berlinsim.cli import main

S = pathlib.Path(__file__).resolve().parents[2] / "scenarios"
ACHESON = S / "01_acheson_wait.yaml"
SAMPLES = ["--sample", "p_reasonable=uniform(0, 1)", "--sample", "w_framing=uniform(2, 6)"]


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_states_the_box_in_words(capsys):
    code, out, err = call(capsys, "discover", ACHESON, *SAMPLES, "--target", "initiate_only", "-n", "1500", "-q")
    assert code == 0 and err == ""
    assert out.startswith("Where 'US: initiate_only;") and "1500 draws (lhs, seed 0); method spe" in out
    (line,) = [l for l in out.splitlines() if l.startswith("1. ")]
    assert line.startswith("1. it holds whenever p_reasonable > 0.63") and "w_framing" not in line
    assert "(coverage 100%, density 100%)" in line


def test_json_boxes_have_limits_coverage_and_density(capsys):
    code, out, err = call(capsys, "discover", ACHESON, *SAMPLES, "--target", "initiate_only", "-n", "1500",
                          "--format", "json", "-q")
    document = json.loads(out)
    assert code == 0 and document["target"].startswith("US: initiate_only") and document["n"] == 1500
    box = document["boxes"][0]
    assert list(box["limits"]) == ["p_reasonable"]
    low, high = box["limits"]["p_reasonable"]
    assert low == pytest.approx(87 / 137, abs=0.01) and high == 1.0  # the open side: the declared range's end
    assert 0.99 <= box["coverage"] <= 1 and box["density"] == 1 and box["trajectory"][0]["coverage"] == 1


@pytest.mark.parametrize("args, message", [
    (["--target", "retreat_forever"], "no equilibrium outcome of the draws"),
    (["--target", "US"], "names several outcomes"),
    (["--target", "wait", "--min-density", "0"], "--min-density must be in (0, 1]"),
    (["--target", "wait", "--sample", "c_pressure=uniform(0, 20)"], "reaches outside"),
])
def test_errors_exit_2(capsys, args, message):
    code, out, err = call(capsys, "discover", ACHESON, *SAMPLES, "-n", "50", "-q", *args)
    assert code == 2 and message in err and "Traceback" not in err
