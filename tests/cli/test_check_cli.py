"""CLI: berlinsim check (end to end through main): verdicts, formats and exit codes."""

from __future__ import annotations

import json

from berlinsim.cli import main

TOY = """\
berlinsim: 1
id: toy
title: A toy
source: {document: memo, paragraphs: [1]}
parameters:
  c: {default: 1, range: [0, 3]}
players:
  A: {payoff: 0}
  B: {payoff: 0}
game:
  type: matrix
  actions: {A: [go, stay], B: [x]}
  cells:
    - {actions: [go, x], payoffs: {A: 2 - c}}
    - {actions: [stay, x], payoffs: {A: 1/2}}
variants:
  dear: {set: {c: 2}}
claims:
  prior: {draws: 40}
  statements:
    - {id: goes, says: A goes, holds: the unique equilibrium has A go}
    - {id: near, says: A goes near the tie, set: {c: 1.4}, holds: the unique equilibrium has A go}
    - {id: value, says: A gets 1, holds: payoff(A) = 1}
"""


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_reports_each_claim(tmp_path, capsys):
    path = tmp_path / "01_toy.yaml"
    path.write_text(TOY, encoding="utf-8")
    code, out, err = call(capsys, "check", path)
    assert code == 0 and err == ""
    assert "ROBUST   01.goes: A goes" in out
    assert "FRAGILE  01.near" in out and "c = 1.4: stops holding at 1.5 (0.1 away, 7.1%)" in out
    assert "ROBUST   01.value" in out
    code, out, _ = call(capsys, "check", path, "--format", "json")
    records = {r["claim"]: r for r in json.loads(out)}
    assert set(records) == {"01.goes", "01.near", "01.value"}
    near = records["01.near"]
    assert near["holds"] and near["verdict"] == "fragile" and near["draws"] == 40
    (margin,) = near["margins"]
    assert margin["threshold"] == 1.5 and abs(margin["relative"] - 0.1 / 1.4) < 1e-12
    code, out, _ = call(capsys, "check", path, "--format", "markdown")
    assert "| `01.near` | A goes near the tie |" in out and "**fragile**" in out


def test_a_false_claim_exits_1(tmp_path, capsys):
    path = tmp_path / "toy.yaml"
    path.write_text(TOY.replace("holds: payoff(A) = 1", "holds: payoff(A) = 2"), encoding="utf-8")
    code, out, _ = call(capsys, "check", path)
    assert code == 1
    assert "FALSE    toy.value" in out and "does not hold: left-hand side 1" in out


def test_bad_input_exits_2_with_the_place(tmp_path, capsys):
    path = tmp_path / "toy.yaml"
    path.write_text(TOY.replace("has A go}", "has A run}", 1), encoding="utf-8")
    code, out, err = call(capsys, "check", path)
    assert code == 2 and out == ""
    assert f"{path}:21:68:" in err and "claims.statements[0].holds: unknown action of A 'run'" in err
    code, _, err = call(capsys, "check", path.with_name("missing.yaml"))
    assert code == 2 and "missing.yaml" in err


def test_help_states_the_verdict_rule(capsys):
    code, out, _ = call(capsys, "check", "--help")
    assert code == 0
    assert "robust (holds in >= 90% of the prior and no parameter turns it within 10% of its value)" in " ".join(out.split())
