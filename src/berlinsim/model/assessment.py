"""Assessments: beliefs at information sets, and the signalling-game refinements of an equilibrium.

An *assessment* is a behaviour profile plus a *belief* at every information set: a probability
for each of its nodes, the mover's estimate of where play is when the set is reached.
:func:`berlinsim.solvers.pbe.pbe_solve` attaches one :class:`InfosetBelief` per information
set to every equilibrium it reports (``BehaviorEquilibrium.beliefs[player][j]``, in the order of
:attr:`ExtensiveGame.player_infosets`), and for signalling games a :class:`SignallingVerdict`.

Where a belief comes from (:attr:`InfosetBelief.source`):

``"path"``
    The set is reached with positive probability: Bayes' rule on the reach probabilities.
``"plan"``
    Off the path, but the profile still decides: Bayes' rule on the play below the point where
    the set's histories part (the point where play left the path, or a subgame root), e.g. after
    a player's own deviation, which tells nothing new about chance or the others.
``"free"``
    Off the path, and the profile does not decide. ``range`` lists the extreme points of the
    beliefs that are admissible (limits of Bayes' rule under vanishing trembles, see
    :mod:`berlinsim.solvers._beliefs`) and make the prescribed play optimal; ``belief`` is the
    method's choice among them (their centroid).

Value objects only, so io and reports can serialise and render them without importing solvers;
:func:`belief_text` and :func:`verdict_text` turn them into sentences.

Examples
--------
>>> from fractions import Fraction as F
>>> b = InfosetBelief(player=1, infoset=2, nodes=(3, 7), source="free", belief=(0.25, 0.75),
...                   range=((0.0, 1.0), (0.5, 0.5)), reach=0.0)
>>> b.is_range, b.on_path
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model._exact import format_number

#: Values of :attr:`InfosetBelief.source`.
SOURCES = ("path", "plan", "free")


@dataclass(frozen=True, slots=True, kw_only=True)
class InfosetBelief:
    """The belief at one information set, where it comes from, and the range that supports the play.

    Attributes
    ----------
    player : int
        The 0-based player who moves there.
    infoset : int
        Global index into :attr:`ExtensiveGame.infosets`.
    nodes : tuple of int
        The set's nodes, in preorder (the order of ``belief``).
    source : str
        ``"path"``, ``"plan"`` or ``"free"`` (see the module docstring).
    belief : tuple of float
        The probability of each node (the method's choice when ``source == "free"``).
    range : tuple of tuple of float
        Extreme points of the admissible beliefs under which the prescribed play at this
        set is sequentially rational; ``(belief,)`` when the belief is not free.
    reach : float
        Probability that play reaches the set under the profile.
    exact_belief, exact_range, exact_reach : optional
        The same in Fractions when the game and profile are exact.
    """

    player: int
    infoset: int
    nodes: tuple[int, ...]
    source: str
    belief: tuple[float, ...]
    range: tuple[tuple[float, ...], ...]
    reach: float
    exact_belief: tuple[Fraction, ...] | None = None
    exact_range: tuple[tuple[Fraction, ...], ...] | None = None
    exact_reach: Fraction | None = None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"belief source must be one of {SOURCES}, got {self.source!r}")
        if len(self.belief) != len(self.nodes) or any(len(r) != len(self.nodes) for r in self.range):
            raise ValueError("a belief needs one probability per node of its information set")

    @property
    def on_path(self) -> bool:
        return self.source == "path"

    @property
    def is_range(self) -> bool:
        """True when more than one belief supports the play (a free belief with a range)."""
        return len(self.range) > 1


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageTest:
    """The Intuitive Criterion and D1 tests of one message that no type sends in equilibrium.

    Types are 0-based indices into :attr:`SignallingVerdict.types`; payoffs are the sender's.

    Attributes
    ----------
    message : str
        The message (the sender's action label).
    infoset : int
        The receiver's information set after it (global index).
    equilibrium_payoffs : tuple
        Each type's payoff in the equilibrium.
    best_payoffs : tuple
        Each type's best payoff from the message, over the receiver's best responses to any belief.
    dominated : tuple of int
        Types for which the message is *equilibrium-dominated*: it cannot pay more than the
        equilibrium whatever the receiver believes (best payoff below the equilibrium payoff).
    worst_payoffs : tuple or None
        Each type's worst payoff from the message over the receiver's best responses to beliefs
        on the types that are not dominated (None when every type is dominated).
    breaking : tuple of int
        Types that get more than in equilibrium from the message whatever the receiver believes
        among the undominated types. Non-empty: the equilibrium fails the Intuitive Criterion.
    pruned : tuple of (int, int)
        D1: ``(t, by)`` when every receiver best response that gives type ``t`` at least its
        equilibrium payoff gives type ``by`` strictly more; the receiver should then put no
        weight on ``t``.
    d1_deterred : bool
        Whether some receiver best response to a belief on the unpruned types keeps every type
        at or below its equilibrium payoff (False: the equilibrium fails D1).
    """

    message: str
    infoset: int
    equilibrium_payoffs: tuple[Any, ...]
    best_payoffs: tuple[Any, ...]
    dominated: tuple[int, ...]
    worst_payoffs: tuple[Any, ...] | None
    breaking: tuple[int, ...]
    pruned: tuple[tuple[int, int], ...]
    d1_deterred: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SignallingVerdict:
    """Cho and Kreps' (1987) Intuitive Criterion and D1 on one equilibrium outcome of a signalling game.

    Attributes
    ----------
    types : tuple of str
        The sender's types (chance's outcomes at the root).
    intuitive_criterion, d1 : bool
        Whether the outcome survives each test (True when every message is sent).
    tests : tuple of MessageTest
        One test per message sent by no type, with the reasons.
    """

    types: tuple[str, ...]
    intuitive_criterion: bool
    d1: bool
    tests: tuple[MessageTest, ...]


def _num(x: Any) -> str:
    return format_number(x)


def _names(types: Sequence[str], which: Sequence[int]) -> str:
    words = [f"the {types[t]} type" for t in which]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def belief_text(belief: InfosetBelief, node_names: Sequence[str]) -> str:
    """The belief in words, one name per node (e.g. the chance outcome that leads there).

    >>> b = InfosetBelief(player=1, infoset=0, nodes=(2, 5), source="path", belief=(0.25, 0.75),
    ...                   range=((0.25, 0.75),), reach=1.0, exact_belief=(Fraction(1, 4), Fraction(3, 4)))
    >>> belief_text(b, ("resolute", "bluffing"))
    "resolute 1/4, bluffing 3/4 (Bayes' rule on the path)"
    """
    values = belief.exact_belief if belief.exact_belief is not None else belief.belief
    points = belief.exact_range if belief.exact_range is not None else belief.range
    said = ", ".join(f"{n} {_num(v)}" for n, v in zip(node_names, values))
    if belief.source == "path":
        return f"{said} (Bayes' rule on the path)"
    if belief.source == "plan":
        return f"{said} (off the path; Bayes' rule on the play where the histories part)"
    if len(points) == 1:
        return f"{said} (off the path; the only belief that supports the play)"
    ranges = []
    for k, name in enumerate(node_names):
        low, high = min(p[k] for p in points), max(p[k] for p in points)
        ranges.append(f"{name} {_num(low)}..{_num(high)}")
    return f"{said} (off the path; chosen among beliefs with extreme points spanning {', '.join(ranges)})"


def verdict_text(verdict: SignallingVerdict) -> tuple[str, ...]:
    """The Intuitive Criterion and D1 reasons in words, one sentence per unsent message.

    >>> test = MessageTest(message="Beer", infoset=0, equilibrium_payoffs=(3, 2), best_payoffs=(2, 3),
    ...                    dominated=(0,), worst_payoffs=(2, 3), breaking=(1,), pruned=((0, 1),), d1_deterred=False)
    >>> v = SignallingVerdict(types=("weak", "strong"), intuitive_criterion=False, d1=False, tests=(test,))
    >>> print(verdict_text(v)[0])
    Beer: the weak type cannot gain from Beer whatever the receiver believes (at most 2, against 3 in equilibrium); the strong type can; so the receiver should believe the strong type after Beer, and then the strong type gains (at least 3, against 2): the outcome fails the Intuitive Criterion.
    """
    out = []
    types = verdict.types
    for test in verdict.tests:
        eq, best = test.equilibrium_payoffs, test.best_payoffs
        others = [t for t in range(len(types)) if t not in test.dominated]
        if not test.dominated:
            ic = f"{test.message}: no type is sure to lose by it, so the Intuitive Criterion restricts no belief"
        elif not others:
            ic = f"{test.message}: every type loses by it whatever the receiver believes, so no belief is ruled out"
        else:
            worse = "; ".join(f"{_names(types, [t])} cannot gain from {test.message} whatever the receiver believes "
                              f"(at most {_num(best[t])}, against {_num(eq[t])} in equilibrium)"
                              for t in test.dominated)
            ic = (f"{test.message}: {worse}; {_names(types, others)} "
                  f"can; so the receiver should believe {_names(types, others)} "
                  f"after {test.message}")
            if test.breaking:
                gains = "; ".join(f"{_names(types, [t])} gains (at least {_num(test.worst_payoffs[t])}, "
                                  f"against {_num(eq[t])})" for t in test.breaking)
                ic += f", and then {gains}: the outcome fails the Intuitive Criterion"
            else:
                ic += ", and then no type is sure to gain: the test is passed"
        out.append(ic + ".")
        if test.pruned or not test.d1_deterred:
            pruned = "; ".join(f"whenever {_names(types, [t])} would weakly gain, {_names(types, [by])} gains strictly"
                               for t, by in test.pruned)
            d1 = f"{test.message} (D1): {pruned or 'no type is pruned'}; "
            d1 += ("some best response to beliefs on the remaining types deters every type: D1 passed"
                   if test.d1_deterred else
                   "no best response to beliefs on the remaining types deters every type: the outcome fails D1")
            out.append(d1 + ".")
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionMethod:
    """How one part of the tree without proper subgames was solved by ``pbe``.

    ``root`` is the node where the part starts (a subgame root), ``movers`` the players who move
    in it, ``method`` one of ``"backward induction"`` (a single move), ``"sender-receiver vertex
    enumeration"``, ``"pure search"`` or ``"Nash candidates and pure search"``, and ``complete``
    whether every perfect Bayesian equilibrium of the part is covered (by its extreme points).
    """

    root: int
    movers: tuple[str, ...]
    method: str
    complete: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PbeLine:
    """One sentence of a perfect Bayesian solution: ``equilibrium`` (1-based) and its ``text``."""

    equilibrium: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PbeDetails:
    """What ``pbe`` found besides the equilibria.

    Attributes
    ----------
    sequential : tuple of bool
        Per equilibrium: whether its beliefs are shown to be jointly consistent (Kreps and Wilson),
        so the assessment is a sequential equilibrium.
    signalling : bool
        Whether the game is a signalling game (then equilibria carry Intuitive Criterion and D1 verdicts).
    regions : tuple of RegionMethod
        How each part of the tree with imperfect information was solved.
    lines : tuple of PbeLine
        The beliefs and refinement tests in words.
    """

    sequential: tuple[bool, ...]
    signalling: bool
    regions: tuple[RegionMethod, ...]
    lines: tuple[PbeLine, ...] = ()
