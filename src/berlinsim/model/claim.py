"""Claims: what a scenario says about its own results, as conditions that can be checked.

A scenario's ``claims:`` section (docs/scenario-format.md) lists statements in words, each with
a condition on the results at stated settings (defaults, a variant, ``--set`` values). The
condition is read by :mod:`berlinsim.io.claim_grammar` into the small tree of values below and
evaluated by :mod:`berlinsim.analysis.claims`. Two kinds of condition:

- a **play condition**: ``the unique equilibrium has US prepare, USSR quiet`` (also ``some``,
  ``every``, ``no``): what equilibria play, read from their outcomes (supports where play goes);
- a **comparison**: ``payoff(US) > payoff(US) @ no_buildup``, ``slope(E(war), c_war) < 0``,
  arithmetic over numbers and quantities of the equilibria.

Examples
--------
>>> Play(player="US", actions=("prepare",)).text
'US prepare'
>>> Play(player="UK", actions=("F", "S")).text
'UK mixes F and S'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Union

__all__ = ["At", "BinOp", "Claim", "ClaimSet", "Comparison", "Condition", "Neg", "Num", "Play", "PlayCondition",
           "Prior", "QUANTIFIERS", "Quantity", "Slope", "Term"]

#: How a play condition counts equilibria: exactly one and it matches; at least one; all; none.
QUANTIFIERS = ("unique", "some", "every", "no")
#: Comparison operators; ``~=`` is equality to within :data:`berlinsim.analysis.claims.APPROX`.
OPERATORS = ("<", "<=", ">", ">=", "=", "!=", "~=")


@dataclass(frozen=True, slots=True, kw_only=True)
class Play:
    """A player plays ``actions`` (one: that action for sure; several: mixes exactly those)."""

    player: str
    actions: tuple[str, ...]

    @property
    def text(self) -> str:
        if len(self.actions) == 1:
            return f"{self.player} {self.actions[0]}"
        return f"{self.player} mixes {' and '.join(self.actions)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlayCondition:
    """``<quantifier> equilibrium has <play>, <play>, ...``."""

    quantifier: str
    plays: tuple[Play, ...]

    def __post_init__(self) -> None:
        if self.quantifier not in QUANTIFIERS:
            raise ValueError(f"unknown quantifier {self.quantifier!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Num:
    value: Fraction


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number read from one equilibrium.

    ``kind`` is ``payoff`` (of ``player``; with ``given``, when that player's move is forced to
    ``given`` and everyone else plays the equilibrium), ``E`` (expected attribute ``name``),
    ``P`` (probability of the outcome label ``name``), ``prob`` (probability that ``player``
    plays action ``name``, at the first information set that has it) or ``count`` (the number of
    distinct equilibrium outcomes).
    """

    kind: str
    player: str = ""
    name: str = ""
    given: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BinOp:
    op: str
    left: "Term"
    right: "Term"


@dataclass(frozen=True, slots=True, kw_only=True)
class Neg:
    operand: "Term"


@dataclass(frozen=True, slots=True, kw_only=True)
class At:
    """``term @ variant``: the term at the claim's settings with ``variant`` instead of its own."""

    operand: "Term"
    variant: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Slope:
    """``slope(term, parameter)``: the derivative of ``term`` along ``parameter`` (a central difference)."""

    operand: "Term"
    parameter: str


Term = Union[Num, Quantity, BinOp, Neg, At, Slope]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """``[some:] left OP right``; without ``some:`` it must hold at every equilibrium."""

    left: Term
    op: str
    right: Term
    some: bool = False

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise ValueError(f"unknown operator {self.op!r}")


Condition = Union[PlayCondition, Comparison]


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One claim: ``id``, the ``statement`` in words, the condition (text and tree) and its settings."""

    id: str
    statement: str
    text: str
    condition: Condition
    variant: str | None = None
    values: tuple[tuple[str, Fraction], ...] = ()
    where: str = ""  # docs that make the claim (free text, e.g. "README; docs/tutorial.md")
    given: tuple[str, ...] = ()  # parameters the statement is conditional on: held at their value in the prior


@dataclass(frozen=True, slots=True, kw_only=True)
class Prior:
    """The prior of ``berlinsim check``'s robustness share.

    Every parameter moves uniformly within ``spread`` (a share, 0.5 = ±50%) of its value at the
    claim's settings, clipped to its range, except those ``fixed``; ``distributions`` replaces
    that for some parameters by an absolute distribution (``uniform(a, b)``, ...). ``draws``
    points from ``seed``.
    """

    spread: Fraction = Fraction(1, 2)
    draws: int = 200
    seed: int = 0
    fixed: tuple[str, ...] = ()
    distributions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSet:
    """A scenario's claims, its prior and the parameters whose margins are reported (empty: all)."""

    claims: tuple[Claim, ...] = ()
    prior: Prior = Prior()
    margins: tuple[str, ...] = ()
