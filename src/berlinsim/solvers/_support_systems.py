"""Support profiles of an n-player game and the indifference equations on each.

On a support profile ``S`` (each player ``i`` plays exactly the actions ``S[i]``), player
``i``'s probabilities are unknowns ``x[i, a]`` for ``a`` in ``S[i]`` except the first action
``a0``, whose probability is ``1 - sum_a x[i, a]``. An equilibrium with support ``S`` makes
each player indifferent among her support: for every ``a`` in ``S[i]`` other than ``a0``,

    sum over the others' profiles s in S[-i] of (u_i(a, s) - u_i(a0, s)) * prod_j sigma_j(s_j) = 0,

a polynomial equation, multilinear in the other players' unknowns. There are as many
equations as unknowns. Payoffs enter as integers (each player's scaled by a positive
constant, which changes no equilibrium).

Examples
--------
>>> import numpy as np
>>> u = np.array([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], dtype=object)    # battle of the sexes
>>> equations, variables = indifference_equations(u, ((0, 1), (0, 1)))
>>> variables
((0, 1), (1, 1))
>>> equations == [{(0, 0): -2, (0, 1): 3}, {(0, 0): -1, (1, 0): 3}]    # 3y - 2 = 0, 3x - 1 = 0
True
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import lcm, prod
from typing import Sequence

import numpy as np

Support = tuple[tuple[int, ...], ...]
Monomial = tuple[int, ...]


def integer_payoffs(exact: np.ndarray) -> np.ndarray:
    """Each player's payoffs (object array of Fractions) times a positive integer: Python ints."""
    out = np.empty(exact.shape, dtype=object)
    for i in range(exact.shape[0]):
        values = [Fraction(v) for v in exact[i].flat]
        den = lcm(*(v.denominator for v in values))
        out[i].flat[:] = [int(v * den) for v in values]
    return out


def strictly_dominated(u: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """Each player's actions that survive iterated elimination of actions strictly dominated by an action."""
    n = u.shape[0]
    alive = [list(range(k)) for k in u.shape[1:]]
    changed = True
    while changed:
        changed = False
        for i in range(n):
            sub = u[i][np.ix_(*alive)]
            rows = np.moveaxis(sub, i, 0).reshape(len(alive[i]), -1)
            keep = [
                a for a in range(len(alive[i]))
                if not any(all(x > y for x, y in zip(rows[b], rows[a])) for b in range(len(alive[i])) if b != a)
            ]
            if len(keep) < len(alive[i]):
                alive[i] = [alive[i][a] for a in keep]
                changed = True
    return tuple(tuple(a) for a in alive)


def support_profiles(alive: Sequence[Sequence[int]]) -> list[Support]:
    """Every support profile over the ``alive`` actions, balanced ones first, then by size.

    A profile is *unbalanced* when some player has more indifference equations
    (``|S_i| - 1``) than the others have unknowns together; generic games have no
    equilibrium there. Within each group, smaller supports come first.
    """
    choices = []
    for actions in alive:
        subsets = [c for k in range(1, len(actions) + 1) for c in itertools.combinations(actions, k)]
        choices.append(subsets)
    profiles = list(itertools.product(*choices))

    def key(s: Support) -> tuple[bool, int, Support]:
        d = [len(x) - 1 for x in s]
        total = sum(d)
        return any(di > total - di for di in d), total, s

    return sorted(profiles, key=key)


def is_pruned(u: np.ndarray, support: Support, alive: Sequence[Sequence[int]]) -> bool:
    """True when some action in ``support[i]`` is weakly dominated against the others' supports.

    In an equilibrium with exactly this support every profile of ``S[-i]`` has positive
    probability, so an action that some other action of player ``i`` matches everywhere on
    ``S[-i]`` and beats somewhere is never a best response: it cannot be played.
    """
    n = u.shape[0]
    for i in range(n):
        index = [list(s) for s in support]
        index[i] = list(alive[i])
        sub = np.moveaxis(u[i][np.ix_(*index)], i, 0).reshape(len(alive[i]), -1)
        rows = {a: list(sub[k]) for k, a in enumerate(alive[i])}
        for a in support[i]:
            ra = rows[a]
            for b in alive[i]:
                if b != a:
                    rb = rows[b]
                    if all(x >= y for x, y in zip(rb, ra)) and any(x > y for x, y in zip(rb, ra)):
                        return True
    return False


def variables_of(support: Support) -> tuple[tuple[int, int], ...]:
    """The unknowns of the support's system: ``(player, action)`` for every non-first action."""
    return tuple((i, a) for i, s in enumerate(support) for a in s[1:])


def strategy_forms(support: Support, num_actions: Sequence[int]) -> list[list[dict[Monomial, int]]]:
    """``forms[i][a]``: player ``i``'s probability of action ``a`` as a linear polynomial in the unknowns."""
    variables = variables_of(support)
    m = len(variables)
    zero = (0,) * m
    unit = {v: tuple(int(k == j) for k in range(m)) for j, v in enumerate(variables)}
    forms: list[list[dict[Monomial, int]]] = []
    for i, s in enumerate(support):
        row: list[dict[Monomial, int]] = [{} for _ in range(num_actions[i])]
        first = {zero: 1}
        for a in s[1:]:
            row[a] = {unit[(i, a)]: 1}
            first[unit[(i, a)]] = -1
        row[s[0]] = first
        forms.append(row)
    return forms


def _times(p: dict[Monomial, int], q: dict[Monomial, int]) -> dict[Monomial, int]:
    out: dict[Monomial, int] = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            key = tuple(x + y for x, y in zip(m1, m2))
            out[key] = out.get(key, 0) + c1 * c2
    return {k: v for k, v in out.items() if v}


def others_products(support: Support, forms: Sequence[Sequence[dict[Monomial, int]]], player: int
                    ) -> list[tuple[tuple[int, ...], dict[Monomial, int]]]:
    """For each profile ``s`` of the others' supports: ``prod_j sigma_j(s_j)`` as a polynomial."""
    others = [j for j in range(len(support)) if j != player]
    one = (0,) * len(variables_of(support))
    out = []
    for profile in itertools.product(*(support[j] for j in others)):
        poly: dict[Monomial, int] = {one: 1}
        for j, a in zip(others, profile):
            poly = _times(poly, forms[j][a])
        out.append((profile, poly))
    return out


def indifference_equations(u: np.ndarray, support: Support) -> tuple[list[dict[Monomial, int]], tuple[tuple[int, int], ...]]:
    """The support's indifference equations (integer polynomials) and its unknowns, in order.

    ``u`` holds integer payoffs, shape ``(players, *actions)``.
    """
    n = u.shape[0]
    forms = strategy_forms(support, u.shape[1:])
    equations = []
    for i in range(n):
        if len(support[i]) < 2:
            continue
        products = others_products(support, forms, i)
        a0 = support[i][0]
        for a in support[i][1:]:
            poly: dict[Monomial, int] = {}
            for profile, p in products:
                cell_a = _cell(i, a, profile)
                cell_0 = _cell(i, a0, profile)
                c = u[(i, *cell_a)] - u[(i, *cell_0)]
                if c:
                    for mono, coef in p.items():
                        poly[mono] = poly.get(mono, 0) + c * coef
            equations.append({k: v for k, v in poly.items() if v})
    return equations, variables_of(support)


def _cell(player: int, action: int, others: Sequence[int]) -> tuple[int, ...]:
    return (*others[:player], action, *others[player:])


def count_profiles(alive: Sequence[Sequence[int]]) -> int:
    """The number of support profiles over the ``alive`` actions."""
    return prod(2 ** len(a) - 1 for a in alive)


def balanced_unknowns(alive: Sequence[Sequence[int]]) -> int:
    """The most unknowns of a balanced support profile over the ``alive`` actions.

    Balanced: no player has more equations (``d_i = |S_i| - 1``) than the others have
    unknowns together. The largest systems are where the exact solving spends its time.

    >>> balanced_unknowns([[0, 1, 2]] * 3), balanced_unknowns([range(8), [0, 1], [0, 1]])
    (6, 4)
    """
    caps = [len(a) - 1 for a in alive]
    best = 0
    for d in itertools.product(*(range(c + 1) for c in caps)):
        total = sum(d)
        if total > best and all(di <= total - di for di in d):
            best = total
    return best
