"""The obedience inequalities behind correlated equilibria, for ``explain`` (private part of :mod:`.derivation`).

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.correlated import correlated_solve
>>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=("A", "B"),
...                                        actions=(("C", "D"), ("C", "D")))
>>> view = correlated_view(chicken, correlated_solve(chicken))
>>> [(c.player, c.told, c.deviation) for c in view.constraints]
[('A', 'C', 'D'), ('A', 'D', 'C'), ('B', 'C', 'D'), ('B', 'D', 'C')]
>>> first = view.distributions[0]
>>> [str(p) for p in first.probabilities], [view.constraints[k].told for k in first.binding], first.is_vertex
(['1/2', '1/4', '1/4', '0'], ['C', 'C'], True)
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from berlinsim.model.components import affine_dimension
from berlinsim.model.correlated import CorrelatedEquilibrium
from berlinsim.model.derivation_result import CorrelatedView, DistributionLine, ObedienceLine
from berlinsim.model.normal_form import NormalFormGame

__all__ = ["correlated_view", "is_correlated"]

#: Most listed distributions whose binding constraints are worked out.
MAX_DISTRIBUTIONS = 12


def is_correlated(result: Any) -> bool:
    """Whether ``result`` lists (coarse) correlated equilibria."""
    return bool(result.equilibria) and all(isinstance(eq, CorrelatedEquilibrium) for eq in result.equilibria)


def _constraints(game: NormalFormGame, coarse: bool) -> list[ObedienceLine]:
    exact = game.exact_payoffs is not None
    u = game.exact_payoffs if exact else game.payoffs
    cells = list(itertools.product(*(range(n) for n in game.shape)))
    out = []
    for i, actions in enumerate(game.actions):
        for a in ([None] if coarse else range(len(actions))):
            mine = [(k, c) for k, c in enumerate(cells) if a is None or c[i] == a]
            for b in range(len(actions)):
                if b == a:
                    continue
                obey = tuple((k, u[(i, *c)]) for k, c in mine)
                deviate = tuple((k, u[(i, *c[:i], b, *c[i + 1:])]) for k, c in mine)
                if all(x == y for (_, x), (_, y) in zip(obey, deviate)):
                    continue  # the switch changes nothing: the inequality is 0 >= 0
                out.append(ObedienceLine(player=game.players[i], told=None if a is None else actions[a],
                                         deviation=actions[b], obey=obey, deviate=deviate))
    return out


def _slack(line: ObedienceLine, p: tuple) -> Any:
    return sum((d * p[k] for k, d in line.difference), Fraction(0) if isinstance(p[0], Fraction) else 0.0)


def _is_vertex(constraints: list[ObedienceLine], binding: tuple[int, ...], p: list, n: int) -> bool:
    """Whether the tight constraints (binding inequalities, zero cells, the sum) have full rank ``n``."""
    rows = []
    for k in binding:
        row = [Fraction(0)] * n
        for c, d in constraints[k].difference:
            row[c] = Fraction(d)
        rows.append(tuple(row))
    rows += [tuple(Fraction(int(c == k)) for c in range(n)) for k in range(n) if p[k] == 0]
    rows.append(tuple(Fraction(1) for _ in range(n)))
    return affine_dimension([tuple(Fraction(0) for _ in range(n)), *rows]) == n  # the rank of the rows


def correlated_view(game: NormalFormGame, result: Any) -> CorrelatedView:
    """The inequalities of ``result``'s polytope and, for its first listed distributions, which bind."""
    coarse = bool(getattr(result.details, "coarse", False))
    constraints = _constraints(game, coarse)
    cells = list(itertools.product(*(range(n) for n in game.shape)))
    index = {c: k for k, c in enumerate(cells)}
    u = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    welfare = tuple(sum(u[(i, *c)] for i in range(game.num_players)) for c in cells)
    lines = []
    for number, eq in enumerate(result.equilibria[:MAX_DISTRIBUTIONS], 1):
        exact = eq.exact_probabilities is not None and game.exact_payoffs is not None
        zero = Fraction(0) if exact else 0.0
        p = [zero] * len(cells)
        for cell, q in eq.distribution:
            p[index[cell]] = q if exact else float(q)
        tolerance = 0 if exact else 1e-9 * max(1.0, game.max_abs_payoff)
        binding = tuple(k for k, line in enumerate(constraints)  # recommendations never made bind trivially: left out
                        if abs(_slack(line, tuple(p))) <= tolerance and any(p[c] != 0 for c, _ in line.obey))
        payoffs = eq.exact_payoffs if exact and eq.exact_payoffs is not None else eq.payoffs
        vertex = _is_vertex(constraints, binding, p, len(cells)) if exact else None
        lines.append(DistributionLine(number=number, roles=eq.roles, probabilities=tuple(p), payoffs=tuple(payoffs),
                                      binding=binding, is_vertex=vertex))
    return CorrelatedView(coarse=coarse, cells=tuple(tuple(game.actions[i][a] for i, a in enumerate(c)) for c in cells),
                          welfare=welfare, constraints=tuple(constraints), distributions=tuple(lines),
                          vertices=result.details.vertices is not None)
