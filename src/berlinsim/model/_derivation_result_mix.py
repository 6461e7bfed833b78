"""What pins an equilibrium strategy down: value objects (private part of :mod:`berlinsim.model.derivation_result`).

A player's equilibrium strategy in a game in strategic form is derived from the *other* players'
incentives: every action another player uses must earn them the same against it (an
indifference equation, linear in its probabilities when the rest are held at their equilibrium
values) and no action they leave unused may earn more (an inequality). A
:class:`MixDerivation` records these conditions for one player (the *mixer*), solved exactly:
either they pin the strategy down, or a set of strategies (an interval, or a polygon with the
listed vertices) satisfies them, every one of which, with the others' strategies, is an
equilibrium. Import these classes from :mod:`berlinsim.model.derivation_result`.

Examples
--------
>>> from fractions import Fraction
>>> hold = Incentive(player="USSR", used=("H",), used_rows=((Fraction(-1), Fraction(0)),), unused=("PO",),
...                  unused_rows=((Fraction(-2), Fraction(2)),))
>>> hold.is_indifferent
False
"""

from __future__ import annotations

from dataclasses import dataclass

from berlinsim.model._derivation_result_tree import Number


@dataclass(frozen=True, slots=True, kw_only=True)
class Incentive:
    """One other player's payoffs as linear forms in the mixer's probabilities.

    ``used_rows[r][c]`` is ``player``'s payoff from ``used[r]`` when the mixer plays its
    ``c``-th unknown action for sure (everyone else at their equilibrium strategies); likewise
    ``unused_rows`` for the actions ``player`` leaves unused. The used actions must earn the same,
    the unused ones no more.
    """

    player: str
    used: tuple[str, ...]
    used_rows: tuple[tuple[Number, ...], ...]
    unused: tuple[str, ...] = ()
    unused_rows: tuple[tuple[Number, ...], ...] = ()

    @property
    def is_indifferent(self) -> bool:
        """``player`` uses several actions, so the mixer's strategy must make them equally good."""
        return len(self.used) > 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Equation:
    """``player``'s ``left`` and ``right`` earn the same: ``sum coefficients[c] * x_c = 0`` (``right`` minus ``left``).

    Never an identity: a pair of actions that earn the same against every mix is listed in
    :attr:`MixDerivation.identities` instead.
    """

    player: str
    left: str
    right: str
    coefficients: tuple[Number, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Bound:
    """One inequality on the mixer's probabilities: ``sum coefficients[c] * x_c >= 0``.

    ``kind`` ``"unused"``: ``player``'s used action ``used`` earns at least as much as their unused
    ``action`` (``coefficients`` is the difference of their rows); ``"probability"``: the mixer's
    probability of ``action`` is not negative (``player`` is the mixer, ``used`` ''). ``op`` and
    ``value`` say what it means for the free unknown when exactly one is free: ``">="`` or
    ``"<="`` ``value``, ``"always"`` (holds for every value) or ``"never"``; '' otherwise.
    """

    kind: str
    player: str
    action: str
    used: str
    coefficients: tuple[Number, ...]
    op: str = ""
    value: Number | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Vertex:
    """An extreme point of the set of strategies that satisfy the conditions.

    ``point`` gives the probability of each unknown action; ``binding`` the conditions that hold
    with equality there (:class:`Bound` positions); ``equilibrium`` the number of the listed
    equilibrium it completes (with the others' strategies), 0 when none.
    """

    point: tuple[Number, ...]
    binding: tuple[int, ...] = ()
    equilibrium: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class MixDerivation:
    """How one player's equilibrium strategy follows from the other players' incentives.

    Attributes
    ----------
    mixer : str
    actions : tuple of str
        The unknowns: the mixer's best responses to the others' equilibrium strategies (each
        earns ``worth``); the mixer may put probability only on these.
    variables : tuple of str
        The names of the probabilities: ``("q",)`` for two actions (the second is ``1 - q``),
        ``("q1", "q2", ...)`` for more, ``()`` for one.
    strategy : tuple of Number
        The equilibrium's probability of each of ``actions``.
    worth : Number
        What each of ``actions`` earns the mixer.
    others : tuple of (str, Number)
        The mixer's other actions and what each earns (less than ``worth``).
    incentives : tuple of Incentive
        One per other player.
    equations : tuple of Equation
        The indifference equations (never identities), before ``sum x = 1``.
    identities : tuple of (str, str, str)
        ``(player, a, b)``: ``a`` and ``b`` earn ``player`` the same against every strategy of
        the mixer, so their indifference says nothing.
    free : tuple of int
        The unknowns left free by the equations (positions in ``actions``); ``()`` when pinned.
    affine : tuple of (Number, tuple of Number)
        Every unknown as ``constant + sum coefficients[f] * free unknown f`` (a free unknown is
        itself); when pinned, the constants are the solution.
    bounds : tuple of Bound
        The inequalities: no unused action of another player earns more, no probability is
        negative.
    vertices : tuple of Vertex
        The extreme points of the set of strategies allowed (when ``free``), each an
        equilibrium with the others' strategies; ``()`` when pinned or not enumerated.
    interval : tuple of Number
        With exactly one free unknown: its lowest and highest allowed value.
    status : str
        ``"pinned"`` (one strategy satisfies the conditions), ``"free"`` (a set of them) or
        ``"unsolved"`` (float rounding: the conditions are not consistent within tolerance;
        the solver's numbers are shown).
    """

    mixer: str
    actions: tuple[str, ...]
    variables: tuple[str, ...]
    strategy: tuple[Number, ...]
    worth: Number
    others: tuple[tuple[str, Number], ...] = ()
    incentives: tuple[Incentive, ...] = ()
    equations: tuple[Equation, ...] = ()
    identities: tuple[tuple[str, str, str], ...] = ()
    free: tuple[int, ...] = ()
    affine: tuple[tuple[Number, tuple[Number, ...]], ...] = ()
    bounds: tuple[Bound, ...] = ()
    vertices: tuple[Vertex, ...] = ()
    interval: tuple[Number, ...] = ()
    status: str = "pinned"

    @property
    def is_pinned(self) -> bool:
        return self.status == "pinned"

    @property
    def ranges(self) -> tuple[tuple[Number, Number], ...]:
        """Each unknown's lowest and highest value over :attr:`vertices` (``()`` without vertices)."""
        if not self.vertices:
            return ()
        return tuple((min(v.point[c] for v in self.vertices), max(v.point[c] for v in self.vertices))
                     for c in range(len(self.actions)))
