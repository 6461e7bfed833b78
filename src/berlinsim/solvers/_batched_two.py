"""Closed-form equilibria of a batch of 2 x 2 games (private helper of :mod:`.batched_matrix`).

A 2 x 2 game is degenerate exactly when a player has a tie against some pure action of the other
(four payoff differences). Otherwise its equilibria are the pure profiles of mutual best
responses and, when both players' preferences reverse with the other's action, one mixed
profile making each player indifferent: what support enumeration finds, in a few dozen array
operations instead of a few hundred. The flags follow :func:`.batched_support_enumeration`: a
tie or a mixed weight within the tolerance makes the game ``uncertain``.

Examples
--------
>>> a = np.array([[[2.0, 0.0], [0.0, 1.0]]])  # Battle of the sexes
>>> b = np.array([[[1.0, 0.0], [0.0, 2.0]]])
>>> x, y, count, uncertain, payoffs = two_by_two(a, b, (np.array([2e-8]), np.array([2e-8])), 1e-8)
>>> int(count[0]), bool(uncertain[0]), np.round(x[0, 1], 3).tolist(), np.round(payoffs[0, 1], 3).tolist()
(3, False, [0.667, 0.333], [0.667, 0.667])
"""

from __future__ import annotations

import numpy as np


def two_by_two(a: np.ndarray, b: np.ndarray, tol: tuple[np.ndarray, np.ndarray],
               weight_tol: float) -> tuple[np.ndarray, ...]:
    """Equilibria of every game ``(a[g], b[g])`` (shape ``(G, 2, 2)``) with ties flagged.

    ``tol = (row_tol, col_tol)``: per game, the tolerance on each player's payoff differences
    (in her payoff units); ``weight_tol`` that on the mixed equilibrium's probabilities. Only
    differences of payoffs are used (each computed from two floats, so accurate at any
    magnitude), which makes the answer the same for shifted and scaled payoffs.

    Returns ``(x, y, count, uncertain, payoffs)`` as :class:`.BatchedEquilibria` holds them, in
    decreasing lexicographic order of the profiles where not uncertain: the pure equilibrium
    playing row 0, the mixed one, the pure equilibrium playing row 1 (a game without ties has at
    most one pure equilibrium per row, and its mixed weights are away from 0 and 1).
    """
    g = a.shape[0]
    a11, a12, a21, a22 = (a[:, i, j] for i in range(2) for j in range(2))
    b11, b12, b21, b22 = (b[:, i, j] for i in range(2) for j in range(2))
    row_gain = (a11 - a21, a12 - a22)  # row 0 over row 1, against column 0 / column 1
    col_gain = (b11 - b12, b21 - b22)  # column 0 over column 1, against row 0 / row 1
    uncertain = np.zeros(g, dtype=bool)
    for gains, player_tol in ((row_gain, tol[0]), (col_gain, tol[1])):
        for gain in gains:
            uncertain |= np.abs(gain) <= player_tol
    found = []  # (mask, x0, y0, row payoff, column payoff)
    for i in range(2):
        for j in range(2):
            row_best = row_gain[j] > 0 if i == 0 else row_gain[j] < 0
            col_best = col_gain[i] > 0 if j == 0 else col_gain[i] < 0
            found.append((row_best & col_best, float(1 - i), float(1 - j), a[:, i, j], b[:, i, j]))
    mixed = ((row_gain[0] > 0) != (row_gain[1] > 0)) & ((col_gain[0] > 0) != (col_gain[1] > 0))
    with np.errstate(divide="ignore", invalid="ignore"):  # NaN where there is no mixed equilibrium
        y0 = row_gain[1] / (row_gain[1] - row_gain[0])  # the column mix making the row player indifferent
        x0 = col_gain[1] / (col_gain[1] - col_gain[0])
        low = np.minimum(np.minimum(x0, 1 - x0), np.minimum(y0, 1 - y0))
        # listed between the pure equilibria of row 0 and of row 1 (at most one each, without ties)
        found.insert(2, (mixed, x0, y0, y0 * a11 + (1 - y0) * a12, x0 * b11 + (1 - x0) * b21))
    uncertain |= mixed & ~(low > weight_tol)
    count = np.zeros(g, dtype=np.int64)
    slots = []
    for mask, *_ in found:
        slots.append(count.copy())
        count += mask
    width = max(int(count.max()) if g else 0, 1)
    out = np.zeros((6, g * width))  # x0, x1, y0, y1 and the two payoffs of each (game, slot), column by column
    for (mask, x0, y0, row_value, col_value), slot in zip(found, slots):
        where = np.flatnonzero(mask)
        if not where.size:
            continue
        at = where * width + slot[where]
        x0 = x0[where] if np.ndim(x0) else x0
        y0 = y0[where] if np.ndim(y0) else y0
        for k, value in enumerate((x0, 1 - x0, y0, 1 - y0, row_value[where], col_value[where])):
            out[k, at] = value
    out = out.reshape(6, g, width).transpose(1, 2, 0)
    return out[..., 0:2], out[..., 2:4], count, uncertain, out[..., 4:6]
