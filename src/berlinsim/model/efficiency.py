"""A scenario's equilibria judged as outcomes: welfare, Pareto efficiency, risk dominance (values only).

:func:`berlinsim.analysis.outcomes.efficiency` fills these for a solved scenario; reports and JSON
show them next to the equilibria. The yardstick is the game's *pure outcomes*: the cells of a
matrix game, the pure strategy profiles of a tree's reduced normal form (each with its expected
payoffs over chance). An equilibrium is *Pareto efficient* here when no pure outcome gives every
player at least as much and one player more (a statement about pure outcomes: a lottery over
outcomes agreed in advance could still do better for everyone). *Welfare* is the
sum of the players' expected payoffs. *Risk dominance* (Harsanyi & Selten, *A General Theory of
Equilibrium Selection in Games*, 1988) compares the two strict equilibria of a 2 x 2 game: the
one with the larger product of the players' losses from deviating.

Equilibria are referred to by their 1-based number in the canonical order
(:mod:`berlinsim.model.identity`), the order every output lists them in.

Examples
--------
>>> e = EquilibriumEfficiency(welfare=-2, efficient=False, dominated_by="Yield / Back", dominating_payoffs=(0, 0),
...                           dominating_count=1, better_equilibria=())
>>> e.efficient, e.dominated_by
(False, 'Yield / Back')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Number = Fraction | float

__all__ = ["Efficiency", "EquilibriumEfficiency"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EquilibriumEfficiency:
    """One equilibrium judged as an outcome.

    Attributes
    ----------
    welfare : Fraction or float
        The sum of the players' expected payoffs.
    efficient : bool
        No pure outcome gives every player at least as much and one player more.
    dominated_by : str
        When not efficient, the pure outcome with the largest welfare among those that
        Pareto-dominate the equilibrium, in the scenario's outcome labels ("" when efficient).
    dominating_payoffs : tuple of Fraction or float
        Its payoffs, one per player (empty when efficient).
    dominating_count : int
        How many pure outcomes Pareto-dominate the equilibrium.
    better_equilibria : tuple of int
        The (1-based) equilibria that Pareto-dominate this one: every player gets at least as much
        in them and one player more.
    """

    welfare: Number
    efficient: bool
    dominated_by: str = ""
    dominating_payoffs: tuple[Number, ...] = ()
    dominating_count: int = 0
    better_equilibria: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Efficiency:
    """The equilibria of a solved scenario judged as outcomes.

    Attributes
    ----------
    players : tuple of str
    equilibria : tuple of EquilibriumEfficiency
        One per equilibrium, in canonical order.
    optimum : Fraction or float
        The largest welfare (sum of payoffs) of any pure outcome.
    optimal : tuple of str
        The pure outcomes that reach it (at most a few, in the game's order).
    outcomes : int
        How many pure outcomes were compared (cells, or pure strategy profiles of a tree).
    risk_compared : tuple of int
        The two (1-based) strict equilibria of a 2 x 2 game compared by risk dominance; empty when the
        game has no such pair.
    risk_products : tuple of Fraction or float
        Their products of deviation losses.
    risk_dominant : int or None
        The risk-dominant one of the two (None: the products tie, or nothing was compared).
    note : str
        What could not be judged, and why ("" when everything was).
    """

    players: tuple[str, ...]
    equilibria: tuple[EquilibriumEfficiency, ...]
    optimum: Number | None = None
    optimal: tuple[str, ...] = ()
    outcomes: int = 0
    risk_compared: tuple[int, ...] = ()
    risk_products: tuple[Number, ...] = ()
    risk_dominant: int | None = None
    note: str = ""
