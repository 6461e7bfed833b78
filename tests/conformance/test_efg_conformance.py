"""Conformance of .efg reading and of ``spe`` with Gambit's catalog (../shared/conformance).

* Every .efg file reads (including the 8 older files current Gambit refuses), with the
  structure the reference records: players, information sets in the contract's order (ascending
  number in the file, with labels and actions), perfect information / recall, chance, node count;
  and it survives write -> read unchanged.
* Every perfect-information tree: the set of pure subgame-perfect equilibria equals the
  reference's (behaviour in the contract's order and exact payoffs), ties included; when the
  reference is truncated (``contrib/ttt.efg``: 188,779,163,811,840), the exact count matches.
* Trees with imperfect information: each equilibrium ``spe`` reports has regret 0, measured by
  :func:`berlinsim.model.behavior.exact_regret` independently of the solver.

The data is Gambit's (GPL) and stays outside this repository; the module skips when it is absent.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
if not (CONF / "reference.json").is_file():
    pytest.skip("shared conformance data not present", allow_module_level=True)

from berlinsim.io.efg import infosets_json, parse_efg, read_efg, write_efg  # noqa: E402
from berlinsim.model import behavior as bh  # noqa: E402
from berlinsim.solvers.spe import spe_solve  # noqa: E402

pytestmark = pytest.mark.conformance

REF = json.loads((CONF / "reference.json").read_text())
TREES = [g for g in REF["games"] if g.get("form") == "extensive"]
PERFECT_INFO = [g for g in TREES if "spe" in g]
IMPERFECT = [g for g in TREES if "spe" not in g]

def _game(entry):
    return read_efg(CONF / REF["games_dir"] / entry["path"])


def test_catalog_has_118_trees():
    assert len(TREES) == 118 and len(PERFECT_INFO) == 15


@pytest.mark.parametrize("entry", TREES, ids=lambda g: g["path"])
def test_every_tree_reads_with_reference_structure(entry):
    g = _game(entry)
    assert list(g.players) == entry["players"] and g.title == entry["title"]
    assert infosets_json(g) == entry["infosets"]
    assert g.is_perfect_information == entry["is_perfect_information"]
    assert g.is_perfect_recall == entry["is_perfect_recall"]
    assert g.has_chance == entry["has_chance"] and g.num_nodes == entry["num_nodes"]
    assert parse_efg(write_efg(g, gambit_labels=False)) == g


def _key(behavior, payoffs):
    return (tuple(tuple(tuple(Fraction(x) for x in s) for s in p) for p in behavior),
            tuple(Fraction(x) for x in payoffs))


@pytest.mark.parametrize("entry", PERFECT_INFO, ids=lambda g: g["path"])
def test_spe_of_perfect_information_trees(entry):
    want = entry["spe"]
    cap = 100 if want["truncated"] else want["cap"]  # listing 2000 of ttt's equilibria only costs time
    result = spe_solve(_game(entry), cap=cap)
    assert result.details.count == want["count"]
    assert result.details.truncated == want["truncated"]
    assert all(eq.exact_regret == 0 for eq in result.equilibria)
    if want["truncated"]:
        assert len(result.equilibria) == cap
        (ref_eq,) = want["equilibria"]
        assert tuple(Fraction(x) for x in ref_eq["payoffs_exact"]) in {eq.exact_payoffs for eq in result.equilibria}
        return
    mine = {_key(eq.exact_behavior, eq.exact_payoffs) for eq in result.equilibria}
    theirs = {_key(e["behavior"], e["payoffs_exact"]) for e in want["equilibria"]}
    assert len(mine) == len(result.equilibria) == want["count"]
    assert mine == theirs


@pytest.mark.parametrize("entry", IMPERFECT, ids=lambda g: g["path"])
def test_spe_of_imperfect_information_trees_has_zero_regret(entry):
    g = _game(entry)
    result = spe_solve(g, cap=20)
    for eq in result.equilibria:
        if eq.exact_regret is not None:
            assert eq.exact_regret == 0
        else:
            assert eq.regret <= 1e-9 * max(1.0, g.max_abs_payoff)
        assert bh.regret(g, eq.behavior) <= 1e-9 * max(1.0, g.max_abs_payoff)
    if not result.equilibria:  # only without perfect recall (e.g. Wichardt's counterexample)
        assert not g.is_perfect_recall and any("no equilibrium" in n for n in result.notes)
