"""What a derivation returns: value objects saying why the equilibria of a game are what they are.

Value objects only: the computation, :func:`berlinsim.analysis.derivation.derive`, fills a
:class:`Derivation` from a solved game (a scenario run, or a ``.nfg``/``.efg`` file and a solver
result); the renderers in :mod:`berlinsim.reports` (``explain_text``, ``explain_latex``,
``explain_html``) write it out. In the game's own words (player, action and outcome labels),
with numbers kept as numbers: a :class:`~fractions.Fraction` when exact, a float otherwise.

Sections (each ``None`` or empty when it does not apply):

* the game: :class:`MatrixView` (payoffs and best-response marks per cell) or
  :class:`TreeView` (the nodes in preorder with the first equilibrium's path);
* :class:`DominanceView`: iterated strict dominance, each step with its payoff comparisons;
* :class:`PureSearch`: every best response, and the cells where all players best-respond;
* :class:`EquilibriumView` per equilibrium: strategies, payoffs, outcomes, what pins each
  player's strategy down (:class:`MixDerivation`: the other players' indifference equations and
  best-response inequalities, solved exactly, with the set of strategies they allow when they do
  not pin it down), backward induction in the order it proceeds (:class:`InductionStep`, with the
  belief that makes a mixing player indifferent, :class:`BeliefIndifference`) and a
  :class:`Verification` table of deviations;
* :class:`CredibilityView` (trees): the equilibrium's off-path plans, and Nash equilibria of the
  reduced normal form that rest on threats which are not credible;
* :class:`MemoView`: the memo paragraphs modelled, the teaching note and references.

Examples
--------
>>> from fractions import Fraction
>>> row = Deviation(player="US", strategy="Firm", payoff=Fraction(-100), gain=Fraction(-90))
>>> table = Verification(kind="actions", payoffs=(Fraction(-10), Fraction(10)), rows=(row,),
...                      best_values=(Fraction(-10), Fraction(10)), regret=Fraction(0), exact=True)
>>> table.holds, table.rows[0].gain
(True, Fraction(-90, 1))
"""

from __future__ import annotations

from dataclasses import dataclass

from berlinsim.model._derivation_result_mix import Bound, Equation, Incentive, MixDerivation, Vertex
from berlinsim.model._derivation_result_sets import (
    CorrelatedView, DistributionLine, ObedienceLine, PayoffPolynomial, SupportSystemView,
)
from berlinsim.model._derivation_result_tree import (
    BeliefIndifference, BeliefView, CredibilityView, InductionStep, MixForBelief, Number, NashContrast, Threat, TreeNodeView,
    TreeView,
)

__all__ = [
    "BeliefIndifference", "BeliefView", "BestResponse", "Bound", "Comparison", "CorrelatedView", "CredibilityView",
    "Derivation", "Deviation", "DistributionLine", "DominanceStepView", "DominanceView", "Equation",
    "EquilibriumView", "Incentive", "InductionStep", "MatrixView", "MemoView", "MixDerivation", "MixForBelief",
    "NashContrast", "Number", "ObedienceLine", "ParameterLine", "PayoffPolynomial", "PureSearch", "StrategyLine",
    "SupportSystemView", "Threat",
    "TreeNodeView", "TreeView", "Verification", "Vertex",
]


# ----------------------------------------------------------------------------- the game
@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterLine:
    """A parameter at the value used; ``changed`` when a variant or ``--set`` moved it from ``default``."""

    name: str
    value: Number
    default: Number
    changed: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MatrixView:
    """A game in strategic form, cell by cell in row-major order.

    Attributes
    ----------
    players : tuple of str
    actions : tuple of tuple of str
        Each player's action labels.
    descriptions : tuple of tuple of str
        The scenario's words for each action ('' when none).
    cells : tuple of tuple of int
        Every pure profile (action indices), row-major.
    payoffs : tuple of tuple of Number
        ``payoffs[k][i]``: player ``i``'s payoff in cell ``k``.
    best : tuple of tuple of bool
        ``best[k][i]``: player ``i``'s action in cell ``k`` is a best response to the others' actions.
    outcomes : tuple of str
        The outcome label of each cell ('' when none).
    exact : bool
    """

    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    descriptions: tuple[tuple[str, ...], ...]
    cells: tuple[tuple[int, ...], ...]
    payoffs: tuple[tuple[Number, ...], ...]
    best: tuple[tuple[bool, ...], ...]
    outcomes: tuple[str, ...]
    exact: bool

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.actions)

    def cell_index(self, profile: tuple[int, ...]) -> int:
        """Position of ``profile`` (action indices) in :attr:`cells`.

        >>> m = MatrixView(players=("A", "B"), actions=(("x", "y"), ("l", "r")), descriptions=(("", ""), ("", "")),
        ...                cells=((0, 0), (0, 1), (1, 0), (1, 1)), payoffs=((0, 0),) * 4, best=((True, True),) * 4,
        ...                outcomes=("",) * 4, exact=True)
        >>> m.cell_index((1, 0))
        2
        """
        k = 0
        for n, a in zip(self.shape, profile):
            k = k * n + a
        return k


# ----------------------------------------------------------------------------- dominance
@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Against one profile of the others' remaining actions: the dominator's and the action's payoff."""

    against: tuple[str, ...]
    dominator_payoff: Number
    action_payoff: Number


@dataclass(frozen=True, slots=True, kw_only=True)
class DominanceStepView:
    """One eliminated action, the (pure or mixed) strategy that dominates it, and the proof."""

    round: int
    player: str
    action: str
    dominator: tuple[tuple[str, Number], ...]
    strict: bool
    margin: Number
    comparisons: tuple[Comparison, ...]

    @property
    def is_pure_dominator(self) -> bool:
        return sum(1 for _, p in self.dominator if p > 0) == 1


@dataclass(frozen=True, slots=True, kw_only=True)
class DominanceView:
    """Iterated elimination of strictly dominated actions (steps verified by replaying them).

    ``remaining[i]``: player ``i``'s actions that survive; ``solved`` when one cell is left.
    """

    steps: tuple[DominanceStepView, ...]
    remaining: tuple[tuple[str, ...], ...]
    solved: bool
    verified: bool


# ----------------------------------------------------------------------------- pure equilibria
@dataclass(frozen=True, slots=True, kw_only=True)
class BestResponse:
    """``player``'s best actions against one profile of the others' actions (``against``), worth ``value``."""

    player: str
    against: tuple[str, ...]
    best: tuple[str, ...]
    value: Number


@dataclass(frozen=True, slots=True, kw_only=True)
class PureSearch:
    """Every best response, and the cells (action labels) where every player best-responds."""

    best_responses: tuple[BestResponse, ...]
    equilibria: tuple[tuple[str, ...], ...]


# ----------------------------------------------------------------------------- equilibria
@dataclass(frozen=True, slots=True, kw_only=True)
class StrategyLine:
    """What ``player`` does at ``where`` ('' for a matrix): ``(action, probability)`` for played actions."""

    player: str
    where: str
    probabilities: tuple[tuple[str, Number], ...]
    reached: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Deviation:
    """``player`` switching alone to ``strategy``: their ``payoff`` and the ``gain`` over the equilibrium (<= 0)."""

    player: str
    strategy: str
    payoff: Number
    gain: Number
    used: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """Every unilateral deviation against an equilibrium, and the verdict.

    ``kind`` is ``"actions"`` (each pure action of a matrix), ``"strategies"`` (each reduced
    pure strategy of a tree) or ``"moves"`` (for big trees: each action at each information
    set, the rest of the plan kept, plus each player's best-response value). ``payoffs`` are the
    equilibrium payoffs, ``best_values`` each player's best payoff against the others (computed
    from the game), ``regret`` the largest gain. For ``"strategies"``, ``columns`` names, per
    player, the places whose choices a strategy label joins with ``/`` (``*``: a place the
    player's own earlier choice rules out).
    """

    kind: str
    payoffs: tuple[Number, ...]
    rows: tuple[Deviation, ...]
    best_values: tuple[Number, ...]
    regret: Number
    exact: bool
    columns: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def holds(self) -> bool:
        """No deviation gains (exactly, or within 1e-9 of the payoff scale for float games)."""
        if self.exact:
            return self.regret == 0
        return float(self.regret) <= 1e-9 * max([1.0, *(abs(float(v)) for v in self.payoffs)])


@dataclass(frozen=True, slots=True, kw_only=True)
class EquilibriumView:
    """One equilibrium, explained.

    ``kind``: ``"pure"``, ``"mixed"`` or ``"behaviour"``; ``refinement`` what the method
    guarantees (``"nash"``, ``"subgame perfect"``...). ``mixes`` derives each player's strategy
    from the others' incentives (matrices); ``induction`` lists backward-induction steps in the
    order backward induction takes them, deepest subgame first (trees). ``outcomes`` and
    ``attributes`` are the outcome distribution and the expected attribute values (scenarios).
    For an assessment (``pbe``): ``beliefs`` at every information set of several nodes, and
    ``refinements`` the Intuitive Criterion and D1 tests in words (signalling games).
    """

    number: int
    kind: str
    refinement: str
    strategy: tuple[StrategyLine, ...]
    payoffs: tuple[Number, ...]
    outcomes: tuple[tuple[str, Number], ...] = ()
    attributes: tuple[tuple[str, Number], ...] = ()
    mixes: tuple[MixDerivation, ...] = ()
    induction: tuple[InductionStep, ...] = ()
    verification: Verification | None = None
    beliefs: tuple[BeliefView, ...] = ()
    refinements: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- the whole
@dataclass(frozen=True, slots=True, kw_only=True)
class MemoView:
    """What the scenario says the result means: the memo paragraphs, their opening words, the teaching note."""

    document: str = ""
    paragraphs: tuple[int, ...] = ()
    excerpts: tuple[tuple[int, str], ...] = ()
    summary: str = ""
    teaching_note: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Derivation:
    """Everything ``berlinsim explain`` says about one solved game (see the module docstring).

    Attributes
    ----------
    title, source : str
        The game's title and where it came from (scenario id or file name).
    kind : str
        ``"matrix"`` or ``"tree"``.
    players : tuple of str
    player_descriptions : tuple of str
    variant : str
        The variant used ('' when none).
    parameters : tuple of ParameterLine
    method : str
        The solution method; ``method_text`` says what it does, in words.
    exact, complete : bool
        Whether the solver worked exactly and listed every equilibrium of its kind.
    notes : tuple of str
        The solver's remarks and the derivation's own.
    correlated : CorrelatedView or None
        For (coarse) correlated equilibria: the obedience inequalities and the listed distributions
        (then ``equilibria`` is empty).
    supports : tuple of SupportSystemView
        For support enumeration with three or more players: each support's indifference equations.
    """

    title: str
    source: str
    kind: str
    players: tuple[str, ...]
    player_descriptions: tuple[str, ...] = ()
    variant: str = ""
    parameters: tuple[ParameterLine, ...] = ()
    method: str
    method_text: str = ""
    exact: bool
    complete: bool
    matrix: MatrixView | None = None
    tree: TreeView | None = None
    dominance: DominanceView | None = None
    pure: PureSearch | None = None
    equilibria: tuple[EquilibriumView, ...] = ()
    credibility: CredibilityView | None = None
    memo: MemoView | None = None
    notes: tuple[str, ...] = ()
    correlated: CorrelatedView | None = None
    supports: tuple[SupportSystemView, ...] = ()
