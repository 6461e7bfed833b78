"""Test helpers: literature signalling games and random ones, built as trees.

Sources (each builder says what it follows):

* beer-quiche: Cho, I.-K. and Kreps, D. M. (1987), "Signaling Games and Stable Equilibria",
  Quarterly Journal of Economics 102(2), section II: 1/10 weak, 9/10 strong; the sender gets 1
  for the breakfast its type likes and 2 for avoiding the duel; the receiver gets 1 for dueling
  the weak type or not dueling the strong one, 0 otherwise.
* Spence-style education: Spence, M. (1973), "Job Market Signaling", QJE 87(3), in the discrete
  form of textbook treatments; the numbers are ours (stated in the builder).
* the crisis of issue 12: Nature draws a resolute or bluffing Khrushchev; the US payoffs are the
  issue's (standing -26 vs yielding -11 at the resolute node, -20 vs -11 at the bluffing one),
  Khrushchev's are ours.
* hidden entry mode: Mas-Colell, Whinston and Green (1995), Microeconomic Theory, section 9.C
  (the entrant chooses Out, In1 or In2; the incumbent sees entry, not which); fighting is worse
  than accommodating after either entry, so the Nash equilibrium "Out, because I would fight"
  rests on a threat no belief justifies.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Sequence

import numpy as np

from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal


def signalling_game(prior: Sequence, sender: Sequence[Sequence[Sequence]], receiver: Sequence[Sequence[Sequence]], *,
                    types: Sequence[str], messages: Sequence[str], replies: Sequence[str],
                    players=("Sender", "Receiver")) -> ExtensiveGame:
    """A signalling game from payoff tables ``sender[t][m][a]`` and ``receiver[t][m][a]``.

    Information sets: the sender's are named after the types, the receiver's after the messages;
    so the flat behaviour vector is (type 0's messages, type 1's, ..., then message 0's replies, ...).
    """
    def sender_node(t):
        return decision(players[0], {
            m: decision(players[1], {a: terminal(sender[t][k][j], receiver[t][k][j]) for j, a in enumerate(replies)},
                        infoset=m)
            for k, m in enumerate(messages)}, infoset=types[t])

    return ExtensiveGame.from_tree(chance({t: (prior[k], sender_node(k)) for k, t in enumerate(types)}),
                                   players=players)


def beer_quiche() -> ExtensiveGame:
    """Cho and Kreps' (1987) beer-quiche game; types (weak, strong), messages (beer, quiche), replies (duel, not)."""
    likes = {"weak": "quiche", "strong": "beer"}
    sender = [[[int(likes[t] == m) + (2 if a == "not" else 0) for a in ("duel", "not")] for m in ("beer", "quiche")]
              for t in ("weak", "strong")]
    receiver = [[[int((t == "weak") == (a == "duel")) for a in ("duel", "not")] for m in ("beer", "quiche")]
                for t in ("weak", "strong")]
    return signalling_game((F(1, 10), F(9, 10)), sender, receiver, types=("weak", "strong"),
                           messages=("beer", "quiche"), replies=("duel", "not"))


#: Spence-style numbers: productivity 1 (low) or 2 (high), prior 1/2 each; education 0, 1, 2 costs
#: 3/2 per unit to the low type and 1/4 to the high type; the firm pays a wage of 1, 3/2 or 2 and
#: gets -4 (wage - productivity)^2 (so it pays 1 when P(high) <= 1/4, 3/2 between, 2 from 3/4 on).
SPENCE_WAGES = (F(1), F(3, 2), F(2))
SPENCE_COSTS = {"low": F(3, 2), "high": F(1, 4)}


def spence() -> ExtensiveGame:
    """A discrete Spence education game; the least-cost separating (Riley) outcome: low e0, high e1, wages 1 and 2."""
    productivity = {"low": 1, "high": 2}
    sender = [[[w - SPENCE_COSTS[t] * e for w in SPENCE_WAGES] for e in range(3)] for t in ("low", "high")]
    receiver = [[[-4 * (w - productivity[t]) ** 2 for w in SPENCE_WAGES] for _ in range(3)] for t in ("low", "high")]
    return signalling_game((F(1, 2), F(1, 2)), sender, receiver, types=("low", "high"), messages=("e0", "e1", "e2"),
                           replies=("w1", "w3/2", "w2"), players=("Worker", "Firm"))


def khrushchev() -> ExtensiveGame:
    """Issue 12's crisis: resolute (1/3) or bluffing (2/3) Khrushchev; ultimatum or quiet; the US stands or yields.

    Flat behaviour: US (stand, yield), then the resolute type's (ultimatum, quiet), then the bluffing type's.
    """
    def us(stand, k_stand):
        return decision("US", {"stand": terminal(stand, k_stand), "yield": terminal(-11, 10)}, infoset="ultimatum")

    return ExtensiveGame.from_tree(chance({
        "resolute": (F(1, 3), decision("Khrushchev", {"ultimatum": us(-26, -10), "quiet": terminal(0, 0)},
                                       infoset="resolute")),
        "bluffing": (F(2, 3), decision("Khrushchev", {"ultimatum": us(-20, -5), "quiet": terminal(0, 0)},
                                       infoset="bluffing"))}), players=("US", "Khrushchev"))


def hidden_entry() -> ExtensiveGame:
    """Mas-Colell, Whinston and Green (1995, section 9.C)'s entry game with two ways in.

    Flat behaviour: entrant (Out, In1, In2), then the incumbent (Fight, Accommodate).
    """
    def incumbent(accommodate):
        return decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(*accommodate)}, infoset="entry")

    return ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2), "In1": incumbent((3, 0)),
                                                        "In2": incumbent((2, 1))}), players=("Entrant", "Incumbent"))


PRIORS = ((F(1, 2), F(1, 2)), (F(1, 3), F(2, 3)), (F(1, 4), F(3, 4)), (F(2, 5), F(3, 5)))


def random_signalling_tables(rng: np.random.Generator, *, types: int = 2, messages: int = 2, replies: int = 2,
                             payoff_range: int = 3) -> tuple[tuple[F, ...], list, list]:
    """``(prior, sender[t][m][a], receiver[t][m][a])`` with integer payoffs in ``[-payoff_range, payoff_range]``."""
    if types == 2:
        prior = PRIORS[int(rng.integers(len(PRIORS)))]
    else:
        weights = [int(w) for w in rng.integers(1, 4, size=types)]
        prior = tuple(F(w, sum(weights)) for w in weights)
    shape = (types, messages, replies)
    sender = rng.integers(-payoff_range, payoff_range + 1, size=shape).tolist()
    receiver = rng.integers(-payoff_range, payoff_range + 1, size=shape).tolist()
    return prior, sender, receiver


def game_from_tables(prior, sender, receiver) -> ExtensiveGame:
    """The signalling game of :func:`random_signalling_tables`' tables (types t0.., messages m0.., replies r0..)."""
    types, messages, replies = len(sender), len(sender[0]), len(sender[0][0])
    return signalling_game(prior, sender, receiver, types=[f"t{k}" for k in range(types)],
                           messages=[f"m{k}" for k in range(messages)], replies=[f"r{k}" for k in range(replies)])


def random_signalling(rng: np.random.Generator, **sizes) -> ExtensiveGame:
    """A random signalling game (see :func:`random_signalling_tables`)."""
    return game_from_tables(*random_signalling_tables(rng, **sizes))
