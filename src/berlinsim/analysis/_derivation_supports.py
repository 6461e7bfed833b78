"""Each support's indifference equations, for ``explain`` of support enumeration (private part of :mod:`.derivation`).

With three or more players a player's payoff from an action is a polynomial in the other
players' probabilities (a product of several mixes per cell), so the equations that make each
player indifferent among the actions she uses form a polynomial system, one per support
profile. :func:`support_systems` writes them out for the supports of the listed equilibria and
for those ``enumpoly`` could not settle.

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enumpoly import enumpoly_solve
>>> u = np.zeros((3, 2, 2, 2), dtype=int)
>>> for i in range(3):
...     u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1
>>> game = NormalFormGame.from_payoffs(u, players=("A", "B", "C"), actions=(("x", "y"),) * 3)
>>> (mixed,) = support_systems(game, enumpoly_solve(game))          # the pure equilibria need no equations
>>> mixed.variables[0], [(str(c), m) for c, m in mixed.payoffs[0].terms]     # A's payoff from x: 2(1 - q)(1 - r)
(('p', 'A', 'y'), [('2', ('q', 'r')), ('-2', ('q',)), ('-2', ('r',)), ('2', ())])
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.derivation_result import PayoffPolynomial, SupportSystemView
from berlinsim.model.enumeration import EnumpolyDetails
from berlinsim.model.normal_form import NormalFormGame

__all__ = ["support_systems"]

#: Most support profiles written out.
MAX_SYSTEMS = 8
#: Letters of the players' probabilities (then x7, x8, ...).
LETTERS = "pqrsvw"

Poly = dict[tuple[str, ...], Any]


def _mul(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for (ma, ca), (mb, cb) in itertools.product(a.items(), b.items()):
        m = tuple(sorted(ma + mb))
        out[m] = out.get(m, 0) + ca * cb
    return {m: c for m, c in out.items() if c != 0}


def _variables(game: NormalFormGame, support: Sequence[Sequence[int]]) -> list[tuple[str, int, int]]:
    out = []
    for i, s in enumerate(support):
        letter = LETTERS[i] if i < len(LETTERS) else f"x{i + 1}"
        for k, a in enumerate(s[1:], 1):
            out.append((letter if len(s) == 2 else f"{letter}{k}", i, a))
    return out


def _strategy_polys(game: NormalFormGame, support: Sequence[Sequence[int]],
                    variables: list[tuple[str, int, int]]) -> list[dict[int, Poly]]:
    one = Fraction(1) if game.is_exact else 1.0
    polys: list[dict[int, Poly]] = [{} for _ in support]
    for name, i, a in variables:
        polys[i][a] = {(name,): one}
    for i, s in enumerate(support):  # the first action: one minus the others'
        polys[i][s[0]] = {(): one} | {(name,): -one for name, j, _ in variables if j == i}
    return polys


def _payoff(game: NormalFormGame, support: Sequence[Sequence[int]], polys: list[dict[int, Poly]],
            i: int, a: int) -> Poly:
    u = game.exact_payoffs if game.is_exact else game.payoffs
    total: Poly = {}
    others = [j for j in range(game.num_players) if j != i]
    for rest in itertools.product(*(support[j] for j in others)):
        cell = list(rest)
        cell.insert(i, a)
        value = u[(i, *cell)]
        if value == 0:
            continue
        term: Poly = {(): value}
        for j, b in zip(others, rest):
            term = _mul(term, polys[j][b])
        for m, c in term.items():
            total[m] = total.get(m, 0) + c
    return {m: c for m, c in total.items() if c != 0}


def _ordered(poly: Poly) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    return tuple((c, m) for m, c in sorted(poly.items(), key=lambda item: (-len(item[0]), item[0])))


def _system(game: NormalFormGame, support: Sequence[Sequence[int]]) -> tuple[list, list, list]:
    variables = _variables(game, support)
    polys = _strategy_polys(game, support, variables)
    payoffs, equations = [], []
    for i, s in enumerate(support):
        if len(s) < 2:
            continue
        first = len(payoffs)
        for a in s:
            payoffs.append(PayoffPolynomial(player=game.players[i], action=game.actions[i][a],
                                            terms=_ordered(_payoff(game, support, polys, i, a))))
        equations += [(first, first + k) for k in range(1, len(s))]
    return variables, payoffs, equations


def support_systems(game: NormalFormGame, result: Any) -> tuple[SupportSystemView, ...]:
    """The systems of the listed equilibria's supports, then of the supports left unsettled (at most :data:`MAX_SYSTEMS`)."""
    details = result.details
    if not isinstance(details, EnumpolyDetails):
        return ()
    found: dict[tuple, list[int]] = {}
    for k, eq in enumerate(result.equilibria):
        found.setdefault(eq.support, []).append(k)
    views = []
    for support, members in found.items():
        if all(len(s) == 1 for s in support):
            continue  # a pure equilibrium has no equations to solve
        variables, payoffs, equations = _system(game, support)
        values, eliminants = [], []
        for k in members:
            eq = result.equilibria[k]
            strategies = eq.exact_strategies if eq.exact_strategies is not None else eq.strategies
            values.append(tuple((name, strategies[i][a]) for name, i, a in variables))
            certificate = details.certificates[k]
            eliminants.append(certificate.eliminant if certificate is not None else ())
        views.append(SupportSystemView(
            support=_labels(game, support), variables=tuple((n, game.players[i], game.actions[i][a]) for n, i, a in variables),
            payoffs=tuple(payoffs), equations=tuple(equations), equilibria=tuple(k + 1 for k in members),
            values=tuple(values), eliminants=tuple(eliminants)))
    for report in details.infinite:
        if report.is_resolved:
            continue
        variables, payoffs, equations = _system(game, report.support)
        views.append(SupportSystemView(
            support=_labels(game, report.support),
            variables=tuple((n, game.players[i], game.actions[i][a]) for n, i, a in variables),
            payoffs=tuple(payoffs), equations=tuple(equations), status=report.status, reason=report.reason))
    return tuple(views[:MAX_SYSTEMS])


def _labels(game: NormalFormGame, support: Sequence[Sequence[int]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(game.actions[i][a] for a in s) for i, s in enumerate(support))
