"""What the threshold finder returns: :class:`Threshold` (one change) and :class:`ThresholdSearch` (all of them).

Private module of :mod:`berlinsim.analysis.thresholds`, which re-exports both.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["KINDS", "Threshold", "ThresholdSearch"]

#: What changes at a threshold.
KINDS = {
    "path": "the equilibria's play changes (what is played where play goes)",
    "plan": "only the equilibria's plans off the path change (moves at information sets play does not reach)",
    "point": "the set differs at this point only (a tangency, or a tie at one point)",
    "end": "the set at an end of the interval differs from the set just inside it",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Threshold:
    """A value of a parameter where the equilibrium set changes.

    Attributes
    ----------
    parameter : str
        The parameter varied (``t`` for a belief interpolation between two variants).
    value : float
        Where the set changes (the exact value when known, else the middle of its bracket).
    exact : Fraction or None
        The exact switch point when it is rational (and, for a scan, found and checked).
    before, at, after : tuple of str
        The equilibria (labels, sorted) just below, at and just above the threshold (``at`` is
        empty when the set there is unknown). For a change at the lower end ``before`` is the
        set at the end itself, for one at the upper end ``after`` is. Labels name plans off the
        path when only those change. The sentence names them in the solver's order.
    sentence : str
        The change in the scenario's words.
    kind : str
        One of :data:`KINDS`: ``path``, ``plan``, ``point`` or ``end``.
    polynomial : str or None
        For an irrational switch point: a polynomial in the parameter with this root (and no
        rational root).
    bracket : (Fraction, Fraction) or None
        For an irrational switch point: an interval at most 1e-12 wide holding it and no other
        root of ``polynomial``.
    """

    parameter: str
    value: float
    exact: Fraction | None
    before: tuple[str, ...]
    at: tuple[str, ...]
    after: tuple[str, ...]
    sentence: str
    kind: str = "path"
    polynomial: str | None = None
    bracket: tuple[Fraction, Fraction] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdSearch:
    """Every threshold found over an interval, and how they were found.

    Attributes
    ----------
    thresholds : tuple of Threshold
        In increasing order of the parameter.
    complete : bool
        True when every point where the set can change was checked (the complete finder); False
        for a scan, which may miss changes narrower than its step.
    method : str
        The solution method.
    note : str
        How the search went, in words (why it scanned, when it did).
    solves : int
        Points solved.
    """

    thresholds: tuple[Threshold, ...]
    complete: bool
    method: str
    note: str
    solves: int
