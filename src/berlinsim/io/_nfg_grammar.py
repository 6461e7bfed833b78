"""The grammar of Gambit's ``.nfg`` files: prologue, payoff body, outcome body.

:func:`parse_sections` turns the text of a file into plain pieces (labels, every
payoff in file order, outcomes); :mod:`berlinsim.io.nfg` builds the game from them.
Every error names the place in the file, what was expected and what was found. The
sizes in the prologue (players, strategies, cells) are checked against
:class:`~berlinsim.limits.Limits` as soon as they are read, before the body.

Examples
--------
>>> s = parse_sections(Source('NFG 1 R "t" { "A" "B" } { 2 1 } 1 2 3 4', "x.nfg"))
>>> s.strategies, s.version, [str(v) for v in s.exact]
((('1', '2'), ('1',)), 'payoff', ['1', '2', '3', '4'])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import prod

from berlinsim.errors import LocatedError
from berlinsim.io._gambit_text import Lexer, Source, Token
from berlinsim.limits import DEFAULT, Limits

#: Outcomes an outcome-version file may define beyond one per cell (unused ones are harmless).
SPARE_OUTCOMES = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class Sections:
    """The pieces of an ``.nfg`` file, labels as written (not yet made unique).

    ``exact`` and ``floats`` hold every payoff, cell after cell in file order (first
    player's strategy fastest), each cell's payoffs player after player.
    """

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    comment: str
    version: str
    exact: tuple[Fraction, ...]
    floats: tuple[float, ...]
    outcome_labels: tuple[str, ...] = ()
    outcome_index: tuple[int, ...] = ()


class _Parser:
    """A cursor over the tokens of one file; every error names the place and what was expected."""

    def __init__(self, source: Source, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.lexer = Lexer(source, limits)

    @property
    def current(self) -> Token:
        return self.lexer.current

    def advance(self) -> Token:
        return self.lexer.advance()

    def fail(self, token: Token, key: str, expected: str) -> LocatedError:
        return self.source.error(token.offset, key, f"expected {expected}, found {token.describe()}")

    def expect(self, kind: str, key: str, expected: str) -> Token:
        if self.current.kind != kind:
            raise self.fail(self.current, key, expected)
        return self.advance()

    def expect_count(self, key: str, expected: str) -> tuple[int, Token]:
        """A whole number written as digits (a strategy count or an outcome number)."""
        token = self.current
        if token.kind != "number" or not _is_count(token.text):
            raise self.fail(token, key, expected)
        self.advance()
        return int(token.value), token


def _is_count(word: str) -> bool:
    return word.lstrip("+").isdigit() and word.isascii()


def _header(p: _Parser) -> tuple[str, tuple[str, ...]]:
    first = p.current
    if first.kind != "symbol" or first.text != "NFG":
        hint = " (this looks like an extensive-form .efg file)" if first.text == "EFG" else ""
        raise p.source.error(
            first.offset, "", f"not an NFG file: expected 'NFG' at the start, found {first.describe()}{hint}"
        )
    p.advance()
    version = p.current
    if version.kind != "number" or version.text != "1":
        raise p.fail(version, "header", "format version 1 after 'NFG'")
    p.advance()
    kind = p.current
    if kind.kind != "symbol" or kind.text not in ("R", "D"):
        raise p.fail(kind, "header", "'R' or 'D' after 'NFG 1'")
    p.advance()
    title = p.expect("text", "title", 'the game title in double quotes').text
    p.expect("{", "players", "'{' opening the list of players")
    players: list[str] = []
    while p.current.kind == "text":
        if len(players) == p.limits.max_players:
            raise p.fail(p.current, "players", f"'}}' after {p.limits.at_most('max_players', 'players')}")
        players.append(p.advance().text)
    if p.current.kind != "}":
        raise p.fail(p.current, "players", "a player label in double quotes or '}'")
    if not players:
        raise p.fail(p.current, "players", "at least one player label")
    p.advance()
    return title, tuple(players)


def _check_cells(p: _Parser, token: Token, key: str, sizes: list[int], num_players: int) -> None:
    """Refuse at ``token`` once the strategies read so far already make too many cells."""
    cells = 1
    for n in sizes:
        cells *= n
    if cells > p.limits.max_cells:
        whose = "the table would have" if len(sizes) == num_players else \
            f"the strategies of the first {len(sizes)} players already make"
        raise p.source.error(
            token.offset, key, f"{whose} {cells:,} cells; expected {p.limits.at_most('max_cells', 'cells')}"
        )


def _strategy_list(p: _Parser, player: str, before: int) -> tuple[str, ...]:
    """One player's ``{ "label" ... }`` list; ``before``: the cells the earlier players' strategies make."""
    start = p.advance()
    key = f"strategies.{player}"
    most = min(p.limits.max_strategies, p.limits.max_cells // before)
    labels = p.lexer.labels(most)
    if p.current.kind == "text":
        if most == p.limits.max_strategies:
            raise p.fail(p.current, key, f"'}}' after {p.limits.at_most('max_strategies', 'strategies')}")
        raise p.source.error(p.current.offset, key, f"the table would have more than {before * most:,} cells; "
                             f"expected {p.limits.at_most('max_cells', 'cells')}")
    if p.current.kind != "}":
        raise p.fail(p.current, key, "a strategy label in double quotes or '}'")
    if not labels:
        raise p.source.error(
            start.offset, key, f"expected at least one strategy for player {player!r}, found an empty list"
        )
    p.advance()
    return tuple(labels)


def _strategies(p: _Parser, players: tuple[str, ...]) -> list[tuple[str, ...] | int]:
    """Each player's strategy labels, or their number in the counts form ``{ 3 2 }``."""
    opening = p.current
    if opening.kind != "{":
        raise p.fail(opening, "strategies", f"'{{' opening the strategies of the {len(players)} players")
    p.advance()
    out: list[tuple[str, ...] | int] = []
    sizes: list[int] = []
    if p.current.kind == "{":
        while p.current.kind == "{":
            if len(out) == len(players):
                raise p.fail(p.current, "strategies", f"'}}' after {len(players)} strategy lists (one per player)")
            labels = _strategy_list(p, players[len(out)], prod(sizes))
            out.append(labels)
            sizes.append(len(labels))
    else:
        most = p.limits.max_strategies
        while p.current.kind == "number" and len(out) < len(players):
            token = p.current
            key = f"strategies.{players[len(out)]}"
            if not _is_count(token.text) or not 1 <= token.value <= most:
                raise p.fail(token, key, f"a positive number of strategies, {p.limits.at_most('max_strategies')}")
            p.advance()
            out.append(int(token.value))
            sizes.append(int(token.value))
            _check_cells(p, token, key, sizes, len(players))
    if len(out) < len(players):
        what = "strategy list" if not out or p.current.kind != "number" else "number of strategies"
        raise p.fail(
            p.current, "strategies",
            f"a {what} for each of the {len(players)} players (missing strategies: got {len(out)})",
        )
    p.expect("}", "strategies", f"'}}' closing the strategies of the {len(players)} players")
    return out


def _too_many(p: _Parser, key: str, expected: int, what: str) -> LocatedError:
    """The error for numbers left over after the ``expected`` ones (counted, not kept)."""
    token = p.current
    more = p.lexer.numbers(p.limits.max_file_bytes, keep=False)[2]
    return p.source.error(token.offset, key, f"expected {expected} {what}, found {expected + more}")


def _payoff_body(p: _Parser, num_players: int, num_cells: int) -> tuple[list[Fraction], list[float]]:
    needed = num_players * num_cells
    exact, floats, read = p.lexer.numbers(needed)
    if read < needed:
        raise p.fail(
            p.current, "payoffs",
            f"a number (payoff {read + 1} of {needed}: {num_cells} cells x {num_players} players)",
        )
    if p.current.kind == "number":
        raise _too_many(p, "payoffs", needed, f"payoffs ({num_cells} cells x {num_players} players)")
    return exact, floats


def _outcome(p: _Parser, number: int, num_players: int) -> tuple[str, list[Token]]:
    """One ``{ "label" u1, u2, ... }`` entry of the outcome list (the '{' already read)."""
    key = f"outcomes[{number}]"
    label = p.expect("text", key, f"the label of outcome {number} in double quotes").text
    row: list[Token] = []
    while p.current.kind == "number":
        if len(row) == num_players:
            raise p.source.error(
                p.current.offset, key,
                f"expected {num_players} payoffs in outcome {number} (one per player), found {len(row) + 1}",
            )
        row.append(p.advance())
        if p.current.kind == ",":
            p.advance()
    if len(row) < num_players:
        raise p.fail(
            p.current, key,
            f"payoff {len(row) + 1} of outcome {number} ({num_players} payoffs, one per player)",
        )
    p.expect("}", key, f"'}}' closing outcome {number}")
    return label, row


def _outcome_body(
    p: _Parser, num_players: int, num_cells: int
) -> tuple[list[str], list[list[Token]], list[int]]:
    p.expect("{", "outcomes", "'{' opening the list of outcomes")
    labels: list[str] = []
    rows: list[list[Token]] = []
    most = num_cells + SPARE_OUTCOMES
    while p.current.kind == "{":
        if len(labels) == most:
            raise p.fail(p.current, "outcomes", f"'}}' after at most {most:,} outcomes "
                                                f"(one per cell and {SPARE_OUTCOMES:,} more)")
        p.advance()
        label, row = _outcome(p, len(labels) + 1, num_players)
        labels.append(label)
        rows.append(row)
    p.expect("}", "outcomes", "'{' opening another outcome or '}' closing the list of outcomes")

    def valid(word: str, value: Fraction) -> bool:
        return _is_count(word) and value <= len(labels)

    def complaint(word: str, position: int) -> str:
        if not _is_count(word):
            return f"expected an outcome number (a whole number) for cell {position + 1}, found number {word}"
        return (f"outcome number {word} is out of range: expected 1..{len(labels)} "
                f"(the outcomes defined above) or 0 for none")

    values, _, read = p.lexer.numbers(num_cells, valid=valid, complaint=complaint, key="outcomes")
    if read < num_cells:
        raise p.fail(
            p.current, "outcomes",
            f"an outcome number for cell {read + 1} of {num_cells} (one number per cell)",
        )
    if p.current.kind == "number":
        raise _too_many(p, "outcomes", num_cells, "outcome numbers (one per cell)")
    return labels, rows, [int(v) for v in values]


def parse_sections(source: Source, limits: Limits = DEFAULT) -> Sections:
    """Parse a whole ``.nfg`` text; raises :class:`~berlinsim.errors.LocatedError` on the first problem."""
    p = _Parser(source, limits)
    title, players = _header(p)
    given = _strategies(p, players)
    comment = p.advance().text if p.current.kind == "text" else ""
    n = len(players)
    cells = 1
    for s in given:
        cells *= s if isinstance(s, int) else len(s)
    body = p.current
    labels: list[str] = []
    index: list[int] = []
    if body.kind == "number":
        version = "payoff"
        exact, floats = _payoff_body(p, n, cells)
    elif body.kind == "{":
        version = "outcome"
        labels, rows, index = _outcome_body(p, n, cells)
        table = [([Fraction(0)] * n, [0.0] * n)]
        table += [([t.value for t in row], [p.lexer.number(t.text, t.offset)[1] for t in row]) for row in rows]
        exact = [v for k in index for v in table[k][0]]
        floats = [v for k in index for v in table[k][1]]
    else:
        raise p.fail(body, "payoffs", "the payoffs (numbers) or the list of outcomes ('{')")
    if p.current.kind != "eof":
        raise p.fail(p.current, "", "end of file")
    strategies = tuple(tuple(map(str, range(1, s + 1))) if isinstance(s, int) else s for s in given)
    return Sections(
        title=title,
        players=players,
        strategies=strategies,
        comment=comment,
        version=version,
        exact=tuple(exact),
        floats=tuple(floats),
        outcome_labels=tuple(labels),
        outcome_index=tuple(index),
    )
