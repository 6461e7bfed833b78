"""The record of a backward-induction (subgame-perfect) solution: what was decided where, and why.

:func:`berlinsim.solvers.spe.spe_solve` returns an :class:`SpeDetails` as the ``details`` of its
result. Its ``trace`` follows the first equilibrium listed, from the deepest subgame up
to the root: at each decision node the value of every action (for everyone), the action
taken and any ties; at each chance node the expectation; at each subgame with imperfect
information how it was solved. Value objects only, so reports can render them without
importing solvers.

Examples
--------
>>> step = SpeStep(node=2, kind="decision", player="Incumbent", infoset=1, actions=("Fight", "Accommodate"),
...                values=((-1, -1), (1, 1)), chosen=(1,), tied=(), on_path=False,
...                text="Incumbent at node 2 compares Fight (-1) and Accommodate (1): Accommodate")
>>> step.kind, step.chosen
('decision', (1,))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeStep:
    """One step of backward induction.

    Attributes
    ----------
    node : int
        The node (root of the step's subgame or the decision/chance node).
    kind : str
        ``"decision"`` (a player picks the best action), ``"chance"`` (an expectation) or
        ``"subgame"`` (a subgame with imperfect information, solved as a whole).
    player : str or None
        The player who moves (decision), ``None`` otherwise.
    infoset : int
        Global information-set index of a decision node; -1 otherwise.
    actions : tuple of str
        Action / chance-outcome labels at the node (empty for a subgame).
    values : tuple of tuple
        For each action, every player's continuation payoff under the equilibrium.
    probabilities : tuple
        Chance probabilities (chance nodes only).
    chosen : tuple of int
        Actions taken with positive probability.
    tied : tuple of int
        Other actions exactly as good for the mover (they give other subgame-perfect equilibria).
    on_path : bool
        Whether the node is reached with positive probability under the equilibrium.
    value : tuple
        Every player's payoff from the node on.
    text : str
        One plain-language sentence.
    """

    node: int
    kind: str
    player: str | None
    infoset: int
    actions: tuple[str, ...]
    values: tuple[tuple[Any, ...], ...]
    chosen: tuple[int, ...]
    tied: tuple[int, ...]
    on_path: bool
    text: str
    probabilities: tuple[Fraction | float, ...] = ()
    value: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeDetails:
    """What backward induction found besides the equilibria.

    Attributes
    ----------
    refinement : str
        ``"subgame perfect"``.
    count : int
        Exact number of subgame-perfect equilibria of the kind enumerated (pure ones for
        perfect information; combinations of listed subgame equilibria otherwise).
    truncated : bool
        True when ``count`` exceeds ``cap`` and only the first ``cap`` are listed.
    cap : int
        The most equilibria listed.
    tie_nodes : tuple of int
        Decision nodes where, in some subgame-perfect equilibrium, another action is exactly as good
        for the mover as the one taken (a tie).
    subgame_roots : tuple of int
        Roots of the proper subgames (the root included).
    imperfect_subgames : tuple of int
        Roots of subgames with imperfect information, solved as a whole.
    trace : tuple of SpeStep
        Backward induction for the first equilibrium listed, deepest first.
    """

    refinement: str
    count: int
    truncated: bool
    cap: int
    tie_nodes: tuple[int, ...]
    subgame_roots: tuple[int, ...]
    imperfect_subgames: tuple[int, ...]
    trace: tuple[SpeStep, ...]
