"""What a solver returns: equilibria with their payoffs and regret, and how they were found.

Every solver returns one :class:`SolveResult`. Each :class:`Equilibrium` carries
its payoffs and its regret computed afresh from the game (not trusted from the
algorithm), and its exact form when the game and method are exact.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> eq = equilibrium_from(pd, ((0, 1), (0, 1)), exact=True)
>>> eq.exact_payoffs, eq.regret, eq.is_pure, eq.support
((Fraction(1, 1), Fraction(1, 1)), 0.0, True, ((1,), (1,)))

Tolerances are relative to each player's payoff range (:data:`RELATIVE_TOLERANCE`): a float
profile is an equilibrium when no player gains more than ``1e-9`` of the range of her own
payoffs by deviating (:attr:`Equilibrium.relative_regret`), so the verdict is the same for any
positive affine change of any player's payoffs, at any magnitude.

>>> payoff_tolerances(pd), payoff_tolerances(NormalFormGame.from_bimatrix([[3e6, 0], [5e6, 1e6]], [[3, 5], [0, 1]]))
((5e-09, 5e-09), (0.005, 5e-09))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.model import behavior as bh
from berlinsim.model.assessment import InfosetBelief, SignallingVerdict
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import exact_payoffs_and_regret, payoffs_and_regret

#: Largest gain from a deviation allowed in float arithmetic, as a fraction of the deviating
#: player's payoff range (highest minus lowest of her payoffs in the game).
RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class Equilibrium:
    """One equilibrium (mixed profile) of a normal-form game.

    Attributes
    ----------
    strategies : tuple of tuple of float
        ``strategies[i][a]``: probability that player ``i`` plays action ``a``.
    payoffs : tuple of float
        Each player's expected payoff.
    regret : float
        Largest gain from a unilateral pure deviation, computed from the game.
    relative_regret : float
        The same with each player's gain divided by her payoff range (highest minus lowest
        payoff; a player whose payoffs are all equal gains nothing): invariant under positive
        affine changes of any player's payoffs, and what solvers compare with their tolerance.
    exact_strategies, exact_payoffs : optional
        The same in Fractions when known exactly.
    exact_regret : Fraction or None
        The regret in exact arithmetic (``0`` means verified exactly).
    """

    strategies: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    regret: float
    relative_regret: float
    exact_strategies: tuple[tuple[Fraction, ...], ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None
    exact_regret: Fraction | None = None

    @property
    def is_pure(self) -> bool:
        return all(max(s) == 1.0 for s in self.strategies) if self.exact_strategies is None else all(
            max(s) == 1 for s in self.exact_strategies
        )

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """The actions each player plays with positive probability."""
        if self.exact_strategies is not None:
            return tuple(tuple(a for a, p in enumerate(s) if p > 0) for s in self.exact_strategies)
        return tuple(tuple(a for a, p in enumerate(s) if p > 1e-12) for s in self.strategies)


def equilibrium_from(
    game: NormalFormGame,
    strategies: Sequence[Sequence[Any]],
    *,
    exact: bool = False,
) -> Equilibrium:
    """Build an :class:`Equilibrium` from a profile, computing payoffs and regret from the game.

    With ``exact=True`` the profile's entries are taken as Fractions (ints, Fractions or
    numeric strings) and the game must have exact payoffs; the regret is then computed
    exactly as well. This function does not decide whether the profile *is* an
    equilibrium: it measures it. Solvers keep only profiles whose regret is within tolerance.
    """
    if exact:
        fr = tuple(tuple([x if type(x) is Fraction else Fraction(x) for x in s]) for s in strategies)
        fr, ex_pay, ex_reg, ex_rel = exact_payoffs_and_regret(game, fr)
        return Equilibrium(
            strategies=tuple(tuple(float(x) for x in s) for s in fr),
            payoffs=tuple(float(x) for x in ex_pay),
            regret=float(ex_reg),
            relative_regret=float(ex_rel),
            exact_strategies=fr,
            exact_payoffs=ex_pay,
            exact_regret=ex_reg,
        )
    arrays, payoffs, gain, relative = payoffs_and_regret(game, strategies)
    return Equilibrium(strategies=tuple([tuple(s.tolist()) for s in arrays]), payoffs=payoffs, regret=gain,
                       relative_regret=relative)


@dataclass(frozen=True, slots=True, kw_only=True)
class BehaviorEquilibrium:
    """One equilibrium of an extensive game, in behaviour strategies.

    Attributes
    ----------
    behavior : tuple
        ``behavior[p][j][a]``: probability that player ``p`` takes action ``a`` at their
        ``j``-th information set (ascending number, :attr:`ExtensiveGame.player_infosets`).
        Every information set has a distribution, reached or not (off-path behaviour).
    payoffs : tuple of float
        Each player's expected payoff.
    regret : float
        Largest gain a player gets by switching to a best response, computed from the tree
        by :func:`berlinsim.model.behavior.regret` (not trusted from the solver).
    relative_regret : float
        The same with each player's gain divided by the range of her terminal payoffs
        (:func:`berlinsim.model.behavior.relative_regret`); compared with the tolerance.
    terminal_distribution : tuple of float
        Probability of each terminal node (rows of :attr:`ExtensiveGame.terminals`).
    refinement : str
        The strongest solution concept the method guarantees, e.g. ``"subgame perfect"`` or ``"nash"``.
    exact_behavior, exact_payoffs, exact_regret, exact_terminal_distribution : optional
        The same in Fractions when known exactly.
    beliefs : tuple or None
        ``beliefs[p][j]``: the :class:`~berlinsim.model.assessment.InfosetBelief` at player ``p``'s
        ``j``-th information set, for methods that compute assessments (``pbe``); None otherwise.
    signalling : SignallingVerdict or None
        In signalling games solved by ``pbe``: the Intuitive Criterion and D1 on this outcome.
    """

    behavior: tuple[tuple[tuple[float, ...], ...], ...]
    payoffs: tuple[float, ...]
    regret: float
    relative_regret: float
    terminal_distribution: tuple[float, ...]
    refinement: str = "nash"
    exact_behavior: tuple[tuple[tuple[Fraction, ...], ...], ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None
    exact_regret: Fraction | None = None
    exact_terminal_distribution: tuple[Fraction, ...] | None = None
    beliefs: tuple[tuple[InfosetBelief, ...], ...] | None = None
    signalling: SignallingVerdict | None = None

    @property
    def is_pure(self) -> bool:
        rows = self.exact_behavior if self.exact_behavior is not None else self.behavior
        return all(max(probs) == 1 for player in rows for probs in player)


def behavior_equilibrium_from(game: Any, behavior: Sequence[Sequence[Sequence[Any]]], *, exact: bool = False,
                              refinement: str = "nash") -> BehaviorEquilibrium:
    """Build a :class:`BehaviorEquilibrium`, computing payoffs, regret and outcome distribution from the tree.

    With ``exact=True`` the entries are taken as Fractions and the game must be exact.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("A", {"x": terminal(1), "y": terminal(0)}))
    >>> eq = behavior_equilibrium_from(g, [[[1, 0]]], exact=True)
    >>> eq.exact_payoffs, eq.exact_regret, eq.terminal_distribution
    ((Fraction(1, 1),), Fraction(0, 1), (1.0, 0.0))
    """
    if exact:
        fr = bh.nest_behavior(game, bh.flatten_behavior(game, behavior, exact=True))
        dist = tuple(bh.exact_terminal_distribution(game, fr))
        pay = bh.exact_expected_payoffs(game, fr)
        gains = bh.exact_gains(game, fr)
        reg = max(Fraction(0), *gains)
        relative = max([g / s for g, s in zip(gains, game.payoff_scale.span) if g > 0], default=Fraction(0))
        return BehaviorEquilibrium(
            behavior=tuple(tuple(tuple(float(x) for x in s) for s in p) for p in fr),
            payoffs=tuple(float(x) for x in pay), regret=float(reg), relative_regret=float(relative),
            terminal_distribution=tuple(float(x) for x in dist), refinement=refinement,
            exact_behavior=fr, exact_payoffs=pay, exact_regret=reg, exact_terminal_distribution=dist)
    fl = bh.nest_behavior(game, bh.flatten_behavior(game, behavior))
    gains = bh.relative_gains(game, fl)
    spans = game.payoff_scale.float_span
    return BehaviorEquilibrium(
        behavior=tuple(tuple(tuple(float(x) for x in s) for s in p) for p in fl),
        payoffs=tuple(float(x) for x in bh.expected_payoffs(game, fl)),
        regret=max([g * s for g, s in zip(gains, spans) if g > 0], default=0.0),
        relative_regret=max(0.0, *gains),
        terminal_distribution=tuple(float(x) for x in bh.terminal_distribution(game, fl)), refinement=refinement)


@dataclass(frozen=True, slots=True, kw_only=True)
class SolveResult:
    """The answer of a solver and a record of how it was found.

    Attributes
    ----------
    method : str
        The method's name in :data:`berlinsim.solvers.METHODS`.
    game : object
        The game solved.
    equilibria : tuple
        The equilibria found (each verified: regret within ``tolerance``).
    exact : bool
        True when the equilibria were computed and verified in exact arithmetic.
    complete : bool
        True when ``equilibria`` is the complete set of what the method looks for
        (all pure equilibria, all extreme equilibria, ...); False for methods that
        return a sample (Lemke-Howson, QRE limit).
    degenerate : bool or None
        Whether the game is degenerate for this method (None: not determined).
    tolerance : float
        Regret allowed for a reported equilibrium, as a fraction of each player's payoff
        range (:data:`RELATIVE_TOLERANCE` for float results, 0 for exact ones): each player's
        gain from deviating is at most ``tolerance`` times her range (``relative_regret <=
        tolerance``); :attr:`tolerances` gives it in each player's payoff units.
    parameters : tuple of (name, value)
        Options the solver ran with.
    notes : tuple of str
        Plain-language remarks to show the user (degeneracy, ties, truncation).
    details : object or None
        Method-specific findings (a QRE path, a dominance trace, an LP value, a commitment).
    components : object or None
        For a complete list of a two-player game's extreme equilibria: the structure of the
        equilibrium set (:class:`~berlinsim.model.components.EquilibriumComponents`).
    """

    method: str
    game: Any
    equilibria: tuple[Any, ...]
    exact: bool
    complete: bool
    degenerate: bool | None = None
    tolerance: float = 1e-9
    parameters: tuple[tuple[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    details: Any = None
    components: Any = None

    @property
    def tolerances(self) -> tuple[float, ...]:
        """The tolerance in each player's payoff units (:func:`payoff_tolerances`)."""
        return payoff_tolerances(self.game, self.tolerance)

    def __post_init__(self) -> None:
        object.__setattr__(self, "equilibria", tuple(self.equilibria))
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "parameters", tuple(self.parameters))


def payoff_tolerances(game: Any, relative: float = RELATIVE_TOLERANCE) -> tuple[float, ...]:
    """Per player, the regret allowed in her payoff units: ``relative`` times the range of her payoffs.

    ``game`` is a normal-form or an extensive game (terminal payoffs).
    """
    return tuple(relative * s for s in game.payoff_scale.float_span)
