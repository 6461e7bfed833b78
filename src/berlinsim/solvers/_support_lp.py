"""Can a support with infinitely many solutions hold an equilibrium? A certified linear test.

In an equilibrium with exactly the support ``S``, the others' profile distribution ``q``
over ``S[-i]`` (the product of their strategies) is strictly positive, sums to one, makes
player ``i`` indifferent among ``S[i]`` and leaves no better action outside it. These
conditions are linear in ``q``. Dropping the product structure gives a linear program; when
it is infeasible for some player (certified in exact arithmetic), no equilibrium has support
``S``. For two players ``q`` *is* the other player's strategy, so the test is exact both ways:
when both players' programs are feasible, equilibria with support ``S`` exist.

Examples
--------
>>> import numpy as np
>>> u = np.array([[[1, 1], [1, 1]], [[1, 0], [1, 0]]], dtype=object)   # row indifferent; column prefers left
>>> is_feasible_for(u, ((0, 1), (0,)), 0), is_feasible_for(u, ((0, 1), (0, 1)), 1)
(True, False)
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from berlinsim.solvers._exact_lp import LinearProgram, solve_lp


def _rows(u: np.ndarray, support: tuple[tuple[int, ...], ...], player: int) -> tuple[list, list, int]:
    """Indifference rows (actions in the support) and best-response rows (the others), over ``S[-i]``."""
    others = [j for j in range(len(support)) if j != player]
    profiles = list(itertools.product(*(support[j] for j in others)))
    a0 = support[player][0]

    def value(a: int, s: tuple[int, ...]) -> int:
        return u[(player, *s[:player], a, *s[player:])]

    diff = {a: [value(a, s) - value(a0, s) for s in profiles] for a in range(u.shape[1 + player])}
    # rows that are zero everywhere hold trivially (and would make the dual non-unique)
    equal = [diff[a] for a in support[player][1:] if any(diff[a])]
    below = [diff[b] for b in range(u.shape[1 + player]) if b not in support[player] and any(diff[b])]
    return equal, below, len(profiles)


def is_feasible_for(u: np.ndarray, support: tuple[tuple[int, ...], ...], player: int) -> bool | None:
    """Whether some strictly positive ``q`` over ``S[-i]`` meets player ``i``'s conditions.

    ``True`` or ``False`` as certified in exact arithmetic (``u`` holds integers); ``None``
    when a linear program could not be certified.
    """
    equal, below, k = _rows(u, support, player)
    # maximize e subject to q >= e, the conditions, sum q = 1  (variables q..., e)
    a_ub = [[-int(r == c) for c in range(k)] + [1] for r in range(k)] + [row + [0] for row in below]
    a_eq = [row + [0] for row in equal] + [[1] * k + [0]]
    lp = LinearProgram.build(c=[0] * k + [-1], a_ub=a_ub, b_ub=[0] * len(a_ub), a_eq=a_eq,
                             b_eq=[0] * len(equal) + [1], free=[False] * k + [True])
    solution = solve_lp(lp)
    if solution is not None:
        return (-solution.value > 0) if solution.exact else None
    # HiGHS found no feasible q: certify with a phase-one program that is always feasible
    ne, nb = len(equal), len(below)
    width = k + 2 * ne + nb
    a_ub1 = [row + [0] * (2 * ne) + [-int(r == c) for c in range(nb)] for r, row in enumerate(below)]
    a_eq1 = [row + [int(r == c) for c in range(ne)] + [-int(r == c) for c in range(ne)] + [0] * nb
             for r, row in enumerate(equal)] + [[1] * k + [0] * (width - k)]
    phase_one = LinearProgram.build(c=[0] * k + [1] * (width - k), a_ub=a_ub1 or None, b_ub=[0] * nb,
                                    a_eq=a_eq1, b_eq=[0] * ne + [1])
    check = solve_lp(phase_one)
    if check is None or not check.exact:
        return None
    return False if check.value > Fraction(0) else None


def classify(u: np.ndarray, support: tuple[tuple[int, ...], ...]) -> tuple[str, str]:
    """``(status, reason)`` for a support with infinitely many solutions (see :class:`SupportReport`)."""
    verdicts = [is_feasible_for(u, support, i) for i in range(u.shape[0])]
    if False in verdicts:
        i = verdicts.index(False)
        return "excluded", (f"player {i + 1} cannot be made indifferent over this support with every "
                            "profile of the others' supports played (certified linear program)")
    if len(verdicts) <= 2 and all(verdicts):
        return "equilibria", ("equilibria with this support exist (certified linear programs) and are not "
                              "isolated solutions of the equations (a continuum, or a point where "
                              "inequalities meet); for two players enummixed lists the extreme points")
    return "unresolved", ("the linear test does not rule out equilibria with this support (3+ players: "
                          "the test ignores that the others mix independently)"
                          if None not in verdicts else "a linear program could not be certified exactly")
