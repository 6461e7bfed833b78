"""Candidate perfect Bayesian equilibria of a two-player game from its extreme Nash equilibria.

Every perfect Bayesian equilibrium is a Nash equilibrium, so its play is that of some Nash
equilibrium of the reduced normal form. The extreme equilibria (:mod:`.enummixed`) are turned into
behaviour profiles (Kuhn's theorem, :func:`~berlinsim.model.reduced_normal_form.mixed_to_behavior`).
The reduced normal form says nothing about an information set a player's own choices rule out,
so there every pure action is tried (the product over such sets). Each candidate is then
checked by :func:`._sequential.assess`; the caller keeps those with supporting beliefs.

This finds every perfect Bayesian equilibrium whose behaviour is such an extreme point (with pure
play where the player's own plan excludes the set), not necessarily all: a Nash component whose
extreme points all fail the belief test may still hold perfect Bayesian equilibria inside it.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2),
...     "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> sorted(nash_candidates(g))     # entering and accommodating; staying out against a threat to fight
[(0, 1, 0, 1), (1, 0, Fraction(1, 2), Fraction(1, 2)), (1, 0, 1, 0)]
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Iterator

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.reduced_normal_form import mixed_to_behavior, to_reduced_normal_form

#: Largest reduced normal form (cells) whose extreme equilibria are enumerated for candidates.
MAX_CANDIDATE_CELLS = 2_000
#: Most completions tried per Nash equilibrium (pure actions at sets a player's own plan excludes).
MAX_COMPLETIONS = 4_096


def _whole(v: Any) -> Any:
    return v.numerator if isinstance(v, Fraction) and v.denominator == 1 else v


def nash_candidates(game: ExtensiveGame) -> Iterator[tuple[Any, ...]]:
    """Flat behaviour profiles built from the extreme Nash equilibria, each completion once."""
    from berlinsim.solvers.enummixed import enummixed_solve  # scipy: loaded only when used

    nf, smap = to_reduced_normal_form(game)
    cells = 1
    for n in nf.shape:
        cells *= n
    if cells > MAX_CANDIDATE_CELLS:
        raise SolverError(f"the reduced normal form is {'x'.join(map(str, nf.shape))}; candidates are enumerated "
                          f"for at most {MAX_CANDIDATE_CELLS:,} cells")
    exact = game.is_exact
    active = [p for p in range(nf.num_players) if nf.shape[p] > 1]
    if len(active) != 2:  # at most one player with a real choice: the pure search covers the game
        return
    payoffs = nf.exact_payoffs if exact else nf.payoffs
    index = tuple(slice(None) if p in active else 0 for p in range(nf.num_players))
    two = NormalFormGame.from_payoffs(np.stack([payoffs[(p, *index)] for p in active]),
                                      players=[nf.players[p] for p in active])
    seen: set[tuple[Any, ...]] = set()
    for two_eq in enummixed_solve(two).equilibria:
        use_exact = exact and two_eq.exact_strategies is not None
        pair = two_eq.exact_strategies if use_exact else two_eq.strategies
        mix = [pair[active.index(p)] if p in active else (1,) for p in range(nf.num_players)]
        behavior = mixed_to_behavior(game, smap, mix, exact=use_exact)
        flat: list[Any] = [None] * game.num_actions
        open_sets = []
        for p in range(game.num_players):
            support = [s for s, w in zip(smap.choices[p], mix[p]) if w > 0]
            for j, h in enumerate(game.player_infosets[p]):
                lo = int(game.action_offset[h])
                if all(s[j] < 0 for s in support):
                    open_sets.append(h)
                for a, v in enumerate(behavior[p][j]):
                    flat[lo + a] = _whole(v) if use_exact else float(v)
        sizes = [game.infosets[h].num_actions for h in open_sets]
        total = 1
        for n in sizes:
            total *= n
        if total > MAX_COMPLETIONS:
            raise SolverError(f"a Nash equilibrium leaves {len(open_sets)} information sets open "
                              f"({total:,} completions); at most {MAX_COMPLETIONS:,} are tried")
        for combo in itertools.product(*[range(n) for n in sizes]):
            for h, a in zip(open_sets, combo):
                lo = int(game.action_offset[h])
                for b in range(game.infosets[h].num_actions):
                    flat[lo + b] = int(a == b) if use_exact else float(a == b)
            key = tuple(flat)
            if key not in seen:
                seen.add(key)
                yield key
