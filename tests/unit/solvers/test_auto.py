"""Tests of the default method: enummixed for 2 players, enumpoly for small exact games, else pure plus QRE."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import METHODS, solve, solver_for
from berlinsim.solvers.auto import auto_solve
from berlinsim.solvers.qre import QreDetails


def test_auto_is_registered_and_default() -> None:
    assert METHODS["auto"][:2] == ("auto", "auto_solve")
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert solve(pd).method == "auto"


def test_two_players_delegate_to_enummixed() -> None:
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    r = auto_solve(bos)
    direct = solver_for("enummixed")(bos)
    assert r.method == "auto" and ("via", "enummixed") in r.parameters
    assert r.equilibria == direct.equilibria and r.complete == direct.complete
    assert r.notes[0].startswith("2 players")
    # battle of the sexes: two pure equilibria and one mixed
    assert sorted(eq.exact_strategies for eq in r.equilibria) == sorted([
        ((1, 0), (1, 0)), ((0, 1), (0, 1)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
    ])


def jordan_game() -> NormalFormGame:
    """Three-player cycle with a unique, mixed equilibrium (2/3, 1/3), (1/3, 2/3), (1/4, 3/4)."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a, b, c in np.ndindex(2, 2, 2):
        u[0, a, b, c] = {(0, 0): 2, (1, 1): 1}.get((a, b), 0)
        u[1, a, b, c] = {(0, 0): 3, (1, 1): 1}.get((b, c), 0)
        u[2, a, b, c] = {(0, 1): 2, (1, 0): 1}.get((c, a), 0)
    return NormalFormGame.from_payoffs(u)


def test_three_players_small_exact_game_uses_enumpoly() -> None:
    r = auto_solve(jordan_game())
    assert r.method == "auto" and ("via", "enumpoly") in r.parameters and r.complete and r.exact
    assert [eq.exact_strategies for eq in r.equilibria] == [
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)), (F(1, 4), F(3, 4)))
    ]
    assert r.notes[0].startswith("3 players: every isolated equilibrium")


def test_three_players_beyond_enumpoly_limit_pure_plus_qre_limit() -> None:
    rng = np.random.default_rng(5)  # 4x4x4: the balanced supports have 9 unknowns, past the limit
    g = NormalFormGame.from_payoffs(rng.integers(-5, 6, size=(3, 4, 4, 4)))
    r = auto_solve(g)
    assert ("via", "pure+qre") in r.parameters and not r.complete
    assert any("may be incomplete" in n for n in r.notes)
    assert all(eq.relative_regret <= r.tolerance for eq in r.equilibria)


def test_incomplete_enumpoly_gets_the_qre_limit_when_new() -> None:
    # nau2004 section 5 style: player 3 is indifferent everywhere, so supports where 1 and 2
    # are pure leave player 3's mix free; enumpoly cannot list those, auto adds the QRE limit
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[0, 0, 0, :], u[0, 1, 1, :] = 1, 1
    u[1, 0, 0, :], u[1, 1, 1, :] = 1, 1
    r = auto_solve(NormalFormGame.from_payoffs(u))
    assert not r.complete and r.parameters[0][1] in ("enumpoly", "enumpoly+qre")
    assert all(eq.regret <= 1e-9 for eq in r.equilibria)


def test_three_player_float_game() -> None:
    rng = np.random.default_rng(3)
    g = NormalFormGame.from_payoffs(rng.normal(size=(3, 3, 3, 3)))
    r = auto_solve(g)
    assert r.equilibria and not r.exact
    assert all(eq.relative_regret <= r.tolerance for eq in r.equilibria)
    pure = solve(g, "pure").equilibria
    assert r.equilibria[: len(pure)] == pure
    assert len(r.equilibria) <= len(pure) + 1
