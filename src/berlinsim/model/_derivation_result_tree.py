"""What a derivation returns about trees: value objects (private part of :mod:`berlinsim.model.derivation_result`).

The tree's nodes (:class:`TreeView`), backward induction step by step (:class:`InductionStep`,
with the belief that makes a mixing player indifferent, :class:`BeliefIndifference`, and the
earlier mix that Bayes' rule needs for that belief, :class:`MixForBelief`) and the credibility
of off-path plans (:class:`CredibilityView`); import them from
:mod:`berlinsim.model.derivation_result`.

Examples
--------
>>> from fractions import Fraction
>>> t = Threat(player="USSR", where="after Firm", action="Press", value=Fraction(-100), best="Back",
...            best_value=Fraction(-10), credible=False)
>>> t.credible, t.best
(False, 'Back')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Number = Fraction | float
"""A number of a derivation: exact when the game is exact, else a float."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TreeNodeView:
    """One node of a tree, in preorder.

    Attributes
    ----------
    node, parent, depth : int
        Node number (preorder), its parent (-1 at the root) and its depth.
    action : str
        The move that leads here ('' at the root).
    kind : str
        ``"decision"``, ``"chance"`` or ``"terminal"``.
    player : str
        Who moves (decision nodes), else ''.
    where : str
        The scenario's name for the node or its information set ('' when none).
    shared : bool
        The node's information set has other nodes too (the mover cannot tell them apart).
    probability : Number or None
        Chance probability of the move into the node, or the first equilibrium's probability of it.
    on_path : bool
        Reached with positive probability under the first equilibrium.
    payoffs : tuple of Number
        Terminal nodes: every player's payoff.
    outcome : str
        Terminal nodes: the outcome label.
    """

    node: int
    parent: int
    depth: int
    action: str
    kind: str
    player: str = ""
    where: str = ""
    shared: bool = False
    probability: Number | None = None
    on_path: bool = False
    payoffs: tuple[Number, ...] = ()
    outcome: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TreeView:
    """A tree's nodes (``()`` when ``too_large``), with facts about it."""

    players: tuple[str, ...]
    nodes: tuple[TreeNodeView, ...]
    perfect_information: bool
    has_chance: bool
    exact: bool
    num_nodes: int
    too_large: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class BeliefIndifference:
    """The belief that makes the mover at an information set indifferent between the actions they mix.

    Attributes
    ----------
    groups : tuple of tuple of int
        The set's nodes (positions in :attr:`InductionStep.situations`) grouped by what the
        mover's actions pay there: within a group only the total belief matters.
    names : tuple of str
        What the situations of each group have in common ('' when nothing does).
    values : tuple of tuple of Number
        ``values[g][a]``: the mover's value of action ``a`` (every action of the step) at the
        nodes of group ``g``.
    beliefs : tuple of Number
        The step's beliefs, totalled per group.
    solution : Number or None
        With two groups: the belief in the second group that makes the mixed actions equally
        good (the indifference equation solved); None when one number does not decide it.
    """

    groups: tuple[tuple[int, ...], ...]
    names: tuple[str, ...]
    values: tuple[tuple[Number, ...], ...]
    beliefs: tuple[Number, ...]
    solution: Number | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MixForBelief:
    """An earlier mix pinned down by a later mover's indifference, through Bayes' rule.

    The mover of the step mixes two actions, ``actions`` (with ``f`` the probability of the
    first); the later information set ``where`` (mover ``player``) needs the belief
    ``target`` in its nodes ``group`` to be indifferent. Bayes' rule gives that belief as
    ``(numerator[0] + numerator[1] f) / (denominator[0] + denominator[1] f)`` (the probability of
    reaching those nodes, and the whole set, with everything else at the equilibrium);
    ``solution`` is the ``f`` that makes it ``target``.
    """

    player: str
    where: str
    group: str
    actions: tuple[str, str]
    numerator: tuple[Number, Number]
    denominator: tuple[Number, Number]
    target: Number
    solution: Number


@dataclass(frozen=True, slots=True, kw_only=True)
class InductionStep:
    """One step of backward induction (or of checking a plan where the mover cannot see the node).

    Attributes
    ----------
    node : int
        The node (for an information set, its first node).
    kind : str
        ``"decision"`` (a player compares the continuation values of their actions),
        ``"chance"`` (an expectation over nature's draws) or ``"information set"`` (the mover
        weighs the nodes they cannot tell apart by ``beliefs``).
    player, where : str
        The mover ('' for chance) and the scenario's name for the place.
    actions : tuple of str
    values : tuple of tuple of Number
        Per action, every player's (belief-weighted) continuation value.
    chosen : tuple of int
        Actions taken with positive probability (chance: all).
    tied : tuple of int
        Other actions exactly as good for the mover.
    on_path : bool
    value : tuple of Number
        Every player's value from here under the equilibrium.
    probabilities : tuple of Number
        Chance probabilities, or the mover's probabilities of ``chosen`` actions when mixing.
    situations : tuple of str
        Information sets: what distinguishes each node (e.g. ``"if hardline"``).
    beliefs : tuple of Number
        Information sets: the probability of each node given that the set is reached (Bayes'
        rule), or the method's limiting beliefs; ``()`` when not determined.
    node_values : tuple of tuple of Number
        Information sets: ``node_values[n][a]`` the mover's value of action ``a`` at node ``n``.
    belief_source : str
        ``"bayes"`` (Bayes' rule on the equilibrium path), ``"subgame"`` (off the path, but determined:
        Bayes' rule on the equilibrium's own plan from the point where the set's nodes branch apart,
        :func:`berlinsim.model.behavior.plan_beliefs`), ``"method"``
        (the solver's limiting beliefs) or '' (not determined).
    subgame : int
        The root of the subgame the step belongs to: backward induction solves the subgames
        deepest first (the order of :attr:`~berlinsim.model.backward_trace.SpeDetails.trace`),
        a subgame with imperfect information as a whole, its steps listed children first.
    indifference : BeliefIndifference or None
        Information sets where the mover mixes: the belief that makes them indifferent.
    pinned_by : tuple of MixForBelief
        When the mover mixes two actions: the later beliefs (of movers who mix) that this mix
        produces through Bayes' rule, and so pins down.
    text : str
        One plain sentence summarising the step.
    """

    node: int
    kind: str
    player: str
    where: str
    actions: tuple[str, ...]
    values: tuple[tuple[Number, ...], ...]
    chosen: tuple[int, ...]
    tied: tuple[int, ...] = ()
    on_path: bool = False
    value: tuple[Number, ...] = ()
    probabilities: tuple[Number, ...] = ()
    situations: tuple[str, ...] = ()
    beliefs: tuple[Number, ...] = ()
    node_values: tuple[tuple[Number, ...], ...] = ()
    belief_source: str = ""
    subgame: int = 0
    indifference: BeliefIndifference | None = None
    pinned_by: tuple[MixForBelief, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Threat:
    """A plan at a decision ``where`` (``player`` would take ``action``), and whether it is credible.

    ``value`` is the plan's worth to the player there, ``best_value`` the best they could get
    there (with ``best``, the action that gets it); credible when ``value >= best_value``.
    """

    player: str
    where: str
    action: str
    value: Number
    best: str
    best_value: Number
    credible: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NashContrast:
    """A pure Nash equilibrium of the reduced normal form that is not subgame perfect, and the threats it rests on."""

    strategies: tuple[str, ...]
    payoffs: tuple[Number, ...]
    outcomes: tuple[str, ...]
    threats: tuple[Threat, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CredibilityView:
    """Off-path plans of the first equilibrium, and Nash equilibria that rest on non-credible threats."""

    off_path: tuple[Threat, ...]
    contrasts: tuple[NashContrast, ...]
    nash_count: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BeliefView:
    """The belief of a perfect Bayesian assessment at one information set of several nodes, and where it comes from.

    ``source`` is ``"path"`` (Bayes' rule: ``beliefs[n] = reaches[n] / sum(reaches)``), ``"plan"``
    (off the path, Bayes' rule on the play below where the histories part) or ``"free"`` (off the
    path, Bayes' rule says nothing; ``range`` lists the extreme beliefs under which the play there
    is a best reply, and ``beliefs`` is the method's choice among them). ``situations`` names the
    nodes (what tells them apart); ``actions`` and ``chosen`` the mover's actions and those played;
    ``node_values[n][a]`` the mover's value of action ``a`` at node ``n``.
    """

    player: str
    where: str
    situations: tuple[str, ...]
    source: str
    beliefs: tuple[Number, ...]
    reaches: tuple[Number, ...] = ()
    range: tuple[tuple[Number, ...], ...] = ()
    actions: tuple[str, ...] = ()
    chosen: tuple[int, ...] = ()
    node_values: tuple[tuple[Number, ...], ...] = ()
