"""Solving one subgame with imperfect information for :mod:`berlinsim.solvers.spe`.

The part of a subgame above its own proper subgames (its *region*) is cut out as a game of
its own: every nested proper subgame becomes a terminal node paying its continuation
value. That game is solved either through its reduced normal form (``"normal_form"``:
``enummixed`` for two players who move, ``pure`` payoff maximisation for one, ``auto`` for
three or more) or by an extensive-form method from the method table that returns
:class:`~berlinsim.model.result.BehaviorEquilibrium` objects (e.g. a sequence-form
``"lcp"``).

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("A", {
...     "H": decision("B", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="guess"),
...     "T": decision("B", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="guess")}))
>>> [(beh, value) for beh, value in solve_region(g, 0, {}, "normal_form")][0][1]
(Fraction(0, 1), Fraction(0, 1))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterator

import numpy as np

from berlinsim.errors import GameError, SolverError
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame, NodeRecord
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.reduced_normal_form import mixed_to_behavior, to_reduced_normal_form

Value = tuple[Any, ...]

#: The start of the note saying that a subgame was not enumerated (spe words its summary by it).
TOO_LARGE = "a subgame is too large to enumerate its normal form's equilibria"


def region_nodes(game: ExtensiveGame, root: int, is_root: np.ndarray) -> tuple[list[int], list[int]]:
    """The nodes of ``root``'s region in preorder, and the nested subgame roots that bound it."""
    nodes, leaves = [], []
    k, end = root, int(game.subtree_end[root])
    while k < end:
        if k != root and is_root[k]:
            leaves.append(k)
            nodes.append(k)
            k = int(game.subtree_end[k])
            continue
        nodes.append(k)
        k += 1
    return nodes, leaves


def region_game(game: ExtensiveGame, nodes: list[int], leaf_values: dict[int, Value]) -> ExtensiveGame:
    """The region as a game of its own; nested subgame roots become terminals paying ``leaf_values``."""
    records = []
    for k in nodes:
        if k in leaf_values:
            records.append(NodeRecord(kind=TERMINAL, payoffs=tuple(leaf_values[k])))
        elif game.kind[k] == TERMINAL:
            records.append(NodeRecord(kind=TERMINAL, payoffs=game.terminal_payoffs(k)))
        elif game.kind[k] == DECISION:
            s = game.infosets[game.infoset[k]]
            records.append(NodeRecord(kind=DECISION, player=s.player, infoset=s.number, infoset_label=s.label,
                                      actions=s.actions))
        else:
            s = game.chance_infosets[game.infoset[k]]
            records.append(NodeRecord(kind=CHANCE, infoset=s.number, infoset_label=s.label, actions=s.actions,
                                      probabilities=s.exact_probabilities or s.probabilities))
    return ExtensiveGame.from_records(players=game.players, records=records)


def solve_region(game: ExtensiveGame, root: int, leaf_values: dict[int, Value], method: str,
                 is_root: np.ndarray | None = None,
                 notes: set[str] | None = None) -> Iterator[tuple[dict[int, tuple[Any, ...]], Value]]:
    """Equilibria of ``root``'s region: ``(behaviour by global infoset index, value)`` pairs.

    Remarks for the user (a fallback method, profiles dropped) are added to ``notes``.
    """
    notes = set() if notes is None else notes
    if is_root is None:
        is_root = np.zeros(game.num_nodes, dtype=bool)
        is_root[list(leaf_values)] = True
    nodes, _ = region_nodes(game, root, is_root)
    sub = region_game(game, nodes, leaf_values)
    exact = sub.is_exact
    back = {(s.player, s.number): h for h, s in enumerate(game.infosets)}
    for profile in _region_profiles(sub, method, exact, notes):
        exact_profile = exact and all(isinstance(x, (int, Fraction)) for pl in profile for st in pl for x in st)
        # without perfect recall a normal-form equilibrium need not be one in behaviour strategies
        gain = bh.exact_regret(sub, profile) if exact_profile else bh.relative_regret(sub, profile)
        if gain > (0 if exact_profile else 1e-7):
            notes.add(f"subgame at node {root}: a normal-form equilibrium is not an equilibrium in behaviour "
                      f"strategies (imperfect recall) and was dropped")
            continue
        assign = {}
        for p in range(sub.num_players):
            for j, h in enumerate(sub.player_infosets[p]):
                s = sub.infosets[h]
                assign[back[(s.player, s.number)]] = tuple(profile[p][j])
        value = bh.exact_expected_payoffs(sub, profile) if exact_profile else tuple(
            float(x) for x in bh.expected_payoffs(sub, profile))
        yield assign, tuple(value)


#: Largest reduced normal form (cells) whose extreme equilibria are enumerated; vertex enumeration
#: grows steeply beyond (a 9 x 27 subgame of contrib/bcp2.efg takes over a minute).
from berlinsim.limits import SPE_ENUMERATED_CELLS as MAX_ENUMERATED_CELLS  # noqa: E402
#: Largest reduced normal form of three or more movers solved in strategic form (pure equilibria
#: plus the QRE limit); larger ones use the agent-form QRE on the tree.
from berlinsim.limits import SPE_QRE_CELLS as MAX_QRE_CELLS  # noqa: E402


def _tree_method_for_large(sub: ExtensiveGame, shape: tuple[int, ...] | None) -> str | None:
    """The extensive-form method to use instead of enumerating the normal form, or None.

    ``shape`` is the reduced normal form's shape (None: too large to build). Two players with
    perfect recall: the sequence-form ``lcp`` above :data:`MAX_ENUMERATED_CELLS` cells; three or
    more movers: ``agent_qre`` above :data:`MAX_QRE_CELLS` cells or when the reduced normal form
    is too large to build.
    """
    if not sub.is_perfect_recall:
        return None
    if shape is None:
        return "lcp" if sub.num_players == 2 else "agent_qre"
    movers = [n for n in shape if n > 1]
    cells = int(np.prod(shape))
    if sub.num_players == 2 and len(movers) == 2 and cells > MAX_ENUMERATED_CELLS:
        return "lcp"
    if len(movers) > 2 and cells > MAX_QRE_CELLS:
        return "agent_qre"
    return None


def _region_profiles(sub: ExtensiveGame, method: str, exact: bool, notes: set[str]) -> list[Any]:
    from berlinsim.solvers import solver_for  # the method table, imported lazily like every solver

    nf = smap = None
    if method == "normal_form":
        try:
            nf, smap = to_reduced_normal_form(sub)
        except GameError:
            pass
        fallback = _tree_method_for_large(sub, None if nf is None else nf.shape)
        if fallback is not None:
            size = "too large to build" if nf is None else f"{int(np.prod(nf.shape)):,} cells"
            limit = MAX_ENUMERATED_CELLS if fallback == "lcp" else MAX_QRE_CELLS
            notes.add(f"{TOO_LARGE}: its reduced normal form is {size} (enumerated up to {limit:,}); one equilibrium "
                      f"of it was found by {fallback!r}, so the list is not all subgame-perfect equilibria"
                      + ("; method 'pbe' solves such a part through beliefs (every equilibrium, in a signalling game)"
                         if fallback == "lcp" else ""))
            method = fallback
    if method != "normal_form":
        result = solver_for(method)(sub)
        out = []
        for eq in result.equilibria:
            beh = getattr(eq, "exact_behavior", None) if exact else None
            out.append(beh if beh is not None else eq.behavior)
        return out
    if nf is None:
        nf, smap = to_reduced_normal_form(sub)  # raises the size error
    active = [p for p in range(nf.num_players) if nf.shape[p] > 1]
    if not active:
        return [mixed_to_behavior(sub, smap, [[1] for _ in nf.shape], exact=exact)]
    keep = [list(range(n)) if n > 1 else [0] for n in nf.shape]
    payoffs = nf.exact_payoffs if exact else nf.payoffs
    squeezed = payoffs[np.ix_(active, *keep)].reshape((len(active), *[nf.shape[p] for p in active]))
    game_nf = NormalFormGame.from_payoffs(squeezed, players=[nf.players[p] for p in active],
                                          actions=[nf.actions[p] for p in active])
    if len(active) == 1:
        u = squeezed[0]
        best = max(u)
        mixes = [[[int(i == a) for i in range(len(u))]] for a in range(len(u)) if u[a] == best]
    else:
        name = "enummixed" if len(active) == 2 else "auto"
        try:
            result = solver_for(name)(game_nf)
        except SolverError:
            if len(active) != 2:
                raise
            # too large to enumerate: the equilibria Lemke-Howson reaches from every start instead
            result = solver_for("lh")(game_nf)
            notes.add(f"a subgame's normal form ({'x'.join(map(str, game_nf.shape))}) is too large for enummixed; "
                      f"its equilibria reached by Lemke-Howson are used (not all equilibria)")
        if not result.equilibria:
            raise SolverError(f"method {name!r} found no equilibrium of a subgame")
        mixes = [list(eq.exact_strategies) if exact and eq.exact_strategies is not None else list(eq.strategies)
                 for eq in result.equilibria]
    profiles = []
    for mix in mixes:
        full = [[1] for _ in nf.shape]
        for p, strat in zip(active, mix):
            full[p] = list(strat)
        use_exact = exact and all(isinstance(x, (int, Fraction)) for s in full for x in s)
        profiles.append(mixed_to_behavior(sub, smap, full, exact=use_exact))
    return profiles
