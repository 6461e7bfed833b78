"""The matrix parts of a derivation (private helper of :mod:`berlinsim.analysis.derivation`).

The game cell by cell with best responses, iterated strict dominance with the payoff
comparisons that prove each step, the best-response search for pure equilibria and the table
of pure deviations against an equilibrium. What pins each strategy down is in
:mod:`._derivation_mixes`.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.model.result import equilibrium_from
>>> pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]], actions=(("H", "T"), ("H", "T")))
>>> eq = equilibrium_from(pennies, (("1/2", "1/2"), ("1/2", "1/2")), exact=True)
>>> [(r.strategy, r.payoff) for r in verification(pennies, eq).rows]
[('H', Fraction(0, 1)), ('T', Fraction(0, 1)), ('H', Fraction(0, 1)), ('T', Fraction(0, 1))]
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.model.derivation_result import (
    BestResponse, Comparison, Deviation, DominanceStepView, DominanceView, MatrixView,
    Number, PureSearch, StrategyLine, Verification,
)
from berlinsim.model.normal_form import NormalFormGame

#: Largest game (cells) for which every best response is listed.
MAX_SEARCH_CELLS = 400
_TOL = 1e-9


def number(value: Any, exact: bool) -> Number:
    """``value`` as a Fraction (exact) or a float."""
    if exact:
        return value if type(value) is Fraction else Fraction(value)
    return float(value)


def _table(game: NormalFormGame) -> tuple[np.ndarray, bool]:
    if game.exact_payoffs is not None:
        return game.exact_payoffs, True
    return game.payoffs, False


def _tol(game: NormalFormGame, exact: bool) -> float:
    return 0 if exact else _TOL * max(1.0, game.max_abs_payoff)  # int 0: Fraction - 0.0 would be a float


def matrix_view(game: NormalFormGame, descriptions: Sequence[Sequence[str]] | None = None,
                outcomes: Sequence[str] | None = None) -> MatrixView:
    """The game cell by cell (row-major), each player's best responses marked."""
    u, exact = _table(game)
    tol = _tol(game, exact)
    best = np.empty(u.shape, dtype=bool)
    for i in range(game.num_players):
        top = u[i].max(axis=i, keepdims=True)
        best[i] = (u[i] >= top - tol) if tol else (u[i] == top)
    cells = tuple(itertools.product(*(range(n) for n in game.shape)))
    about = tuple(tuple(d) for d in descriptions) if descriptions else tuple(("",) * n for n in game.shape)
    labels = tuple(outcomes) if outcomes and len(outcomes) == len(cells) else ("",) * len(cells)
    return MatrixView(
        players=game.players, actions=game.actions, descriptions=about, cells=cells,
        payoffs=tuple(tuple(number(u[(i, *c)], exact) for i in range(game.num_players)) for c in cells),
        best=tuple(tuple(bool(best[(i, *c)]) for i in range(game.num_players)) for c in cells),
        outcomes=labels, exact=exact)


# ----------------------------------------------------------------------------- dominance
def dominance_view(game: NormalFormGame, details: Any = None) -> DominanceView | None:
    """Iterated strict dominance with every step's payoff comparisons; None when the game is too large.

    ``details``: the :class:`~berlinsim.solvers.dominance.DominanceDetails` of a dominance run
    already made (e.g. with weak elimination) to show instead of a fresh strict one.
    """
    from berlinsim.solvers.dominance import dominance_solve, verify_trace

    if details is None:
        try:
            details = dominance_solve(game).details
        except BerlinsimError:
            return None
    try:
        verify_trace(game, details.steps)
        verified = True
    except BerlinsimError:
        verified = False
    u, exact = _table(game)
    keep = [list(range(n)) for n in game.shape]
    steps = []
    for step in details.steps:
        i, a = step.player_index, step.action_index
        weights = dict(step.dominator)
        others = [j for j in range(game.num_players) if j != i]
        comparisons = []
        for rest in itertools.product(*(keep[j] for j in others)):
            def payoff(action: int) -> Any:
                cell = list(rest)
                cell.insert(i, action)
                return u[(i, *cell)]
            dominating = sum((number(weights[game.actions[i][b]], exact) * number(payoff(b), exact)
                              for b in keep[i] if b != a and game.actions[i][b] in weights), number(0, exact))
            comparisons.append(Comparison(against=tuple(game.actions[j][k] for j, k in zip(others, rest)),
                                          dominator_payoff=dominating, action_payoff=number(payoff(a), exact)))
        steps.append(DominanceStepView(
            round=step.round, player=step.player, action=step.action,
            dominator=tuple((label, number(p, exact)) for label, p in step.dominator),
            strict=step.strict, margin=number(step.margin, exact), comparisons=tuple(comparisons)))
        keep[i].remove(a)
    remaining = tuple(tuple(game.actions[i][k] for k in kept) for i, kept in enumerate(details.kept))
    return DominanceView(steps=tuple(steps), remaining=remaining, solved=details.reduced.num_cells == 1,
                         verified=verified)


def solved_dominance_view(result: Any) -> DominanceView | None:
    """The steps of a ``dominance`` result with their payoff comparisons; None for another method.

    A tree was solved in its reduced normal form: the steps are shown on that table (the
    actions are the reduced strategies).

    >>> from berlinsim.solvers.dominance import dominance_solve
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))
    >>> [(s.player, s.action) for s in solved_dominance_view(dominance_solve(pd)).steps]
    [('1', 'C'), ('2', 'C')]
    """
    if result.method != "dominance" or not hasattr(result.details, "steps"):
        return None
    game = result.game
    if not isinstance(game, NormalFormGame):
        from berlinsim.model.reduced_normal_form import to_reduced_normal_form

        game = to_reduced_normal_form(game)[0]
    return dominance_view(game, result.details)


# ----------------------------------------------------------------------------- pure equilibria
def pure_search(game: NormalFormGame) -> PureSearch | None:
    """Every player's best responses to every profile of the others' actions, and the cells where all meet."""
    if game.num_cells > MAX_SEARCH_CELLS:
        return None
    u, exact = _table(game)
    tol = _tol(game, exact)
    rows = []
    for i in range(game.num_players):
        others = [j for j in range(game.num_players) if j != i]
        for rest in itertools.product(*(range(game.shape[j]) for j in others)):
            values = []
            for a in range(game.shape[i]):
                cell = list(rest)
                cell.insert(i, a)
                values.append(u[(i, *cell)])
            top = max(values)
            best = tuple(game.actions[i][a] for a, v in enumerate(values) if v >= top - tol)
            rows.append(BestResponse(player=game.players[i], against=tuple(game.actions[j][k] for j, k in zip(others, rest)),
                                     best=best, value=number(top, exact)))
    view = matrix_view(game)
    cells = tuple(tuple(game.actions[i][a] for i, a in enumerate(c))
                  for c, marks in zip(view.cells, view.best) if all(marks))
    return PureSearch(best_responses=tuple(rows), equilibria=cells)


# ----------------------------------------------------------------------------- equilibria
def _strategies(game: NormalFormGame, eq: Any) -> tuple[tuple[Number, ...], ...]:
    exact = eq.exact_strategies is not None and game.exact_payoffs is not None
    rows = eq.exact_strategies if exact else eq.strategies
    return tuple(tuple(number(p, exact) for p in s) for s in rows)


def _positive(p: Number) -> bool:
    return p > 0 if isinstance(p, Fraction) else p > 1e-12


def strategy_lines(game: NormalFormGame, eq: Any) -> tuple[StrategyLine, ...]:
    """Each player's played actions and their probabilities."""
    return tuple(StrategyLine(player=game.players[i], where="",
                              probabilities=tuple((game.actions[i][a], p) for a, p in enumerate(s) if _positive(p)))
                 for i, s in enumerate(_strategies(game, eq)))


def verification(game: NormalFormGame, eq: Any) -> Verification:
    """Each player's payoff from each pure action against the others' equilibrium strategies."""
    from berlinsim.model.profile import action_values, exact_action_values

    strategies = _strategies(game, eq)
    exact = eq.exact_strategies is not None and game.exact_payoffs is not None
    values = exact_action_values(game, strategies) if exact else action_values(game, strategies)
    rows, best, payoffs = [], [], []
    regret = number(0, exact)
    for i in range(game.num_players):
        vals = [number(v, exact) for v in values[i]]
        mine = sum((v * p for v, p in zip(vals, strategies[i])), number(0, exact))
        payoffs.append(mine)
        best.append(max(vals))
        regret = max(regret, max(vals) - mine)
        rows += [Deviation(player=game.players[i], strategy=game.actions[i][a], payoff=v, gain=v - mine,
                           used=_positive(strategies[i][a])) for a, v in enumerate(vals)]
    return Verification(kind="actions", payoffs=tuple(payoffs), rows=tuple(rows), best_values=tuple(best),
                        regret=regret, exact=exact)
