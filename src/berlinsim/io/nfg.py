"""Gambit strategic-game files (``.nfg``): read both versions, write files pygambit reads.

An ``.nfg`` file starts with a prologue::

    NFG 1 R "title" { "Player 1" "Player 2" } { { "C" "D" } { "C" "D" } } "optional comment"

(the strategy lists may instead be counts, ``{ 2 2 }``), followed by a body in one of
two versions:

- *payoff version*: every player's payoff in every cell, cell after cell;
- *outcome version*: a list of outcomes ``{ "label" 3, 3 }`` and then one outcome
  number per cell (``0`` is the null outcome, payoff 0 to everyone).

Cells are listed with the **first** player's strategy changing fastest. Numbers
(integers, decimals, ``p/q``, exponents) are read as exact fractions, so a game read
from a file is always exact. Player, strategy and outcome labels that are empty or
repeated are renamed ``_1``, ``_2``, ... as Gambit does, so labels match pygambit's.

Examples
--------
>>> text = '''NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
... { { "C" "D" } { "C" "D" } }
... 3 3  5 0  0 5  1 1'''
>>> game = parse_nfg(text)
>>> game.actions, game.payoff_of(("D", "C"))
((('C', 'D'), ('C', 'D')), (Fraction(5, 1), Fraction(0, 1)))
>>> print(write_nfg(game))
NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
<BLANKLINE>
{ { "C" "D" }
{ "C" "D" }
}
""
<BLANKLINE>
3 3
5 0
0 5
1 1
<BLANKLINE>
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import Literal

import numpy as np

from berlinsim.errors import GameError, LocatedError
from berlinsim.io._gambit_text import Source, normalize_labels, quote_label, read_text
from berlinsim.io._nfg_grammar import parse_sections
from berlinsim.limits import DEFAULT, Limits
from berlinsim.model.normal_form import NormalFormGame


@dataclass(frozen=True, slots=True, kw_only=True)
class NfgDocument:
    """Everything an ``.nfg`` file says: the game, and its outcomes when it has them.

    Attributes
    ----------
    game : NormalFormGame
        The game (exact payoffs).
    version : {"payoff", "outcome"}
        Which body the file used.
    outcome_labels : tuple of str
        Labels of outcomes ``1..K`` (outcome version only; empty otherwise).
    outcome_index : tuple of int
        For each cell, in file order (first player fastest), its outcome number
        (``0``: null outcome). Empty for the payoff version.
    """

    game: NormalFormGame
    version: Literal["payoff", "outcome"] = "payoff"
    outcome_labels: tuple[str, ...] = ()
    outcome_index: tuple[int, ...] = ()


def parse_nfg_document(text: str, source: str = "<string>", *, limits: Limits | None = None) -> NfgDocument:
    """Parse the text of an ``.nfg`` file (either version) into an :class:`NfgDocument`.

    ``source`` names the file in error messages. Raises
    :class:`~berlinsim.errors.LocatedError` (``source:line:column: ...``) for malformed input
    and for input beyond ``limits`` (default :data:`berlinsim.limits.DEFAULT`): numbers
    too long or too large, too many players, strategies or cells. Sizes are checked as
    soon as the prologue gives them, before the body is read.

    >>> doc = parse_nfg_document('NFG 1 R "" { "A" "B" } { 1 2 } { { "x" 1, 2 } { "y" 0, 0 } } 1 2')
    >>> doc.version, doc.outcome_labels, doc.game.payoff_of((0, 1))
    ('outcome', ('x', 'y'), (Fraction(0, 1), Fraction(0, 1)))
    >>> parse_nfg('NFG 1 R "" { "A" "B" } { 2000 2000 } 1 2', "big.nfg")
    Traceback (most recent call last):
    ...
    berlinsim.errors.LocatedError: big.nfg:1:31: strategies.B: the table would have 4,000,000 cells; expected at most 1,000,000 cells (limit max_cells, see docs/limits.md)
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    sections = parse_sections(Source(text, source), limits or DEFAULT)
    shape = tuple(len(s) for s in sections.strategies)
    n = len(sections.players)
    exact = np.fromiter(sections.exact, dtype=object, count=len(sections.exact))
    floats = np.array(sections.floats, dtype=np.float64)
    try:
        game = NormalFormGame(
            payoffs=_by_player(floats, n, shape),
            exact_payoffs=_by_player(exact, n, shape),
            players=normalize_labels(sections.players),
            actions=tuple(normalize_labels(s) for s in sections.strategies),
            title=sections.title,
            comment=sections.comment,
        )
    except GameError as exc:
        raise LocatedError(source, "", str(exc)) from None
    return NfgDocument(
        game=game,
        version=sections.version,
        outcome_labels=normalize_labels(sections.outcome_labels),
        outcome_index=sections.outcome_index,
    )


def _by_player(flat: np.ndarray, num_players: int, shape: tuple[int, ...]) -> np.ndarray:
    """Payoffs in file order (cell after cell, first player fastest) as one tensor per player."""
    cells = flat.reshape(-1, num_players)
    return np.stack([cells[:, i].reshape(shape, order="F") for i in range(num_players)])


def parse_nfg(text: str, source: str = "<string>", *, limits: Limits | None = None) -> NormalFormGame:
    """The game in the text of an ``.nfg`` file; ``source`` names it in error messages."""
    return parse_nfg_document(text, source, limits=limits).game


def read_nfg_document(path: str | PathLike[str], *, limits: Limits | None = None) -> NfgDocument:
    """Read an ``.nfg`` file into an :class:`NfgDocument` (game plus outcomes)."""
    return parse_nfg_document(read_text(path, limits or DEFAULT), str(path), limits=limits)


def read_nfg(path: str | PathLike[str], *, limits: Limits | None = None) -> NormalFormGame:
    """Read the game in an ``.nfg`` file (payoff or outcome version).

    Raises :class:`~berlinsim.errors.LocatedError` naming the file (and the line and
    column for malformed content) when it cannot be read or parsed, or when it is beyond
    ``limits`` (see :func:`parse_nfg_document`).
    """
    return read_nfg_document(path, limits=limits).game


# ----------------------------------------------------------------------------- writing
def _number(value: Fraction | float) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _quote(label: str, what: str) -> str:
    try:
        return quote_label(label)
    except ValueError as exc:
        raise GameError(f"{what}: {exc}") from None


def _prologue(game: NormalFormGame) -> list[str]:
    players = " ".join(_quote(p, "player label") for p in game.players)
    lines = [f"NFG 1 R {_quote(game.title, 'title')} {{ {players} }}", ""]
    lists = [" ".join(_quote(a, "action label") for a in acts) for acts in game.actions]
    lines.append("{ " + "\n".join(f"{{ {s} }}" for s in lists))
    lines.append("}")
    lines.append(_quote(game.comment, "comment"))
    lines.append("")
    return lines


def _cells(game: NormalFormGame) -> list[tuple[str, ...]]:
    """Each cell's payoffs as text, in file order (first player's action changing fastest)."""
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    columns = [source[i].reshape(-1, order="F") for i in range(game.num_players)]
    return [tuple(_number(col[c]) for col in columns) for c in range(game.num_cells)]


def write_nfg(game: NormalFormGame, *, version: Literal["payoff", "outcome"] = "payoff") -> str:
    """The game as the text of an ``.nfg`` file that Gambit and pygambit read unchanged.

    Exact payoffs are written as integers or ``p/q``; float payoffs with the shortest
    decimal that reads back as the same float. ``version="outcome"`` writes one
    outcome per distinct payoff vector instead of a payoff per player and cell.

    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]], title="Matching pennies")
    >>> print(write_nfg(mp, version="outcome"))
    NFG 1 R "Matching pennies" { "1" "2" }
    <BLANKLINE>
    { { "1" "2" }
    { "1" "2" }
    }
    ""
    <BLANKLINE>
    {
    { "" 1, -1 }
    { "" -1, 1 }
    }
    1 2 2 1
    <BLANKLINE>
    """
    if version not in ("payoff", "outcome"):
        raise GameError(f"an .nfg file is written in the 'payoff' or 'outcome' version, not {version!r}")
    lines = _prologue(game)
    cells = _cells(game)
    if version == "payoff":
        lines.extend(" ".join(cell) for cell in cells)
        return "\n".join(lines) + "\n"
    distinct: dict[tuple[str, ...], int] = {}
    index = [distinct.setdefault(cell, len(distinct) + 1) for cell in cells]
    return _outcome_text(lines, [("", cell) for cell in distinct], index)


def _outcome_text(lines: list[str], outcomes: list[tuple[str, tuple[str, ...]]], index: list[int]) -> str:
    lines.append("{")
    lines.extend(f"{{ {_quote(label, 'outcome label')} {', '.join(pay)} }}" for label, pay in outcomes)
    lines.append("}")
    lines.append(" ".join(str(k) for k in index))
    return "\n".join(lines) + "\n"


def write_nfg_document(doc: NfgDocument) -> str:
    """An :class:`NfgDocument` as ``.nfg`` text, keeping its version, outcome labels and numbering.

    >>> doc = parse_nfg_document('NFG 1 R "" { "A" } { 2 } { { "win" 1 } } 1 0')
    >>> print(write_nfg_document(doc))
    NFG 1 R "" { "A" }
    <BLANKLINE>
    { { "1" "2" }
    }
    ""
    <BLANKLINE>
    {
    { "win" 1 }
    }
    1 0
    <BLANKLINE>
    """
    if doc.version == "payoff":
        return write_nfg(doc.game)
    game = doc.game
    if len(doc.outcome_index) != game.num_cells:
        raise GameError(f"{len(doc.outcome_index)} outcome numbers for {game.num_cells} cells")
    cells = _cells(game)
    payoffs: dict[int, tuple[str, ...]] = {}
    for cell, k in zip(cells, doc.outcome_index):
        want = ("0",) * game.num_players if k == 0 else payoffs.setdefault(k, cell)
        if cell != want:
            raise GameError(f"outcome {k} has different payoffs in different cells")
    zero = tuple("0" for _ in game.players)
    outcomes = [(label, payoffs.get(k + 1, zero)) for k, label in enumerate(doc.outcome_labels)]
    return _outcome_text(_prologue(game), outcomes, list(doc.outcome_index))


def save_nfg(
    game: NormalFormGame, path: str | PathLike[str], *, version: Literal["payoff", "outcome"] = "payoff"
) -> None:
    """Write ``game`` to the file ``path`` in ``.nfg`` format (see :func:`write_nfg`)."""
    text = write_nfg(game, version=version)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise LocatedError(str(path), "", f"cannot write the file: {exc.strerror or type(exc).__name__}") from None
