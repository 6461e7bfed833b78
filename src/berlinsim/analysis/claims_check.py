"""Checking a scenario's claims: holds or not, margins to thresholds, the prior's share, a verdict.

For each claim (:mod:`berlinsim.analysis.claims`):

- **holds** at its own settings;
- **margins**: for each parameter (the ``margins:`` list, default all) whose value ``x0`` at the
  claim's settings is not zero, the thresholds of the equilibrium set
  (:func:`berlinsim.analysis.thresholds.find_thresholds`, exact) in the prior's interval
  ``x0 ± spread·|x0|`` within the range; the *nearest* one (absolute distance and relative to
  ``|x0|``), and the nearest point where the claim stops holding: beyond a threshold (checked
  between it and the next), or, for comparisons whose sides move continuously, inside an
  interval (bisected to 1/64 of it). None within the interval means a margin of at least the
  spread;
- **prior share**: the share of :attr:`Prior.draws` seeded draws at which it holds, every parameter
  multiplied by ``1 + spread·U(-1, 1)`` (clipped to its range; ``fixed`` ones kept, ``sample``
  ones drawn from their distribution), the same draws for every claim of the scenario; the
  parameters a claim is conditional on (its ``given:``, e.g. ``c_commit`` in "for c_commit >= 6
  the trap") stay at the claim's value;
- **verdict**: ``false`` when it does not hold at its settings; ``robust`` when it holds in at
  least :data:`ROBUST_SHARE` of the prior and no parameter turns it within :data:`ROBUST_MARGIN`
  (relative) of its value (its ``given`` parameters excepted); ``fragile`` otherwise.

A **value claim** (a comparison by ``=`` or ``~=``: "the US gets 4.536") states a number at its
settings, which moves with every parameter: it gets no margins or prior share, and its verdict
is ``robust`` when the number is reproduced at its settings, ``false`` otherwise.

Examples
--------
>>> ROBUST_SHARE, ROBUST_MARGIN
(0.9, Fraction(1, 10))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable

import numpy as np

from berlinsim.analysis.claims import Evaluation, Point, Runs, evaluate
from berlinsim.model.claim import Claim, PlayCondition, Prior
from berlinsim.model.scenario import Scenario

__all__ = ["ClaimCheck", "Margin", "ROBUST_MARGIN", "ROBUST_SHARE", "check_claims", "is_value_claim", "prior_points", "verdict"]

#: A robust claim holds in at least this share of the prior ...
ROBUST_SHARE = 0.9
#: ... and no parameter turns it nearer than this, relative to the parameter's value.
ROBUST_MARGIN = Fraction(1, 10)
_BISECTIONS = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Margin:
    """One parameter's margins around the claim's value ``value`` (``None``: nothing within the interval)."""

    parameter: str
    value: Fraction
    low: Fraction
    high: Fraction
    threshold: float | None  # the nearest change of the equilibrium set
    turn: float | None  # the nearest point where the claim stops holding

    @property
    def distance(self) -> float | None:
        return None if self.threshold is None else abs(self.threshold - float(self.value))

    @property
    def relative(self) -> float | None:
        return None if self.distance is None else self.distance / abs(float(self.value))

    @property
    def turn_relative(self) -> float | None:
        return None if self.turn is None else abs(self.turn - float(self.value)) / abs(float(self.value))


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimCheck:
    """The check of one claim (see the module docstring)."""

    claim: Claim
    evaluation: Evaluation
    margins: tuple[Margin, ...]
    share: float
    draws: int
    verdict: str

    @property
    def nearest_turn(self) -> Margin | None:
        turning = [m for m in self.margins if m.turn is not None]
        return min(turning, key=lambda m: m.turn_relative) if turning else None


def is_value_claim(claim: Claim) -> bool:
    """A comparison by ``=`` or ``~=`` (a number at stated settings)."""
    return not isinstance(claim.condition, PlayCondition) and claim.condition.op in ("=", "~=")


def verdict(holds: bool, share: float, margins: tuple[Margin, ...], given: tuple[str, ...] = ()) -> str:
    """``false`` / ``robust`` / ``fragile`` by the rule of the module docstring (``given`` parameters'
    margins do not count: the statement says which side of their threshold it is about)."""
    if not holds:
        return "false"
    near = [m for m in margins if m.turn is not None and m.turn_relative < ROBUST_MARGIN and m.parameter not in given]
    return "robust" if share >= ROBUST_SHARE and not near else "fragile"


def prior_points(scenario: Scenario, prior: Prior) -> list[Point]:
    """The prior's draws as points (multiplicative factors, or absolute values for ``sample`` parameters).

    The one place that draws: a batched sampler can replace it without touching the rest.
    """
    from berlinsim.analysis.robustness import parse_distribution

    rng = np.random.default_rng(prior.seed)
    moving = [p.name for p in scenario.parameters if p.name not in prior.fixed]
    drawn = dict(prior.distributions)
    u = rng.uniform(-1.0, 1.0, size=(prior.draws, len(moving)))
    absolute = {}
    for name, text in drawn.items():
        parameter = scenario.parameter(name)
        dist = parse_distribution(text)
        dist.check_range(name, float(parameter.low), float(parameter.high))
        absolute[name] = dist.draw(prior.draws, rng, float(parameter.low), float(parameter.high))
    points = []
    for k in range(prior.draws):
        factors = tuple((n, 1 + prior.spread * Fraction(round(float(u[k, j]), 6))) for j, n in enumerate(moving)
                        if n not in drawn)
        fixed = tuple((n, Fraction(round(float(absolute[n][k]), 6))) for n in drawn)
        points.append(Point(factors=factors, absolute=fixed))
    return points


def _holding(point: Point, given: tuple[str, ...]) -> Point:
    """The point with the claim's ``given`` parameters left at their value."""
    if not given:
        return point
    return Point(factors=tuple((n, f) for n, f in point.factors if n not in given),
                 absolute=tuple((n, v) for n, v in point.absolute if n not in given), shift=point.shift)


def _margins(scenario: Scenario, claim: Claim, runs: Runs, names: tuple[str, ...], spread: Fraction,
             thresholds: Callable[..., Any]) -> tuple[Margin, ...]:
    base = runs.values_at(claim, Point(), claim.variant)
    out = []
    for name in names:
        parameter = scenario.parameter(name)
        x0 = Fraction(base[name])
        if x0 == 0:
            continue
        lo = max(Fraction(parameter.low), x0 - spread * abs(x0))
        hi = min(Fraction(parameter.high), x0 + spread * abs(x0))
        if not lo < hi:
            continue
        found = thresholds(name, lo, hi)
        nearest = min((t.value for t in found), key=lambda v: abs(v - float(x0)), default=None)
        turns = [_turn(scenario, claim, runs, name, x0, end, [Fraction(t.exact) if t.exact is not None else
                                                               Fraction(t.value) for t in found]) for end in (lo, hi)]
        turns = [t for t in turns if t is not None]
        turn = min(turns, key=lambda v: abs(v - x0)) if turns else None
        out.append(Margin(parameter=name, value=x0, low=lo, high=hi, threshold=nearest,
                          turn=None if turn is None else float(turn)))
    return tuple(out)


def _turn(scenario: Scenario, claim: Claim, runs: Runs, name: str, x0: Fraction, end: Fraction,
          found: list[Fraction]) -> Fraction | None:
    """The nearest point between x0 and ``end`` where the claim stops holding (None: it holds throughout)."""
    def holds(x: Fraction) -> bool:
        return evaluate(scenario, claim, Point(shift=((name, x - x0),)), runs=runs).holds

    sign = 1 if end > x0 else -1
    stops = sorted((t for t in found if (t - x0) * sign > 0), key=lambda t: abs(t - x0)) + [end]
    start = x0
    continuous = not isinstance(claim.condition, PlayCondition)
    for stop in stops:
        inside = start + (stop - start) * Fraction(1, 1024) if start != x0 else start
        if not holds(inside):
            return start
        far = stop - (stop - start) * Fraction(1, 1024) if stop != end else stop
        if continuous and not holds(far):
            good, bad = inside, far
            for _ in range(_BISECTIONS):
                mid = (good + bad) / 2
                good, bad = (mid, bad) if holds(mid) else (good, mid)
            return bad
        start = stop
    return None


def check_claims(scenario: Scenario, *, method: str | None = None,
                 progress: Callable[[str], None] | None = None) -> tuple[ClaimCheck, ...]:
    """Check every claim of ``scenario`` (its ``claims:`` section); see the module docstring."""
    from berlinsim.analysis.thresholds import find_thresholds

    claims = scenario.claims
    runs = Runs(scenario, method)
    points = prior_points(scenario, claims.prior)
    names = claims.margins or scenario.parameter_names
    cache: dict[tuple, Any] = {}
    out = []
    for claim in claims.claims:
        if progress is not None:
            progress(claim.id)

        def thresholds(name: str, lo: Fraction, hi: Fraction, claim: Claim = claim) -> Any:
            key = (claim.variant, claim.values, name, lo, hi)
            if key not in cache:
                cache[key] = find_thresholds(scenario, name, lo, hi, variant=claim.variant,
                                             overrides=dict(claim.values), method=method)
            return cache[key]

        evaluation = evaluate(scenario, claim, runs=runs)
        if is_value_claim(claim):
            out.append(ClaimCheck(claim=claim, evaluation=evaluation, margins=(), share=float("nan"), draws=0,
                                  verdict="robust" if evaluation.holds else "false"))
            continue
        share = sum(evaluate(scenario, claim, _holding(p, claim.given), runs=runs).holds for p in points) / len(points)
        margins = _margins(scenario, claim, runs, names, claims.prior.spread, thresholds) if evaluation.holds else ()
        out.append(ClaimCheck(claim=claim, evaluation=evaluation, margins=margins, share=share, draws=len(points),
                              verdict=verdict(evaluation.holds, share, margins, claim.given)))
    return tuple(out)
