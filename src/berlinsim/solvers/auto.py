"""The default method: the best general-purpose solver for the game at hand.

- **2 players**: ``enummixed``, every extreme equilibrium (a complete answer).
- **any other number of players**, rational payoffs: ``enumpoly`` (every isolated
  equilibrium, exact) when the game is within its size limits; when its list is incomplete
  (a continuum on some support) the limit of the logit QRE path is added if it is not
  already listed.
- **larger games, or float payoffs**: every pure equilibrium (``pure``) plus the limit of
  the logit QRE path (``qre``), which is often mixed; the limit is dropped when it repeats a
  pure equilibrium. This list may be incomplete: a game with 3 or more players can have
  mixed equilibria that neither method finds.

Wherever the QRE path is used it is traced on the normalised game (each player's payoffs
mapped onto ``[0, 1]``), so that, like every other part of the answer, the equilibrium it
selects does not change when a player's payoffs are shifted or scaled (``qre`` itself uses
the game's own units, in which scaling one player's payoffs changes her precision).

The result records ``method="auto"``; its parameters and notes say which method ran.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> import numpy as np
>>> u = np.zeros((3, 2, 2, 2), dtype=int)
>>> for i in range(3):
...     u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1    # 3-player coordination
>>> r = auto_solve(NormalFormGame.from_payoffs(u))
>>> r.method, [eq.support for eq in r.equilibria], r.complete, r.parameters[0]
('auto', [((1,), (1,), (1,)), ((0, 1), (0, 1), (0, 1)), ((0,), (0,), (0,))], True, ('via', 'enumpoly'))
"""

from __future__ import annotations

import dataclasses

import numpy as np

from berlinsim.errors import SolverError
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
        The details are those of enummixed (2 players), enumpoly, or the QRE (the path of
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
    enumerated = None
    if game.is_exact:  # float payoffs make the exact algebra slow: they keep pure plus QRE
        try:
            enumerated = solver_for("enumpoly")(game)
        except SolverError:
            pass
    if enumerated is not None:
        return _with_enumpoly(game, enumerated)
    pure = solver_for("pure")(game)
    qre, limit = _qre_limit(game)
    equilibria = list(pure.equilibria)
    notes = [
        f"{game.num_players} player{'s' if game.num_players != 1 else ''}: all pure equilibria, "
        "plus the limit of the logit QRE path",
        "the list may be incomplete: other mixed equilibria can exist",
    ]
    if limit is not None:
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


def _qre_limit(game: NormalFormGame) -> tuple[SolveResult, Equilibrium | None]:
    """The QRE result of the normalised game, and its limit measured on ``game`` (None if none)."""
    from berlinsim.solvers import solver_for

    qre = solver_for("qre")(game.normalized())
    if not qre.equilibria:
        return qre, None
    found = qre.equilibria[0]  # an equilibrium of the normalised game: the same profile, measured on this one
    exact = found.exact_strategies is not None
    return qre, equilibrium_from(game, found.exact_strategies if exact else found.strategies, exact=exact)


def _with_enumpoly(game: NormalFormGame, result: SolveResult) -> SolveResult:
    """enumpoly's result as auto's; when incomplete, plus the QRE limit if it is new."""
    from berlinsim.solvers import solver_for

    n = game.num_players
    notes = [f"{n} player{'s' if n != 1 else ''}: every isolated equilibrium, by enumpoly", *result.notes]
    equilibria = list(result.equilibria)
    via = "enumpoly"
    if not result.complete:
        _, limit = _qre_limit(game)
        if limit is not None and not any(_same(limit, eq, 1e-6) for eq in equilibria):
            equilibria.append(limit)
            notes.append("the last equilibrium listed is the limit of the logit QRE path (not from enumpoly)")
            via = "enumpoly+qre"
    exact = result.exact and all(eq.exact_regret is not None for eq in equilibria)
    return dataclasses.replace(
        result,
        method="auto",
        equilibria=tuple(equilibria),
        exact=exact,
        tolerance=result.tolerance if exact else RELATIVE_TOLERANCE,
        parameters=(("via", via), *result.parameters),
        notes=tuple(notes),
    )
