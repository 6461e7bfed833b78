"""An equilibrium's identity: its place in the canonical order, its label and its support.

Every output that lists a scenario's equilibria (``run`` in text and JSON, ``sweep`` and its
exports, the HTML report, ``compare``) lists them in one order and names each with one label,
both made here from the equilibrium's *strategy vector* (:func:`strategy_vector`: every player's
probabilities, player by player; in a tree, information set by information set, in the order of
:attr:`ExtensiveGame.player_infosets`) and, in a tree, from which information sets the
equilibrium reaches.

**Canonical order.** Strategy vectors in *decreasing* lexicographic order, each probability
rounded to 9 decimals: the equilibrium that plays the scenario's first-listed actions most comes
first. Pure profiles come in the reading order of the matrix (the first player's first action
first, then the second player's, ...); a mix comes between the pure strategies it mixes. Vectors
equal to 9 decimals keep the solver's order.

**Label.** ``"player: choice"`` per player, in player order, joined by ``"; "``. A pure choice is
the action's name; a mixed one lists the actions it uses with their probabilities, rounded to 6
decimals and shown to 3 (``"US: Yield 0.9, Firm 0.1"``; an action whose probability rounds to 0 at
6 decimals is not used). In a tree, a player's choices at their information sets, in the game's
order, are joined by ``" / "``, and a choice at an information set the equilibrium does not reach
(probability at most 1e-12) is put in parentheses: ``"USSR: Back / (Press)"`` (Back where play
goes, Press off the path). The same choice everywhere is named once (``"USSR: accept"``). So two
equilibria that differ anywhere, off the path included, have different labels; two that agree to
the rounding get ``" #2"``, ``" #3"``, ... in canonical order (:func:`numbered`).

**Support.** What the equilibrium plays where play goes: the label without its probabilities and
without the choices off the path (``"US: Yield, Firm; USSR: Back"``), choices named once when
the same everywhere; a player who never moves on the path ``"does not move"``. A *region* of a
sweep is the set of supports of the equilibria at a grid point, so mixed probabilities moving with
the parameters never split a region.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.model.result import equilibrium_from
>>> chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]], players=("US", "USSR"),
...                                        actions=(("Yield", "Firm"), ("Back", "Press")))
>>> eqs = [equilibrium_from(chicken, s, exact=True) for s in
...        (((0, 1), (1, 0)), (("9/10", "1/10"), ("9/10", "1/10")), ((1, 0), (0, 1)))]
>>> found = identify(chicken, eqs)
>>> found.order
(2, 1, 0)
>>> for label, support in zip(found.labels, found.supports):
...     print(f"{label:40} {support}")
US: Yield; USSR: Press                   US: Yield; USSR: Press
US: Yield 0.9, Firm 0.1; USSR: Back 0.9, Press 0.1 US: Yield, Firm; USSR: Back, Press
US: Firm; USSR: Back                     US: Firm; USSR: Back
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.model.normal_form import NormalFormGame

__all__ = ["Identities", "REACHED", "canonical_key", "equilibrium_label", "identify", "infoset_names",
           "numbered", "reached_columns", "strategy_columns", "strategy_vector", "support_label"]

#: An information set is reached when the probability of getting there is above this.
REACHED = 1e-12
#: Probabilities are rounded to this many decimals before labelling (a probability that rounds to 0 is unused).
ROUND = 6
#: Decimals shown of a mixed choice's probabilities.
DIGITS = 3
#: Decimals of the canonical order's comparisons.
ORDER_DECIMALS = 9

Column = tuple[str, str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Identities:
    """The canonical order of a list of equilibria, and the label and support of each (in that order).

    Attributes
    ----------
    order : tuple of int
        ``order[k]`` is the position, in the list given, of the ``k``-th equilibrium in canonical order.
    labels, supports : tuple of str
        The label and the support of each equilibrium, in canonical order.
    """

    order: tuple[int, ...]
    labels: tuple[str, ...]
    supports: tuple[str, ...]


def _is_tree(game: Any) -> bool:
    return hasattr(game, "player_infosets")


def infoset_names(game: Any) -> tuple[str, ...]:
    """A name for every information set of a tree (by global index): its label, or ``"information set N"``
    when it has none; a name used twice gets the set's number added.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("A", {"x": terminal(1), "y": terminal(0)}, infoset="start"))
    >>> infoset_names(g)
    ('start',)
    """
    names = [info.label or f"information set {info.number}" for info in game.infosets]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    return tuple(f"{name} ({info.number})" if seen[name] > 1 else name for name, info in zip(names, game.infosets))


def strategy_columns(game: Any) -> tuple[Column, ...]:
    """What each entry of a strategy vector is: ``(player, information set, action)``.

    The information set is ``""`` in a matrix game.

    >>> g = NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]], players=("A", "B"), actions=(("u",), ("l", "r")))
    >>> strategy_columns(g)
    (('A', '', 'u'), ('B', '', 'l'), ('B', '', 'r'))
    """
    if not _is_tree(game):
        return tuple((player, "", a) for player, actions in zip(game.players, game.actions) for a in actions)
    names = infoset_names(game)
    return tuple((game.players[p], names[h], a) for p, sets in enumerate(game.player_infosets) for h in sets
                 for a in game.infosets[h].actions)


def strategy_vector(eq: Any) -> np.ndarray:
    """The equilibrium's probabilities as one float vector, in the order of :func:`strategy_columns`.

    A :class:`~berlinsim.errors.BerlinsimError` for what is not a strategy profile (a correlated
    equilibrium is a distribution over cells: it has no such vector).
    """
    if hasattr(eq, "behavior"):
        return np.array([p for player in eq.behavior for probs in player for p in probs], dtype=float)
    if not hasattr(eq, "strategies"):
        raise BerlinsimError(f"a {type(eq).__name__} is not a strategy profile: it cannot be put in the "
                             "equilibria's order or labelled (solve with a method that gives profiles)")
    return np.array([p for s in eq.strategies for p in s], dtype=float)


def reached_columns(game: Any, eq: Any) -> np.ndarray:
    """For each entry of the strategy vector: is its information set reached (all True in a matrix)?

    Decided on the float behaviour (reach probability above :data:`REACHED`), as the batched sweeps do.
    """
    if not _is_tree(game):
        return np.ones(sum(len(a) for a in game.actions), dtype=bool)
    from berlinsim.model.behavior import realization_probabilities

    reach = realization_probabilities(game, eq.behavior)
    flags = []
    for sets in game.player_infosets:
        for h in sets:
            info = game.infosets[h]
            flags += [float(sum(reach[n] for n in info.nodes)) > REACHED] * len(info.actions)
    return np.array(flags, dtype=bool)


def canonical_key(vector: Any) -> tuple[float, ...]:
    """The sort key of the canonical order (ascending keys: decreasing vectors).

    >>> sorted([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], key=canonical_key)
    [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
    """
    return tuple(float(x) + 0.0 for x in np.round(-np.asarray(vector, dtype=float), ORDER_DECIMALS))


def number_text(p: float) -> str:
    """A probability (already rounded to :data:`ROUND` decimals) as a label shows it.

    >>> number_text(0.905), number_text(0.5), number_text(1 / 3)
    ('0.905', '0.5', '0.333')
    """
    return f"{p:.{DIGITS}f}".rstrip("0").rstrip(".") or "0"


def _groups(columns: Sequence[Column]) -> list[tuple[str, list[int]]]:
    """``(player, column indices)`` per information set (a matrix player's columns are one set), in order."""
    groups: list[tuple[tuple[str, str], list[int]]] = []
    for k, (player, infoset, _) in enumerate(columns):
        if not groups or groups[-1][0] != (player, infoset):
            groups.append(((player, infoset), []))
        groups[-1][1].append(k)
    return [(key[0], members) for key, members in groups]


def join_choices(players: Sequence[str], texts: dict[str, list[str]], *, empty: str = "") -> str:
    """``"A: x; B: y / z"``: each player's choices at their information sets, in player order.

    Choices that are all the same are named once; a player without choices is left out, or
    shown with ``empty`` when given.

    >>> join_choices(("A", "B", "C"), {"B": ["y", "z"], "A": ["x", "x"]})
    'A: x; B: y / z'
    """
    parts = []
    for player in players:
        shown = texts.get(player, [])
        if shown:
            shown = shown if len(set(shown)) > 1 else shown[:1]
            parts.append(f"{player}: {' / '.join(shown)}")
        elif empty and player in texts:
            parts.append(f"{player}: {empty}")
    return "; ".join(parts)


def choice_text(actions: Sequence[str], probabilities: Sequence[float], *, numbers: bool = True) -> str:
    """One choice: the action used, or the actions used with their probabilities (rounded values).

    >>> choice_text(("x", "y", "z"), (0.25, 0.75, 0.0)), choice_text(("x", "y"), (0.25, 0.75), numbers=False)
    ('x 0.25, y 0.75', 'x, y')
    """
    used = [(a, p) for a, p in zip(actions, probabilities) if p > 0]
    if len(used) == 1:
        return used[0][0]
    if not numbers:
        return ", ".join(a for a, _ in used)
    return ", ".join(f"{a} {number_text(p)}" for a, p in used)


def _rounded(vector: Any) -> list[float]:
    return [float(x) + 0.0 for x in np.round(np.asarray(vector, dtype=float), ROUND)]


def equilibrium_label(players: Sequence[str], columns: Sequence[Column], vector: Any, reached: Any = None) -> str:
    """The label of a strategy vector (see the module docstring); ``reached`` per column (default: all).

    >>> cols = (("US", "", "K"), ("US", "", "S"), ("UK", "", "F"), ("UK", "", "S"))
    >>> equilibrium_label(("US", "UK"), cols, [1, 0, 0, 1]), equilibrium_label(("US", "UK"), cols, [1/3, 2/3, 0, 1])
    ('US: K; UK: S', 'US: K 0.333, S 0.667; UK: S')
    >>> tree = (("US", "plan", "go"), ("US", "plan", "stay"), ("USSR", "a", "yes"), ("USSR", "a", "no"),
    ...         ("USSR", "b", "yes"), ("USSR", "b", "no"))
    >>> equilibrium_label(("US", "USSR"), tree, [1, 0, 0, 1, 1, 0], [True, True, True, True, False, False])
    'US: go; USSR: no / (yes)'
    """
    values = _rounded(vector)
    reach = [True] * len(values) if reached is None else [bool(r) for r in reached]
    texts: dict[str, list[str]] = {}
    for player, members in _groups(columns):
        text = choice_text([columns[k][2] for k in members], [values[k] for k in members])
        texts.setdefault(player, []).append(text if reach[members[0]] else f"({text})")
    return join_choices(players, texts)


def support_label(players: Sequence[str], columns: Sequence[Column], vector: Any, reached: Any = None) -> str:
    """The support of a strategy vector: the actions used where play goes (see the module docstring).

    >>> tree = (("US", "plan", "go"), ("US", "plan", "stay"), ("USSR", "a", "yes"), ("USSR", "a", "no"),
    ...         ("USSR", "b", "yes"), ("USSR", "b", "no"))
    >>> support_label(("US", "USSR"), tree, [0.5, 0.5, 0, 1, 1, 0], [True, True, True, True, False, False])
    'US: go, stay; USSR: no'
    >>> support_label(("US", "USSR"), tree, [1, 0, 0, 1, 1, 0], [True, True, False, False, False, False])
    'US: go; USSR: does not move'
    """
    values = _rounded(vector)
    reach = [True] * len(values) if reached is None else [bool(r) for r in reached]
    texts: dict[str, list[str]] = {}
    for player, members in _groups(columns):
        own = texts.setdefault(player, [])
        if reach[members[0]]:
            own.append(choice_text([columns[k][2] for k in members], [values[k] for k in members], numbers=False))
    return join_choices(players, texts, empty="does not move")


def numbered(labels: Sequence[str]) -> tuple[str, ...]:
    """Labels made unique within one list: a repeated label gets ``" #2"``, ``" #3"``, ... in order.

    >>> numbered(["a", "b", "a", "a"])
    ('a', 'b', 'a #2', 'a #3')
    """
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return tuple(out)


def identify(game: Any, equilibria: Sequence[Any]) -> Identities:
    """The canonical order of ``equilibria`` (of ``game``) and the label and support of each.

    Correlated equilibria (distributions over cells, no strategy profile) keep the solver's order,
    which ranks them by role (most welfare first); each is labelled by its cells and their
    probabilities, its support is its cells (:func:`distribution_label`).
    """
    if equilibria and all(hasattr(eq, "cells") for eq in equilibria):
        return Identities(order=tuple(range(len(equilibria))),
                          labels=numbered([distribution_label(game, eq) for eq in equilibria]),
                          supports=tuple(distribution_label(game, eq, numbers=False) for eq in equilibria))
    vectors = [strategy_vector(eq) for eq in equilibria]
    order = sorted(range(len(vectors)), key=lambda e: canonical_key(vectors[e]))
    columns = strategy_columns(game)
    players = tuple(game.players)
    labels, supports = [], []
    for e in order:
        reached = reached_columns(game, equilibria[e])
        labels.append(equilibrium_label(players, columns, vectors[e], reached))
        supports.append(support_label(players, columns, vectors[e], reached))
    return Identities(order=tuple(order), labels=numbered(labels), supports=tuple(supports))


def distribution_label(game: Any, eq: Any, *, numbers: bool = True) -> str:
    """A correlated equilibrium's cells (one action per player, joined by ``/``) with their probabilities.

    >>> from types import SimpleNamespace
    >>> g = NormalFormGame.from_bimatrix([[0, 7], [2, 6]], [[0, 2], [7, 6]], actions=(("D", "C"), ("D", "C")))
    >>> eq = SimpleNamespace(cells=((0, 1), (1, 0), (1, 1)), probabilities=(0.25, 0.25, 0.5))  # Aumann's mediator
    >>> distribution_label(g, eq), distribution_label(g, eq, numbers=False)
    ('D/C 0.25, C/D 0.25, C/C 0.5', 'D/C, C/D, C/C')
    """
    cells = ["/".join(actions[a] for actions, a in zip(game.actions, cell)) for cell in eq.cells]
    if not numbers:
        return ", ".join(cells)
    return ", ".join(f"{c} {number_text(float(p))}" for c, p in zip(cells, _rounded(eq.probabilities)))
