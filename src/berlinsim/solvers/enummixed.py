"""All extreme Nash equilibria of a two-player game, by vertex enumeration.

With payoffs made positive, the row player's strategies ``x`` and the column player's
``y`` live in the best-response polytopes ``P = {x >= 0 : B^T x <= 1}`` and
``Q = {y >= 0 : A y <= 1}``. Label ``i < m`` means "row action ``i`` is unplayed or a best
response", label ``m + j`` the same for column action ``j``. A pair of nonzero vertices
that together carry every label is, once normalised, an extreme equilibrium, and every
extreme equilibrium arises so (the extreme points of the maximal Nash subsets; the set
Gambit's ``enummixed`` and lrsnash report). Degenerate games are handled because the labels
of a vertex are read off the vertex itself (all tight constraints), not the facet that
produced it.

Vertices are enumerated in floating point (Qhull, see :mod:`._polytope`) on the normalised
payoffs (each player's mapped onto ``[0, 1]``, exactly rounded when the game is exact), so
shifting or scaling a player's payoffs changes nothing, at any magnitude. When the game is
exact, each equilibrium is recomputed in exact arithmetic from its labels and verified
to have regret exactly zero.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], title="Battle of the sexes")
>>> result = enummixed_solve(bos)
>>> [[[str(p) for p in s] for s in eq.exact_strategies] for eq in result.equilibria]
[[['0', '1'], ['0', '1']], [['2/3', '1/3'], ['1/3', '2/3']], [['1', '0'], ['1', '0']]]
>>> result.complete, result.degenerate
(True, False)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import RELATIVE_TOLERANCE, Equilibrium, SolveResult, equilibrium_from
from berlinsim.solvers._checks import require_players, require_size
from berlinsim.solvers._exact_vertices import exact_enumeration_fits, exact_vertex_labels
from berlinsim.solvers._polytope import (
    integer_matrix,
    polytope_vertices,
    strategy_from_labels,
    vertex_bound,
)

#: Default bound on McMullen's vertex count of either polytope; larger games are refused.
from berlinsim.limits import MAX_VERTICES  # noqa: E402 (stated with every limit)

DEGENERATE_NOTE = (
    "the game is degenerate: some strategy has more pure best responses than the size of its "
    "support; all extreme equilibria are listed"
)
CONTINUUM_NOTE = (
    "some equilibria form continua (an equilibrium strategy of one player is compatible with "
    "several of the other's); their extreme points are listed"
)


def enummixed_solve(
    game: NormalFormGame, *, exact: bool | None = None, max_vertices: int = MAX_VERTICES
) -> SolveResult:
    """Every extreme equilibrium of a two-player game (exact when the payoffs are rational).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool or None
        Recompute and verify every equilibrium in exact arithmetic. ``None`` (default):
        when the game's payoffs are rational. ``False`` gives float results (faster).
    max_vertices : int
        Refuse the game (:class:`~berlinsim.errors.SolverError`) when the upper-bound
        theorem allows more vertices than this in either best-response polytope.

    Returns
    -------
    SolveResult
        ``complete=True``; ``degenerate`` says whether some vertex has more labels than
        its dimension; equilibria sorted lexicographically by their strategies.

    Examples
    --------
    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]], title="Matching pennies")
    >>> [eq.strategies for eq in enummixed_solve(mp).equilibria]
    [((0.5, 0.5), (0.5, 0.5))]
    """
    require_players(game, 2, "enummixed")
    require_size(game, "enummixed")
    if exact is None:
        exact = game.is_exact
    elif exact and not game.is_exact:
        raise SolverError("exact arithmetic needs a game with rational payoffs (this one has floats)")
    m, n = game.shape
    bound = max(vertex_bound(m, n), vertex_bound(n, m))
    if bound > max_vertices:
        raise SolverError(
            f"game of shape {m}x{n} is too large for method 'enummixed': its best-response "
            f"polytopes may have up to {bound:,} vertices (limit {max_vertices:,}); "
            "try method 'lh' for one equilibrium"
        )
    a, b = game.normalized_payoffs
    b_scaled, a_scaled = 1.0 + b, 1.0 + a  # each player's payoffs in [1, 2]: the polytopes are bounded
    # labels: p_zero -> rows, p_tight -> columns; q_tight -> rows, q_zero -> columns. Unsorted:
    # only the vertices that pair up are put in order (below), not the thousands of others.
    px, p_zero, p_tight = polytope_vertices(b_scaled.T, ordered=False)
    qy, q_zero, q_tight = polytope_vertices(a_scaled, ordered=False)
    p_keep, q_keep = ~p_zero.all(axis=1), ~q_zero.all(axis=1)
    px, p_zero, p_tight = px[p_keep], p_zero[p_keep], p_tight[p_keep]
    qy, q_zero, q_tight = qy[q_keep], q_zero[q_keep], q_tight[q_keep]
    p_labels = np.concatenate([p_zero, p_tight], axis=1)
    q_labels = np.concatenate([q_tight, q_zero], axis=1)
    degenerate = bool(
        np.any(p_labels.sum(axis=1) > m) or np.any(q_labels.sum(axis=1) > n)
    )
    pairs = _in_vertex_order(completely_labelled_pairs(p_labels, q_labels, m), px, qy)
    continuum = bool(
        pairs.size
        and (np.unique(pairs[:, 0]).size < len(pairs) or np.unique(pairs[:, 1]).size < len(pairs))
    )
    if exact:
        equilibria, failed = _exact_equilibria(game, pairs, (p_zero, p_tight), (q_zero, q_tight))
        tol = 0.0
        if failed and exact_enumeration_fits(m, n) and exact_enumeration_fits(n, m):
            # payoffs too close together for the float labels: enumerate again in Fractions
            equilibria, failed, degenerate, continuum = _exactly_enumerated(game)
    else:
        tol = RELATIVE_TOLERANCE
        equilibria, failed = _float_equilibria(
            game, pairs, (px, b_scaled, p_zero, p_tight), (qy, a_scaled, q_tight, q_zero), tol
        )
    notes = []
    if degenerate:
        notes.append(DEGENERATE_NOTE)
    if continuum:
        notes.append(CONTINUUM_NOTE)
    if failed:
        notes.append(
            f"{failed} candidate vertex pair(s) failed verification and were dropped; "
            "the list may be incomplete (payoffs too close together for the float labels)"
        )
    from berlinsim.solvers.components import equilibrium_components

    return SolveResult(
        method="enummixed",
        game=game,
        equilibria=tuple(equilibria),
        exact=bool(exact),
        complete=failed == 0,
        degenerate=degenerate,
        tolerance=tol,
        parameters=(("exact", bool(exact)), ("max_vertices", max_vertices)),
        notes=tuple(notes),
        components=equilibrium_components(equilibria) if failed == 0 else None,
    )


def completely_labelled_pairs(p_labels: np.ndarray, q_labels: np.ndarray, m: int) -> np.ndarray:
    """Index pairs ``(i, j)`` with ``p_labels[i] | q_labels[j]`` all true, shape ``(K, 2)``, sorted.

    ``m`` is the dimension of P (the row player's number of actions); label rows have
    ``m + n`` entries. A vertex with exactly as many labels as its dimension (every
    vertex, in a nondegenerate game) pairs only with the vertex whose label set is the
    exact complement of its own: a hash join. A vertex with extra labels is checked
    against every vertex of the other polytope. As for true vertices, every row must
    have at least its polytope's dimension of labels, and rows must be distinct.

    >>> p = np.array([[True, False, True], [False, True, True]])
    >>> q = np.array([[False, True, False], [True, False, False]])
    >>> completely_labelled_pairs(p, q, 2).tolist()
    [[0, 0], [1, 1]]
    """
    n = p_labels.shape[1] - m
    p_count, q_count = p_labels.sum(axis=1), q_labels.sum(axis=1)
    found: set[tuple[int, int]] = set()
    q_plain, p_plain = np.flatnonzero(q_count == n), np.flatnonzero(p_count == m)
    q_keys, p_keys = _label_keys(q_labels[q_plain]), _label_keys(~p_labels[p_plain])
    order = np.argsort(q_keys, kind="stable")
    q_plain, q_keys = q_plain[order], q_keys[order]
    at = np.minimum(np.searchsorted(q_keys, p_keys), max(q_keys.size - 1, 0))
    hit = (q_keys[at] == p_keys) if q_keys.size else np.zeros(p_keys.size, dtype=bool)
    found.update(zip(p_plain[hit].tolist(), q_plain[at[hit]].tolist()))
    for i in np.flatnonzero(p_count > m):
        found.update((int(i), int(j)) for j in np.flatnonzero(q_labels[:, ~p_labels[i]].all(axis=1)))
    for j in np.flatnonzero(q_count > n):
        found.update((int(i), int(j)) for i in np.flatnonzero(p_labels[:, ~q_labels[j]].all(axis=1)))
    return np.array(sorted(found), dtype=np.intp).reshape(-1, 2)


def _in_vertex_order(pairs: np.ndarray, px: np.ndarray, qy: np.ndarray) -> np.ndarray:
    """``pairs`` sorted by their vertices' lexicographic order (P's vertex, then Q's).

    The order pairs would have if both vertex lists were sorted, obtained by ranking
    only the paired vertices among themselves (distinct vertices are distinct rows).

    >>> px, qy = np.array([[0.5, 0.0], [0.0, 0.5]]), np.array([[1.0], [0.2]])
    >>> _in_vertex_order(np.array([[0, 0], [1, 1], [0, 1]]), px, qy).tolist()
    [[1, 1], [0, 1], [0, 0]]
    """
    if len(pairs) <= 1:
        return pairs
    p_used, p_at = np.unique(pairs[:, 0], return_inverse=True)
    q_used, q_at = np.unique(pairs[:, 1], return_inverse=True)
    p_rank = np.empty(p_used.size, dtype=np.intp)
    p_rank[np.lexsort(px[p_used].T[::-1])] = np.arange(p_used.size)
    q_rank = np.empty(q_used.size, dtype=np.intp)
    q_rank[np.lexsort(qy[q_used].T[::-1])] = np.arange(q_used.size)
    return pairs[np.lexsort((q_rank[q_at], p_rank[p_at]))]


def _exactly_enumerated(game: NormalFormGame) -> tuple[list[Equilibrium], int, bool, bool]:
    """Equilibria, failures, degeneracy and continuum flag from exact vertex labels."""
    m, n = game.shape
    a, b = game.exact_payoffs
    # any positive shift works: the labels of the polytopes do not depend on which
    a_pos, b_pos = a - min(a.flat) + 1, b - min(b.flat) + 1
    p_zero, p_tight = exact_vertex_labels(b_pos.T.tolist())
    q_zero, q_tight = exact_vertex_labels(a_pos.tolist())
    p_keep, q_keep = ~p_zero.all(axis=1), ~q_zero.all(axis=1)
    p_zero, p_tight, q_zero, q_tight = p_zero[p_keep], p_tight[p_keep], q_zero[q_keep], q_tight[q_keep]
    p_labels = np.concatenate([p_zero, p_tight], axis=1)
    q_labels = np.concatenate([q_tight, q_zero], axis=1)
    degenerate = bool(np.any(p_labels.sum(axis=1) > m) or np.any(q_labels.sum(axis=1) > n))
    pairs = completely_labelled_pairs(p_labels, q_labels, m)  # vertices are in lexicographic order
    continuum = bool(
        pairs.size
        and (np.unique(pairs[:, 0]).size < len(pairs) or np.unique(pairs[:, 1]).size < len(pairs))
    )
    equilibria, failed = _exact_equilibria(game, pairs, (p_zero, p_tight), (q_zero, q_tight))
    return equilibria, failed, degenerate, continuum


def _label_keys(labels: np.ndarray) -> np.ndarray:
    """One sortable key per label set (row of booleans): an integer, or bytes beyond 63 labels."""
    if labels.shape[1] <= 63:
        return labels.astype(np.int64) @ (np.int64(1) << np.arange(labels.shape[1], dtype=np.int64))
    packed = np.packbits(labels, axis=1)
    return np.array([row.tobytes() for row in packed], dtype=object)


def _exact_equilibria(
    game: NormalFormGame,
    pairs: np.ndarray,
    p_labels: tuple[np.ndarray, np.ndarray],
    q_labels: tuple[np.ndarray, np.ndarray],
) -> tuple[list[Equilibrium], int]:
    """Recompute each pair exactly from its labels; keep those with exact regret zero."""
    a_int = integer_matrix(game.exact_payoffs[0].T)  # row player's payoffs, column action first
    b_int = integer_matrix(game.exact_payoffs[1])  # column player's payoffs, row action first
    xs: dict[int, tuple[Fraction, ...] | None] = {}
    ys: dict[int, tuple[Fraction, ...] | None] = {}
    # keyed by numerators and denominators: equal Fractions, equal keys, and ints hash fast
    found: dict[tuple, tuple[tuple, Equilibrium]] = {}
    failed = 0
    for i, j in pairs.tolist():
        if i not in xs:
            xs[i] = strategy_from_labels(b_int, p_labels[0][i], p_labels[1][i])
        if j not in ys:
            ys[j] = strategy_from_labels(a_int, q_labels[0][j], q_labels[1][j])
        x, y = xs[i], ys[j]
        if x is None or y is None:
            failed += 1
            continue
        key = tuple([(f.numerator, f.denominator) for f in x + y])
        if key in found:
            continue
        eq = equilibrium_from(game, (x, y), exact=True)
        if eq.exact_regret != 0:
            failed += 1
            continue
        found[key] = ((x, y), eq)
    return [eq for _, eq in sorted(found.values(), key=lambda item: item[0])], failed


def _float_equilibria(
    game: NormalFormGame,
    pairs: np.ndarray,
    p_data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    q_data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    tol: float,
) -> tuple[list[Equilibrium], int]:
    """Normalise each pair; keep those with relative regret <= ``tol`` (refined from their labels if needed).

    ``p_data`` is ``(vertices, scaled B, zero labels, tight labels)`` and ``q_data``
    ``(vertices, scaled A, tight labels, zero labels)`` restricted to nonzero vertices.
    """
    a, b = game.normalized_payoffs
    xs = p_data[0][pairs[:, 0]]
    ys = q_data[0][pairs[:, 1]]
    xs = xs / xs.sum(axis=1, keepdims=True)
    ys = ys / ys.sum(axis=1, keepdims=True)
    regrets = _pair_regrets(a, b, xs, ys)
    for k in np.flatnonzero(regrets > tol):  # rarely: refine from the labels by least squares
        i, j = pairs[k]
        x = _float_strategy(p_data[1], p_data[2][i], p_data[3][i])
        y = _float_strategy(q_data[1].T, q_data[3][j], q_data[2][j])
        if x is not None and y is not None:
            xs[k], ys[k] = x, y
            regrets[k] = _pair_regrets(a, b, x[None], y[None])[0]
    ok = regrets <= tol
    failed = int(np.count_nonzero(~ok))
    profiles = np.concatenate([xs[ok], ys[ok]], axis=1)
    profiles = profiles[np.lexsort(np.round(profiles, 9).T[::-1])]  # rounding: stable order
    kept: list[np.ndarray] = []
    for row in profiles:
        if not kept or np.max(np.abs(kept[-1] - row)) > 1e-9:
            kept.append(row)
    m = a.shape[0]
    equilibria = [equilibrium_from(game, (row[:m], row[m:])) for row in kept]
    verified = [e for e in equilibria if e.relative_regret <= tol]
    return verified, failed + len(equilibria) - len(verified)


def _pair_regrets(a: np.ndarray, b: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Regret of each profile ``(xs[k], ys[k])``: the larger gain of either player."""
    row_values = ys @ a.T
    col_values = xs @ b
    row_gain = row_values.max(axis=1) - np.einsum("ki,ki->k", row_values, xs)
    col_gain = col_values.max(axis=1) - np.einsum("kj,kj->k", col_values, ys)
    return np.maximum(0.0, np.maximum(row_gain, col_gain))


def _float_strategy(u: np.ndarray, zero: np.ndarray, best: np.ndarray) -> np.ndarray | None:
    """Float counterpart of :func:`~._polytope.strategy_from_labels` (least squares)."""
    support = np.flatnonzero(~zero)
    cols = np.flatnonzero(best)
    system = np.zeros((1 + cols.size, support.size + 1))
    system[0, : support.size] = 1.0
    system[1:, : support.size] = u[np.ix_(support, cols)].T
    system[1:, -1] = -1.0
    rhs = np.zeros(1 + cols.size)
    rhs[0] = 1.0
    solution, _, rank, _ = np.linalg.lstsq(system, rhs, rcond=None)
    if rank < support.size + 1 or np.any(solution[:-1] < -1e-9):
        return None
    out = np.zeros(zero.size)
    out[support] = np.clip(solution[:-1], 0.0, None)
    return out / out.sum()
