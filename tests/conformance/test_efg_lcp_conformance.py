"""Conformance of ``lcp`` on Gambit's 2-player extensive games (../shared/conformance).

For every 2-player tree with perfect recall, the equilibrium ``lcp`` reports has regret
zero in exact arithmetic (and at most 1e-9 relative to the largest payoff in float
mode), measured by :func:`berlinsim.model.behavior.regret`, independently of the
solver. Other equilibria than Gambit's are valid, so profiles are not compared; for
constant-sum trees the equilibrium payoffs are unique and must equal Gambit's. Trees
without perfect recall are refused with a clear error. The data is Gambit's (GPL) and
stays outside this repository; the module skips when it is absent.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
if not (CONF / "reference.json").is_file():
    pytest.skip("shared conformance data not present", allow_module_level=True)

from berlinsim.errors import SolverError  # noqa: E402
from berlinsim.io.efg import read_efg  # noqa: E402
from berlinsim.model import behavior as bh  # noqa: E402
from berlinsim.solvers.lcp import lcp_solve  # noqa: E402

pytestmark = pytest.mark.conformance

REF = json.loads((CONF / "reference.json").read_text())
TWO_PLAYER = [g for g in REF["games"] if g.get("form") == "extensive" and len(g["players"]) == 2]
RECALL = [g for g in TWO_PLAYER if g["is_perfect_recall"]]
NO_RECALL = [g for g in TWO_PLAYER if not g["is_perfect_recall"]]


def _game(entry):
    return read_efg(CONF / REF["games_dir"] / entry["path"])


def test_the_reference_has_the_expected_trees():
    assert len(RECALL) >= 90


@pytest.mark.parametrize("entry", RECALL, ids=lambda g: g["path"])
def test_lcp_equilibrium_has_zero_regret(entry):
    game = _game(entry)
    assert game.is_perfect_recall
    result = lcp_solve(game)
    eq = result.equilibria[0]
    scale = max(1.0, entry["max_abs_payoff"])
    if game.is_exact:
        assert result.exact
        assert bh.exact_regret(game, eq.exact_behavior) == 0
        if entry["constant_sum"] and entry.get("lcp_equilibria"):
            want = tuple(Fraction(v) for v in entry["lcp_equilibria"][0]["payoffs_exact"])
            assert eq.exact_payoffs == want
    else:
        assert bh.regret(game, eq.behavior) <= 1e-9 * scale
    floats = lcp_solve(game, exact=False).equilibria[0]
    assert bh.regret(game, floats.behavior) <= 1e-9 * scale


@pytest.mark.parametrize("entry", NO_RECALL, ids=lambda g: g["path"])
def test_imperfect_recall_is_refused(entry):
    game = _game(entry)
    assert not game.is_perfect_recall
    with pytest.raises(SolverError, match="perfect recall"):
        lcp_solve(game)
