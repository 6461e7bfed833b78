"""All pure-strategy Nash equilibria of a normal-form game, any number of players.

Vectorised: for each player a boolean tensor marks the cells where that player's
action is a best response to the others' actions; equilibria are the cells marked
for every player. Candidates are found on the normalised payoffs (each player's mapped
onto ``[0, 1]``, exactly rounded when exact) within a tolerance relative to that range, so
the answer does not change when a player's payoffs are shifted or scaled; they are then
verified exactly when the game has exact payoffs.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> chicken = NormalFormGame.symmetric([[0, -1], [1, -10]], actions=("Swerve", "Straight"))
>>> [eq.support for eq in pure_solve(chicken).equilibria]
[((0,), (1,)), ((1,), (0,))]
"""

from __future__ import annotations

import numpy as np

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, equilibrium_from
from berlinsim.solvers._checks import require_size


def best_response_masks(game: NormalFormGame, tol: float) -> np.ndarray:
    """Boolean array ``(num_players, *shape)``: is player i's action a best response in this cell?

    Within ``tol`` times the player's payoff range (compared on the normalised payoffs).
    """
    payoffs = game.normalized_payoffs
    masks = np.empty(payoffs.shape, dtype=bool)
    for i in range(game.num_players):
        u = payoffs[i]
        masks[i] = u >= u.max(axis=i, keepdims=True) - tol
    return masks


def pure_cells(game: NormalFormGame, tol: float = RELATIVE_TOLERANCE) -> list[tuple[int, ...]]:
    """The cells (one action index per player) that are pure equilibria, in lexicographic order.

    ``tol`` is relative to each player's payoff range; exact games are decided exactly.
    """
    require_size(game, "pure")
    candidates = [tuple(int(x) for x in c) for c in np.argwhere(best_response_masks(game, tol).all(axis=0))]
    if game.exact_payoffs is None:
        return candidates
    exact = game.exact_payoffs
    kept = []
    for cell in candidates:
        ok = True
        for i in range(game.num_players):
            line = list(cell)
            line[i] = slice(None)
            if max(exact[(i, *line)]) > exact[(i, *cell)]:
                ok = False
                break
        if ok:
            kept.append(cell)
    return kept


def pure_solve(game: NormalFormGame) -> SolveResult:
    """Every pure-strategy equilibrium (exact when the payoffs are rational)."""
    tol = RELATIVE_TOLERANCE
    equilibria = []
    for cell in pure_cells(game, tol):
        strategies = [[1 if a == c else 0 for a in range(n)] for c, n in zip(cell, game.shape)]
        equilibria.append(equilibrium_from(game, strategies, exact=game.is_exact))
    notes = () if equilibria else ("the game has no pure-strategy equilibrium",)
    return SolveResult(
        method="pure",
        game=game,
        equilibria=tuple(equilibria),
        exact=game.is_exact,
        complete=True,
        degenerate=None,
        tolerance=0.0 if game.is_exact else tol,
        notes=notes,
    )
