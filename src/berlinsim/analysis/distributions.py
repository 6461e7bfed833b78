"""Parameter distributions of Monte Carlo runs, written as text and read by a tiny parser (never ``eval``).

- ``uniform(a, b)``: uniform on [a, b];
- ``normal(mu, sigma)``: normal, *truncated* to the parameter's declared range (no mass piles
  up on the bounds);
- ``beta(a, b)``: a Beta(a, b) variable scaled to the parameter's declared range
  ``low + (high - low) * X`` (the range must be finite);
- ``triangular(a, mode, b)``: triangular on [a, b] with the given mode.

Uniform and triangular supports must lie within the declared range. A distribution turns
points of the unit interval into values by its quantile function
(:meth:`Distribution.quantile`): every sampler of :mod:`berlinsim.analysis.monte_carlo` (random,
Latin hypercube, Sobol') draws in the unit cube and maps each coordinate this way, so a
stratified design stays stratified in the parameters' own units.

Examples
--------
>>> import numpy as np
>>> parse_distribution("triangular(0, 0.25, 1)")
Distribution(kind='triangular', arguments=(0.0, 0.25, 1.0))
>>> parse_distribution("uniform(2, 4)").quantile(np.array([0.0, 0.5, 1.0]), 0.0, 10.0).tolist()
[2.0, 3.0, 4.0]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from berlinsim.errors import BerlinsimError

__all__ = ["Distribution", "parse_distribution"]

_ARITY = {"uniform": 2, "normal": 2, "beta": 2, "triangular": 3}
_CALL = re.compile(r"\s*([A-Za-z_]+)\s*\((.*)\)\s*\Z")
#: A truncated normal must put at least this much probability in the parameter's range.
MIN_MASS = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class Distribution:
    """A parameter distribution: ``kind`` (uniform, normal, beta, triangular) and its arguments."""

    kind: str
    arguments: tuple[float, ...]

    def __post_init__(self) -> None:
        if self.kind not in _ARITY:
            raise BerlinsimError(f"unknown distribution {self.kind!r} (expected one of: {', '.join(_ARITY)})")
        if len(self.arguments) != _ARITY[self.kind]:
            raise BerlinsimError(f"{self.kind} takes {_ARITY[self.kind]} numbers, got {len(self.arguments)}")
        a = self.arguments
        valid = {"uniform": lambda: a[0] < a[1], "normal": lambda: a[1] > 0, "beta": lambda: a[0] > 0 and a[1] > 0,
                 "triangular": lambda: a[0] <= a[1] <= a[2] and a[0] < a[2]}
        if not valid[self.kind]():
            expected = {"uniform": "a < b", "normal": "sigma > 0", "beta": "a > 0 and b > 0",
                        "triangular": "a <= mode <= b and a < b"}[self.kind]
            raise BerlinsimError(f"bad {self}: expected {expected}")

    def __str__(self) -> str:
        return f"{self.kind}({', '.join(f'{x:g}' for x in self.arguments)})"

    def quantile(self, u: np.ndarray, low: float, high: float) -> np.ndarray:
        """The values at probabilities ``u`` (in [0, 1]) for a parameter with declared range [low, high].

        >>> d = parse_distribution("normal(1, 0.3)")
        >>> bool(d.quantile(np.array([0.999999]), 0.0, 1.0)[0] < 1)  # truncated at the range's top
        True
        >>> parse_distribution("beta(1, 1)").quantile(np.array([0.25]), 10.0, 20.0).tolist()
        [12.5]
        """
        a = self.arguments
        u = np.asarray(u, dtype=float)
        if self.kind == "uniform":
            return a[0] + (a[1] - a[0]) * u
        if self.kind == "triangular":
            left, mode, right = a
            split = (mode - left) / (right - left)
            below = left + np.sqrt(u * (right - left) * (mode - left))
            above = right - np.sqrt((1 - u) * (right - left) * (right - mode))
            return np.where(u < split, below, above)
        from scipy import special

        if self.kind == "beta":
            return low + (high - low) * special.betaincinv(a[0], a[1], u)
        mu, sigma = a
        lo, hi = (low - mu) / sigma, (high - mu) / sigma
        if special.ndtr(hi) - special.ndtr(lo) < MIN_MASS and special.ndtr(-lo) - special.ndtr(-hi) < MIN_MASS:
            raise BerlinsimError(f"{self} puts too little probability in the range [{low:g}, {high:g}]")
        from scipy.stats import truncnorm

        return np.clip(truncnorm.ppf(u, lo, hi, loc=mu, scale=sigma), low, high)

    def check_range(self, name: str, low: float, high: float) -> None:
        """Raise when the distribution cannot be drawn within the parameter's range."""
        if self.kind in ("uniform", "triangular") and (self.arguments[0] < low or self.arguments[-1] > high):
            raise BerlinsimError(f"{name}: {self} reaches outside the range of {name!r} [{low:g}, {high:g}]")
        if self.kind == "beta" and not (math.isfinite(low) and math.isfinite(high)):
            raise BerlinsimError(f"{name}: beta is scaled to the parameter's range, and {name!r} has no finite range")


def parse_distribution(text: str) -> Distribution:
    """A distribution from text such as ``"normal(0.3, 0.1)"`` (numbers may be fractions like ``1/3``).

    >>> parse_distribution("uniform(0, 1/2)")
    Distribution(kind='uniform', arguments=(0.0, 0.5))
    >>> parse_distribution("gamma(1, 2)")
    Traceback (most recent call last):
    ...
    berlinsim.errors.BerlinsimError: unknown distribution 'gamma' (expected one of: uniform, normal, beta, triangular)
    """
    from berlinsim.scenarios.values import parse_number

    match = _CALL.match(str(text))
    if not match:
        raise BerlinsimError(f"bad distribution {text!r} (expected e.g. uniform(0, 1), normal(0.3, 0.1), "
                             "beta(2, 5) or triangular(0, 0.2, 1))")
    kind, inside = match.group(1).lower(), match.group(2)
    if kind not in _ARITY:
        raise BerlinsimError(f"unknown distribution {kind!r} (expected one of: {', '.join(_ARITY)})")
    arguments = tuple(float(parse_number(part)) for part in inside.split(",")) if inside.strip() else ()
    return Distribution(kind=kind, arguments=arguments)
