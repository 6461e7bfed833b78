"""``berlinsim solve GAME --method dominance``: the elimination steps in the players' and actions' names.

Each step names who drops what, the dominating action or mix, and the payoff comparison
against every combination of the others' remaining actions; no raw indices.
"""

from __future__ import annotations

import json
import pathlib

from berlinsim.cli import main
from berlinsim.io.nfg import write_nfg
from berlinsim.model.normal_form import NormalFormGame

ROOT = pathlib.Path(__file__).resolve().parents[2]
NEGOTIATIONS = ROOT / "src" / "berlinsim" / "data" / "negotiations_1961.nfg"


def _solve(capsys, path, *args):
    code = main(["solve", str(path), "--method", "dominance", *map(str, args)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _game(tmp_path, rows, cols, actions, name="g.nfg"):
    game = NormalFormGame.from_bimatrix(rows, cols, players=("Row", "Col"), actions=actions)
    path = tmp_path / name
    path.write_text(write_nfg(game))
    return path


def test_steps_are_named_with_their_payoff_comparison(capsys):
    out = _solve(capsys, NEGOTIATIONS)
    details = out[out.index("Details:"):]
    flat = " ".join(details.split())
    assert "Step 1 (round 1): USSR drops Squeeze Berlin, dominated by Summit offer" in flat
    # the USSR's payoffs: Summit offer 1.5 / 3, Squeeze Berlin 1 / 1.5 against the US's two actions
    assert "US State program 1.5 1 0.5" in flat and "US Refuse talks 3 1.5 1.5" in flat
    assert "by at least 0.5" in flat
    assert "What survives: US: State program, Refuse talks; USSR: Negotiate, Summit offer." in flat
    assert "index" not in details and "dominator:" not in details


def test_a_game_solved_by_dominance(capsys, tmp_path):
    pd = _game(tmp_path, [[3, 0], [5, 1]], [[3, 5], [0, 1]], (("C", "D"), ("C", "D")))
    flat = " ".join(_solve(capsys, pd).split())
    assert "Step 1 (round 1): Row drops C, dominated by D" in flat
    assert "Step 2 (round 1): Col drops C, dominated by D" in flat
    assert "One cell survives: it is the only equilibrium." in flat


def test_a_mixed_dominator(capsys, tmp_path):
    game = _game(tmp_path, [[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]], (("T", "M", "B"), ("L", "R")))
    flat = " ".join(_solve(capsys, game).split())
    assert "Row drops B, dominated by the mix 1/2 T + 1/2 M" in flat
    assert "Col L 1.5 1 0.5" in flat and "Col R 1.5 1 0.5" in flat


def test_weak_dominance_is_worded_as_weak(capsys, tmp_path):
    game = _game(tmp_path, [[1, 1], [1, 0]], [[1, 0], [1, 0]], (("T", "B"), ("L", "R")))
    flat = " ".join(_solve(capsys, game, "--option", "weak=true").split())
    assert "Row drops B, dominated by T" in flat
    assert "earns at least as much as B whatever the others do, and more against some" in flat
    assert "weakly dominated" in flat


def test_json_keeps_the_indices(capsys):
    code = main(["solve", str(NEGOTIATIONS), "--method", "dominance", "-f", "json"])
    out, _ = capsys.readouterr()
    assert code == 0 and "Squeeze Berlin" in out and "action_index" in json.dumps(json.loads(out))


def test_nothing_to_remove(capsys, tmp_path):
    pennies = _game(tmp_path, [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], (("H", "T"), ("H", "T")))
    flat = " ".join(_solve(capsys, pennies).split())
    assert "Details: No action is strictly dominated" in flat
    flat = " ".join(_solve(capsys, pennies, "--option", "weak=true").split())
    assert "Details: No action is weakly dominated" in flat
