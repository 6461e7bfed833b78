"""Equilibrium labels and supports of a sweep, for many rows at once (private to sweeps).

A label (:func:`berlinsim.model.identity.equilibrium_label`) shows, per action, only whether it is
used and its probability to three decimals, and per information set whether it is reached.
:func:`label_codes` turns a strategy row into exactly that information (one integer per column),
so rows that look the same share one code row; each player's part of a label (and of a support)
is made once per distinct look of that player's columns, and the parts are joined per row.

Examples
--------
>>> label_codes(np.array([[1.0, 0.0, 1 / 3, 2 / 3]])).tolist()
[[1000, -1, 333, 667]]
>>> cols = (("A", "", "x"), ("A", "", "y"), ("B", "", "z"))
>>> labels, ids, supports, sids = label_ids(cols, ("A", "B"), np.array([[0.25, 0.75, 1.0], [1.0, 0.0, 1.0]]),
...                                         np.ones((2, 2), dtype=bool))
>>> [labels[i] for i in ids], [supports[i] for i in sids]
(['A: x 0.25, y 0.75; B: z', 'A: x; B: z'], ['A: x, y; B: z', 'A: x; B: z'])
"""

from __future__ import annotations

import numpy as np

from berlinsim.model.identity import join_choices, number_text

#: Codes of values whose rounding to 3 decimals is too close to call from ``rint`` start here.
_EXACT_CODES = 1001
_NUMBERS = [number_text(code / 1000) for code in range(1001)]


def groups(columns: tuple[tuple[str, str, str], ...]) -> list[tuple[str, list[int]]]:
    """``(player, column indices)`` per information set (a matrix player's columns are one), in order.

    >>> groups((("A", "h", "x"), ("A", "h", "y"), ("A", "k", "x"), ("B", "", "z")))
    [('A', [0, 1]), ('A', [2]), ('B', [3])]
    """
    out: list[tuple[tuple[str, str], list[int]]] = []
    for k, (player, infoset, _) in enumerate(columns):
        if not out or out[-1][0] != (player, infoset):
            out.append(((player, infoset), []))
        out[-1][1].append(k)
    return [(key[0], members) for key, members in out]


def unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(rows, axis=0, return_index=True, return_inverse=True)``, faster for short rows.

    Each column is coded by a 1-D unique, the codes are combined into one integer key per row
    (when the key fits in 63 bits), and the keys are uniqued: the same result, without sorting rows.

    >>> unique_rows(np.array([[1, 2], [0, 5], [1, 2]]))[2].tolist()
    [1, 0, 1]
    """
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.shape[0] == 0 or rows.shape[1] == 0:
        unique, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
        return unique, first, inverse.ravel()
    key = np.zeros(rows.shape[0], dtype=np.int64)
    span = 1
    for c in range(rows.shape[1]):
        values, codes = np.unique(rows[:, c], return_inverse=True)
        span *= len(values)
        if span >= 2**62:
            unique, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
            return unique, first, inverse.ravel()
        key = key * len(values) + codes.ravel()
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return rows[first], first, inverse.ravel()


def label_codes(rows: np.ndarray) -> np.ndarray:
    """What a label shows of each entry once rounded to 6 decimals (as ``np.round(rows, 6)``): -1
    unused, else the probability in thousandths as ``f"{p:.3f}"`` rounds it (a value at a rounding
    half, e.g. 0.0625, gets a code of its own, so equal codes always mean equal texts)."""
    micro = np.rint(np.asarray(rows, dtype=float) * 1e6)  # np.round(rows, 6) in millionths (whole floats)
    thousandths = np.floor((micro + 500) / 1000)  # exact: a whole quotient is exact, others are not near one
    close = (thousandths * 1000 - micro == 500) & (micro > 0)  # a rounding half of the third decimal
    code = thousandths.astype(np.int64)
    code[micro <= 0] = -1
    if close.any():
        _, which = np.unique(micro[close], return_inverse=True)
        code[close] = _EXACT_CODES + which.ravel()
    return code


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


def _player_texts(player: str, actions: list[list[str]], look: list[int], values: np.ndarray,
                  slots: list[list[int]], pieces: list[dict[int, str]]) -> tuple[str, str]:
    """One player's label part and support part, from one look: the codes of the player's columns
    then one reached flag per information set (``slots``: positions of each set's columns in the look)."""
    width = sum(len(s) for s in slots)
    labelled, supported = [], []
    for s, positions in enumerate(slots):
        reached = look[width + s] == 1
        used = [k for k in positions if look[k] >= 0]
        if len(used) == 1:
            text = actions[s][positions.index(used[0])]
            bare = text
        else:
            parts = []
            for k in used:
                c = look[k]
                piece = pieces[k].get(c)
                if piece is None:
                    number = _NUMBERS[c] if c < _EXACT_CODES else number_text(float(values[k]))
                    piece = f"{actions[s][positions.index(k)]} {number}"
                    if c < _EXACT_CODES:
                        pieces[k][c] = piece
                parts.append(piece)
            text = ", ".join(parts)
            bare = ", ".join(actions[s][positions.index(k)] for k in used)
        labelled.append(text if reached else f"({text})")
        if reached:
            supported.append(bare)
    label = join_choices((player,), {player: labelled})
    support = join_choices((player,), {player: supported}, empty="does not move")
    return label, support


def _joined(parts: list[list[str]], count: int) -> list[str]:
    if len(parts) == 2:  # the usual case, without a join per row
        return [f"{a}; {b}" if a and b else a or b for a, b in zip(*parts)]
    return ["; ".join([t for t in row if t]) for row in zip(*parts)] if parts else [""] * count


def _indexed(texts: list[str]) -> tuple[list[str], np.ndarray]:
    strings = sorted(set(texts))
    position = {t: k for k, t in enumerate(strings)}
    return strings, np.array([position[t] for t in texts], dtype=np.int64)


def label_ids(columns: tuple[tuple[str, str, str], ...], players: tuple[str, ...], rows: np.ndarray,
              reach: np.ndarray) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """The labels and supports of strategy ``rows`` (rounded to 6 decimals) with ``reach`` (one flag per
    information set, :func:`groups`): ``(labels sorted, each row's label index, supports sorted, each
    row's support index)``; equal to :func:`~berlinsim.model.identity.equilibrium_label` and
    :func:`~berlinsim.model.identity.support_label` row by row."""
    if len(rows) == 0:
        return [], np.zeros(0, dtype=np.int64), [], np.zeros(0, dtype=np.int64)
    sets = groups(columns)
    codes = np.concatenate([label_codes(rows), np.asarray(reach, dtype=np.int64)], axis=1)
    unique, first, inverse = unique_ints(codes)
    values = np.round(rows[first], 6)
    width = len(columns)
    label_parts, support_parts = [], []
    for player in players:
        own = [s for s, (p, _) in enumerate(sets) if p == player]
        if not own:
            continue
        cols = [k for s in own for k in sets[s][1]]
        looks, where, which = unique_ints(unique[:, cols + [width + s for s in own]])
        slots, start = [], 0
        for s in own:
            slots.append(list(range(start, start + len(sets[s][1]))))
            start += len(sets[s][1])
        actions = [[columns[k][2] for k in sets[s][1]] for s in own]
        pieces: list[dict[int, str]] = [{} for _ in cols]
        texts = [_player_texts(player, actions, look, values[w, cols], slots, pieces)
                 for look, w in zip(looks.tolist(), where.tolist())]
        label_parts.append([texts[i][0] for i in which.tolist()])
        support_parts.append([texts[i][1] for i in which.tolist()])
    labels, label_of = _indexed(_joined(label_parts, len(unique)))
    supports, support_of = _indexed(_joined(support_parts, len(unique)))
    return labels, label_of[inverse], supports, support_of[inverse]
