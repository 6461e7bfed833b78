"""Correlated equilibria for people: the distributions as tables and the mediator's recommendations.

A correlated equilibrium is a distribution over the table's cells: a mediator draws a cell and
tells each player privately only her own action, and no player gains by disobeying
(:mod:`berlinsim.model.correlated`). :func:`correlated_blocks` writes what ``--method
correlated`` found as report blocks (:mod:`.blocks`, so text and Markdown say the same): the
welfare-maximising distribution over pure profiles, each player's best and worst, every listed
distribution (the polytope's vertices when they were enumerated) and the recommendation device
of the first one. :func:`device_rows` is the device's table for any distribution, equilibrium or
not: for each player and each action she can be told, what obeying earns and what the best
switch earns, both given what she was told, and the slack between them (negative: she gains by
disobeying, so the distribution is not an equilibrium). A coarse correlated equilibrium asks less:
no player would rather commit to one action before the draw than follow the mediator.

Examples
--------
>>> from fractions import Fraction as F
>>> from berlinsim.model.normal_form import NormalFormGame
>>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=("A", "B"),
...                                        actions=(("C", "D"), ("C", "D")))
>>> rows = device_rows(chicken, ((0, 0), (0, 1), (1, 0)), (F(1, 3), F(1, 3), F(1, 3)))
>>> [(r.player, r.told, str(r.obey), r.deviation, str(r.deviate), str(r.slack)) for r in rows]
[(0, 0, '4', 1, '7/2', '1/2'), (0, 1, '7', 0, '6', '1'), (1, 0, '4', 1, '7/2', '1/2'), (1, 1, '7', 0, '6', '1')]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.correlated import CorrelatedEquilibrium, obedience
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.blocks import Block, Heading, Items, Para, Table
from berlinsim.reports.number_format import format_probability, format_value

__all__ = ["DeviceRow", "cell_label", "correlated_blocks", "device_blocks", "device_rows", "distribution_grids",
           "is_correlated", "slack_sentence"]

Number = Fraction | float


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceRow:
    """One line of the recommendation device: a player told an action, obeying against the best switch.

    ``told`` is ``None`` for a coarse constraint (before any recommendation; ``probability`` 1).
    ``obey`` and ``deviate`` are expected payoffs given what the player was told; ``slack`` is
    ``obey - deviate`` (at least 0 in an equilibrium).
    """

    player: int
    told: int | None
    probability: Number
    obey: Number
    deviation: int
    deviate: Number

    @property
    def slack(self) -> Number:
        return self.obey - self.deviate


def is_correlated(result: Any) -> bool:
    """Whether ``result`` lists (coarse) correlated equilibria (distributions over cells)."""
    return bool(result.equilibria) and all(isinstance(eq, CorrelatedEquilibrium) for eq in result.equilibria)


def cell_label(game: NormalFormGame, cell: Sequence[int]) -> str:
    """A pure profile as its actions' labels: ``"Yield/Press"``."""
    return "/".join(game.actions[i][a] for i, a in enumerate(cell))


def device_rows(game: NormalFormGame, cells: Sequence[Sequence[int]], probabilities: Sequence[Number], *,
                coarse: bool = False) -> tuple[DeviceRow, ...]:
    """For each player and recommendation with positive probability: obeying against the best switch.

    Exact when the game is and the probabilities are Fractions. The best switch is the
    deviation that earns most (the first such when several tie).
    """
    best: dict[tuple[int, int | None], Any] = {}
    for row in obedience(game, cells, probabilities, coarse=coarse):
        key = (row.player, row.recommended)
        if key not in best or row.deviate > best[key].deviate:
            best[key] = row
    return tuple(DeviceRow(player=r.player, told=r.recommended, probability=r.probability,
                           obey=r.conditional_obey, deviation=r.deviation, deviate=r.conditional_deviate)
                 for r in best.values())


def _probability(eq: CorrelatedEquilibrium) -> tuple[Number, ...]:
    return tuple(p for _, p in eq.distribution)


def _payoffs(eq: CorrelatedEquilibrium) -> tuple[Number, ...]:
    return eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs


def device_blocks(game: NormalFormGame, cells: Sequence[Sequence[int]], probabilities: Sequence[Number], *,
                  coarse: bool = False, words: bool = True) -> list[Block]:
    """The recommendation device of one distribution as a table, with what its slack means (``words``)."""
    rows = device_rows(game, cells, probabilities, coarse=coarse)
    names = game.players
    if coarse:
        table = Table(("player", "following earns", "best commitment", "committing earns", "slack"),
                      tuple((names[r.player], format_value(r.obey), game.actions[r.player][r.deviation],
                             format_value(r.deviate), _slack(r.slack)) for r in rows), right=(1, 3, 4))
        lead = ("Before the draw each player may follow the mediator, or commit to one action whatever she would be "
                "told:")
        meaning = ("Slack: following minus the best commitment, in expected payoff. It is never negative in a coarse "
                   "correlated equilibrium.")
    else:
        table = Table(("player", "told", "probability", "obeying earns", "best switch", "switching earns", "slack"),
                      tuple((names[r.player], game.actions[r.player][r.told], format_probability(r.probability),
                             format_value(r.obey), game.actions[r.player][r.deviation], format_value(r.deviate),
                             _slack(r.slack)) for r in rows), right=(2, 3, 5, 6))
        lead = ("A mediator draws a cell from the distribution and tells each player privately only her own action. "
                "Told an action, a player knows how likely each of the others' actions now is, and compares obeying "
                "with her best switch:")
        meaning = ("Slack: obeying minus the best switch, given what the player was told. It is never negative in a "
                   "correlated equilibrium: neither side gains by disobeying; 0 means the player is just indifferent "
                   "(the constraint binds).")
    negative = [r for r in rows if r.slack < 0]
    blocks: list[Block] = [Para(lead), table, Para(meaning)] if words else [table]
    blocks.append(Items(tuple(slack_sentence(game, r) for r in rows)))
    if negative:
        who = "; ".join(f"{names[r.player]}" + (f" told {game.actions[r.player][r.told]}" if r.told is not None else "")
                        + f" gains {format_value(-r.slack)} by switching to {game.actions[r.player][r.deviation]}"
                        for r in negative)
        blocks.append(Para(f"Not an equilibrium: {who}."))
    return blocks


def slack_sentence(game: NormalFormGame, row: DeviceRow) -> str:
    """One obedience constraint in words, with its slack.

    >>> from fractions import Fraction as F
    >>> g = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=("A", "B"),
    ...                                  actions=(("C", "D"), ("C", "D")))
    >>> slack_sentence(g, DeviceRow(player=0, told=0, probability=F(2, 3), obey=F(4), deviation=1, deviate=F(7, 2)))
    'A mediator who recommends C to A: following is at least as good as D by 0.5.'
    >>> slack_sentence(g, DeviceRow(player=1, told=None, probability=F(1), obey=F(5), deviation=0, deviate=F(5)))
    'Before the draw, B: following the mediator is exactly as good as committing to C (the constraint binds).'
    """
    player, switch = game.players[row.player], game.actions[row.player][row.deviation]
    if row.told is None:
        head, other = f"Before the draw, {player}: following the mediator is", f"committing to {switch}"
    else:
        head, other = (f"A mediator who recommends {game.actions[row.player][row.told]} to {player}: following is",
                       switch)
    if row.slack == 0:
        return f"{head} exactly as good as {other} (the constraint binds)."
    if row.slack > 0:
        return f"{head} at least as good as {other} by {format_value(row.slack)}."
    return f"{head} worse than {other} by {format_value(-row.slack)}: {player} gains by disobeying."


def _slack(value: Number) -> str:
    return format_value(value) + (" (gains by disobeying)" if value < 0 else "")


def _roles(eq: CorrelatedEquilibrium) -> str:
    """Why it is listed; "vertex" only when it is nothing else (every listed one is a vertex when they are enumerated)."""
    return ", ".join(r for r in eq.roles if r != "vertex") or "vertex"


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def distribution_grids(game: NormalFormGame, eq: CorrelatedEquilibrium) -> list[Block]:
    """The distribution laid out as the game's table: one grid per combination of the third and later players' actions.

    Rows are the first player's actions, columns the second's; a cell shows its probability
    (``0`` off the support). A one-player game gets one column.

    >>> from fractions import Fraction as F
    >>> from berlinsim.reports.blocks import to_text
    >>> g = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=("A", "B"),
    ...                                  actions=(("C", "D"), ("C", "D")))
    >>> eq = CorrelatedEquilibrium(roles=("vertex",), cells=((0, 0), (0, 1), (1, 0)), probabilities=(0.5, 0.25, 0.25),
    ...                            payoffs=(5.25, 5.25), regret=0.0, relative_regret=0.0,
    ...                            exact_probabilities=(F(1, 2), F(1, 4), F(1, 4)))
    >>> print(to_text(distribution_grids(g, eq)))
      A \\ B    C    D
      C      1/2  1/4
      D      1/4    0
    """
    p = dict(eq.distribution)
    if game.num_players == 1:
        return [Table((game.players[0], "probability"), tuple((a, format_probability(p.get((k,), 0)))
                                                              for k, a in enumerate(game.actions[0])), right=(1,))]
    out: list[Block] = []
    others = range(2, game.num_players)
    for rest in itertools.product(*(range(game.shape[j]) for j in others)):
        if rest:
            out.append(Para("When " + ", ".join(f"{game.players[j]} is told {game.actions[j][k]}"
                                                for j, k in zip(others, rest)) + ":"))
        rows = tuple((a, *(format_probability(p.get((r, c, *rest), 0)) for c in range(game.shape[1])))
                     for r, a in enumerate(game.actions[0]))
        out.append(Table((f"{game.players[0]} \\ {game.players[1]}", *game.actions[1]), rows,
                         right=tuple(range(1, game.shape[1] + 1))))
    return out


def _outcome_table(outcome: Any) -> Table:
    rows = tuple((label, format_probability(q)) for label, q in outcome.distribution if q > 0)
    return Table(("outcome", "probability"), rows, right=(1,))


def _extremes(result: Any) -> Table:
    game, details = result.game, result.details
    rows = []
    for i, player in enumerate(game.players):
        number = {kind: next((k for k, eq in enumerate(result.equilibria, 1) if f"{kind} for {player}" in eq.roles), None)
                  for kind in ("worst", "best")}
        where = ", ".join(f"{kind}: {n}" for kind, n in number.items() if n is not None)
        rows.append((player, format_value(details.worst[i]), format_value(details.best[i]), where))
    return Table(("player", "worst", "best", "distribution (#)"), tuple(rows), right=(1, 2))


#: Most cells shown one column each in the table of listed distributions (else one column lists them).
CELL_COLUMNS = 6


def _listed_table(game: NormalFormGame, equilibria: Sequence[CorrelatedEquilibrium]) -> Table:
    """Every listed distribution with its payoffs and why it is listed."""
    head = ("#", *game.players)
    if game.num_cells <= CELL_COLUMNS:
        cells = list(itertools.product(*(range(n) for n in game.shape)))
        rows = []
        for k, eq in enumerate(equilibria, 1):
            p = dict(eq.distribution)
            rows.append((str(k), *(format_value(u) for u in _payoffs(eq)),
                         *(format_probability(p[c]) if c in p else "0" for c in cells), _roles(eq)))
        return Table((*head, *(cell_label(game, c) for c in cells), "why listed"), tuple(rows),
                     right=tuple(range(len(head) + len(cells))))
    rows = [(str(k), *(format_value(u) for u in _payoffs(eq)), _roles(eq),
             "; ".join(f"{cell_label(game, c)} {format_probability(p)}" for c, p in eq.distribution))
            for k, eq in enumerate(equilibria, 1)]
    return Table((*head, "why listed", "distribution"), tuple(rows), right=tuple(range(len(head))))


def correlated_blocks(result: Any, *, outcomes: Sequence[Any] = (), level: int = 2) -> list[Block]:
    """What a ``correlated`` result found, as blocks (see the module docstring).

    ``outcomes[k]`` (a :class:`~berlinsim.scenarios.run.OutcomeSummary`, for scenarios) gives the
    outcome distribution and expected attributes of ``result.equilibria[k]``. ``level`` is the
    level of the section's headings.
    """
    game, details = result.game, result.details
    coarse = bool(getattr(details, "coarse", False))
    kind = "coarse correlated" if coarse else "correlated"
    blocks: list[Block] = [Heading(level, f"{kind.capitalize()} equilibria")]
    if coarse:
        blocks.append(Para("A coarse correlated equilibrium is a distribution over the table's cells that no player "
                           "would rather leave before the draw: committing to one action, whatever the mediator would "
                           "say, earns her no more than following. Unlike a correlated equilibrium it does not ask "
                           "that each recommendation, once heard, be worth obeying, so the set is larger: every "
                           "correlated equilibrium is a coarse one."))
    else:
        blocks.append(Para("A correlated equilibrium is a distribution over the table's cells: a mediator draws a cell "
                           "and tells each player privately only her own action; neither gains by disobeying. A Nash "
                           "equilibrium is the special case of independent recommendations."))
    if not result.equilibria:
        return blocks + [Para("None was listed.")]
    first = result.equilibria[0]
    total = sum(_payoffs(first))
    ties = [str(k) for k, eq in enumerate(result.equilibria[1:], 2) if sum(_payoffs(eq)) == total]
    tied = (f" Distribution{'s' if len(ties) > 1 else ''} {_and(ties)} reach{'' if len(ties) > 1 else 'es'} "
            "the same total.") if ties else ""
    blocks += [Para(f"The welfare-maximising distribution (distribution 1; {_roles(first)}) has total payoff "
                    f"{format_value(total)}, the largest over all {kind} equilibria.{tied}"),
               *distribution_grids(game, first),
               *([_outcome_table(outcomes[0])] if outcomes else []),
               Para("Expected payoffs: " + ", ".join(f"{p} {format_value(u)}" for p, u in zip(game.players, _payoffs(first)))
                    + "." + (" Every optimum is certified in exact arithmetic." if details.certified else "")),
               Para(f"Each player's best and worst over all {kind} equilibria:"), _extremes(result)]
    if details.vertices is not None:
        intro = (f"The {kind} equilibria form a polytope with {len(result.equilibria)} vertices, all listed: every "
                 "mix of these distributions is one, and nothing else is.")
    else:
        intro = "The polytope's vertices were not enumerated (the game is too large); listed are the optima above:"
    blocks += [Para(intro), _listed_table(game, result.equilibria)]
    if outcomes and outcomes[0].expected_attributes:
        names = [name for name, _ in outcomes[0].expected_attributes]
        rows = tuple((str(k), *(format_value(v) for _, v in o.expected_attributes)) for k, o in enumerate(outcomes, 1))
        blocks += [Para("Expected outcome attributes of each distribution:"),
                   Table(("#", *names), rows, right=tuple(range(len(names) + 1)))]
    shown = [1]
    if len(first.cells) == 1:  # a pure profile needs no mediator: show the best one that correlates too
        mixed = [k for k, eq in enumerate(result.equilibria, 1) if len(eq.cells) > 1]
        if mixed:
            shown.append(max(mixed, key=lambda k: (sum(_payoffs(result.equilibria[k - 1])), -k)))
    for k in shown:
        eq = result.equilibria[k - 1]
        blocks += [Heading(level, f"The recommendation device (distribution {k})")]
        if k != 1:
            blocks.append(Para(f"Distribution 1 is a single cell: nothing is left to correlate. Distribution {k} is "
                               f"the listed one with the largest total payoff ({format_value(sum(_payoffs(eq)))}) that "
                               "mixes several cells:"))
            blocks += distribution_grids(game, eq)
            if outcomes:
                blocks.append(_outcome_table(outcomes[k - 1]))
        blocks += device_blocks(game, eq.cells, _probability(eq), coarse=coarse, words=k == 1)
    return blocks

