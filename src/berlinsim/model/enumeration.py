"""What support enumeration (``enumpoly``) reports besides its equilibria.

An equilibrium whose probabilities are irrational comes with an :class:`AlgebraicProfile`:
a squarefree integer polynomial ``eliminant``, an interval with rational ends holding
exactly one of its roots ``t``, and each probability as a polynomial in ``t``. This is a
certificate: the probabilities are determined exactly, and any number of digits can be
computed from it. A support whose equations have infinitely many solutions is listed as a
:class:`SupportReport`, saying whether equilibria with that support were ruled out.

Examples
--------
>>> from fractions import Fraction as F
>>> root2 = AlgebraicProfile(eliminant=(-2, 0, 1), interval=(F(1), F(2)),
...                          strategies=(((F(0), F(1, 2)), (F(1), F(-1, 2))),))   # t/2, 1 - t/2
>>> [round(p, 6) for p in root2.approximate()[0]]
[0.707107, 0.292893]
>>> SupportReport(support=((0, 1), (0,)), status="excluded", reason="r").is_resolved
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

#: Statuses of a support whose indifference equations have infinitely many solutions.
SUPPORT_STATUSES = ("excluded", "equilibria", "unresolved")


@dataclass(frozen=True, slots=True, kw_only=True)
class AlgebraicProfile:
    """A mixed profile with algebraic probabilities, given exactly.

    Attributes
    ----------
    eliminant : tuple of int
        Squarefree polynomial, lowest degree first, one of whose real roots is ``t``.
    interval : (Fraction, Fraction)
        An open interval holding exactly one root of ``eliminant``: ``t``.
    strategies : tuple
        ``strategies[i][a]``: the probability of player ``i``'s action ``a``, as polynomial
        coefficients in ``t`` (lowest degree first; ``()`` is 0).
    """

    eliminant: tuple[int, ...]
    interval: tuple[Fraction, Fraction]
    strategies: tuple[tuple[tuple[Fraction, ...], ...], ...]

    def __post_init__(self) -> None:
        lo, hi = self.interval
        if not lo < hi:
            raise ValueError(f"interval ({lo}, {hi}) is empty")
        value = _evaluate(self.eliminant, lo) * _evaluate(self.eliminant, hi)
        if value >= 0:
            raise ValueError("the eliminant must change sign over the interval")

    def root(self, width: Fraction = Fraction(1, 2**60)) -> Fraction:
        """``t`` to within ``width`` (bisection on the interval)."""
        lo, hi = self.interval
        low_sign = _evaluate(self.eliminant, lo) > 0
        while hi - lo > width:
            mid = (lo + hi) / 2
            value = _evaluate(self.eliminant, mid)
            if value == 0:
                return mid
            if (value > 0) == low_sign:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    def approximate(self) -> tuple[tuple[float, ...], ...]:
        """The probabilities as floats (from ``t`` to 60 bits)."""
        t = self.root()
        return tuple(tuple(float(_evaluate(p, t)) for p in s) for s in self.strategies)


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportReport:
    """A support profile whose indifference equations have infinitely many solutions.

    Attributes
    ----------
    support : tuple of tuple of int
        Each player's actions (0-based indices).
    status : str
        ``"excluded"``: no equilibrium has exactly this support (a certified linear program
        shows it); ``"equilibria"``: equilibria with this support exist, and they are not
        isolated solutions of the equations (two players: a continuum, or a point where
        inequalities meet); ``"unresolved"``: neither could be shown (3+ players), so
        equilibria with this support may exist and are not listed.
    reason : str
        One sentence on how the status was decided.
    """

    support: tuple[tuple[int, ...], ...]
    status: str
    reason: str

    def __post_init__(self) -> None:
        if self.status not in SUPPORT_STATUSES:
            raise ValueError(f"status must be one of {SUPPORT_STATUSES}, got {self.status!r}")

    @property
    def is_resolved(self) -> bool:
        """True when no equilibrium is missing from the list because of this support."""
        return self.status == "excluded"


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumpolyDetails:
    """How support enumeration went.

    Attributes
    ----------
    dominated : tuple of tuple of int
        Each player's actions removed first by iterated strict dominance (by pure actions).
    supports : int
        Support profiles of the remaining actions.
    pruned : int
        Those skipped because an action in them is weakly dominated against the others'
        supports (so it cannot be played in such an equilibrium).
    solved : int
        Those whose polynomial system was solved.
    infinite : tuple of SupportReport
        Supports whose system has infinitely many complex solutions, with what is known.
    certificates : tuple of (AlgebraicProfile or None)
        For each equilibrium (in the result's order): ``None`` when its probabilities are
        rational (then exact), else the algebraic certificate of its probabilities.
    """

    dominated: tuple[tuple[int, ...], ...]
    supports: int
    pruned: int
    solved: int
    infinite: tuple[SupportReport, ...]
    certificates: tuple[AlgebraicProfile | None, ...]


def _evaluate(p: tuple, x: Fraction) -> Fraction:
    out = Fraction(0)
    for c in reversed(p):
        out = out * x + c
    return out
