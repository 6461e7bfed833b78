"""Equilibrium labels and equilibrium-set regions of a sweep, for many rows at once (private to sweeps).

A label (:func:`berlinsim.model.sweep_result.equilibrium_label`) shows, per action, only whether it is
used and its probability to three decimals. :func:`label_codes` turns a strategy row into exactly
that information (one integer per column), so rows that look the same share one code row and each
distinct label is made once, from each player's part made once per distinct look of that
player's columns (:func:`labeller`).

Examples
--------
>>> label_codes(np.array([[1.0, 0.0, 1 / 3, 2 / 3, -1.0]])).tolist()
[[1000, -1, 333, 667, -2]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from berlinsim.model.sweep_result import join_choices

#: A probability at or below this is an unused action (as in ``equilibrium_label``).
USED = 1e-9
#: Codes of values whose rounding to 3 decimals is too close to call from ``rint`` start here.
_EXACT_CODES = 1001


def unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(rows, axis=0, return_index=True, return_inverse=True)``, faster for short rows.

    Each column is coded by a 1-D unique, the codes are combined into one integer key per row
    (when the key fits in 63 bits), and the keys are uniqued: the same result, without sorting rows.

    >>> unique_rows(np.array([[1, 2], [0, 5], [1, 2]]))[2].tolist()
    [1, 0, 1]
    """
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.shape[0] == 0 or rows.shape[1] == 0:
        return np.unique(rows, axis=0, return_index=True, return_inverse=True)
    key = np.zeros(rows.shape[0], dtype=np.int64)
    span = 1
    for c in range(rows.shape[1]):
        values, codes = np.unique(rows[:, c], return_inverse=True)
        span *= len(values)
        if span >= 2**62:
            return np.unique(rows, axis=0, return_index=True, return_inverse=True)
        key = key * len(values) + codes.ravel()
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return rows[first], first, inverse.ravel()


def label_codes(rows: np.ndarray) -> np.ndarray:
    """What a label shows of each entry once rounded to 6 decimals (as ``np.round(rows, 6)``): -2
    unreached (negative), -1 unused, else the probability in thousandths as ``f"{p:.3f}"`` rounds
    it (a value at a rounding half, e.g. 0.0625, gets a code of its own, so equal codes always
    mean equal texts)."""
    micro = np.rint(np.asarray(rows, dtype=float) * 1e6)  # np.round(rows, 6) in millionths (whole floats)
    thousandths = np.floor((micro + 500) / 1000)  # exact: a whole quotient is exact, others are not near one
    close = (thousandths * 1000 - micro == 500) & (micro > 0)  # a rounding half of the third decimal
    code = thousandths.astype(np.int64)
    code[micro <= 0] = -1
    code[micro < 0] = -2
    if close.any():
        _, which = np.unique(micro[close], return_inverse=True)
        code[close] = _EXACT_CODES + which.ravel()
    return code


def labeller(columns: tuple[tuple[str, str, str], ...], players: tuple[str, ...]) -> Any:
    """A fast ``row -> label`` equal to :func:`equilibrium_label` on the columns with ``row >= 0``.

    >>> label = labeller((("A", "", "x"), ("A", "", "y"), ("B", "", "z")), ("A", "B"))
    >>> label(np.array([0.25, 0.75, 1.0]))
    'A: x 0.25, y 0.75; B: z'
    """
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for k, (player, infoset, action) in enumerate(columns):
        if not groups or groups[-1][0] != (player, infoset):
            groups.append(((player, infoset), []))
        groups[-1][1].append((k, action))
    digits, tol = 3, USED

    def label(row: np.ndarray) -> str:
        values = row.tolist()
        texts: dict[str, list[str]] = {}
        for (player, _), members in groups:
            if values[members[0][0]] < 0:
                continue  # an information set the equilibrium does not reach
            used = [(a, values[k]) for k, a in members if values[k] > tol]
            if len(used) == 1:
                text = used[0][0]
            else:
                text = ", ".join(f"{a} {(f'{p:.{digits}f}'.rstrip('0').rstrip('.') or '0')}" for a, p in used)
            texts.setdefault(player, []).append(text)
        return join_choices(players, texts)

    return label


def _number(p: float) -> str:
    return f"{p:.3f}".rstrip("0").rstrip(".") or "0"


_NUMBERS = [_number(code / 1000) for code in range(1001)]


def _matrix_texts(player: str, actions: tuple[str, ...], looks: np.ndarray, values: np.ndarray) -> list[str]:
    """A player's label part for each row of codes (one information set; ``values``: a row of
    probabilities with those codes each)."""
    pieces: list[dict[int, str]] = [{} for _ in actions]  # "action probability" texts, made once each
    prefix = f"{player}: "
    texts = []
    for r, row in enumerate(looks.tolist()):
        used = [k for k, c in enumerate(row) if c >= 0]
        if len(used) == 1:
            texts.append(prefix + actions[used[0]])
            continue
        parts = []
        for k in used:
            c = row[k]
            piece = pieces[k].get(c)
            if piece is None:
                number = _NUMBERS[c] if c < _EXACT_CODES else _number(float(values[r, k]))
                piece = f"{actions[k]} {number}"
                if c < _EXACT_CODES:
                    pieces[k][c] = piece
            parts.append(piece)
        texts.append(prefix + ", ".join(parts))
    return texts


def unique_ints(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`unique_rows` for integer rows, by one mixed-radix key per row and one sort (falls
    back to :func:`unique_rows` when the key would not fit in 62 bits); the distinct rows come in
    the order of their keys, ``first`` is each one's first occurrence.

    >>> [a.tolist() for a in unique_ints(np.array([[3, 1], [0, 2], [3, 1]]))]
    [[[0, 2], [3, 1]], [1, 0], [1, 0, 1]]
    """
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.shape[0] == 0 or rows.shape[1] == 0:
        return unique_rows(rows)
    columns = [rows[:, c] for c in range(rows.shape[1])]  # column by column: faster than axis-0 reductions
    low = np.array([int(column.min()) for column in columns])
    spans = np.array([int(column.max()) for column in columns]) - low + 1
    columns = [column - low[c] for c, column in enumerate(columns)]
    for c, span in enumerate(spans.tolist()):
        if float(np.prod(spans.astype(float))) < 2.0**62:
            break  # the key fits
        if 2 < span <= 4 * len(rows) + 1024:  # values to their rank among the column's values (order kept)
            present = np.bincount(columns[c], minlength=span) > 0
            rank = np.cumsum(present) - 1
            columns[c] = rank[columns[c]]
            spans[c] = rank[-1] + 1
    if float(np.prod(spans.astype(float))) >= 2.0**62:
        return unique_rows(rows)
    key = np.zeros(rows.shape[0], dtype=np.int64)
    for c, column in enumerate(columns):
        key *= int(spans[c])
        key += column
    order = np.argsort(key, kind="stable")  # a radix sort for integers
    ordered = key[order]
    start = np.empty(len(key), dtype=bool)
    start[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=start[1:])
    inverse = np.empty(len(key), dtype=np.int64)
    inverse[order] = np.cumsum(start) - 1
    first = order[start]  # the stable sort keeps each group in index order
    return rows[first], first, inverse


def label_ids(columns: tuple[tuple[str, str, str], ...], players: tuple[str, ...],
              rows: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The distinct labels of ``rows`` rounded to 6 decimals (sorted) and each row's index into them.

    >>> cols = (("A", "", "x"), ("A", "", "y"))
    >>> label_ids(cols, ("A",), np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]))
    (['A: x', 'A: y'], array([1, 0, 1]))
    """
    if len(rows) == 0:
        return [], np.zeros(0, dtype=int)
    codes = label_codes(rows)
    unique, first, inverse = unique_ints(codes)
    values = np.round(rows[first], 6)
    # each player's part of the label is made once per distinct look of that player's columns
    parts = []
    for player in players:
        cols = [k for k, c in enumerate(columns) if c[0] == player]
        if not cols:
            continue
        looks, where, which = unique_ints(unique[:, cols])
        own = tuple(columns[k] for k in cols)
        if len({c[1] for c in own}) == 1 and looks.min(initial=0) >= -1:  # one information set: from the codes
            texts = _matrix_texts(player, tuple(c[2] for c in own), looks, values[where][:, cols])
        else:
            label = labeller(own, (player,))
            texts = [label(values[w, cols]) for w in where.tolist()]
        parts.append([texts[i] for i in which.tolist()])
    if len(parts) == 2:  # the usual case, without a join per row
        joined = [f"{a}; {b}" if a and b else a or b for a, b in zip(*parts)]
    else:
        joined = ["; ".join([t for t in row if t]) for row in zip(*parts)] if parts else [""] * len(unique)
    strings = sorted(set(joined))
    position = {t: k for k, t in enumerate(strings)}
    ids = np.array([position[t] for t in joined], dtype=np.int64)
    return strings, ids[inverse]
