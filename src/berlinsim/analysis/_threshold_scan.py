"""The scan of :mod:`berlinsim.analysis.thresholds`: for methods and formulas the complete finder does not follow.

:func:`scan_thresholds` solves the scenario at ``samples`` points of the interval (through an
executor with ``workers``). Wherever the *equilibrium outcome set* differs between neighbours:

1. *exact fast path* (:mod:`berlinsim.analysis._threshold_roots`): an equilibrium that holds on
   one side only is held fixed and its exact regret -- a maximum of affine functions of the
   parameter when the payoffs are affine in it -- is followed by secant steps from the other
   side to the exact point where it reaches zero. The root is accepted when the equilibria of
   the two sides agree on it and solving next to it confirms the two sides. The regret is the
   Nash regret, or for the QRE-limit methods (``agent_qre``: a sequential equilibrium) the
   agent regret at every information set, so that a move that stops being credible off the path
   counts (scenario 05's ``w_framing * F_R = 2.95``).
2. otherwise it bisects (on exact dyadic values) until the change is bracketed within
   ``1e-10`` and looks for the exact rational point: the zero of the regret of a fixed
   equilibrium of one side, extrapolated from two exact points; else the simplest fraction in
   the bracket when the equilibrium set there differs from both sides (a degenerate point,
   such as the tie between two mixed equilibria).

An equilibrium's *outcome* is what it plays where play goes: for a matrix, each player's support;
for a tree, the support at every information set reached with positive probability (moves off
the path do not count here). The set at the threshold is solved exactly at the exact point (a
degenerate point typically shows the equilibria of both sides); for a QRE limit, which returns
one equilibrium and settles slowly at a tie, it is the equilibria of both sides that hold there.
A change whose window falls between two scan points is not seen, nor one at the interval's ends.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable

from berlinsim.analysis._threshold_result import Threshold
from berlinsim.analysis._threshold_roots import QRE_LIMITS, _is_pure, agent_regret, resolve_bracket
from berlinsim.analysis._threshold_text import describe as _describe
from berlinsim.analysis.outcome_keys import equilibrium_keys
from berlinsim.model.real_roots import simplest_between
from berlinsim.model.scenario import Scenario

__all__ = ["scan_thresholds"]

#: Width of the bracket that bisection stops at.
TOLERANCE = Fraction(1, 10**10)
#: Changes closer than this fraction of the interval are one change (solvers decide near-ties
#: within a tolerance), and the exact point may lie this far outside the bisection bracket.
SLACK = Fraction(1, 10**7)
#: QRE-limit methods scan at inner points moved by this fraction of a step: well away from round
#: numbers, where the memo's thresholds lie and a QRE limit settles slowly and only approximately.
GRID_SHIFT = Fraction(21, 55)


@dataclass(frozen=True, slots=True)
class _Point:
    """A solved point: its outcome keys, per key one label and one equilibrium, and the game."""

    keys: frozenset
    labels: dict
    game: Any


# ------------------------------------------------------------------------------- evaluation
def _game_at(scenario: Scenario, make: Callable, x: Fraction) -> Any:
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import resolve_values

    variant, values = make(x)
    return build_game(scenario, resolve_values(scenario, variant, values))


def _regret(scenario: Scenario, make: Callable, eq: Any, x: Fraction, *, sequential: bool = False) -> Fraction | None:
    """Exact regret of the fixed profile ``eq`` in the game at ``x`` (None when not exact): the Nash
    regret, or with ``sequential`` (trees) the agent regret of :func:`_threshold_roots.agent_regret`."""
    from berlinsim.model.result import behavior_equilibrium_from, equilibrium_from

    built = _game_at(scenario, make, x)
    if not built.exact:
        return None
    if hasattr(eq, "exact_behavior"):
        if eq.exact_behavior is None:
            return None
        if sequential:
            return agent_regret(built.game, eq.exact_behavior)
        return behavior_equilibrium_from(built.game, eq.exact_behavior, exact=True).exact_regret
    if eq.exact_strategies is None:
        return None
    return equilibrium_from(built.game, eq.exact_strategies, exact=True).exact_regret


def _root_of_regret(regret: Callable, eq: Any, near: Fraction, away: Fraction, a: Fraction,
                    b: Fraction) -> Fraction | None:
    """Zero of the (affine) regret of ``eq`` extrapolated from ``near`` and ``near + away``."""
    r1 = regret(eq, near)
    r2 = regret(eq, near + away)
    if r1 is None or r2 is None or r1 <= 0 or r2 == r1:
        return None
    root = near - r1 * away / (r2 - r1)
    if not a <= root <= b or regret(eq, root) != 0:
        return None
    return root


def _exact_point(regret: Callable, point: Callable, a: Fraction, b: Fraction, left: _Point, right: _Point,
                 low: Fraction, high: Fraction) -> Fraction | None:
    step = (b - a) * 1000
    for side, other, near, away in ((left, right, b, min(step, high - b)), (right, left, a, -min(step, a - low))):
        if away == 0:
            continue
        for key in _only_in(side, other):
            eq = side.labels[key][1]
            root = _root_of_regret(regret, eq, near, away, a, b)
            if root is None:
                continue
            # a pure profile's regret is the gain of one deviation, so its root is the switch point;
            # a mixed profile moves with the parameter, so its root counts only at a degenerate point
            if _is_pure(eq) or point(root).keys not in (left.keys, right.keys):
                return root
    candidate = simplest_between(a, b)
    keys = point(candidate).keys
    if keys != left.keys and keys != right.keys:
        return candidate
    return None


def _only_in(side: _Point, other: _Point) -> list:
    """The outcome keys of ``side`` that ``other`` lacks, in the order the solver listed them (not
    a set's order, which changes with the hash seed and would pick another root first)."""
    return [key for key in side.labels if key not in other.keys]


def _is_exact(eq: Any) -> bool:
    return (eq.exact_behavior if hasattr(eq, "exact_behavior") else eq.exact_strategies) is not None


def keyed_game(run: Any) -> tuple[dict, Any]:
    """A solved run reduced to what the finder keeps: outcome key -> (label, equilibrium), and the
    game (both pickle, so scan points can be solved in other processes)."""
    return equilibrium_keys(run), run.game


def _typical(edge: _Point, scanned: list[_Point]) -> _Point:
    """The nearest scan point with the same equilibrium outcomes as ``edge`` (its labels are
    not blurred by the nearby threshold), else ``edge``."""
    return next((p for p in scanned if p.keys == edge.keys), edge)


def _sorted_labels(point: _Point) -> tuple[str, ...]:
    return tuple(sorted(point.labels[k][0] for k in point.keys))


# ------------------------------------------------------------------------------- the scan
def scan_thresholds(scenario: Scenario, name: str, lo: Fraction, hi: Fraction, make: Callable, *,
                    method: str | None = None, samples: int = 33, workers: int = 1,
                    executor: Executor | None = None,
                    progress: Callable[[int, int], None] | None = None) -> tuple[tuple[Threshold, ...], int]:
    """Changes of the equilibrium outcome set found by a scan of ``samples`` points, and the solves made.

    ``make(x)`` gives ``(variant, values)`` for a run at ``x``. See the module docstring.
    """
    from berlinsim.analysis._sampling import run_points
    from berlinsim.scenarios.run import run_scenario

    cache: dict[Fraction, _Point] = {}

    def keep(x: Fraction, keyed: dict, game: Any) -> _Point:
        cache[x] = _Point(frozenset(keyed), keyed, game)
        return cache[x]

    def point(x: Fraction) -> _Point:
        if x not in cache:
            var, values = make(x)
            keep(x, *keyed_game(run_scenario(scenario, variant=var, overrides=values, method=method)))
        return cache[x]

    solved_by = method or scenario.method
    qre_limit = solved_by in QRE_LIMITS
    # a QRE limit is one equilibrium, approximate at a tie: keep the scan off round numbers
    shift = GRID_SHIFT if qre_limit else 0
    grid = [lo + (hi - lo) * (k + (shift if 0 < k < samples - 1 else 0)) / (samples - 1) for k in range(samples)]
    scan = [make(x) for x in grid]
    for x, run in zip(grid, run_points(scenario, [values for _, values in scan], variant=scan[0][0], method=method,
                                       reduce=keyed_game, workers=workers, executor=executor, progress=progress)):
        keep(x, *run)
    sequential = qre_limit and hasattr(point(lo).game, "player_infosets")

    def regret(eq: Any, x: Fraction) -> Fraction | None:
        return _regret(scenario, make, eq, x, sequential=sequential)

    slack = (hi - lo) * SLACK
    found = []
    todo = []
    # a QRE limit that did not settle to an exact equilibrium (near a tie) leaves its scan point out
    settled = [x for x in grid
               if not qre_limit or (point(x).keys and all(_is_exact(eq) for _, eq in point(x).labels.values()))]
    for a, b in zip(settled, settled[1:]):
        left, right = point(a), point(b)
        if left.keys == right.keys:
            continue
        fast = resolve_bracket(a, b, left, right, point=point, regret=regret, qre_limit=qre_limit, span=hi - lo)
        if fast is None:
            todo.append((a, b))
            continue
        root, holding = fast
        if not lo + slack < root < hi - slack:
            continue  # not at the interval's ends
        at = _Point(frozenset(holding), holding, left.game) if qre_limit else point(root)
        found.append(_threshold(name, root, left, right, at))
    brackets: list[tuple[Fraction, Fraction]] = []
    while todo:
        a, b = todo.pop()
        if b - a <= TOLERANCE:
            brackets.append((a, b))
            continue
        mid = (a + b) / 2
        keys = point(mid).keys
        if keys == point(a).keys:
            todo.append((mid, b))
        elif keys == point(b).keys:
            todo.append((a, mid))
        else:  # two changes in [a, b], or mid is exactly the threshold
            todo.extend([(a, mid), (mid, b)])
    brackets.sort()
    merged: list[list[Fraction]] = []
    for a, b in brackets:
        if merged and a <= merged[-1][1] + slack:  # one change, blurred by the solver's tolerance
            merged[-1][1] = b
        else:
            merged.append([a, b])
    merged = [m for m in merged if m[0] > lo + slack and m[1] < hi - slack]  # not at the interval's ends
    for a, b in merged:
        left, right = _typical(point(a), [point(x) for x in reversed(grid) if x < a]), \
            _typical(point(b), [point(x) for x in grid if x > b])
        exact = _exact_point(regret, point, a - slack, b + slack, left, right, lo, hi)
        at = point(exact) if exact is not None else None
        found.append(_threshold(name, exact if exact is not None else (a + b) / 2, left, right, at,
                                exact=exact is not None))
    return tuple(sorted(found, key=lambda t: t.value)), len(cache)


def _threshold(name: str, x: Fraction, left: _Point, right: _Point, at: _Point | None, *,
               exact: bool = True) -> Threshold:
    value = float(x)
    game = at.game if at is not None else left.game
    return Threshold(parameter=name, value=value, exact=x if exact else None, before=_sorted_labels(left),
                     at=_sorted_labels(at) if at is not None else (), after=_sorted_labels(right),
                     sentence=_describe(name, value, x if exact else None, game, left, right, at))
