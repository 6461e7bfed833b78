"""Golden outputs of a three-player scenario: ``run`` (text, Markdown, JSON) and ``explain``, Nash and correlated.

The scenario is ``tests/data/good_scenarios/allies3.yaml`` (three allies hold together or split;
two pure equilibria and an irrational mixed one, certified by enumpoly). The files are
``tests/cli/golden/allies3_*``; regenerate them with

    BERLINSIM_REGENERATE_GOLDEN=1 python -m pytest -q tests/cli/test_nplayer_golden_cli.py
"""

from __future__ import annotations

import json
import os
import pathlib

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "cli" / "golden"
REGENERATE = os.environ.get("BERLINSIM_REGENERATE_GOLDEN") == "1"
ALLIES = "tests/data/good_scenarios/allies3.yaml"

CASES = {
    "allies3_run.txt": ("run", ()),
    "allies3_run.json": ("run", ("-f", "json")),
    "allies3_run_correlated.md": ("run", ("-f", "markdown", "--method", "correlated")),
    "allies3_explain.txt": ("explain", ()),
    "allies3_explain_correlated.txt": ("explain", ("--method", "correlated")),
}


def run(capsys, monkeypatch, command, options):
    monkeypatch.chdir(ROOT)  # the memo's excerpts come from seeds/ under the repository
    code = main([command, ALLIES, *options])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(capsys, monkeypatch, name):
    out = run(capsys, monkeypatch, *CASES[name])
    golden = GOLDEN / name
    if REGENERATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"{name} differs; if intended, regenerate (module docstring)"


def test_the_goldens_numbers_belong_to_their_equilibria(capsys, monkeypatch):
    data = json.loads(run(capsys, monkeypatch, "run", ("-f", "json")))
    equilibria = data["equilibria"]
    assert data["complete"] is True and len(equilibria) == 3
    golden = 0.6180339887498949  # the mixed equilibrium holds with probability (sqrt 5 - 1) / 2
    mixed = [eq for eq in equilibria if any(0 < p < 1 for s in eq["strategies"] for p in s)]
    assert len(mixed) == 1 and all(abs(s[0] - golden) < 1e-9 for s in mixed[0]["strategies"])
    # holding pays 3 if both others hold (3 p^2); quitting 2 if both others quit, else 1 (1 + (1 - p)^2);
    # they are equal at p = golden (p^2 + p = 1), and that is each player's payoff
    p = golden
    assert abs(3 * p**2 - (1 + (1 - p)**2)) < 1e-9
    assert all(abs(u - 3 * p**2) < 1e-9 for u in mixed[0]["payoffs"])
