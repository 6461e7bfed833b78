"""Components of the equilibrium sets of Gambit's two-player catalog games (../shared/conformance).

von Stengel (1999), "New maximal numbers of equilibria in bimatrix games", Discrete Comput.
Geom. 21: the 6x6 game with 75 equilibria is nondegenerate, so each equilibrium is its own
maximal Nash subset and its own component. For every two-player catalog game, each clique's
pairs are reference equilibria and the components partition them. The data is Gambit's (GPL)
and stays outside this repository; the module skips when it is absent.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
if not (CONF / "reference.json").is_file():
    pytest.skip("shared conformance data not present", allow_module_level=True)

from berlinsim.io.nfg import read_nfg  # noqa: E402
from berlinsim.solvers.enummixed import enummixed_solve  # noqa: E402

pytestmark = pytest.mark.conformance

REF = json.loads((CONF / "reference.json").read_text())
TWO_PLAYER = [g for g in REF["games"] if g.get("form") == "normal" and g.get("readable") and "extreme_equilibria" in g]


def test_von_stengel_75_equilibria_are_75_components():
    entry = next(g for g in TWO_PLAYER if g["path"].endswith("6x6_game_with_75_eq.nfg"))
    r = enummixed_solve(read_nfg(CONF / REF["games_dir"] / entry["path"]))
    c = r.components
    assert len(r.equilibria) == 75 and not r.degenerate
    assert len(c.cliques) == 75 and all(k.is_point for k in c.cliques)
    assert len(c.components) == 75 and len(c.row_vertices) == len(c.column_vertices) == 75


@pytest.mark.parametrize("entry", TWO_PLAYER, ids=lambda g: g["path"])
def test_cliques_hold_reference_equilibria(entry):
    r = enummixed_solve(read_nfg(CONF / REF["games_dir"] / entry["path"]))
    want = {tuple(tuple(Fraction(p) for p in s) for s in eq["strategies_exact"]) for eq in entry["extreme_equilibria"]}
    c = r.components
    for k in c.cliques:
        for i in k.rows:
            for j in k.columns:
                assert (c.row_vertices[i], c.column_vertices[j]) in want
    assert sorted(e for comp in c.component_equilibria for e in comp) == list(range(len(r.equilibria)))
