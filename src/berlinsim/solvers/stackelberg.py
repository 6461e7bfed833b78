"""A leader's optimal commitment in a 2-player game (strong Stackelberg equilibrium).

The leader announces a strategy and is believed; the follower then plays a best
response, breaking ties in the leader's favour (the *strong* Stackelberg convention).

- **Pure commitment**: for each leader action, the follower's best responses, the one
  best for the leader, and the leader's best action given that.
- **Mixed commitment** (Conitzer & Sandholm, "Computing the optimal strategy to commit
  to", EC 2006): for each follower action ``j``, one linear program finds the leader
  strategy that makes ``j`` a best response and is best for the leader; the best of
  these programs is the optimal commitment.

Both are computed on the normalised payoffs (each player's mapped onto ``[0, 1]``, exactly
when the game is exact; float comparisons within a tolerance relative to that range), so
shifting or scaling either player's payoffs changes no commitment, at any magnitude; the
programs' values are mapped back to the leader's payoffs.

A commitment is generally **not** a Nash equilibrium (the leader may not be best
responding to the follower's reply), so :func:`stackelberg_solve` returns no
equilibria: everything it finds is in :class:`StackelbergDetails`. ``is_nash`` on
each commitment says whether that pair happens to be an equilibrium as well. The
*value of commitment* compares the leader's mixed-commitment payoff with her best
Nash equilibrium payoff; it is never negative (von Stengel & Zamir, "Leadership
games with convex strategy sets", GEB 2010).

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> g = NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]],
...                                  actions=(("U", "D"), ("L", "R")))
>>> d = stackelberg_solve(g).details
>>> d.pure.support, d.pure.response, d.pure.leader_payoff
(('D',), 'R', Fraction(3, 1))
>>> d.mixed.strategy, d.mixed.response, d.mixed.leader_payoff, d.value_of_commitment
((Fraction(1, 2), Fraction(1, 2)), 'R', Fraction(7, 2), Fraction(3, 2))
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, equilibrium_from
from berlinsim.solvers._checks import require_players
from berlinsim.solvers._exact_lp import LinearProgram, LpSolution, certify, solve_lp
from berlinsim.solvers.pure import pure_cells

Number = Fraction | float

#: Games up to this many cells get the full treatment: the best Nash payoff over all
#: extreme equilibria (enummixed) and every follower response's LP certified exactly.
SMALL_GAME_CELLS = 400


@dataclass(frozen=True, slots=True, kw_only=True)
class Commitment:
    """A leader strategy, the follower's (leader-favoured) best response, and both payoffs.

    Attributes
    ----------
    strategy : tuple
        The leader's strategy over her actions (Fractions when ``exact``).
    support : tuple of str
        Labels of the leader's actions played with positive probability.
    response : str
        The follower's action.
    leader_payoff, follower_payoff : Fraction or float
    exact : bool
        True when computed and verified in exact arithmetic.
    is_nash : bool
        Whether (strategy, response) is also a Nash equilibrium of the game.
    """

    strategy: tuple[Number, ...]
    support: tuple[str, ...]
    response: str
    leader_payoff: Number
    follower_payoff: Number
    exact: bool
    is_nash: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class StackelbergDetails:
    """What :func:`stackelberg_solve` found.

    Attributes
    ----------
    leader, follower : str
        Player labels.
    pure, mixed : Commitment
        The optimal pure and mixed commitments.
    inducible : tuple of (str, value or None)
        For each follower action, the leader's best payoff among strategies that make it
        a best response (``None``: no leader strategy does). Exact in exact games of up to
        :data:`SMALL_GAME_CELLS` cells; in larger ones only the optimal responses' values are
        certified exactly and the others are floats.
    best_nash_payoff : Fraction, float or None
        The leader's best payoff over the Nash equilibria in ``nash_basis``.
    nash_basis : str
        ``"enummixed"`` (all extreme equilibria), ``"pure"`` (pure equilibria only) or
        ``"none"`` (not computed).
    value_of_commitment : Fraction, float or None
        ``mixed.leader_payoff - best_nash_payoff``.
    """

    leader: str
    follower: str
    pure: Commitment
    mixed: Commitment
    inducible: tuple[tuple[str, Number | None], ...]
    best_nash_payoff: Number | None
    nash_basis: str
    value_of_commitment: Number | None


def _matrices(game: NormalFormGame, leader: int, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """Leader's and follower's payoffs with leader actions as rows (Fractions when ``exact``)."""
    p = game.exact_payoffs if exact else game.payoffs
    return (p[0], p[1]) if leader == 0 else (p[1].T, p[0].T)


def _leader_payoff(game: NormalFormGame, leader: int, value: Number) -> Number:
    """A normalised payoff of the leader in the game's units: ``low + span * value``."""
    scale = game.payoff_scale
    if isinstance(value, Fraction):
        return scale.low[leader] + scale.span[leader] * value
    return float(scale.low[leader]) + scale.float_span[leader] * value


def _commitment(
    game: NormalFormGame, leader: int, x: tuple[Number, ...], j: int, exact: bool, tol: float
) -> Commitment:
    lmat, fmat = _matrices(game, leader, exact)
    zero = Fraction(0) if exact else 0.0
    lpay = sum((xi * lmat[i, j] for i, xi in enumerate(x)), zero)
    fpay = sum((xi * fmat[i, j] for i, xi in enumerate(x)), zero)
    y = [1 if k == j else 0 for k in range(game.shape[1 - leader])]
    profile = (x, y) if leader == 0 else (y, x)
    eq = equilibrium_from(game, profile, exact=exact)
    is_nash = eq.exact_regret == 0 if exact else eq.relative_regret <= tol
    follower_actions = game.actions[1 - leader]
    return Commitment(
        strategy=tuple(x),
        support=tuple(game.actions[leader][i] for i, xi in enumerate(x) if xi > 0),
        response=follower_actions[j],
        leader_payoff=lpay,
        follower_payoff=fpay,
        exact=exact,
        is_nash=bool(is_nash),
    )


def _pure_commitment(lmat: np.ndarray, fmat: np.ndarray, tol: float) -> tuple[int, int]:
    best: tuple[int, int] | None = None
    for i in range(lmat.shape[0]):
        row = fmat[i]
        top = max(row)
        responses = [j for j in range(len(row)) if row[j] >= top - tol]
        j = max(responses, key=lambda k: lmat[i, k])
        if best is None or lmat[i, j] > lmat[best]:
            best = (i, j)
    assert best is not None
    return best


def _induce(lmat: np.ndarray, fmat: np.ndarray, j: int) -> LinearProgram:
    """The LP of Conitzer & Sandholm for follower response ``j``: best leader strategy inducing it.

    ``maximize x @ lmat[:, j]`` s.t. ``x @ (fmat[:, k] - fmat[:, j]) <= 0`` for every ``k``,
    ``x`` a distribution. Exact when the matrices are exact (object arrays of Fractions).
    """
    m, n = lmat.shape
    exact = lmat.dtype == object
    a_ub = np.delete((fmat - fmat[:, [j]]).T, j, axis=0)
    return LinearProgram.build(
        c=-lmat[:, j],
        a_ub=a_ub,
        b_ub=np.zeros(n - 1, dtype=int if exact else float),
        a_eq=np.ones((1, m), dtype=int if exact else float),
        b_eq=np.ones(1, dtype=int if exact else float),
    )


def _mixed_commitment(
    norm: NormalFormGame, leader: int, exact: bool, certify_all: bool
) -> tuple[list[LpSolution | None], bool]:
    """One LP per follower response on the normalised game, solved in floats; the optimal ones certified exactly.

    Responses whose float value is more than a tolerance below the best cannot be optimal
    and are certified only when ``certify_all``. Returns the solutions (values in normalised
    leader payoffs) and whether every solution that decides the optimum (and every reported
    one when ``certify_all``) is exact.
    """
    lmat, fmat = _matrices(norm, leader, False)
    n = lmat.shape[1]
    solutions = [solve_lp(_induce(lmat, fmat, k), certify=False) for k in range(n)]
    if not exact:
        return solutions, False
    exact_l, exact_f = _matrices(norm, leader, True)
    best = max(-float(s.value) for s in solutions if s is not None)
    all_exact = True
    for k, sol in enumerate(solutions):
        if sol is None or not (certify_all or -float(sol.value) >= best - 1e-6):
            continue
        certified = certify(_induce(exact_l, exact_f, k), sol)
        if certified is None:
            all_exact = False
        else:
            solutions[k] = certified
    return solutions, all_exact


def _best_nash(game: NormalFormGame, leader: int) -> tuple[Number | None, str]:
    if game.num_cells <= SMALL_GAME_CELLS:
        from berlinsim.solvers import solver_for

        try:
            enummixed = solver_for("enummixed")
        except ImportError:
            enummixed = None
        if enummixed is not None:
            result = enummixed(game)
            pays = [
                (eq.exact_payoffs[leader] if eq.exact_payoffs is not None else eq.payoffs[leader])
                for eq in result.equilibria
            ]
            return (max(pays) if pays else None), "enummixed"
    cells = pure_cells(game)
    if not cells:
        return None, "pure"
    return max(game.payoff_of(c)[leader] for c in cells), "pure"


def stackelberg_solve(game: NormalFormGame, leader: int | str = 0, compare_nash: bool = True) -> SolveResult:
    """The leader's optimal pure and mixed commitments, with the follower's response.

    Parameters
    ----------
    game : NormalFormGame
        A 2-player game.
    leader : int or str
        The committing player (index or label); the other player follows.
    compare_nash : bool
        Also compute the leader's best Nash payoff and the value of commitment (over all
        extreme equilibria for games up to :data:`SMALL_GAME_CELLS` cells, else over pure
        equilibria).

    Returns
    -------
    SolveResult
        ``equilibria`` is empty (a commitment is not a Nash equilibrium in general);
        ``details`` is a :class:`StackelbergDetails`.
    """
    require_players(game, 2, "stackelberg")
    leader = game.player_index(leader)
    follower = 1 - leader
    tol = RELATIVE_TOLERANCE
    exact = game.is_exact
    norm = game.normalized()
    lmat, fmat = _matrices(game, leader, True) if exact else _matrices(norm, leader, False)
    m, n = lmat.shape

    i, j = _pure_commitment(lmat, fmat, 0 if exact else tol)
    unit = tuple((Fraction(1) if exact else 1.0) if k == i else (Fraction(0) if exact else 0.0) for k in range(m))
    pure = _commitment(game, leader, unit, j, exact, tol)

    solutions, mixed_exact = _mixed_commitment(norm, leader, exact, game.num_cells <= SMALL_GAME_CELLS)
    values: list[Number | None] = [
        None if s is None else _leader_payoff(game, leader, -s.value if mixed_exact and s.exact else -float(s.value))
        for s in solutions
    ]
    feasible = [k for k in range(n) if values[k] is not None]
    if not feasible:  # pragma: no cover - some follower action is always a best response
        raise SolverError("no follower response can be induced; the game is malformed")
    contenders = [k for k in feasible if solutions[k].exact] if mixed_exact else feasible
    best = max(contenders, key=lambda k: values[k])
    x = solutions[best].x
    if not mixed_exact:
        xa = np.clip(np.asarray(x, dtype=float), 0.0, None)
        x = tuple(float(v) for v in xa / xa.sum())
    mixed = _commitment(game, leader, x, best, mixed_exact, tol)
    inducible = tuple((game.actions[follower][k], values[k]) for k in range(n))

    best_nash, basis = (None, "none")
    if compare_nash:
        best_nash, basis = _best_nash(game, leader)
    value_of_commitment = None
    if best_nash is not None:
        value_of_commitment = mixed.leader_payoff - (best_nash if mixed_exact else float(best_nash))

    notes = [
        "a commitment is not in general a Nash equilibrium: no equilibria are listed; "
        "the pure and mixed commitments are in the details",
        f"mixed commitment: {game.players[leader]} plays "
        + ", ".join(f"{a} {float(p):.4g}" for a, p in zip(game.actions[leader], x) if p > 0)
        + f"; {game.players[follower]} answers {mixed.response}"
        + (" (this pair is also a Nash equilibrium)" if mixed.is_nash else ""),
    ]
    if exact and not mixed_exact:
        notes.append("exact reconstruction of a commitment LP failed; the mixed commitment is in floats")
    if basis == "pure":
        notes.append("best Nash payoff taken over pure equilibria only")
    return SolveResult(
        method="stackelberg",
        game=game,
        equilibria=(),
        exact=mixed_exact,
        complete=False,
        degenerate=None,
        tolerance=0.0 if mixed_exact else RELATIVE_TOLERANCE,
        parameters=(("leader", game.players[leader]), ("compare_nash", compare_nash)),
        notes=tuple(notes),
        details=StackelbergDetails(
            leader=game.players[leader],
            follower=game.players[follower],
            pure=pure,
            mixed=mixed,
            inducible=inducible,
            best_nash_payoff=best_nash,
            nash_basis=basis,
            value_of_commitment=value_of_commitment,
        ),
    )
