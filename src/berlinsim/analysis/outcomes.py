"""Outcomes of a normal-form game judged as outcomes: efficiency, welfare, risk.

- :func:`pareto_efficient`: the cells (pure profiles) that no other cell Pareto-dominates
  (at least as good for every player and better for one).
- :func:`welfare`: the sum of payoffs in each cell and the cells that maximise it
  (the utilitarian optimum).
- :func:`risk_dominance`: which of two strict equilibria of a 2x2 game risk-dominates
  the other (Harsanyi & Selten, *A General Theory of Equilibrium Selection in Games*,
  1988): the one with the larger product of the players' deviation losses.
- :func:`efficiency`: all three for the equilibria of a solved scenario (what ``run`` and
  ``compare`` show next to them): each equilibrium's welfare, whether a pure outcome (a cell, or
  a pure strategy profile of a tree) Pareto-dominates it, which equilibria dominate it, and risk
  dominance in a 2x2 game.

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
from typing import Any, Sequence

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


# ----------------------------------------------------------------------------- a solved scenario's equilibria
#: Most pure outcomes compared with the equilibria (a larger table is not judged).
MAX_OUTCOMES = 200_000
#: Most optimal outcomes named.
MAX_NAMED = 3


def _payoff_vector(eq: Any, exact: bool) -> tuple[Number, ...]:
    return tuple(eq.exact_payoffs) if exact else tuple(float(u) for u in eq.payoffs)


def _dominates(a: Sequence[Number], b: Sequence[Number], tol: Sequence[float] | None) -> bool:
    """Whether payoffs ``a`` Pareto-dominate ``b`` (at least as good for all, better for one); exactly when
    ``tol`` is None, else within each player's tolerance ``tol[i]``."""
    if tol is None:
        return all(x >= y for x, y in zip(a, b)) and any(x > y for x, y in zip(a, b))
    return all(x >= y - t for x, y, t in zip(a, b, tol)) and any(x > y + t for x, y, t in zip(a, b, tol))


def _pure_outcomes(run: Any) -> tuple[NormalFormGame, Any]:
    """The table of pure outcomes: the matrix itself, or a tree's reduced normal form (and its strategy map)."""
    game = run.game
    if isinstance(game, NormalFormGame):
        return game, None
    from berlinsim.model.reduced_normal_form import to_reduced_normal_form

    return to_reduced_normal_form(game)


def _outcome_name(run: Any, table: NormalFormGame, strategies: Any, cell: tuple[int, ...]) -> str:
    """A pure outcome in the scenario's words: a cell's outcome label, or the outcome distribution a tree's
    pure strategy profile leads to (``"war 0.1, status quo 0.9"``)."""
    if strategies is None:
        return str(run.built.outcome_labels[int(np.ravel_multi_index(cell, table.shape))])
    from berlinsim.model.behavior import terminal_distribution
    from berlinsim.model.identity import number_text
    from berlinsim.model.reduced_normal_form import mixed_to_behavior

    pure = [[1.0 if k == c else 0.0 for k in range(n)] for c, n in zip(cell, table.shape)]
    behavior = mixed_to_behavior(run.game, strategies, pure)
    grouped: dict[str, float] = {}
    for label, p in zip(run.built.outcome_labels, terminal_distribution(run.game, behavior)):
        grouped[str(label)] = grouped.get(str(label), 0.0) + float(p)
    used = [(label, p) for label, p in grouped.items() if round(p, 6) > 0]
    if len(used) == 1:
        return used[0][0]
    return " or ".join(f"{label} ({number_text(round(p, 6))})" for label, p in used)


def _risk(run: Any) -> tuple[tuple[int, ...], tuple[Number, ...], int | None]:
    """Risk dominance between the two strict equilibria of a 2 x 2 game, as 1-based equilibrium numbers."""
    game = run.game
    if not isinstance(game, NormalFormGame) or game.shape != (2, 2) or len(strict_pure_equilibria(game)) != 2:
        return (), (), None
    rd = risk_dominance(game)
    numbers = []
    for o in (rd.first, rd.second):
        k = next((k for k, eq in enumerate(run.result.equilibria)
                  if getattr(eq, "is_pure", False) and all(max(range(len(s)), key=s.__getitem__) == a for s, a in zip(eq.strategies, o.cell))),
                 None)
        if k is None:
            return (), (), None
        numbers.append(k + 1)
    dominant = None if rd.dominant is None else numbers[0] if rd.dominant.cell == rd.first.cell else numbers[1]
    return tuple(numbers), (rd.first_product, rd.second_product), dominant


def efficiency(run: Any) -> Any:
    """The equilibria of a solved scenario (:class:`~berlinsim.scenarios.run.ScenarioRun`) judged as outcomes:
    welfare, Pareto efficiency against every pure outcome and against each other, and risk dominance
    (:class:`~berlinsim.model.efficiency.Efficiency`; exact when the game and the equilibria are).

    >>> from berlinsim.io.scenario_yaml import parse_scenario
    >>> from berlinsim.scenarios.run import run_scenario
    >>> chicken = parse_scenario('''
    ... berlinsim: 1
    ... id: chicken
    ... title: Chicken
    ... source: {document: memo, paragraphs: [8]}
    ... players: {A: {}, B: {}}
    ... game:
    ...   type: matrix
    ...   actions: {A: [Swerve, Straight], B: [Swerve, Straight]}
    ...   cells:
    ...     - {actions: [Swerve, Swerve], payoffs: {A: 0, B: 0}}
    ...     - {actions: [Swerve, Straight], payoffs: {A: -1, B: 1}}
    ...     - {actions: [Straight, Swerve], payoffs: {A: 1, B: -1}}
    ...     - {actions: [Straight, Straight], payoffs: {A: -10, B: -10}}
    ... solve: {method: enummixed}
    ... ''')
    >>> run = run_scenario(chicken)
    >>> judged = efficiency(run)
    >>> [(e.welfare, e.efficient, e.dominated_by) for e in judged.equilibria]
    [(Fraction(0, 1), True, ''), (Fraction(-1, 5), False, 'Swerve / Swerve'), (Fraction(0, 1), True, '')]
    >>> judged.optimum, judged.optimal, judged.risk_compared, judged.risk_dominant
    (Fraction(0, 1), ('Swerve / Swerve', 'Swerve / Straight', 'Straight / Swerve'), (1, 3), None)
    """
    from berlinsim.model.efficiency import Efficiency, EquilibriumEfficiency

    equilibria = run.result.equilibria
    players = tuple(run.game.players)
    table, strategies = _pure_outcomes(run)
    if table.num_cells > MAX_OUTCOMES:
        return Efficiency(players=players, equilibria=(), outcomes=table.num_cells,
                          note=f"not judged: {table.num_cells} pure outcomes is more than {MAX_OUTCOMES}")
    exact = table.exact_payoffs is not None and all(getattr(eq, "exact_payoffs", None) is not None for eq in equilibria)
    tol = None if exact else tuple(10 * t for t in payoff_tolerances(table))  # relative to each player's range
    u = table.exact_payoffs if exact else table.payoffs
    cells = list(np.ndindex(*table.shape))
    vectors = [tuple(u[(i, *c)] for i in range(len(players))) for c in cells]
    zero: Number = Fraction(0) if exact else 0.0
    totals = [sum(v, zero) for v in vectors]
    optimum = max(totals)
    optimal = [c for c, t in zip(cells, totals) if (t == optimum if exact else t >= optimum - sum(tol))]
    named = tuple(dict.fromkeys(_outcome_name(run, table, strategies, c) for c in optimal[:MAX_NAMED]))
    pays = [_payoff_vector(eq, exact) for eq in equilibria]
    judged = []
    for k, pay in enumerate(pays):
        above = [j for j, v in enumerate(vectors) if _dominates(v, pay, tol)]
        best = max(above, key=lambda j: (totals[j], -j)) if above else None
        judged.append(EquilibriumEfficiency(
            welfare=sum(pay, zero), efficient=not above,
            dominated_by=_outcome_name(run, table, strategies, cells[best]) if best is not None else "",
            dominating_payoffs=vectors[best] if best is not None else (), dominating_count=len(above),
            better_equilibria=tuple(j + 1 for j, other in enumerate(pays) if j != k and _dominates(other, pay, tol))))
    compared, products, dominant = _risk(run)
    return Efficiency(players=players, equilibria=tuple(judged), optimum=optimum, optimal=named,
                      outcomes=table.num_cells, risk_compared=compared, risk_products=products, risk_dominant=dominant)
