"""What pins each player's equilibrium strategy down (private helper of :mod:`berlinsim.analysis.derivation`).

For an equilibrium ``s`` of a game in strategic form and one player ``k`` (the *mixer*), the
unknowns are the probabilities of ``k``'s best responses to the others' strategies (``k`` may
use those and no others). Each other player ``o`` uses the actions of their support ``S_o``;
with everyone but ``k`` held at ``s``, ``o``'s payoffs are linear in ``k``'s probabilities, and
``k``'s strategy must satisfy

* ``o``'s actions in ``S_o`` earn ``o`` the same: ``|S_o| - 1`` indifference equations;
* ``o``'s other actions earn no more: one inequality each;
* the probabilities add up to 1 and none is negative.

In a two-player game these are exactly the conditions of an equilibrium with ``o``'s strategy
fixed. They are solved exactly (Fractions; floats with a tolerance for a float game). Either
they pin ``k``'s strategy down, or they leave some probabilities free: then the set they allow
is described by its extreme points (an interval when one probability is free), each of which,
with the others' strategies, is an equilibrium too (``k`` uses only best responses and every
other player's support stays optimal). An indifference that holds for every strategy (two
actions of ``o`` that pay alike against all of ``k``'s best responses) is set aside as an
identity, never "solved".

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.model.result import equilibrium_from
>>> pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]], players=("A", "B"), actions=(("H", "T"), ("H", "T")))
>>> eq = equilibrium_from(pennies, (("1/2", "1/2"), ("1/2", "1/2")), exact=True)
>>> b = mix_derivations(pennies, eq)[1]
>>> b.mixer, b.variables, b.status, b.affine[0][0], [(e.player, e.left, e.right, e.coefficients) for e in b.equations]
('B', ('q',), 'pinned', Fraction(1, 2), [('A', 'H', 'T', (Fraction(-2, 1), Fraction(2, 1)))])
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.derivation_result import Bound, Equation, Incentive, MixDerivation, Number, Vertex
from berlinsim.model.normal_form import NormalFormGame

__all__ = ["MAX_CELLS", "mix_derivations", "variable_names"]

#: Largest game (cells) whose equilibrium strategies are derived.
MAX_CELLS = 10_000
#: Most candidate systems solved when listing the extreme points of a set of strategies, and
#: most free probabilities for which they are listed (beyond, the set is described, not listed).
MAX_VERTEX_SYSTEMS = 2_000
MAX_FREE = 3
_TOL = 1e-9
_LETTERS = "pqrstuvw"


def variable_names(player: int, count: int) -> tuple[str, ...]:
    """Names of a player's probabilities: none for one action, ``q`` (and ``1 - q``) for two, ``q1, q2, ...`` for more.

    >>> variable_names(0, 2), variable_names(1, 3), variable_names(1, 1)
    (('p',), ('q1', 'q2', 'q3'), ())
    """
    letter = _LETTERS[player] if player < len(_LETTERS) else f"x{player + 1}_"
    if count <= 1:
        return ()
    return (letter,) if count == 2 else tuple(f"{letter}{c + 1}" for c in range(count))


def _num(value: Any, exact: bool) -> Number:
    if exact:
        return value if type(value) is Fraction else Fraction(value)
    return float(value)


def _strategies(game: NormalFormGame, eq: Any) -> tuple[tuple[Number, ...], bool]:
    exact = eq.exact_strategies is not None and game.exact_payoffs is not None
    rows = eq.exact_strategies if exact else eq.strategies
    return tuple(tuple(_num(p, exact) for p in s) for s in rows), exact


def _positive(p: Number, tol: float) -> bool:
    """A probability in the support: positive (exact), or above 1e-9 (floats; ``tol`` is the payoff tolerance)."""
    return p > 1e-9 if tol else p > 0


def _rows(game: NormalFormGame, strategies: Sequence[Sequence[Number]], o: int, k: int, unknowns: Sequence[int],
          exact: bool, tol: float) -> list[list[Number]]:
    """``rows[a][c]``: ``o``'s payoff from action ``a`` when ``k`` plays ``unknowns[c]``, the rest at their strategies."""
    u = game.exact_payoffs if exact else game.payoffs
    rest = [j for j in range(game.num_players) if j not in (o, k)]
    supports = [[(a, p) for a, p in enumerate(strategies[j]) if _positive(p, tol)] for j in rest]
    zero = _num(0, exact)
    rows = [[zero] * len(unknowns) for _ in range(game.shape[o])]
    for combo in itertools.product(*supports):
        weight = math.prod((p for _, p in combo), start=_num(1, exact))
        cell = [0] * game.num_players
        for j, (a, _) in zip(rest, combo):
            cell[j] = a
        for a in range(game.shape[o]):
            cell[o] = a
            for c, b in enumerate(unknowns):
                cell[k] = b
                rows[a][c] += weight * _num(u[(o, *cell)], exact)
    return rows


def _eliminate(equations: list[list[Number]], rhs: list[Number], n: int, tol: float
               ) -> tuple[tuple[tuple[Number, tuple[Number, ...]], ...], tuple[int, ...]] | None:
    """Solve ``equations @ x = rhs``: every unknown as an affine function of the free ones, or None if inconsistent.

    Pivots are taken from the last unknown backwards, so the free unknowns are the first ones.
    """
    m = [row[:] + [b] for row, b in zip(equations, rhs)]
    pivots: list[int] = []
    r = 0
    for c in reversed(range(n)):
        pick = max(range(r, len(m)), key=lambda k: abs(m[k][c]), default=None)
        if pick is None or abs(m[pick][c]) <= tol:
            continue
        m[r], m[pick] = m[pick], m[r]
        lead = m[r][c]
        m[r] = [x / lead for x in m[r]]
        for k in range(len(m)):
            if k != r and m[k][c] != 0:
                f = m[k][c]
                m[k] = [x - f * y for x, y in zip(m[k], m[r])]
        pivots.append(c)
        r += 1
    if any(abs(row[-1]) > (tol or 0) * 1e3 for row in m[r:]):
        return None
    free = tuple(c for c in range(n) if c not in pivots)
    zero = rhs[0] * 0
    affine: list[tuple[Number, tuple[Number, ...]]] = [(zero, ())] * n
    for c in free:
        affine[c] = (zero, tuple(zero + (1 if f == c else 0) for f in free))
    for row, c in zip(m, pivots):
        affine[c] = (row[-1], tuple(-row[f] for f in free))
    return tuple(affine), free


def _at(affine: Sequence[tuple[Number, tuple[Number, ...]]], t: Sequence[Number]) -> tuple[Number, ...]:
    return tuple(c + sum((a * x for a, x in zip(coef, t)), c * 0) for c, coef in affine)


def _in_free(g: Sequence[Number], affine: Sequence[tuple[Number, tuple[Number, ...]]], d: int
             ) -> tuple[Number, tuple[Number, ...]]:
    """The inequality ``g . x >= 0`` in terms of the free unknowns: ``(constant, coefficients)``."""
    zero = g[0] * 0
    constant = sum((gc * a[0] for gc, a in zip(g, affine)), zero)
    return constant, tuple(sum((gc * a[1][f] for gc, a in zip(g, affine)), zero) for f in range(d))


def _solve_square(rows: list[list[Number]], rhs: list[Number], tol: float) -> list[Number] | None:
    solved = _eliminate(rows, rhs, len(rows[0]), tol)
    if solved is None or solved[1]:
        return None
    return [a[0] for a in solved[0]]


def _vertices(forms: list[tuple[Number, tuple[Number, ...]]], d: int, tol: float) -> list[tuple[tuple[Number, ...], tuple[int, ...]]] | None:
    """Extreme points ``t`` of ``{t : c_i + a_i . t >= 0}`` and the constraints tight there; None if too many systems."""
    useful = [i for i, (_, a) in enumerate(forms) if any(abs(x) > tol for x in a)]
    if d > MAX_FREE or math.comb(len(useful), d) > MAX_VERTEX_SYSTEMS:
        return None
    found: dict[tuple, tuple[tuple[Number, ...], tuple[int, ...]]] = {}
    for chosen in itertools.combinations(useful, d):
        t = _solve_square([list(forms[i][1]) for i in chosen], [-forms[i][0] for i in chosen], tol)
        if t is None:
            continue
        slack = [c + sum((a * x for a, x in zip(coef, t)), c * 0) for c, coef in forms]
        if min(slack) < -(tol * 1e3 if tol else 0):
            continue
        key = tuple(t) if not tol else tuple(round(float(x), 9) for x in t)
        tight = tuple(i for i, s in enumerate(slack) if abs(s) <= (tol * 1e3 if tol else 0))
        found.setdefault(key, (tuple(t), tight))
    return list(found.values())


def _close(a: Sequence[Number], b: Sequence[Number], tol: float) -> bool:
    return all((x == y) if not tol else abs(float(x) - float(y)) <= 1e-6 for x, y in zip(a, b))


def _derive_one(game: NormalFormGame, strategies: tuple[tuple[Number, ...], ...], values: list[list[Number]], k: int,
                exact: bool, tol: float, listed: Sequence[tuple[tuple[Number, ...], ...]], cache: dict) -> MixDerivation:
    zero = _num(0, exact)
    top = max(values[k])
    unknowns = [b for b, v in enumerate(values[k]) if v >= top - tol or _positive(strategies[k][b], tol)]
    n = len(unknowns)
    names = variable_names(k, n)
    incentives, equations, identities, differences = [], [], [], []
    bounds: list[Bound] = []
    for o in range(game.num_players):
        if o == k:
            continue
        rows = _rows(game, strategies, o, k, unknowns, exact, tol)
        used = [a for a, p in enumerate(strategies[o]) if _positive(p, tol)]
        unused = [a for a in range(game.shape[o]) if a not in used]
        acts = game.actions[o]
        incentives.append(Incentive(player=game.players[o], used=tuple(acts[a] for a in used),
                                    used_rows=tuple(tuple(rows[a]) for a in used), unused=tuple(acts[a] for a in unused),
                                    unused_rows=tuple(tuple(rows[a]) for a in unused)))
        first = rows[used[0]]
        for a in used[1:]:
            diff = tuple(x - y for x, y in zip(rows[a], first))
            if all(abs(x) <= tol for x in diff):
                identities.append((game.players[o], acts[used[0]], acts[a]))
            else:
                equations.append(Equation(player=game.players[o], left=acts[used[0]], right=acts[a], coefficients=diff))
                differences.append(list(diff))
        for a in unused:
            bounds.append(Bound(kind="unused", player=game.players[o], action=acts[a], used=acts[used[0]],
                                coefficients=tuple(x - y for x, y in zip(first, rows[a]))))
    if n > 1:
        bounds += [Bound(kind="probability", player=game.players[k], action=game.actions[k][b], used="",
                         coefficients=tuple(zero + (1 if c == j else 0) for c in range(n))) for j, b in enumerate(unknowns)]
    strategy = tuple(strategies[k][b] for b in unknowns)
    common = dict(mixer=game.players[k], actions=tuple(game.actions[k][b] for b in unknowns), variables=names,
                  strategy=strategy, worth=top, incentives=tuple(incentives), equations=tuple(equations),
                  identities=tuple(identities),
                  others=tuple((game.actions[k][b], values[k][b]) for b in range(game.shape[k]) if b not in unknowns))
    solved = _eliminate(differences + [[_num(1, exact)] * n], [zero] * len(differences) + [_num(1, exact)], n, tol)
    if solved is None:
        return MixDerivation(status="unsolved", bounds=tuple(bounds), **common)
    affine, free = solved
    d = len(free)
    forms = [_in_free(b.coefficients, affine, d) for b in bounds]
    if d == 0:
        point = _at(affine, ())
        ok = _close(point, strategy, tol) and all(c >= -(tol * 1e3 if tol else 0) for c, _ in forms)
        return MixDerivation(status="pinned" if ok else "unsolved", affine=affine, bounds=tuple(bounds), **common)
    if d == 1:
        bounds = [_one_sided(b, form, tol) for b, form in zip(bounds, forms)]
    key = (k, tuple(unknowns), tuple(s for j, s in enumerate(strategies) if j != k))  # the set depends on these only
    if key not in cache:
        cache[key] = _vertices(forms, d, tol)
    corners = cache[key]
    vertices = []
    for t, tight in corners or ():
        point = _at(affine, t)
        full = [zero] * game.shape[k]
        for b, x in zip(unknowns, point):
            full[b] = x
        profile = tuple(tuple(full) if j == k else s for j, s in enumerate(strategies))
        number = next((e + 1 for e, other in enumerate(listed)
                       if all(_close(x, y, tol) for x, y in zip(other, profile))), 0)
        vertices.append(Vertex(point=point, binding=tight, equilibrium=number))
    vertices.sort(key=lambda v: tuple(float(x) for x in _free_values(v.point, free)))
    interval = (vertices[0].point[free[0]], vertices[-1].point[free[0]]) if d == 1 and vertices else ()
    return MixDerivation(status="free", free=free, affine=affine, bounds=tuple(bounds), vertices=tuple(vertices),
                         interval=interval, **common)


def _free_values(point: Sequence[Number], free: Sequence[int]) -> tuple[Number, ...]:
    return tuple(point[f] for f in free)


def _one_sided(bound: Bound, form: tuple[Number, tuple[Number, ...]], tol: float) -> Bound:
    """``bound`` as ``t >= value``, ``t <= value``, ``always`` or ``never`` in the one free unknown ``t``."""
    constant, (slope,) = form
    if abs(slope) <= tol:
        op, value = ("always" if constant >= -(tol * 1e3 if tol else 0) else "never"), None
    else:
        op, value = (">=" if slope > 0 else "<="), -constant / slope
    return Bound(kind=bound.kind, player=bound.player, action=bound.action, used=bound.used,
                 coefficients=bound.coefficients, op=op, value=value)


def mix_derivations(game: NormalFormGame, eq: Any, listed: Sequence[Any] = (), cache: dict | None = None
                    ) -> tuple[MixDerivation, ...]:
    """For every player, what pins their strategy in ``eq`` down (see the module docstring).

    ``listed``: all equilibria of the result, to name the listed equilibrium at each extreme
    point of a set of strategies. ``cache``: a dict kept across the equilibria of one game (their
    sets of strategies are often the same, and listing the corners is the costly part).
    """
    cache = {} if cache is None else cache
    from berlinsim.model.profile import action_values, exact_action_values

    strategies, exact = _strategies(game, eq)
    tol = 0 if exact else _TOL * max(1.0, game.max_abs_payoff)  # int 0: Fraction - 0.0 would be a float
    raw = exact_action_values(game, strategies) if exact else action_values(game, strategies)
    values = [[_num(v, exact) for v in row] for row in raw]
    others = [_strategies(game, e)[0] for e in listed]
    return tuple(_derive_one(game, strategies, values, k, exact, tol, others, cache) for k in range(game.num_players))
