"""Equilibrium labels and equilibrium-set regions of a sweep, for many rows at once (private to sweeps).

A label (:func:`berlinsim.model.sweep.equilibrium_label`) shows, per action, only whether it is
used and its probability to three decimals. :func:`label_codes` turns a strategy row into exactly
that information (one integer per column), so rows that look the same share one code row and each
distinct label is made once: by :func:`labeller` (any layout), or for matrix games (one
information set per player) by string operations over all distinct rows at once.

Examples
--------
>>> label_codes(np.array([[1.0, 0.0, 1 / 3, 2 / 3, -1.0]])).tolist()
[[1000, -1, 333, 667, -2]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: A probability at or below this is an unused action (as in ``equilibrium_label``).
USED = 1e-9
#: Codes of values whose rounding to 3 decimals is too close to call from ``rint`` start here.
_EXACT_CODES = 1 << 40


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
    """What a label shows of each entry: -2 unreached (negative), -1 unused, else the probability
    in thousandths as ``f"{p:.3f}"`` rounds it (values within 1e-6 of a rounding half get a code
    of their own, so equal codes always mean equal texts)."""
    rows = np.asarray(rows, dtype=float)
    scaled = rows * 1000.0
    code = np.rint(scaled).astype(np.int64)
    code[rows <= USED] = -1
    code[rows < 0] = -2
    close = (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6) & (rows > USED)
    if close.any():
        _, which = np.unique(rows[close], return_inverse=True)
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
        parts = []
        for player in players:
            if player in texts:
                shown = texts[player] if len(set(texts[player])) > 1 else texts[player][:1]
                parts.append(f"{player}: {' / '.join(shown)}")
        return "; ".join(parts)

    return label


def _number_table() -> np.ndarray:
    return np.array([f"{k / 1000:.3f}".rstrip("0").rstrip(".") or "0" for k in range(1001)], dtype="<U16")


def _matrix_texts(columns: tuple[tuple[str, str, str], ...], players: tuple[str, ...],
                  codes: np.ndarray, values: np.ndarray) -> np.ndarray | None:
    """Labels of rows of codes (``values``: a row with those codes each) for a matrix game (one
    information set per player), as string operations over all rows at once; None when this path
    does not apply."""
    owners = [c[0] for c in columns]
    if any(c[1] for c in columns) or owners != sorted(owners, key=players.index) or codes.min(initial=0) < -1:
        return None
    table = _number_table()
    numbers = table[np.clip(codes, 0, 1000)]
    for r, c in zip(*np.nonzero(codes >= _EXACT_CODES)):  # values at a rounding half: formatted one by one
        numbers[r, c] = f"{values[r, c]:.3f}".rstrip("0").rstrip(".") or "0"
    out = None
    for player in players:
        cols = [k for k, who in enumerate(owners) if who == player]
        if not cols:
            continue
        used = codes[:, cols] >= 0
        text = np.full(len(codes), "", dtype=object).astype(str)
        for k in cols:
            piece = np.strings.add(f"{columns[k][2]} ", numbers[:, k])
            on = codes[:, k] >= 0
            text = np.where(on, np.where(text == "", piece, np.strings.add(np.strings.add(text, ", "), piece)), text)
        names = np.array([columns[k][2] for k in cols])
        text = np.where(used.sum(axis=1) == 1, names[used.argmax(axis=1)], text)
        part = np.strings.add(f"{player}: ", text)
        out = part if out is None else np.strings.add(np.strings.add(out, "; "), part)
    return out if out is not None else np.full(len(codes), "")


def label_ids(columns: tuple[tuple[str, str, str], ...], players: tuple[str, ...],
              rows: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The distinct labels of ``rows`` (sorted) and each row's index into them.

    >>> cols = (("A", "", "x"), ("A", "", "y"))
    >>> label_ids(cols, ("A",), np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]))
    (['A: x', 'A: y'], array([1, 0, 1]))
    """
    if len(rows) == 0:
        return [], np.zeros(0, dtype=int)
    codes = label_codes(rows)
    unique, first, inverse = unique_rows(codes)
    fast = _matrix_texts(columns, players, unique, rows[first])
    if fast is not None:
        texts = fast.tolist()
    else:
        label = labeller(columns, players)
        texts = [label(rows[f]) for f in first]
    strings = sorted(set(texts))
    position = {t: k for k, t in enumerate(strings)}
    ids = np.array([position[t] for t in texts], dtype=np.int64)
    return strings, ids[inverse]
