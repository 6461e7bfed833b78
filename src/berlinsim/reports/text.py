"""Plain-text reports for people: the game as a table, its equilibria, and how they were found.

Payoffs are shown exactly when the game is exact (``3``, ``1.25``, ``7/3``), and each
player's best responses are marked with ``*``: in a two-player table a ``*`` after the
row player's payoff means the row is a best response to that column, and likewise for
the column player. Games of three or more players are shown as one table per
combination of the other players' actions. Probabilities in equilibria are fractions
when exact.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"),
...                                   actions=(("C", "D"), ("C", "D")), title="Prisoner's dilemma")
>>> print(format_game(pd))
Prisoner's dilemma
2 players, 2 x 2, exact payoffs
<BLANKLINE>
      Col
Row       C        D
C     3 , 3    0 , 5*
D     5*, 0    1*, 1*
<BLANKLINE>
* marks a best response to the other players' actions
"""

from __future__ import annotations

import dataclasses
import itertools
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.model.derivation_result import DominanceView
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import Equilibrium
from berlinsim.reports import tree_text
from berlinsim.reports._explain_blocks import dominance_blocks
from berlinsim.reports.blocks import to_text
from berlinsim.reports.components_text import components_blocks
from berlinsim.reports.correlated_text import correlated_blocks, is_correlated
from berlinsim.reports.enumpoly_text import enumpoly_blocks, is_enumpoly
from berlinsim.reports.number_format import format_probability, format_value

#: Most payoff comparisons listed per dominance step (and surviving actions per player).
DOMINANCE_ROWS = 12
#: Largest number of cells drawn as tables; bigger games are summarised.
MAX_TABLE_CELLS = 400
_MARK = "*"


def _payoff_table(game: NormalFormGame) -> np.ndarray:
    return game.exact_payoffs if game.exact_payoffs is not None else game.payoffs


def best_response_marks(game: NormalFormGame) -> np.ndarray:
    """Boolean array ``(players, *shape)``: is player ``i``'s action a best response in this cell?

    Exact comparisons when the game is exact; otherwise within ``1e-9 * max(1, max|u|)``.
    """
    u = _payoff_table(game)
    tol = 0 if game.exact_payoffs is not None else 1e-9 * max(1.0, game.max_abs_payoff)
    marks = np.empty(u.shape, dtype=bool)
    for i in range(game.num_players):
        best = u[i].max(axis=i, keepdims=True)
        marks[i] = (u[i] >= best - tol) if tol else (u[i] == best)
    return marks


def _grid(header: list[str], rows: list[list[str]], left: int) -> list[str]:
    """Columns after the first ``left`` are right-aligned cells; the first column is left-aligned."""
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    lines = []
    for r in [header, *rows]:
        parts = [r[0].ljust(widths[0])] + [r[c].rjust(widths[c]) for c in range(1, len(r))]
        lines.append((" " * left).join(parts).rstrip())
    return lines


def _cell_texts(game: NormalFormGame, marks: np.ndarray, cells: Sequence[tuple[int, ...]]) -> dict:
    """Each cell's text ``"a*, b "``, with every player's part padded to its column width."""
    u = _payoff_table(game)
    parts = {c: [format_value(u[(i, *c)]) + (_MARK if marks[(i, *c)] else " ") for i in range(game.num_players)]
             for c in cells}
    return parts


def _two_player_block(game: NormalFormGame, marks: np.ndarray, rest: tuple[int, ...]) -> list[str]:
    rows_n, cols_n = game.shape[0], game.shape[1]
    parts = _cell_texts(game, marks, [(r, c, *rest) for r in range(rows_n) for c in range(cols_n)])
    # pad each player's part to a width per column so commas line up
    texts = {}
    for c in range(cols_n):
        column = [parts[(r, c, *rest)] for r in range(rows_n)]
        widths = [max(len(p[i]) for p in column) for i in range(game.num_players)]
        for r in range(rows_n):
            texts[(r, c)] = ", ".join(p.rjust(w) for p, w in zip(column[r], widths))
    header = [game.players[0]] + [a + " " for a in game.actions[1]]
    rows = [[game.actions[0][r]] + [texts[(r, c)] for c in range(cols_n)] for r in range(rows_n)]
    grid = _grid(header, rows, 3)
    indent = max(len(x) for x in [game.players[0], *game.actions[0]]) + 3
    return [" " * indent + game.players[1], *grid]


def format_game(game: NormalFormGame, *, max_cells: int = MAX_TABLE_CELLS) -> str:
    """The game as text: a title line, the size, then its table(s) with best responses marked."""
    shape = " x ".join(str(n) for n in game.shape)
    kind = "exact payoffs" if game.is_exact else "float payoffs"
    lines = [game.title] if game.title else []
    lines.append(f"{game.num_players} player{'s' if game.num_players != 1 else ''}, {shape}, {kind}")
    if game.num_cells > max_cells:
        lines.append(f"(table not shown: {game.num_cells} cells is more than {max_cells})")
        return "\n".join(lines)
    marks = best_response_marks(game)
    if game.num_players == 1:
        u = _payoff_table(game)
        rows = [[a, format_value(u[0, k]) + (_MARK if marks[0, k] else " ")] for k, a in enumerate(game.actions[0])]
        lines += ["", *_grid([game.players[0], "payoff "], rows, 3)]
    else:
        others = range(2, game.num_players)
        for rest in itertools.product(*(range(game.shape[j]) for j in others)):
            lines.append("")
            if rest:
                lines.append("when " + ", ".join(f"{game.players[j]} plays {game.actions[j][k]}"
                                                 for j, k in zip(others, rest)) + ":")
            lines += _two_player_block(game, marks, rest)
    lines += ["", f"{_MARK} marks a best response to the other players' actions"]
    return "\n".join(lines)


def format_strategy(game: NormalFormGame | None, player: int, strategy: Sequence[Any]) -> str:
    """One player's strategy: the action when pure, else ``action prob`` for each played action.

    >>> format_strategy(None, 0, (Fraction(1, 3), Fraction(0), Fraction(2, 3)))
    '1=1/3, 3=2/3'
    """
    labels = game.actions[player] if game is not None else [str(k + 1) for k in range(len(strategy))]
    played = [(labels[k], p) for k, p in enumerate(strategy) if (p > 0 if isinstance(p, Fraction) else p > 1e-12)]
    if len(played) == 1 and (played[0][1] == 1 if isinstance(played[0][1], Fraction) else played[0][1] > 1 - 1e-12):
        return played[0][0]
    return ", ".join(f"{a}={format_probability(p)}" for a, p in played)


def _regret_text(eq: Equilibrium) -> str:
    if eq.exact_regret is not None:
        return "0 (verified exactly)" if eq.exact_regret == 0 else format_value(eq.exact_regret)
    return "0" if eq.regret == 0 else f"{eq.regret:.2g}"


def format_equilibrium(eq: Any, game: Any, number: int) -> list[str]:
    """Lines describing one equilibrium: each player's strategy, the payoffs, the regret."""
    if not isinstance(eq, Equilibrium):
        return [f"{number:>3}. " + _inline(eq)]
    nfg = game if isinstance(game, NormalFormGame) else None
    players = nfg.players if nfg is not None else tuple(str(i + 1) for i in range(len(eq.strategies)))
    strategies = eq.exact_strategies if eq.exact_strategies is not None else eq.strategies
    payoffs = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
    kind = "pure" if eq.is_pure else "mixed"
    lines = [f"{number:>3}. ({kind}) " + "; ".join(
        f"{p}: {format_strategy(nfg, i, s)}" for i, (p, s) in enumerate(zip(players, strategies)))]
    lines.append("     payoffs: " + ", ".join(f"{p} {format_value(u)}" for p, u in zip(players, payoffs))
                 + f"; regret {_regret_text(eq)}")
    return lines


def _inline(value: Any) -> str:
    if isinstance(value, NormalFormGame):
        return "game " + " x ".join(str(n) for n in value.shape) + " with actions " + "; ".join(
            f"{p} {{{', '.join(a)}}}" for p, a in zip(value.players, value.actions))
    if isinstance(value, np.ndarray):
        if value.size > 12:
            return f"<array of shape {value.shape}>"
        return _inline(value.tolist())
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(v, (tuple, list)) and len(v) == 2 and isinstance(v[0], str) for v in value):
            return ", ".join(f"{k}={_inline(v)}" for k, v in value)
        return "(" + ", ".join(_inline(v) for v in value) + ")"
    if value is None:
        return "-"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "{" + ", ".join(f"{f.name}={_inline(getattr(value, f.name))}" for f in dataclasses.fields(value)) + "}"
    return format_value(value)


def format_details(details: Any, indent: int = 2) -> list[str]:
    """Method-specific findings, generically: one ``name: value`` line per field, nested indented."""
    pad = " " * indent
    if dataclasses.is_dataclass(details) and not isinstance(details, type):
        items = [(f.name, getattr(details, f.name)) for f in dataclasses.fields(details)]
    elif isinstance(details, dict):
        items = list(details.items())
    else:
        return [pad + _inline(details)]
    lines = []
    for name, value in items:
        label = str(name).replace("_", " ")
        if isinstance(value, NormalFormGame):
            lines.append(f"{pad}{label}: {_inline(value)}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            lines.append(f"{pad}{label}:")
            lines += format_details(value, indent + 2)
        elif (isinstance(value, (tuple, list)) and value
              and all(dataclasses.is_dataclass(v) and isinstance(getattr(v, "text", None), str) for v in value)):
            lines.append(f"{pad}{label}:")  # steps that explain themselves: show their sentences
            lines += [f"{pad}{k:>3}. {v.text}" for k, v in enumerate(value, 1)]
        elif (isinstance(value, (tuple, list)) and value
              and all(dataclasses.is_dataclass(v) and not isinstance(v, type) for v in value)):
            lines.append(f"{pad}{label}:")
            for k, v in enumerate(value, 1):
                sub = format_details(v, indent + 5)
                lines.append(f"{pad}{k:>3}. " + sub[0].strip())
                lines += sub[1:]
        else:
            lines.append(f"{pad}{label}: {_inline(value)}")
    return lines


def _method_line(result: Any) -> str:
    facts = ["exact arithmetic" if result.exact else f"floating point, tolerance {result.tolerance:.2g}"]
    facts.append("complete list" if result.complete else "not necessarily all equilibria")
    if result.degenerate is not None:
        facts.append("degenerate game" if result.degenerate else "nondegenerate game")
    params = ", ".join(f"{k}={_inline(v)}" for k, v in result.parameters)
    return f"Method: {result.method} ({'; '.join(facts)})" + (f" [{params}]" if params else "")


def format_result(result: Any, *, source: str | None = None, show_game: bool = True,
                  dominance: DominanceView | None = None) -> str:
    """A full report: the game table, then the method, the equilibria, notes and details.

    ``dominance``: the elimination steps of a dominance run with their payoff comparisons
    (:class:`~berlinsim.model.derivation_result.DominanceView`), written in the players' and actions'
    names instead of the generic dump of ``result.details``.
    """
    lines: list[str] = []
    if source:
        lines.append(f"File: {source}")
    game = result.game
    tree = hasattr(game, "player_infosets")
    if show_game and isinstance(game, NormalFormGame):
        lines += [format_game(game), ""]
    elif show_game and tree:
        first = result.equilibria[0] if result.equilibria else None
        lines += [tree_text.format_tree(game, first if hasattr(first, "behavior") else None), ""]
        if len(result.equilibria) > 1:
            lines[-1:] = ["(the tree shows equilibrium 1)", ""]
    lines.append(_method_line(result))
    count = len(result.equilibria)
    correlated = is_correlated(result)
    if correlated:
        lines += ["", *to_text(correlated_blocks(result)).splitlines(), ""]
    else:
        lines.append(f"Equilibria: {count}" if count else "Equilibria: none listed")
    for k, eq in enumerate(() if correlated else result.equilibria, 1):
        if tree and hasattr(eq, "behavior"):
            lines += tree_text.format_behavior_equilibrium(eq, game, k)
        else:
            lines += format_equilibrium(eq, game, k)
    extra = components_blocks(result) + enumpoly_blocks(result)
    if extra:
        lines += ["", *to_text(extra).splitlines(), ""]
    notes = [str(n) for n in result.notes]
    said = " ".join(notes).lower()
    if result.degenerate and "degenerate" not in said:
        notes.append("the game is degenerate: equilibria can form connected sets; their extreme points are listed")
    if not result.complete and count and not any(w in said for w in ("incomplete", "not necessarily", "may")):
        notes.append("this method finds some equilibria, not necessarily all")
    lines += [f"Note: {n}" for n in notes]
    if dominance is not None:
        blocks = dominance_blocks(dominance, game.players, weak=bool(getattr(result.details, "weak", False)),
                                  max_rows=DOMINANCE_ROWS,
                                  survivors="Several actions survive: the equilibria are among them (solve the "
                                  "reduced game with another method).")
        lines.append("Details:")
        lines += ["  " + line if line else "" for line in to_text(blocks).splitlines()]
    elif result.details is not None and not correlated and not is_enumpoly(result):
        lines.append("Details:")
        lines += format_details(result.details)
    return "\n".join(lines)
