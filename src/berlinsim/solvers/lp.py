"""Two-player constant-sum games by linear programming, and security levels of any 2-player game.

A player's *security level* (maxmin value) is the most she can guarantee whatever the
opponent does: ``max_x min_j (x @ U)[j]`` over her mixed strategies ``x``, where
``U`` holds her own payoffs with her actions as rows. It is one linear program
(von Neumann; see e.g. Maschler, Solan & Zamir, *Game Theory*, 2013, ch. 5)::

    maximize v   subject to   x @ U[:, j] >= v  for every opponent action j,
                              sum(x) == 1,  x >= 0.

Its dual is the opponent's minmax problem, so one LP gives both players' optimal
strategies in a constant-sum game, whose equilibria are exactly the pairs of maxmin
strategies. The same holds for any game that becomes constant-sum when one player's payoffs
are shifted and scaled (a positive affine change changes no equilibrium and no maxmin
strategy): :func:`lp_solve` accepts those, recognised by their normalised payoffs (each
player's mapped onto ``[0, 1]``) adding to the same total in every cell. The LP is set up on
the normalised payoffs (exact Fractions when the game is exact), so it is well scaled at any
magnitude, and solved by HiGHS (dual simplex); when the payoffs are rational the optimal
vertex is rebuilt in Fractions and certified exactly (see :mod:`berlinsim.solvers._exact_lp`),
and the equilibrium is verified with exact regret 0. Values are mapped back to the game's
payoffs.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
>>> result = lp_solve(rps)
>>> result.details.value, result.equilibria[0].exact_strategies[0]
(Fraction(0, 1), (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, equilibrium_from
from berlinsim.solvers._checks import require_players
from berlinsim.solvers._exact_lp import LinearProgram, solve_lp

Number = Fraction | float


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityLevel:
    """What one player can guarantee: her maxmin value and a maxmin (mixed) strategy.

    Attributes
    ----------
    player : str
        The player's label.
    value : Fraction or float
        ``max_x min_j`` of her expected payoff.
    strategy : tuple
        A maxmin strategy over her actions (Fractions when ``exact``).
    exact : bool
        True when value and strategy were certified in exact arithmetic.
    """

    player: str
    value: Number
    strategy: tuple[Number, ...]
    exact: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class LpDetails:
    """What :func:`lp_solve` found besides the equilibrium.

    Attributes
    ----------
    value : Fraction or float
        The game's value for the first (row) player.
    values : tuple
        Each player's equilibrium payoff (in a constant-sum game the second is ``total - value``).
    security_levels : tuple of SecurityLevel
        Both players' maxmin values and strategies (in a constant-sum game these are the
        equilibrium payoffs and strategies).
    """

    value: Number
    values: tuple[Number, Number]
    security_levels: tuple[SecurityLevel, SecurityLevel]


def _own_matrices(game: NormalFormGame, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each player's normalised payoff matrix with her own actions as rows (Fractions when ``exact``)."""
    norm = game.normalized()
    p = norm.exact_payoffs if exact else norm.payoffs
    return p[0], p[1].T


def _in_payoffs(game: NormalFormGame, player: int, value: Number) -> Number:
    """A normalised payoff of ``player`` in the game's units: ``low + span * value``."""
    scale = game.payoff_scale
    low, span = scale.low[player], scale.span[player]
    return low + span * value if isinstance(value, Fraction) else float(low) + scale.float_span[player] * value


def _maxmin(u: np.ndarray) -> tuple[Number, tuple[Number, ...], tuple[Number, ...], bool]:
    """Maxmin value, maxmin strategy of the row chooser, and the column chooser's minmax strategy."""
    m, n = u.shape
    zero, one = (Fraction(0), Fraction(1)) if u.dtype == object else (0.0, 1.0)
    c = [zero] * m + [-one]
    a_ub = [[-u[i, j] for i in range(m)] + [one] for j in range(n)]
    lp = LinearProgram.build(
        c=c, a_ub=a_ub, b_ub=[zero] * n, a_eq=[[one] * m + [zero]], b_eq=[one], free=[False] * m + [True]
    )
    sol = solve_lp(lp)
    if sol is None:  # pragma: no cover - the maxmin program is always feasible
        raise RuntimeError("maxmin program infeasible")
    x = sol.x[:m]
    if not sol.exact:  # clean solver noise: clip tiny negatives and renormalise
        arr = np.clip(np.asarray(x, dtype=float), 0.0, None)
        x = tuple(float(v) for v in arr / arr.sum())
    return -sol.value, tuple(x), tuple(sol.dual_ub), sol.exact


def security_levels(game: NormalFormGame) -> tuple[SecurityLevel, SecurityLevel]:
    """Each player's security level (maxmin value) and a maxmin strategy, in any 2-player game.

    The opponent's payoffs play no role: a security level is what a player can guarantee
    against an opponent who might do anything.

    Examples
    --------
    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> chicken = NormalFormGame.symmetric([[0, -1], [1, -10]], actions=("Swerve", "Straight"))
    >>> [(s.value, s.strategy) for s in security_levels(chicken)]
    [(Fraction(-1, 1), (Fraction(1, 1), Fraction(0, 1))), (Fraction(-1, 1), (Fraction(1, 1), Fraction(0, 1)))]
    """
    require_players(game, 2, "security levels")
    levels = []
    for i, u in enumerate(_own_matrices(game, game.is_exact)):
        value, x, _, exact = _maxmin(u)
        levels.append(SecurityLevel(player=game.players[i], value=_in_payoffs(game, i, value), strategy=x, exact=exact))
    return levels[0], levels[1]


def lp_solve(game: NormalFormGame) -> SolveResult:
    """The value and one pair of optimal (maxmin) strategies of a 2-player constant-sum game.

    Parameters
    ----------
    game : NormalFormGame
        Two players whose payoffs add to the same total in every cell, possibly after a
        positive affine change of one player's payoffs.

    Returns
    -------
    SolveResult
        One equilibrium (``complete=False``: a constant-sum game can have a polytope of
        optimal strategies; the value is unique) and :class:`LpDetails`.

    Raises
    ------
    SolverError
        If the game does not have 2 players or is not constant-sum.

    Examples
    --------
    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    >>> r = lp_solve(mp)
    >>> r.details.value, r.equilibria[0].strategies, r.exact
    (Fraction(0, 1), ((0.5, 0.5), (0.5, 0.5)), True)
    """
    require_players(game, 2, "lp")
    exact = game.is_exact
    norm = game.normalized()
    if exact:
        totals = norm.exact_payoffs.sum(axis=0)
        constant = bool(np.all(totals == totals.flat[0]))
    else:
        constant = bool(np.ptp(norm.payoffs.sum(axis=0)) <= 4 * RELATIVE_TOLERANCE)
    if not constant:
        totals = game.payoffs.sum(axis=0)
        raise SolverError(
            "method 'lp' needs a constant-sum game (payoffs adding to the same total in every "
            "cell, possibly after shifting and scaling one player's payoffs); here the totals range "
            f"from {totals.min():g} to {totals.max():g} and no such change makes them constant. "
            "Use method 'enummixed' for general 2-player games"
        )
    a, _ = _own_matrices(game, exact)
    normal_value, x, y, certified = _maxmin(a)
    # the column player's normalised payoffs are 1 minus the row player's (all 0 when both are constant)
    other = 1 - normal_value if game.payoff_scale.span[1] else normal_value
    value, second = _in_payoffs(game, 0, normal_value), _in_payoffs(game, 1, other)
    notes = ["one optimal strategy pair; the value is unique but the optimal strategies may not be"]
    equilibria = []
    if certified:
        eq = equilibrium_from(game, (x, y), exact=True)
        if eq.exact_regret == 0:
            equilibria.append(eq)
        else:  # pragma: no cover - a certified LP optimum is an equilibrium
            certified = False
    if not certified:
        if exact:
            notes.append("exact reconstruction of the LP optimum failed; float result")
        x = tuple(float(v) for v in x)
        y_arr = np.clip(np.asarray(y, dtype=float), 0.0, None)
        y = tuple(float(v) for v in y_arr / y_arr.sum())
        value, second = float(value), float(second)
        eq = equilibrium_from(game, (x, y))
        if eq.relative_regret <= RELATIVE_TOLERANCE:
            equilibria.append(eq)
        else:
            notes.append(f"the LP pair has regret {eq.regret:.3g} (a fraction {eq.relative_regret:.3g} of the "
                         f"payoff range, above the tolerance {RELATIVE_TOLERANCE:.3g}); not reported")
    levels = (
        SecurityLevel(player=game.players[0], value=value, strategy=x, exact=certified),
        SecurityLevel(player=game.players[1], value=second, strategy=y, exact=certified),
    )
    return SolveResult(
        method="lp",
        game=game,
        equilibria=tuple(equilibria),
        exact=certified,
        complete=False,
        degenerate=None,
        tolerance=0.0 if certified else RELATIVE_TOLERANCE,
        parameters=(("lp_method", "highs-ds"),),
        notes=tuple(notes),
        details=LpDetails(value=value, values=(value, second), security_levels=levels),
    )
