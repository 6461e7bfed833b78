"""The default method: the best general-purpose solver for the game at hand.

- **2 players**: ``enummixed``, every extreme equilibrium (a complete answer).
- **any other number of players**: every pure equilibrium (``pure``) plus the limit of
  the logit QRE path (``qre``), which is often mixed; the limit is dropped when it
  repeats a pure equilibrium. This list may be incomplete: a game with 3 or more
  players can have mixed equilibria that neither method finds. The path is traced on the
  normalised game (each player's payoffs mapped onto ``[0, 1]``), so that, like every other
  part of the answer, the equilibrium it selects does not change when a player's payoffs are
  shifted or scaled (``qre`` itself uses the game's own units, in which scaling one player's
  payoffs changes her precision).

The result records ``method="auto"``; its parameters and notes say which method ran.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> import numpy as np
>>> u = np.zeros((3, 2, 2, 2), dtype=int)
>>> for i in range(3):
...     u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1    # 3-player coordination
>>> r = auto_solve(NormalFormGame.from_payoffs(u))
>>> r.method, [eq.support for eq in r.equilibria], r.complete
('auto', [((0,), (0,), (0,)), ((1,), (1,), (1,))], False)
"""

from __future__ import annotations

import dataclasses

import numpy as np

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import RELATIVE_TOLERANCE, Equilibrium, SolveResult, equilibrium_from


def _same(a: Equilibrium, b: Equilibrium, tol: float = 1e-9) -> bool:
    return all(
        np.allclose(np.asarray(x, dtype=float), np.asarray(y, dtype=float), atol=tol, rtol=0.0)
        for x, y in zip(a.strategies, b.strategies)
    )


def auto_solve(game: NormalFormGame) -> SolveResult:
    """Solve ``game`` with enummixed (2 players) or pure plus the QRE limit (other counts).

    Parameters
    ----------
    game : NormalFormGame

    Returns
    -------
    SolveResult
        ``method="auto"``; ``parameters`` holds ``("via", ...)`` naming the methods used.
        For 2 players the details are enummixed's; otherwise the QRE details (the path of
        the normalised game: its ``lambda`` is in units of each player's payoff range).
    """
    from berlinsim.solvers import solver_for

    if game.num_players == 2:
        result = solver_for("enummixed")(game)
        return dataclasses.replace(
            result,
            method="auto",
            parameters=(("via", "enummixed"), *result.parameters),
            notes=("2 players: all extreme equilibria by enummixed", *result.notes),
        )
    pure = solver_for("pure")(game)
    qre = solver_for("qre")(game.normalized())
    equilibria = list(pure.equilibria)
    notes = [
        f"{game.num_players} player{'s' if game.num_players != 1 else ''}: all pure equilibria, "
        "plus the limit of the logit QRE path",
        "the list may be incomplete: other mixed equilibria can exist",
    ]
    if qre.equilibria:
        found = qre.equilibria[0]  # an equilibrium of the normalised game: the same profile, measured on this one
        exact = found.exact_strategies is not None
        limit = equilibrium_from(game, found.exact_strategies if exact else found.strategies, exact=exact)
        if any(_same(limit, eq) for eq in equilibria):
            notes.append("the QRE limit is one of the pure equilibria")
        else:
            equilibria.append(limit)
            notes.append("the last equilibrium listed is the QRE limit")
    else:
        notes.append(f"the QRE path gave no equilibrium within tolerance ({qre.notes[0]})")
    exact = all(eq.exact_regret is not None for eq in equilibria)
    tol = RELATIVE_TOLERANCE
    return SolveResult(
        method="auto",
        game=game,
        equilibria=tuple(equilibria),
        exact=exact,
        complete=False,
        degenerate=None,
        tolerance=0.0 if exact else tol,
        parameters=(("via", "pure+qre"),),
        notes=tuple(notes),
        details=qre.details,
    )
