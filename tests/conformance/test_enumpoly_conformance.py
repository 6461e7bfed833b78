"""enumpoly on Gambit's n-player strategic games (../shared/conformance), and against pygambit.

For every catalog game with 3+ players that is within enumpoly's default limits: the pure
equilibria equal Gambit's ``enumpure``; every equilibrium has regret within tolerance (zero
exactly when rational); when the result is complete, Gambit's reference equilibrium is among
ours. The games past the limits must be refused with a clear error. With pygambit installed,
every equilibrium Gambit's ``enumpoly`` reports is among ours, and each of ours passes
pygambit's own regret check (ours can be more: Gambit's numerical subdivision misses some,
e.g. on contrib/3x3x3.nfg, 8x2x2.nfg and g3.nfg). The data is Gambit's (GPL) and stays outside
this repository; the module skips when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

CONF = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
if not (CONF / "reference.json").is_file():
    pytest.skip("shared conformance data not present", allow_module_level=True)

from berlinsim.errors import SolverError  # noqa: E402
from berlinsim.io.nfg import read_nfg  # noqa: E402
from berlinsim.solvers.enumpoly import enumpoly_solve  # noqa: E402

pytestmark = pytest.mark.conformance

REF = json.loads((CONF / "reference.json").read_text())
NPLAYER = [g for g in REF["games"] if g.get("form") == "normal" and g.get("readable") and len(g["players"]) > 2]
#: past the default limits (5x4x3: 9 unknowns in a balanced support; five players: the
#: full support's equations outgrow exact elimination)
TOO_LARGE = {"contrib/5x4x3.nfg", "contrib/2x2x2x2x2.nfg"}
#: the catalog says so: a continuum of completely mixed equilibria (section 5), a segment (section 6)
CONTINUA = {"catalog/journals/ijgt/nau2004/sec5.nfg", "catalog/journals/ijgt/nau2004/sec6.nfg"}


def _game(entry):
    return read_nfg(CONF / REF["games_dir"] / entry["path"])


def _flat(strategies) -> np.ndarray:
    return np.concatenate([np.asarray(s, dtype=np.float64) for s in strategies])


def test_the_nplayer_games_are_there():
    assert len(NPLAYER) == 14


@pytest.mark.parametrize("entry", [g for g in NPLAYER if g["path"] in TOO_LARGE], ids=lambda g: g["path"])
def test_games_past_the_limits_are_refused(entry):
    with pytest.raises(SolverError, match="enumpoly"):
        enumpoly_solve(_game(entry))


@pytest.mark.parametrize("entry", [g for g in NPLAYER if g["path"] not in TOO_LARGE], ids=lambda g: g["path"])
def test_catalog_games(entry):
    game = _game(entry)
    r = enumpoly_solve(game)
    scale = max(1.0, entry["max_abs_payoff"])
    for eq, cert in zip(r.equilibria, r.details.certificates):
        assert eq.regret <= 1e-9 * scale
        if cert is None and game.is_exact:
            assert eq.exact_regret == 0
    pure = sorted(tuple(s[0] for s in eq.support) for eq in r.equilibria if eq.is_pure)
    assert pure == sorted(tuple(c) for c in entry["pure_equilibria"])
    assert r.complete == (entry["path"] not in CONTINUA | {"contrib/perfect3.nfg"})
    if entry["path"] in CONTINUA:
        assert r.degenerate and r.details.infinite
    reference = entry.get("one_equilibrium")
    if r.complete and reference and reference["regret"] <= 1e-8 * scale:
        want = _flat(reference["strategies"])
        assert any(np.max(np.abs(_flat(eq.strategies) - want)) <= 1e-4 for eq in r.equilibria)


def test_against_pygambit_on_the_catalog():
    gbt = pytest.importorskip("pygambit")
    for entry in NPLAYER:
        if entry["path"] in TOO_LARGE | CONTINUA | {"contrib/perfect3.nfg"}:
            continue  # Gambit's enumpoly does not finish on these within a minute
        path = CONF / REF["games_dir"] / entry["path"]
        ours = enumpoly_solve(read_nfg(path))
        gbt_game = gbt.read_nfg(str(path))
        theirs = gbt.nash.enumpoly_solve(gbt_game)
        got = [_flat(eq.strategies) for eq in ours.equilibria]
        for eq in theirs.equilibria:
            want = np.array([float(eq[s]) for p in gbt_game.players for s in p.strategies])
            assert any(np.max(np.abs(g - want)) <= 1e-5 for g in got), entry["path"]
        for eq in ours.equilibria:
            profile = gbt_game.mixed_strategy_profile(rational=False)
            for i, player in enumerate(gbt_game.players):
                for a, s in enumerate(player.strategies):
                    profile[s] = eq.strategies[i][a]
            assert float(profile.max_regret()) <= 1e-9 * max(1.0, entry["max_abs_payoff"]), entry["path"]


def _entry(path):
    return next(g for g in NPLAYER if g["path"] == path)


def test_continua_list_the_equilibria_where_an_unused_action_ties():
    # Nau, Gomez Canovas & Hansen (2004): on the supports whose equations have a curve of
    # solutions, the points where an unused action ties are found and verified exactly; the
    # result still says it is not complete (the continuum itself is not listed)
    sec6 = enumpoly_solve(_game(_entry("catalog/journals/ijgt/nau2004/sec6.nfg")))
    half = [0.5, 0.5]
    assert not sec6.complete and all(eq.exact_regret == 0 for eq in sec6.equilibria)
    found = sorted(_flat(eq.strategies).tolist() for eq in sec6.equilibria)
    assert found == [half + half + [0, 0, 0.5, 0.5], half + half + [0.5, 0.5, 0, 0]]
    sec5 = _entry("catalog/journals/ijgt/nau2004/sec5.nfg")
    r = enumpoly_solve(_game(sec5))
    assert not r.complete and all(eq.exact_regret == 0 for eq in r.equilibria)
    reference = _flat(sec5["one_equilibrium"]["strategies"])  # Gambit's gnm finds (Bottom, Left, 1/4 3/4)
    assert any(np.allclose(_flat(eq.strategies), reference, atol=1e-9) for eq in r.equilibria)
    assert any("where unused actions tie" in rep.reason for rep in r.details.infinite)
