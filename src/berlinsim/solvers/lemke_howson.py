"""Lemke-Howson: one equilibrium of a two-player game per starting label.

With payoffs made positive, the row player's strategies live in
``P = {x >= 0 : B^T x <= 1}`` and the column player's in ``Q = {y >= 0 : A y <= 1}``.
Each polytope is a tableau whose columns are numbered by *labels*: ``0..m-1`` for the
row player's actions (``x_i`` in P, the slack of row ``i`` of ``A y <= 1`` in Q) and
``m..m+n-1`` for the column player's (the slack of column ``j`` in P, ``y_j`` in Q).
Starting from the artificial equilibrium ``(0, 0)``, label ``k`` is dropped by bringing
its variable into a basis; then the label that left one tableau enters the other, until
label ``k`` itself leaves (von Stengel 2002, section 2.6). Ties in the ratio test are
broken lexicographically by the rows of the basis inverse, so degenerate games do not
make the path cycle. Exact games pivot in integers (each entry a minor over a common
determinant); float games pivot in float64, on the normalised payoffs (each player's mapped
onto ``[0, 1]``), so shifting or scaling a player's payoffs does not change the path.

References
----------
C. E. Lemke and J. T. Howson (1964), Equilibrium points of bimatrix games, SIAM J. 12,
413-423. B. von Stengel (2002), Computing equilibria for two-person games, Handbook of
Game Theory vol. 3, ch. 45.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], title="Battle of the sexes")
>>> result = lh_solve(bos)
>>> [[[str(p) for p in s] for s in eq.exact_strategies] for eq in result.equilibria]
[[['0', '1'], ['0', '1']], [['1', '0'], ['1', '0']]]
>>> result.complete
False
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import RELATIVE_TOLERANCE, Equilibrium, SolveResult, equilibrium_from
from berlinsim.solvers._checks import require_players, require_size
from berlinsim.solvers._lh_lists import MAX_PIVOTS, PIVOT_TOL, RATIO_TOL, path_float_small
from berlinsim.solvers._polytope import integer_matrix, pivot

#: Float games with at most this many cells pivot on Python lists (:mod:`._lh_lists`: the
#: same operations as the numpy kernel, so the same numbers; faster up to about 16 x 16).
SMALL_GAME = 256

DEGENERATE_NOTE = (
    "the game is degenerate (a tie in the ratio test); ties were broken lexicographically"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class LHPaths:
    """Where each Lemke-Howson path went.

    Attributes
    ----------
    labels : tuple of int
        The starting labels tried (``i < m``: row action ``i``; ``m + j``: column action ``j``).
    equilibrium : tuple of int
        For each label, the index of its equilibrium in ``SolveResult.equilibria``
        (``-1`` if the path's end failed verification).
    pivots : tuple of int
        For each label, the number of pivots on its path.
    """

    labels: tuple[int, ...]
    equilibrium: tuple[int, ...]
    pivots: tuple[int, ...]


def lh_solve(
    game: NormalFormGame, *, label: int | None = None, exact: bool | None = None
) -> SolveResult:
    """Equilibria reached by Lemke-Howson from every starting label (or from ``label`` only).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with ``m x n`` actions.
    label : int or None
        Start only from this label: ``0..m-1`` drops a row action, ``m..m+n-1`` a column
        action. ``None`` (default) tries all ``m + n`` labels.
    exact : bool or None
        Pivot in exact integer arithmetic. ``None`` (default): when the payoffs are rational.

    Returns
    -------
    SolveResult
        The distinct equilibria found, sorted; ``complete=False`` (a sample, not all);
        ``details`` is an :class:`LHPaths`.

    Examples
    --------
    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]], title="Matching pennies")
    >>> [eq.strategies for eq in lh_solve(mp, label=0).equilibria]
    [((0.5, 0.5), (0.5, 0.5))]
    """
    require_players(game, 2, "lh")
    require_size(game, "lh")
    m, n = game.shape
    if label is not None and (
        isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label < m + n
    ):
        raise SolverError(
            f"method 'lh': label must be an integer from 0 to {m + n - 1} "
            f"(0..{m - 1} row actions, {m}..{m + n - 1} column actions), got {label!r}"
        )
    if exact is None:
        exact = game.is_exact
    elif exact and not game.is_exact:
        raise SolverError("exact arithmetic needs a game with rational payoffs (this one has floats)")
    labels = tuple(range(m + n)) if label is None else (int(label),)
    tol = 0.0 if exact else RELATIVE_TOLERANCE
    found: dict[tuple, Equilibrium] = {}
    rejected: set[tuple] = set()
    ends, pivots = [], []
    degenerate = False
    if exact:
        a = _positive_integers(integer_matrix(game.exact_payoffs[0]))
        b = _positive_integers(integer_matrix(game.exact_payoffs[1]))
        path = _path_exact
    elif m * n <= SMALL_GAME:
        a, b = game.normalized_payoffs.tolist()
        path = path_float_small
    else:
        a, b = 1.0 + game.normalized_payoffs  # each player's payoffs in [1, 2]
        path = _path_float
    for k in labels:
        (x, y), steps, tie = path(a, b, k)
        degenerate |= tie
        pivots.append(steps)
        # one path needs no key (nothing to merge with); floats merge to 9 decimals
        key = (x, y) if exact else (_float_key(x, y) if len(labels) > 1 else ())
        if key not in found and key not in rejected:
            eq = equilibrium_from(game, (x, y), exact=exact)
            if (eq.exact_regret != 0) if exact else (eq.relative_regret > tol):
                rejected.add(key)
            else:
                found[key] = eq
        ends.append(key if key in found else None)
    order = list(found)
    if len(order) > 1:
        order.sort(key=lambda key: _float_key(*found[key].strategies))
    position = dict(zip(order, range(len(order))))
    failed = ends.count(None)
    notes = []
    if degenerate:
        notes.append(DEGENERATE_NOTE)
    if failed:
        notes.append(f"{failed} path(s) ended at a profile that failed verification (dropped)")
    return SolveResult(
        method="lh",
        game=game,
        equilibria=tuple(map(found.__getitem__, order)),
        exact=bool(exact),
        complete=False,
        degenerate=True if degenerate else None,
        tolerance=tol,
        parameters=(("label", label), ("exact", bool(exact))),
        notes=tuple(notes),
        details=LHPaths(
            labels=labels,
            equilibrium=tuple([-1 if end is None else position[end] for end in ends]),
            pivots=tuple(pivots),
        ),
    )


# ----------------------------------------------------------------- exact kernel

def _path_exact(
    a: list[list[int]], b: list[list[int]], k: int
) -> tuple[tuple[tuple[Fraction, ...], ...], int, bool]:
    """Follow the path of label ``k`` with integer pivoting on positive integer payoffs ``a, b``.

    Returns the normalised end ``(x, y)``, the number of pivots and whether a ratio tie was met.
    """
    m, n = len(a), len(a[0])
    # P: rows j, columns x_0..x_{m-1}, s_0..s_{n-1}, rhs.  Q: rows i, columns r_0..r_{m-1}, y_0..y_{n-1}, rhs.
    p_rows = [[b[i][j] for i in range(m)] + [int(c == j) for c in range(n)] + [1] for j in range(n)]
    q_rows = [[int(c == i) for c in range(m)] + a[i] + [1] for i in range(m)]
    tableaux = {"P": [p_rows, [m + j for j in range(n)], 1], "Q": [q_rows, list(range(m)), 1]}
    slack_cols = {"P": list(range(m, m + n)), "Q": list(range(m))}
    side, entering = ("P", k) if k < m else ("Q", k)
    steps, tie = 0, False
    while True:
        rows, basis, det = tableaux[side]
        r, tied = _leaving_row_exact(rows, entering, [m + n, *slack_cols[side]])
        tie |= tied
        tableaux[side][2] = pivot(rows, r, entering, det)
        leaving, basis[r] = basis[r], entering
        steps += 1
        if leaving == k:
            break
        if steps > MAX_PIVOTS:
            raise SolverError(f"method 'lh': no end after {MAX_PIVOTS} pivots from label {k}")
        side, entering = ("Q" if side == "P" else "P"), leaving
    x = _exact_strategy(tableaux["P"], range(m), 0)
    y = _exact_strategy(tableaux["Q"], range(m, m + n), m)
    return (x, y), steps, tie


def _positive_integers(u: list[list[int]]) -> list[list[int]]:
    """The integer form of the float path's ``1 + normalised payoffs``: ``w + R``, where ``w`` is ``u - min(u)``
    divided by the gcd of its entries and ``R = max(w)`` (all ones when ``u`` is constant).

    ``w`` is the same for every positive affine image of ``u``, so the exact path is too, and it
    follows the float path's polytope (scaled by ``R``, which changes no pivot).

    >>> _positive_integers([[10**16, 10**16 + 6], [10**16 + 2, 10**16 + 4]])
    [[3, 6], [4, 5]]
    """
    low = min(min(row) for row in u)
    w = [[v - low for v in row] for row in u]
    g = gcd(*(v for row in w for v in row))
    if g == 0:
        return [[1] * len(row) for row in u]
    top = max(max(row) for row in w) // g
    return [[v // g + top for v in row] for row in w]


def _leaving_row_exact(rows: list[list[int]], c: int, order: list[int]) -> tuple[int, bool]:
    """Lexicographic minimum ratio: rhs first, then the basis-inverse columns ``order[1:]``."""
    candidates = [r for r, row in enumerate(rows) if row[c] > 0]
    if not candidates:
        raise SolverError("method 'lh': unbounded pivot column (payoffs not positive?)")
    tie = False
    for depth, col in enumerate(order):
        if len(candidates) == 1:
            break
        # ratios rows[r][col] / rows[r][c] with positive denominators, compared crosswise
        best = candidates[0]
        num, den = rows[best][col], rows[best][c]
        for r in candidates[1:]:
            if rows[r][col] * den < num * rows[r][c]:
                num, den = rows[r][col], rows[r][c]
        candidates = [r for r in candidates if rows[r][col] * den == num * rows[r][c]]
        tie |= depth == 0 and len(candidates) > 1
    return candidates[0], tie


def _exact_strategy(tableau: list, labels: range, offset: int) -> tuple[Fraction, ...]:
    rows, basis, _ = tableau
    values = [0] * len(labels)
    for row, var in zip(rows, basis):
        if var in labels:
            values[var - offset] = row[-1]
    total = sum(values)
    return tuple(Fraction(v, total) for v in values)


# ----------------------------------------------------------------- float kernel

def _path_float(a: np.ndarray, b: np.ndarray, k: int) -> tuple[tuple[np.ndarray, np.ndarray], int, bool]:
    """:func:`_path_exact` in float64 on positive payoffs ``a, b``."""
    m, n = a.shape
    p_tab = np.concatenate([b.T, np.eye(n), np.ones((n, 1))], axis=1)
    q_tab = np.concatenate([np.eye(m), a, np.ones((m, 1))], axis=1)
    tableaux = {"P": (p_tab, [m + j for j in range(n)]), "Q": (q_tab, list(range(m)))}
    slack_cols = {"P": list(range(m, m + n)), "Q": list(range(m))}
    side, entering = ("P", k) if k < m else ("Q", k)
    steps, tie = 0, False
    while True:
        tab, basis = tableaux[side]
        r, tied = _leaving_row_float(tab, entering, [m + n, *slack_cols[side]])
        tie |= tied
        tab[r] /= tab[r, entering]
        column = tab[:, entering].copy()
        column[r] = 0.0
        tab -= np.outer(column, tab[r])
        leaving, basis[r] = basis[r], entering
        steps += 1
        if leaving == k:
            break
        if steps > MAX_PIVOTS:
            raise SolverError(f"method 'lh': no end after {MAX_PIVOTS} pivots from label {k}")
        side, entering = ("Q" if side == "P" else "P"), leaving
    x = _float_strategy(tableaux["P"], range(m), 0)
    y = _float_strategy(tableaux["Q"], range(m, m + n), m)
    return (x, y), steps, tie


def _leaving_row_float(tab: np.ndarray, c: int, order: list[int]) -> tuple[int, bool]:
    column = tab[:, c]
    candidates = np.flatnonzero(column > PIVOT_TOL * max(1.0, float(np.max(np.abs(column)))))
    if candidates.size == 0:
        raise SolverError("method 'lh': unbounded pivot column (numerical trouble)")
    tie = False
    for depth, col in enumerate(order):
        if candidates.size == 1:
            break
        ratios = tab[candidates, col] / column[candidates]
        best = ratios.min()
        candidates = candidates[ratios <= best + RATIO_TOL * max(1.0, abs(best))]
        tie |= depth == 0 and candidates.size > 1
    return int(candidates[0]), tie


def _float_strategy(tableau: tuple, labels: range, offset: int) -> np.ndarray:
    tab, basis = tableau
    values = np.zeros(len(labels))
    for r, var in enumerate(basis):
        if var in labels:
            values[var - offset] = max(0.0, tab[r, -1])
    return values / values.sum()


def _float_key(x: np.ndarray, y: np.ndarray) -> tuple:
    """Profile rounded to 9 decimals: equal keys are one equilibrium."""
    return tuple(np.round(np.concatenate([x, y]), 9))
