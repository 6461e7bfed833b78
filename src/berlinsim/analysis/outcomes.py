"""Outcomes of a normal-form game judged as outcomes: efficiency, welfare, risk.

- :func:`pareto_efficient`: the cells (pure profiles) that no other cell Pareto-dominates
  (at least as good for every player and better for one).
- :func:`welfare`: the sum of payoffs in each cell and the cells that maximise it
  (the utilitarian optimum).
- :func:`risk_dominance`: which of two strict equilibria of a 2x2 game risk-dominates
  the other (Harsanyi & Selten, *A General Theory of Equilibrium Selection in Games*,
  1988): the one with the larger product of the players' deviation losses.

Everything is exact (Fractions) when the game's payoffs are exact.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))
>>> [o.actions for o in pareto_efficient(pd)]
[('C', 'C'), ('C', 'D'), ('D', 'C')]
>>> w = welfare(pd)
>>> w.optimum, [o.actions for o in w.optimal]
(Fraction(6, 1), [('C', 'C')])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import payoff_tolerances

Number = Fraction | float


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One cell of a game: the action indices, their labels, and every player's payoff."""

    cell: tuple[int, ...]
    actions: tuple[str, ...]
    payoffs: tuple[Number, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Welfare:
    """Utilitarian welfare.

    Attributes
    ----------
    totals : numpy.ndarray
        Sum of the players' payoffs in each cell, shape ``game.shape``, read-only
        (Fractions in an object array when the game is exact).
    optimum : Fraction or float
        The largest total.
    optimal : tuple of Outcome
        The cells reaching it (within the payoff tolerance for float games).
    """

    totals: np.ndarray
    optimum: Number
    optimal: tuple[Outcome, ...]

    def __post_init__(self) -> None:
        totals = np.array(self.totals, copy=True)
        totals.setflags(write=False)
        object.__setattr__(self, "totals", totals)


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskDominance:
    """Harsanyi-Selten risk dominance between two strict equilibria of a 2x2 game.

    Attributes
    ----------
    first, second : Outcome
        The two equilibria compared.
    first_product, second_product : Fraction or float
        Each equilibrium's product of deviation losses (player 1's loss from switching
        actions times player 2's).
    dominant : Outcome or None
        The risk-dominant equilibrium (larger product); ``None`` when the products tie.
    """

    first: Outcome
    second: Outcome
    first_product: Number
    second_product: Number
    dominant: Outcome | None


def outcome(game: NormalFormGame, cell: Sequence[int | str]) -> Outcome:
    """The :class:`Outcome` of one cell, given by action indices or labels."""
    index = tuple(game.action_index(i, a) for i, a in enumerate(cell))
    return Outcome(
        cell=index,
        actions=tuple(game.actions[i][a] for i, a in enumerate(index)),
        payoffs=game.payoff_of(index),
    )


def _comparable(game: NormalFormGame) -> np.ndarray:
    """Payoffs as an array whose order is exactly the payoffs' order: integers when exact."""
    if game.exact_payoffs is None:
        return np.asarray(game.payoffs)
    flat = list(game.exact_payoffs.flat)
    scale = lcm(*(f.denominator for f in flat)) if flat else 1
    ints = [int(f * scale) for f in flat]
    big = max((abs(v) for v in ints), default=0) >= 2**62
    return np.array(ints, dtype=object if big else np.int64).reshape(game.exact_payoffs.shape)


def pareto_efficient(game: NormalFormGame) -> tuple[Outcome, ...]:
    """The cells no other cell Pareto-dominates, in lexicographic order of cells.

    Cells are visited in decreasing lexicographic order of their payoff vectors, so a
    cell can only be dominated by one visited before it, and it is enough to compare it
    with the efficient cells found so far. Exact games are compared exactly.

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> chicken = NormalFormGame.symmetric([[0, -1], [1, -10]], actions=("Swerve", "Straight"))
    >>> [o.cell for o in pareto_efficient(chicken)]
    [(0, 0), (0, 1), (1, 0)]
    """
    values = _comparable(game).reshape(game.num_players, -1).T  # one row per cell
    order = sorted(range(values.shape[0]), key=lambda c: tuple(values[c]), reverse=True)
    front: list[int] = []
    for c in order:
        row = values[c]
        if front:
            f = values[front]
            if np.any(np.all(f >= row, axis=1) & np.any(f > row, axis=1)):
                continue
        front.append(c)
    cells = sorted(tuple(int(x) for x in np.unravel_index(c, game.shape)) for c in front)
    return tuple(outcome(game, cell) for cell in cells)


def welfare(game: NormalFormGame) -> Welfare:
    """Sum of payoffs in every cell and the cells that maximise it.

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> chicken = NormalFormGame.symmetric([[0, -1], [1, -10]])
    >>> w = welfare(chicken)
    >>> w.totals.tolist(), w.optimum
    ([[Fraction(0, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(-20, 1)]], Fraction(0, 1))
    """
    if game.exact_payoffs is not None:
        totals = game.exact_payoffs.sum(axis=0)
        optimum = max(totals.flat)
        cells = np.argwhere(totals == optimum)
    else:
        totals = game.payoffs.sum(axis=0)
        optimum = float(totals.max())
        cells = np.argwhere(totals >= optimum - sum(payoff_tolerances(game)))
    optimal = tuple(outcome(game, tuple(int(x) for x in c)) for c in cells)
    return Welfare(totals=totals, optimum=optimum, optimal=optimal)


def strict_pure_equilibria(game: NormalFormGame) -> tuple[tuple[int, ...], ...]:
    """Cells where every player's action is her unique best response (exact when exact)."""
    values = _comparable(game)
    out = []
    for cell in np.ndindex(*game.shape):
        strict = True
        for i in range(game.num_players):
            line = list(cell)
            line[i] = slice(None)
            others = np.delete(values[(i, *line)], cell[i])
            if others.size and not np.all(others < values[(i, *cell)]):
                strict = False
                break
        if strict:
            out.append(tuple(int(a) for a in cell))
    return tuple(out)


def risk_dominance(
    game: NormalFormGame,
    first: Sequence[int | str] | None = None,
    second: Sequence[int | str] | None = None,
) -> RiskDominance:
    """Compare two strict equilibria of a 2x2 game by Harsanyi-Selten risk dominance.

    Parameters
    ----------
    game : NormalFormGame
        A 2-player game with 2 actions each.
    first, second : cells (action indices or labels), optional
        The equilibria to compare; by default the game's two strict equilibria.

    Raises
    ------
    GameError
        If the game is not 2x2, or the cells are not two distinct strict equilibria.

    Examples
    --------
    Stag hunt: (Stag, Stag) pays more, (Hare, Hare) is safer and risk-dominant.

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> stag = NormalFormGame.symmetric([[4, 0], [3, 3]], actions=("Stag", "Hare"))
    >>> rd = risk_dominance(stag)
    >>> rd.first_product, rd.second_product, rd.dominant.actions
    (Fraction(1, 1), Fraction(9, 1), ('Hare', 'Hare'))
    """
    if game.shape != (2, 2):
        raise GameError(f"risk dominance here compares equilibria of a 2x2 game, got shape {game.shape}")
    strict = strict_pure_equilibria(game)
    if first is None or second is None:
        if len(strict) != 2:
            raise GameError(f"risk dominance needs two strict equilibria; this game has {len(strict)}")
        first, second = strict
    a = outcome(game, first)
    b = outcome(game, second)
    for o in (a, b):
        if o.cell not in strict:
            raise GameError(f"cell {o.actions} is not a strict equilibrium")
    if a.cell == b.cell:
        raise GameError("risk dominance compares two different equilibria")
    pa, pb = _loss_product(game, a.cell), _loss_product(game, b.cell)
    dominant = a if pa > pb else b if pb > pa else None
    return RiskDominance(first=a, second=b, first_product=pa, second_product=pb, dominant=dominant)


def _loss_product(game: NormalFormGame, cell: tuple[int, ...]) -> Number:
    r, c = cell
    u = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    loss_row = u[0, r, c] - u[0, 1 - r, c]
    loss_col = u[1, r, c] - u[1, r, 1 - c]
    product = loss_row * loss_col
    return product if game.exact_payoffs is not None else float(product)
