"""Textbook games, each built by one function that cites its source.

Examples
--------
>>> g = kuhn_poker()
>>> g.title, g.num_nodes, [g.infosets[h].label for h in g.player_infosets[0]]
('Kuhn poker (3 cards)', 55, ['J', 'Jcb', 'Q', 'Qcb', 'K', 'Kcb'])
>>> kuhn_poker(5).num_nodes
181
"""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations
from typing import Sequence

from berlinsim.errors import GameError
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal


def kuhn_poker(cards: int = 3, card_names: Sequence[str] | None = None) -> ExtensiveGame:
    """Kuhn poker (Kuhn 1950, *Contributions to the Theory of Games* I): value -1/18 for player 1.

    Each player antes 1 and is dealt one of ``cards`` cards (higher wins); player 1 checks or
    bets 1, player 2 answers, and after check-bet player 1 folds or calls. ``cards = 5`` is the
    181-node variant used in benchmarks. Information sets are labelled by the card and the
    bidding seen so far (``"J"``, ``"Qc"``, ``"Kb"``, ``"Jcb"``); cards are named ``J Q K``
    for three cards and ``0 1 2 ...`` otherwise, unless ``card_names`` says.
    """
    if cards < 2:
        raise GameError(f"Kuhn poker needs at least 2 cards, got {cards}")
    names = list(card_names) if card_names is not None else (list("JQK") if cards == 3 else [str(c) for c in range(cards)])
    if len(names) != cards or len(set(names)) != cards:
        raise GameError(f"card_names must name {cards} different cards, got {names}")
    deals = list(permutations(range(cards), 2))

    def show(c1: int, c2: int, stake: int):
        return terminal(stake, -stake) if c1 > c2 else terminal(-stake, stake)

    def deal(c1: int, c2: int):
        mine, theirs = names[c1], names[c2]
        return decision("1", {
            "check": decision("2", {
                "check": show(c1, c2, 1),
                "bet": decision("1", {"fold": terminal(-1, 1), "call": show(c1, c2, 2)}, infoset=f"{mine}cb"),
            }, infoset=f"{theirs}c"),
            "bet": decision("2", {"fold": terminal(1, -1), "call": show(c1, c2, 2)}, infoset=f"{theirs}b"),
        }, infoset=mine)

    return ExtensiveGame.from_tree(
        chance([(f"{names[i]}{names[j]}", Fraction(1, len(deals)), deal(i, j)) for i, j in deals]),
        players=("1", "2"), title=f"Kuhn poker ({cards} cards)")
