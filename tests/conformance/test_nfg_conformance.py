"""Conformance with Gambit on its catalog and contrib strategic games (../shared/conformance).

For every normal-form file: the pure equilibria equal Gambit's ``enumpure``; for two
players, the extreme equilibria equal Gambit's ``enummixed`` (exactly, as fractions, and
within 1e-6 in float mode), and every Lemke-Howson end is one of them. The data is
Gambit's (GPL) and stays outside this repository; the module skips when it is absent.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

CONF = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
if not (CONF / "reference.json").is_file():
    pytest.skip("shared conformance data not present", allow_module_level=True)

from berlinsim.io.nfg import read_nfg  # noqa: E402
from berlinsim.solvers.enummixed import enummixed_solve  # noqa: E402
from berlinsim.solvers.lemke_howson import lh_solve  # noqa: E402
from berlinsim.solvers.pure import pure_solve  # noqa: E402

pytestmark = pytest.mark.conformance

REF = json.loads((CONF / "reference.json").read_text())
NORMAL = [g for g in REF["games"] if g.get("form") == "normal" and g.get("readable")]
TWO_PLAYER = [g for g in NORMAL if "extreme_equilibria" in g]


def _game(entry):
    return read_nfg(CONF / REF["games_dir"] / entry["path"])


def _flat(strategies) -> np.ndarray:
    return np.concatenate([np.asarray(s, dtype=np.float64) for s in strategies])


def _same_set(got: list[np.ndarray], want: list[np.ndarray], tol: float = 1e-6) -> bool:
    """Order-free equality of two lists of profiles, each profile matched once."""
    if len(got) != len(want):
        return False
    unused = list(range(len(got)))
    for w in want:
        match = next((i for i in unused if np.max(np.abs(got[i] - w)) <= tol), None)
        if match is None:
            return False
        unused.remove(match)
    return True


def test_the_catalog_is_all_there():
    assert len(NORMAL) == 52 and len(TWO_PLAYER) == 38


@pytest.mark.parametrize("entry", NORMAL, ids=lambda g: g["path"])
def test_pure_equilibria(entry):
    result = pure_solve(_game(entry))
    got = sorted(tuple(s[0] for s in eq.support) for eq in result.equilibria)
    assert got == sorted(tuple(cell) for cell in entry["pure_equilibria"])


@pytest.mark.parametrize("entry", TWO_PLAYER, ids=lambda g: g["path"])
def test_extreme_equilibria_exact(entry):
    result = enummixed_solve(_game(entry))
    assert result.exact and result.complete
    got = {tuple(tuple(s) for s in eq.exact_strategies) for eq in result.equilibria}
    want = {
        tuple(tuple(Fraction(p) for p in s) for s in eq["strategies_exact"])
        for eq in entry["extreme_equilibria"]
    }
    assert got == want
    assert all(eq.exact_regret == 0 for eq in result.equilibria)
    assert _same_set([_flat(eq.strategies) for eq in result.equilibria],
                     [_flat(eq["strategies"]) for eq in entry["extreme_equilibria"]])


@pytest.mark.parametrize("entry", TWO_PLAYER, ids=lambda g: g["path"])
def test_extreme_equilibria_float(entry):
    result = enummixed_solve(_game(entry), exact=False)
    assert not result.exact and result.complete
    scale = max(1.0, entry["max_abs_payoff"])
    assert all(eq.regret <= 1e-9 * scale for eq in result.equilibria)
    assert _same_set([_flat(eq.strategies) for eq in result.equilibria],
                     [_flat(eq["strategies"]) for eq in entry["extreme_equilibria"]])


@pytest.mark.parametrize("entry", TWO_PLAYER, ids=lambda g: g["path"])
def test_lemke_howson_ends_are_extreme_equilibria(entry):
    want = [_flat(eq["strategies"]) for eq in entry["extreme_equilibria"]]
    result = lh_solve(_game(entry))
    assert result.equilibria and -1 not in result.details.equilibrium
    for eq in result.equilibria:
        assert eq.exact_regret == 0
        assert any(np.max(np.abs(_flat(eq.strategies) - w)) <= 1e-6 for w in want)
