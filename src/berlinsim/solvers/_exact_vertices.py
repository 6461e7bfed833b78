"""Vertices of a best-response polytope in exact arithmetic (private helper of :mod:`enummixed`).

The float enumeration in :mod:`._polytope` reads labels with a tolerance. When payoffs
differ by less than that tolerance (a parameter sweep creeping up on a threshold gives
games whose payoffs differ in the eighth digit), labels can come out wrong, and the
exact re-verification then drops candidate pairs. For rational payoffs this module
redoes the enumeration with Fractions: every ``d``-subset of the constraints of
``{z >= 0 : m z <= 1}`` is solved as equations, and a solution that satisfies every
constraint is a vertex whose labels are exactly its tight constraints. The cost grows
as ``comb(d + k, d)``, so it is meant for the small games where the float path failed.

Examples
--------
>>> from fractions import Fraction as F
>>> zero, tight = exact_vertex_labels([[F(1), F(2)], [F(2), F(1)]])
>>> zero.astype(int).tolist(), tight.astype(int).tolist()
([[1, 1], [1, 0], [0, 0], [0, 1]], [[0, 0], [1, 0], [1, 1], [0, 1]])
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb
from typing import Sequence

import numpy as np

#: Largest number of constraint subsets solved exactly (a 5 x 5 game's polytope has 252).
from berlinsim.limits import MAX_EXACT_SUBSETS  # noqa: E402 (stated with every limit)


def exact_enumeration_fits(d: int, k: int) -> bool:
    """Whether a ``d``-dimensional polytope with ``k`` extra constraints is small enough.

    >>> exact_enumeration_fits(4, 4), exact_enumeration_fits(12, 12)
    (True, False)
    """
    return comb(d + k, d) <= MAX_EXACT_SUBSETS


def exact_vertex_labels(m: Sequence[Sequence[Fraction]]) -> tuple[np.ndarray, np.ndarray]:
    """Labels of every vertex of ``{z >= 0 : m z <= 1}`` for a positive rational ``m`` (``k x d``).

    Returns boolean arrays ``zero`` (``V x d``: ``z_i = 0``) and ``tight`` (``V x k``:
    ``(m z)_j = 1``), one row per distinct vertex, in lexicographic order of the vertices.
    """
    rows = [list(row) for row in m]
    k, d = len(rows), len(rows[0])
    found: dict[tuple[Fraction, ...], None] = {}
    for subset in combinations(range(d + k), d):
        z = _solve(rows, subset, d)
        if z is not None and all(v >= 0 for v in z) and all(_dot(r, z) <= 1 for r in rows):
            found.setdefault(tuple(z))
    vertices = sorted(found)
    zero = np.array([[v == 0 for v in z] for z in vertices], dtype=bool).reshape(-1, d)
    tight = np.array([[_dot(r, z) == 1 for r in rows] for z in vertices], dtype=bool).reshape(-1, k)
    return zero, tight


def _dot(row: Sequence[Fraction], z: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(row, z)), Fraction(0))


def _solve(rows: list[list[Fraction]], subset: tuple[int, ...], d: int) -> list[Fraction] | None:
    """The point where the constraints in ``subset`` are all tight, or None if not unique."""
    system = []
    for c in subset:
        if c < d:
            system.append([Fraction(int(i == c)) for i in range(d)] + [Fraction(0)])
        else:
            system.append(list(rows[c - d]) + [Fraction(1)])
    for col in range(d):  # Gauss-Jordan elimination in Fractions
        pivot = next((r for r in range(col, d) if system[r][col] != 0), None)
        if pivot is None:
            return None
        system[col], system[pivot] = system[pivot], system[col]
        head = system[col]
        for r in range(d):
            if r != col and system[r][col] != 0:
                factor = system[r][col] / head[col]
                system[r] = [a - factor * b for a, b in zip(system[r], head)]
    return [system[i][d] / system[i][i] for i in range(d)]
