"""Numeric checks of a scenario file: formulas evaluated over the declared parameter ranges.

Private helper of :mod:`berlinsim.io.scenario_yaml`. Every formula whose names are valid is
evaluated, vectorised, at a set of *check points* of the parameter box: the defaults, each
parameter alone at its minimum and at its maximum (the others at their defaults), and
:data:`SAMPLES` points drawn uniformly from the box by a generator seeded with :data:`SEED`
(parameters with an infinite bound stay at their defaults). Reported, at the first failing
point and saying which point it is: chance probabilities outside [0, 1] or not summing to 1
(exactly, with fractions, at the defaults; within :data:`SUM_TOLERANCE` elsewhere), attribute
values outside their declared range, and formulas that cannot be evaluated there (division
by zero, log of a non-positive number, ...). Payoffs are evaluated at every check point when
outcomes x players is at most :data:`GRID_PAYOFFS` (one vectorised evaluation per payoff
formula), and exactly at the defaults otherwise.

Examples
--------
>>> from berlinsim.model.scenario import Parameter
>>> values, points = check_points((Parameter(name="p", default=Fraction(1, 5), low=0, high=1),),
...                               np.random.default_rng(0), samples=2)
>>> values["p"][:3].tolist(), describe_point(points, values, 2, {"p"})
([0.2, 0.0, 1.0], 'with p = 1 (its maximum; the other parameters at their defaults)')
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

import numpy as np

from berlinsim.io._scenario_reader import show
from berlinsim.io.formula import locate_error
from berlinsim.io.yaml_source import KeyPath, format_key_path
from berlinsim.model.expression import Expr, FormulaError, Number, evaluate, evaluate_exact, names
from berlinsim.model.scenario import Parameter

SAMPLES = 256
SEED = 1961
SUM_TOLERANCE = 1e-9
RANGE_TOLERANCE = 1e-12
GRID_PAYOFFS = 2000
"""Payoffs are checked at every check point when outcomes x players is at most this; else at the defaults."""

_GRID_ELEMENT = re.compile(r" at grid element \((\d+),?\)")
_GRID_ELEMENT_2D = re.compile(r" at grid element \((\d+), (\d+)\)")


def check_points(parameters: tuple[Parameter, ...], rng: np.random.Generator,
                 *, samples: int = SAMPLES) -> tuple[dict[str, np.ndarray], list[tuple[Any, ...]]]:
    """Parameter values at the check points (name -> 1-D float array) and what each point is.

    A point is ``("defaults",)``, ``("minimum" | "maximum", name)`` or ``("sample",)``.
    """
    points: list[tuple[Any, ...]] = [("defaults",)]
    for p in parameters:
        for which, bound in (("minimum", p.low), ("maximum", p.high)):
            if math.isfinite(bound) and bound != p.default:
                points.append((which, p.name))
    points += [("sample",)] * samples
    values = {}
    for p in parameters:
        column = np.full(len(points), float(p.default))
        for k, point in enumerate(points):
            if point[0] in ("minimum", "maximum") and point[1] == p.name:
                column[k] = float(p.low if point[0] == "minimum" else p.high)
        if math.isfinite(p.low) and math.isfinite(p.high) and samples:
            column[len(points) - samples:] = rng.uniform(float(p.low), float(p.high), samples)
        values[p.name] = column
    return values, points


def _show(value: Any) -> str:
    return f"{float(value):.6g}"


def describe_point(points: list[tuple[Any, ...]], values: dict[str, np.ndarray], k: int,
                   depends: set[str]) -> str:
    """Words for check point ``k`` ("at the defaults", "with p = 1 (its maximum; ...)", ...)."""
    point = points[k]
    if point[0] == "defaults":
        return "at the defaults"
    if point[0] in ("minimum", "maximum"):
        return (f"with {point[1]} = {_show(values[point[1]][k])} (its {point[0]}; the other parameters at "
                f"their defaults)")
    shown = ", ".join(f"{n} = {_show(values[n][k])}" for n in sorted(depends) if n in values)
    return f"at the sampled point {shown} (within the parameter ranges)"


class _Checker:
    def __init__(self, ld: Any) -> None:
        self.ld = ld
        self.parameters = tuple(ld.parameters.values())
        self.values, self.points = check_points(self.parameters, np.random.default_rng(SEED))
        self.size = len(self.points)
        self.env: dict[str, np.ndarray] = dict(self.values)
        self.exact: dict[str, Any] = {p.name: p.default for p in self.parameters}
        self.depends: dict[str, set[str]] = {p.name: {p.name} for p in self.parameters}
        self.reported: set[KeyPath] = set()
        self._names: dict[int, frozenset[str]] = {}

    def names(self, expr: Expr) -> frozenset[str]:
        found = self._names.get(id(expr))
        if found is None:
            found = self._names[id(expr)] = names(expr)
        return found

    def deps(self, expr: Expr) -> set[str]:
        return set().union(*(self.depends.get(n, set()) for n in self.names(expr)))

    def ready(self, expr: Expr, extra: dict[str, Any] | None = None) -> bool:
        return all(n in self.env or (extra is not None and n in extra) for n in self.names(expr))

    def fail(self, kp: KeyPath, message: str) -> None:
        if kp not in self.reported:
            self.reported.add(kp)
            self.ld.fail(kp, message, at_value=True)

    def grid(self, kp: KeyPath, expr: Expr, env: dict[str, Any], context: str = "") -> np.ndarray | None:
        if isinstance(expr, Number):
            return np.full(self.size, float(expr.value))
        try:
            result = evaluate(expr, {n: env[n] for n in self.names(expr) if n in env})
        except FormulaError as error:
            self.formula_error(kp, expr, error, context)
            return None
        return np.broadcast_to(np.asarray(result, dtype=float), (self.size,))

    def at_defaults(self, kp: KeyPath, expr: Expr, env: dict[str, Any], context: str = "") -> Any:
        if isinstance(expr, Number):
            return expr.value
        try:
            return evaluate_exact(expr, env)
        except FormulaError as error:
            error.message += "; at the defaults"
            self.formula_error(kp, expr, error, context, point=False)
            return None

    def formula_error(self, kp: KeyPath, expr: Expr, error: FormulaError, context: str,
                      *, point: bool = True) -> None:
        found = _GRID_ELEMENT.search(error.message)
        if found and point:
            where = describe_point(self.points, self.values, int(found.group(1)), self.deps(expr))
            error.message = _GRID_ELEMENT.sub("", error.message) + f"; {where}"
        error.message += context
        if kp in self.reported:
            return
        self.reported.add(kp)
        doc = self.ld.doc
        if isinstance(doc.scalar_text(kp), str) and error.span is not None:
            self.ld.errors.append(locate_error(error, path=doc.path, key=format_key_path(kp),
                                               locate=doc.locator(kp)))
        else:
            self.ld.fail(kp, error.message, at_value=True)

    def first(self, bad: np.ndarray) -> int | None:
        hits = np.flatnonzero(bad)
        return int(hits[0]) if hits.size else None

    # --- the checks ------------------------------------------------------------------------------

    def definitions(self) -> None:
        for name, expr, kp in self.ld.definitions:
            if not self.ready(expr):
                continue
            exact = self.at_defaults(kp, expr, self.exact)
            values = self.grid(kp, expr, self.env) if exact is not None else None
            if values is None:
                continue
            self.exact[name] = exact
            self.env[name] = np.array(values)
            self.depends[name] = self.deps(expr)

    def chances(self) -> None:
        for site in self.ld.sites.chances:
            if not all(self.ready(expr) for _, _, expr in site.outcomes):
                continue
            exact = [self.at_defaults(kp, expr, self.exact) for _, kp, expr in site.outcomes]
            if any(v is None for v in exact):
                continue
            deps = set().union(*(self.deps(expr) for _, _, expr in site.outcomes))
            if self.exact_problems(site, exact):
                continue
            columns = [self.grid(kp, expr, self.env) for _, kp, expr in site.outcomes]
            if any(c is None for c in columns):
                continue
            for (label, kp, expr), column in zip(site.outcomes, columns):
                k = self.first((column < -RANGE_TOLERANCE) | (column > 1 + RANGE_TOLERANCE))
                if k is not None:
                    where = describe_point(self.points, self.values, k, self.deps(expr))
                    self.fail(kp, f"probability of '{label}' outside [0, 1] {where} (expected a value in "
                                  f"[0, 1], got {column[k]:.6g})")
            total = np.sum(columns, axis=0)
            k = self.first(np.abs(total - 1) > SUM_TOLERANCE)
            if k is not None and not any(kp in self.reported for _, kp, _ in site.outcomes):
                where = describe_point(self.points, self.values, k, deps)
                self.fail(site.key_path, f"the probabilities of chance node '{site.node}' do not sum to 1 "
                                         f"{where} (expected 1, got {total[k]:.12g})")

    def exact_problems(self, site: Any, exact: list[Any]) -> bool:
        found = False
        for (label, kp, _), value in zip(site.outcomes, exact):
            if not 0 <= value <= 1:
                self.fail(kp, f"probability of '{label}' outside [0, 1] at the defaults (expected a value in "
                              f"[0, 1], got {show(value)})")
                found = True
        if not found and all(isinstance(v, Fraction) for v in exact) and sum(exact) != 1:
            self.fail(site.key_path, f"the probabilities of chance node '{site.node}' do not sum to 1 at the "
                                     f"defaults (expected 1, got {show(sum(exact))})")
            found = True
        return found

    def outcomes(self) -> None:
        attributes = self.ld.attributes
        on_grid = len(self.ld.sites.outcomes) * max(len(self.ld.players), 1) <= GRID_PAYOFFS
        shared: dict[int, list[tuple[Any, dict[str, Any], dict[str, np.ndarray]]]] = {}
        for site in self.ld.sites.outcomes:
            values = self.outcome_attributes(site)
            if values is None:
                continue
            exact_env, grid_env = values
            for player in range(len(self.ld.players)):
                kp, expr = site.payoffs.get(player) or self.ld.payoffs.get(player, (None, None))
                if expr is None or not self.ready(expr, exact_env):
                    continue
                context = f"; in {site.name}" if player not in site.payoffs else ""
                if not on_grid:  # a large game: payoffs at the defaults only
                    self.at_defaults(kp, expr, exact_env, context)
                elif player in site.payoffs:
                    self.grid(kp, expr, {**self.env, **grid_env}, context)
                else:  # the grid's first point is the defaults
                    shared.setdefault(player, []).append((site, exact_env, grid_env))
        for player, uses in shared.items():  # one evaluation per payoff formula, over outcomes x points
            kp, expr = self.ld.payoffs[player]
            env: dict[str, Any] = {n: self.env[n][np.newaxis, :] for n in self.names(expr) if n in self.env}
            for name in self.names(expr) & set(attributes):
                env[name] = np.stack([np.broadcast_to(g[name], (self.size,)) for _, _, g in uses])
            try:
                evaluate(expr, env)
            except FormulaError as error:
                found = _GRID_ELEMENT_2D.search(error.message)
                if found:
                    site, k = uses[int(found.group(1))][0], int(found.group(2))
                    where = describe_point(self.points, self.values, k, self.deps(expr))
                    error.message = _GRID_ELEMENT_2D.sub("", error.message) + f"; {where}; in {site.name}"
                self.formula_error(kp, expr, error, "", point=False)

    def outcome_attributes(self, site: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
        """Exact values at the defaults and grid columns of every attribute of one outcome (None on failure)."""
        attributes = self.ld.attributes
        exact_env: dict[str, Any] = dict(self.exact)
        grid_env: dict[str, np.ndarray] = {}
        for name, attribute in attributes.items():
            exact_env[name] = attribute.default
            grid_env[name] = np.float64(attribute.default)
        complete = True
        for name, (kp, expr) in site.attributes.items():
            if name not in attributes or not self.ready(expr):
                complete = False
                continue
            exact = self.at_defaults(kp, expr, self.exact)
            column = self.grid(kp, expr, self.env) if exact is not None else None
            if column is None:
                complete = False
                continue
            exact_env[name], grid_env[name] = exact, column
            low, high = attributes[name].low, attributes[name].high
            k = self.first((column < float(low) - RANGE_TOLERANCE) | (column > float(high) + RANGE_TOLERANCE))
            if k is not None:
                where = describe_point(self.points, self.values, k, self.deps(expr))
                self.fail(kp, f"value of attribute '{name}' outside its range {where} (expected a value "
                              f"in [{show(low)}, {show(high)}], got {column[k]:.6g})")
        return (exact_env, grid_env) if complete else None


def check_numbers(ld: Any) -> None:
    """Evaluate the file's formulas at the check points and record what fails in ``ld``."""
    checker = _Checker(ld)
    checker.definitions()
    checker.chances()
    checker.outcomes()
