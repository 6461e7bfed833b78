"""Iterated elimination of dominated actions, with a trace of every step (for teaching).

Action ``a`` of player ``i`` is *strictly dominated* by a mixed strategy ``s`` over
her other remaining actions when ``s`` pays strictly more than ``a`` against every
pure profile of the others' remaining actions; *weakly dominated* when it pays at
least as much everywhere and strictly more somewhere. Pure dominators are tried
first; mixed ones are found with a linear program (maximize the smallest margin for
strict dominance; maximize the total margin, with every margin >= 0, for weak).

Order: rounds; within a round players in order, and each player's actions in order,
each checked against the game as it stands and removed at once. The result of
*strict* elimination does not depend on this order; that of weak elimination can.
Actions that are a best response to some pure profile of the others are never
strictly dominated, which skips most linear programs.

When the game is exact every domination is verified exactly (each player's payoffs are
scaled to integers, and the dominator's probabilities are Fractions), and the margin
is a Fraction. Float games are compared on their normalised payoffs (each player's mapped
onto ``[0, 1]``) within a tolerance relative to that range, and the linear programs are set
up on the remaining rows mapped onto ``[0, 1]``, so shifting or scaling a player's payoffs
changes no step, at any magnitude. :func:`verify_trace` replays a trace and re-checks every
step.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> g = NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]],
...                                  actions=(("T", "M", "B"), ("L", "R")))
>>> step = dominance_solve(g).details.steps[0]
>>> step.action, step.dominator, step.margin
('B', (('T', Fraction(1, 2)), ('M', Fraction(1, 2))), Fraction(1, 2))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, equilibrium_from
from berlinsim.solvers._checks import require_size
from berlinsim.solvers._exact_lp import LinearProgram, certify, solve_lp, to_integers

Number = Fraction | float


@dataclass(frozen=True, slots=True, kw_only=True)
class DominanceStep:
    """One eliminated action and the strategy that dominates it.

    Attributes
    ----------
    round : int
        1-based round of elimination.
    player : str
        Label of the player whose action is removed (``player_index`` its index).
    action : str
        Label of the removed action (``action_index`` its index in the original game).
    dominator : tuple of (str, probability)
        The dominating mixed strategy over the player's other remaining actions.
    strict : bool
        True for strict dominance (positive margin against every profile of the others).
    margin : Fraction or float
        Smallest payoff gain of the dominator over the action, over the others' remaining
        pure profiles (``> 0`` when strict, ``>= 0`` when weak).
    exact : bool
        True when the domination was verified in exact arithmetic.
    """

    round: int
    player: str
    player_index: int
    action: str
    action_index: int
    dominator: tuple[tuple[str, Number], ...]
    strict: bool
    margin: Number
    exact: bool

    @property
    def is_pure_dominator(self) -> bool:
        """True when one action dominates on its own."""
        return sum(1 for _, p in self.dominator if p > 0) == 1


@dataclass(frozen=True, slots=True, kw_only=True)
class DominanceDetails:
    """The reduced game, the original indices it kept, and the trace of steps."""

    reduced: NormalFormGame
    kept: tuple[tuple[int, ...], ...]
    steps: tuple[DominanceStep, ...]
    weak: bool


def _tensors(game: NormalFormGame) -> tuple[tuple[np.ndarray, ...], tuple[Number, ...]]:
    """Each player's payoff tensor and its scale (the tensor is her payoffs times the scale).

    Exact games as integers (player ``i``'s payoffs times ``scale[i]``, which changes no
    domination); float games normalised (scale ``1 / span``, 1 for a constant player)."""
    if game.exact_payoffs is None:
        spans = game.payoff_scale.float_span
        return tuple(game.normalized_payoffs), tuple(1.0 / s if s else 1.0 for s in spans)
    pairs = [to_integers(game.exact_payoffs[i]) for i in range(game.num_players)]
    return tuple(_compact(t) for t, _ in pairs), tuple(sc for _, sc in pairs)


def _compact(ints: np.ndarray) -> np.ndarray:
    """Python ints as int64 when they are small enough for exact subtraction, else as they are."""
    return ints.astype(np.int64) if all(abs(v) < 2**61 for v in ints.flat) else ints


def _rows(tensor: np.ndarray, keep: Sequence[Sequence[int]], player: int) -> np.ndarray:
    """Player's payoffs on the remaining game: one row per remaining action, one column per others' profile."""
    sub = tensor[np.ix_(*[list(k) for k in keep])]
    return np.moveaxis(sub, player, 0).reshape(len(keep[player]), -1)


def _gains(sigma: Sequence[Number], others: np.ndarray, target: np.ndarray, exact: bool) -> tuple[np.ndarray, int]:
    """``sigma @ others - target``; exactly as ``(integers, d)`` meaning ``integers / d`` when exact."""
    if not exact:
        return np.asarray(sigma, dtype=float) @ others - target, 1
    weights, d = to_integers(np.array([Fraction(p) for p in sigma], dtype=object))
    return weights.dot(others.astype(object)) - target.astype(object) * d, d


def _qualifies(gains: np.ndarray, strict: bool, tol: float) -> bool:
    if strict:
        return bool(min(gains) > tol)
    return bool(min(gains) >= -tol and max(gains) > tol)


def _lp_dominator(others: np.ndarray, target: np.ndarray, strict: bool, exact: bool) -> tuple[Number, ...] | None:
    """A mixed strategy over the rows of ``others`` dominating ``target``; exact candidates are
    verified, float ones are checked by the caller.

    The program is set up on the rows mapped onto ``[0, 1]`` (their lowest entry to 0, their
    range to 1: a positive affine change, which changes no domination), so it is well scaled
    whatever the payoffs' magnitude; exact rows map to Fractions, which certify the float optimum.
    """
    k, p = others.shape
    low = min(others.min(), target.min())
    span = max(others.max(), target.max()) - low
    if not span:
        return None  # all payoffs equal: nothing dominates
    if exact:
        def fractions(rows: np.ndarray) -> np.ndarray:
            out = np.empty(rows.shape, dtype=object)
            out.flat[:] = [Fraction(int(v) - int(low), int(span)) for v in rows.flat]
            return out

        def floats(rows: np.ndarray) -> np.ndarray:
            return np.array([(int(v) - int(low)) / int(span) for v in rows.flat], dtype=float).reshape(rows.shape)

        f_others, f_target = floats(others), floats(target)
    else:
        f_others, f_target = (others - low) / span, (target - low) / span
    lp = _dominance_program(f_others, f_target, strict)
    sol = solve_lp(lp, certify=False)
    if sol is None:
        return None
    weights = np.clip(np.asarray(sol.x[:k], dtype=float), 0.0, None)
    if not exact:
        return tuple(float(v) for v in weights / weights.sum())
    # a nearby simple fraction usually dominates too; otherwise rebuild the LP vertex exactly
    fr = [Fraction(float(v)).limit_denominator(10**6) for v in weights]
    candidates = [tuple(v / sum(fr) for v in fr)] if sum(fr) > 0 else []
    for sigma in candidates:
        if _qualifies(_gains(sigma, others, target, True)[0], strict, 0):
            return sigma
    certified = certify(_dominance_program(fractions(others), fractions(target), strict), sol)
    if certified is not None and _qualifies(_gains(certified.x[:k], others, target, True)[0], strict, 0):
        return tuple(certified.x[:k])
    return None


def _dominance_program(others: np.ndarray, target: np.ndarray, strict: bool) -> LinearProgram:
    """The LP over mixtures of the rows of ``others`` (floats, or Fractions for an exact program)."""
    k, p = others.shape
    dtype = others.dtype
    one = Fraction(1) if dtype == object else 1.0
    zero = one - one
    if strict:  # maximize eps: eps - sigma @ others[:, c] <= -target[c]
        return LinearProgram.build(
            c=np.append(np.full(k, zero, dtype=dtype), -one),
            a_ub=np.hstack([-others.T, np.full((p, 1), one, dtype=dtype)]),
            b_ub=-target,
            a_eq=np.append(np.full(k, one, dtype=dtype), zero)[None, :],
            b_eq=np.full(1, one, dtype=dtype),
            free=[False] * k + [True],
        )
    return LinearProgram.build(  # maximize the total gain with every gain >= 0
        c=-others.sum(axis=1), a_ub=-others.T, b_ub=-target,
        a_eq=np.full((1, k), one, dtype=dtype), b_eq=np.full(1, one, dtype=dtype),
    )


def find_dominator(
    rows: np.ndarray, action: int, *, strict: bool, tol: float
) -> tuple[tuple[Number, ...], Number] | None:
    """A strategy over the other rows that dominates row ``action``, and its margin; ``None`` if none.

    ``rows`` holds floats (compared within ``tol``) or exact numbers (ints, or Fractions in an
    object array), which are compared exactly; the margin is then a Fraction.

    >>> rows = np.array([[3, 0], [0, 3], [1, 1]], dtype=float)
    >>> find_dominator(rows, 2, strict=True, tol=1e-9)
    ((0.5, 0.5), 0.5)
    >>> find_dominator(rows.astype(int), 2, strict=True, tol=0)
    ((Fraction(1, 2), Fraction(1, 2)), Fraction(1, 2))
    """
    exact = rows.dtype.kind in "iuO"
    scale = 1
    if rows.dtype == object:
        rows, scale = to_integers(rows)
        rows = _compact(rows)
    tol = 0 if exact else tol
    others = np.delete(rows, action, axis=0)
    target = rows[action]
    if others.shape[0] == 0:
        return None
    gains = others - target
    low = gains.min(axis=1)
    ok = low > tol if strict else (low >= -tol) & (gains.max(axis=1) > tol)
    if np.any(ok):
        b = max(np.flatnonzero(ok), key=lambda r: low[r])
        if exact:
            unit = tuple(Fraction(int(r == b)) for r in range(others.shape[0]))
            return unit, Fraction(int(low[b]), scale)
        return tuple(float(r == b) for r in range(others.shape[0])), float(low[b])
    # never strictly dominated if a best response to some pure profile (strictly the best, for weak)
    col_max = others.max(axis=0)
    if (strict and np.any(target >= col_max - tol)) or (not strict and np.any(target > col_max + tol)):
        return None
    if others.shape[0] < 2:
        return None
    sigma = _lp_dominator(others, target, strict, exact)
    if sigma is None:
        return None
    gains, d = _gains(sigma, others, target, exact)
    if not _qualifies(gains, strict, tol):
        return None
    if exact:
        return tuple(sigma), Fraction(int(min(gains)), d * scale)
    return tuple(float(v) for v in sigma), float(min(gains))


def dominance_solve(game: NormalFormGame, weak: bool = False) -> SolveResult:
    """Iteratively remove dominated actions (mixed dominators allowed); any number of players.

    Parameters
    ----------
    game : NormalFormGame
    weak : bool
        Also remove weakly dominated actions (the result may then depend on the order and
        may lose equilibria).

    Returns
    -------
    SolveResult
        ``details`` is a :class:`DominanceDetails` (reduced game and trace). When one cell
        survives it is reported as the equilibrium (for strict dominance it is the unique one,
        so ``complete=True``); otherwise ``equilibria`` is empty.

    Examples
    --------
    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))
    >>> r = dominance_solve(pd)
    >>> [(s.round, s.player, s.action) for s in r.details.steps], r.equilibria[0].support, r.complete
    ([(1, '1', 'C'), (1, '2', 'C')], ((1,), (1,)), True)
    """
    require_size(game, "dominance")
    exact = game.is_exact
    tol = RELATIVE_TOLERANCE  # float games: on the normalised payoffs
    tensors, scales = _tensors(game)
    keep = [list(range(k)) for k in game.shape]
    steps: list[DominanceStep] = []
    round_no = 0
    changed = True
    while changed:
        changed = False
        round_no += 1
        for i in range(game.num_players):
            for a in list(keep[i]):
                if len(keep[i]) == 1:
                    break
                step = _try_eliminate(game, tensors[i], scales[i], keep, i, a, weak, tol, round_no)
                if step is not None:
                    steps.append(step)
                    keep[i].remove(a)
                    changed = True
    kept = tuple(tuple(k) for k in keep)
    reduced = game.restrict(kept)
    equilibria = []
    notes = []
    if reduced.num_cells == 1:
        strategies = [[1 if a == k[0] else 0 for a in range(n)] for k, n in zip(kept, game.shape)]
        eq = equilibrium_from(game, strategies, exact=exact)
        if (eq.exact_regret == 0) if exact else (eq.relative_regret <= tol):
            equilibria.append(eq)
        else:  # pragma: no cover - a dominance-solvable game's survivor is an equilibrium
            notes.append(f"the surviving cell has regret {eq.regret:.3g}; not reported")
    else:
        shape = "x".join(str(len(k)) for k in kept)
        notes.append(f"{len(steps)} action(s) removed; a {shape} game remains: solve it with another method")
    if weak:
        notes.append("weak dominance: the result can depend on the order of elimination and may lose equilibria")
    return SolveResult(
        method="dominance",
        game=game,
        equilibria=tuple(equilibria),
        exact=exact,
        complete=bool(equilibria) and not weak,
        degenerate=None,
        tolerance=0.0 if exact else tol,
        parameters=(("weak", weak),),
        notes=tuple(notes),
        details=DominanceDetails(reduced=reduced, kept=kept, steps=tuple(steps), weak=weak),
    )


def _try_eliminate(
    game: NormalFormGame, tensor: np.ndarray, scale: int, keep: list[list[int]], i: int, a: int,
    weak: bool, tol: float, round_no: int,
) -> DominanceStep | None:
    rows = _rows(tensor, keep, i)
    pos = keep[i].index(a)
    found = find_dominator(rows, pos, strict=True, tol=tol)
    strict = found is not None
    if found is None and weak:
        found = find_dominator(rows, pos, strict=False, tol=tol)
    if found is None:
        return None
    sigma, margin = found
    exact = game.is_exact
    labels = [game.actions[i][b] for b in keep[i] if b != a]
    return DominanceStep(
        round=round_no,
        player=game.players[i],
        player_index=i,
        action=game.actions[i][a],
        action_index=a,
        dominator=tuple(zip(labels, sigma)),
        strict=strict,
        margin=margin / scale,
        exact=exact,
    )


def verify_trace(game: NormalFormGame, steps: Sequence[DominanceStep]) -> NormalFormGame:
    """Replay ``steps`` on ``game``, checking each domination; return the reduced game.

    Raises :class:`~berlinsim.errors.SolverError` at the first step that does not hold
    (action already gone, dominator not a distribution over the remaining actions, no
    domination, or a wrong margin). Exact games are checked exactly; others on their
    normalised payoffs, within :data:`~berlinsim.model.result.RELATIVE_TOLERANCE` of each
    player's payoff range.

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> verify_trace(pd, dominance_solve(pd).details.steps).shape
    (1, 1)
    """
    exact = game.is_exact
    tol = 0 if exact else RELATIVE_TOLERANCE
    tensors, scales = _tensors(game)
    keep = [list(range(k)) for k in game.shape]
    for step in steps:
        i, a = step.player_index, step.action_index
        if a not in keep[i]:
            raise SolverError(f"step {step.action!r}: action already removed")
        others = [b for b in keep[i] if b != a]
        if [game.actions[i][b] for b in others] != [label for label, _ in step.dominator]:
            raise SolverError(f"step {step.action!r}: dominator is not over the remaining actions")
        rows = _rows(tensors[i], keep, i)
        sigma = [Fraction(p) if exact else float(p) for _, p in step.dominator]
        if any(p < 0 for p in sigma) or (sum(sigma) != 1 if exact else abs(sum(sigma) - 1) > 1e-9):
            raise SolverError(f"step {step.action!r}: dominator is not a probability vector")
        pos = keep[i].index(a)
        gains, d = _gains(sigma, np.delete(rows, pos, axis=0), rows[pos], exact)
        if not _qualifies(gains, step.strict, tol):
            raise SolverError(f"step {step.action!r}: the dominator does not dominate it")
        margin = Fraction(int(min(gains)), d * scales[i]) if exact else float(min(gains)) / scales[i]
        if (margin != step.margin) if exact else abs(margin - step.margin) * scales[i] > tol:
            raise SolverError(f"step {step.action!r}: margin is {margin}, not {step.margin}")
        keep[i].remove(a)
    return game.restrict(keep)
