"""The complete threshold finder: every point where the equilibrium set can change, then one solve each.

Private half of :mod:`berlinsim.analysis.thresholds`. For a scenario whose formulas are rational
in the parameter on pieces (:mod:`berlinsim.analysis._piecewise_game`) and a method with
polynomial structure (``pure``; ``enummixed`` and ``auto`` for two players; ``spe`` and table
methods on trees), the equilibrium set is constant wherever no polynomial of
:mod:`._critical_matrix` / :mod:`._critical_tree` changes sign. Their real roots in the interval,
with the breaks of the pieces and the interval's ends, are the *critical points*; over-collecting
costs only solves, never a missed change. Then the scenario is solved once inside each interval
between neighbouring critical points (at its simplest fraction) and once at each critical point
(exactly at a rational one; at an irrational one, in floats on the normalised game at a point of
its 1e-12 bracket, whose ties the solver's tolerance decides: :func:`_solve_irrational`), and
neighbours are compared.

:func:`critical_points` raises :class:`~._critical_matrix.Unsupported` when the finder does not
apply; the caller scans instead.
"""

from __future__ import annotations

from concurrent.futures import Executor
from fractions import Fraction
from typing import Any, Callable, Mapping

import numpy as np

from berlinsim.analysis._critical_matrix import Unsupported, bimatrix_family, pure_family
from berlinsim.analysis._threshold_keys import PLAN_METHODS, Point, solved_point
from berlinsim.errors import BerlinsimError, GameError
from berlinsim.model.piecewise import NotRationalError, Piecewise
from berlinsim.model.polynomial import Polynomial
from berlinsim.model.real_roots import RealRoot, real_roots, separated
from berlinsim.model.scenario import MatrixSpec, Scenario

__all__ = ["Classified", "classify", "critical_points", "solve_at"]

#: Points solved per task handed to an executor.
CHUNK = 16


def _family(scenario: Scenario, method: str, game: Any, piece: Any) -> set[Polynomial]:
    from berlinsim.analysis._critical_tree import spe_family, table_family
    from berlinsim.solvers import tree_method

    if isinstance(scenario.game, MatrixSpec):
        shape = scenario.shape
        if method == "pure":
            return pure_family(piece.payoffs, shape)
        if method in ("enummixed", "auto"):
            if len(shape) != 2:
                raise Unsupported(f"method {method!r} with {len(shape)} players includes a QRE limit")
            m, n = shape
            a = [[piece.payoffs[i * n + j][0] for j in range(n)] for i in range(m)]
            b = [[piece.payoffs[i * n + j][1] for j in range(n)] for i in range(m)]
            return bimatrix_family(a, b)
        raise Unsupported(_no_structure(method))
    method = tree_method(method, game)
    if method == "spe" or (method == "pbe" and game.is_perfect_information):  # there pbe is spe
        return spe_family(game, piece.payoffs, piece.chance)
    if method in ("pure", "enummixed"):
        return table_family(game, piece.payoffs, piece.chance, method)
    if method == "pbe" and game.num_players == 2 and _always_reached(game):
        # every information set is reached under every profile while the chance probabilities are positive
        # (their zeros are in the family): beliefs are Bayes' rule everywhere and the PBE are the Nash equilibria
        return table_family(game, piece.payoffs, piece.chance, "enummixed")
    raise Unsupported(_no_structure(method))


def _always_reached(game: Any) -> bool:
    """Whether every information set is reached with positive probability under every profile (chance positive).

    A set is unavoidable from a node in it; from a decision node when it is from every child (any
    move may be played), from a chance node when it is from some child.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> _always_reached(ExtensiveGame.from_tree(decision("A", {"x": terminal(1, 0), "y": decision(
    ...     "B", {"u": terminal(0, 1), "v": terminal(1, 1)})})))
    False
    """
    from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL

    for s in game.infosets:
        inside = set(s.nodes)
        memo: dict[int, bool] = {}
        for node in range(game.num_nodes - 1, -1, -1):  # preorder: children come after their parent
            if node in inside:
                memo[node] = True
            elif game.kind[node] == TERMINAL:
                memo[node] = False
            elif game.kind[node] == DECISION:
                memo[node] = all(memo[c] for c in game.children(node))
            elif game.kind[node] == CHANCE:
                memo[node] = any(memo[c] for c in game.children(node))
        if not memo[0]:
            return False
    return True


def _no_structure(method: str) -> str:
    if method in ("agent_qre", "qre"):
        return f"{method} is the limit of a QRE path, which has no polynomial structure to follow"
    if method == "pbe":
        return ("the finder follows no polynomial structure of pbe's off-path conditions (the beliefs that justify "
                "the play) where an information set can be left unreached")
    return f"the finder follows no polynomial structure of method {method!r}"


def critical_points(scenario: Scenario, method: str, env: Mapping[str, Any], low: Fraction, high: Fraction,
                    game: Any) -> tuple[RealRoot, ...]:
    """Every point strictly inside (low, high) where the equilibrium set of ``method`` can change.

    ``env`` gives each parameter as a number or a Piecewise of the variable; ``game`` is the
    scenario's game at some point (its structure).

    Raises
    ------
    Unsupported
        A formula is not piecewise rational, or the method or game has no structure followed.
    """
    from berlinsim.analysis._piecewise_game import piecewise_game

    try:
        pg = piecewise_game(scenario, env, low, high)
    except NotRationalError as error:
        raise Unsupported(str(error)) from None
    poles = set(pg.poles())
    found: list[RealRoot] = list(pg.breaks)
    for k, piece in enumerate(pg.pieces):
        a, b = pg.frame.hull(k)
        try:
            family = _family(scenario, method, game, piece)
        except GameError as error:  # e.g. a subgame's normal form too large to build
            raise Unsupported(str(error)) from None
        for poly in family | poles:
            for r in real_roots(poly, a, b):
                if pg.frame.contains(k, r):
                    found.append(r)
    return separated(low, high, found)


class Classified:
    """The solved critical points and the intervals between them."""

    def __init__(self, points: tuple[RealRoot, ...], at: list[Point | str], inside: list[Point | str],
                 low: Point | str, high: Point | str) -> None:
        self.points, self.at, self.inside, self.low, self.high = points, at, inside, low, high


def _solve_chunk(scenario: Scenario, variant: str | None, method: str | None, chunk: list[dict],
                 plans: bool) -> list[Point | str]:
    """Solve every point of ``chunk`` (module level: it pickles); a point where the game cannot be
    built gives the error's message instead."""
    from berlinsim.scenarios.run import run_scenario

    out: list[Point | str] = []
    for values in chunk:
        try:
            out.append(solved_point(run_scenario(scenario, variant=variant, overrides=values, method=method), plans))
        except BerlinsimError as error:
            out.append(str(error))
    return out


def _solve_irrational(scenario: Scenario, variant: str | None, method: str | None, values: list[dict],
                      plans: bool) -> Point | str:
    """The equilibria at an irrational critical point, from ``values`` at a rational point of its
    bracket (then at the samples of the two intervals beside it).

    The games are built exactly; the one in the bracket has each player's payoffs mapped exactly
    onto ``[0, 1]`` by her lowest and highest payoff over the three games (her range near the
    point). Payoffs that tie at the critical point differ in the bracket by about its width
    (1e-12) in these units, so payoffs closer than the tolerance (1e-9) are made equal
    (:func:`_snapped`), and the game is solved in floats: crossings and tangencies show their
    ties, and no shift or scaling of a player's payoffs, however large, changes what is solved
    (the formulas evaluated in floats at the root would lose ties to rounding far out, and a
    tolerance relative to the range *at* the point would see none when a player's only payoffs
    are the two that tie).
    """
    import dataclasses
    from types import SimpleNamespace

    from berlinsim.model.normal_form import NormalFormGame
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.run import solve_built
    from berlinsim.scenarios.values import resolve_values

    games = []
    for k, point in enumerate(values):
        try:
            games.append(build_game(scenario, resolve_values(scenario, variant, point)).game)
        except BerlinsimError as error:
            if k == 0:
                return str(error)
    rows = [_players_first(g) for g in games]
    lows = [min(r[i].min() for r in rows) for i in range(rows[0].shape[0])]
    spans = [max(r[i].max() for r in rows) - low for i, low in enumerate(lows)]
    normalized = np.array([_snapped([(v - low) / span if span else Fraction(0) for v in row.ravel()])
                           for row, low, span in zip(rows[0], lows, spans)]).reshape(rows[0].shape)
    game = games[0]
    try:
        if isinstance(game, NormalFormGame):
            game = NormalFormGame(players=game.players, actions=game.actions, payoffs=normalized,
                                  title=game.title, comment=game.comment)
        else:
            game = dataclasses.replace(game, payoffs=np.ascontiguousarray(normalized.T), exact_payoffs=None)
        result = solve_built(game, method or scenario.method)
    except BerlinsimError as error:
        return str(error)
    return solved_point(SimpleNamespace(game=game, result=result), plans)


def _snapped(values: list[Fraction]) -> list[float]:
    """Values within :data:`~berlinsim.model.result.RELATIVE_TOLERANCE` of their neighbour (in sorted
    order) made equal: each becomes the lowest of its run, as a float."""
    from berlinsim.model.result import RELATIVE_TOLERANCE

    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    first = prev = None
    for k in order:
        v = values[k]
        if prev is None or v - prev > RELATIVE_TOLERANCE:
            first = v
        out[k] = float(first)
        prev = v
    return out


def _players_first(game: Any) -> np.ndarray:
    """A game's payoffs as Fractions (floats as the binary fractions they are), the players on the first axis."""
    from berlinsim.model.normal_form import NormalFormGame

    table = isinstance(game, NormalFormGame)
    exact = game.exact_payoffs if game.exact_payoffs is not None else None
    values = exact if exact is not None else game.payoffs
    out = np.empty(values.shape, dtype=object)
    out.flat[:] = [Fraction(v) if exact is not None else Fraction(float(v)) for v in values.flat]
    return out if table else out.T


def _solve(scenario: Scenario, variant: str | None, method: str | None, points: list[dict], plans: bool,
           workers: int, executor: Executor | None, progress: Callable[[int, int], None] | None) -> list[Point | str]:
    chunks = [points[k:k + CHUNK] for k in range(0, len(points), CHUNK)]
    owned = None
    if executor is None and workers > 1 and len(chunks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        owned = executor = ProcessPoolExecutor(max_workers=workers)
    answers: list[Point | str] = []
    if progress is not None:
        progress(0, len(points))
    try:
        args = [(scenario, variant, method, c, plans) for c in chunks]
        results = (executor.map(_solve_chunk, *zip(*args)) if executor is not None and chunks
                   else (_solve_chunk(*a) for a in args))
        for batch in results:
            answers.extend(batch)
            if progress is not None:
                progress(len(answers), len(points))
    finally:
        if owned is not None:
            owned.shutdown()
    return answers


def solve_at(scenario: Scenario, xs: list[Any], make: Callable, method: str | None, *, workers: int = 1,
             executor: Executor | None = None) -> list[Point | str]:
    """Solve at each of ``xs`` (exact or float values of the variable)."""
    plans = (method or scenario.method) in PLAN_METHODS
    scan = [make(x) for x in xs]
    variant = scan[0][0] if scan else None
    return _solve(scenario, variant, method, [values for _, values in scan], plans, workers, executor, None)


def classify(scenario: Scenario, points: tuple[RealRoot, ...], low: Fraction, high: Fraction, make: Callable,
             method: str | None, *, workers: int = 1, executor: Executor | None = None,
             progress: Callable[[int, int], None] | None = None) -> Classified:
    """Solve inside every interval between neighbouring points and at every point and end."""
    solved_by = method or scenario.method
    plans = solved_by in PLAN_METHODS
    frame = Piecewise(low=low, high=high, breaks=points, pieces=(None,) * (len(points) + 1))
    xs: list[Any] = [frame.sample(k) for k in range(len(points) + 1)]
    rational = [p for p in points if p.exact is not None]
    xs += [p.exact for p in rational] + [low, high]
    scan = [make(x) for x in xs]
    variant = scan[0][0] if scan else None
    solved = iter(_solve(scenario, variant, method, [values for _, values in scan], plans, workers, executor,
                         progress))
    n = len(points)
    answers = [next(solved) for _ in range(n + 1)]
    answers += [next(solved) if p.exact is not None else
                _solve_irrational(scenario, variant, method, [make(x)[1] for x in (
                    (p.low + p.high) / 2, frame.sample(k), frame.sample(k + 1))], plans)
                for k, p in enumerate(points)]
    answers += [next(solved), next(solved)]
    inside = answers[: n + 1]
    for k, answer in enumerate(inside):
        if isinstance(answer, str):  # a formula undefined at the sample (a pole that cancels): another point
            a, b = frame.bounds(k)
            x = a + (b - a) * Fraction(21, 55) if a < b else a
            inside[k] = _solve_chunk(scenario, variant, method, [make(x)[1]], plans)[0]
            if isinstance(inside[k], str):
                raise BerlinsimError(inside[k])
    return Classified(points, answers[n + 1: 2 * n + 1], inside, answers[2 * n + 1], answers[2 * n + 2])
