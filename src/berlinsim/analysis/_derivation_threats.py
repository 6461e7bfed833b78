"""Credible and non-credible threats in a tree (private helper of :mod:`berlinsim.analysis.derivation`).

The plans an equilibrium makes off its path, each judged by what the mover would get there;
and the pure Nash equilibria of the reduced normal form that are kept alive only by a threat
that would not be carried out (the contrast between Nash equilibrium and subgame perfection).

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> from berlinsim.solvers.spe import spe_solve
>>> entry = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> eq = spe_solve(entry).equilibria[0]
>>> view = credibility(entry, (eq,), reduced_form(entry))
>>> view.contrasts[0].strategies, view.contrasts[0].threats[0].action, view.contrasts[0].threats[0].credible
(('Out', 'Fight'), 'Fight', False)
"""

from __future__ import annotations

from typing import Any, Sequence

from berlinsim.analysis._derivation_tree import MAX_NODES, _exact, _num, _onehot, _positive, _profile, _tol, where
from berlinsim.errors import BerlinsimError
from berlinsim.model import behavior as bh
from berlinsim.model.derivation_result import CredibilityView, NashContrast, Threat
from berlinsim.model.extensive import DECISION, ExtensiveGame

__all__ = ["credibility", "reduced_form"]

#: Largest reduced normal form (cells) searched for Nash equilibria resting on non-credible threats.
MAX_CONTRAST_CELLS = 5000
#: Most contrasting Nash equilibria listed.
MAX_CONTRASTS = 6


def _plans(game: ExtensiveGame, behavior: Any, exact: bool, decided: Any = None) -> tuple[Threat, ...]:
    """Every off-path single-node decision: the plan there and whether it is the mover's best."""
    values = bh.node_values(game, behavior, exact=exact)
    reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, behavior)
    flat = bh.flatten_behavior(game, behavior, exact=exact)
    tol = _tol(game, exact)
    out = []
    for n in range(game.num_nodes):
        if game.kind[n] != DECISION or _positive(reach[n]):
            continue
        h = int(game.infoset[n])
        info = game.infosets[h]
        if len(info.nodes) > 1 or (decided is not None and not decided[h]):
            continue
        i = info.player
        probs = flat[int(game.action_offset[h]):int(game.action_offset[h + 1])]
        worth = [_num(values[c][i], exact) for c in game.children(n)]
        plan = _num(values[n][i], exact)
        top = max(range(len(worth)), key=lambda a: worth[a])
        taken = [info.actions[a] for a, p in enumerate(probs) if _positive(p)]
        out.append(Threat(player=game.players[i], where=where(game, n), action=" and ".join(taken), value=plan,
                          best=info.actions[top], best_value=worth[top], credible=plan >= worth[top] - tol))
    return tuple(out)


def credibility(game: ExtensiveGame, equilibria: Sequence[Any], reduced: Any = None,
                outcomes: Sequence[str] | None = None) -> CredibilityView:
    """The first equilibrium's off-path plans, and pure Nash equilibria of the reduced normal form whose
    off-path plans include a threat that is not credible (small trees).

    In a contrasting equilibrium, information sets that a player's own choices rule out (``*``)
    are filled with the first equilibrium's play, so each threat is judged against sensible
    play further on.
    """
    if not equilibria:
        return CredibilityView(off_path=(), contrasts=(), note="no equilibrium to examine")
    first = equilibria[0]
    exact = _exact(first)
    off_path = _plans(game, _profile(first), exact)
    if reduced is None or reduced[0].num_cells > MAX_CONTRAST_CELLS:
        return CredibilityView(off_path=off_path, contrasts=(),
                               note="the reduced normal form is too large to search for other Nash equilibria")
    from berlinsim.solvers.pure import pure_solve

    table, strategies = reduced
    found = pure_solve(table).equilibria
    labels = tuple(outcomes) if outcomes and len(outcomes) == game.num_terminals else game.outcome_labels
    contrasts = []
    for eq in found:
        cell = tuple(s.index(max(s)) for s in eq.strategies)
        behavior, decided = [], [True] * game.num_infosets
        for p, sets in enumerate(game.player_infosets):
            choice = strategies.choices[p][cell[p]]
            per = []
            for j, h in enumerate(sets):
                if choice[j] >= 0:
                    per.append(_onehot(choice[j], game.infosets[h].num_actions, exact))
                else:
                    per.append(_profile(first)[p][j])
                    decided[h] = False
            behavior.append(tuple(per))
        threats = tuple(t for t in _plans(game, tuple(behavior), exact, decided) if not t.credible)
        if not threats:
            continue
        dist = (bh.exact_terminal_distribution if exact else bh.terminal_distribution)(game, tuple(behavior))
        reached = tuple(dict.fromkeys(labels[t] or f"terminal {int(game.terminals[t])}"
                                      for t, p in enumerate(dist) if _positive(p)))
        pay = eq.exact_payoffs if eq.exact_payoffs is not None and exact else eq.payoffs
        contrasts.append(NashContrast(strategies=tuple(table.actions[p][c] for p, c in enumerate(cell)),
                                      payoffs=tuple(_num(v, exact) for v in pay), outcomes=reached, threats=threats))
    first_payoffs = tuple(_num(v, exact) for v in (first.exact_payoffs if exact else first.payoffs))
    differ = sum(1 for c in contrasts if c.payoffs != first_payoffs)
    contrasts.sort(key=lambda c: c.payoffs == first_payoffs)  # different outcomes first (stable)
    shape = " x ".join(str(n) for n in table.shape)
    note = (f"The reduced normal form ({shape}) has {len(found)} pure Nash equilibri{'um' if len(found) == 1 else 'a'}; "
            f"{len(contrasts)} of them rest{'s' if len(contrasts) == 1 else ''} on a threat that is not credible")
    if contrasts:
        note += f"; {differ} of these lead{'s' if differ == 1 else ''} to payoffs different from equilibrium 1's"
    if len(contrasts) > MAX_CONTRASTS:
        note += f" (the first {MAX_CONTRASTS} are shown)"
    return CredibilityView(off_path=off_path, contrasts=tuple(contrasts[:MAX_CONTRASTS]), nash_count=len(found),
                           note=note + ".")


def reduced_form(game: ExtensiveGame) -> Any:
    """``to_reduced_normal_form(game)`` for trees small enough to tabulate, else None."""
    from berlinsim.model.reduced_normal_form import to_reduced_normal_form

    if game.num_nodes > MAX_NODES:
        return None
    try:
        reduced = to_reduced_normal_form(game)
    except BerlinsimError:
        return None
    return reduced if reduced[0].num_cells <= 200_000 else None
