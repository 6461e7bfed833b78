"""The grammar of Gambit's ``.nfg`` files: prologue, payoff body, outcome body.

:func:`parse_sections` turns the tokens of a file into plain pieces (labels, the
payoff of every cell in file order, outcomes); :mod:`berlinsim.io.nfg` builds the
game from them. Every error names the place in the file, what was expected and what
was found.

Examples
--------
>>> s = parse_sections(Source('NFG 1 R "t" { "A" "B" } { 2 1 } 1 2 3 4', "x.nfg"))
>>> s.strategies, s.version, [[str(v) for v in cell] for cell in s.cells]
((('1', '2'), ('1',)), 'payoff', [['1', '2'], ['3', '4']])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import prod

from berlinsim.errors import LocatedError
from berlinsim.io._gambit_text import Source, Token, tokenize_source


#: Most strategies a player may have in the counts form ``{ 3 2 }`` (a guard against typos).
MAX_STRATEGIES = 1_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Sections:
    """The pieces of an ``.nfg`` file, labels as written (not yet made unique)."""

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    comment: str
    version: str
    cells: tuple[tuple[Fraction, ...], ...]
    outcome_labels: tuple[str, ...] = ()
    outcome_index: tuple[int, ...] = ()


class _Parser:
    """A cursor over the tokens of one file; every error names the place and what was expected."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.tokens = tokenize_source(source)
        self.pos = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token

    def fail(self, token: Token, key: str, expected: str) -> LocatedError:
        return self.source.error(token.offset, key, f"expected {expected}, found {token.describe()}")

    def expect(self, kind: str, key: str, expected: str) -> Token:
        if self.current.kind != kind:
            raise self.fail(self.current, key, expected)
        return self.advance()

    def expect_count(self, key: str, expected: str) -> tuple[int, Token]:
        """A whole number written as digits (a strategy count or an outcome number)."""
        token = self.current
        if token.kind != "number" or not token.text.lstrip("+").isdigit():
            raise self.fail(token, key, expected)
        self.advance()
        return int(token.text), token


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
    players = []
    while p.current.kind == "text":
        players.append(p.advance().text)
    if p.current.kind != "}":
        raise p.fail(p.current, "players", "a player label in double quotes or '}'")
    if not players:
        raise p.fail(p.current, "players", "at least one player label")
    p.advance()
    return title, tuple(players)


def _strategies(p: _Parser, players: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    opening = p.current
    if opening.kind != "{":
        raise p.fail(opening, "strategies", f"'{{' opening the strategies of the {len(players)} players")
    p.advance()
    out: list[tuple[str, ...]] = []
    if p.current.kind == "{":
        while p.current.kind == "{":
            if len(out) == len(players):
                raise p.fail(p.current, "strategies", f"'}}' after {len(players)} strategy lists (one per player)")
            start = p.advance()
            labels = []
            while p.current.kind == "text":
                labels.append(p.advance().text)
            if p.current.kind != "}":
                raise p.fail(p.current, f"strategies.{players[len(out)]}", "a strategy label in double quotes or '}'")
            if not labels:
                raise p.source.error(
                    start.offset, f"strategies.{players[len(out)]}",
                    f"expected at least one strategy for player {players[len(out)]!r}, found an empty list",
                )
            p.advance()
            out.append(tuple(labels))
    else:
        while p.current.kind == "number" and len(out) < len(players):
            count, token = p.expect_count("strategies", "a number of strategies")
            if not 1 <= count <= MAX_STRATEGIES:
                raise p.fail(token, f"strategies.{players[len(out)]}",
                             f"a positive number of strategies (at most {MAX_STRATEGIES:,})")
            out.append(tuple(str(k + 1) for k in range(count)))
    if len(out) < len(players):
        what = "strategy list" if not out or p.current.kind != "number" else "number of strategies"
        raise p.fail(
            p.current, "strategies",
            f"a {what} for each of the {len(players)} players (missing strategies: got {len(out)})",
        )
    p.expect("}", "strategies", f"'}}' closing the strategies of the {len(players)} players")
    return tuple(out)


def _payoff_body(p: _Parser, num_players: int, num_cells: int) -> list[Fraction]:
    needed = num_players * num_cells
    values: list[Fraction] = []
    tokens, pos = p.tokens, p.pos
    while len(values) < needed and tokens[pos].kind == "number":
        values.append(tokens[pos].value)
        pos += 1
    p.pos = pos
    if len(values) < needed:
        raise p.fail(
            p.current, "payoffs",
            f"a number (payoff {len(values) + 1} of {needed}: {num_cells} cells x {num_players} players)",
        )
    if p.current.kind == "number":
        more = sum(1 for t in tokens[pos:] if t.kind == "number")
        raise p.source.error(
            p.current.offset, "payoffs",
            f"expected {needed} payoffs ({num_cells} cells x {num_players} players), found {needed + more}",
        )
    return values


def _outcome(p: _Parser, number: int, num_players: int) -> tuple[str, list[Fraction]]:
    """One ``{ "label" u1, u2, ... }`` entry of the outcome list (the '{' already read)."""
    key = f"outcomes[{number}]"
    label = p.expect("text", key, f"the label of outcome {number} in double quotes").text
    row: list[Token] = []
    while p.current.kind == "number":
        row.append(p.advance())
        if p.current.kind == ",":
            p.advance()
    if len(row) > num_players:
        raise p.source.error(
            row[num_players].offset, key,
            f"expected {num_players} payoffs in outcome {number} (one per player), found {len(row)}",
        )
    if len(row) < num_players:
        raise p.fail(
            p.current, key,
            f"payoff {len(row) + 1} of outcome {number} ({num_players} payoffs, one per player)",
        )
    p.expect("}", key, f"'}}' closing outcome {number}")
    return label, [t.value for t in row]


def _outcome_body(
    p: _Parser, num_players: int, num_cells: int
) -> tuple[list[str], list[list[Fraction]], list[int]]:
    p.expect("{", "outcomes", "'{' opening the list of outcomes")
    labels: list[str] = []
    payoffs: list[list[Fraction]] = []
    while p.current.kind == "{":
        p.advance()
        label, row = _outcome(p, len(labels) + 1, num_players)
        labels.append(label)
        payoffs.append(row)
    p.expect("}", "outcomes", "'{' opening another outcome or '}' closing the list of outcomes")
    index: list[int] = []
    while len(index) < num_cells and p.current.kind == "number":
        k, token = p.expect_count("outcomes", f"an outcome number (a whole number) for cell {len(index) + 1}")
        if k > len(labels):
            raise p.source.error(
                token.offset, "outcomes",
                f"outcome number {k} is out of range: expected 1..{len(labels)} "
                f"(the outcomes defined above) or 0 for none",
            )
        index.append(k)
    if len(index) < num_cells:
        raise p.fail(
            p.current, "outcomes",
            f"an outcome number for cell {len(index) + 1} of {num_cells} (one number per cell)",
        )
    if p.current.kind == "number":
        more = sum(1 for t in p.tokens[p.pos:] if t.kind == "number")
        raise p.source.error(
            p.current.offset, "outcomes",
            f"expected {num_cells} outcome numbers (one per cell), found {num_cells + more}",
        )
    return labels, payoffs, index


def parse_sections(source: Source) -> Sections:
    """Parse a whole ``.nfg`` text; raises :class:`~berlinsim.errors.LocatedError` on the first problem."""
    p = _Parser(source)
    title, players = _header(p)
    strategies = _strategies(p, players)
    comment = p.advance().text if p.current.kind == "text" else ""
    n = len(players)
    cells = prod(len(s) for s in strategies)
    body = p.current
    labels: list[str] = []
    index: list[int] = []
    if body.kind == "number":
        version = "payoff"
        flat = _payoff_body(p, n, cells)
        rows = [tuple(flat[c * n : (c + 1) * n]) for c in range(cells)]
    elif body.kind == "{":
        version = "outcome"
        labels, outcome_payoffs, index = _outcome_body(p, n, cells)
        table = [(Fraction(0),) * n] + [tuple(r) for r in outcome_payoffs]
        rows = [table[k] for k in index]
    else:
        raise p.fail(body, "payoffs", "the payoffs (numbers) or the list of outcomes ('{')")
    if p.current.kind != "eof":
        raise p.fail(p.current, "", "end of file")
    return Sections(
        title=title,
        players=players,
        strategies=strategies,
        comment=comment,
        version=version,
        cells=tuple(rows),
        outcome_labels=tuple(labels),
        outcome_index=tuple(index),
    )
