"""Correlated equilibria: distributions over pure profiles, and the obedience constraints behind them.

A *correlated equilibrium* (Aumann 1974) is a distribution ``p`` over pure profiles such that
when a mediator draws a profile from ``p`` and tells each player privately her own action,
no player gains by disobeying: for player ``i``, recommendation ``a`` and deviation ``b``,

    sum over the others' actions s of p(a, s) * (u_i(a, s) - u_i(b, s)) >= 0.

A *coarse* correlated equilibrium only asks that no player gains by committing to one action
``b`` before hearing anything: ``sum_s p(s) * (u_i(s) - u_i(b, s_-i)) >= 0``.

:func:`obedience` lists every such constraint of a distribution with its slack: the data of a
teaching view of the recommendation device ("a mediator tells each side privately what to
do; neither gains by disobeying").

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], actions=(("C", "D"), ("C", "D")))
>>> third = Fraction(1, 3)
>>> rows = obedience(chicken, ((0, 0), (0, 1), (1, 0)), (third, third, third))
>>> [(r.player, r.recommended, r.deviation, str(r.slack), str(r.conditional_obey), str(r.conditional_deviate)) for r in rows]
[(0, 0, 1, '1/3', '4', '7/2'), (0, 1, 0, '1/3', '7', '6'), (1, 0, 1, '1/3', '4', '7/2'), (1, 1, 0, '1/3', '7', '6')]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from berlinsim.model.normal_form import NormalFormGame

Number = Fraction | float


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrelatedEquilibrium:
    """A (coarse) correlated equilibrium: a distribution over pure profiles.

    Attributes
    ----------
    roles : tuple of str
        Why it is listed: ``"max welfare"``, ``"best for <player>"``, ``"worst for <player>"``,
        ``"vertex"`` (a vertex of the polytope); several when it is all of them.
    cells : tuple of tuple of int
        The pure profiles with positive probability (one action index per player), in
        lexicographic order.
    probabilities : tuple of float
        Their probabilities (the rest of the profiles have probability 0).
    payoffs : tuple of float
        Each player's expected payoff.
    regret : float
        The largest expected gain from disobeying (0 at an equilibrium), from the game.
    relative_regret : float
        The same with each player's gain divided by the range of her payoffs: the same for any
        positive affine change of a player's payoffs, and what the solver compares with its tolerance.
    exact_probabilities, exact_payoffs, exact_regret : optional
        The same in Fractions when known exactly.
    """

    roles: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    probabilities: tuple[float, ...]
    payoffs: tuple[float, ...]
    regret: float
    relative_regret: float
    exact_probabilities: tuple[Fraction, ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None
    exact_regret: Fraction | None = None

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.probabilities):
            raise ValueError("one probability per cell")

    @property
    def distribution(self) -> tuple[tuple[tuple[int, ...], Number], ...]:
        """``(cell, probability)`` pairs, exact when known."""
        probs = self.exact_probabilities if self.exact_probabilities is not None else self.probabilities
        return tuple(zip(self.cells, probs))


@dataclass(frozen=True, slots=True, kw_only=True)
class Obedience:
    """One obedience constraint of a distribution, with its slack.

    Attributes
    ----------
    player : int
        The player (index).
    recommended : int or None
        The recommended action (``None`` for a coarse constraint: before any recommendation).
    deviation : int
        The action the player would switch to.
    probability : Fraction or float
        Probability of the recommendation (1 for a coarse constraint).
    obey, deviate : Fraction or float
        Expected payoff, unconditional (summed over the profiles where this recommendation is
        made), of obeying and of deviating.
    """

    player: int
    recommended: int | None
    deviation: int
    probability: Number
    obey: Number
    deviate: Number

    @property
    def slack(self) -> Number:
        """``obey - deviate``: at least 0 in an equilibrium; 0 when the constraint binds."""
        return self.obey - self.deviate

    @property
    def conditional_obey(self) -> Number:
        """Expected payoff of obeying given the recommendation."""
        return self.obey / self.probability

    @property
    def conditional_deviate(self) -> Number:
        """Expected payoff of deviating given the recommendation."""
        return self.deviate / self.probability


def obedience(game: NormalFormGame, cells: Sequence[Sequence[int]], probabilities: Sequence[Number],
              *, coarse: bool = False) -> tuple[Obedience, ...]:
    """Every obedience constraint of the distribution, in order (player, recommendation, deviation).

    Recommendations with probability zero are left out (nothing is asked of them). Exact when
    the probabilities are Fractions and the game is exact.
    """
    exact = game.exact_payoffs is not None and all(isinstance(p, (Fraction, int)) for p in probabilities)
    u = game.exact_payoffs if exact else game.payoffs
    zero: Number = Fraction(0) if exact else 0.0
    out = []
    for i, actions in enumerate(game.actions):
        recommendations = [None] if coarse else range(len(actions))
        for a in recommendations:
            chosen = [(tuple(c), p) for c, p in zip(cells, probabilities) if a is None or c[i] == a]
            mass = sum((p for _, p in chosen), zero)
            if not chosen or mass == 0:
                continue
            obey = sum((p * u[(i, *c)] for c, p in chosen), zero)
            for b in range(len(actions)):
                if b == a:
                    continue
                deviate = sum((p * u[(i, *c[:i], b, *c[i + 1:])] for c, p in chosen), zero)
                out.append(Obedience(player=i, recommended=a, deviation=b, probability=mass,
                                     obey=obey, deviate=deviate))
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrelatedDetails:
    """What the correlated-equilibrium method computed besides the list.

    Attributes
    ----------
    coarse : bool
        Coarse correlated equilibria (commit-before-hearing deviations) instead of correlated.
    constraints : int
        Number of obedience constraints of the polytope.
    max_welfare : Fraction or float
        The largest total payoff over the polytope.
    best, worst : tuple
        Each player's largest and smallest expected payoff over the polytope.
    vertices : int or None
        Number of vertices of the polytope when they were enumerated, else ``None``.
    certified : bool
        True when every optimum above is certified exactly (primal and dual in Fractions).
    """

    coarse: bool
    constraints: int
    max_welfare: Number
    best: tuple[Number, ...]
    worst: tuple[Number, ...]
    vertices: int | None
    certified: bool
