"""Sequence-form linear complementarity: one Nash equilibrium of a 2-player extensive game.

Koller, Megiddo and von Stengel (1996): with perfect recall, player 1's best
responses to a realisation plan ``y`` are the solutions of the linear program
``max x A y`` subject to ``E x = e, x >= 0``, whose dual is ``min e u`` subject to
``E' u >= A y``. An equilibrium is a pair of plans with dual values ``u, v`` such that

    w_x = E' u - A y >= 0  complementary to x >= 0,    E x = e,
    w_y = F' v - B' x >= 0 complementary to y >= 0,    F y = f,

with ``u, v`` free. This mixed LCP is solved by Lemke's algorithm
(:func:`berlinsim.solvers.lemke.follow_path`) from a pure strategy pair: the
covering vector charges ``z0`` for every sequence outside the starting pair, so
for large ``z0`` the start is the unique best-response pair (the primary ray),
and the path ends when ``z0`` reaches 0. The free variables ``u, v`` stay basic
throughout. Because ``E x = e`` pins ``x`` (and ``F y = f`` pins ``y``) along any
unbounded edge, no secondary ray exists: the path always ends at an equilibrium.

The LCP is set up on the normalised tree (each player's payoffs mapped onto ``[0, 1]``,
exactly when they are rational: :meth:`~berlinsim.model.extensive.ExtensiveGame.normalized`),
which has the same equilibria, so the float path is well scaled at any magnitude of the
payoffs and does not change when a player's payoffs are shifted or scaled.
The path runs in floats (:mod:`berlinsim.solvers._sequence_lcp`). With rational
payoffs and chance probabilities the float plans are rounded to nearby fractions and
checked exactly by a backward pass over the sequences; failing that, the final basis
is solved exactly, and failing that the path is rerun with integer pivoting, so the
equilibrium is exact. Every result is verified independently with
:func:`berlinsim.model.behavior.regret` (exactly when exact). The LCP gives a Nash
equilibrium only: behaviour off the equilibrium path need not be optimal there
(``details.off_path`` lists those information sets); ``spe`` and ``agent_qre`` refine.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("1", {
...     "H": decision("2", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="I"),
...     "T": decision("2", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="I")}))
>>> sol = sequence_form_lcp(g, exact=True)
>>> [[str(v) for v in plan] for plan in sol.plans]
[['1', '1/2', '1/2'], ['1', '1/2', '1/2']]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.errors import SolverError
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, behavior_equilibrium_from
from berlinsim.model.sequence_form import SequenceForm, behavior_from_plans, sequence_form
from berlinsim.solvers._sequence_lcp import (
    MAX_EQUATIONS,
    SequenceFormSolution,
    check_game,
    sequence_form_lcp,
)

__all__ = ["MAX_EQUATIONS", "LcpDetails", "SequenceFormSolution", "lcp_solve", "sequence_form_lcp"]


# ------------------------------------------------------------------- solver entry point

@dataclass(frozen=True, slots=True, kw_only=True)
class LcpDetails:
    """What the sequence-form LCP found besides the equilibrium.

    Attributes
    ----------
    realization_plans : tuple
        Each player's realisation plan, in their sequence order (see
        :mod:`berlinsim.model.sequence_form`).
    num_sequences, num_equations : int
        Size of the LCP: sequences of both players; sequences plus information sets plus 2.
    pivots : int
        Length of Lemke's path.
    start : tuple
        The pure strategy pair the path started from (action index per information set).
    off_path : tuple
        For each player, the numbers of their information sets that the equilibrium
        reaches with probability 0; behaviour there does not affect the payoffs. Where the
        player's own plan avoids an information set, the plan says nothing and the
        reported behaviour mixes uniformly over the actions that are best there against
        the other plan.
    exact_fallback : bool
        True when the float path's basis failed the exact check and the path was rerun exactly.
    """

    realization_plans: tuple[tuple[Any, ...], ...]
    num_sequences: int
    num_equations: int
    pivots: int
    start: tuple[tuple[int, ...], ...]
    off_path: tuple[tuple[int, ...], ...]
    exact_fallback: bool = False


def _off_path_choice(sf: SequenceForm, sol: SequenceFormSolution) -> list[tuple[Any, ...]]:
    """At each information set: uniform over actions whose sequence has zero slack (else over all).

    Used where the player's own plan never reaches the information set, so the plan is
    silent; a zero slack means the action (with the best continuation) is best at the
    information set against the other player's plan.
    """
    game = sf.game
    out: list[tuple[Any, ...]] = []
    for h, s in enumerate(game.infosets):
        slack = sol.slacks[s.player]
        seqs = sf.action_sequence[game.action_offset[h]:game.action_offset[h + 1]]
        if sol.exact:
            tight = [slack[q] == 0 for q in seqs]
        else:  # the sequence form of the normalised tree: payoffs in [0, 1]
            tight = [abs(float(slack[q])) <= RELATIVE_TOLERANCE for q in seqs]
        count = sum(tight) or len(tight)
        one = Fraction(1, count) if sol.exact else 1.0 / count
        zero = Fraction(0) if sol.exact else 0.0
        out.append(tuple(one if (t or not any(tight)) else zero for t in tight))
    return out


def lcp_solve(
    game: ExtensiveGame,
    *,
    exact: bool | None = None,
    start: Sequence[Sequence[int]] | None = None,
    max_pivots: int | None = None,
) -> SolveResult:
    """One Nash equilibrium of a 2-player perfect-recall extensive game (sequence-form LCP).

    Parameters
    ----------
    game : ExtensiveGame
    exact : bool, optional
        Exact rational arithmetic; default: exactly when payoffs and chance
        probabilities are rational.
    start : optional
        ``start[p][j]``: action of player ``p`` at their ``j``-th information set in the
        pure pair Lemke's path starts from (default: first actions). Other starts can
        give other equilibria.
    max_pivots : int, optional
        Limit on the length of the path.

    Returns
    -------
    SolveResult
        One :class:`~berlinsim.model.result.BehaviorEquilibrium` (refinement ``"nash"``),
        with payoffs and regret computed from the tree; ``details`` is an :class:`LcpDetails`.

    Raises
    ------
    SolverError
        For a game without exactly 2 players or without perfect recall.

    Examples
    --------
    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> entry = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2),
    ...     "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
    >>> result = lcp_solve(entry)
    >>> eq = result.equilibria[0]
    >>> eq.behavior, eq.exact_payoffs, eq.exact_regret
    ((((1.0, 0.0),), ((1.0, 0.0),)), (Fraction(0, 1), Fraction(2, 1)), Fraction(0, 1))
    >>> result.details.off_path   # the threat to fight is never tested: Nash, not subgame perfect
    ((), (1,))
    """
    check_game(game)
    use_exact = game.is_exact if exact is None else bool(exact)
    sf = sequence_form(game.normalized())
    sol = sequence_form_lcp(sf, exact=use_exact, start=start, max_pivots=max_pivots)
    profile = behavior_from_plans(sf, sol.plans, exact=use_exact, off_path=_off_path_choice(sf, sol))
    eq = behavior_equilibrium_from(game, profile, exact=use_exact, refinement="nash")
    tol = RELATIVE_TOLERANCE
    if (use_exact and eq.exact_regret != 0) or eq.relative_regret > tol:
        raise SolverError(f"internal error: the sequence-form LCP returned a profile with regret {eq.regret:.3g}")
    reach = bh.exact_realization_probabilities(game, profile) if use_exact else bh.realization_probabilities(game, profile)
    off_path = tuple(
        tuple(game.infosets[h].number for h in game.player_infosets[p]
              if all(reach[k] == 0 for k in game.infosets[h].nodes))
        for p in range(2)
    )
    n1, n2 = sf.num_sequences
    starts = tuple(tuple(0 for _ in game.player_infosets[p]) for p in range(2)) if start is None else \
        tuple(tuple(int(a) for a in s) for s in start)
    details = LcpDetails(
        realization_plans=tuple(tuple(plan) for plan in sol.plans),
        num_sequences=n1 + n2,
        num_equations=n1 + n2 + sum(E.shape[0] for E in sf.constraints),
        pivots=sol.pivots,
        start=starts,
        off_path=off_path,
        exact_fallback=sol.exact_fallback,
    )
    notes = ["Nash equilibrium of the sequence form (Lemke's algorithm); not checked for subgame perfection"]
    if any(off_path):
        notes.append("some information sets are off the equilibrium path (details.off_path); behaviour there "
                     "need not be optimal there (methods 'spe' and 'agent_qre' refine)")
    if sol.exact_fallback:
        notes.append("the float path was not confirmed exactly; the path was rerun in exact arithmetic")
    return SolveResult(
        method="lcp", game=game, equilibria=(eq,), exact=use_exact, complete=False, degenerate=None,
        tolerance=0.0 if use_exact else tol,
        parameters=(("exact", use_exact), ("start", starts), ("max_pivots", max_pivots)),
        notes=tuple(notes), details=details,
    )
