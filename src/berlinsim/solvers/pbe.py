"""Perfect Bayesian equilibria: assessments that are sequentially rational at every information set.

**The concept computed.** An assessment is a behaviour profile with a belief at every information
set. It is reported when

1. it is *sequentially rational* at every information set, reached or not: the mover's whole
   continuation is a best reply given the belief there and everyone's later behaviour, which
   may itself be off the path (Kreps and Wilson 1982; the check is in :mod:`._sequential`);
2. every belief is a limit of Bayes' rule under vanishing trembles of the players, looked at one
   information set at a time (:mod:`._beliefs`). On the path this is Bayes' rule; in every
   subgame it is Bayes' rule from the subgame's root (so the restriction to each subgame is an
   equilibrium of it, and every equilibrium is subgame perfect); after a player's own deviation
   it is Bayes' rule on the others' play; where nobody's plan says who is there, any
   belief over the possible histories is allowed, and the one that supports the play is stated
   with its range.

This is Fudenberg and Tirole's (1991, JET 53) perfect Bayesian equilibrium in spirit ("Bayes' rule
whenever possible", "no signalling what you don't know") for general trees, and stronger than
the weak perfect Bayesian equilibrium of Mas-Colell, Whinston and Green (1995, section 9.C),
which restricts beliefs on the path only and need not be subgame perfect. It is a *sequential
equilibrium* (Kreps and Wilson 1982) as soon as the admissible beliefs of different information
sets do not constrain each other (no unplayed action is shared by the free beliefs of two sets,
:func:`._beliefs.coupled_actions`): then every combination of them comes from one sequence of
trembles. ``details.sequential`` says so for each equilibrium. That holds in signalling games
(each off-path belief depends on its own message's trembles), in perfect-information trees,
in simultaneous Bayesian games and in the scenarios shipped with berlinsim; where it does not
hold, the notes say that a sequential equilibrium may be stricter than the list.

**How.** The tree is cut at its subgame roots and solved by backward induction as in
:mod:`.spe`; every part with imperfect information (no proper subgame inside) is solved as a
game of its own:

* one player moves: every pure optimal plan (:mod:`._pbe_pure`), complete;
* two players in a sender-receiver form (chance, a move, a reply; signalling games and
  simultaneous Bayesian games): every extreme point of every convex piece of the set, exactly,
  by vertex enumeration (:mod:`._pbe_sender_receiver`), complete;
* two players otherwise: the extreme Nash equilibria of the reduced normal form turned into
  behaviour and completed where a player's own plan leaves a set open, kept when supporting
  beliefs exist, together with every pure perfect Bayesian equilibrium (:mod:`._pbe_candidates`);
  not necessarily complete;
* three or more players: every pure perfect Bayesian equilibrium; mixed ones are not searched
  (``agent_qre``'s limit is a sequential equilibrium, McKelvey and Palfrey 1998).

Every reported assessment is verified afresh (:func:`._sequential.assess`), and its behaviour
is a Nash equilibrium (regret computed from the tree).

Examples
--------
The crisis of issue 12: Nature draws a resolute or bluffing Khrushchev, who issues an ultimatum
or stays quiet; the US sees the ultimatum but not the type. Standing firm is worse than yielding
at both US nodes, so no belief justifies the threat and the only equilibrium is the ultimatum
with a US retreat, believed to come from either type with its prior probability.

>>> from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
>>> def us(stand, yield_):
...     return decision("US", {"stand": terminal(*stand), "yield": terminal(*yield_)}, infoset="ultimatum")
>>> g = ExtensiveGame.from_tree(chance({
...     "resolute": ("1/3", decision("K", {"ultimatum": us((-26, -10), (-11, 10)), "quiet": terminal(0, 0)}, infoset="r")),
...     "bluffing": ("2/3", decision("K", {"ultimatum": us((-20, -5), (-11, 10)), "quiet": terminal(0, 0)}, infoset="b"))}),
...     players=("US", "K"))
>>> result = pbe_solve(g)
>>> [eq.behavior for eq in result.equilibria]
[(((0.0, 1.0),), ((1.0, 0.0), (1.0, 0.0)))]
>>> belief = result.equilibria[0].beliefs[0][0]
>>> belief.source, belief.exact_belief, result.complete, result.details.sequential
('path', (Fraction(1, 3), Fraction(2, 3)), True, (True,))
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError, SolverError
from berlinsim.model import behavior as bh
from berlinsim.model.assessment import InfosetBelief, PbeDetails, PbeLine, RegionMethod, belief_text, verdict_text
from berlinsim.model.extensive import DECISION, TERMINAL, ExtensiveGame, subgame_roots
from berlinsim.model.result import RELATIVE_TOLERANCE, BehaviorEquilibrium, SolveResult, behavior_equilibrium_from
from berlinsim.solvers._pbe_pure import pure_pbe
from berlinsim.solvers._pbe_sender_receiver import sender_receiver_pbe, sender_receiver_structure
from berlinsim.solvers._sequential import assess
from berlinsim.solvers.signalling import SignallingTests, signalling_structure

#: Default number of equilibria listed.
DEFAULT_CAP = 1000

CONCEPT = ("perfect Bayesian equilibrium: sequentially rational at every information set, beliefs by Bayes' "
           "rule on the path and in every subgame, and off the path limits of Bayes' rule under trembles")

REFINEMENT = "perfect Bayesian"

_SINGLE, _SR, _CANDIDATES, _PURE = ("backward induction", "sender-receiver vertex enumeration",
                                    "Nash candidates and pure search", "pure search")


def _movers(game: ExtensiveGame) -> tuple[int, ...]:
    return tuple(p for p in range(game.num_players) if game.player_infosets[p])


def _region_method(game: ExtensiveGame) -> str:
    movers = _movers(game)
    if len(movers) <= 1:
        return _PURE
    if len(movers) == 2 and sender_receiver_structure(game) is not None:
        return _SR
    return _CANDIDATES if len(movers) == 2 else _PURE


def _covers_all(method: str, game: ExtensiveGame) -> bool:
    """Whether ``method`` lists every perfect Bayesian equilibrium of ``game`` (by extreme points)."""
    return method == _SR or (method == _PURE and len(_movers(game)) <= 1)


def _region_profiles(game: ExtensiveGame, method: str, tol: float,
                     notes: list[str]) -> list[tuple[Any, ...]]:
    """Flat profiles of the perfect Bayesian equilibria of a game without proper subgames.

    When the Nash candidates cannot be enumerated (the reduced normal form is too large) the pure
    ones are kept and ``notes`` says why the mixed ones are missing.
    """
    if method == _SR:
        return list(sender_receiver_pbe(game, sender_receiver_structure(game)))
    found = {flat: None for flat, _, _ in pure_pbe(game, tol=tol)}
    if method == _CANDIDATES:
        from berlinsim.solvers._pbe_candidates import nash_candidates

        plans: dict[int, list[frozenset[int]]] = {}
        try:
            for flat in nash_candidates(game):
                if flat not in found and assess(game, flat, tol, plans) is not None:
                    found[flat] = None
        except (GameError, SolverError) as exc:
            notes.append(f"mixed perfect Bayesian equilibria were not all sought: {exc}")
    return list(found)


def _is_trivial(game: ExtensiveGame, root: int, roots: set[int]) -> bool:
    """Whether the part of the tree at ``root`` is one move (every child a terminal or a subgame root)."""
    return all(game.kind[c] == TERMINAL or c in roots for c in game.children(root))


def _regions(game: ExtensiveGame, roots: Sequence[int]) -> list[RegionMethod]:
    """How each part with imperfect information is solved, classified on its own game."""
    from berlinsim.solvers._spe_subgame import region_game, region_nodes

    is_root = np.zeros(game.num_nodes, dtype=bool)
    is_root[list(roots)] = True
    out = []
    for r in roots:
        if _is_trivial(game, r, set(roots)):
            continue
        nodes, leaves = region_nodes(game, r, is_root)
        sub = region_game(game, nodes, {leaf: (0,) * game.num_players for leaf in leaves})
        method = _region_method(sub)
        out.append(RegionMethod(root=int(r), movers=tuple(game.players[p] for p in _movers(sub)), method=method,
                                complete=_covers_all(method, sub)))
    return out


def _flat(eq: BehaviorEquilibrium, game: ExtensiveGame) -> tuple[Any, ...]:
    rows = eq.exact_behavior if eq.exact_behavior is not None else eq.behavior
    flat = bh.flatten_behavior(game, rows, exact=eq.exact_behavior is not None)
    return tuple(int(v) if isinstance(v, Fraction) and v.denominator == 1 else v for v in flat)


def _whole_game_profiles(game: ExtensiveGame, cap: int, tol: float) -> tuple[list[tuple[Any, ...]], list[str], bool]:
    """Profiles from backward induction over the subgames, each imperfect part solved by ``pbe``."""
    from berlinsim.solvers.spe import spe_solve

    result = spe_solve(game, cap=cap, subgame_method="pbe")
    notes = [n for n in result.notes if "solved as wholes" not in n]
    truncated = bool(result.details.truncated)
    return [_flat(eq, game) for eq in result.equilibria], notes, truncated


def _lines(game: ExtensiveGame, k: int, eq: BehaviorEquilibrium) -> list[PbeLine]:
    out = []
    for p in range(game.num_players):
        for b in eq.beliefs[p]:
            if len(b.nodes) < 2:
                continue
            s = game.infosets[b.infoset]
            names = [_node_name(game, x, b.nodes) for x in b.nodes]
            out.append(PbeLine(equilibrium=k, text=f"{game.players[p]} at {s.label or 'information set ' + str(s.number)}: "
                                                    + belief_text(b, names)))
    if eq.signalling is not None:
        out += [PbeLine(equilibrium=k, text=t) for t in verdict_text(eq.signalling)]
        if not eq.signalling.tests:
            out.append(PbeLine(equilibrium=k, text="every message is sent: the Intuitive Criterion and D1 hold"))
    return [PbeLine(equilibrium=k, text=f"equilibrium {k}: {line.text}") for line in out]


def _node_name(game: ExtensiveGame, x: int, nodes: Sequence[int]) -> str:
    """A short name for node ``x`` of an information set: the labels of the moves that tell it apart."""
    paths = [game.path(n) for n in nodes]
    depth = 0
    while all(len(p) > depth for p in paths) and len({p[depth] for p in paths}) == 1:
        depth += 1
    words = [[game.actions_at(parent)[a] or f"#{a + 1}" for parent, a in p[depth:]] for p in paths]
    mine = words[list(nodes).index(x)]
    if len({len(w) for w in words}) == 1:  # drop moves labelled alike on every history (the message itself)
        mine = [w for k, w in enumerate(mine) if len({ws[k] for ws in words}) > 1]
    return game.node_labels[x] or "/".join(mine) or f"node {x}"


def supporting_assessment(game: ExtensiveGame, behavior: Sequence[Sequence[Sequence[Any]]],
                          ) -> tuple[tuple[tuple[InfosetBelief, ...], ...], bool] | None:
    """The beliefs that make ``behavior`` a perfect Bayesian equilibrium, or None when none do.

    ``behavior`` is ``[player][information set][action]`` (exact entries give exact beliefs). Returns
    ``(beliefs[player][j], sequential)`` as :func:`._sequential.assess` does; None means that at some
    information set no admissible belief makes the prescribed play sequentially rational (for an
    equilibrium of another method: its off-path play rests on a threat no belief justifies).

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2),
    ...     "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
    >>> supporting_assessment(g, [[[1, 0]], [[1, 0]]]) is None      # stay out, or I fight
    True
    """
    exact = game.is_exact and all(isinstance(v, (int, Fraction)) or isinstance(v, str)
                                  for player in behavior for probs in player for v in probs)
    flat = bh.flatten_behavior(game, behavior, exact=exact)
    return assess(game.normalized(), tuple(flat), 0.0 if exact else RELATIVE_TOLERANCE)


def unjustified_sets(game: ExtensiveGame, behavior: Sequence[Sequence[Sequence[Any]]]) -> tuple[int, ...]:
    """The information sets (global indices) where no admissible belief makes ``behavior``'s play rational.

    Empty when :func:`supporting_assessment` finds beliefs for every set. For an equilibrium of
    another method, these are the places where its play rests on a threat no belief justifies.
    Decided on the normalised tree, like every PBE computation, so a positive affine change of a
    player's payoffs changes nothing.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2),
    ...     "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
    >>> unjustified_sets(g, [[[1, 0]], [[1, 0]]]), unjustified_sets(g, [[[0, 1]], [[0, 1]]])
    ((1,), ())
    """
    from berlinsim.solvers._beliefs import admissible_beliefs
    from berlinsim.solvers._sequential import supporting_beliefs

    exact = game.is_exact and all(isinstance(v, (int, Fraction)) or isinstance(v, str)
                                  for player in behavior for probs in player for v in probs)
    flat = tuple(bh.flatten_behavior(game, behavior, exact=exact))
    work = game.normalized()
    tol = 0.0 if exact else RELATIVE_TOLERANCE
    plans: dict[int, list[frozenset[int]]] = {}
    return tuple(h for h in range(work.num_infosets)
                 if not supporting_beliefs(work, flat, admissible_beliefs(work, flat, h), tol, plans))


def pbe_solve(game: ExtensiveGame, *, cap: int = DEFAULT_CAP) -> SolveResult:
    """Perfect Bayesian equilibria of an extensive game, with their beliefs (see the module docstring).

    Parameters
    ----------
    game : ExtensiveGame
        A game with perfect recall.
    cap : int
        Most equilibria listed.

    Returns
    -------
    SolveResult
        Equilibria are :class:`~berlinsim.model.result.BehaviorEquilibrium` objects with
        ``refinement="perfect Bayesian"``, ``beliefs`` at every information set and, in
        signalling games, ``signalling`` verdicts; ``details`` is a
        :class:`~berlinsim.model.assessment.PbeDetails`. ``complete`` is True when every part of
        the tree was solved by a method that covers all perfect Bayesian equilibria.
    """
    if cap < 1:
        raise SolverError(f"cap must be at least 1, got {cap}")
    if not game.is_perfect_recall:
        raise SolverError("pbe needs a game with perfect recall (beliefs and sequential rationality are "
                          "defined for it); " + game.recall_problems[0])
    tol = 0.0 if game.is_exact else RELATIVE_TOLERANCE
    # profiles and beliefs are found on the normalised tree (each player's payoffs mapped onto
    # [0, 1]; exactly when exact), so no positive affine change of a player's payoffs changes
    # them; equilibria, payoffs and the signalling tests are then computed on the game itself
    work = game.normalized()
    roots = subgame_roots(game)
    notes: list[str] = []
    if tuple(roots) == (0,) and not _is_trivial(game, 0, {0}):
        method = _region_method(work)
        try:
            profiles = _region_profiles(work, method, tol, notes)
        except GameError as exc:
            raise SolverError(str(exc)) from None
        regions = [RegionMethod(root=0, movers=tuple(game.players[p] for p in _movers(game)), method=method,
                                complete=_covers_all(method, game))]
        truncated = len(profiles) > cap
        profiles = sorted(profiles, key=_order_key, reverse=True)[:cap]
    else:
        profiles, notes, truncated = _whole_game_profiles(work, cap, tol)
        regions = _regions(game, roots)
    structure = signalling_structure(game)
    tests = SignallingTests(game, structure) if structure is not None else None
    plans: dict[int, list[frozenset[int]]] = {}
    equilibria, sequential, lines = [], [], []
    for k, flat in enumerate(profiles, 1):
        found = assess(work, flat, tol, plans)
        if found is None:
            raise SolverError(f"internal check failed: profile {k} has no supporting beliefs")
        exact = game.is_exact and all(isinstance(v, (int, Fraction)) for v in flat)
        eq = behavior_equilibrium_from(game, bh.nest_behavior(game, flat), exact=exact, refinement=REFINEMENT)
        if eq.relative_regret > 1e-7:
            raise SolverError(f"internal check failed: perfect Bayesian profile {k} has regret {eq.regret}")
        verdict = tests.verdict(flat) if tests is not None else None
        eq = dataclasses.replace(eq, beliefs=found[0], signalling=verdict)
        equilibria.append(eq)
        sequential.append(found[1])
        lines += _lines(game, k, eq)
    complete = all(r.complete for r in regions) and not truncated
    notes = [CONCEPT] + notes + _notes(regions, sequential, structure is not None, truncated, cap)
    details = PbeDetails(sequential=tuple(sequential), signalling=structure is not None,
                         regions=tuple(regions), lines=tuple(lines))
    return SolveResult(method="pbe", game=game, equilibria=tuple(equilibria),
                       exact=bool(equilibria) and all(eq.exact_regret is not None for eq in equilibria),
                       complete=complete, degenerate=None, tolerance=tol, parameters=(("cap", cap),),
                       notes=tuple(notes), details=details)


def _order_key(flat: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(Fraction(v) if not isinstance(v, float) else v for v in flat)


def _notes(regions: list[RegionMethod], sequential: list[bool], signalling: bool, truncated: bool, cap: int) -> list[str]:
    notes = []
    for r in regions:
        who = " and ".join(r.movers)
        if r.method == _CANDIDATES:
            notes.append(f"the part at node {r.root} ({who}) is not of sender-receiver form: its perfect Bayesian "
                         "equilibria were sought among the extreme Nash equilibria of its reduced normal form and the "
                         "pure profiles; one inside a Nash component whose extreme points all fail may be missing")
        elif r.method == _PURE and len(r.movers) > 2:
            notes.append(f"the part at node {r.root} has {len(r.movers)} players who move: only its pure perfect "
                         "Bayesian equilibria are listed (agent_qre's limit is a sequential equilibrium)")
    if sequential and not all(sequential):
        bad = [str(k) for k, s in enumerate(sequential, 1) if not s]
        notes.append(f"in equilibria {', '.join(bad)} free beliefs at different information sets hang on the same "
                     "unplayed actions; a sequential equilibrium ties them together and may rule some out")
    if signalling:
        notes.append("a signalling game: each equilibrium carries the Intuitive Criterion and D1 (Cho and Kreps 1987)")
    if truncated:
        notes.append(f"more than {cap:,} perfect Bayesian equilibria; the first {cap:,} are listed")
    return notes
