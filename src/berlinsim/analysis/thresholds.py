"""Thresholds: the exact parameter values where a scenario's equilibrium set changes.

:func:`find_thresholds` (and :func:`search_thresholds`, which also says how the search went)
vary one parameter over an interval, or the position ``t`` between two variants, and report every
value where the set of equilibria changes.

**Complete** (:mod:`._threshold_complete`), when every formula is built from ``+ - * /``, integer
powers, ``abs``, ``min``, ``max``, ``clip``, comparisons and ``if`` (then on each piece of the
interval every payoff and chance probability is a rational function of the parameter,
:mod:`berlinsim.model.piecewise`) and the method has polynomial structure: ``pure``, ``enummixed``
and ``auto`` (two players) on tables; ``spe`` (and ``auto``), ``pure`` and ``enummixed`` on trees,
imperfect-information subgames through their normal form. The equilibrium set can change only where
a payoff comparison or an equilibrium's probability crosses zero: at the real roots of
polynomials in the parameter (:mod:`._critical_matrix`, :mod:`._critical_tree`; rational roots
exact, irrational ones isolated to 1e-12 and given with their polynomial). The finder collects
them all (and more: a root where nothing changes costs one solve), then solves once inside each
interval between them and once at each, so no window is too narrow, a change that happens at one
point only (a tangency) is seen, and so are changes at the interval's ends and changes of the
plan off the equilibrium path (``spe``: what a player would do at an information set play does not
reach).

**Scan** (:mod:`._threshold_scan`) otherwise -- ``sqrt``, ``exp``, ``log``, fractional powers,
and methods without that structure (``agent_qre`` and ``qre``, QRE limits; ``lh``, ``lcp``, ``lp``,
``stackelberg``, ``dominance``; ``auto`` with three or more players): ``samples`` points and the
exact regret-following refinement between them. It compares outcomes on the path only, and may
miss changes narrower than its step; :attr:`ThresholdSearch.note` says so.

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> game = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters:
...   c: {default: 1, range: [0, 3]}
... attributes:
...   go: {range: [0, 1]}
... players:
...   A: {payoff: go * (2 - c) + (1 - go) / 2}
...   B: {payoff: 0}
... game:
...   type: matrix
...   actions: {A: [go, stay], B: [x]}
...   cells:
...     - {actions: [go, x], attributes: {go: 1}}
...     - {actions: [stay, x]}
... ''', path="toy.yaml")
>>> (t,) = find_thresholds(game, "c", 0, 3)
>>> t.exact, t.at, t.kind
(Fraction(3, 2), ('(go, x)', '(stay, x)'), 'path')
>>> t.sentence
'at c = 1.5 A switches from go to stay'
"""

from __future__ import annotations

from concurrent.futures import Executor
from fractions import Fraction
from typing import Any, Callable, Mapping

from berlinsim.analysis._critical_matrix import Unsupported
from berlinsim.analysis._threshold_result import KINDS, Threshold, ThresholdSearch
from berlinsim.analysis.outcome_keys import equilibrium_keys, outcome_label
from berlinsim.errors import BerlinsimError
from berlinsim.model.scenario import Scenario

__all__ = ["KINDS", "Threshold", "ThresholdSearch", "equilibrium_keys", "find_thresholds", "outcome_label",
           "search_thresholds"]


# ------------------------------------------------------------------------------- evaluation
def _value_maker(scenario: Scenario, name: str, variant: str | None, overrides: Mapping[str, Any],
                 between: tuple[str, str] | None) -> Callable[[Any], tuple[str | None, dict]]:
    """x -> (variant, overrides) for a run at parameter value x."""
    from berlinsim.scenarios.values import resolve_values

    base = dict(overrides)
    if between is not None:
        if name != "t":
            raise BerlinsimError(f"with between variants the parameter varied is 't', not {name!r}")
        if variant is not None:
            raise BerlinsimError(f"give either a variant ({variant!r}) or two variants to move between, not both")
        start = resolve_values(scenario, between[0], base).values
        end = resolve_values(scenario, between[1], base).values
        moving = [n for n in start if start[n] != end[n]]
        fixed = {n: start[n] for n in start}

        def make(x: Any) -> tuple[str | None, dict]:
            values = dict(fixed)
            values.update({n: Fraction(start[n]) + x * (Fraction(end[n]) - Fraction(start[n])) for n in moving})
            return None, values
        return make
    if name not in scenario.parameter_names and name != "t":
        resolve_values(scenario, variant, {**base, name: 0})  # raises the unknown-parameter message

    def make(x: Any) -> tuple[str | None, dict]:
        return variant, {**base, name: x}
    return make


def _check_range(scenario: Scenario, name: str, low: Any, high: Any, lo: Fraction, hi: Fraction, *,
                 variant: str | None, between: Any) -> None:
    """The interval the user typed must lie in the parameter's range (said in the user's own numbers)."""
    if name in scenario.parameter_names and between is None:
        p = scenario.parameter(name)
        if not (p.contains(lo) and p.contains(hi)):
            raise BerlinsimError(f"{name}={low}:{high}: outside the range of '{name}' (expected an interval "
                                 f"within [{p.low}, {p.high}])")
    elif name == "t" and (between is not None or variant is not None) and not 0 <= lo < hi <= 1:
        raise BerlinsimError(f"t={low}:{high}: outside [0, 1] (t = 0 is the 'from' variant, 1 the 'to' variant)")


# ------------------------------------------------------------------------------- the finder
def search_thresholds(scenario: Scenario, name: str, low: Any, high: Any, *, variant: str | None = None,
                      overrides: Mapping[str, Any] | None = None, method: str | None = None,
                      between: tuple[str, str] | None = None, samples: int = 33, workers: int = 1,
                      executor: Executor | None = None,
                      progress: Callable[[int, int], None] | None = None) -> ThresholdSearch:
    """Every change of the equilibrium set of ``scenario`` as ``name`` moves from ``low`` to ``high``.

    Parameters
    ----------
    scenario : Scenario
    name : str
        The parameter to vary; ``t`` moves a ``between`` variant (``variant``) or, with
        ``between=(A, B)``, interpolates every parameter from variant A (t = 0) to B (t = 1).
    low, high : number or str
        The interval, inside the parameter's range (exact text such as ``"0.5"`` or ``"1/3"`` is
        kept exact).
    variant, overrides, method
        As for :func:`berlinsim.scenarios.run.run_scenario` (``name`` overrides the rest).
    between : (str, str), optional
        Two variants to interpolate between.
    samples : int
        Scan points, when the scenario or method calls for a scan (the complete finder ignores it).
    workers, executor
        Processes for the solves (or a :class:`concurrent.futures.Executor`).
    progress : callable, optional
        Called as ``progress(done, total)`` while points are solved.

    Returns
    -------
    ThresholdSearch
        The thresholds in increasing order, whether the search was complete, and how it went.

    Notes
    -----
    The complete finder solves ``2 K + 3`` points for ``K`` critical points, and two more per change
    found (the equilibria on either side are named as they are near it); most critical points of a
    scenario are roots where nothing changes (a comparison of two moves that are never both best, a
    probability of a support that is never an equilibrium's), and cost one solve each. A critical
    point that is irrational is solved at its nearest float: the set there (``at``) is the float
    solver's, whose ties are decided by its tolerance.
    """
    from berlinsim.analysis._threshold_scan import scan_thresholds
    from berlinsim.scenarios.values import parse_number

    lo, hi = Fraction(parse_number(low)), Fraction(parse_number(high))
    if not lo < hi:
        raise BerlinsimError(f"empty interval for {name}: {low} .. {high} (expected low < high)")
    if samples < 2:
        raise BerlinsimError(f"samples must be at least 2, got {samples}")
    between = tuple(between) if between else None
    make = _value_maker(scenario, name, variant, dict(overrides or {}), between)
    _check_range(scenario, name, low, high, lo, hi, variant=variant, between=between)
    solved_by = method or scenario.method
    try:
        found, solves = _complete(scenario, name, lo, hi, make, variant=variant, overrides=dict(overrides or {}),
                                  between=between, method=method, workers=workers, executor=executor,
                                  progress=progress)
        note = (f"complete: every point where a payoff comparison or an equilibrium probability of {solved_by} "
                f"can cross zero was checked ({solves} points solved)")
        return ThresholdSearch(thresholds=found, complete=True, method=solved_by, note=note, solves=solves)
    except Unsupported as why:
        reason = str(why)
    found, solves = scan_thresholds(scenario, name, lo, hi, make, method=method, samples=samples, workers=workers,
                                    executor=executor, progress=progress)
    note = (f"scan of {samples} points: {reason}; changes between scan points are located exactly from the "
            f"equilibria's regret, but one whose window is narrower than the step {float((hi - lo) / (samples - 1)):.3g} "
            "may be missed, and changes off the equilibrium path and at the interval's ends are not reported")
    return ThresholdSearch(thresholds=found, complete=False, method=solved_by, note=note, solves=solves)


def find_thresholds(scenario: Scenario, name: str, low: Any, high: Any, **options: Any) -> tuple[Threshold, ...]:
    """The thresholds of :func:`search_thresholds` (same parameters), in increasing order."""
    return search_thresholds(scenario, name, low, high, **options).thresholds


# ------------------------------------------------------------------------------- complete
def _complete(scenario: Scenario, name: str, lo: Fraction, hi: Fraction, make: Callable, *, variant: str | None,
              overrides: dict, between: Any, method: str | None, workers: int, executor: Executor | None,
              progress: Callable | None) -> tuple[tuple[Threshold, ...], int]:
    from berlinsim.analysis._piecewise_game import symbolic_env
    from berlinsim.analysis._threshold_complete import classify, critical_points, solve_at
    from berlinsim.model.piecewise import NotRationalError
    from berlinsim.model.real_roots import RealRoot, simplest_inside
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import resolve_values

    try:
        env = symbolic_env(scenario, name, variant, overrides, between, lo, hi)
    except NotRationalError as error:
        raise Unsupported(str(error)) from None
    where, values = make((lo + hi) / 2)
    game = build_game(scenario, resolve_values(scenario, where, values)).game
    points = critical_points(scenario, method or scenario.method, env, lo, hi, game)
    solved = classify(scenario, points, lo, hi, make, method, workers=workers, executor=executor, progress=progress)
    changes = _changes(solved, lo, hi)
    # the equilibria on either side are named as they are near the change (mixed probabilities move)
    bounds = [lo] + [b for p in points for b in (p.low, p.high)] + [hi]
    span = (hi - lo) / 64
    near: list[Any] = []
    for k, _, kind in changes:
        if kind == "end":
            inner = (lo, min(bounds[1], lo + span)) if k < 0 else (max(bounds[-2], hi - span), hi)
            near.append(simplest_inside(*inner) if inner[0] < inner[1] else None)
            continue
        left = (max(bounds[2 * k], bounds[2 * k + 1] - span), bounds[2 * k + 1])
        right = (bounds[2 * k + 2], min(bounds[2 * k + 3], bounds[2 * k + 2] + span))
        near.extend(simplest_inside(*side) if side[0] < side[1] else None for side in (left, right))
    asked = [x for x in near if x is not None]
    answers = iter(solve_at(scenario, asked, make, method, workers=workers, executor=executor))
    near_points = [next(answers) if x is not None else None for x in near]
    found = []
    it = iter(near_points)
    for k, root, kind in changes:
        if kind == "end":
            at = solved.low if k < 0 else solved.high
            inside = _typical(next(it), solved.inside[0] if k < 0 else solved.inside[-1])
            before, after = (at, inside) if k < 0 else (inside, at)
            found.append(_make(name, RealRoot.rational(lo if k < 0 else hi), before, at, after, kind))
            continue
        left, right = _typical(next(it), solved.inside[k]), _typical(next(it), solved.inside[k + 1])
        at = solved.at[k] if not isinstance(solved.at[k], str) else None
        found.append(_make(name, root, left, at, right, kind))
    return tuple(sorted(found, key=lambda t: t.value)), 2 * len(points) + 3 + len(asked)


def _typical(near: Any, inside: Any) -> Any:
    """The point near the change when it has the interval's equilibria (it should), else the interval's sample."""
    return near if near is not None and not isinstance(near, str) and near.plans == inside.plans else inside


def _play(point: Any) -> list[str]:
    """The equilibria's play in words that do not move with the parameter (supports only)."""
    players = tuple(point.game.players)
    return sorted(outcome_label(players, key) for key in point.keys)


def _changes(solved: Any, lo: Fraction, hi: Fraction) -> list[tuple[int, Any, str]]:
    """(index, point, kind) of every change: between intervals, at a point only, at the ends."""
    out = []
    inside = solved.inside
    for k, (root, at) in enumerate(zip(solved.points, solved.at)):
        left, right = inside[k], inside[k + 1]
        at = at if not isinstance(at, str) else None
        if left.plans != right.plans:
            out.append((k, root, "path" if _play(left) != _play(right) else "plan"))
        elif at is not None and at.plans != left.plans:
            out.append((k, root, "point"))
    if not isinstance(solved.low, str) and solved.low.plans != inside[0].plans:
        out.insert(0, (-1, None, "end"))  # -1: the lower end
    if not isinstance(solved.high, str) and solved.high.plans != inside[-1].plans:
        out.append((len(solved.points) + 1, None, "end"))  # past the last point: the upper end
    return out


def _labels(point: Any, paths: bool) -> tuple[str, ...]:
    labels = point.labels if paths else point.plan_labels
    return tuple(sorted(label for label, _ in labels.values()))


def _make(name: str, root: Any, before: Any, at: Any, after: Any, kind: str) -> Threshold:
    from berlinsim.analysis._threshold_text import describe_change
    from berlinsim.model.real_roots import without_rational_roots

    exact = root.exact
    polynomial = None if exact is not None else without_rational_roots(root.polynomial).to_text(name)
    value = float(root)
    # path labels where play differs (between the two sides, or between the point and a side)
    paths = kind == "path" or (kind in ("point", "end") and at is not None and
                               (_play(at) != _play(before) or _play(at) != _play(after)))
    sentence = describe_change(name, value, exact, polynomial, kind, before, at, after, paths=paths)
    return Threshold(parameter=name, value=value, exact=exact, before=_labels(before, paths),
                     at=_labels(at, paths) if at is not None else (), after=_labels(after, paths),
                     sentence=sentence, kind=kind, polynomial=polynomial,
                     bracket=None if exact is not None else (root.low, root.high))
